"""The "Other Information" column of the OFSI list: labelled items in one cell.

What OFSI has no column for is printed here as `(Label):value` items, for example
`(UK Sanctions List Ref):RUS0270`, `(IMO number):7408873` or `(Gender):Male`. Items
about the target become properties (or labelled notes); items about the designation
(references, statement of reasons, extra financial measures) are collected in a
Designation for the Sanctions. Free text keeps its registry numbers and founding dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, is_empty
from kleptrace.sources.gb.contacts import CONTACTS, contacts
from kleptrace.sources.gb.registry_numbers import add_imo, registry_numbers
from kleptrace.sources.gb.values import put, split_multi, un_reference

_OI_LABELS = (
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "IMO number",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
    "Current owners",
)
_OI_SPLIT = re.compile(r"\((" + "|".join(re.escape(x) for x in _OI_LABELS) + r")\)\s*:")
_UK_REF = re.compile(r"[A-Z]{3}\d{4}")
_UK_REFS = re.compile(r"^\s*([A-Z]{3}\d{4}(?:\s*(?:and|,|&|/)\s*[A-Z]{3}\d{4})*)\.?")
_UN_REF = re.compile(r"([A-Z]{2}[ie])\.\s?(\d{3})", re.I)
_UN_REFS = re.compile(
    r"^\s*([A-Z]{2}[ie]\.\s?\d{3}(?:\s*(?:and|,|&|/)\s*[A-Z]{2}[ie]\.\s?\d{3})*)\.?", re.I
)
_MEASURES = re.compile(
    r"Financial sanctions imposed in addition to an asset freeze:\s*(?P<list>.*?)"
    r"(?=Date trust services sanctions imposed|The prohibition on|$)",
    re.S,
)
_TRUST_DATE = re.compile(r"Date trust services sanctions imposed:\s*(\d{1,2}/\d{1,2}/\d{4})\.?")
_CB_DATE = re.compile(
    r"The prohibition on correspondent banking relationships etc\.? measure was imposed on"
    r"\s*(\d{1,2}/\d{1,2}/\d{4})\.?"
)
_ESTABLISHED = re.compile(
    r"(?:Organi[sz]ation )?(?:Established|Incorporation) Date:?\s*"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4})"
)


@dataclass
class Designation:
    """What "Other Information" says about the designation rather than the target."""

    refs: list[str] = field(default_factory=list)
    un_refs: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)


def _split_other_information(text: str) -> tuple[str, list[tuple[str, str]]]:
    parts = _OI_SPLIT.split(text)
    return parts[0], [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def _provisions(free: str, out: Designation) -> str:
    """Pull the additional financial measures out of the free text; return what is left."""
    m = _MEASURES.search(free)
    if m is None:
        return free
    trust = _TRUST_DATE.search(free)
    banking = _CB_DATE.search(free)
    items = [i.strip().rstrip(".") for i in re.split(r"(?<=\.)\s+", m["list"].strip())]
    for item in filter(None, items):
        if item.lower().startswith("trust services") and trust:
            item = f"{item} (imposed {trust[1]})"
        elif item.lower().startswith("correspondent banking") and banking:
            item = f"{item} (imposed {banking[1]})"
        out.provisions.append(item)
    rest = free[: m.start()] + free[m.end() :]
    for rx in (_TRUST_DATE, _CB_DATE):
        rest = rx.sub("", rest)
    return rest


def _free_text(emitter: Emitter, entity: StatementEntity, text: str) -> None:
    """Keep free text as a note, and lift the registry numbers and dates it labels."""
    text = text.strip().strip(".").strip()
    if is_empty(text):
        return
    registry_numbers(emitter, entity, text, "Other Information", bare=None, keep_residue=False)
    for m in _ESTABLISHED.finditer(text):
        if entity.schema.get("incorporationDate") is not None:
            emitter.add_date(entity, "incorporationDate", m[1])
    emitter.note(entity, "Other Information", text)


def other_information(
    emitter: Emitter, entity: StatementEntity, text: str, out: Designation
) -> None:
    """Parse the labelled items of "Other Information" into properties and designation data."""
    lead, items = _split_other_information(text)
    _free_text(emitter, entity, lead)
    for label, raw in items:
        if label in _DESIGNATION_LABELS:
            _designation_item(emitter, entity, label, raw.strip(), out)
        else:
            target_item(emitter, entity, label, raw.strip())


_DESIGNATION_LABELS = ("UK Sanctions List Ref", "UN Ref", "UK Statement of Reasons")


def _designation_item(
    emitter: Emitter, entity: StatementEntity, label: str, value: str, out: Designation
) -> None:
    """References and reasons go to the Designation; what follows them is free text."""
    if label == "UK Sanctions List Ref":
        m = _UK_REFS.match(value)
        if m:
            out.refs.extend(r for r in _UK_REF.findall(m[1]) if r not in out.refs)
            value = value[m.end() :]
        _free_text(emitter, entity, _provisions(value, out))
    elif label == "UN Ref":
        m = _UN_REFS.match(value)
        if m:
            refs = [un_reference(letters, number) for letters, number in _UN_REF.findall(m[1])]
            out.un_refs.extend(r for r in refs if r not in out.un_refs)
            value = value[m.end() :]
        _free_text(emitter, entity, value)
    elif not is_empty(value) and value not in out.reasons:  # UK Statement of Reasons
        out.reasons.append(value)


def target_item(emitter: Emitter, entity: StatementEntity, label: str, value: str) -> None:
    """An item about the target itself: a property where the schema has one, else a note.

    The FCDO list prints these items as fields of their own; its parser passes them here
    under the same labels, so both UK lists place them alike."""
    if label == "Gender":
        put(emitter, entity, "gender", value.rstrip("."), "Gender")
    elif label in CONTACTS:
        for item in split_multi(value):
            contacts(emitter, entity, CONTACTS[label], item, label)
    elif label == "Fax":
        emitter.note(entity, "Fax", value)
    elif label == "Type of entity":
        put(emitter, entity, "legalForm", value.rstrip("."), "Type of entity")
    elif label == "Business Reg No":
        for item in split_multi(value):
            registry_numbers(emitter, entity, item, "Business Reg No")
    elif label == "IMO number":
        add_imo(emitter, entity, value, "IMO number")
    elif label == "Flag of ship":
        put(emitter, entity, "flag", value.rstrip("."), "Flag of ship")
    elif label == "Previous flags":
        for flag in re.split(r"\.\s+|;|,", value):
            put(emitter, entity, "pastFlags", flag.strip().rstrip("."), "Previous flags")
    elif label == "Type of ship":
        put(emitter, entity, "type", value, "Type of ship")
    elif label == "Tonnage of ship":
        put(emitter, entity, "tonnage", value, "Tonnage of ship")
    elif label == "Year built":
        if entity.schema.get("buildDate") is not None:
            emitter.add_date(entity, "buildDate", value)
        else:
            emitter.note(entity, "Year built", value)
    else:  # Parent company, Subsidiaries, Length of ship, Current owners
        for item in split_multi(value) or [value]:
            emitter.note(entity, label, item)
