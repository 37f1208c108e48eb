"""UN Security Council: reading a record's fields, and the target entity they are
written to.

What the un_sc_* modules that read parts of a record (names, places, dates of birth,
documents, comments) share, so each part is read and noted the same way.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.sources.base import Emitter
from kleptrace.sources.dates import parse_date

Element = etree._Element
Fields = dict[str, list[str]]
"""Child texts of an element by tag, in document order."""

_XS_OFFSET = re.compile(r"(?<=\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")
_US_DATE_COMMA = re.compile(r"^([A-Za-z]+\.?\s+\d{1,2}),(\s*\d{4})$")


def local(tag: object) -> str:
    """Tag name without namespace; '' for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if tag[0] == "{" else tag


def text(el: Element | None) -> str | None:
    """The element's text with whitespace collapsed, or None when blank."""
    if el is None:
        return None
    collapsed = " ".join("".join(str(t) for t in el.itertext()).split())
    return collapsed or None


def children(el: Element) -> list[Element]:
    """Child elements, without comments and processing instructions."""
    return [c for c in el if isinstance(c.tag, str)]


def values(el: Element) -> list[str]:
    """The VALUE children of a list field (TITLE, NATIONALITY, ...), or its own text."""
    kids = children(el)
    if not kids:
        own = text(el)
        return [own] if own else []
    return [t for c in kids if (t := text(c))]


def fields(el: Element) -> Fields:
    """Child texts by tag, in document order; blank children are left out."""
    out: Fields = {}
    for child in children(el):
        value = text(child)
        if value:
            out.setdefault(local(child.tag), []).append(value)
    return out


def first(f: Fields, tag: str) -> str | None:
    found = f.get(tag)
    return found[0] if found else None


@dataclass
class Target:
    """The entity a record becomes, the documents it holds, and the emitter writing them."""

    emitter: Emitter
    entity: StatementEntity
    dataid: str
    documents: dict[str, StatementEntity] = field(default_factory=dict)
    """Passport and Identification entities by id."""

    def add_date(
        self, entity: StatementEntity, prop: str, value: str, original: str | None = None
    ) -> None:
        """Add every date a value holds, keeping the printed wording as original.

        Accepts xs:date time-zone suffixes ("2015-07-01-04:00") and US dates with a
        comma ("October 19, 2020"). An unreadable value is noted on the target, since
        Sanction and document entities have no notes.
        """
        day = _US_DATE_COMMA.sub(r"\1\2", _XS_OFFSET.sub("", value.strip()))
        parsed = parse_date(day)
        if not parsed:
            label = prop if entity is self.entity else f"{entity.schema.name}.{prop}"
            self.emitter.note(self.entity, label, original or value)
            return
        for iso in parsed.values:
            self.emitter.add(entity, prop, iso, original=original or value)

    def note_unknown(self, f: Fields, label: str, known: Collection[str]) -> None:
        """Keep the fields a reader does not place as notes labelled `label.TAG`."""
        for tag, found in f.items():
            if tag not in known:
                for value in found:
                    self.emitter.note(self.entity, f"{label}.{tag}", value)
