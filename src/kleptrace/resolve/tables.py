"""The store tables resolution writes, and the readers other stages call.

resolve_clusters: one row per (canonical target, member record, list the record is
on): cluster_id, entity_id, source, schema, caption, and the run that wrote it.
resolve_runs: when each run happened, with its summary. The table is replaced as
a whole by each run, in one transaction, so readers never see half a run.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from kleptrace.exc import NotFound

DDL = """
CREATE TABLE IF NOT EXISTS resolve_clusters (
    cluster_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, source VARCHAR NOT NULL,
    schema VARCHAR NOT NULL, caption VARCHAR, run_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_runs (run_at TIMESTAMP NOT NULL, summary JSON NOT NULL);
"""


def clusters_exist(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'resolve_clusters'"
    ).fetchall()
    return found == [(1,)]


def write(
    con: duckdb.DuckDBPyConnection, rows: pa.Table, summary: dict[str, Any], run_at: datetime
) -> None:
    """Replace the clusters with `rows` (columns as resolve_clusters) and log the run."""
    con.execute(DDL)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM resolve_clusters")
        con.register("new_clusters", rows)
        con.execute("INSERT INTO resolve_clusters SELECT * FROM new_clusters")
        con.unregister("new_clusters")
        con.execute(
            "INSERT INTO resolve_runs VALUES (?, ?)", [run_at, orjson.dumps(summary).decode()]
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def previous_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Entity id -> canonical id of the last run (empty before the first)."""
    if not clusters_exist(con):
        return {}
    return dict(
        con.execute("SELECT DISTINCT entity_id, cluster_id FROM resolve_clusters").fetchall()
    )


def clusters(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The canonical targets of the last `kleptrace resolve` run, for other stages.

    One row per (cluster, member record, list): columns cluster_id, entity_id,
    source, schema, caption. A record on two lists has two rows; every designated
    target of a live list at the time of the run is in exactly one cluster, a
    target found on no other list in a cluster of its own. Raises NotFound when
    resolution has not run on this store.
    """
    if not clusters_exist(con):
        raise NotFound("no resolved clusters in this store yet; run `kleptrace resolve`")
    return con.sql(
        "SELECT cluster_id, entity_id, source, schema, caption FROM resolve_clusters "
        "ORDER BY cluster_id, entity_id, source"
    ).to_arrow_table()


def cluster_of(con: duckdb.DuckDBPyConnection, any_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The canonical id and members of the cluster that `any_id` (canonical or member) is."""
    if not clusters_exist(con):
        raise NotFound("no resolved clusters in this store yet; run `kleptrace resolve`")
    rows = con.execute(
        "SELECT cluster_id, entity_id, source, schema, caption FROM resolve_clusters "
        "WHERE cluster_id = (SELECT first(cluster_id) FROM resolve_clusters "
        "WHERE cluster_id = ? OR entity_id = ?) ORDER BY source, entity_id",
        [any_id, any_id],
    ).fetchall()
    if not rows:
        raise NotFound(f"{any_id}: neither a canonical id nor a resolved record")
    members = [{"entity_id": e, "source": s, "schema": sc, "caption": c} for _, e, s, sc, c in rows]
    return rows[0][0], members
