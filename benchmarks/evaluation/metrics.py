"""Case-level precision, recall and F1 from what a matcher alerts on, per class.

A positive case is found when an alert names one of its targets. A case raises a false
alert when an alert names a target it provably is not (any alert at all for a customer
on no list; the namesake's records for dob_far; the look-alike for neg_similar; any
record proved different by birth dates or identifiers). Alerts nothing proves right or
wrong count neither way. Precision = found / (found + cases with a false alert).

A namesake alert is one no name matcher can avoid: a query of a listed name that gives
nothing else (no birth date, no identifier) alerts on another record listed under
exactly that name ("PHOENIX" against two tankers of that name). It counts neither way in
`precision`, and as false in `strict_precision`, which the report shows beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Tally:
    """Counts over cases at one threshold."""

    positives: int = 0
    found: int = 0
    cases: int = 0
    false_alerts: int = 0
    namesake_alerts: int = 0

    def add(self, positive: bool, found: bool, false_alert: bool, namesake: bool) -> None:
        self.cases += 1
        self.positives += positive
        self.found += positive and found
        self.false_alerts += false_alert
        self.namesake_alerts += namesake and not false_alert

    @property
    def precision(self) -> float | None:
        flagged = self.found + self.false_alerts
        return self.found / flagged if flagged else None

    @property
    def strict_precision(self) -> float | None:
        """Precision with namesake alerts counted false."""
        flagged = self.found + self.false_alerts + self.namesake_alerts
        return self.found / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.found / self.positives if self.positives else None

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def strict_f1(self) -> float | None:
        return _f1(self.strict_precision, self.recall)

    @property
    def false_per_10k(self) -> float:
        return 10_000 * self.false_alerts / self.cases if self.cases else 0.0


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Judged:
    """One case's alerts at a threshold, reduced to what the tally needs."""

    positive: bool
    found: bool
    false_alert: bool
    namesake: bool = False


def tally(judged: Iterable[Judged]) -> Tally:
    out = Tally()
    for j in judged:
        out.add(j.positive, j.found, j.false_alert, j.namesake)
    return out


THRESHOLDS = tuple(step / 100 for step in range(50, 100))


def fmt(value: float | None) -> str:
    """A ratio for a table cell; a dash where it is undefined."""
    return "-" if value is None else f"{value:.3f}"
