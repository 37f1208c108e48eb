"""Human judgements on pairs of records: stored with who and when, and obeyed on every run.

A judgement says two records are the same target, different targets, or that the
judge is unsure (kept for the record, no effect). The latest judgement on a pair
wins. `same` merges the pair before any model pair; `different` forbids the two
from ever sharing a cluster.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb

from kleptrace.exc import KleptraceError, NotFound

VERDICTS = ("same", "different", "unsure")
COLUMNS = ("a", "b", "verdict", "who", "at", "note")
_SELECT = (
    "SELECT " + ", ".join(f'"{c}"' for c in COLUMNS) + " FROM resolve_judgements ORDER BY 5, 1, 2"
)
DDL = """
CREATE TABLE IF NOT EXISTS resolve_judgements (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, verdict VARCHAR NOT NULL,
    who VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL, note VARCHAR
)"""


class BadJudgement(KleptraceError):
    """A judgement that cannot be stored: unknown verdict or record."""

    status = 422


def _exists(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'resolve_judgements'"
    ).fetchall()
    return found == [(1,)]


def judge(
    con: duckdb.DuckDBPyConnection, a: str, b: str, verdict: str, who: str, note: str | None
) -> dict[str, Any]:
    """Store one judgement on records a and b (entity ids of live targets)."""
    if verdict not in VERDICTS:
        raise BadJudgement(f"verdict {verdict!r}: use one of {', '.join(VERDICTS)}")
    if a == b:
        raise BadJudgement(f"{a}: a record is always the same as itself")
    for entity_id in (a, b):
        found = con.execute(
            "SELECT count(*) FROM current_designations WHERE entity_id = ?", [entity_id]
        ).fetchall()
        if found == [(0,)]:
            raise NotFound(f"{entity_id}: no designated target with this id in the live lists")
    low, high = sorted((a, b))
    at = datetime.now(UTC).replace(tzinfo=None)
    con.execute(DDL)
    con.execute(
        "INSERT INTO resolve_judgements VALUES (?, ?, ?, ?, ?, ?)",
        [low, high, verdict, who, at, note],
    )
    return dict(
        zip(
            COLUMNS,
            (low, high, verdict, who, at.isoformat(timespec="seconds") + "Z", note),
            strict=True,
        )
    )


def latest(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """The verdict in force on each judged pair (the latest one)."""
    if not _exists(con):
        return {}
    rows = con.execute(
        'SELECT a, b, arg_max(verdict, "at") FROM resolve_judgements GROUP BY a, b'
    ).fetchall()
    return {(a, b): verdict for a, b, verdict in rows}


def history(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every judgement ever made, oldest first, for export."""
    if not _exists(con):
        return []
    rows = con.execute(_SELECT)
    return [
        {**dict(zip(COLUMNS, row, strict=True)), "at": row[4].isoformat(timespec="seconds") + "Z"}
        for row in rows.fetchall()
    ]
