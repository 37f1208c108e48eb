"""Reading the FCDO UK Sanctions List CSV: a "Report Date: DD-Mon-YYYY" line, then a
58-column header, then one row per name, repeated per address or other detail.

Columns are matched by name (the layout has changed over time, and some copies call the
type column "Individual, Entity, Ship"), ignoring case and spaces. Rows are grouped by
Unique ID into one DesignationRecord each, keyed by the XML element names, so the
builder treats both forms alike. A column this table does not know is kept, as unknown.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from kleptrace.exc import ParseError
from kleptrace.sources.csv_rows import decode, records
from kleptrace.sources.gb.uk_list_record import GROUPS, DesignationRecord
from kleptrace.sources.report import ParseReport

REPORT_DATE = re.compile(r"^\ufeff?\s*Report Date:\s*(.+?)\s*$", re.I)
COLUMNS = {
    "Last Updated": "LastUpdated",
    "Unique ID": "UniqueID",
    "OFSI Group ID": "OFSIGroupID",
    "UN Reference Number": "UNReferenceNumber",
    "Name 6": "Name6",
    "Name 1": "Name1",
    "Name 2": "Name2",
    "Name 3": "Name3",
    "Name 4": "Name4",
    "Name 5": "Name5",
    "Name type": "NameType",
    "Alias strength": "AliasStrength",
    "Title": "Title",
    "Name non-latin script": "NameNonLatinScript",
    "Non-latin script type": "NonLatinScriptType",
    "Non-latin script language": "NonLatinScriptLanguage",
    "Regime Name": "RegimeName",
    "Designation Type": "IndividualEntityShip",
    "Individual, Entity, Ship": "IndividualEntityShip",
    "Designation source": "DesignationSource",
    "Sanctions Imposed": "SanctionsImposed",
    "Other Information": "OtherInformation",
    "UK Statement of Reasons": "UKStatementofReasons",
    "Address Line 1": "AddressLine1",
    "Address Line 2": "AddressLine2",
    "Address Line 3": "AddressLine3",
    "Address Line 4": "AddressLine4",
    "Address Line 5": "AddressLine5",
    "Address Line 6": "AddressLine6",
    "Address Postal Code": "AddressPostalCode",
    "Address Country": "AddressCountry",
    "Phone number": "PhoneNumber",
    "Website": "Website",
    "Email address": "EmailAddress",
    "Date Designated": "DateDesignated",
    "D.O.B": "DOB",
    "Nationality(/ies)": "Nationality",
    "National Identifier number": "NationalIdentifierNumber",
    "National Identifier additional information": "NationalIdentifierAdditionalInformation",
    "Passport number": "PassportNumber",
    "Passport additional information": "PassportAdditionalInformation",
    "Position": "Position",
    "Gender": "Gender",
    "Town of birth": "TownOfBirth",
    "Country of birth": "CountryOfBirth",
    "Type of entity": "TypeOfEntity",
    "Subsidiaries": "Subsidiary",
    "Parent company": "ParentCompany",
    "Business registration number (s)": "BusinessRegistrationNumber",
    "IMO number": "IMONumber",
    "Current owner/operator (s)": "CurrentOwnerOperator",
    "Previous owner/operator (s)": "PreviousOwnerOperator",
    "Current believed flag of ship": "CurrentBelievedFlagOfShip",
    "Previous flags": "PreviousFlag",
    "Type of ship": "TypeOfShip",
    "Tonnage of ship": "TonnageOfShip",
    "Length of ship": "LengthOfShip",
    "Year Built": "YearBuilt",
    "Hull identification number (HIN)": "HullIdentificationNumber",
}
"""The published column names, and the XML element each one carries."""
REQUIRED = ("Unique ID", "Name 6", "Name type", "Regime Name", "Designation Type")
_GROUP_OF = {child: group for group, children in GROUPS.items() for child in children}


def column_key(name: str) -> str:
    """A column name as matched: case, spaces and a byte-order mark do not count."""
    return re.sub(r"\s+", "", name.lstrip("\ufeff")).casefold()


_KEYS = {column_key(name): element for name, element in COLUMNS.items()}


def header_line(lines: list[str]) -> int | None:
    """The 0-based index of the header among the first lines (after "Report Date:")."""
    for i, line in enumerate(lines[:2]):
        keys = {column_key(c) for c in next(csv.reader([line]), [])}
        if {column_key(c) for c in REQUIRED[:3]} <= keys:
            return i
    return None


def read_records(path: Path, report: ParseReport) -> Iterator[DesignationRecord]:
    """The designations of the file, one per Unique ID, in the order first printed."""
    text = decode(path, path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""))
    first = next(reader, None)
    if first is None:
        raise ParseError(path, "empty file", position="line 1")
    header, at = first, 1
    if REPORT_DATE.match(" ".join(c for c in first if c.strip())):
        header, at = next(reader, []), 2
    elements = _columns(path, header, at)
    rows: dict[str, list[tuple[int, list[str]]]] = {}
    for start, _, cells in records(path, reader):
        report.records += 1
        uid = _uid(cells, elements)
        if len(cells) != len(header) or not uid:
            reason = (
                f"{len(cells)} cells for {len(header)} columns"
                if len(cells) != len(header)
                else 'row without a "Unique ID"'
            )
            report.reject(path.name, start, reason, _printed([cells]))
            continue
        rows.setdefault(uid, []).append((start, cells))
    for uid_rows in rows.values():
        yield _record(header, elements, uid_rows)


def _columns(path: Path, header: list[str], at: int) -> list[str | None]:
    """The element of each column (None for columns this table does not know)."""
    keys = [column_key(c) for c in header]
    present = set(keys)
    missing = [c for c in REQUIRED if column_key(c) not in present]
    if "Designation Type" in missing and column_key("Individual, Entity, Ship") in present:
        missing.remove("Designation Type")
    if missing:
        raise ParseError(
            path,
            f"not a UK Sanctions List CSV header: missing column(s) {', '.join(missing)}",
            position=f"line {at}",
            field=missing[0],
        )
    return [_KEYS.get(k) for k in keys]


def _uid(cells: list[str], elements: list[str | None]) -> str:
    return next((c.strip() for c, e in zip(cells, elements, strict=False) if e == "UniqueID"), "")


def _printed(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().rstrip("\n")


def _record(
    header: list[str], elements: list[str | None], rows: list[tuple[int, list[str]]]
) -> DesignationRecord:
    record = DesignationRecord(f"line {rows[0][0]}", _printed([c for _, c in rows]))
    for _, cells in rows:
        groups: dict[str, dict[str, str]] = {}
        for column, element, cell in zip(header, elements, cells, strict=True):
            if element is None:
                record.add_unknown(column.strip(), cell)
            elif element in _GROUP_OF:
                groups.setdefault(_GROUP_OF[element], {})[element] = cell
            else:
                record.add(element, cell)
        for group, parts in groups.items():
            record.add_group(group, tuple(parts.get(k, "") for k in GROUPS[group]))
    return record


def published(path: Path) -> str | None:
    """The "Report Date: 13-Feb-2026" of the first line, as an ISO date."""
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        m = REPORT_DATE.match(fh.readline().strip().strip('"').rstrip(","))
    if m is None:
        return None
    try:
        return datetime.strptime(m[1], "%d-%b-%Y").date().isoformat()
    except ValueError as exc:
        raise ParseError(path, f"unreadable Report Date {m[1]!r}", position="line 1") from exc
