"""`GET /search/{dataset}`: find targets by name or identifier, filter them, count facets.

yente answers this from Elasticsearch. kleptrace answers a text query with its
screener (names in any script and spelling, loosely: score 0.6 and up) plus
targets holding exactly that identifier; without text, every target the
filters leave. Filters and facet counts run on arrays built once per snapshot,
so browsing all ~71,000 targets takes milliseconds, not a scan of Python
objects. `changed_since` leaves out targets whose statements were all first
seen before that time (see `filters.TargetFilter`). `fuzzy`, `simple` and
`sort` are accepted for yente clients and ignored: name matching is always
fuzzy and results come best first.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal

import numpy as np
import numpy.typing as npt
from fastapi import APIRouter, Depends, Query
from followthemoney import model, registry
from followthemoney.types.common import PropertyType

from kleptrace.api.datasets import Catalog
from kleptrace.api.entities import entity_responses
from kleptrace.api.errors import ApiError
from kleptrace.api.filters import TargetFilter, target_filter, topics_of
from kleptrace.api.routes.match import CHANGED_SINCE
from kleptrace.api.state import Snapshot, snapshot
from kleptrace.screen import Query as ScreenQuery
from kleptrace.screen import Screener
from kleptrace.screen.evidence import normalise_identifier
from kleptrace.screen.index import Target
from kleptrace.screen.query import QUERY_SCHEMATA
from kleptrace.screen.targets import COUNTRY_PROPS, DATE_PROPS, ID_PROPS, TARGET_SCHEMATA

router = APIRouter(tags=["search"])

Mask = npt.NDArray[np.bool_]
SEARCH_THRESHOLD = 0.6
"""Looser than screening's: a search box should show near spellings too."""
MAX_PAGE = 500
MAX_OFFSET = 9499
MAX_QUERY_CHARS = 1_000
FACET_SIZE = 1_000
"""Values per facet, as yente asks Elasticsearch for."""


class Facet(StrEnum):
    datasets = "datasets"
    schema = "schema"
    countries = "countries"
    identifiers = "identifiers"
    topics = "topics"
    genders = "genders"


DEFAULT_FACETS = [Facet.countries, Facet.topics, Facet.datasets]
_FACET_TYPES: dict[str, PropertyType] = {
    Facet.countries: registry.country,
    Facet.identifiers: registry.identifier,
    Facet.topics: registry.topic,
    Facet.genders: registry.gender,
}
_FACET_LABELS = {
    Facet.datasets: "Data sources",
    Facet.schema: "Entity types",
    **{facet: kind.plural for facet, kind in _FACET_TYPES.items()},
}


def _date_prefixes(target: Target) -> set[str]:
    """Year, month and day of each date, so `properties.birthDate:1952` finds 1952-10-07."""
    return {date[:size] for date in target.dates for size in (4, 7, 10) if len(date) >= size}


_FIELDS: dict[str, Callable[[Target], Iterable[str]]] = {
    "datasets": lambda t: t.sources,
    "schema": lambda t: (t.schema,),
    "countries": lambda t: t.countries,
    "identifiers": lambda t: {normalise_identifier(v) for v in t.identifiers} - {""},
    "topics": topics_of,
    "genders": lambda t: (t.gender,) if t.gender else (),
    "dates": _date_prefixes,
}
"""What each filterable field holds for a target, normalised as `_NORMALISE` reads values."""
_NORMALISE: dict[str, Callable[[str], str]] = {
    "countries": str.lower,
    "identifiers": normalise_identifier,
}
FILTER_FIELDS = {
    **{name: name for name in _FIELDS},
    **{f"properties.{p}": "countries" for p in COUNTRY_PROPS},
    **{f"properties.{p}": "identifiers" for p in ID_PROPS},
    **{f"properties.{p}": "dates" for p in DATE_PROPS},
    "properties.gender": "genders",
}
"""`filter=field:value` fields. A property filter matches the target's evidence of that
kind, which the index keeps merged: `properties.nationality:ru` is any country of `ru`."""


