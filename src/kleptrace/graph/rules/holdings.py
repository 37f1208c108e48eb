"""The inputs every rule reads, as temporary DuckDB tables on the caller's connection:
`kt_holdings` (the live interests of an edge table, as intervals), `kt_seeds` (the
designated nodes) and `kt_nodes` (node id and its 64-bit hash `node`). The rules join
on the hashes, several times faster than on strings at 10M edges, and hashing needs no
join to number the nodes; ids are looked up only for the nodes a result names.

Which edges count, and why:
- ceased interests (`end_date` set) do not: a sanction freezes what is held now;
- an interest a register states as indirect (`direct = false`) is the sum of a chain the
  rules already walk, so it is used only where the register gives no direct interest of
  that kind in the asset at all (the chain is unknown); otherwise it would count twice;
- a company's holding of its own shares is dropped (it carries no owner's stake);
- an unstated share is the interval [0, 100]: present, size unknown.
Edges sharing a `joint_group` on one asset are one holding, whose stake is the sum of
its edges (the UK rule attributes it whole to each joint holder).
Where the designated nodes come with the `target_id` they are linked to, nodes linked to
the same target are one person: their interests of one kind in one asset are the same
interest stated twice (two declarations, two registers), so they count once, as the
hull of the stated stakes, never as a sum (BODS simple- and full-pep-declaration).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from kleptrace.exc import KleptraceError

RULE_KINDS = ("ownership", "voting", "control", "proprietor")
"""The edge kinds any of the three rules reads (a proprietor's title is caught with
them); the others (directorship, family ...) are context for `trace`, not ownership or
control in law."""


def prepare(
    con: duckdb.DuckDBPyConnection,
    edges: str | duckdb.DuckDBPyRelation,
    designated: Iterable[str] | duckdb.DuckDBPyRelation,
) -> None:
    """Create `kt_holdings` and `kt_seeds` from any relation (or table name) with the
    EDGES columns and the designated node ids (a relation with a `node_id` column, or
    plain ids); `kt_nodes` starts empty and `name_nodes` fills it."""
    if isinstance(edges, duckdb.DuckDBPyRelation):
        con.register("kt_edges_input", edges)  # a view that also works on a read-only store
    else:
        con.execute(f"CREATE OR REPLACE TEMP VIEW kt_edges_input AS SELECT * FROM {edges}")
    if isinstance(designated, duckdb.DuckDBPyRelation):
        con.register("kt_designated_input", designated)
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE kt_designated_input (node_id VARCHAR)")
        ids = sorted(set(designated))
        if ids:
            con.executemany("INSERT INTO kt_designated_input VALUES (?)", [(i,) for i in ids])
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_seeds AS
        SELECT DISTINCT hash(node_id) AS node FROM kt_designated_input WHERE node_id IS NOT NULL
    """)
    con.execute("CREATE OR REPLACE TEMP TABLE kt_nodes (node UBIGINT, node_id VARCHAR)")
    kinds = ", ".join(f"'{k}'" for k in RULE_KINDS)
    live = f"end_date IS NULL AND kind IN ({kinds}) AND owner_id <> asset_id"
    [(restated,)] = con.execute(
        f"SELECT count(*) FROM kt_edges_input WHERE {live} AND direct = false"
    ).fetchall()
    indirect = (
        f"""LEFT JOIN (
            SELECT DISTINCT asset_id, kind FROM kt_edges_input
            WHERE {live} AND direct IS DISTINCT FROM false
        ) d ON d.asset_id = l.asset_id AND d.kind = l.kind
        WHERE l.direct IS DISTINCT FROM false OR d.asset_id IS NULL"""
        if restated
        else ""
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_holdings AS
        SELECT l.edge_id, hash(l.owner_id) AS owner, hash(l.asset_id) AS asset, l.kind,
            coalesce(share_min, 0.0) AS lo,
            coalesce(share_max, 100.0) AS hi,
            coalesce(share_min_exclusive, false) AS lo_x,
            coalesce(share_max_exclusive, false) AS hi_x,
            l.joint_group
        FROM (SELECT * FROM kt_edges_input WHERE {live}) l
        {indirect}
    """)
    columns = {d[0] for d in con.execute("SELECT * FROM kt_designated_input LIMIT 0").description}
    if "target_id" in columns:
        _one_person_per_target(con)


def _one_person_per_target(con: duckdb.DuckDBPyConnection) -> None:
    """Merge the holdings of nodes linked to one designated target: each (target,
    asset, kind) holding once, owned by the target's first node, its stake the hull of
    the stakes stated (inclusive ends preferred where the bounds tie)."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_same_person AS
        SELECT node, min(person) AS person FROM (
            SELECT node, min(node) OVER (PARTITION BY target_id) AS person FROM (
                SELECT DISTINCT hash(node_id) AS node, target_id FROM kt_designated_input
                WHERE node_id IS NOT NULL AND target_id IS NOT NULL
            )
        ) GROUP BY node
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_holdings AS
        SELECT min(h.edge_id) AS edge_id, coalesce(p.person, h.owner) AS owner, h.asset,
            h.kind, min(h.lo) AS lo, max(h.hi) AS hi,
            arg_min(h.lo_x, (h.lo, h.lo_x)) AS lo_x, arg_max(h.hi_x, (h.hi, NOT h.hi_x)) AS hi_x,
            h.joint_group
        FROM kt_holdings h LEFT JOIN kt_same_person p ON p.node = h.owner
        GROUP BY coalesce(p.person, h.owner), h.asset, h.kind, h.joint_group,
            CASE WHEN p.person IS NULL THEN h.edge_id END
    """)


def name_nodes(con: duckdb.DuckDBPyConnection, nodes: str) -> None:
    """Add to `kt_nodes` the ids behind the hashed `nodes` (a one-column query). Only
    the nodes a result names are looked up; if two ids behind them share a hash (odds
    about 1 in 10^5 at 10M nodes), the rules may have merged them: refuse the result."""
    con.execute(f"""
        INSERT INTO kt_nodes
        SELECT DISTINCT hash(id), id FROM (
            SELECT owner_id AS id FROM kt_edges_input
            UNION ALL SELECT asset_id FROM kt_edges_input
            UNION ALL SELECT node_id FROM kt_designated_input
        )
        WHERE hash(id) IN ({nodes}) AND hash(id) NOT IN (SELECT node FROM kt_nodes)
    """)
    [(shared,)] = con.execute("SELECT count(*) - count(DISTINCT node) FROM kt_nodes").fetchall()
    if shared:
        raise KleptraceError(f"{shared} node ids share a 64-bit hash with another; rename them")
