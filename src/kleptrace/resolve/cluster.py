"""Group records into targets without ever chaining two different ones together.

Pairs are merged best first, and two clusters join only when no member of one
contradicts any member of the other (`compare.contradiction`: two records of one
list, different unique identifiers, birth dates far apart, linked records, vessels
with different radio identities that did not merge on their own) and
no human judged two of them different. So a record with no birth date that
resembles two namesakes born decades apart joins at most one of them: the
second merge would put the two namesakes in one cluster and is refused. A
human "same" judgement merges first, before any model pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence


class Clusters:
    """Disjoint clusters of record positions, each with its member list."""

    def __init__(self, size: int) -> None:
        self.root = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, item: int) -> int:
        while self.root[item] != item:
            self.root[item] = self.root[self.root[item]]
            item = self.root[item]
        return item

    def union(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.root[b] = a
        self.members[a].extend(self.members.pop(b))

    def groups(self) -> list[list[int]]:
        return [sorted(m) for m in self.members.values()]


def cluster(
    size: int,
    pairs: Iterable[tuple[int, int, float]],
    threshold: float,
    conflict: Callable[[int, int], bool],
    same: Sequence[tuple[int, int]] = (),
) -> list[list[int]]:
    """Clusters of the records 0..size-1.

    Args:
        size: Number of records.
        pairs: Scored candidate pairs (a, b, score); those below `threshold` are ignored.
        threshold: Lowest pair score that merges.
        conflict: Whether two records may never share a cluster (a contradiction,
            a link, a human "different" judgement).
        same: Pairs a human judged the same target: merged first, even across a
            contradiction the model sees.
    """
    clusters = Clusters(size)
    for a, b in same:
        ra, rb = clusters.find(a), clusters.find(b)
        if ra != rb:
            clusters.union(ra, rb)
    for a, b, value in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if value < threshold:
            break
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        if any(conflict(x, y) for x in clusters.members[ra] for y in clusters.members[rb]):
            continue
        clusters.union(ra, rb)
    return clusters.groups()
