"""Tiny ownership graphs for rule tests, written as EDGES rows (graph/model.py)."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from kleptrace.graph.model import EDGES
from kleptrace.graph.rules import Outcome, evaluate


def edge(
    owner: str,
    asset: str,
    share: float | None = None,
    *,
    band: tuple[float | None, float | None, bool, bool] | None = None,
    kind: str = "ownership",
    joint: str | None = None,
    direct: bool | None = True,
    ended: str | None = None,
    since: str | None = None,
) -> dict[str, Any]:
    """One edge: an exact `share`, or a `band` (min, max, min exclusive, max exclusive)."""
    low, high, low_x, high_x = band or (share, share, False, False)
    return {
        "edge_id": f"{owner}>{asset}:{kind}",
        "owner_id": owner,
        "asset_id": asset,
        "kind": kind,
        "share_min": low,
        "share_max": high,
        "share_min_exclusive": low_x,
        "share_max_exclusive": high_x,
        "joint_group": joint,
        "direct": direct,
        "start_date": since,
        "end_date": ended,
        "dataset": "test",
        "record": f"{owner}>{asset}",
    }


def run(
    edges: list[dict[str, Any]], designated: list[str]
) -> tuple[duckdb.DuckDBPyConnection, dict[str, Outcome]]:
    con = duckdb.connect()
    return con, evaluate(con, con.from_arrow(pa.Table.from_pylist(edges, schema=EDGES)), designated)


def statuses(con: duckdb.DuckDBPyConnection, outcome: Outcome) -> dict[str, str]:
    """entity -> the rule's answer ("yes" / "undetermined"), best over designated persons."""
    rows = con.execute(
        f"SELECT entity_id, max(status = 'yes') FROM {outcome.table} GROUP BY entity_id"
    ).fetchall()
    return {entity: "yes" if best else "undetermined" for entity, best in rows}


def answer(found: dict[str, str], entity: str) -> str:
    return found.get(entity, "no")
