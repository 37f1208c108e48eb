"""What the OFAC-shaped parsers (SDN CSV set, sdnList XML, trade.gov CSL) do alike once a
target's facts are read: type it, split a person's name, designate it per program, and
turn "Linked To: NAME" into links to records of the same file.

"Linked To" names a primary name, not an id, so it resolves only when exactly one record
of the file bears that name; an unresolved name stays on the target as a note.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, slug
from kleptrace.sources.us.ofac_facts import Applied

AUTHORITY = "Office of Foreign Assets Control"
PREFIX = "ofac"
SDN_TYPES = {
    "individual": "Person",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
"""sdnType (SDN_Type, CSL type) in lower case -> FtM schema."""
SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
"""OFAC's Sanctions List Service, where every OFAC file is downloaded from."""


def split_person_name(name: str) -> tuple[str | None, str | None]:
    """'ROTENBERG, Roman Borisovich' -> ('ROTENBERG', 'Roman Borisovich')."""
    if "," not in name:
        return None, None
    last, first = (p.strip() for p in name.split(",", 1))
    return (last or None), (first or None)


class NameIndex:
    """Primary names of the file, to resolve 'Linked To: NAME' to one record."""

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = defaultdict(list)

    def add(self, name: str, key: str) -> None:
        self._names[name.strip()].append(key)

    def resolve(self, name: str) -> tuple[str | None, int]:
        """(key, candidates): the key when exactly one record has that name."""
        name = name.strip()
        for candidate in (name, name.rstrip("."), name + "."):
            keys = self._names.get(candidate)
            if keys:
                return (keys[0] if len(keys) == 1 else None), len(keys)
        return None, 0


def link_entities(
    emitter: Emitter,
    subject: StatementEntity,
    subject_key: str,
    names: list[str],
    index: NameIndex,
    prefix_of: str = PREFIX,
) -> list[StatementEntity]:
    """UnknownLink(subject, object, role='Linked To') per resolvable name; the rest noted."""
    links: dict[str, StatementEntity] = {}
    for name in names:
        key, count = index.resolve(name)
        if key is None:
            why = "ambiguous" if count > 1 else "not in this file"
            emitter.note(subject, f"Linked To ({why})", name)
            continue
        link = emitter.make("UnknownLink", subject_key, "linked", key)
        if link.id in links:
            continue
        emitter.add(link, "subject", subject.id)
        emitter.add(link, "object", f"{prefix_of}-{slug(key)}")
        emitter.add(link, "role", "Linked To")
        links[str(link.id)] = link
    return list(links.values())


def designated(
    emitter: Emitter,
    entity: StatementEntity,
    key: str,
    programs: list[str],
    applied: Applied,
    index: NameIndex,
) -> Iterator[StatementEntity]:
    """An SDN entry's entities: the target, its documents and wallets, one Sanction per
    program (one without a program when the entry names none) carrying the remarks'
    provisions, and its links."""
    yield entity
    yield from applied.extras.values()
    for program in dict.fromkeys(programs) or [None]:
        sanction = emitter.sanction(entity, program, source_ref=key, key=program)
        for provision in applied.provisions:
            emitter.add(sanction, "provisions", provision)
        yield sanction
    yield from link_entities(emitter, entity, key, applied.links, index)
