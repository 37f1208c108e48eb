"""Linking: which nodes of the ownership graph are designated targets.

Three ways, strongest first, each link keeping its score and a sentence saying why:
- `same id`: the node is a list entity itself (the lists' own notes, FtM exports that
  share OpenSanctions ids);
- `identifier`: a company number, LEI, INN, OGRN, tax or IMO number equal to one a
  target carries (compared without spaces, dots or dashes; a plain registration number
  only where the countries do not disagree, as numbers repeat across registers);
- `name`: the screening engine (kleptrace.screen.Screener) over the node's name, with
  its country, birth date and identifiers as evidence, kept at or above the threshold
  (`KLEPTRACE_GRAPH_LINK_THRESHOLD`, default 0.92: stricter than screening's 0.87,
  because links feed the ownership rules without a reviewer).
The rules read `graph_links`; a node may link to several targets (one per list).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from kleptrace.graph.importers.rows import GraphRows
from kleptrace.graph.model import LINKS
from kleptrace.graph.write import GraphVersion, commit, ensure_tables, unchanged
from kleptrace.screen import Match, Query, Screener
from kleptrace.store import connect

DATASET = "links"
FORMAT = "link"

SCREENED_SCHEMATA = {
    "Person": "Person",
    "Company": "Company",
    "Organization": "Organization",
    "LegalEntity": "LegalEntity",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
}
"""Node schemata matched by name, and the query schema each is screened as."""
TARGET_IDENTIFIERS = (
    "registrationNumber",
    "leiCode",
    "innCode",
    "ogrnCode",
    "taxNumber",
    "imoNumber",
    "swiftBic",
    "okpoCode",
    "vatCode",
)
COUNTRY_BOUND = ("registrationNumber", "taxNumber", "vatCode")
"""Numbers that repeat across countries' registers: a match needs agreeing countries."""
BLOCK = 500

NORMAL = "upper(regexp_replace({}, '[\\s./-]', '', 'g'))"

SAME_ID = """
SELECT DISTINCT n.node_id, n.node_id AS target_id, 1.0 AS score, 'same id' AS method,
    'the node is this list entity' AS explanation
FROM graph_nodes n JOIN current_statements s ON s.entity_id = n.node_id
"""

IDENTIFIER = f"""
WITH node_ids AS (
    SELECT n.node_id, n.jurisdiction, e.key AS scheme, e.value AS number,
        {NORMAL.format("e.value")} AS normal
    FROM graph_nodes n, unnest(map_entries(n.identifiers)) t(e)
    WHERE n.schema <> 'RealEstate'
),
target_ids AS (
    SELECT s.entity_id, s.prop, s.value, {NORMAL.format("s.value")} AS normal
    FROM current_statements s WHERE s.prop IN (SELECT unnest($props))
),
target_countries AS (
    SELECT entity_id, list(DISTINCT value) AS countries FROM current_statements
    WHERE prop IN ('country', 'jurisdiction') GROUP BY entity_id
)
SELECT i.node_id, t.entity_id AS target_id, 1.0 AS score, 'identifier' AS method,
    string_agg(DISTINCT i.scheme || ' ' || i.number || ' = ' || t.prop || ' ' || t.value, '; ')
        AS explanation
FROM node_ids i JOIN target_ids t ON i.normal = t.normal AND length(i.normal) >= 5
LEFT JOIN target_countries c ON c.entity_id = t.entity_id
WHERE i.node_id <> t.entity_id AND (
    t.prop NOT IN (SELECT unnest($bound)) OR i.jurisdiction IS NULL OR c.countries IS NULL
    OR list_contains(c.countries, i.jurisdiction))
GROUP BY i.node_id, t.entity_id
"""


@dataclass(frozen=True)
class NodeToScreen:
    node_id: str
    schema: str
    name: str
    jurisdiction: str | None
    identifiers: tuple[str, ...]
    birth_date: str | None


