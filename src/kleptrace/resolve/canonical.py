"""A canonical target as people and exports see it: its member records, lists and regimes."""

from __future__ import annotations

from typing import Any

import duckdb

from kleptrace.exc import NotFound
from kleptrace.resolve.tables import cluster_of


def canonical_view(con: duckdb.DuckDBPyConnection, any_id: str) -> dict[str, Any] | None:
    """The canonical target that `any_id` (canonical or member id) belongs to, with each
    member's regimes and listing dates; None when it is neither (or nothing is resolved)."""
    try:
        cluster_id, members = cluster_of(con, any_id)
    except NotFound:
        return None
    for member in members:
        rows = con.execute(
            "SELECT list(DISTINCT regime ORDER BY regime), "
            "list(DISTINCT listing_date ORDER BY listing_date) FILTER (listing_date IS NOT NULL) "
            "FROM current_designations WHERE entity_id = ? AND source = ?",
            [member["entity_id"], member["source"]],
        ).fetchall()
        regimes, listed = rows[0] if rows else ([], [])
        member["regimes"] = regimes or []
        member["listed"] = listed or []
    captions = [m["caption"] for m in members if m["caption"]]
    return {
        "id": cluster_id,
        "caption": min(captions, key=lambda c: (not c.isascii(), len(c), c)) if captions else "",
        "schema": members[0]["schema"],
        "lists": sorted({m["source"] for m in members}),
        "members": members,
    }
