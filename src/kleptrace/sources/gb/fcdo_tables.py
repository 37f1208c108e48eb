"""The five CSV tables of the FCDO derived set, found, read and joined on `unique_id`.

    subjects.csv             unique_id, subject_type, un_reference_number, ofsi_group_id,
                             date_designated, last_updated
    subject_names.csv        name_type, alias_strength, full_name, name_6, name_1..name_5
    subject_identifiers.csv  identifier_type, raw_value, additional_info
    subject_dobs.csv         year, month, day, precision
    subject_countries.csv    raw_value, country_type, iso

A table is recognised by its header, so renamed files still form a set. Every table is
read strictly (UTF-8, one cell per header column) and each row keeps its line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from kleptrace.exc import ParseError
from kleptrace.sources.csv_rows import decode, numbered_rows, require_columns
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport

TABLES: dict[str, tuple[str, ...]] = {
    "subjects": (
        "unique_id",
        "subject_type",
        "un_reference_number",
        "ofsi_group_id",
        "date_designated",
        "last_updated",
    ),
    "names": (
        "unique_id",
        "name_type",
        "alias_strength",
        "full_name",
        "name_6",
        "name_1",
        "name_2",
        "name_3",
        "name_4",
        "name_5",
    ),
    "identifiers": ("unique_id", "raw_value", "identifier_type", "additional_info"),
    "dobs": ("unique_id", "year", "month", "day", "precision"),
    "countries": ("unique_id", "raw_value", "country_type", "iso"),
}
"""The required columns of each table; a table is recognised by its header."""

FILENAMES = {
    "subjects": "subjects.csv",
    "names": "subject_names.csv",
    "identifiers": "subject_identifiers.csv",
    "dobs": "subject_dobs.csv",
    "countries": "subject_countries.csv",
}
SIBLINGS = ("names", "identifiers", "dobs", "countries")


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    def printed(self) -> str:
        """The row as the report keeps a rejected one: column=value pairs."""
        return ",".join(f"{k}={v}" for k, v in self.cells.items())


# --- the file set ----------------------------------------------------------------------


def table_kind(first_line: str) -> str | None:
    """Which of the five tables a header line belongs to (None for anything else)."""
    try:
        header = next(csv.reader([first_line.lstrip("\ufeff")]))
    except (csv.Error, StopIteration):
        return None
    cells = set(header)
    return next((kind for kind, required in TABLES.items() if cells.issuperset(required)), None)


def find_tables(folder: Path) -> dict[str, Path]:
    """The five tables in a folder: the usual file names, else any CSV with that header.

    A file with the usual name is taken even when its header is wrong, so that `parse`
    names the missing column rather than the table.
    """
    found = {kind: folder / name for kind, name in FILENAMES.items() if (folder / name).is_file()}
    for path in sorted(folder.glob("*.csv")):
        if path.name in FILENAMES.values():
            continue
        kind = table_kind(_first_line(path))
        if kind is not None and kind not in found:
            found[kind] = path
    return found


def primary(path: Path) -> Path:
    """Any of the five tables leads to subjects.csv, which `parse` reads."""
    path = Path(path)
    if table_kind(_first_line(path)) == "subjects":
        return path
    return find_tables(path.parent).get("subjects", path.parent / FILENAMES["subjects"])


def members(path: Path) -> list[Path]:
    """Every table of the set that exists (a missing one fails in `parse`, naming it)."""
    tables = find_tables(Path(path).parent)
    if Path(path).is_file():
        tables.setdefault("subjects", Path(path))
    return [tables[k] for k in TABLES if k in tables]


def _first_line(path: Path) -> str:
    with open(path, "rb") as fh:
        return fh.readline(16 * 1024).decode("utf-8", errors="replace").strip("\r\n")


# --- reading ---------------------------------------------------------------------------


def read_rows(path: Path, kind: str) -> list[Row]:
    """A whole table, strictly UTF-8, with the line each row starts on."""
    text = decode(path, path.read_bytes())
    if not text.strip():
        raise ParseError(path, "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        require_columns(path, header, TABLES[kind], "line 1")
        rows: list[Row] = []
        for line, cells in numbered_rows(reader):
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise ParseError(
                    path,
                    f"{len(cells)} cells where the header has {len(header)}",
                    position=f"line {line}",
                )
            rows.append(Row(line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", position=f"line {reader.line_num}") from exc
    return rows


def read_siblings(
    tables: dict[str, Path], subjects: Container[str], report: ParseReport
) -> dict[str, dict[str, list[Row]]]:
    """The rows of the four sibling tables by unique_id, then by table; a row whose
    unique_id is not one of the `subjects` is rejected, naming tables["subjects"]."""
    siblings: dict[str, dict[str, list[Row]]] = {}
    for kind in SIBLINGS:
        table = tables[kind]
        for row in read_rows(table, kind):
            report.records += 1
            uid = row.cells["unique_id"]
            if uid not in subjects:
                report.reject(
                    table.name,
                    f"line {row.line}",
                    f"unique_id {uid!r} is not in {tables['subjects'].name}",
                    row.printed(),
                )
                continue
            siblings.setdefault(uid, {}).setdefault(kind, []).append(row)
    return siblings


def published(path: Path) -> str | None:
    """The latest last_updated in subjects.csv: the derived set states no publication date."""
    path = primary(Path(path))
    if not path.is_file():
        raise ParseError(path, "subjects.csv of the FCDO derived set is missing")
    dates = [d for row in read_rows(path, "subjects") if (d := _date(row.cells["last_updated"]))]
    return max(dates) if dates else None


def _date(value: str) -> str | None:
    parsed = parse_date(value, day_first=True)
    return parsed.values[0] if parsed else None
