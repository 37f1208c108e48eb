"""Which targets a request may see: datasets, schemata, topics and excluded ids.

Shared by /match and /search so the two endpoints narrow results the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from followthemoney import model

from kleptrace.api.datasets import Catalog
from kleptrace.api.errors import ApiError
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

    def __call__(self, target: Target) -> bool:
        kept = set(target.sources) & self.sources
        return (
            bool(kept - self.excluded_sources)
            and target.schema not in self.excluded_schemata
            and target.entity_id not in self.excluded_ids
            and (not self.topics or bool(self.topics.intersection(topics_of(target))))
        )


def target_filter(
    catalog: Catalog,
    dataset: str,
    include_dataset: Iterable[str] = (),
    exclude_dataset: Iterable[str] = (),
    exclude_schema: Iterable[str] = (),
    topics: Iterable[str] = (),
    exclude_entity_ids: Iterable[str] = (),
) -> TargetFilter:
    """Resolve a request's dataset parameters (404 for an unknown path dataset,
    400 naming the parameter for an unknown one in a query parameter)."""
    sources = catalog.resolve(dataset).sources
    included = list(include_dataset)
    if included:
        sources = sources & catalog.sources_of(included, "include_dataset")
    for schema in exclude_schema:
        if schema not in model.schemata:
            raise ApiError(400, f"exclude_schema: unknown schema {schema!r}")
    return TargetFilter(
        sources=sources,
        excluded_sources=catalog.sources_of(list(exclude_dataset), "exclude_dataset"),
        excluded_schemata=frozenset(
            s.name for name in exclude_schema for s in model.schemata.values() if s.is_a(name)
        ),
        topics=frozenset(topics),
        excluded_ids=frozenset(exclude_entity_ids),
    )
