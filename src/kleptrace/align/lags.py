"""Lags: for targets designated by several jurisdictions, the days between the first
designation and each later one, per pair (first jurisdiction, later jurisdiction).

Only listing dates printed in a loaded file count; a jurisdiction known only to have
designated a target on or before a publication date is left out of the pair and counted
as undated, so a bound never passes for a date."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import permutations

import numpy as np

from kleptrace.align.coverage import LISTED, Coverage


@dataclass(frozen=True)
class PairLags:
    first: str
    later: str
    days: tuple[int, ...]
    """One value per target the `first` jurisdiction designated first (or the same day)."""
    undated: int
    """Targets both designate where one of the two has no listing date."""

    def summary(self) -> dict[str, float | int | None]:
        if not self.days:
            return {
                "targets": 0,
                "undated": self.undated,
                "same_day": 0,
                "median": None,
                "q1": None,
                "q3": None,
                "min": None,
                "max": None,
            }
        values = np.array(self.days)
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        return {
            "targets": len(self.days),
            "undated": self.undated,
            "same_day": int((values == 0).sum()),
            "median": float(median),
            "q1": float(q1),
            "q3": float(q3),
            "min": int(values.min()),
            "max": int(values.max()),
        }


def days_between(first: str, later: str) -> int:
    return (date.fromisoformat(later[:10]) - date.fromisoformat(first[:10])).days


def lags(cov: Coverage, jurisdictions: Sequence[str]) -> dict[tuple[str, str], PairLags]:
    """Every ordered pair of jurisdictions with its lags. Jurisdictions tied for the first
    date each count as first, so a same-day designation is a lag of 0 both ways."""
    days: dict[tuple[str, str], list[int]] = {p: [] for p in permutations(jurisdictions, 2)}
    undated: dict[tuple[str, str], int] = dict.fromkeys(days, 0)
    for listings in cov.values():
        dated = {
            j: listing.since
            for j, listing in listings.items()
            if listing.basis == LISTED and listing.since and j in jurisdictions
        }
        for a, b in permutations(listings, 2):
            if (a, b) in undated and (a not in dated or b not in dated):
                undated[(a, b)] += 1
        if len(dated) < 2:
            continue
        first = min(dated.values())
        for a, when in dated.items():
            if when != first:
                continue
            for b, later in dated.items():
                if b != a:
                    days[(a, b)].append(days_between(first, later))
    return {
        pair: PairLags(pair[0], pair[1], tuple(sorted(values)), undated[pair])
        for pair, values in days.items()
    }
