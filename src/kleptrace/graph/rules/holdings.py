"""The two inputs every rule reads, as temporary DuckDB tables on the caller's connection:
`kt_holdings` (the live interests of an edge table, as intervals) and `kt_seeds` (the
designated nodes).

Which edges count, and why:
- ceased interests (`end_date` set) do not: a sanction freezes what is held now;
- an interest a register states as indirect (`direct = false`) is the sum of a chain the
  rules already walk, so it is used only where the register gives no direct interest of
  that kind in the asset at all (the chain is unknown); otherwise it would count twice;
- a company's holding of its own shares is dropped (it carries no owner's stake);
- an unstated share is the interval [0, 100]: present, size unknown.
Edges sharing a `joint_group` on one asset are one holding (`holding` column), whose stake
is the sum of its edges (the UK rule attributes it whole to each joint holder).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

RULE_KINDS = ("ownership", "voting", "control", "proprietor")
"""The edge kinds any of the three rules reads (a proprietor's title is caught with
them); the others (directorship, family ...) are context for `trace`, not ownership or
control in law."""


def prepare(
    con: duckdb.DuckDBPyConnection,
    edges: str | duckdb.DuckDBPyRelation,
    designated: Iterable[str] | duckdb.DuckDBPyRelation,
) -> None:
    """Create `kt_holdings` and `kt_seeds` from any relation with the EDGES columns and
    the designated node ids (a relation with a `node_id` column, or plain ids)."""
    if isinstance(edges, duckdb.DuckDBPyRelation):
        edges.create_view("kt_edges_input", replace=True)
        edges = "kt_edges_input"
    if isinstance(designated, duckdb.DuckDBPyRelation):
        designated.create_view("kt_designated_input", replace=True)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE kt_seeds AS "
            "SELECT DISTINCT node_id FROM kt_designated_input WHERE node_id IS NOT NULL"
        )
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE kt_seeds (node_id VARCHAR)")
        ids = sorted(set(designated))
        if ids:
            con.executemany("INSERT INTO kt_seeds VALUES (?)", [(i,) for i in ids])
    kinds = ", ".join(f"'{k}'" for k in RULE_KINDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_holdings AS
        WITH live AS (
            SELECT * FROM {edges}
            WHERE end_date IS NULL AND kind IN ({kinds}) AND owner_id <> asset_id
        ), stated_direct AS (
            SELECT DISTINCT asset_id, kind FROM live WHERE direct IS DISTINCT FROM false
        )
        SELECT l.edge_id, l.owner_id, l.asset_id, l.kind,
            coalesce(share_min, 0.0) AS lo,
            coalesce(share_max, 100.0) AS hi,
            coalesce(share_min_exclusive, false) AS lo_x,
            coalesce(share_max_exclusive, false) AS hi_x,
            coalesce(joint_group, l.edge_id) AS holding
        FROM live l LEFT JOIN stated_direct d ON d.asset_id = l.asset_id AND d.kind = l.kind
        WHERE l.direct IS DISTINCT FROM false OR d.asset_id IS NULL
    """)