def exact_links(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Links by shared entity id and by identifier, as one LINKS table."""
    rows: pa.Table = con.sql(
        f"SELECT * FROM ({SAME_ID}) UNION ALL SELECT * FROM ({IDENTIFIER}) "
        "ORDER BY node_id, target_id",
        params={"props": list(TARGET_IDENTIFIERS), "bound": list(COUNTRY_BOUND)},
    ).to_arrow_table()
    return rows.cast(LINKS)


def nodes_to_screen(con: duckdb.DuckDBPyConnection, linked: set[str]) -> list[NodeToScreen]:
    """Named parties of the graph not already linked exactly."""
    out = []
    for node_id, schema, name, jurisdiction, identifiers, attributes in con.execute(
        "SELECT node_id, schema, name, jurisdiction, identifiers, attributes FROM graph_nodes "
        "WHERE name IS NOT NULL AND schema IN (SELECT unnest(?)) ORDER BY node_id",
        [list(SCREENED_SCHEMATA)],
    ).fetchall():
        if node_id in linked:
            continue
        out.append(
            NodeToScreen(
                node_id,
                SCREENED_SCHEMATA[schema],
                name,
                jurisdiction,
                tuple(identifiers.values()),
                (attributes or {}).get("birthDate") or None,
            )
        )
    return list({n.node_id: n for n in out}.values())


def explain(match: Match) -> str:
    """One line: the names compared, then each piece of evidence and its effect."""
    parts = [f"name {match.query_name!r} ~ {match.matched_name!r} ({match.caption})"]
    parts += [f"{f.name}: {f.detail} ({f.contribution:+.2f})" for f in match.features]
    return "; ".join(parts)


def name_links(
    screener: Screener, nodes: list[NodeToScreen], threshold: float
) -> Iterator[dict[str, object]]:
    """Links by screening each node's name, at or above `threshold`."""
    for start in range(0, len(nodes), BLOCK):
        block = nodes[start : start + BLOCK]
        queries = [
            Query(
                (n.name,),
                n.schema,
                birth_dates=(n.birth_date,) if n.birth_date else (),
                countries=(n.jurisdiction[:2],) if n.jurisdiction else (),
                identifiers=n.identifiers,
                id=n.node_id,
            )
            for n in block
        ]
        for node, matches in zip(block, screener.screen_many(queries, threshold), strict=True):
            for match in matches:
                yield {
                    "node_id": node.node_id,
                    "target_id": match.entity_id,
                    "score": round(match.score, 4),
                    "method": "name",
                    "explanation": explain(match),
                }


def links_digest(con: duckdb.DuckDBPyConnection, threshold: float) -> str:
    """What the links depend on: the live graph, the live lists and the threshold."""
    graph = con.execute(
        "SELECT list(version_id ORDER BY version_id) FROM graph_versions "
        "WHERE live AND format <> 'link'"
    ).fetchone()
    lists = con.execute(
        "SELECT list(version_id ORDER BY version_id) FROM current_versions"
    ).fetchone()
    return hashlib.sha256(repr((graph, lists, threshold)).encode()).hexdigest()


def run(db_path: Path, threshold: float, workers: int = 1) -> GraphVersion:
    """Link the live graph to the live lists and store the links as a new version of the
    `links` dataset (a no-op when neither they nor the threshold changed).

    The screening index opens its own read-only connection, so the store is opened
    for reading first, then for writing only to commit."""
    con = connect(db_path)
    try:
        ensure_tables(con)
        digest = links_digest(con, threshold)
        same = unchanged(con, DATASET, FORMAT, digest)
        if same is not None:
            return same
        exact = exact_links(con)
        nodes = nodes_to_screen(con, set(exact.column("node_id").to_pylist()))
    finally:
        con.close()
    by_name = (
        list(name_links(Screener.open(db_path, workers=workers), nodes, threshold)) if nodes else []
    )
    links = pa.concat_tables([exact, pa.Table.from_pylist(by_name, schema=LINKS)])
    rows = GraphRows(DATASET)
    rows.records = len(nodes) + len(set(exact.column("node_id").to_pylist()))
    con = connect(db_path)
    try:
        return commit(con, rows, FORMAT, digest, [{"threshold": threshold}], {"graph_links": links})
    finally:
        con.close()
