"""Shared fixtures. Tests read the real lists from ../shared/data (never copies in the repo);
`tmp_store` gives each test its own empty DuckDB store."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        raise RuntimeError(f"the shared data folder is missing: {DATA}")
    return DATA
