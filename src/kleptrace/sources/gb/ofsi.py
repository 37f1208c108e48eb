"""HM Treasury OFSI Consolidated List, 2022 column format (ConList.xlsx and ConList.csv).

The list prints one row per name variant; rows sharing a Group ID are one target, so
rows are grouped before anything is emitted. Identifiers, gender, ship particulars and
the UK Sanctions List reference are not columns: they sit in "Other Information" as
labelled items (ofsi_other_info). What cannot be placed in a typed property is kept as a
labelled note. Reading the file is ofsi_table's job, names are ofsi_names', and
the Sanctions per regime ofsi_sanctions'.

OFSI retired this list in early 2026 in favour of the FCDO UK Sanctions List (see
fcdo); the parser stays so that archived versions can be loaded and compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, is_empty
from kleptrace.sources.gb.lists import JURISDICTION, UkList
from kleptrace.sources.gb.ofsi_names import add_names, add_non_latin_name
from kleptrace.sources.gb.ofsi_other_info import Designation, other_information
from kleptrace.sources.gb.ofsi_sanctions import sanctions
from kleptrace.sources.gb.ofsi_table import (
    ADDRESS_PARTS,
    COLUMNS,
    Row,
    Table,
    filled,
    head_rows,
    header_index,
    published,
    read_table,
)
from kleptrace.sources.gb.registry_numbers import add_registry_number
from kleptrace.sources.gb.values import country, put, split_multi
from kleptrace.sources.report import ParseReport

OFSI = UkList(
    source="gb_hmt_ofsi",
    prefix="gb-ofsi",
    publisher="HM Treasury Office of Financial Sanctions Implementation",
)

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
"""Group Type to FtM schema. Organization (not LegalEntity) because shipping companies
carry company IMO numbers, which only Organization can hold."""

COUNTRY_COLUMNS = (
    ("Country", "country"),
    ("Nationality", "nationality"),
    ("Country of Birth", "birthCountry"),
)
TEXT_COLUMNS = (("Title", "title"), ("Town of Birth", "birthPlace"), ("Position", "position"))


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Group the name rows by Group ID and yield one target plus its Sanctions per group."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    table = read_table(path)
    emitter = OFSI.emitter(path, report)
    extras = [h for h in dict.fromkeys(table.header) if h not in COLUMNS]
    for gid, (schema, _, rows) in _groups(path, table, report).items():
        yield from _build(emitter, gid, schema, rows, extras)


def _groups(path: Path, table: Table, report: ParseReport) -> dict[str, tuple[str, str, list[Row]]]:
    """The rows of each Group ID, with its schema and printed Group Type.

    A row that cannot be placed is rejected; a Group ID printed with two Group Types
    fails, as its rows cannot be one target.
    """
    groups: dict[str, tuple[str, str, list[Row]]] = {}
    width = len(table.header)
    for number, cells in table.rows:
        if not any(cells):
            continue
        report.records += 1
        position = f"{table.unit} {number}"
        if len(cells) > width and any(not is_empty(c) for c in cells[width:]):
            report.reject(path.name, position, "more cells than header columns", " | ".join(cells))
            continue
        cells = cells + [""] * (width - len(cells))
        row = dict(zip(table.header, cells, strict=False))
        gid = row["Group ID"]
        if is_empty(gid):
            report.reject(path.name, position, "row without a Group ID", " | ".join(cells))
            continue
        schema = SCHEMAS.get(row["Group Type"].lower())
        if schema is None:
            reason = f"unknown Group Type {row['Group Type']!r}"
            report.reject(path.name, position, reason, " | ".join(cells))
            continue
        if gid in groups and groups[gid][0] != schema:
            raise ParseError(
                path,
                f"Group ID {gid} is both {groups[gid][1]} and {row['Group Type']}",
                position=position,
                field="Group Type",
            )
        groups.setdefault(gid, (schema, row["Group Type"], []))[2].append(row)
    return groups


class _Once:
    """Whether a value is new for the target: every name row prints the same details."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def __call__(self, column: str, value: str) -> bool:
        key = (column, value)
        if not filled(value) or key in self.seen:
            return False
        self.seen.add(key)
        return True


