"""Three-valued threshold tests on stake intervals, as SQL expressions.

A stake is known only as an interval [lo, hi] (each end open when its `_x` flag is set):
an exact stake has lo = hi, a PSC band "25-to-50" is (25, 50], an unstated stake
[0, 100]. A legal threshold then answers 2 (yes: every value in the interval passes),
0 (no: none does) or 1 (undetermined: the data cannot say), never a guess (DOMAIN.md 2).
Sums are rounded to 6 decimals first, so 33.3333 + 16.6667 is exactly 50.
"""

from __future__ import annotations

YES, UNDETERMINED, NO = 2, 1, 0
STATUS_NAMES = {YES: "yes", UNDETERMINED: "undetermined", NO: "no"}


def status_name(column: str) -> str:
    """SQL turning a status number in `column` into its name."""
    cases = " ".join(f"WHEN {k} THEN '{v}'" for k, v in STATUS_NAMES.items())
    return f"CASE {column} {cases} END"


def at_least(threshold: float, lo: str = "lo", hi: str = "hi", hi_x: str = "hi_x") -> str:
    """`value >= threshold` (OFAC and EU: "50 percent or more")."""
    t = float(threshold)
    return (
        f"CASE WHEN round({lo}, 6) >= {t} THEN {YES} "
        f"WHEN round({hi}, 6) < {t} OR (round({hi}, 6) = {t} AND {hi_x}) THEN {NO} "
        f"ELSE {UNDETERMINED} END"
    )


def more_than(threshold: float, lo: str = "lo", hi: str = "hi", lo_x: str = "lo_x") -> str:
    """`value > threshold` (UK: "more than 50%"); an open upper end changes nothing here."""
    t = float(threshold)
    return (
        f"CASE WHEN round({lo}, 6) > {t} OR (round({lo}, 6) = {t} AND {lo_x}) THEN {YES} "
        f"WHEN round({hi}, 6) <= {t} THEN {NO} "
        f"ELSE {UNDETERMINED} END"
    )


def summed(status: str = "s.status", stake: str = "h") -> str:
    """Select list adding up the stakes (`stake`.lo, .hi ...) of owners by their `status`:
    the lower end counts owners known to be caught (YES), the upper end also those
    undetermined; nobody holds more than 100%."""
    return (
        f"sum(CASE WHEN {status} = {YES} THEN {stake}.lo ELSE 0 END) AS lo, "
        f"coalesce(bool_or({stake}.lo_x) FILTER (WHERE {status} = {YES}), false) AS lo_x, "
        f"least(sum({stake}.hi), 100) AS hi, "
        f"bool_or({stake}.hi_x) AND sum({stake}.hi) <= 100 AS hi_x"
    )
