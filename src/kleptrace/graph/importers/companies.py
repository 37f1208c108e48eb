"""UK Companies House BasicCompanyData (CSV, or a JSON array / JSON lines of the same
columns): one Company node per company number, with name, country of origin and status.

Companies House pads some header names with a space (" CompanyNumber"); headers are
compared stripped. A file hard-wrapped at a fixed width (every line but the last the
same length, as in some published fixtures) is read with its line breaks removed, and
the import says so in a warning row.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kleptrace.exc import ParseError
from kleptrace.graph.importers.base import (
    GraphFormat,
    csv_header,
    first_json_object,
    iso_date,
    json_records,
    require_columns,
    table_records,
)
from kleptrace.graph.importers.rows import GraphRows, country_code
from kleptrace.graph.importers.uk import COMPANIES_HOUSE, company_id

NEEDED = ("CompanyName", "CompanyNumber")
ATTRIBUTES = {
    "CompanyCategory": "legalForm",
    "CompanyStatus": "status",
    "IncorporationDate": "incorporationDate",
    "DissolutionDate": "dissolutionDate",
    "RegAddress.PostCode": "postalCode",
}


def sniff(path: Path, head: bytes) -> bool:
    first = first_json_object(head)
    if first is not None:
        return "CompanyNumber" in first and "CompanyName" in first
    header = csv_header(head)
    return bool(header) and header[0] == "CompanyName" and "CompanyNumber" in header


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        for position, cells in _records(path, rows):
            _company(path, position, cells, rows)


def _records(path: Path, rows: GraphRows) -> Iterator[tuple[str, dict[str, Any]]]:
    head = path.read_bytes()[:1]
    if head in (b"[", b"{"):
        yield from json_records(path, rows)
        return
    lines = path.read_text("utf-8-sig").splitlines()
    width = _wrap_width(lines)
    if width is None:
        for record in table_records(path, rows, NEEDED):
            yield f"line {record.line}", record.cells
        return
    rows.warnings.append(f"{path.name}: hard-wrapped at {width} characters; read unwrapped")
    text = "".join(line if len(line) == width else line + "\n" for line in lines)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    require_columns(path, header, NEEDED)
    for number, raw in enumerate(reader, 1):
        rows.records += 1
        yield f"record {number}", {k.strip(): v for k, v in raw.items() if k}


def _wrap_width(lines: list[str]) -> int | None:
    """The width a file is hard-wrapped at, or None. Wrapped: most lines have the longest
    length (they were cut there); a shorter line ends a record."""
    if len(lines) < 3:
        return None
    width = max(map(len, lines))
    cut = sum(len(line) == width for line in lines)
    return width if cut * 2 > len(lines) else None


def _company(path: Path, position: str, cells: dict[str, Any], rows: GraphRows) -> None:
    cells = {str(k).strip(): v for k, v in cells.items()}
    number = str(cells.get("CompanyNumber") or "").strip()
    if not number:
        if "CompanyNumber" not in cells:
            raise ParseError(path, "no CompanyNumber column", position)
        rows.reject(str(path), position, "no company number", json.dumps(cells))
        return
    rows.node(
        company_id(number),
        "Company",
        str(cells.get("CompanyName") or "").strip() or None,
        f"{path.name}:{position}",
        jurisdiction=country_code(str(cells.get("CountryOfOrigin") or "")) or "gb",
        identifiers={COMPANIES_HOUSE: number},
        attributes={
            label: _value(label, str(cells.get(column) or ""))
            for column, label in ATTRIBUTES.items()
        },
    )


def _value(label: str, text: str) -> str:
    """Dates in ISO form (Companies House prints DD/MM/YYYY); other values stripped."""
    return (iso_date(text) or "") if label.endswith("Date") else text.strip()


FORMAT = GraphFormat(
    "companies-house",
    "UK Companies House BasicCompanyData (CSV, JSON array or JSON lines)",
    sniff,
    read,
)
