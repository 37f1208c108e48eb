"""Gap lists: targets one jurisdiction designates and another (or every other) does not,
ranked by prominence so the most consequential gaps come first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kleptrace.align.coverage import Coverage, Listing
from kleptrace.align.inputs import Record
from kleptrace.align.model import Clusters, Designation, cluster_of


@dataclass(frozen=True)
class Prominence:
    """Why a target matters: on how many lists, under how many programs (sectors), with
    how many linked entities (owners, subsidiaries, relatives, associates). Ties go to
    the target designated longest."""

    lists: int
    programs: tuple[str, ...]
    links: int

    def rank_key(self) -> tuple[int, int, int]:
        return (-self.lists, -len(self.programs), -self.links)


@dataclass(frozen=True)
class GapRow:
    cluster_id: str
    name: str
    schema: str
    designated_by: tuple[str, ...]
    """Jurisdictions designating it within the scope's regimes."""
    elsewhere: tuple[str, ...]
    """Other jurisdictions designating it under other regimes only."""
    since: str | None
    """When the designating jurisdiction (the list's first) listed it."""
    since_basis: str | None
    """coverage.LISTED, or coverage.PUBLISHED when `since` is only an upper bound."""
    prominence: Prominence
    members: tuple[str, ...]


@dataclass(frozen=True)
class GapList:
    key: str
    scope: str
    designated_by: str
    not_by: tuple[str, ...]
    rows: list[GapRow]


def prominence(
    designations: Iterable[Designation], clusters: Clusters, records: Mapping[str, Record]
) -> dict[str, Prominence]:
    """Prominence of every cluster designated now, counted over all regimes."""
    lists: dict[str, set[str]] = {}
    programs: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    for d in designations:
        if not d.current:
            continue
        c = cluster_of(clusters, d.entity_id)
        lists.setdefault(c, set()).add(d.source)
        programs.setdefault(c, set()).update([d.program] if d.program else [])
        members.setdefault(c, set()).add(d.entity_id)
        record = records.get(d.entity_id)
        if record:
            links.setdefault(c, set()).update(record.links)
    return {
        c: Prominence(len(lists[c]), tuple(sorted(programs[c])), len(links.get(c, set()) - ids))
        for c, ids in members.items()
    }


def gap_lists(
    cov: Coverage,
    scope: str,
    jurisdictions: Sequence[str],
    pairs: Sequence[tuple[str, str]],
    ranks: Mapping[str, Prominence],
    records: Mapping[str, Record],
    everywhere: Coverage,
) -> list[GapList]:
    """`J-only` for each jurisdiction, then `A-not-B` and `B-not-A` for each pair.
    `everywhere` is the all-regime coverage, to name who designates a target otherwise."""
    wanted: list[tuple[str, str, tuple[str, ...]]] = [
        (f"{j}-only", j, tuple(o for o in jurisdictions if o != j)) for j in jurisdictions
    ]
    for a, b in pairs:
        wanted += [(f"{a}-not-{b}", a, (b,)), (f"{b}-not-{a}", b, (a,))]
    ranked = {
        j: sorted(
            (
                _row(cluster, listings, j, ranks[cluster], records, everywhere.get(cluster, {}))
                for cluster, listings in cov.items()
                if j in listings
            ),
            key=lambda r: (*r.prominence.rank_key(), r.since or "~", r.name, r.cluster_id),
        )
        for j in jurisdictions
    }
    return [
        GapList(
            key,
            scope,
            by,
            not_by,
            [r for r in ranked[by] if not set(not_by).intersection(r.designated_by)],
        )
        for key, by, not_by in wanted
    ]


def _row(
    cluster: str,
    listings: Mapping[str, Listing],
    by: str,
    rank: Prominence,
    records: Mapping[str, Record],
    everywhere: Mapping[str, Listing],
) -> GapRow:
    members = sorted(listings[by].members)
    named = next((records[m] for m in members if m in records), None)
    return GapRow(
        cluster_id=cluster,
        name=named.name if named else cluster,
        schema=named.schema if named else "",
        designated_by=tuple(listings),
        elsewhere=tuple(j for j in everywhere if j not in listings),
        since=listings[by].since,
        since_basis=listings[by].basis,
        prominence=rank,
        members=tuple(members),
    )
