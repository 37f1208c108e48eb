"""Australia DFAT: one listing's rows (a primary row and its alias rows) as entities.

The alias rows' names join the primary's entity; every row's details are merged into
it. "Committees" names the regime (a UN committee or an Australian autonomous regime):
one Sanction per committee.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import StatementEntity, registry

from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.au.dfat_dates import add_date, listing_date
from kleptrace.sources.au.dfat_info import Info, enum_parts, parse_info
from kleptrace.sources.au.dfat_sheet import (
    ADDRESS,
    CITIZENSHIP,
    COMMITTEES,
    CONTROL_DATE,
    DOB,
    INFO,
    LISTING,
    NAME_COL,
    NAME_TYPE,
    POB,
    TYPE,
    Group,
    Row,
    cell_text,
    lower_text,
)
from kleptrace.sources.base import Emitter

SCHEMAS = {"individual": "Person", "entity": "LegalEntity", "vessel": "Vessel"}
SCHEMAS.update({"ship": "Vessel", "aircraft": "Airplane"})
ALIAS_PROPS = {
    "aka": "alias",
    "original script": "alias",
    "formerly known as": "previousName",
    "previously listed as": "previousName",
    "fka": "previousName",
}
PROPS = {
    "email": "email",
    "website": "website",
    "phone": "phone",
    "title": "title",
    "designation": "position",
    "gender": "gender",
}
"""The property of each non-identifier kind parse_info reads."""
_PERSON_ONLY = frozenset({"title", "gender"})
IDENTIFIER_KINDS = {
    "ogrn": "registration",
    "reg": "registration",
    "tax": "tax",
    "tax_other": "tax_other",
    "vat": "vat",
    "swift": "swift",
    "lei": "lei",
    "imo": "imo",
    "passport": "passport",
    "passport_bare": "passport",
    "national_id": "national_id",
}
"""parse_info's identifier kinds -> the shared kinds of data/identifiers.yml, which say
the properties and validators ("Government Gazette Number" is the `okpo` kind)."""

# "1970 (Libya) 1973 (Libya)": two committees in one cell.
_COMMITTEE_SPLIT_RE = re.compile(r"[;\n]+|(?<=\))\s+(?=\d{3,4}(?:/\d+)*\s*\(|Autonomous\s*\()")


def committees(value: Any) -> list[str]:
    text = cell_text(value)
    if not text:
        return []
    return [c.strip() for c in _COMMITTEE_SPLIT_RE.split(text) if c and c.strip()]


def _distinct(rows: list[Row], column: str) -> list[Any]:
    out: list[Any] = []
    for row in rows:
        value = row.get(column)  # cells were cleaned when the rows were read
        if value is not None and value not in out:
            out.append(value)
    return out


def _split_list(text: str) -> list[str]:
    """Values listed in one cell: "a) X b) Y", "X; Y", "X and Y"."""
    parts: list[str] = []
    for part in enum_parts(text):
        parts.extend(p.strip() for p in re.split(r";|\n|\s+and\s+|/|,(?=\s*[A-Z])", part))
    return [p for p in parts if p]


def _place_info(emitter: Emitter, entity: StatementEntity, info: Info, person: bool) -> None:
    """Put the values read from Additional Information into their properties."""
    for kind, value, source in info.values:
        shared = IDENTIFIER_KINDS.get(kind)
        if shared is not None:
            shared = "okpo" if kind == "reg" and "Gazette" in source else shared
            kind_ = identifiers.grammar().kinds[shared]
            _place_identifier(emitter, entity, kind_, value, source, person)
            continue
        prop = PROPS[kind]
        if entity.schema.get(prop) is None or (kind in _PERSON_ONLY and not person):
            emitter.note(entity, prop, source)
        else:
            emitter.add(entity, prop, value, original=source)


def _place_identifier(
    emitter: Emitter,
    entity: StatementEntity,
    kind: identifiers.Kind,
    value: str,
    source: str,
    person: bool,
) -> None:
    """A number into the first property of its kind the schema has and the validator
    allows; kept as a note (labelled with the kind's property) when there is none, or
    when it is a personal document's number on a record that is not a person."""
    held = [(p, v) for p, v in kind.properties(value) if entity.schema.get(p) is not None]
    if held and (person or kind.document is None):
        emitter.add(entity, *held[0], original=source)
    else:
        emitter.note(entity, kind.props[0] if kind.props else kind.name, source)


def _schema(path: Path, primary: Row, infos: list[Info]) -> str:
    raw_type = cell_text(primary.get(TYPE)) or ""
    schema = SCHEMAS.get(raw_type.strip().lower())
    if schema is None:
        raise ParseError(
            path, f"unknown Type {raw_type!r}", position=f"row {primary.number}", field=TYPE
        )
    # DFAT gives shipping companies their IMO company number; FtM keeps that on Organization.
    if schema == "LegalEntity" and any(k == "imo" for info in infos for k, _, _ in info.values):
        schema = "Organization"
    return schema


def _add_names(path: Path, emitter: Emitter, entity: StatementEntity, group: Group) -> None:
    """The primary row's name, and each alias row's name in the property its Name Type
    says; odd Name Types and Types are reported."""
    assert group.primary is not None
    emitter.add(entity, "name", cell_text(group.primary.get(NAME_COL)))
    primary_type = lower_text(group.primary.get(TYPE))
    for row in group.aliases:
        name_type = lower_text(row.get(NAME_TYPE))
        prop = ALIAS_PROPS.get(name_type)
        if prop is None:
            prop = "alias"
            emitter.report.warnings.append(
                f"{path.name} row {row.number}: Name Type {name_type!r} read as alias"
            )
        emitter.add(entity, prop, cell_text(row.get(NAME_COL)))
        row_type = lower_text(row.get(TYPE))
        if row_type and row_type != primary_type:
            emitter.report.warnings.append(
                f"{path.name} row {row.number}: Type {row_type!r} differs from primary"
            )
    if lower_text(group.primary.get(NAME_TYPE)) not in ("primary name", ""):
        emitter.report.warnings.append(
            f"{path.name} row {group.primary.number}: primary Reference with Name Type "
            f"{cell_text(group.primary.get(NAME_TYPE))!r}"
        )


def _add_details(
    emitter: Emitter, entity: StatementEntity, rows: list[Row], infos: list[Info]
) -> None:
    """Birth, citizenship, addresses, Additional Information and unexpected columns; what
    does not fit the schema is kept as a note."""
    person = entity.schema.name == "Person"
    for value in _distinct(rows, DOB):
        if person:
            add_date(emitter, entity, "birthDate", value)
        else:
            emitter.note(entity, DOB, cell_text(value) or "")
    for value in _distinct(rows, POB):
        text = cell_text(value) or ""
        if person:
            for place in enum_parts(text):
                emitter.add(entity, "birthPlace", place, original=text)
        else:
            emitter.note(entity, POB, text)
    for value in _distinct(rows, CITIZENSHIP):
        prop = "nationality" if person else "country"
        text = str(value)
        # "Trinidad and Tobago" is one country, "Russian and Ukrainian" two.
        whole = registry.country.clean_text(text)
        for country in [text] if whole else _split_list(text):
            emitter.add(entity, prop, country, original=text)
    for value in _distinct(rows, ADDRESS):
        for address in enum_parts(str(value)):
            for line in re.split(r";\s*\n\s*|\n\s*\n", address):
                emitter.add(entity, "address", line, original=str(value))
    for info in infos:
        _place_info(emitter, entity, info, person)
        if info.rest:
            emitter.note(entity, INFO, info.rest)
    for row in rows:
        for label, text in row.extra.items():
            emitter.note(entity, label, text)


def _sanctions(
    path: Path, emitter: Emitter, entity: StatementEntity, group: Group
) -> list[StatementEntity]:
    """One Sanction per committee (one without a program when there is none), each with
    the listing's Listing Information and Control Dates."""
    assert group.primary is not None
    rows = group.rows
    programs: list[str | None] = []
    for row in rows:
        for committee in committees(row.get(COMMITTEES)):
            if committee not in programs:
                programs.append(committee)
    listings = _distinct(rows, LISTING)
    control = _distinct(rows, CONTROL_DATE)
    sanctions = []
    if not programs:
        programs.append(None)
    for program in programs:
        sanction = emitter.sanction(entity, program, source_ref=group.key)
        for text in listings:
            iso = listing_date(text)
            original = cell_text(text)
            if iso:
                emitter.add(sanction, "listingDate", iso, original=original)
            emitter.add(sanction, "summary", original)
        for value in control:
            add_date(emitter, sanction, "modifiedAt", value)
        sanctions.append(sanction)
    if programs == [None]:
        emitter.report.warnings.append(
            f"{path.name} row {group.primary.number}: no Committees; sanction without program"
        )
    return sanctions


def entities(path: Path, emitter: Emitter, group: Group) -> Iterator[StatementEntity]:
    """The entity of a listing that has a primary row, then its Sanctions."""
    assert group.primary is not None
    infos = [parse_info(str(text)) for text in _distinct(group.rows, INFO)]
    entity = emitter.make(_schema(path, group.primary, infos), group.key)
    _add_names(path, emitter, entity, group)
    _add_details(emitter, entity, group.rows, infos)
    sanctions = _sanctions(path, emitter, entity, group)
    yield entity
    yield from sanctions