def _build(
    emitter: Emitter, gid: str, schema: str, rows: list[Row], extras: list[str]
) -> Iterator[StatementEntity]:
    """One target from its name rows; `extras` are columns the 2022 format does not have."""
    entity = emitter.make(schema, gid)
    add_names(emitter, entity, gid, rows)
    once = _Once()
    for row in rows:
        _add_details(emitter, entity, row, once, extras)
    designation = Designation()
    for text in dict.fromkeys(row["Other Information"] for row in rows):
        if not is_empty(text):
            other_information(emitter, entity, text, designation)
    yield entity
    yield from sanctions(emitter, entity, gid, rows, designation)


def _add_details(
    emitter: Emitter, entity: StatementEntity, row: Row, once: _Once, extras: list[str]
) -> None:
    """The columns of one name row that describe the target, each distinct value once."""
    if once("Name Non-Latin Script", row["Name Non-Latin Script"]):
        add_non_latin_name(emitter, entity, row)
    for column, prop in COUNTRY_COLUMNS:
        if once(column, row[column]):
            for value in split_multi(row[column]):
                country(emitter, entity, prop, value, column)
    for column, prop in TEXT_COLUMNS:
        if once(column, row[column]):
            for value in split_multi(row[column]):
                put(emitter, entity, prop, value, column)
    if once("DOB", row["DOB"]):
        if entity.schema.get("birthDate") is not None:
            for value in split_multi(row["DOB"]):
                emitter.add_date(entity, "birthDate", value)
        else:
            emitter.note(entity, "DOB", row["DOB"])
    address = _address(row)
    if once("address", address):
        put(emitter, entity, "address", address, "address")
    passport, passport_details = row["Passport Number"], row["Passport Details"]
    if once("passport", passport + "\x1f" + passport_details):
        _pairs(emitter, entity, passport, passport_details, "passportNumber", "Passport Details")
    national = row["National Identification Number"]
    national_details = row["National Identification Details"]
    if once("national", national + "\x1f" + national_details):
        _pairs(
            emitter,
            entity,
            national,
            national_details,
            "idNumber",
            "National Identification Details",
        )
    for column in extras:
        if once(column, row[column]):
            emitter.note(entity, column, row[column])


def _address(row: Row) -> str:
    """The printed address lines; a bare Country is not an address (it goes to `country`)."""
    parts = [row[c] for c in (*ADDRESS_PARTS, "Post/Zip Code") if filled(row[c])]
    if not parts:
        return ""
    return ", ".join([*parts, row["Country"]] if filled(row["Country"]) else parts)


def _pairs(
    emitter: Emitter, entity: StatementEntity, numbers: str, details: str, prop: str, label: str
) -> None:
    """Numbers and their details are parallel "(1) .. (2) .." lists; pair them when they match."""
    values = split_multi(numbers)
    infos = split_multi(details)
    paired = len(infos) == len(values)
    for i, value in enumerate(values):
        info = infos[i] if paired else details
        if prop == "idNumber" and re.search(r"\b(INN|TIN|tax|taxpayer)\b", info, re.I):
            add_registry_number(emitter, entity, "tax", value, value, label)
        else:
            put(emitter, entity, prop, value, label)
    if infos and paired:
        for value, info in zip(values, infos, strict=True):
            emitter.note(entity, label, f"{value}: {info}")
    elif not is_empty(details):
        emitter.note(entity, label, details)


def _sniff(head: Head) -> bool:
    """Recognise the list by its header row ('Name 6' ... 'Group Type' ... 'Group ID')."""
    if head.is_dir:
        return False
    rows = head_rows(head)
    at = header_index(rows)
    return at is not None and "Group Type" in rows[at][1]


FORMAT = Format(
    name="uk_ofsi",
    title="UK OFSI Consolidated List (ConList.xlsx / ConList.csv, 2022 format)",
    sniff=_sniff,
    parse=parse,
    source_name=OFSI.source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=OFSI.publisher,
    # ConList.xlsx (same columns) is published beside it; one of the two is one version.
    urls=("https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",),
)
