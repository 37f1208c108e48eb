"""The EU's "owned or controlled" test.

Implements the Council's "EU Best Practices for the effective implementation of
restrictive measures" (2024 update), section "Ownership and control": an entity is owned
by a designated person who holds "50% or more of the proprietary rights" or a majority
interest in it; holdings of several designated persons are aggregated; and an entity is
controlled where a designated person can appoint or remove a majority of its board,
controls a majority of the voting rights, or otherwise exercises dominant influence.
Control is assessed case by case: here only where the data states it (a `control`
edge, or a voting edge of more than 50%). An owned or controlled entity's own holdings
count in full, as in Article 2 of the asset-freeze regulations ("owned or controlled
... directly or indirectly").
"""

from __future__ import annotations

import duckdb

from kleptrace.graph.rules import aggregate

NAME = "eu"
THRESHOLD = 50.0
KINDS = ("ownership", "voting", "control")
PER_PERSON = False


def run(con: duckdb.DuckDBPyConnection, state: str) -> int:
    """Fill `state` with every designated, owned or controlled node; return the rounds."""
    return aggregate.run(con, state, THRESHOLD, control=True)
