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

What the three OpenSanctions export parsers share (OSEmitter, EntityBuffer, json_lines,
...) is in exports.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson
from followthemoney import StatementEntity, model
from followthemoney.property import Property

from kleptrace.exc import ParseError
from kleptrace.sources.base import Head
from kleptrace.sources.opensanctions.exports import (
    TARGET_NOTE,
    ExportReader,
    add_publishers,
    first_json_keys,
    json_lines,
    new_entity,
    os_format,
    stamp,
)
from kleptrace.sources.report import ParseReport

ENVELOPE = frozenset(
    {
        "id", "schema", "properties", "caption", "datasets", "referents", "target",
        "first_seen", "last_seen", "last_change", "origin",
    }
)  # fmt: skip


class _Reader(ExportReader):
    """Turns FtM JSON objects (and the objects nested in them) into buffered entities."""

    def __init__(self, path: Path, report: ParseReport) -> None:
        super().__init__(path, report)
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


FORMAT = os_format(
    "ftm_json",
    "FollowTheMoney JSON lines (OpenSanctions entities / nested targets)",
    sniff=sniff,
    parse=parse,
)
