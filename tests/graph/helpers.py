"""Running one graph import into a throwaway in-memory store, for the importer tests."""

from __future__ import annotations

from pathlib import Path

import duckdb

from kleptrace.graph.load import plan_imports, run_import
from kleptrace.graph.write import GraphVersion

OWNERSHIP = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ownership"


def import_into(
    con: duckdb.DuckDBPyConnection,
    *paths: Path,
    fmt: str | None = None,
    dataset: str | None = None,
) -> list[GraphVersion]:
    imports, _ = plan_imports(list(paths), fmt, dataset)
    return [run_import(con, planned) for planned in imports]


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
