"""The two inputs every alignment figure is a function of (designations and clusters) and
the comparison settings from data/align.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table


@dataclass(frozen=True)
class Designation:
    """One (target, program) row of one loaded list version.

    `current` says whether the row tells who designates now (its version is live and its
    source not superseded); rows of older versions and superseded sources are kept as
    evidence of dates and for the changes between versions.
    """

    entity_id: str
    jurisdiction: str
    regime: str
    magnitsky: bool
    program: str | None
    listing_date: str | None
    source: str
    version_id: int
    published: str | None
    current: bool


Clusters = dict[str, str]
"""entity_id -> cluster_id. An entity missing here is its own cluster."""


def cluster_of(clusters: Clusters, entity_id: str) -> str:
    return clusters.get(entity_id, entity_id)


@dataclass(frozen=True)
class Scope:
    """A set of regimes the figures are computed for (all, Russia, Magnitsky-type)."""

    key: str
    label: str
    regimes: frozenset[str] | None = None
    magnitsky: bool = False

    def covers(self, d: Designation) -> bool:
        if self.magnitsky:
            return d.magnitsky
        return self.regimes is None or d.regime in self.regimes


@dataclass(frozen=True)
class Superseded:
    source: str
    by: str
    why: str
    compare: bool
    """Show the changes from `source` to `by` as changes between versions of one list."""


@dataclass(frozen=True)
class AlignConfig:
    jurisdictions: tuple[str, ...]
    labels: dict[str, str]
    scopes: tuple[Scope, ...]
    superseded: tuple[Superseded, ...]
    far_apart_days: int
    gap_pairs: tuple[tuple[str, str], ...]

    def label(self, jurisdiction: str) -> str:
        return self.labels.get(jurisdiction, jurisdiction.upper())


@cache
def config() -> AlignConfig:
    """The settings in data/align.yml."""
    table = load_table("align")
    return AlignConfig(
        jurisdictions=tuple(table["jurisdictions"]),
        labels=dict(table["labels"]),
        scopes=tuple(
            Scope(
                key,
                row["label"],
                frozenset(row["regimes"]) if "regimes" in row else None,
                bool(row.get("magnitsky", False)),
            )
            for key, row in table["scopes"].items()
        ),
        superseded=tuple(
            Superseded(source, row["by"], " ".join(row["why"].split()), bool(row.get("compare")))
            for source, row in table["superseded"].items()
        ),
        far_apart_days=int(table["far_apart_days"]),
        gap_pairs=tuple((a, b) for a, b in table["gap_pairs"]),
    )
