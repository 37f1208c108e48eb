"""The ownership graph in the store, versioned like the lists.

Each import of a dataset (a file set of one format, or the lists' own notes) is a graph
version: its content hash, format, load time, counts and warnings in `graph_versions`.
`graph_nodes`, `graph_edges` and `graph_rejected` hold the live version of every
dataset (graph.model's columns plus `version_id`): a new version of a dataset replaces
the rows of its previous one in the same transaction, so readers (rules, trace, uwo)
query the tables as they are, and a failed import leaves the last good data. Every
version ever loaded stays listed in `graph_versions`. Re-importing unchanged bytes is a
no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import orjson
import pyarrow as pa

from kleptrace.graph.importers.rows import REJECTED, GraphRows
from kleptrace.graph.model import STORE_TABLES
from kleptrace.store.db import insert_versioned

TYPES = {
    pa.string(): "VARCHAR",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.map_(pa.string(), pa.string()): "MAP(VARCHAR, VARCHAR)",
}
TABLES = {**STORE_TABLES, "graph_rejected": REJECTED}


def _columns(schema: pa.Schema) -> str:
    return ", ".join(f"{field.name} {TYPES[field.type]}" for field in schema)


DDL = """
CREATE SEQUENCE IF NOT EXISTS graph_version_ids START 1;
CREATE TABLE IF NOT EXISTS graph_versions (
    version_id INTEGER PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    files JSON NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    records INTEGER NOT NULL,
    nodes INTEGER NOT NULL,
    edges INTEGER NOT NULL,
    links INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    warnings JSON,
    live BOOLEAN NOT NULL
);
""" + "".join(
    f"CREATE TABLE IF NOT EXISTS {name} (version_id INTEGER NOT NULL, {_columns(schema)});\n"
    for name, schema in TABLES.items()
)


@dataclass(frozen=True)
class GraphVersion:
    version_id: int
    dataset: str
    format: str
    status: str
    """'loaded' or 'unchanged'."""
    records: int
    nodes: int
    edges: int
    links: int
    rejected: int
    warnings: tuple[str, ...] = ()


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def live_version(con: duckdb.DuckDBPyConnection, dataset: str) -> GraphVersion | None:
    ensure_tables(con)
    row = con.execute(
        "SELECT version_id, dataset, format, records, nodes, edges, links, rejected, warnings "
        "FROM graph_versions WHERE dataset = ? AND live",
        [dataset],
    ).fetchone()
    if row is None:
        return None
    records, nodes, edges, links, rejected = map(int, row[3:8])
    warnings = tuple(orjson.loads(row[8] or "[]"))
    return GraphVersion(
        int(row[0]), row[1], row[2], "unchanged", records, nodes, edges, links, rejected, warnings
    )


def unchanged(
    con: duckdb.DuckDBPyConnection, dataset: str, fmt: str, digest: str
) -> GraphVersion | None:
    """The live version of `dataset` when it was read from the same bytes in the same format."""
    ensure_tables(con)
    row = con.execute(
        "SELECT 1 FROM graph_versions "
        "WHERE dataset = ? AND live AND format = ? AND content_hash = ?",
        [dataset, fmt, digest],
    ).fetchone()
    return live_version(con, dataset) if row else None


def commit(
    con: duckdb.DuckDBPyConnection,
    rows: GraphRows,
    fmt: str,
    digest: str,
    files: list[dict[str, object]],
    tables: dict[str, pa.Table] | None = None,
) -> GraphVersion:
    """Write one import as the live version of its dataset, in one transaction."""
    ensure_tables(con)
    tables = tables or {
        "graph_nodes": rows.node_table(),
        "graph_edges": rows.edge_table(),
        "graph_rejected": rows.rejected_table(),
    }
    con.begin()
    try:
        version_id = int(con.execute("SELECT nextval('graph_version_ids')").fetchone()[0])  # type: ignore[index]
        for name in tables:
            con.execute(
                f"DELETE FROM {name} WHERE version_id IN "
                "(SELECT version_id FROM graph_versions WHERE dataset = ? AND live)",
                [rows.dataset],
            )
        con.execute("UPDATE graph_versions SET live = false WHERE dataset = ?", [rows.dataset])
        counts = {name: table.num_rows for name, table in tables.items()}
        con.execute(
            "INSERT INTO graph_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
            [
                version_id,
                rows.dataset,
                fmt,
                digest,
                orjson.dumps(files).decode(),
                datetime.now(UTC).replace(tzinfo=None),
                rows.records,
                counts.get("graph_nodes", 0),
                counts.get("graph_edges", 0),
                counts.get("graph_links", 0),
                counts.get("graph_rejected", 0),
                orjson.dumps(rows.warnings).decode(),
            ],
        )
        for name, table in tables.items():
            insert_versioned(con, name, table, version_id)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return GraphVersion(
        version_id,
        rows.dataset,
        fmt,
        "loaded",
        rows.records,
        counts.get("graph_nodes", 0),
        counts.get("graph_edges", 0),
        counts.get("graph_links", 0),
        counts.get("graph_rejected", 0),
        tuple(rows.warnings),
    )


def versions(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Every graph version, newest first, for `kleptrace graph`."""
    ensure_tables(con)
    cursor = con.execute(
        "SELECT version_id, dataset, format, live, loaded_at, records, nodes, edges, links, "
        "rejected, "
        "content_hash FROM graph_versions ORDER BY version_id DESC"
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
