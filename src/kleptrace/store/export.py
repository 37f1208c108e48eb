"""Export the live store: FollowTheMoney JSON lines (the ecosystem's exchange format) or
statements CSV with provenance (source version and file of every value)."""

from __future__ import annotations

import csv
from typing import IO

import duckdb
import orjson

from kleptrace.store.read import entities

CSV_COLUMNS = (
    "entity_id",
    "schema",
    "prop",
    "value",
    "lang",
    "original_value",
    "dataset",
    "source",
    "version_id",
    "origin",
    "first_seen",
    "last_seen",
)


def write_ftm(con: duckdb.DuckDBPyConnection, fh: IO[bytes], source: str | None = None) -> int:
    """Write one FtM JSON object per line; returns the number of entities written."""
    count = 0
    for entity in entities(con, source):
        fh.write(orjson.dumps(entity.to_dict()) + b"\n")
        count += 1
    return count


def write_csv(con: duckdb.DuckDBPyConnection, fh: IO[str], source: str | None = None) -> int:
    """Write every live statement as a CSV row; returns the number of rows written."""
    sql = (
        "SELECT s.entity_id, s.schema, s.prop, s.value, s.lang, s.original_value, s.dataset, "
        "c.source, s.version_id, s.origin, s.first_seen, s.last_seen "
        "FROM statements s JOIN current_versions c USING (version_id) WHERE s.prop <> 'id'"
    )
    params: list[str] = []
    if source is not None:
        sql += " AND c.source = ?"
        params.append(source)
    writer = csv.writer(fh)
    writer.writerow(CSV_COLUMNS)
    cursor = con.cursor()
    cursor.execute(sql + " ORDER BY s.entity_id, s.prop, s.value", params)
    count = 0
    while chunk := cursor.fetchmany(50_000):
        writer.writerows(chunk)
        count += len(chunk)
    return count
