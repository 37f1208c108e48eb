"""Precision, recall and F1 per class from labelled, scored pairs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Tally:
    """Counts at one threshold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, label: bool, score: float, threshold: float) -> None:
        hit = score >= threshold
        if label:
            self.tp += hit
            self.fn += not hit
        else:
            self.fp += hit
            self.tn += not hit

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def tally(pairs: Iterable[tuple[bool, float]], threshold: float) -> Tally:
    """Count one matcher's decisions on (label, score) pairs at a threshold."""
    out = Tally()
    for label, score in pairs:
        out.add(label, score, threshold)
    return out


def best_threshold(pairs: list[tuple[bool, float]]) -> tuple[float, float]:
    """The threshold in 0.50..0.99 with the highest F1, and that F1."""
    best = (0.5, -1.0)
    for step in range(50, 100):
        threshold = step / 100
        f1 = tally(pairs, threshold).f1 or 0.0
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def fmt(value: float | None) -> str:
    """A ratio for a table cell; a dash where it is undefined."""
    return "-" if value is None else f"{value:.3f}"
