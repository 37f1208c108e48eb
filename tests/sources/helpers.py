"""Set-up the source tests share: parsing a file into entities by id, finding what points
at a target, and reading or writing small JSON-lines files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from followthemoney import StatementEntity

from kleptrace.sources.report import ParseReport

Parser = Callable[[Path, ParseReport], Iterable[StatementEntity]]

TARGETS = {"Person", "LegalEntity", "Organization", "Company", "Vessel", "Airplane"}
"""Schemata of designated targets (not Sanctions, documents, wallets or links)."""


def parse_by_id(parse: Parser, path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    """Every entity a parser yields, by id, and its report."""
    report = ParseReport()
    return {str(e.id): e for e in parse(path, report)}, report


def parse_unique(parse: Parser, path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    """Like parse_by_id, asserting that the parser yields each id once."""
    report = ParseReport()
    entities: dict[str, StatementEntity] = {}
    for entity in parse(path, report):
        assert entity.id is not None and entity.id not in entities
        entities[entity.id] = entity
    return entities, report


def sanctions_of(
    entities: Mapping[str, StatementEntity] | Iterable[StatementEntity], target: str
) -> list[StatementEntity]:
    """The Sanctions designating `target`, from entities by id or in a list."""
    found = entities.values() if isinstance(entities, Mapping) else entities
    return [e for e in found if e.schema.name == "Sanction" and e.get("entity") == [target]]


def links_from(entities: dict[str, StatementEntity], subject: str) -> list[StatementEntity]:
    return [
        e
        for e in entities.values()
        if e.schema.name == "UnknownLink" and e.get("subject") == [subject]
    ]


def raw_lines(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSON-lines file, read with json.loads (not the parser)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_lines(path: Path, *lines: object) -> Path:
    """A JSON-lines file of `lines`: strings as written, anything else as JSON."""
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path
