"""One store with every real list loaded, and its screener, shared by the screening tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.screen import Screener


@pytest.fixture(scope="session")
def screening_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("screening") / "store.duckdb"
    con = store.connect(path)
    sets, _ = store.plan([data_dir])
    store.load_all(con, sets, workers=2)
    con.close()
    return path


@pytest.fixture(scope="session")
def screener(screening_db: Path) -> Screener:
    return Screener.open(screening_db, workers=2)


@pytest.fixture
def raw(screening_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store opened read-only, for counts the tests compute independently."""
    con = duckdb.connect(str(screening_db), read_only=True)
    yield con
    con.close()