@dataclass(frozen=True)
class _Field:
    """One many-valued attribute of every target, as (target, value) pairs in arrays.

    `values` is sorted, so ordering by count with a stable sort breaks ties by name.
    """

    values: list[str]
    columns: dict[str, int]
    rows: npt.NDArray[np.intp]
    cols: npt.NDArray[np.intp]
    size: int

    @classmethod
    def of(cls, per_target: list[Iterable[str]]) -> _Field:
        rows: list[int] = []
        found: list[str] = []
        for row, values in enumerate(per_target):
            for value in set(values):
                rows.append(row)
                found.append(value)
        values, cols = np.unique(np.array(found, dtype=object), return_inverse=True)
        listed = [str(v) for v in values]
        return cls(
            listed,
            {v: i for i, v in enumerate(listed)},
            np.array(rows, dtype=np.intp),
            cols.astype(np.intp),
            len(per_target),
        )

    def having(self, wanted: Iterable[str], every: bool = False) -> Mask:
        """Targets holding any of these values (or, with `every`, all of them)."""
        asked = set(wanted)
        known = [self.columns[v] for v in asked if v in self.columns]
        if every and len(known) < len(asked):
            return np.zeros(self.size, dtype=np.bool_)
        hits = np.bincount(self.rows[np.isin(self.cols, known)], minlength=self.size)
        return hits >= len(known) if every else hits > 0

    def counts(self, mask: Mask) -> npt.NDArray[np.intp]:
        """How many of the targets in `mask` hold each value."""
        return np.bincount(self.cols[mask[self.rows]], minlength=len(self.values))


@dataclass(frozen=True)
class _SearchIndex:
    """The targets of one snapshot with every filterable field as arrays."""

    targets: list[Target]
    positions: dict[str, int]
    fields: dict[str, _Field]

    @classmethod
    def of(cls, targets: Iterable[Target]) -> _SearchIndex:
        listed = list(targets)
        return cls(
            listed,
            {t.entity_id: i for i, t in enumerate(listed)},
            {name: _Field.of([read(t) for t in listed]) for name, read in _FIELDS.items()},
        )

    def allowed(self, keep: TargetFilter, schema: str) -> Mask:
        """`keep` applied to every target at once (tests check it agrees with
        `TargetFilter.__call__`), narrowed to targets that are a `schema`."""
        schemata = self.fields["schema"]
        mask = self.fields["datasets"].having(keep.sources - keep.excluded_sources)
        mask &= schemata.having(s for s in schemata.values if model[s].is_a(schema))
        if keep.excluded_schemata:
            mask &= ~schemata.having(keep.excluded_schemata)
        if keep.topics:
            mask &= self.fields["topics"].having(keep.topics)
        if keep.changed_since is not None:
            since = keep.changed_since
            changed = np.array([keep.last_changes.get(t.entity_id, since) for t in self.targets])
            mask &= changed >= since
        return mask

    def ranked(self, screener: Screener, text: str, schema: str, mask: Mask) -> list[int]:
        """Positions of targets in `mask` that `text` finds: those holding it as an
        identifier first, then by name score, best first."""
        identified: set[int] = set()
        if identifier := normalise_identifier(text):
            hits = self.fields["identifiers"].having([identifier]) & mask
            identified = {int(p) for p in np.flatnonzero(hits)}

        def kept(target: Target) -> bool:
            return bool(mask[self.positions[target.entity_id]])

        queries = [ScreenQuery(names=(text,), schema=s) for s in _query_schemata(schema)]
        scores = dict.fromkeys(identified, 1.0)
        for matches in screener.screen_many(queries, SEARCH_THRESHOLD, len(self.targets), kept):
            for found in matches:
                position = self.positions[found.entity_id]
                scores[position] = max(scores.get(position, 0.0), found.score)
        return sorted(
            scores,
            key=lambda p: (p not in identified, -scores[p], self.targets[p].entity_id),
        )


@cache
def _query_schemata(schema: str) -> tuple[str, ...]:
    """Screening query schemata that together reach every target schema that is a
    `schema`: "Thing" needs a LegalEntity query (people and organisations) plus a
    Vessel and an Airplane one, since a LegalEntity query never matches those."""
    if schema in QUERY_SCHEMATA:
        return (schema,)
    legal = model["LegalEntity"]
    reached = [t for t in TARGET_SCHEMATA if model[t].is_a(schema)]
    return tuple(dict.fromkeys("LegalEntity" if legal.can_match(model[t]) else t for t in reached))


