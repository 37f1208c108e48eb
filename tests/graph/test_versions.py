"""Graph versions in the store: one live version per dataset, replaced in one
transaction; unchanged bytes are a no-op; a failed import keeps the last good data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.exc import FormatNotRecognised, ParseError
from kleptrace.graph.write import versions
from tests.graph.helpers import OWNERSHIP, import_into, rows

EXAMPLE = OWNERSHIP / "bods_examples" / "joint-ownership.json"


@pytest.fixture
def db(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return store.connect(tmp_path / "store.duckdb")


def test_unchanged_file_is_a_no_op(db: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "owners.json"
    shutil.copy(EXAMPLE, path)
    (first,) = import_into(db, path)
    (second,) = import_into(db, path)
    assert (first.status, second.status) == ("loaded", "unchanged")
    assert second.version_id == first.version_id and second.edges == first.edges
    assert len(versions(db)) == 1


def test_new_version_replaces_the_old_rows(db: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "owners.json"
    shutil.copy(EXAMPLE, path)
    (first,) = import_into(db, path)
    statements = json.loads(path.read_text())
    path.write_text(json.dumps([s for s in statements if s["recordType"] != "relationship"][:1]))
    (second,) = import_into(db, path)
    assert second.version_id > first.version_id and second.edges == 0
    assert db.execute("SELECT count(*) FROM graph_edges").fetchone() == (0,)
    assert db.execute("SELECT DISTINCT version_id FROM graph_nodes").fetchall() == [
        (second.version_id,)
    ]
    live = {(v["version_id"], v["live"]) for v in versions(db)}
    assert live == {(first.version_id, False), (second.version_id, True)}


def test_failed_import_keeps_the_last_good_data(
    db: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = tmp_path / "owners.json"
    shutil.copy(EXAMPLE, path)
    (good,) = import_into(db, path)
    before = rows(db, "SELECT * FROM graph_edges ORDER BY edge_id")
    path.write_text(EXAMPLE.read_text()[:-40])  # truncated
    with pytest.raises(ParseError, match=r"owners\.json"):
        import_into(db, path, fmt="bods")
    assert rows(db, "SELECT * FROM graph_edges ORDER BY edge_id") == before
    assert [(v["version_id"], v["live"]) for v in versions(db)] == [(good.version_id, True)]


def test_two_datasets_live_side_by_side(db: duckdb.DuckDBPyConnection) -> None:
    import_into(db, EXAMPLE)
    import_into(db, OWNERSHIP / "uk_psc_sample" / "psc-data-8.json")
    datasets = db.execute("SELECT DISTINCT dataset FROM graph_edges ORDER BY 1").fetchall()
    assert datasets == [("bods:joint-ownership",), ("psc:psc-data-8",)]


def test_unknown_file_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(FormatNotRecognised, match=r"notes\.txt: not a supported ownership format"):
        import_into(duckdb.connect(), path)
