"""UN Security Council: dates of birth.

A *_DATE_OF_BIRTH element has a TYPE_OF_DATE (EXACT, APPROXIMATELY, BETWEEN) and a DATE,
a YEAR or FROM_YEAR/TO_YEAR, with NOTEs that may qualify it ("approximately", "Sep.").
"""

from __future__ import annotations

from kleptrace.sources.dates import parse_date
from kleptrace.sources.un.sc_fields import Element, Target, fields, first

_DATE_FIELDS = frozenset({"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"})


def add_birth_date(target: Target, el: Element) -> None:
    """Dates of birth of every TYPE_OF_DATE, keeping the printed wording.

    APPROXIMATELY and BETWEEN are written out ("approximately 1966", "between 1973
    and 1974") so the statement's original value says how exact the date is.
    """
    emitter, entity = target.emitter, target.entity
    f = fields(el)
    kind = (first(f, "TYPE_OF_DATE") or "").upper()
    date, year = first(f, "DATE"), first(f, "YEAR")
    start, end = first(f, "FROM_YEAR"), first(f, "TO_YEAR")
    notes = f.get("NOTE", [])
    approximate = kind == "APPROXIMATELY"
    if any(n.strip(" .").lower() in ("approximately", "approx", "circa") for n in notes):
        approximate = True
        notes = [n for n in notes if n.strip(" .").lower() not in ("approximately", "approx")]
    if start and end:
        wording: str | None = f"between {start} and {end}"
    else:
        wording = date or year or start or end
    target.note_unknown(f, "birthDate", _DATE_FIELDS)
    prop = "birthDate"
    if entity.schema.get(prop) is None:
        for printed in (wording, *notes):
            if printed:
                emitter.note(entity, prop, printed)
        return
    if wording is None:
        for note in notes:
            if "hijri" in note.lower():
                # A Hijri day would be misread as a Gregorian year 1402.
                emitter.note(entity, prop, note)
            else:
                target.add_date(entity, prop, f"approximately {note}" if approximate else note)
        return
    if approximate:
        wording = f"approximately {wording}"
    if year and not date and len(notes) == 1:
        # "Sep." printed next to YEAR 1958 means September 1958.
        combined = f"{notes[0]} {year}"
        parsed = parse_date(combined)
        if len(parsed.values) == 1 and len(parsed.values[0]) > 4:
            target.add_date(entity, prop, f"approximately {combined}" if approximate else combined)
            return
    target.add_date(entity, prop, wording)
    for note in notes:
        emitter.note(entity, prop, f"{wording}: {note}")
