"""OFAC's 50 Percent Rule (United States).

Implements OFAC, "Revised Guidance on Entity Property and Interests in Property of
Entities Owned by Persons Whose Property and Interests in Property Are Blocked"
(13 August 2014) and FAQs 398-401: "any entity owned in the aggregate, directly or
indirectly, 50 percent or more by one or more blocked persons is itself considered to be
a blocked person". Stakes of different blocked persons are added (FAQ 399); a blocked
intermediate counts with its whole stake, not the product down the chain (FAQ 401);
control without ownership does not block (FAQ 398), so only ownership edges count.
"""

from __future__ import annotations

import duckdb

from kleptrace.graph.rules import aggregate

NAME = "ofac"
THRESHOLD = 50.0
KINDS = ("ownership",)
PER_PERSON = False


def run(con: duckdb.DuckDBPyConnection, state: str) -> int:
    """Fill `state` with every blocked node (designated or owned); return the rounds."""
    return aggregate.run(con, state, THRESHOLD, control=False)
