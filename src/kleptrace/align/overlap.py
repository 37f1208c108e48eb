"""Overlap of the jurisdictions' designations: how many targets each designates, how many
each exact combination shares, and how many any group of jurisdictions all designate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from kleptrace.align.coverage import Coverage


@dataclass(frozen=True)
class Overlap:
    jurisdictions: tuple[str, ...]
    targets: int
    per_jurisdiction: dict[str, int]
    combinations: list[tuple[tuple[str, ...], int]]
    """Each exact set of designating jurisdictions with its number of targets, largest first."""
    pairs: dict[tuple[str, str], int]
    """Targets designated by both of two jurisdictions (whatever the others do)."""
    by_count: dict[int, int]
    """Targets designated by exactly k of the jurisdictions."""

    def shared_by(self, group: Sequence[str]) -> int:
        """Targets designated by every jurisdiction in `group`."""
        wanted = set(group)
        return sum(n for combo, n in self.combinations if wanted <= set(combo))


def overlap(cov: Coverage, jurisdictions: Sequence[str]) -> Overlap:
    order = {j: i for i, j in enumerate(jurisdictions)}
    combos: Counter[tuple[str, ...]] = Counter()
    for by in cov.values():
        combos[tuple(sorted((j for j in by if j in order), key=order.__getitem__))] += 1
    combos.pop((), None)
    per = {j: sum(n for c, n in combos.items() if j in c) for j in jurisdictions}
    pairs = {
        (a, b): sum(n for c, n in combos.items() if a in c and b in c)
        for a, b in combinations(jurisdictions, 2)
    }
    by_count = Counter[int]()
    for combo, n in combos.items():
        by_count[len(combo)] += n
    ranked = sorted(combos.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
    return Overlap(
        tuple(jurisdictions),
        sum(combos.values()),
        per,
        ranked,
        pairs,
        dict(sorted(by_count.items())),
    )
