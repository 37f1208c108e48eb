"""ICIJ Offshore Leaks database CSVs: nodes-entities, nodes-officers,
nodes-intermediaries, nodes-addresses and nodes-others, joined by relationships.csv.

One import reads relationships.csv with the node files beside it. The free-text `link`
("shareholder of", "Nominee Director of", "registered agent of") becomes a kind
(data/ownership_kinds.yml) and is kept as the edge's `source_kind`. ICIJ states no
share, so every stake is unknown. Officers may be people or companies: ICIJ does not
say, so they are LegalEntity nodes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kleptrace.graph.importers.base import GraphFormat, csv_header, iso_date, table_records
from kleptrace.graph.importers.kinds import icij_kind
from kleptrace.graph.importers.rows import GraphRows, country_code

NODE_FILES = {
    "nodes-entities": "Company",
    "nodes-officers": "LegalEntity",
    "nodes-intermediaries": "LegalEntity",
    "nodes-addresses": "Address",
    "nodes-others": "LegalEntity",
}
RELATIONSHIP_COLUMNS = ("node_id_start", "node_id_end", "link")
NODE_ATTRIBUTES = (
    "incorporation_date",
    "inactivation_date",
    "struck_off_date",
    "status",
    "company_type",
    "service_provider",
    "address",
    "countries",
    "sourceID",
    "note",
)


def sniff(path: Path, head: bytes) -> bool:
    header = csv_header(head)
    return "node_id_start" in header and "node_id_end" in header


def is_node_file(path: Path, head: bytes) -> bool:
    header = csv_header(head)
    return path.stem in NODE_FILES and bool(header) and header[0] == "node_id"


def members(path: Path) -> list[Path]:
    """relationships.csv and the node files beside it."""
    return [path, *(p for stem in NODE_FILES if (p := path.with_name(f"{stem}.csv")).exists())]


def node_id(icij_id: str) -> str:
    return f"icij:{icij_id.strip()}"


def read(paths: list[Path], rows: GraphRows) -> None:
    relationships = [p for p in paths if p.stem not in NODE_FILES]
    for path in paths:
        if path.stem in NODE_FILES:
            for record in table_records(path, rows, ("node_id",)):
                _node(path, f"line {record.line}", record.cells, rows)
    for path in relationships:
        for record in table_records(path, rows, RELATIONSHIP_COLUMNS):
            _relationship(path, f"line {record.line}", record.cells, rows)


def _node(path: Path, position: str, cells: dict[str, Any], rows: GraphRows) -> None:
    if not cells["node_id"].strip():
        rows.reject(str(path), position, "no node_id", json.dumps(cells))
        return
    schema = NODE_FILES[path.stem]
    name = (cells.get("address") if schema == "Address" else None) or cells.get("name") or ""
    codes = (cells.get("country_codes") or "").split(";")
    rows.node(
        node_id(cells["node_id"]),
        schema,
        name.strip() or None,
        f"{path.name}:{position}",
        jurisdiction=country_code(cells.get("jurisdiction_description"))
        or country_code(cells.get("jurisdiction"))
        or country_code(codes[0]),
        identifiers={"icijNodeId": cells["node_id"].strip()},
        attributes={key: (cells.get(key) or "").strip() for key in NODE_ATTRIBUTES},
    )


def _relationship(path: Path, position: str, cells: dict[str, Any], rows: GraphRows) -> None:
    start, end = cells["node_id_start"].strip(), cells["node_id_end"].strip()
    if not start or not end:
        rows.reject(str(path), position, "relationship without both node ids", json.dumps(cells))
        return
    where = f"{path.name}:{position}"
    ends = []
    for icij_id in (start, end):
        ends.append(node_id(icij_id))
        if ends[-1] not in rows.nodes:
            rows.node(ends[-1], "LegalEntity", None, f"{where} (referenced, not in a node file)")
    text = (cells.get("link") or cells.get("rel_type") or "").strip()
    rows.edge(
        ends[0],
        ends[1],
        icij_kind(text),
        where,
        start_date=iso_date(cells.get("start_date")),
        end_date=iso_date(cells.get("end_date")),
        source_kind=text or None,
    )


FORMAT = GraphFormat(
    "icij",
    "ICIJ Offshore Leaks CSVs: relationships.csv with the nodes-*.csv files beside it",
    sniff,
    read,
    members=members,
    companion=is_node_file,
)
