"""The EU FSF CSV v1.1 export (118 columns, `;`, UTF-8 with BOM) read as records.

One row holds one entity with one of its details (an alias, an address, a birth date,
an identification or a citizenship); an entity's rows follow each other and are grouped
by Entity_LogicalId into the same records the XML reader makes, with the XML attribute
names. The CSV has no `strong` flag, no additionalInformation and no corrigenda, so
those are absent from what it loads. A header that differs from the 118 columns refuses
the file; a row with the wrong number of cells is kept verbatim among the rejected rows.

Unverified (no real CSV bytes were available, see the data's PROVENANCE.md): how
Address_ContactInfo joins several contacts. It is read as `KEY: value` items separated
by `|`; anything else is kept whole as a note.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from kleptrace.exc import ParseError
from kleptrace.sources.csv_rows import records as csv_records
from kleptrace.sources.eu.fsf_record import Detail, Record
from kleptrace.sources.report import ParseReport

REGULATION = ("Type", "OrganisationType", "PublicationDate", "EntryIntoForceDate",
              "NumberTitle", "Programme", "PublicationUrl")  # fmt: skip
ENTITY = ("LogicalId", "EU_ReferenceNumber", "UnitedNationId", "DesignationDate",
          "DesignationDetails", "Remark", "SubjectType",
          "SubjectType_ClassificationCode")  # fmt: skip
BLOCKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nameAlias": ("NameAlias", ("LastName", "FirstName", "MiddleName", "WholeName",
        "NameLanguage", "Gender", "Title", "Function", "LogicalId", "RegulationLanguage",
        "Remark")),
    "address": ("Address", ("City", "Street", "PoBox", "ZipCode", "Region", "Place",
        "AsAtListingTime", "ContactInfo", "CountryIso2Code", "CountryDescription",
        "LogicalId", "RegulationLanguage", "Remark")),
    "birthdate": ("BirthDate", ("BirthDate", "Day", "Month", "Year", "YearRangeFrom",
        "YearRangeTo", "Circa", "CalendarType", "ZipCode", "Region", "Place", "City",
        "CountryIso2Code", "CountryDescription", "LogicalId", "RegulationLanguage", "Remark")),
    "identification": ("Identification", ("Number", "Diplomatic", "KnownExpired",
        "KnownFalse", "ReportedLost", "RevokedByIssuer", "IssuedBy", "IssuedDate",
        "ValidFrom", "ValidTo", "LatinNumber", "NameOnDocument", "TypeCode",
        "TypeDescription", "Region", "CountryIso2Code", "CountryDescription", "LogicalId",
        "RegulationLanguage", "Remark")),
    "citizenship": ("Citizenship", ("Region", "CountryIso2Code", "CountryDescription",
        "LogicalId", "RegulationLanguage", "Remark")),
}  # fmt: skip
"""Each detail's column prefix and fields, in the file's column order."""


def _columns(prefix: str, fields: tuple[str, ...]) -> list[str]:
    own = [f"{prefix}_{f}" for f in fields]
    return own + [f"{prefix}_Regulation_{f}" for f in REGULATION]


HEADER = (
    "fileGenerationDate",
    *_columns("Entity", ENTITY),
    *(c for prefix, fields in BLOCKS.values() for c in _columns(prefix, fields)),
)
_RENAMED = {"Day": "dayOfMonth", "Month": "monthOfYear", "BirthDate": "birthdate",
            "IssuedDate": "issueDate", "TypeCode": "identificationTypeCode",
            "TypeDescription": "identificationTypeDescription", "Type": "regulationType",
            "EU_ReferenceNumber": "euReferenceNumber",
            "UnitedNationId": "unitedNationId"}  # fmt: skip
"""CSV field names whose XML attribute is not the field with a lower-case first letter."""
_CONTACT = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.+?)\s*$", re.S)


def is_header(line: str) -> bool:
    """A first line that starts like the FSF CSV header (checked in full when parsed)."""
    return line.lstrip("\ufeff").startswith("fileGenerationDate;Entity_LogicalId")


def records(path: Path, report: ParseReport) -> Iterator[Record]:
    """The file's entities, one record per run of rows with the same Entity_LogicalId."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        rows = csv_records(path, reader)
        first = next(rows, None)
        if first is None:
            raise ParseError(path, "empty file", position="line 1")
        _check_header(path, [c.strip() for c in first[2]])
        group: list[tuple[int, list[str]]] = []
        done: set[str] = set()
        for line, _, cells in rows:
            report.records += 1
            if len(cells) != len(HEADER):
                reason = f"{len(cells)} cells, expected {len(HEADER)}"
                report.reject(path.name, line, reason, ";".join(cells))
                continue
            if group and cells[1] != group[0][1][1]:
                yield from _finish(path, group, done, report)
                group = []
            group.append((line, cells))
        if group:
            yield from _finish(path, group, done, report)


