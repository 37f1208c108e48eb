"""Lags: for targets designated by several jurisdictions, the days between the first
designation and each later one, per pair (first jurisdiction, later jurisdiction).

Only listing dates printed in a loaded file count; a jurisdiction known only to have
designated a target on or before a publication date is left out of the pair and counted
as undated, so a bound never passes for a date. Where that bound falls before the other
jurisdiction's listing date, the lag has a lower bound, kept apart as `at_least`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import permutations

import numpy as np

from kleptrace.align.coverage import LISTED, PUBLISHED, Coverage


@dataclass(frozen=True)
class PairLags:
    first: str
    later: str
    days: tuple[int, ...]
    """One value per target the `first` jurisdiction designated first (or the same day)."""
    undated: int
    """Targets both designate where one of the two has no listing date."""
    at_least: tuple[int, ...] = ()
    """Lower bounds of `later`'s lag: `first` has no listing date but designated the
    target on or before a publication date that precedes `later`'s listing date."""

    def summary(self) -> dict[str, float | int | None]:
        """Count, same-day count, quartiles and range of the lags, and the count and median
        of the lower bounds."""
        values = np.array(self.days)
        q1, median, q3 = np.percentile(values, [25, 50, 75]) if self.days else (None,) * 3
        return {
            "targets": len(self.days),
            "undated": self.undated,
            "same_day": int((values == 0).sum()),
            "median": None if median is None else float(median),
            "q1": None if q1 is None else float(q1),
            "q3": None if q3 is None else float(q3),
            "min": int(values.min()) if self.days else None,
            "max": int(values.max()) if self.days else None,
            "at_least_targets": len(self.at_least),
            "at_least_median": float(np.median(self.at_least)) if self.at_least else None,
        }


def days_between(first: str, later: str) -> int:
    return (date.fromisoformat(later[:10]) - date.fromisoformat(first[:10])).days


def lags(cov: Coverage, jurisdictions: Sequence[str]) -> dict[tuple[str, str], PairLags]:
    """Every ordered pair of jurisdictions with its lags. Jurisdictions tied for the first
    date each count as first, so a same-day designation is a lag of 0 both ways."""
    days: dict[tuple[str, str], list[int]] = {p: [] for p in permutations(jurisdictions, 2)}
    undated: dict[tuple[str, str], int] = dict.fromkeys(days, 0)
    bounded: dict[tuple[str, str], list[int]] = {p: [] for p in days}
    for listings in cov.values():
        dated = {
            j: listing.since
            for j, listing in listings.items()
            if listing.basis == LISTED and listing.since and j in jurisdictions
        }
        for a, b in permutations(listings, 2):
            if (a, b) not in undated or (a in dated and b in dated):
                continue
            undated[(a, b)] += 1
            bound = listings[a]
            if bound.basis == PUBLISHED and bound.since and b in dated and dated[b] > bound.since:
                bounded[(a, b)].append(days_between(bound.since, dated[b]))
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
        pair: PairLags(
            pair[0], pair[1], tuple(sorted(values)), undated[pair], tuple(sorted(bounded[pair]))
        )
        for pair, values in days.items()
    }
