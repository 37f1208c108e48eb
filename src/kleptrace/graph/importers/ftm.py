"""FollowTheMoney entities as JSON lines ({"id", "schema", "properties"}): parties become
nodes, the interval schemata (Ownership, Directorship, Family, Associate, UnknownLink,
Representation, ...) edges, as data/ownership_kinds.yml says which property is the
owner side and which the asset. Entity ids are kept as node ids, so entities of the
lists (graph.importers.lists) and of FtM exports that share ids meet at one node.
Entities of other schemata (Sanction, Passport, Payment ...) are kept as rejected rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model

from kleptrace.graph.importers.base import GraphFormat, first_json_object, json_records
from kleptrace.graph.importers.kinds import ftm_intervals
from kleptrace.graph.importers.percent import parse_share
from kleptrace.graph.importers.rows import UNKNOWN_SHARE, GraphRows, country_code
from kleptrace.graph.model import NODE_SCHEMAS

NODE_PARENTS = (
    "Person",
    "Company",
    "Organization",
    "LegalEntity",
    "RealEstate",
    "Vessel",
    "Airplane",
    "Address",
)
"""Node schemata in the order a FtM schema is tested against them (most specific first)."""
IDENTIFIER_PROPS = (
    "registrationNumber",
    "leiCode",
    "innCode",
    "ogrnCode",
    "taxNumber",
    "idNumber",
    "imoNumber",
    "swiftBic",
    "titleNumber",
)
"""Identifier properties kept on nodes: the ones linking (graph.link) matches on."""
JURISDICTION_PROPS = ("jurisdiction", "country", "nationality", "citizenship", "mainCountry")


def sniff(path: Path, head: bytes) -> bool:
    first = first_json_object(head)
    return first is not None and "schema" in first and "properties" in first


def read(paths: list[Path], rows: GraphRows) -> None:
    for path in paths:
        for position, entity in json_records(path, rows):
            add_entity(entity, f"{path.name}:{position}", rows, str(path), position)


def node_schema(schema_name: str) -> str | None:
    """The graph node schema of a FtM schema (PublicBody -> Organization), or None."""
    schema = model.get(schema_name)
    if schema is None:
        return None
    for parent in NODE_PARENTS:
        if schema.is_a(parent):
            assert parent in NODE_SCHEMAS
            return parent
    return None


def add_entity(
    entity: dict[str, Any], record: str, rows: GraphRows, file: str, position: str
) -> None:
    """One FtM entity as a node or an edge; anything else is kept as a rejected row."""
    schema_name = str(entity.get("schema") or "")
    props: dict[str, list[str]] = entity.get("properties") or {}
    entity_id = entity.get("id")
    interval = ftm_intervals().get(schema_name)
    if not entity_id:
        rows.reject(file, position, "entity without an id", json.dumps(entity))
    elif interval is not None:
        _edge(
            entity,
            props,
            interval.kind,
            interval.owner,
            interval.asset,
            record,
            rows,
            file,
            position,
        )
    elif (schema := node_schema(schema_name)) is not None:
        rows.node(
            str(entity_id),
            schema,
            _first(props, "name"),
            record,
            jurisdiction=next(
                (c for p in JURISDICTION_PROPS for v in props.get(p, []) if (c := country_code(v))),
                None,
            ),
            identifiers={p: props[p][0] for p in IDENTIFIER_PROPS if props.get(p)},
            attributes={
                p: "; ".join(props[p])
                for p in ("birthDate", "incorporationDate", "tenure", "amount", "currency")
                if props.get(p)
            },
        )
    else:
        reason = f"schema {schema_name!r} is not part of the ownership graph"
        rows.reject(file, position, reason, json.dumps(entity))


def _edge(
    entity: dict[str, Any],
    props: dict[str, list[str]],
    kind: str,
    owner_prop: str,
    asset_prop: str,
    record: str,
    rows: GraphRows,
    file: str,
    position: str,
) -> None:
    owners, assets = props.get(owner_prop) or [], props.get(asset_prop) or []
    if not owners or not assets:
        reason = f"{entity.get('schema')} without {owner_prop if not owners else asset_prop}"
        rows.reject(file, position, reason, json.dumps(entity))
        return
    share = UNKNOWN_SHARE
    percentage = _first(props, "percentage")
    if percentage:
        parsed = parse_share(percentage)
        if parsed is None:
            rows.reject(
                file, position, f"percentage not understood: {percentage!r}", json.dumps(entity)
            )
        else:
            share = parsed
    role = _first(props, "role") or _first(props, "relationship") or _first(props, "ownershipType")
    for owner in owners:
        for asset in assets:
            for end in (owner, asset):
                if end not in rows.nodes:
                    rows.node(end, "LegalEntity", None, f"{record} (referenced)")
            rows.edge(
                owner,
                asset,
                kind,
                record,
                share=share,
                start_date=_first(props, "startDate"),
                end_date=_first(props, "endDate"),
                source_kind=f"{entity.get('schema')}: {role}"
                if role
                else str(entity.get("schema")),
            )


def _first(props: dict[str, list[str]], name: str) -> str | None:
    values = props.get(name) or []
    return str(values[0]) if values else None


FORMAT = GraphFormat(
    "ftm",
    "FollowTheMoney entities, one JSON object per line (or a JSON array)",
    sniff,
    read,
)