def file_date(path: Path) -> str | None:
    """fileGenerationDate of the first row, as printed."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader, None)
        row = next(reader, None)
    return row[0].strip() if row else None


def _check_header(path: Path, header: list[str]) -> None:
    if header == list(HEADER):
        return
    wrong = next((i for i, (a, b) in enumerate(zip(header, HEADER, strict=False)) if a != b), None)
    if wrong is None:
        message = f"header has {len(header)} columns, expected {len(HEADER)}"
        field = HEADER[len(header)] if len(header) < len(HEADER) else header[len(HEADER)]
    else:
        message = f"header column {wrong + 1} is {header[wrong]!r}, expected {HEADER[wrong]!r}"
        field = HEADER[wrong]
    raise ParseError(path, f"not an FSF CSV v1.1 file: {message}", position="line 1", field=field)


def _finish(
    path: Path, group: list[tuple[int, list[str]]], done: set[str], report: ParseReport
) -> Iterator[Record]:
    """The group's record, unless its entity's rows were already read further up."""
    logical_id = group[0][1][1].strip()
    raw = "\n".join(";".join(cells) for _, cells in group)
    if logical_id and logical_id in done:
        reason = f"rows of sanctionEntity {logical_id} apart from its earlier rows"
        report.reject(path.name, group[0][0], reason, raw)
        return
    done.add(logical_id)
    record = _record([cells for _, cells in group], f"line {group[0][0]}")
    if record.problem():
        record.raw = raw
    yield record


def _attr(field: str) -> str:
    return _RENAMED.get(field) or field[0].lower() + field[1:]


def _block(cells: list[str], start: int, fields: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """A block's own cells and its regulation cells, by XML attribute name."""
    own = {_attr(f): cells[start + i].strip() for i, f in enumerate(fields)}
    start += len(fields)
    regulation = {_attr(f): cells[start + i].strip() for i, f in enumerate(REGULATION)}
    return own, regulation


def _record(rows: list[list[str]], position: str) -> Record:
    entity, _ = _block(rows[0], 1, ENTITY)
    subject = ("remark", "subjectType", "subjectType_ClassificationCode")
    attrs = {k: v for k, v in entity.items() if k not in subject}
    record = Record(attrs, position=position, raw="")
    # Which of the two subject columns holds "person" and which "P" is disputed; the
    # one-letter value is the classification code.
    pair = sorted((entity["subjectType"], entity["subjectType_ClassificationCode"]), key=len)
    if any(pair):
        record.subject = {"code": pair[1], "classificationCode": pair[0]}
    seen: set[tuple[str, ...]] = set()
    for cells in rows:
        entity, regulation = _block(cells, 1, ENTITY)
        if entity["remark"] and entity["remark"] not in record.remarks:
            record.remarks.append(entity["remark"])
        key = ("regulation", *regulation.values())
        if any(regulation.values()) and key not in seen:
            seen.add(key)
            record.regulations.append(Detail("regulation", regulation))
        start = 1 + len(ENTITY) + len(REGULATION)
        for kind, (_, fields) in BLOCKS.items():
            own, summary = _block(cells, start, fields)
            start += len(fields) + len(REGULATION)
            key = (kind, *own.values())
            if any(own.values()) and key not in seen:
                seen.add(key)
                record.details.append(_detail(kind, own, summary))
    return record


def _detail(kind: str, own: dict[str, str], summary: dict[str, str]) -> Detail:
    remark = own.pop("remark", "")
    contacts = own.pop("contactInfo", "")
    detail = Detail(kind, own, remarks=[remark] if remark else [], regulation=summary)
    for item in contacts.split("|") if contacts else ():
        match = _CONTACT.match(item)
        detail.contacts.append((match[1].upper(), match[2]) if match else ("", item.strip()))
    return detail
