"""Which loaded version of a list is live: the newest by the publication date its file
states, not the last one loaded.

A list can arrive in more than one form (OFAC prints the Consolidated list as sdnList XML,
`us_ofac_cons`, and as advanced XML, `us_ofac_cons_advanced`) and in files of different
ages. Each form is its own source with its own version history; the forms of one list
share a list key (`Format.list_key`; a source without one is its own list), and only
one version of a list is live, so the same targets are never served twice from two
dates. The newest is the one with the latest stated publication date; a file that
states none counts as published the day it was loaded, and between equal dates the
later load wins.
"""

from __future__ import annotations

from typing import Any

import duckdb

_NEWEST_FIRST = (
    "ORDER BY coalesce(published, strftime(loaded_at, '%Y-%m-%d')) DESC, version_id DESC"
)
_LIST = "coalesce(list_key, source)"


def make_live(con: duckdb.DuckDBPyConnection, list_key: str) -> None:
    """Point current_versions at the list's newest version; runs inside the load's
    transaction, so readers see the old or the new choice, never none."""
    newest = con.execute(
        f"SELECT source, version_id FROM versions WHERE {_LIST} = ? {_NEWEST_FIRST} LIMIT 1",
        [list_key],
    ).fetchone()
    if newest is None:
        return
    source, version_id = newest
    con.execute(
        f"DELETE FROM current_versions WHERE source <> ? AND source IN "
        f"(SELECT DISTINCT source FROM versions WHERE {_LIST} = ?)",
        [source, list_key],
    )
    con.execute("INSERT OR REPLACE INTO current_versions VALUES (?, ?)", [source, version_id])


def is_live(con: duckdb.DuckDBPyConnection, version_id: int) -> bool:
    row = con.execute(
        "SELECT count(*) FROM current_versions WHERE version_id = ?", [version_id]
    ).fetchone()
    return row == (1,)


def explain(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Per live source: its list, why its version is the live one, and the newest
    version of each other form of the list that is loaded but not live."""
    rows = con.execute(
        f"""
        SELECT {_LIST} AS list_name, source, version_id, published,
               version_id IN (SELECT version_id FROM current_versions) AS live,
               count(*) OVER (PARTITION BY {_LIST}) AS kept
        FROM versions
        QUALIFY row_number() OVER (PARTITION BY source {_NEWEST_FIRST}) = 1
        ORDER BY list_name, live DESC, source"""
    ).fetchall()
    by_list: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_list.setdefault(row[0], []).append(row)
    out: dict[str, dict[str, Any]] = {}
    for key, forms in by_list.items():
        live = [f for f in forms if f[4]]
        if not live:
            continue
        _, source, _, published, _, kept = live[0]
        others = [{"source": f[1], "version": f[2], "published": f[3]} for f in forms if not f[4]]
        out[source] = {
            "list": key,
            "live_because": _reason(published, kept, others),
            "not_live": others,
        }
    return out


def _reason(published: str | None, kept: int, others: list[dict[str, Any]]) -> str:
    if kept == 1:
        return "the only version loaded"
    stated = (
        f"published {published}" if published else "no publication date stated (load date used)"
    )
    if not others:
        return f"newest of {kept} versions by publication date ({stated})"
    forms = ", ".join(f"{o['source']} {o['published'] or 'undated'}" for o in others)
    return f"newest of {kept} versions by publication date ({stated}; also loaded: {forms})"
