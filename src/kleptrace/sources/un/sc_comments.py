"""UN Security Council: what an ENTITY's COMMENTS1 says about it.

The UN prints the IMO numbers of DPRK shipping *companies* in COMMENTS1; those stay
Organizations with imoNumber. An ENTITY becomes a Vessel (or Airplane) only when its
own record describes a ship (or aircraft) and its name carries no company words.
Identifiers the comment states with a label are added too; the full comment stays the
sanction's reason.
"""

from __future__ import annotations

import re

from kleptrace.sources import identifiers
from kleptrace.sources.un.sc_fields import Element, Target, text

_IMO_IN_TEXT = re.compile(r"\bIMO\)?(?:\s+Number)?\s*:?\s*(\d{7})\b", re.I)
_COMPANY_IMO = re.compile(r"company\s+number\s+IMO", re.I)
_ORG_WORDS = re.compile(
    r"\b(co|company|compagnie|corp|corporation|ltd|limited|inc|llc|jv|pte|plc|gmbh|sa|"
    r"shipping|shpg|maritime|management|trading|group|lines?|bank|agency|department|"
    r"network|organi[sz]ation|front|movement|brigade|association|foundation|"
    r"airlines?|airways|aviation|aerienne|enterprise|industries|international)\b",
    re.I,
)
_VESSEL_WORDS = re.compile(
    r"\b(vessel|tanker|ship|freighter|bulk carrier|cargo ship|M/V|MV|flagged)\b", re.I
)
_AIRCRAFT_WORDS = re.compile(r"\b(aircraft|airplane|aeroplane|jet)\b", re.I)
_AIRCRAFT_MARK = re.compile(
    r"\b(?:registration|tail number|serial number|MSN)\b\D{0,20}([A-Z0-9]{1,2}-[A-Z0-9]{3,5})"
)

# Contact details COMMENTS1 states; labelled numbers come from the shared grammar.
_COMMENT_CONTACTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"\b([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")),
    ("website", re.compile(r"\bWebsite\s*:\s*(\S+?)[);,]?(?:\s|$)", re.I)),
)
_LABELLED_VALUE = re.compile(r"[\s)]*(?:number\b)?\s*:?\s*([A-Z0-9][A-Z0-9-]*)", re.I)
"""The number after a label: "SWIFT/BIC: KDBKKPPY", "IMO) Number: 1790183", "Tax Number:
0980338"; a word without digits ("licence in October") is prose, not a number."""


def entity_schema(el: Element, comments: str | None) -> str:
    """Organization, unless the record itself is clearly a ship or an aircraft."""
    name = text(el.find("FIRST_NAME")) or ""
    comment = comments or ""
    if _ORG_WORDS.search(name) or _COMPANY_IMO.search(comment):
        return "Organization"
    if _IMO_IN_TEXT.search(comment) and _VESSEL_WORDS.search(comment):
        return "Vessel"
    if _AIRCRAFT_WORDS.search(comment) and _AIRCRAFT_MARK.search(comment):
        return "Airplane"
    return "Organization"


def _add_found(target: Target, prop: str, value: str, original: str) -> None:
    """Add an identifier found in free text only when the property accepts it."""
    schema_prop = target.entity.schema.get(prop)
    if schema_prop is not None and schema_prop.type.clean_text(value) is not None:
        target.emitter.add(target.entity, prop, value, original=original)


def add_comment_ids(target: Target, comments: str) -> None:
    """The labelled identifiers, contact details and aircraft marks a comment states.

    Labels and where their numbers go come from data/identifiers.yml. Personal document
    numbers named in prose are left in the comment: the record's documents are read from
    its own elements (sc_documents).
    """
    finder, _ = identifiers.label_finder()
    for label in finder.finditer(comments):
        kind = identifiers.found_kind(label)
        value = _LABELLED_VALUE.match(comments, label.end())
        if kind.document or value is None:
            continue
        number = value.group(1)
        if kind.name != "swift" and not any(c.isdigit() for c in number):
            continue
        original = comments[label.start() : value.end()]
        for prop, clean in kind.properties(number):
            if target.entity.schema.get(prop) is not None:
                _add_found(target, prop, clean, original)
                break
    for prop, pattern in _COMMENT_CONTACTS:
        for m in pattern.finditer(comments):
            _add_found(target, prop, m.group(1), m.group(0))
    if target.entity.schema.name == "Airplane":
        for m in _AIRCRAFT_MARK.finditer(comments):
            _add_found(target, "registrationNumber", m.group(1), m.group(0))
