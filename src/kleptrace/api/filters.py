"""Which targets a request may see: datasets, schemata, topics, excluded ids and time of
last change.

Shared by /match and /search so the two endpoints narrow results the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from followthemoney import model

from kleptrace.api.errors import ApiError
from kleptrace.api.state import Snapshot
from kleptrace.api.timestamps import iso_seconds
from kleptrace.screen.index import Target

SANCTION_TOPIC = "sanction"


def topics_of(target: Target) -> tuple[str, ...]:
    """yente's topics for a target: every designated target is a `sanction`."""
    return (SANCTION_TOPIC,) if target.regimes else ()


@dataclass(frozen=True)
class TargetFilter:
    """A request's narrowing of the targets; `__call__` says whether one is kept."""

    sources: frozenset[str]
    excluded_sources: frozenset[str] = frozenset()
    excluded_schemata: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    excluded_ids: frozenset[str] = frozenset()
    changed_since: str | None = None
    """Naive UTC ISO seconds: targets whose `last_changes` entry is earlier are left out.
    A target without one (most official lists give no first-seen time) is kept, since
    nothing shows it unchanged, and missing a new designation is worse than a repeat."""
    last_changes: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, target: Target) -> bool:
        kept = set(target.sources) & self.sources
        return (
            bool(kept - self.excluded_sources)
            and target.schema not in self.excluded_schemata
            and target.entity_id not in self.excluded_ids
            and (not self.topics or bool(self.topics.intersection(topics_of(target))))
            and (
                self.changed_since is None
                or self.last_changes.get(target.entity_id, self.changed_since) >= self.changed_since
            )
        )


def target_filter(
    snap: Snapshot,
    dataset: str,
    include_dataset: Iterable[str] = (),
    exclude_dataset: Iterable[str] = (),
    exclude_schema: Iterable[str] = (),
    topics: Iterable[str] = (),
    exclude_entity_ids: Iterable[str] = (),
    changed_since: str | None = None,
) -> TargetFilter:
    """Resolve a request's narrowing parameters (404 for an unknown path dataset,
    400 naming the parameter for an unknown dataset or schema or an impossible date)."""
    catalog = snap.catalog
    sources = catalog.resolve(dataset).sources
    included = list(include_dataset)
    if included:
        sources = sources & catalog.sources_of(included, "include_dataset")
    for schema in exclude_schema:
        if schema not in model.schemata:
            raise ApiError(400, f"exclude_schema: unknown schema {schema!r}")
    since = None
    if changed_since is not None:
        since = iso_seconds(changed_since)
        if since is None:
            raise ApiError(400, f"changed_since: not a date or time: {changed_since!r}")
    return TargetFilter(
        sources=sources,
        excluded_sources=catalog.sources_of(list(exclude_dataset), "exclude_dataset"),
        excluded_schemata=frozenset(
            s.name for name in exclude_schema for s in model.schemata.values() if s.is_a(name)
        ),
        topics=frozenset(topics),
        excluded_ids=frozenset(exclude_entity_ids),
        changed_since=since,
        last_changes=snap.last_changes if since else {},
    )
