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
    f"SELECT node_id AS person_id, node_id, {YES} AS status, NULL::DOUBLE AS lo, "
    "NULL::DOUBLE AS hi, NULL::BOOLEAN AS lo_x, NULL::BOOLEAN AS hi_x, "
    "'designated' AS basis FROM kt_seeds"
)


def run(con: duckdb.DuckDBPyConnection, state: str) -> int:
    """Fill `state` with (designated person, node) for each node that person owns or
    controls (themselves included); return the rounds."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_uk_stakes AS
        SELECT asset_id, kind, holding, sum(lo) AS lo, bool_or(lo_x) AS lo_x,
            least(sum(hi), 100) AS hi, bool_or(hi_x) AND sum(hi) <= 100 AS hi_x
        FROM kt_holdings WHERE kind IN ('ownership', 'voting')
        GROUP BY asset_id, kind, holding
    """)
    step = f"""
        WITH held AS (  -- each holding a person's chain reaches, counted once
            SELECT s.person_id, h.asset_id, h.kind, h.holding, max(s.status) AS status
            FROM kt_holdings h JOIN {state} s ON h.owner_id = s.node_id
            WHERE h.kind IN ('ownership', 'voting')
            GROUP BY ALL
        ), measured AS (
            SELECT held.person_id, held.asset_id AS node_id, held.kind,
                {summed("held.status", "g")}
            FROM held JOIN kt_uk_stakes g USING (asset_id, kind, holding)
            GROUP BY ALL
        ), caught AS (
            SELECT person_id, node_id, {more_than(THRESHOLD)} AS status, lo, hi, lo_x, hi_x,
                kind AS basis
            FROM measured
            UNION ALL
            SELECT s.person_id, h.asset_id, max(s.status), NULL, NULL, NULL, NULL, 'control'
            FROM kt_holdings h JOIN {state} s ON h.owner_id = s.node_id
            WHERE h.kind = 'control'
            GROUP BY ALL
        )
        {SEED_SQL}
        UNION ALL
        SELECT * FROM (
            SELECT * FROM caught WHERE status > {NO} AND node_id <> person_id
            QUALIFY row_number() OVER (
                PARTITION BY person_id, node_id ORDER BY status DESC, basis DESC) = 1
        )
    """
    return iterate(con, state, SEED_SQL, step)
