"""Changes between two loaded versions of a list (or a list and the list that replaced it):
who was added, who was removed, and whether the other jurisdictions designate them now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kleptrace.align.coverage import Coverage
from kleptrace.align.inputs import SourceVersion
from kleptrace.align.model import Clusters, Designation, Superseded, cluster_of


@dataclass(frozen=True)
class Change:
    old: SourceVersion
    new: SourceVersion
    why: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    kept: int
    added_also_by: dict[str, int]
    """Of the added targets, how many each other jurisdiction designates now."""
    removed_still_by: dict[str, int]
    """Of the removed targets, how many each jurisdiction still designates now (for the
    list's own jurisdiction: on another of its current lists)."""


def version_pairs(
    loaded: Sequence[SourceVersion], superseded: Iterable[Superseded]
) -> list[tuple[SourceVersion, SourceVersion, str]]:
    """The newest two versions of every list loaded more than once, then each superseded
    source marked `compare` with the live version of the source that replaced it."""
    by_list: dict[str, list[SourceVersion]] = {}
    for v in loaded:
        by_list.setdefault(v.list_key, []).append(v)
    pairs = []
    for key, found in sorted(by_list.items()):
        if len(found) > 1:
            old, new = sorted(found, key=lambda v: (v.published or v.loaded, v.version_id))[-2:]
            pairs.append((old, new, f"the two newest loaded versions of {key}"))
    live = {v.source: v for v in loaded if v.live}
    for s in superseded:
        if s.compare and s.source in live and s.by in live:
            pairs.append((live[s.source], live[s.by], s.why))
    return pairs


def change(
    old: SourceVersion,
    new: SourceVersion,
    why: str,
    designations: Iterable[Designation],
    clusters: Clusters,
    now: Coverage,
    jurisdictions: Sequence[str],
) -> Change:
    """`now` is the all-regime coverage of the current lists."""
    before: set[str] = set()
    after: set[str] = set()
    for d in designations:
        if d.version_id == old.version_id:
            before.add(cluster_of(clusters, d.entity_id))
        elif d.version_id == new.version_id:
            after.add(cluster_of(clusters, d.entity_id))
    added = tuple(sorted(after - before))
    removed = tuple(sorted(before - after))
    own = new.jurisdiction
    return Change(
        old,
        new,
        why,
        added,
        removed,
        len(before & after),
        {j: sum(j in now.get(c, {}) for c in added) for j in jurisdictions if j != own},
        {j: sum(j in now.get(c, {}) for c in removed) for j in jurisdictions},
    )
