"""Australia DFAT: reading the workbook and grouping its rows into listings.

The sheet has one row per name. A primary row has a numeric Reference ("2780", stored by
Excel as 2780.0); the rows of its other names carry the same number plus a suffix ("3a",
"2672a10"). Rows are grouped by that number here; dfat_entity turns each group into
entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from kleptrace.exc import ParseError
from kleptrace.sources.base import is_empty
from kleptrace.sources.list_files import require_content
from kleptrace.sources.report import ParseReport

REFERENCE = "Reference"
NAME_COL = "Name of Individual or Entity"
TYPE = "Type"
NAME_TYPE = "Name Type"
DOB = "Date of Birth"
POB = "Place of Birth"
CITIZENSHIP = "Citizenship"
ADDRESS = "Address"
INFO = "Additional Information"
LISTING = "Listing Information"
COMMITTEES = "Committees"
CONTROL_DATE = "Control Date"
COLUMNS = (
    REFERENCE, NAME_COL, TYPE, NAME_TYPE, DOB, POB, CITIZENSHIP, ADDRESS, INFO, LISTING,
    COMMITTEES, CONTROL_DATE,
)  # fmt: skip
HEADER_SCAN_ROWS = 10
"""The header is looked for in this many rows at the top of the sheet."""

_REF_RE = re.compile(r"^(\d+)([a-z]*\d*)$")
_EXTRA = "\x00"
"""Prefix of header keys for columns DFAT added that COLUMNS does not name."""

Header = dict[str, int]
"""Column name to index; unexpected columns are keyed by _EXTRA plus their label."""


def cell(value: Any) -> Any:
    """Calamine values as the list means them: 1961.0 is the year 1961, blanks are None."""
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date):
        return value
    text = str(value).replace("\xa0", " ").strip()
    return None if is_empty(text) else text


def cell_text(value: Any) -> str | None:
    """A cell as text; dates as ISO days."""
    value = cell(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def lower_text(value: Any) -> str:
    """A cell as lower-case text for comparing labels ("AKA" is "aka"); blank is ""."""
    return (cell_text(value) or "").strip().lower()


def _sheet_rows(path: Path) -> list[list[Any]]:
    """The rows of the first worksheet; damage of any kind becomes a ParseError."""
    require_content(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ParseError(path, "workbook has no sheets")
        rows: list[list[Any]] = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ParseError:
        raise
    except Exception as exc:  # calamine raises its own types for zip and XML damage
        raise ParseError(path, f"not a readable xlsx workbook: {exc}") from exc
    if not rows:
        raise ParseError(path, "empty worksheet")
    return rows


def _header(path: Path, cells: list[str], index: int) -> Header:
    """The column map of the header row at `index`, checked to have every column."""
    header = {name: cells.index(name) for name in COLUMNS if name in cells}
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ParseError(
            path,
            f"missing column(s): {', '.join(missing)}",
            position=f"row {index + 1}",
            field=", ".join(missing),
        )
    extra = {i: name or f"column {i + 1}" for i, name in enumerate(cells) if name not in COLUMNS}
    header.update({f"{_EXTRA}{label}": i for i, label in extra.items()})
    return header


def read_rows(path: Path) -> tuple[Header, list[tuple[int, list[Any]]]]:
    """The header map and the data rows under it (with 1-based sheet row numbers)."""
    rows = _sheet_rows(path)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if REFERENCE in cells and NAME_COL in cells:
            data = [(index + 2 + n, list(r)) for n, r in enumerate(rows[index + 1 :])]
            return _header(path, cells, index), data
    raise ParseError(
        path,
        f"no header row with {REFERENCE!r} and {NAME_COL!r} in the first {HEADER_SCAN_ROWS} rows",
        position="row 1",
        field=REFERENCE,
    )


@dataclass
class Row:
    """One sheet row, its cells cleaned by `cell`."""

    number: int
    ref: str
    cells: dict[str, Any]
    extra: dict[str, str]
    """Text of the columns COLUMNS does not name, by their header label."""
    raw: str
    """The row as printed, for the report when it is rejected."""

    def get(self, column: str) -> Any:
        return self.cells.get(column)


@dataclass
class Group:
    """The rows of one listing: its primary row and the rows of its other names."""

    key: str
    primary: Row | None = None
    aliases: list[Row] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return ([self.primary] if self.primary else []) + self.aliases


def _ref(value: Any) -> str | None:
    text = str(value).strip().lower() if value is not None else ""
    return text or None


def _raw(row: list[Any]) -> str:
    return " | ".join("" if c is None else str(c) for c in row)


def groups(path: Path, report: ParseReport) -> list[Group]:
    """Rows grouped by the leading number of their Reference, primary rows checked unique."""
    header, data = read_rows(path)
    found: dict[str, Group] = {}
    seen_refs: dict[str, int] = {}
    blank = 0
    for number, original in data:
        row = [cell(c) for c in original]
        if all(c is None for c in row):
            blank += 1
            continue
        report.records += 1

        def at(i: int, row: list[Any] = row) -> Any:
            return row[i] if i < len(row) else None

        ref = _ref(at(header[REFERENCE]))
        match = _REF_RE.match(ref) if ref else None
        if not match or not ref:
            report.reject(path.name, f"row {number}", "unreadable Reference", _raw(original))
            continue
        if ref in seen_refs:
            if not match.group(2):
                raise ParseError(
                    path,
                    f"duplicate primary Reference {ref} (first at row {seen_refs[ref]})",
                    position=f"row {number}",
                    field=REFERENCE,
                )
            report.warnings.append(
                f"{path.name} row {number}: Reference {ref} repeats row {seen_refs[ref]}"
            )
        seen_refs.setdefault(ref, number)
        cells = {name: at(header[name]) for name in COLUMNS}
        extra = {
            key[1:]: text
            for key, i in header.items()
            if key.startswith(_EXTRA) and (text := cell_text(at(i)))
        }
        item = Row(number, ref, cells, extra, _raw(original))
        group = found.setdefault(match.group(1), Group(match.group(1)))
        if match.group(2):
            group.aliases.append(item)
        else:
            group.primary = item
    if blank:
        report.warnings.append(f"{path.name}: {blank} blank row(s) skipped")
    if not found:
        raise ParseError(path, "no data rows under the header")
    return list(found.values())
