"""The embedded DuckDB store: one file, every list version kept side by side.

Tables:
- versions: one row per loaded list version (source, format, file hashes, the
  publication date read from the file, load time, counts, parse report, and the list
  it is a form of, `list_key`).
- current_versions: which version of each list is live (the newest by publication date
  among the forms of the list, store.live). Flipping it is the last step of a load's
  transaction, so readers see the old or the new version, never half.
- statements: FollowTheMoney statements of every version; `origin` names the file a
  value came from, `version_id` the load.
- designations: one row per (target, program) with the shared regime vocabulary.
- rejected_rows: source rows kept verbatim because they could not become entities.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from kleptrace.exc import ConfigError

SCHEMA_VERSION = 1
STATEMENT_COLUMNS = (
    "id",
    "entity_id",
    "schema",
    "prop",
    "value",
    "lang",
    "original_value",
    "origin",
    "dataset",
    "first_seen",
    "last_seen",
)
DESIGNATION_COLUMNS = (
    "sanction_id",
    "entity_id",
    "jurisdiction",
    "regime",
    "magnitsky",
    "program",
    "listing_date",
    "authority",
)

DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE SEQUENCE IF NOT EXISTS version_ids START 1;
CREATE TABLE IF NOT EXISTS versions (
    version_id INTEGER PRIMARY KEY,
    source VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    jurisdiction VARCHAR,
    content_hash VARCHAR NOT NULL,
    files JSON NOT NULL,
    published VARCHAR,
    loaded_at TIMESTAMP NOT NULL,
    entities INTEGER NOT NULL,
    statements INTEGER NOT NULL,
    report JSON
);
ALTER TABLE versions ADD COLUMN IF NOT EXISTS list_key VARCHAR;
CREATE TABLE IF NOT EXISTS current_versions (
    source VARCHAR PRIMARY KEY,
    version_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    version_id INTEGER NOT NULL,
    id VARCHAR,
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    prop VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    lang VARCHAR,
    original_value VARCHAR,
    origin VARCHAR,
    dataset VARCHAR NOT NULL,
    first_seen VARCHAR,
    last_seen VARCHAR
);
CREATE TABLE IF NOT EXISTS designations (
    version_id INTEGER NOT NULL,
    sanction_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    jurisdiction VARCHAR,
    regime VARCHAR NOT NULL,
    magnitsky BOOLEAN NOT NULL,
    program VARCHAR,
    listing_date VARCHAR,
    authority VARCHAR
);
CREATE TABLE IF NOT EXISTS rejected_rows (
    version_id INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    position VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    raw VARCHAR NOT NULL
);
CREATE OR REPLACE VIEW current_statements AS
    SELECT s.* FROM statements s JOIN current_versions c USING (version_id);
CREATE OR REPLACE VIEW current_designations AS
    SELECT d.*, c.source FROM designations d JOIN current_versions c USING (version_id);
"""


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the store at `path` and make sure its schema exists."""
    path = Path(path)
    if read_only and not path.exists():
        raise ConfigError(f"{path}: no kleptrace store here yet; run `kleptrace load` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise ConfigError(f"{path}: cannot open the store: {exc}") from exc
    if not read_only:
        con.execute(DDL)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
    return con


def insert_versioned(
    con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table, version_id: int
) -> None:
    """Append an Arrow table to a store table, stamping every row with the version that
    wrote it (list versions and graph imports alike)."""
    if rows.num_rows == 0:
        return
    rows = rows.add_column(0, "version_id", pa.array([version_id] * rows.num_rows, pa.int32()))
    con.register("new_rows", rows)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")
    finally:
        con.unregister("new_rows")
