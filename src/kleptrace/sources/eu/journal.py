"""EU sanctions annexes from the Official Journal, as OpenSanctions transcribes them.

EUR-Lex publishes each sanctions act as legal text, not as one downloadable list, and the
official FSF export is too large for the shared data set. This source is therefore
OpenSanctions' transcription of the annexes (datasets/eu/journal_sanctions), fetched with
the OpenSanctions dataset rather than from an official publisher, hence `urls=()`.

One list version is a folder: consolidated/{celex}.csv (a snapshot of each framework act,
pinned to a consolidated version in eu_journal_sanctions.yml), amendments/{celex}.csv
(designations of amending acts not yet consolidated) and that YAML. FORMAT.md beside the
files is the contract: a departure from it raises ParseError rather than a guess. An
amending act the YAML marks as absorbed by a pinned snapshot is not emitted again (its
rows go to the report), as the OpenSanctions crawler does: the snapshot is authoritative,
delistings included.

A target listed under several acts or programs is one entity with one Sanction per
(program, framework act, measure). This module knows the file set and its YAML; the
work is done beside it: journal_csv reads and checks each act's file,
journal_merge decides which rows are one target (refusing joins the data
contradicts), journal_entities builds the entities, and journal_values reads the
printed dates and identifiers for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import Format, Head
from kleptrace.sources.eu.journal_csv import FOLDERS, Row, is_header, raw, read
from kleptrace.sources.eu.journal_entities import build
from kleptrace.sources.report import ParseReport

NAME = "eu_journal"
PUBLISHER = "Council of the European Union (Official Journal)"
METADATA = "eu_journal_sanctions.yml"
_PIN = re.compile(r"^0\d{4}[A-Z]{1,2}\d{4}-(\d{4})(\d{2})(\d{2})$")


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Entities and their Sanctions from the folder (every act) or from one act's CSV."""
    report = report if report is not None else ParseReport()
    files = [p for p in members(path) if p.suffix == ".csv"]
    if not files:
        raise ParseError(path, "no CSV files under consolidated/ or amendments/")
    superseded = _superseded(_metadata(path)) if path.is_dir() else {}
    rows: list[Row] = []
    for file in files:
        for row in read(file):
            report.records += 1
            if row.act in superseded:
                reason = f"superseded by consolidated version {superseded[row.act]}"
                report.reject(file.name, row.line, reason, raw(row))
            elif not row.cells["name"]:
                report.reject(file.name, row.line, "row has no name", raw(row))
            else:
                rows.append(row)
    yield from build(rows, report, NAME)


# -- the file set ------------------------------------------------------------------------


def sniff(head: Head) -> bool:
    return _is_root(head.path) if head.is_dir else is_header(head.first_line)


def _is_root(path: Path) -> bool:
    folder = path / "consolidated"
    if not folder.is_dir():
        return False
    first = next(iter(sorted(folder.glob("*.csv"))), None)
    return first is not None and is_header(Head.read(first).first_line)


def primary(path: Path) -> Path:
    """The eu_journal_opensanctions folder for any of its files; a lone CSV stays itself."""
    if path.is_dir():
        if path.name in FOLDERS and _is_root(path.parent):
            return path.parent
        return path
    if path.name == METADATA:
        return path.parent
    if path.parent.name in FOLDERS and (path.parent.parent / "consolidated").is_dir():
        return path.parent.parent
    return path


def members(root: Path) -> list[Path]:
    """Every CSV of the set plus the YAML that pins the consolidated versions."""
    if not root.is_dir():
        return [root]
    files = [f for folder in FOLDERS for f in sorted((root / folder).glob("*.csv"))]
    if (root / METADATA).is_file():
        files.append(root / METADATA)
    return files


def source_name(path: Path) -> str:
    return NAME


# -- the pins in the dataset YAML --------------------------------------------------------


def published(path: Path) -> str | None:
    """The latest consolidated version pinned for the set, or the pin of one act's file
    (its framework's version, or the version that absorbed an amending act)."""
    if path.is_dir():
        root = primary(path)
        dates = [_pin_date(v) for v in _pins(_metadata(root), "consolidation").values()]
        return max((d for d in dates if d), default=None)
    root = path.parent.parent
    if path.parent.name not in FOLDERS or not (root / METADATA).is_file():
        return None
    table = "consolidation" if path.parent.name == "consolidated" else "consolidated_amendments"
    return _pin_date(_pins(_metadata(root), table).get(path.stem))


def _superseded(config: dict[str, Any]) -> dict[str, str]:
    """Amending acts whose designations a pinned consolidated snapshot already holds."""
    pins = _pins(config, "consolidation")
    absorbed = _pins(config, "consolidated_amendments")
    return {act: version for act, version in absorbed.items() if version in pins.values()}


def _metadata(root: Path) -> dict[str, Any]:
    """The `config` section of the dataset YAML ({} when the file is absent)."""
    path = root / METADATA
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParseError(path, f"not readable YAML: {exc}") from None
    config = data.get("config") if isinstance(data, dict) else None
    return config if isinstance(config, dict) else {}


def _pins(config: dict[str, Any], key: str) -> dict[str, str]:
    table = config.get(key) or {}
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _pin_date(version: str | None) -> str | None:
    """'02014R0833-20260717' -> '2026-07-17'."""
    match = _PIN.match(version or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


FORMAT = Format(
    name=NAME,
    title="EU Official Journal sanctions annexes (OpenSanctions transcription)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="eu",
    publisher=PUBLISHER,
    primary=primary,
    members=members,
    urls=(),
)
