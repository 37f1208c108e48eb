"""Who designates each canonical target, under which programs, since when: the table every
overlap, gap and lag figure is counted from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kleptrace.align.model import Clusters, Designation, Scope, cluster_of

LISTED = "listed"
"""The date is a listing date printed in a loaded file of the jurisdiction's lists."""
PUBLISHED = "published"
"""No loaded file gives a listing date: the date is the publication date of the earliest
loaded version that carries the target, so the target was designated on or before it."""


@dataclass(frozen=True)
class Listing:
    """One jurisdiction's designation of one cluster within a scope."""

    since: str | None
    basis: str | None
    """LISTED, PUBLISHED, or None when neither a listing nor a publication date is known."""
    date_source: str | None
    programs: frozenset[str]
    sources: frozenset[str]
    members: frozenset[str]


Coverage = dict[str, dict[str, Listing]]
"""cluster_id -> jurisdiction -> Listing, for the clusters designated now; jurisdictions
in the order given."""


def coverage(
    designations: Iterable[Designation],
    clusters: Clusters,
    scope: Scope,
    jurisdictions: Iterable[str],
) -> Coverage:
    """Clusters designated now (by a current row) in `scope`, with each jurisdiction's first
    date taken from every loaded version of its lists (older versions included)."""
    jurisdictions = list(jurisdictions)
    wanted = set(jurisdictions)
    rows = [d for d in designations if d.jurisdiction in wanted and scope.covers(d)]
    programs: dict[tuple[str, str], set[str]] = {}
    sources: dict[tuple[str, str], set[str]] = {}
    members: dict[tuple[str, str], set[str]] = {}
    for d in rows:
        if d.current:
            key = (cluster_of(clusters, d.entity_id), d.jurisdiction)
            programs.setdefault(key, set()).update([d.program] if d.program else [])
            sources.setdefault(key, set()).add(d.source)
            members.setdefault(key, set()).add(d.entity_id)
    listed: dict[tuple[str, str], tuple[str, str]] = {}
    bound: dict[tuple[str, str], tuple[str, str]] = {}
    for d in rows:
        key = (cluster_of(clusters, d.entity_id), d.jurisdiction)
        if key not in members:
            continue
        if d.listing_date and (key not in listed or d.listing_date < listed[key][0]):
            listed[key] = (d.listing_date, d.source)
        if d.published and (key not in bound or d.published < bound[key][0]):
            bound[key] = (d.published, d.source)
    out: Coverage = {}
    order = {j: i for i, j in enumerate(jurisdictions)}
    for key in sorted(members, key=lambda k: (k[0], order[k[1]])):
        cluster, jurisdiction = key
        since: str | None = None
        basis: str | None = None
        origin: str | None = None
        if key in listed:
            since, basis, origin = listed[key][0], LISTED, listed[key][1]
        elif key in bound:
            since, basis, origin = bound[key][0], PUBLISHED, bound[key][1]
        out.setdefault(cluster, {})[jurisdiction] = Listing(
            since,
            basis,
            origin,
            frozenset(programs[key]),
            frozenset(sources[key]),
            frozenset(members[key]),
        )
    return out
