"""The UK's "owned or controlled directly or indirectly" test (OFSI).

Implements regulation 7 of the Russia (Sanctions) (EU Exit) Regulations 2019 (the same
wording recurs across the UK's sanctions regulations) and OFSI's general guidance on
ownership and control: a person owns or controls an entity if they hold "more than 50%"
of its shares or voting rights, directly or indirectly, or can appoint or remove a
majority of its board, or can be expected to make it act as they wish. Each designated
person is assessed alone: holdings of different designated persons are not added,
unless held jointly or under a joint arrangement (a shared `joint_group`, whose whole
stake each joint holder is taken to hold). Indirect holdings run through majority
chains: when P owns or controls A, all of A's holdings count as P's (paragraph not
verified; DOMAIN.md 2). Shares and voting rights are separate measures, each tested
against the threshold, never added to one another.
"""

from __future__ import annotations

import duckdb

from kleptrace.graph.rules.fixpoint import iterate
from kleptrace.graph.rules.interval import NO, YES, more_than, summed

NAME = "uk"
THRESHOLD = 50.0
KINDS = ("ownership", "voting", "control")
PER_PERSON = True

SEED_SQL = (
    f"SELECT node AS person, node, {YES} AS status, NULL::DOUBLE AS lo, "
    "NULL::DOUBLE AS hi, NULL::BOOLEAN AS lo_x, NULL::BOOLEAN AS hi_x, "
    "'designated' AS basis FROM kt_seeds"
)


def run(con: duckdb.DuckDBPyConnection, state: str) -> int:
    """Fill `state` with (designated person, node) for each node that person owns or
    controls (themselves included); return the rounds."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_joint_stakes AS
        SELECT asset, kind, joint_group, sum(lo) AS lo, bool_or(lo_x) AS lo_x,
            least(sum(hi), 100) AS hi, bool_or(hi_x) AND sum(hi) <= 100 AS hi_x
        FROM kt_holdings WHERE joint_group IS NOT NULL
        GROUP BY asset, kind, joint_group
    """)
    step = f"""
        WITH reached AS (  -- the edges out of what each person owns or controls
            SELECT s.person, s.status, h.*
            FROM kt_holdings h JOIN {state} s ON h.owner = s.node
            WHERE h.kind IN ('ownership', 'voting', 'control')
        ), held AS (  -- a person's own holdings; a joint holding once, its whole stake
            SELECT person, asset, kind, status, lo, hi, lo_x, hi_x
            FROM reached WHERE joint_group IS NULL AND kind <> 'control'
            UNION ALL
            SELECT j.person, j.asset, j.kind, j.status, g.lo, g.hi, g.lo_x, g.hi_x
            FROM (
                SELECT person, asset, kind, joint_group, max(status) AS status
                FROM reached WHERE joint_group IS NOT NULL AND kind <> 'control'
                GROUP BY ALL
            ) j JOIN kt_joint_stakes g USING (asset, kind, joint_group)
        ), measured AS (
            SELECT person, asset AS node, kind, {summed("held.status", "held")}
            FROM held GROUP BY ALL
        ), caught AS (
            SELECT person, node, {more_than(THRESHOLD)} AS status, lo, hi, lo_x, hi_x,
                kind AS basis
            FROM measured
            UNION ALL
            SELECT person, asset, max(status), NULL, NULL, NULL, NULL, 'control'
            FROM reached WHERE kind = 'control'
            GROUP BY ALL
        )
        {SEED_SQL}
        UNION ALL
        SELECT * FROM (
            SELECT * FROM caught WHERE status > {NO} AND node <> person
            QUALIFY row_number() OVER (
                PARTITION BY person, node ORDER BY status DESC, basis DESC) = 1
        )
    """
    return iterate(con, state, SEED_SQL, step)
