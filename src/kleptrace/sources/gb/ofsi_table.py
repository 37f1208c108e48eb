"""The OFSI Consolidated List as a table of text cells, from ConList.xlsx or ConList.csv.

Row 1 is "Last Updated, dd/mm/yyyy" (the publication date), row 2 the header. The
header is found by its cells rather than its position, so a file without the date row
still reads. Every cell becomes stripped text: Excel's integral floats lose ".0" and
dates become ISO dates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path

from python_calamine import CalamineWorkbook

from kleptrace.exc import ParseError
from kleptrace.sources.base import EMPTY_MARKERS, Head, is_empty
from kleptrace.sources.csv_rows import Numbered, decode, numbered_rows, require_columns
from kleptrace.sources.dates import parse_date

NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_PARTS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
COLUMNS = (
    "Name 6",
    *NAME_PARTS,
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    *ADDRESS_PARTS,
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
)
"""Every column of the 2022 format; all are required, so a renamed column fails loudly."""

Row = dict[str, str]
"""A data row keyed by the header."""


@dataclass
class Table:
    header: list[str]
    unit: str
    """What a position counts: "row" in a workbook, "line" in a CSV file."""
    rows: Numbered
    """Every data row after the header, with its position."""


def read_table(path: Path) -> Table:
    """The header and data rows; fails naming the position when there is no header row or
    a required column is missing."""
    xlsx = _is_xlsx(path)
    rows = _read_xlsx(path) if xlsx else _read_csv(path)
    unit = "row" if xlsx else "line"
    if not any(not is_empty(c) for _, r in rows for c in r):
        raise ParseError(path, "the file is empty")
    at = header_index(rows)
    if at is None:
        number, first = rows[0]
        start = ", ".join(first[:4])
        raise ParseError(
            path,
            f"no OFSI header row ('Name 6' ... 'Group ID'); the file starts with: {start}",
            position=f"{unit} {number}",
        )
    number, cells = rows[at]
    header = _unique(cells)
    require_columns(path, header, COLUMNS, f"{unit} {number}")
    return Table(header, unit, rows[at + 1 :])


def filled(cell: str) -> bool:
    """is_empty for cells already read as stripped text, cheap enough for every cell."""
    return bool(cell) and cell.lower() not in EMPTY_MARKERS


def header_index(rows: Numbered) -> int | None:
    """Which of the first five rows is the header ('Name 6' ... 'Group ID')."""
    for i, (_, row) in enumerate(rows[:5]):
        if "Name 6" in row and "Group ID" in row:
            return i
    return None


def head_rows(head: Head) -> Numbered:
    """The first three rows of a file being sniffed; none when it is not a readable table."""
    if head.text == "<zip>":
        try:
            return _xlsx_rows(head.path, nrows=3)
        except Exception:
            return []
    text = _head_text(head.path) if "\x00" in head.text else head.text.lstrip("\ufeff")
    try:
        return _csv_rows(text, limit=3)
    except csv.Error:
        return []


def published(path: Path) -> str | None:
    """The "Last Updated" date printed in row 1, as an ISO date (None when not printed)."""
    if _is_xlsx(path):
        try:
            rows = _xlsx_rows(path, nrows=3)
        except Exception as exc:
            raise ParseError(path, f"cannot read the workbook: {exc}") from exc
    else:
        rows = _csv_rows(_head_text(path), limit=3)
    for _, row in rows:
        if row and row[0].lower() == "last updated" and len(row) > 1:
            parsed = parse_date(row[1], day_first=True)
            return parsed.values[0] if parsed else None
    return None


def _unique(header: list[str]) -> list[str]:
    """Blank and repeated header cells get names of their own, so no cell overwrites another."""
    out: list[str] = []
    for i, name in enumerate(header, start=1):
        name = name or f"column {i}"
        out.append(name if name not in out else f"{name} (column {i})")
    return out


def _is_xlsx(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _cell_text(value: object) -> str:
    """A workbook cell as text: integral floats lose ".0", dates become ISO dates."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path, nrows: int | None = None) -> Numbered:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    first = sheet.start[0] if sheet.start else 0
    rows = sheet.to_python(nrows=nrows) if nrows else sheet.to_python()
    return [(first + i + 1, [_cell_text(c) for c in row]) for i, row in enumerate(rows)]


def _read_xlsx(path: Path) -> Numbered:
    try:
        return _xlsx_rows(path)
    except Exception as exc:
        raise ParseError(path, f"cannot read the workbook (truncated or corrupt): {exc}") from exc


def _csv_rows(text: str, limit: int | None = None) -> Numbered:
    return list(islice(numbered_rows(csv.reader(io.StringIO(text, newline=""))), limit))


def _read_csv(path: Path) -> Numbered:
    raw = path.read_bytes()
    text = decode(path, raw, _encoding(raw))
    try:
        return _csv_rows(text)
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}") from exc


def _head_text(path: Path) -> str:
    """The first 64 KiB as text, for sniffing and the publication date."""
    with open(path, "rb") as fh:
        raw = fh.read(64 * 1024)
    return raw.decode(_encoding(raw), errors="replace")


def _encoding(raw: bytes) -> str:
    """UTF-16 (Excel's "Unicode" CSV) is told by its byte-order mark; else UTF-8."""
    return "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
