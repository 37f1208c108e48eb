"""Fixtures the source tests share. A test module that names its list file in a `path`
fixture and imports its `FORMAT` gets `parsed` (entities in order, and the report) and
`by_id` for free; modules whose input differs define their own `parsed`."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import StatementEntity

from kleptrace.sources.report import ParseReport


@pytest.fixture(scope="module")
def parsed(request: pytest.FixtureRequest, path: Path) -> tuple[list[StatementEntity], ParseReport]:
    report = ParseReport()
    return list(request.module.FORMAT.parse(path, report)), report


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[StatementEntity], ParseReport]) -> dict[str, StatementEntity]:
    return {str(e.id): e for e in parsed[0]}
