"""The CSV contract of the EU journal transcription (FORMAT.md beside the files) and the
reader that holds each act's file to it.

The contract is strict on purpose: a file that departs from it (another header, a cell
too many, a CELEX that is not the file's, a schema FORMAT.md does not allow) raises
ParseError naming the line, rather than being read by a guess.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kleptrace.exc import ParseError
from kleptrace.sources.dates import parse_date

if TYPE_CHECKING:
    from _csv import Reader

FOLDERS = ("consolidated", "amendments")
"""The set's subfolders: framework act snapshots, then designations of amending acts."""

ENTITY_COLUMNS = (
    "schema", "name", "alias", "weakAlias", "previousName", "country", "nationality",
    "jurisdiction", "birthDate", "birthPlace", "position", "passportNumber", "gender",
    "appearance", "ethnicity", "fatherName", "motherName", "incorporationDate", "legalForm",
    "sector", "registrationNumber", "taxNumber", "idNumber", "innCode", "ogrnCode", "kppCode",
    "okpoCode", "leiCode", "swiftBic", "ticker", "imoNumber", "mmsi", "flag", "address",
    "phone", "email", "website", "notes",
)  # fmt: skip
_SANCTION_COLUMNS = ("recordId", "programKey", "annex", "measure", "startDate", "reason")
CONSOLIDATED_HEADER = ("celex", *_SANCTION_COLUMNS, *ENTITY_COLUMNS)
AMENDMENT_HEADER = ("amendedCelex", "amendmentCelex", *_SANCTION_COLUMNS, *ENTITY_COLUMNS)

FAMILY = {
    "Person": "person",
    "LegalEntity": "org",
    "Organization": "org",
    "Company": "org",
    "Vessel": "vessel",
    "Asset": "asset",
}
"""Schemata FORMAT.md allows; rows of one family may be the same target."""

_CELEX = re.compile(r"^\d{5}[A-Z]{1,2}\d{4}$")


@dataclass(frozen=True)
class Row:
    """One validated data row of an act's file."""

    path: Path
    line: int
    cells: dict[str, str]
    framework: str
    """The framework act the row designates under (its own CELEX, or the amended act's)."""
    act: str | None
    """The amending act of an amendment row; None for a consolidated row."""


def is_header(line: str) -> bool:
    """Whether a file's first line is the consolidated or the amendment header."""
    return line in (",".join(CONSOLIDATED_HEADER), ",".join(AMENDMENT_HEADER))


def read(path: Path) -> list[Row]:
    """Every data row of one act's CSV, checked against FORMAT.md."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        return _rows(path, reader)
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", f"line {reader.line_num}") from None


def raw(row: Row) -> str:
    """The row as a CSV line again, for the report's rejected rows."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row.cells.values())
    return out.getvalue()


def values(cell: str) -> list[str]:
    """Split a multi-valued cell the way FORMAT.md defines: ';'-separated, CSV-quoted."""
    if not cell:
        return []
    if ";" not in cell and '"' not in cell:
        return [cell]
    reader = csv.reader(io.StringIO(cell), delimiter=";", skipinitialspace=True)
    return [v.strip() for record in reader for v in record if v.strip()]


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ParseError(path, "empty file")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 (byte 0x{data[exc.start]:02x})"
        raise ParseError(path, message, f"line {line}") from None


def _rows(path: Path, reader: Reader) -> list[Row]:
    header = next(reader)
    if tuple(header) == CONSOLIDATED_HEADER:
        source = "celex"
    elif tuple(header) == AMENDMENT_HEADER:
        source = "amendmentCelex"
    else:
        raise _header_error(path, header)
    folder = "consolidated" if source == "celex" else "amendments"
    if path.parent.name in FOLDERS and path.parent.name != folder:
        raise ParseError(path, f"a {folder} header in {path.parent.name}/", position="line 1")
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not cells:
            continue
        where = f"line {line}"
        if len(cells) != len(header):
            raise ParseError(path, f"{len(cells)} cells, header has {len(header)}", where)
        if tuple(cells) in seen:
            raise ParseError(path, f"exact duplicate of line {seen[tuple(cells)]}", where)
        seen[tuple(cells)] = line
        row = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        framework = row["celex"] if source == "celex" else row["amendedCelex"]
        _check(path, row, source, framework, where)
        act = row[source] if source == "amendmentCelex" else None
        rows.append(Row(path, line, row, framework, act))
    if source == "amendmentCelex" and not rows:
        raise ParseError(path, "an amendment file needs at least one data row")
    return rows


def _check(path: Path, row: dict[str, str], source: str, framework: str, where: str) -> None:
    """The cells FORMAT.md constrains: the acts' CELEX numbers, the schema, the start date."""
    if row[source] != path.stem:
        msg = f"CELEX {row[source]!r} does not equal the file name {path.stem!r}"
        raise ParseError(path, msg, where, field=source)
    if not _CELEX.match(framework):
        msg = f"{framework!r} is not a bare CELEX number"
        raise ParseError(path, msg, where, field="amendedCelex")  # celex equals the stem
    if row["schema"] not in FAMILY:
        raise ParseError(path, f"unknown schema {row['schema']!r}", where, field="schema")
    if row["startDate"] and not parse_date(row["startDate"]):
        msg = f"startDate {row['startDate']!r} is not a bare date"
        raise ParseError(path, msg, where, field="startDate")


def _header_error(path: Path, header: list[str]) -> ParseError:
    expected = CONSOLIDATED_HEADER if header[:1] == ["celex"] else AMENDMENT_HEADER
    kind = "consolidated" if expected is CONSOLIDATED_HEADER else "amendment"
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    repeated = sorted({c for c in header if header.count(c) > 1})
    parts = [f"missing {', '.join(missing)}" if missing else "",
             f"unexpected {', '.join(extra)}" if extra else "",
             f"repeated {', '.join(repeated)}" if repeated else ""]  # fmt: skip
    detail = "; ".join(p for p in parts if p) or "columns out of order"
    return ParseError(path, f"header is not the {kind} contract: {detail}", position="line 1")
