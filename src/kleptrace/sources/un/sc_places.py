"""UN Security Council: addresses and places of birth.

Both are printed as STREET, CITY, STATE_PROVINCE, (ZIP_CODE,) COUNTRY and NOTE fields;
the parts become one comma-joined place, and each NOTE a note that names its place.
"""

from __future__ import annotations

from kleptrace.sources.un.sc_fields import Element, Fields, Target, fields

_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_BIRTH_PLACE_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")


def _joined(f: Fields, tags: tuple[str, ...]) -> str | None:
    """The distinct values of `tags`, in that order, joined with commas."""
    parts: list[str] = []
    for tag in tags:
        for value in f.get(tag, []):
            if value not in parts:
                parts.append(value)
    return ", ".join(parts) or None


def _note_rest(
    target: Target, f: Fields, label: str, place: str | None, parts: tuple[str, ...]
) -> None:
    """Keep the place's NOTEs (prefixed with the place) and its unknown fields as notes."""
    for note in f.get("NOTE", []):
        target.emitter.note(target.entity, label, f"{place}: {note}" if place else note)
    target.note_unknown(f, label, {*parts, "NOTE"})


def add_address(target: Target, el: Element) -> None:
    """An *_ADDRESS element: the joined address, and each COUNTRY as a country."""
    emitter, entity = target.emitter, target.entity
    f = fields(el)
    full = _joined(f, _ADDRESS_PARTS)
    if full:
        emitter.add(entity, "address", full)
    for country in f.get("COUNTRY", []):
        emitter.add(entity, "country", country)
    _note_rest(target, f, "address", full, _ADDRESS_PARTS)


def add_birth_place(target: Target, el: Element) -> None:
    """A *_PLACE_OF_BIRTH element: birthPlace and birthCountry, or a note on schemata
    that have no place of birth."""
    emitter, entity = target.emitter, target.entity
    f = fields(el)
    place = _joined(f, _BIRTH_PLACE_PARTS)
    has_props = entity.schema.get("birthPlace") is not None
    if place:
        if has_props:
            emitter.add(entity, "birthPlace", place)
        else:
            emitter.note(entity, "birthPlace", place)
    for country in f.get("COUNTRY", []):
        if has_props:
            emitter.add(entity, "birthCountry", country)
    _note_rest(target, f, "birthPlace", place, _BIRTH_PLACE_PARTS)
