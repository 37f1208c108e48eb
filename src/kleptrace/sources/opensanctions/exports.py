"""What the OpenSanctions export parsers (ftm_json, targets, senzing) share.

OpenSanctions publishes every dataset in several shapes at
``https://data.opensanctions.org/datasets/latest/<dataset>/<file>``; none is an official
publisher's list, so their formats declare no download URL. Each file becomes its own
kleptrace source, named after the file (os_source_name), whose entities keep the ids
OpenSanctions gives them. A repeated id merges as FtM merges (EntityBuffer), and values
arrive already typed, so the Emitter only needs to keep as notes what FtM rejects
(OSEmitter).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from followthemoney import StatementEntity
from followthemoney.exc import InvalidData

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, is_empty, slug
from kleptrace.sources.report import ParseReport

TARGET_NOTE = "opensanctions target: true"
"""The note that marks an OpenSanctions target (FtM has no property for it)."""
KLEPTRACE_PREFIX = "os_"
GENERIC_TOKENS = ("entities", "targets", "ftm", "simple", "nested", "senzing")
_SEEN = re.compile(rb'"(?:last_change|last_seen|LAST_CHANGE)"\s*:\s*"(\d{4}-\d{2}-\d{2})')


class OSEmitter(Emitter):
    """The Emitter with helpers for values that arrive already typed by OpenSanctions."""

    def mark(self, entity: StatementEntity, text: str) -> None:
        """Add a kleptrace marker note (not a rejected value, so not counted)."""
        prop = entity.schema.get("notes") or entity.schema.get("description")
        if prop is not None:
            entity.unsafe_add(prop, text, cleaned=True, origin=self.origin)

    def put(self, entity: StatementEntity, prop: str, value: object, label: str = "") -> None:
        """Add one source value, keeping as a note whatever the property cannot hold."""
        label = label or prop
        if value is None:
            return
        if isinstance(value, dict | list):
            self.note(entity, label, json.dumps(value, ensure_ascii=False, sort_keys=True))
            return
        text = str(value)
        if not text.strip():
            return
        if is_empty(text) or entity.schema.get(prop) is None:
            self.note(entity, label, text)
            return
        self.add(entity, prop, text)


def new_entity(emitter: Emitter, schema: str, entity_id: str) -> StatementEntity:
    """An entity keeping the id the file gives (Emitter.make would slug it)."""
    return StatementEntity(emitter.dataset, {"schema": schema, "id": entity_id})


def stamp(entity: StatementEntity, first_seen: object, last_seen: object) -> None:
    """Put the record's first_seen/last_seen on every statement it made."""
    first = first_seen if isinstance(first_seen, str) and first_seen else None
    last = last_seen if isinstance(last_seen, str) and last_seen else None
    if first is None and last is None:
        return
    for prop in entity.iterprops():
        for stmt in entity.get_statements(prop):
            stmt.first_seen = first or stmt.first_seen
            stmt.last_seen = last or first


def add_publishers(emitter: OSEmitter, entity: StatementEntity, names: Iterable[str]) -> None:
    for name in names:
        if isinstance(name, str) and not name.startswith(KLEPTRACE_PREFIX):
            emitter.put(entity, "publisher", name)


class EntityBuffer:
    """Entities by id in file order; a repeated id merges as FtM merges, or fails."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entities: dict[str, StatementEntity] = {}

    def add(self, entity: StatementEntity, position: str) -> None:
        assert entity.id is not None
        seen = self.entities.get(entity.id)
        if seen is None:
            self.entities[entity.id] = entity
            return
        try:
            seen.merge(entity)
        except InvalidData as exc:
            raise ParseError(
                self.path,
                f"id {entity.id!r} appears as {seen.schema.name} and as {entity.schema.name}",
                position=position,
                field="schema",
            ) from exc
        if entity.last_change and (seen.last_change or "") < entity.last_change:
            seen.last_change = entity.last_change

    def __iter__(self) -> Iterator[StatementEntity]:
        return iter(self.entities.values())


class ExportReader:
    """What every export parser holds while reading one file: the report, an emitter for
    the file's own source and the entities read so far."""

    def __init__(self, path: Path, report: ParseReport) -> None:
        source = os_source_name(path)
        self.path = path
        self.report = report
        self.emitter = OSEmitter(source, slug(source), path, report)
        self.buffer = EntityBuffer(path)


def json_lines(path: Path, report: ParseReport) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(position, raw line, object) for each non-blank line; ParseError on malformed input."""
    found = False
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            position = f"line {number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ParseError(
                    path, f"bytes that are not UTF-8 ({exc.reason})", position
                ) from exc
            line = line.lstrip("\ufeff") if number == 1 else line
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ParseError(path, f"not JSON: {exc}", position) from exc
            if not isinstance(data, dict):
                raise ParseError(path, f"a JSON {type(data).__name__}, not an object", position)
            found = True
            report.records += 1
            yield position, line.rstrip("\r\n"), data
    if not found:
        raise ParseError(path, "empty file: no JSON lines")


def first_json_keys(head: Head) -> set[str] | None:
    """Top-level keys of the first JSON line, or None when it is not a JSON object.

    A first line longer than the sniffed head is cut; its opening keys are read with a
    regex then, which is enough for the formats here (their identifying keys come first).
    """
    if head.is_dir or not head.text.lstrip("\ufeff").startswith("{"):
        return None
    line = head.first_line
    try:
        data = json.loads(line)
    except ValueError:
        if "\n" in head.text:
            return None
        return set(re.findall(r'[{,]\s*"([A-Za-z_]+)"\s*:', line[:2000]))
    return set(data) if isinstance(data, dict) else None


def latest_seen(path: Path) -> str | None:
    """The latest last_change/last_seen date written anywhere in the file."""
    dates = _SEEN.findall(path.read_bytes())
    return max(dates).decode("ascii") if dates else None


def os_source_name(path: Path) -> str:
    """'os_' + the file stem without its generic parts; the folder name when only those.

    yente_fixture_zala_entities.ftm.json -> os_yente_fixture_zala;
    zavod_export_sample/targets.simple.csv -> os_zavod_export_sample_targets. Nested and
    Senzing exports keep a suffix so they do not replace the entities of their dataset.
    """
    name = path.name.lower().removesuffix(".gz")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    tokens = [t for t in re.split(r"[^a-z0-9]+", stem) if t]
    dropped: list[str] = []
    while tokens and tokens[-1] in GENERIC_TOKENS:
        dropped.append(tokens.pop())
    suffix = ""
    for word in ("senzing", "nested"):
        if word in dropped:
            suffix = f"_{word}"
            break
    if not tokens:
        tokens = [t for t in slug(path.resolve().parent.name).split("-") if t]
        if not suffix and "targets" in dropped:
            suffix = "_targets"
    return KLEPTRACE_PREFIX + "_".join(tokens or ["opensanctions"]) + suffix


def os_format(
    name: str,
    title: str,
    sniff: Callable[[Head], bool],
    parse: Callable[..., Iterator[StatementEntity]],
    published: Callable[[Path], str | None] = latest_seen,
) -> Format:
    """The Format of an OpenSanctions export: an aggregation, not an official publisher's
    list, so no jurisdiction and no download URL (the module docstring gives the pattern)."""
    return Format(
        name=name,
        title=title,
        sniff=sniff,
        parse=parse,
        source_name=os_source_name,
        published=published,
        jurisdiction=None,
        publisher="OpenSanctions",
        urls=(),
    )
