"""FollowTheMoney JSON lines as OpenSanctions exports them, flat or nested.

OpenSanctions publishes every dataset at
``https://data.opensanctions.org/datasets/latest/<dataset>/entities.ftm.json`` (all
entities, one JSON object a line) and
``https://data.opensanctions.org/datasets/latest/<dataset>/targets.nested.json`` (targets
only, with related entities nested as objects inside property values). yente reads the
same shape from its dataset fixtures.

What a StatementEntity can hold natively is kept natively: id (as the file gives it, since
yente clients know OpenSanctions ids), schema, every property, referents
(``extra_referents``), first_seen/last_seen (on every statement of the record) and
last_change. The rest has no FtM home and is kept as properties, decided here:

- ``datasets``: statements belong to the kleptrace source (``os_...``), so a store version
  holds one source; the OpenSanctions dataset names go to ``publisher``. Names starting
  with ``os_`` are kleptrace sources (a kleptrace re-export) and are not repeated there.
- ``target: true``: the note ``opensanctions target: true`` (``description`` on schemata
  without notes). `to_dict` and `write` turn it back into the ``target`` key.
- ``caption``: derived by FtM from the names; kept as a note only when it is not one of
  the entity's values (a stale caption).
- ``origin`` (which kleptrace's own export writes) is not read back: every statement
  takes the file being read as its origin.
- keys outside the FtM envelope (an exporter slip puts ``birthCountry`` beside
  ``properties``) are read as properties; property names the schema lacks, values FtM
  rejects and non-entity objects are kept as labelled notes and counted in the report.

The helpers below (OSEmitter, EntityBuffer, json_lines, ...) are shared with the
os_targets and senzing parsers, the other OpenSanctions exports.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson
from followthemoney import StatementEntity, model
from followthemoney.exc import InvalidData
from followthemoney.property import Property

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, is_empty, slug
from kleptrace.sources.report import ParseReport

TARGET_NOTE = "opensanctions target: true"
KLEPTRACE_PREFIX = "os_"
ENVELOPE = frozenset(
    {
        "id", "schema", "properties", "caption", "datasets", "referents", "target",
        "first_seen", "last_seen", "last_change", "origin",
    }
)  # fmt: skip
GENERIC_TOKENS = ("entities", "targets", "ftm", "simple", "nested", "senzing")
URL_PATTERN = "https://data.opensanctions.org/datasets/latest/<dataset>/{}"
_SEEN = re.compile(rb'"(?:last_change|last_seen|LAST_CHANGE)"\s*:\s*"(\d{4}-\d{2}-\d{2})')


# -- shared by the OpenSanctions parsers -------------------------------------------------


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

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entities

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


# -- FtM JSON ------------------------------------------------------------------------------


class _Reader:
    """Turns FtM JSON objects (and the objects nested in them) into buffered entities."""

    def __init__(self, path: Path, report: ParseReport) -> None:
        source = os_source_name(path)
        self.path = path
        self.report = report
        self.emitter = OSEmitter(source, slug(source), path, report)
        self.buffer = EntityBuffer(path)
        self.outside = Counter[str]()

    def record(self, data: dict[str, Any], position: str, where: str = "") -> str:
        """Buffer one entity object (and its nested ones); returns its id."""
        entity_id, schema_name = data.get("id"), data.get("schema")
        field = f"{where}." if where else ""
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise ParseError(self.path, "entity without an id", position, field=f"{field}id")
        if not isinstance(schema_name, str) or not schema_name:
            raise ParseError(self.path, "entity without a schema", position, f"{field}schema")
        schema = model.get(schema_name)
        if schema is None:
            raise ParseError(
                self.path, f"unknown schema {schema_name!r}", position, field=f"{field}schema"
            )
        entity = new_entity(self.emitter, schema.name, entity_id)
        properties = data.get("properties") or {}
        if not isinstance(properties, dict):
            raise ParseError(
                self.path, "properties is not an object", position, f"{field}properties"
            )
        for key, values in properties.items():
            self.values(entity, key, values, position)
        for key, values in data.items():
            if key not in ENVELOPE:
                self.outside[key] += 1
                self.values(entity, key, values, position)
        self.envelope(entity, data)
        self.buffer.add(entity, position)
        return entity_id

    def envelope(self, entity: StatementEntity, data: dict[str, Any]) -> None:
        datasets = data.get("datasets") or []
        add_publishers(self.emitter, entity, datasets if isinstance(datasets, list) else [datasets])
        target = data.get("target")
        if target is True:
            self.emitter.mark(entity, TARGET_NOTE)
        elif target not in (None, False):
            self.emitter.note(entity, "target", str(target))
        caption = data.get("caption")
        stale = isinstance(caption, str) and caption not in ("", entity.schema.label)
        if stale and caption not in {v for _, v in entity.itervalues()}:
            self.emitter.note(entity, "caption", str(caption))
        referents = data.get("referents") or []
        for ref in referents if isinstance(referents, list) else [referents]:
            if isinstance(ref, str) and ref:
                entity.extra_referents.add(ref)
            elif ref:
                self.emitter.note(entity, "referents", json.dumps(ref, ensure_ascii=False))
        stamp(entity, data.get("first_seen"), data.get("last_seen"))
        last_change = data.get("last_change")
        if isinstance(last_change, str) and last_change:
            entity.last_change = last_change

    def resolve(self, entity: StatementEntity, key: str) -> Property | None:
        """The property a key names, including qualified names ('Person:alias')."""
        prop = entity.schema.get(key)
        if prop is None and ":" in key:
            schema_name, _, name = key.partition(":")
            if model.get(schema_name) is not None and entity.schema.is_a(schema_name):
                prop = entity.schema.get(name)
        return prop

    def values(self, entity: StatementEntity, key: str, values: Any, position: str) -> None:
        prop = self.resolve(entity, key)
        for value in values if isinstance(values, list) else [values]:
            if prop is None:
                self.emitter.put(entity, "", value, label=key)
            elif isinstance(value, dict) and prop.type.name == "entity" and "schema" in value:
                child_id = self.nested(entity, prop, value, position)
                if not prop.stub:
                    self.emitter.put(entity, prop.name, child_id)
            elif prop.stub:
                # A reverse property holds ids of entities that point here; without the
                # pointing entity there is nothing FtM can store, so keep the id as a note.
                self.emitter.put(entity, "", value, label=key)
            else:
                self.emitter.put(entity, prop.name, value, label=key)

    def nested(
        self, parent: StatementEntity, prop: Property, data: dict[str, Any], position: str
    ) -> str:
        """Buffer an entity nested in a property; a reverse property gets its back-link."""
        data = dict(data)
        if prop.stub and prop.reverse is not None:
            back = data.setdefault("properties", {})
            if isinstance(back, dict):
                links = back.get(prop.reverse.name) or []
                links = links if isinstance(links, list) else [links]
                if parent.id not in links:
                    back[prop.reverse.name] = [*links, parent.id]
        return self.record(data, position, where=f"{prop.name}")


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Entities of an FtM JSON lines file (flat or nested), merged by id."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    reader = _Reader(path, report)
    for position, _raw, data in json_lines(path, report):
        reader.record(data, position)
    for key, count in sorted(reader.outside.items()):
        report.warnings.append(f"{count} record(s) carry {key!r} outside 'properties'")
    yield from reader.buffer


def to_dict(entity: StatementEntity) -> dict[str, Any]:
    """FtM JSON for an entity, with `target` restored from its marker note."""
    data = entity.to_dict()
    data.pop("origin", None)
    props = data["properties"]
    target = False
    for prop in ("notes", "description"):
        values = props.get(prop, [])
        if TARGET_NOTE in values:
            target = True
            values = [v for v in values if v != TARGET_NOTE]
            if values:
                props[prop] = values
            else:
                del props[prop]
    data["target"] = target
    return data


def write(entities: Iterable[StatementEntity], fh: IO[bytes]) -> int:
    """Write FtM JSON lines (the OpenSanctions shape); returns the number written."""
    count = 0
    for entity in entities:
        fh.write(orjson.dumps(to_dict(entity), option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count


def sniff(head: Head) -> bool:
    keys = first_json_keys(head)
    return keys is not None and {"id", "schema"} <= keys and "properties" in keys


FORMAT = Format(
    name="ftm_json",
    title="FollowTheMoney JSON lines (OpenSanctions entities / nested targets)",
    sniff=sniff,
    parse=parse,
    source_name=os_source_name,
    published=latest_seen,
    jurisdiction=None,
    publisher="OpenSanctions",
    urls=(),  # aggregations, not an official publisher: see URL_PATTERN
)
