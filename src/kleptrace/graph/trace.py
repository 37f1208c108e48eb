"""`kleptrace trace`: from a person (a graph node, a designated list entry, or any name)
down through the companies they hold to property titles, each hop with its stake,
jurisdiction, source and date, and secrecy jurisdictions marked.

The walk is breadth first, one set-based join per level over the live edges, so a
cycle (companies holding each other) is visited once and the walk stops at `depth`.
Only live interests that carry ownership, control or a title are followed; family,
associates and directorships are context, not a chain to property.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from kleptrace.exc import NotFound
from kleptrace.graph import read
from kleptrace.graph.jurisdictions import secrecy

TRACE_KINDS = ("ownership", "voting", "control", "beneficiary", "nominee", "trustee", "proprietor")
DEFAULT_DEPTH = 8

Screen = Callable[[str], list[tuple[str, float]]]
"""A name to the designated targets it matches, with scores (the screening engine)."""


@dataclass(frozen=True)
class Node:
    node_id: str
    name: str | None
    schema: str | None
    jurisdiction: str | None
    secrecy: str | None
    """e.g. "British Virgin Islands (British Overseas Territory)"; None elsewhere."""
    designated: bool
    depth: int


@dataclass(frozen=True)
class Hop:
    owner_id: str
    asset_id: str
    kind: str
    share_min: float | None
    share_max: float | None
    share_min_exclusive: bool | None
    jurisdiction: str | None
    secrecy: str | None
    dataset: str | None
    record: str | None
    start_date: str | None
    depth: int


@dataclass
class Trace:
    query: str
    how: str
    """How the query became the start nodes."""
    nodes: list[Node] = field(default_factory=list)
    hops: list[Hop] = field(default_factory=list)

    @property
    def titles(self) -> list[Node]:
        return [n for n in self.nodes if n.schema == "RealEstate"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "how": self.how,
            "nodes": [asdict(n) for n in self.nodes],
            "hops": [asdict(h) for h in self.hops],
            "titles": [n.node_id for n in self.titles],
        }


def start_nodes(
    con: duckdb.DuckDBPyConnection,
    query: str,
    threshold: float = read.DEFAULT_LINK_THRESHOLD,
    screen: Screen | None = None,
) -> tuple[list[str], str]:
    """The graph nodes `query` names, tried in order: a node id; a list entity id (the
    nodes linked to it); a node name (case aside); a name screened against the lists
    (the nodes linked to the targets it matches). Call after `read.live_views`."""
    ids = _column(con, "SELECT node_id FROM live_nodes WHERE node_id = ?", [query])
    if ids:
        return ids, "graph node id"
    ids = _linked(con, [query], threshold)
    if ids:
        return ids, f"linked to list entity {query}"
    ids = _column(
        con, "SELECT DISTINCT node_id FROM live_nodes WHERE lower(name) = lower(?)", [query]
    )
    if ids:
        return ids, "graph node name"
    if screen is not None:
        matches = screen(query)
        ids = _linked(con, [target for target, _ in matches], threshold)
        if ids:
            found = ", ".join(f"{target} {score:.2f}" for target, score in matches)
            return ids, f"screened: matches {found}"
        if matches:
            raise NotFound(
                f"{query!r} matches list entries ({', '.join(t for t, _ in matches)}) "
                "but no ownership data is linked to them"
            )
    raise NotFound(f"{query!r} is no graph node, list entity or name in the ownership data")


def trace(
    con: duckdb.DuckDBPyConnection,
    starts: list[str],
    query: str = "",
    how: str = "",
    depth: int = DEFAULT_DEPTH,
    threshold: float = read.DEFAULT_LINK_THRESHOLD,
) -> Trace:
    """Walk down from `starts` at most `depth` hops; call after `read.live_views`."""
    kinds = ", ".join(f"'{k}'" for k in TRACE_KINDS)
    con.execute("CREATE OR REPLACE TEMP TABLE kt_reached (node_id VARCHAR, depth INTEGER)")
    con.execute("INSERT INTO kt_reached SELECT unnest(?), 0", [starts])
    con.execute("CREATE OR REPLACE TEMP TABLE kt_frontier AS SELECT node_id FROM kt_reached")
    hops: list[Hop] = []
    for level in range(1, depth + 1):
        rows = con.execute(
            f"""
            SELECT e.owner_id, e.asset_id, e.kind, e.share_min, e.share_max,
                e.share_min_exclusive, n.jurisdiction, e.dataset, e.record, e.start_date
            FROM live_edges e
            LEFT JOIN (SELECT DISTINCT ON (node_id) * FROM live_nodes) n
                ON n.node_id = e.asset_id
            WHERE e.owner_id IN (SELECT node_id FROM kt_frontier)
                AND e.kind IN ({kinds}) AND e.end_date IS NULL
            ORDER BY e.owner_id, e.share_max DESC NULLS LAST, e.asset_id
            """
        ).fetchall()
        for owner, asset, kind, low, high, low_x, place, dataset, record, start in rows:
            marked = secrecy(place)
            hops.append(
                Hop(
                    owner,
                    asset,
                    kind,
                    low,
                    high,
                    low_x,
                    place,
                    marked.label if marked else None,
                    dataset,
                    record,
                    start,
                    level,
                )
            )
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_frontier AS
            SELECT DISTINCT asset_id AS node_id FROM live_edges
            WHERE owner_id IN (SELECT node_id FROM kt_frontier)
                AND kind IN ({kinds}) AND end_date IS NULL
                AND asset_id NOT IN (SELECT node_id FROM kt_reached)
        """)
        con.execute(f"INSERT INTO kt_reached SELECT node_id, {level} FROM kt_frontier")
        [(more,)] = con.execute("SELECT count(*) FROM kt_frontier").fetchall()
        if not more:
            break
    return Trace(query, how, _nodes(con, threshold), hops)


def _nodes(con: duckdb.DuckDBPyConnection, threshold: float) -> list[Node]:
    designated = {row[0] for row in read.designated(con, threshold).fetchall()}
    rows = con.execute("""
        SELECT r.node_id, n.name, n.schema, n.jurisdiction, r.depth
        FROM kt_reached r
        LEFT JOIN (SELECT DISTINCT ON (node_id) * FROM live_nodes) n USING (node_id)
        ORDER BY r.depth, r.node_id
    """).fetchall()
    out: list[Node] = []
    for node_id, name, schema, place, depth in rows:
        marked = secrecy(place)
        out.append(
            Node(
                node_id,
                name,
                schema,
                place,
                marked.label if marked else None,
                node_id in designated,
                depth,
            )
        )
    return out


def _linked(con: duckdb.DuckDBPyConnection, targets: list[str], threshold: float) -> list[str]:
    if not targets:
        return []
    return _column(
        con,
        f"""
        SELECT DISTINCT node_id FROM graph_links
        WHERE target_id IN (SELECT unnest(?)) AND score >= {float(threshold)}
        UNION SELECT node_id FROM live_nodes WHERE node_id IN (SELECT unnest(?))
        ORDER BY 1
        """,
        [targets, targets],
    )


def _column(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[str]:
    return [str(row[0]) for row in con.execute(sql, params).fetchall()]
