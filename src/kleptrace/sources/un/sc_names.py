"""UN Security Council: aliases, and the script a name is written in.

Alias QUALITY: Good and a.k.a. -> alias, Low -> weakAlias, f.k.a. -> previousName.
Names printed together as "Latin (original script)" are split into their parts.
"""

from __future__ import annotations

import re
import unicodedata

from kleptrace.sources.un.sc_fields import Element, Target, fields, first

_ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
_ALIAS_FIELDS = frozenset(
    {"ALIAS_NAME", "QUALITY", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"}
)
_ALIAS_PARENS = re.compile(r"(.+?)\s*\((original script:\s*)?([^()]+)\)\s*,?")
_ARABIC_NAME = re.compile(r"In Arabic:\s*(.+)$", re.I | re.S)


def script_of(text: str) -> str | None:
    """The Unicode script a name is written in (ARABIC, CYRILLIC, ...), for notes."""
    scripts = {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}
    return scripts.pop() if len(scripts) == 1 else None


def _split_alias(name: str) -> list[str]:
    """Names printed together as "Latin (original script)" or "Arabic (Latin; Latin)".

    Parentheses in the same script are part of the name ("Lom-ali Butayev (Butaev)",
    "Al-Qaida in Yemen (AQY)") and stay whole.
    """
    m = _ALIAS_PARENS.fullmatch(name.strip())
    if m is None:
        return [name]
    outer, labelled, inner = m.groups()
    outer_script, inner_script = script_of(outer), script_of(inner)
    if labelled or (outer_script and inner_script and outer_script != inner_script):
        return [outer, *(part.strip() for part in inner.split(";") if part.strip())]
    return [name]


def add_alias(target: Target, el: Element) -> None:
    """An *_ALIAS element: the name in the property its QUALITY says, and the birth
    details and notes printed with it."""
    emitter, entity = target.emitter, target.entity
    f = fields(el)
    name = first(f, "ALIAS_NAME")
    quality = first(f, "QUALITY") or ""
    if name is None:
        # A nameless alias carries nothing to match on; keep whatever else it says.
        target.note_unknown(f, "alias", {"QUALITY"})
        return
    prop = _ALIAS_PROPS.get(quality.lower())
    if prop is None:
        prop = "alias"
        if quality:
            emitter.note(entity, "aliasQuality", f"{name}: {quality}")
    for part in _split_alias(name):
        emitter.add(entity, prop, part, original=name)
    details: list[str] = []
    for dob in f.get("DATE_OF_BIRTH", []):
        details.append(f"born {dob}")
        target.add_date(entity, "birthDate", dob)
    city = first(f, "CITY_OF_BIRTH")
    country = first(f, "COUNTRY_OF_BIRTH")
    place = ", ".join(p for p in (city, country) if p)
    if place:
        details.append(f"in {place}")
        if entity.schema.get("birthPlace"):
            emitter.add(entity, "birthPlace", place)
            emitter.add(entity, "birthCountry", country)
    if details:
        emitter.note(entity, "aliasBirth", f"{name}: {' '.join(details)}")
    for note in f.get("NOTE", []):
        emitter.note(entity, "aliasNote", f"{name}: {note}")
        if m := _ARABIC_NAME.search(note):
            emitter.add(entity, prop, m.group(1), lang="ara", original=note)
    target.note_unknown(f, "alias", _ALIAS_FIELDS)
