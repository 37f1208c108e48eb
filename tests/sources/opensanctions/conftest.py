"""The folder of OpenSanctions exports that every test here reads."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def os_dir(data_dir: Path) -> Path:
    return data_dir / "opensanctions_ftm"