class _PerSnapshot:
    """The search index of the snapshot last searched, rebuilt when a reload swaps in
    another; a weak reference, so an old snapshot is freed once nothing serves it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._built: tuple[weakref.ref[Snapshot], _SearchIndex] | None = None

    def __call__(self, snap: Snapshot) -> _SearchIndex:
        with self._lock:
            if self._built is None or self._built[0]() is not snap:
                self._built = (weakref.ref(snap), _SearchIndex.of(snap.targets.values()))
            return self._built[1]


search_index = _PerSnapshot()


def parse_filters(raw: Iterable[str]) -> dict[str, list[str]]:
    """`field:value` strings as normalised values by index field; 400 naming a bad one."""
    out: dict[str, list[str]] = {}
    for item in raw:
        name, colon, value = item.partition(":")
        if not colon or not name or not value:
            raise ApiError(400, f"Invalid filter: {item!r}")
        field = FILTER_FIELDS.get(name)
        if field is None:
            raise ApiError(400, f"Invalid filter: {item!r}; no field {name!r}")
        out.setdefault(field, []).append(_normalised(field, value))
    return out


def _normalised(field: str, value: str) -> str:
    return _NORMALISE.get(field, str)(value.strip())


@router.get("/search/{dataset}")
def search(
    dataset: str,
    snap: Annotated[Snapshot, Depends(snapshot)],
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    schema: Annotated[str, Query(max_length=64)] = "Thing",
    include_dataset: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies it
    exclude_dataset: Annotated[list[str], Query()] = [],  # noqa: B006
    exclude_schema: Annotated[list[str], Query()] = [],  # noqa: B006
    countries: Annotated[list[str], Query()] = [],  # noqa: B006
    topics: Annotated[list[str], Query()] = [],  # noqa: B006
    datasets: Annotated[list[str], Query()] = [],  # noqa: B006
    filters: Annotated[list[str], Query(alias="filter")] = [],  # noqa: B006
    filter_op: Annotated[Literal["OR", "AND"], Query()] = "OR",
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    facets: Annotated[list[Facet], Query()] = DEFAULT_FACETS,
    fuzzy: bool = False,
    simple: bool = False,
    sort: Annotated[list[str], Query()] = [],  # noqa: B006
    changed_since: Annotated[str | None, Query(pattern=CHANGED_SINCE)] = None,
) -> dict[str, Any]:
    """yente's SearchResponse: one page of flat entities, facet counts over every hit."""
    keep = target_filter(
        snap,
        dataset,
        include_dataset,
        exclude_dataset,
        exclude_schema,
        topics,
        changed_since=changed_since,
    )
    if schema not in model.schemata:
        raise ApiError(400, "Invalid schema")
    index = search_index(snap)
    mask = index.allowed(keep, schema)
    if datasets:
        mask &= index.fields["datasets"].having(snap.catalog.sources_of(datasets, "datasets"))
    wanted = parse_filters(filters)
    codes = [_normalised("countries", c) for c in countries if c.strip()]  # yente skips ""
    if codes:
        wanted.setdefault("countries", []).extend(codes)
    for field, values in wanted.items():
        mask &= index.fields[field].having(values, every=filter_op == "AND")
    text = q.strip()
    if text:
        ranked = index.ranked(snap.screener, text, schema, mask)
        hits = np.zeros(len(index.targets), dtype=np.bool_)
        hits[ranked] = True
    else:
        ranked = np.flatnonzero(mask).tolist()
        hits = mask
    page = [index.targets[p].entity_id for p in ranked[offset : offset + limit]]
    found = entity_responses(snap, page)
    return {
        "results": [found[entity_id] for entity_id in page],
        "facets": {f.value: _facet(f, index.fields[f], hits, snap.catalog) for f in facets},
        "total": {"value": len(ranked), "relation": "eq"},
        "limit": limit,
        "offset": offset,
    }


def _facet(facet: Facet, field: _Field, hits: Mask, catalog: Catalog) -> dict[str, Any]:
    counts = field.counts(hits)
    order = np.argsort(-counts, kind="stable")[:FACET_SIZE]
    values = []
    for column in order[counts[order] > 0].tolist():
        name = field.values[column]
        values.append(
            {"name": name, "label": _label(facet, name, catalog), "count": int(counts[column])}
        )
    return {"label": _FACET_LABELS[facet], "values": values}


def _label(facet: Facet, value: str, catalog: Catalog) -> str:
    if facet is Facet.datasets:
        return catalog.resolve(value).title
    if facet is Facet.schema:
        return str(model[value].plural)
    return str(_FACET_TYPES[facet].caption(value) or value)
