"""Shared fixtures. Tests read the real lists from ../shared/data (never copies in the repo);
`tmp_store` gives each test its own empty DuckDB store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import orjson
import pytest

from kleptrace import store
from kleptrace.screen import Screener
from kleptrace.store.load import load_all
from kleptrace.store.plan import plan

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        raise RuntimeError(f"the shared data folder is missing: {DATA}")
    return DATA


@pytest.fixture(scope="session")
def screening_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """One store with every real list loaded, shared by the screening and API tests."""
    path = tmp_path_factory.mktemp("screening") / "store.duckdb"
    con = store.connect(path)
    sets, _ = plan([data_dir])
    load_all(con, sets, workers=2)
    con.close()
    return path


@pytest.fixture(scope="session")
def screener(screening_db: Path) -> Screener:
    """The screening index of `screening_db`, built (and saved beside it) once."""
    return Screener.open(screening_db, workers=2)


SMALL_LIST = [
    {
        "id": "Q7747",
        "schema": "Person",
        "properties": {
            "name": ["Vladimir Putin", "Владимир Владимирович Путин"],
            "birthDate": ["1952-10-07"],
            "nationality": ["ru"],
        },
    },
    {
        "id": "Q4295",
        "schema": "Person",
        "properties": {"name": ["Maria Zakharova"], "nationality": ["ru"]},
    },
]


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a two-person FtM list with its index built: for tests of the file and
    API plumbing around screening, which need a real screener but not every list."""
    folder = tmp_path_factory.mktemp("small")
    listed = folder / "small.ftm.json"
    listed.write_bytes(
        b"".join(orjson.dumps(e, option=orjson.OPT_APPEND_NEWLINE) for e in SMALL_LIST)
    )
    path = folder / "store.duckdb"
    con = store.connect(path)
    sets, _ = plan([listed])
    load_all(con, sets, workers=1)
    con.close()
    Screener.open(path, workers=1)
    return path


@pytest.fixture
def raw(screening_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store opened read-only, for counts the tests compute independently."""
    con = duckdb.connect(str(screening_db), read_only=True)
    yield con
    con.close()
