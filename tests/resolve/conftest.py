"""Fixtures of the resolution tests: one store of two real lists (UN Security Council and
Australia DFAT, which repeats most UN designations), resolved once; and one of the
Ukraine-war targets file, whose vessels and companies carry the evidence the record
comparisons read (MMSI, call signs, addresses, former names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.resolve import clusters, resolve_store
from kleptrace.store.load import load
from kleptrace.store.plan import plan


@pytest.fixture(scope="package")
def load_lists(data_dir: Path) -> Callable[..., Path]:
    """Load the named files or folders of ../shared/data into the store at a path."""

    def into(path: Path, *names: str) -> Path:
        writer = store.connect(path)
        for name in names:
            (files,), _ = plan([data_dir / name])
            load(writer, files)
        writer.close()
        return path

    return into


@pytest.fixture(scope="package")
def db(tmp_path_factory: pytest.TempPathFactory, load_lists: Callable[..., Path]) -> Path:
    path = tmp_path_factory.mktemp("canonical") / "store.duckdb"
    load_lists(path, "un_sc/consolidated.xml", "au_dfat/regulation8_consolidated.xlsx")
    resolve_store(path)
    return path


@pytest.fixture(scope="package")
def members(db: Path) -> dict[str, list[str]]:
    """Canonical id -> member ids, read back from the cluster table."""
    con = duckdb.connect(str(db), read_only=True)
    out: dict[str, list[str]] = {}
    for row in clusters(con).to_pylist():
        out.setdefault(row["cluster_id"], []).append(row["entity_id"])
    con.close()
    return out


@pytest.fixture(scope="package")
def ua_targets_db(
    tmp_path_factory: pytest.TempPathFactory, load_lists: Callable[..., Path]
) -> Path:
    """A store of opensanctions_ftm/ua_war_sanctions_targets.simple.csv alone."""
    path = tmp_path_factory.mktemp("ua_targets") / "store.duckdb"
    return load_lists(path, "opensanctions_ftm/ua_war_sanctions_targets.simple.csv")


@pytest.fixture(scope="package")
def ua_con(ua_targets_db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to `ua_targets_db`."""
    return duckdb.connect(str(ua_targets_db), read_only=True)
