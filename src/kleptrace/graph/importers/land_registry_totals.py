"""The aggregated OCOD file (ownership/ocod_derived_titles_per_company_2015_2017.csv):
one overseas proprietor per row with the number of titles it held at each snapshot date.
Each row is a Company node (keyed by name as in land_registry, so a full OCOD import
meets it) whose attributes carry the counts, `titles <date>`, and the change."""

from __future__ import annotations

import json
from pathlib import Path

from kleptrace.graph.importers.base import GraphFormat, csv_header, table_records
from kleptrace.graph.importers.land_registry import proprietor_id
from kleptrace.graph.importers.rows import GraphRows

NAME = "Proprietor_Name"


def sniff(path: Path, head: bytes) -> bool:
    header = csv_header(head)
    return bool(header) and header[0] == NAME


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        for record in table_records(path, rows, (NAME,)):
            cells = record.cells
            name = cells[NAME].strip()
            if not name:
                rows.reject(
                    str(path), f"line {record.line}", "no proprietor name", json.dumps(cells)
                )
                continue
            counts = {
                (f"titles {column.split()[0]}" if column[:1].isdigit() else column): _count(value)
                for column, value in cells.items()
                if column != NAME
            }
            rows.node(
                proprietor_id(name),
                "Company",
                name,
                f"{path.name}:line {record.line}",
                attributes=counts,
            )


def _count(value: str) -> str:
    """'2071.0' -> '2071' (pandas wrote the counts as floats); blanks stay blank."""
    text = value.strip()
    return text[:-2] if text.endswith(".0") else text


FORMAT = GraphFormat(
    "land-registry-totals",
    "Overseas proprietors with their title counts at two OCOD dates (aggregated CSV)",
    sniff,
    read,
)
