"""The aggregated 50% test shared by OFAC and the EU: the stakes of every caught owner in
an entity are added, a caught intermediate counting with its whole stake (never the
product down the chain), iterated until no more entities are caught.

State rows: (node, status, lo, hi, lo_x, hi_x, basis), where lo..hi is the
aggregate stake of caught owners and basis says why the node is caught: "designated",
"ownership" or "control".
"""

from __future__ import annotations

import duckdb

from kleptrace.graph.rules.fixpoint import iterate
from kleptrace.graph.rules.interval import NO, YES, at_least, more_than, summed

SEED_SQL = (
    f"SELECT node, {YES} AS status, NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, "
    "NULL::BOOLEAN AS lo_x, NULL::BOOLEAN AS hi_x, 'designated' AS basis FROM kt_seeds"
)


def run(con: duckdb.DuckDBPyConnection, state: str, threshold: float, control: bool) -> int:
    """Catch every entity whose caught owners hold `threshold`% or more in the aggregate;
    with `control`, also every entity a caught owner controls by a stated control edge
    or more than half the voting rights. Returns the rounds run."""
    kinds = "'ownership', 'control', 'voting'" if control else "'ownership'"
    owned = f"""
        SELECT node, {at_least(threshold)} AS status, lo, hi, lo_x, hi_x,
            'ownership' AS basis
        FROM (
            SELECT h.asset AS node, {summed("h.status")}
            FROM reached h WHERE h.kind = 'ownership'
            GROUP BY h.asset
        )"""
    controlled = f"""
        SELECT h.asset AS node,
            max(least(h.status, CASE WHEN h.kind = 'control' THEN {YES}
                ELSE {more_than(50.0, "h.lo", "h.hi", "h.lo_x")} END)) AS status,
            NULL::DOUBLE, NULL::DOUBLE, NULL::BOOLEAN, NULL::BOOLEAN, 'control'
        FROM reached h WHERE h.kind IN ('control', 'voting')
        GROUP BY h.asset"""
    step = f"""
        WITH reached AS (  -- the edges out of every caught node
            SELECT s.status, h.* FROM kt_holdings h JOIN {state} s ON h.owner = s.node
            WHERE h.kind IN ({kinds})
        )
        {SEED_SQL}
        UNION ALL
        SELECT * FROM (
            SELECT * FROM ({owned} {"UNION ALL " + controlled if control else ""})
            WHERE status > {NO} AND node NOT IN (SELECT node FROM kt_seeds)
            QUALIFY row_number() OVER (PARTITION BY node ORDER BY status DESC, basis DESC) = 1
        )
    """
    return iterate(con, state, SEED_SQL, step)
