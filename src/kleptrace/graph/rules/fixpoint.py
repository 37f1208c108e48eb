"""Iterate a set-based step to its fixed point: the loop that turns one join over the edge
table into "directly or indirectly", and terminates on cycles.

Each step reads the state table and returns the next one as a whole (a join and a group
by, which Spark runs the same way). The rules only ever add nodes or raise a node's
status (undetermined to yes), so the state is a fixed point when its row count and its
status total stop changing, and a cycle of companies owning each other cannot loop
forever: at most one round per node and status.
"""

from __future__ import annotations

import duckdb


def iterate(con: duckdb.DuckDBPyConnection, state: str, seed_sql: str, step_sql: str) -> int:
    """Create `state` from `seed_sql`, then replace it by `step_sql` (which reads it) until
    nothing changes; return the number of rounds run."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {state} AS {seed_sql}")
    before = _signature(con, state)
    rounds = 0
    while True:
        rounds += 1
        con.execute(f"CREATE OR REPLACE TEMP TABLE {state}_next AS {step_sql}")
        con.execute(f"DROP TABLE {state}")
        con.execute(f"ALTER TABLE {state}_next RENAME TO {state}")
        after = _signature(con, state)
        if after == before:
            return rounds
        before = after


def _signature(con: duckdb.DuckDBPyConnection, state: str) -> tuple[int, int]:
    [(rows, total)] = con.execute(
        f"SELECT count(*), coalesce(sum(status), 0) FROM {state}"
    ).fetchall()
    return int(rows), int(total)
