"""The OpenSanctions Senzing export, read back into FollowTheMoney entities.

Published as ``https://data.opensanctions.org/datasets/latest/<dataset>/senzing.json``:
one JSON object a line in the Senzing entity specification (DATA_SOURCE, RECORD_ID,
RECORD_TYPE, then feature lists NAMES, DATES, COUNTRIES, ADDRESSES, CONTACTS,
IDENTIFIERS, RISKS, RELATIONSHIPS, or all features in one FEATURES list in newer exports).

The exporter writes PERSON for people, ORGANIZATION for organizations and companies,
VESSEL/AIRCRAFT/VEHICLE for those, and no RECORD_TYPE for other matchable schemata
(positions, plain legal entities). Reading back:
- RECORD_ID is the OpenSanctions entity id and stays the entity id.
- A record without RECORD_TYPE takes the schema an edge gives its end (an Occupancy
  points at a Position, a Family at a Person); with no edge it is a LegalEntity
  (counted in the report).
- RELATIONSHIPS become edge entities: a pointer (REL_POINTER_KEY, REL_POINTER_ROLE) on a
  record is an edge from that record (or from REL_ANCHOR_KEY, in older exports that put
  both ends in one object) to the key. The role is the edge schema's label when the edge
  had no role of its own (Occupancy, Family, Ownership); any other role becomes an
  UnknownLink with that role. An anchor alone only names the record itself.
- Identifiers go back to the property the exporter took them from (TAX_ID_TYPE INN to
  innCode, NATIONAL_ID_SUBTYPE OGRN to ogrnCode, OTHER_ID_TYPE <property> to it, ...);
  the OPEN_SANCTIONS id equal to RECORD_ID is the entity id already. Qualifiers with
  no property (an id's country or scheme) are kept as notes.
- DATA_SOURCE goes to ``publisher``, URL (the OpenSanctions page) to ``sourceUrl``,
  LAST_CHANGE to the entity's last_change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import StatementEntity, model
from followthemoney.schema import Schema

from kleptrace.exc import ParseError
from kleptrace.sources.base import Head
from kleptrace.sources.opensanctions.exports import (
    ExportReader,
    add_publishers,
    first_json_keys,
    json_lines,
    new_entity,
    os_format,
)
from kleptrace.sources.report import ParseReport

RECORD_TYPES = {
    "PERSON": "Person",
    "ORGANIZATION": "Organization",
    "VESSEL": "Vessel",
    "AIRCRAFT": "Airplane",
    "VEHICLE": "Vehicle",
}
DEFAULT_SCHEMA = "LegalEntity"
DOMAIN = "OPEN_SANCTIONS"
SIMPLE = {
    "DATE_OF_BIRTH": "birthDate",
    "DATE_OF_DEATH": "deathDate",
    "REGISTRATION_DATE": "incorporationDate",
    "DISSOLUTION_DATE": "dissolutionDate",
    "PLACE_OF_BIRTH": "birthPlace",
    "ADDR_FULL": "address",
    "COUNTRY_OF_ASSOCIATION": "country",
    "REGISTRATION_COUNTRY": "jurisdiction",
    "WEBSITE_ADDRESS": "website",
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "TOPIC": "topics",
    "SOURCE_URL": "sourceUrl",
    "NAME_FIRST": "firstName",
    "NAME_MIDDLE": "middleName",
    "NAME_LAST": "lastName",
    "NAME_PREFIX": "title",
    "NAME_SUFFIX": "nameSuffix",
    "PASSPORT_NUMBER": "passportNumber",
    "SSN_NUMBER": "socialSecurityNumber",
    "LEI_NUMBER": "leiCode",
    "DUNS_NUMBER": "dunsCode",
    "IMO_NUMBER": "imoNumber",
    "MMSI_NUMBER": "mmsi",
    "CALL_SIGN": "callSign",
    "ISIN_NUMBER": "isinCode",
    "NPI_NUMBER": "npiCode",
}
ADDRESS_PARTS = (
    "ADDR_LINE1", "ADDR_LINE2", "ADDR_LINE3", "ADDR_CITY", "ADDR_STATE",
    "ADDR_POSTAL_CODE", "ADDR_COUNTRY",
)  # fmt: skip
QUALIFIERS = frozenset({"NAME_TYPE", "ADDR_TYPE", "PHONE_TYPE"})
"""Keys that only qualify their companion value (a name's type, an address's use)."""
CONSUMED = QUALIFIERS | {
    "NAME_FULL", "NAME_ORG", "NATIONALITY", "CITIZENSHIP", "GENDER", "RECORD_TYPE",
    "TRUSTED_ID_TYPE", "TRUSTED_ID_NUMBER", "OTHER_ID_TYPE", "OTHER_ID_NUMBER",
    "NATIONAL_ID_NUMBER", "NATIONAL_ID_TYPE", "NATIONAL_ID_SUBTYPE", "NATIONAL_ID_COUNTRY",
    "TAX_ID_NUMBER", "TAX_ID_TYPE", "TAX_ID_COUNTRY",
    "REL_ANCHOR_DOMAIN", "REL_ANCHOR_KEY", "REL_POINTER_DOMAIN", "REL_POINTER_KEY",
    "REL_POINTER_ROLE",
}  # fmt: skip
"""Keys read by the feature code below, beside the SIMPLE and ADDRESS_PARTS ones."""
TAX_TYPES = {"INN": "innCode", "VAT": "vatCode"}


@dataclass
class Edge:
    """A relationship read from RELATIONSHIPS, built once both ends are known."""

    schema: Schema
    source: str
    target: str
    role: str | None
    position: str
    publishers: list[str] = field(default_factory=list)


def edge_schema(role: str) -> tuple[Schema, str | None]:
    """The edge schema a REL_POINTER_ROLE names, or UnknownLink keeping the role."""
    for schema in model.schemata.values():
        if schema.edge and not schema.abstract and role in (schema.label, schema.name):
            return schema, None
    unknown = model.get("UnknownLink")
    assert unknown is not None
    return unknown, role


class _Records(ExportReader):
    """Builds entities from Senzing records; edges and untyped records wait for the end."""

    def __init__(self, path: Path, report: ParseReport) -> None:
        super().__init__(path, report)
        self.untyped: list[tuple[str, dict[str, Any]]] = []
        self.edges: dict[tuple[str, str, str | None, str], Edge] = {}

    def record(self, data: dict[str, Any], position: str) -> None:
        record_id = data.get("RECORD_ID")
        if isinstance(record_id, int):
            record_id = str(record_id)
        if not isinstance(record_id, str) or not record_id.strip():
            raise ParseError(self.path, "record without a RECORD_ID", position, "RECORD_ID")
        record_type = data.get("RECORD_TYPE")
        for feature in self.features(data):
            record_type = feature.get("RECORD_TYPE", record_type)
        if record_type is None:
            self.untyped.append((position, data))
            self.relationships(record_id, data, position)
            return
        schema = RECORD_TYPES.get(str(record_type).upper())
        if schema is None:
            raise ParseError(
                self.path, f"unknown RECORD_TYPE {record_type!r}", position, "RECORD_TYPE"
            )
        self.build(record_id, schema, data, position)
        self.relationships(record_id, data, position)

    def features(self, data: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for value in data.values():
            if isinstance(value, list):
                yield from (item for item in value if isinstance(item, dict))

    def build(self, record_id: str, schema: str, data: dict[str, Any], position: str) -> None:
        entity = new_entity(self.emitter, schema, record_id)
        put = self.emitter.put
        for key, value in data.items():
            if key in ("RECORD_ID", "RECORD_TYPE", "LAST_CHANGE", "DATA_SOURCE"):
                continue
            if key == "URL":
                put(entity, "sourceUrl", value, label=key)
            elif key == "GENDER":
                self.gender(entity, value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        self.feature(entity, item)
                    else:
                        put(entity, "", item, label=key)
            else:
                put(entity, "", value, label=key)
        source = data.get("DATA_SOURCE")
        if isinstance(source, str):
            add_publishers(self.emitter, entity, [source])
        last_change = data.get("LAST_CHANGE")
        entity.last_change = last_change if isinstance(last_change, str) else None
        self.buffer.add(entity, position)

    def gender(self, entity: StatementEntity, value: object) -> None:
        gender = {"M": "male", "F": "female"}.get(str(value).upper())
        self.emitter.put(entity, "gender" if gender else "", gender or value, label="GENDER")

    def feature(self, entity: StatementEntity, item: dict[str, Any]) -> None:
        """One feature object: a name, date, address, identifier, ..."""
        put = self.emitter.put
        keys = set(item)
        if keys & {"NAME_FULL", "NAME_ORG"}:
            primary = str(item.get("NAME_TYPE", "PRIMARY")).upper() == "PRIMARY"
            for key in ("NAME_FULL", "NAME_ORG"):
                put(entity, "name" if primary else "alias", item.get(key), label=key)
        parts = [str(item[k]) for k in ADDRESS_PARTS if item.get(k)]
        if parts:
            put(entity, "address", ", ".join(parts), label="ADDR_LINE1")
        for key, value in item.items():
            if key in SIMPLE:
                put(entity, SIMPLE[key], value, label=key)
            elif key in ("NATIONALITY", "CITIZENSHIP"):
                prop = key.lower() if entity.schema.get(key.lower()) else "country"
                put(entity, prop, value, label=key)
            elif key == "GENDER":
                self.gender(entity, value)
        self.identifiers(entity, item)
        for key in sorted(keys - CONSUMED - SIMPLE.keys() - set(ADDRESS_PARTS)):
            put(entity, "", item[key], label=key)

    def identifiers(self, entity: StatementEntity, item: dict[str, Any]) -> None:
        put = self.emitter.put
        if "TRUSTED_ID_NUMBER" in item:
            kind, number = str(item.get("TRUSTED_ID_TYPE", "")), item["TRUSTED_ID_NUMBER"]
            if kind.upper() == "WIKIDATA":
                put(entity, "wikidataId", number, label="TRUSTED_ID_NUMBER")
            else:
                put(entity, "", number, label=f"TRUSTED_ID_NUMBER {kind}".strip())
        if "OTHER_ID_NUMBER" in item:
            kind, number = str(item.get("OTHER_ID_TYPE", "")), item["OTHER_ID_NUMBER"]
            if kind == DOMAIN and number == entity.id:
                pass  # the entity's own id, already its id
            elif entity.schema.get(kind) is not None and kind != DOMAIN:
                put(entity, kind, number, label=f"OTHER_ID_NUMBER {kind}")
            else:
                put(entity, "", number, label=f"OTHER_ID_NUMBER {kind}".strip())
        if "NATIONAL_ID_NUMBER" in item:
            kind = str(item.get("NATIONAL_ID_TYPE") or "")
            subtype = str(item.get("NATIONAL_ID_SUBTYPE") or "")
            prop = "idNumber"
            if subtype.upper() == "OGRN":
                prop = "ogrnCode"
            elif kind.upper() == "REGISTRATION_NUMBER":
                prop = "registrationNumber"
            put(entity, prop, item["NATIONAL_ID_NUMBER"], label="NATIONAL_ID_NUMBER")
            self.qualifiers(
                entity, item, "NATIONAL_ID", known=kind.upper() in ("", "REGISTRATION_NUMBER")
            )
        if "TAX_ID_NUMBER" in item:
            kind = str(item.get("TAX_ID_TYPE") or "").upper()
            prop = TAX_TYPES.get(kind, "taxNumber")
            put(entity, prop, item["TAX_ID_NUMBER"], label="TAX_ID_NUMBER")
            self.qualifiers(entity, item, "TAX_ID", known=kind in ("", *TAX_TYPES))

    def qualifiers(
        self, entity: StatementEntity, item: dict[str, Any], stem: str, known: bool
    ) -> None:
        """Keep an id's scheme (when no property says it) and issuing country as a note."""
        parts = []
        if not known:
            parts.append(f"type {item.get(f'{stem}_TYPE')}")
        if item.get(f"{stem}_COUNTRY"):
            parts.append(f"country {item[f'{stem}_COUNTRY']}")
        if parts:
            number = item.get(f"{stem}_NUMBER")
            self.emitter.note(entity, f"{stem}_NUMBER {number}", ", ".join(parts))

    def relationships(self, record_id: str, data: dict[str, Any], position: str) -> None:
        source = data.get("DATA_SOURCE")
        publishers = [source] if isinstance(source, str) else []
        for item in self.features(data):
            if "REL_POINTER_KEY" not in item:
                anchor = item.get("REL_ANCHOR_KEY")
                if anchor is not None and anchor != record_id:
                    self.report.warnings.append(f"{position}: anchor {anchor!r} is not the record")
                continue
            domain = item.get("REL_POINTER_DOMAIN", DOMAIN)
            start = str(item.get("REL_ANCHOR_KEY") or record_id)
            target = str(item["REL_POINTER_KEY"])
            role = str(item.get("REL_POINTER_ROLE") or "Other link")
            if domain != DOMAIN:
                self.report.warnings.append(f"{position}: relationship to {domain} key {target}")
            schema, free_role = edge_schema(role)
            key = (start, schema.name, free_role, target)
            if key not in self.edges:
                self.edges[key] = Edge(schema, start, target, free_role, position, publishers)

    def finish(self) -> None:
        """Type the untyped records from the edges that reach them, then build the edges."""
        ends: dict[str, Counter[str]] = defaultdict(Counter)
        for edge in self.edges.values():
            source, target = edge.schema.source_prop, edge.schema.target_prop
            if source is not None and source.range is not None:
                ends[edge.source][source.range.name] += 1
            if target is not None and target.range is not None:
                ends[edge.target][target.range.name] += 1
        defaulted = 0
        for position, data in self.untyped:
            record_id = str(data["RECORD_ID"])
            schema = DEFAULT_SCHEMA
            for name, _ in ends.get(record_id, Counter()).most_common():
                candidate = model.get(name)
                if candidate is not None and not candidate.abstract and candidate.matchable:
                    schema = name
                    break
            else:
                defaulted += 1
            self.build(record_id, schema, data, position)
        if defaulted:
            self.report.warnings.append(
                f"{defaulted} record(s) without RECORD_TYPE read as {DEFAULT_SCHEMA}"
            )
        for edge in self.edges.values():
            self.edge(edge)

    def edge(self, edge: Edge) -> None:
        assert edge.schema.source_prop is not None and edge.schema.target_prop is not None
        key = [edge.source, edge.role, edge.target] if edge.role else [edge.source, edge.target]
        entity = self.emitter.make(edge.schema.name, "rel", edge.schema.name, *key)
        self.emitter.put(entity, edge.schema.source_prop.name, edge.source)
        self.emitter.put(entity, edge.schema.target_prop.name, edge.target)
        if edge.role:
            self.emitter.put(entity, "role", edge.role)
        add_publishers(self.emitter, entity, edge.publishers)
        self.buffer.add(entity, edge.position)


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Entities and relationship edges of an OpenSanctions Senzing export."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    records = _Records(path, report)
    for position, _raw, data in json_lines(path, report):
        records.record(data, position)
    records.finish()
    yield from records.buffer


def sniff(head: Head) -> bool:
    keys = first_json_keys(head)
    return keys is not None and {"DATA_SOURCE", "RECORD_ID"} <= keys


FORMAT = os_format("senzing", "OpenSanctions Senzing export (JSON lines)", sniff=sniff, parse=parse)
