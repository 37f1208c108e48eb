"""yente's `EntityResponse`, built from a snapshot's statements.

Entities come back as FollowTheMoney `StatementEntity` objects (via the
store's own reader), so captions and property names are FtM's. A flat
response lists entity-typed properties as ids, as /match and /search return
them. A nested one (`GET /entities/{id}`) is yente's: what the entity points
at is inlined, and what points at it (its Sanction, Passport, Family or
Ownership records) appears under the reverse property name (`sanctions`,
`identification`, `familyPerson` ...), each without its link back to the root.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from followthemoney import StatementEntity, registry
from followthemoney.schema import Schema

from kleptrace.api.errors import ApiError
from kleptrace.api.state import Snapshot
from kleptrace.api.timestamps import iso_seconds
from kleptrace.resolve.canonical import merge
from kleptrace.screen.targets import TARGET_SCHEMATA
from kleptrace.store.read import entity_from_rows

Json = dict[str, Any]
RESPONSES_KEPT = 20_000
"""Flat responses kept per snapshot: a few tens of MB."""


class _Loaded(NamedTuple):
    entity: StatementEntity
    designated: bool


def entity_responses(snap: Snapshot, ids: Iterable[str]) -> dict[str, Json]:
    """Flat responses for many ids; ids not in the snapshot are left out.

    Kept per snapshot (the same targets come back for query after query), so
    callers must copy a response before changing it.
    """
    wanted = list(dict.fromkeys(ids))
    memo = snap.responses
    missing = [entity_id for entity_id in wanted if entity_id not in memo]
    if len(memo) + len(missing) > RESPONSES_KEPT:
        memo.clear()
    memo.update((entity_id, _flat(item)) for entity_id, item in _load(snap, missing).items())
    return {entity_id: memo[entity_id] for entity_id in wanted if entity_id in memo}


def canonical_response(snap: Snapshot, canonical_id: str) -> Json:
    """A canonical target (after `kleptrace resolve`): its members' statements merged
    under the canonical id, with `referents` naming the members, as yente serves a
    merged entity."""
    members = snap.clusters[canonical_id]
    rows = [row for member_rows in snap.statement_rows(members).values() for row in member_rows]
    entity = merge(canonical_id, rows)
    response = _flat(_Loaded(entity, any(m in snap.designated for m in members)))
    response["referents"] = list(members)
    return response


def entity_response(snap: Snapshot, entity_id: str, nested: bool) -> Json:
    """One entity, nested as yente nests it or flat; 404 in yente's words when unknown.
    A canonical id answers with the merged target (`canonical_response`)."""
    if entity_id in snap.clusters:
        return canonical_response(snap, entity_id)
    if not nested:
        found = entity_responses(snap, [entity_id])
        if entity_id not in found:
            raise ApiError(404, "No such entity!")
        return found[entity_id]
    loaded = _neighbourhood(snap, entity_id)
    root = _nest(loaded[entity_id], loaded, frozenset())
    for reverse_name, adjacent_id in _pointing_at(entity_id, loaded):
        child = _nest(loaded[adjacent_id], loaded, frozenset([entity_id]))
        root["properties"].setdefault(reverse_name, []).append(child)
    return root


def _pointing_at(entity_id: str, loaded: dict[str, _Loaded]) -> list[tuple[str, str]]:
    """(reverse property name, id) of each loaded entity that points at `entity_id`."""
    out = []
    for adjacent_id, item in sorted(loaded.items()):
        if adjacent_id == entity_id:
            continue
        for prop in item.entity.iterprops():
            reverse = prop.reverse
            if prop.type == registry.entity and reverse and entity_id in item.entity.get(prop):
                out.append((reverse.name, adjacent_id))
    return out


def _load(snap: Snapshot, ids: Iterable[str]) -> dict[str, _Loaded]:
    """Entities by id, each with whether it has designations."""
    return {
        entity_id: _Loaded(entity_from_rows(rows), entity_id in snap.designated)
        for entity_id, rows in snap.statement_rows(ids).items()
    }


def _interstitial(schema: Schema) -> bool:
    """Records that exist to link things (Ownership, Family, Sanction, Passport): the
    entities they point at are what a reader wants to see, so those are fetched too."""
    return schema.edge or schema.is_a("Interval")


def _references(entity: StatementEntity) -> set[str]:
    return {value for prop, value in entity.itervalues() if prop.type == registry.entity}


def _neighbourhood(snap: Snapshot, entity_id: str) -> dict[str, _Loaded]:
    """The root, what points at it, what it points at, and what its link records point at."""
    loaded = _load(snap, [entity_id, *snap.referring_to(entity_id)])
    if entity_id not in loaded:
        raise ApiError(404, "No such entity!")
    expand = [loaded[entity_id].entity]
    expand += [item.entity for item in loaded.values() if _interstitial(item.entity.schema)]
    while True:
        wanted = {ref for entity in expand for ref in _references(entity)} - loaded.keys()
        found = _load(snap, wanted)
        if not found:
            return loaded
        loaded.update(found)
        expand = [item.entity for item in found.values() if _interstitial(item.entity.schema)]


def _nest(item: _Loaded, loaded: dict[str, _Loaded], path: frozenset[str]) -> Json:
    """The entity with fetched references inlined; ids on `path` (the entities this one
    is nested under) are dropped, so a child never repeats its parent."""
    out = _flat(item)
    entity = item.entity
    inner = path | {str(entity.id)}
    for prop in entity.iterprops():
        if prop.type != registry.entity:
            continue
        values: list[Any] = [
            _nest(loaded[value], loaded, inner) if value in loaded else value
            for value in sorted(entity.get(prop))
            if value not in path
        ]
        if values:
            out["properties"][prop.name] = values
        else:
            del out["properties"][prop.name]
    return out


def _flat(item: _Loaded) -> Json:
    entity = item.entity
    seen = [(s.first_seen, s.last_seen) for s in entity.statements]
    first_seen = [first for first, _ in seen if first]
    last_seen = [last for _, last in seen if last]
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema.name,
        "properties": {prop: sorted(values) for prop, values in entity.properties.items()},
        "datasets": sorted(entity.datasets),
        "referents": [],
        "target": item.designated or entity.schema.name in TARGET_SCHEMATA,
        "first_seen": iso_seconds(min(first_seen, default=None)),
        "last_seen": iso_seconds(max(last_seen, default=None)),
        "last_change": iso_seconds(max(first_seen, default=None)),
    }
