"""Evidence beyond the name: birth date, country, identifiers, gender.

Each comparison returns a `Feature` whose contribution moves the name score.
Agreement closes part of the gap to 1 (so only an identical name can reach
1.0 on its own, and agreement can never push a poor name to certainty);
contradiction subtracts. The sizes follow how often each kind of evidence is
wrong or missing on real lists: birth dates are often only a year, or a range
of candidate years (OFAC lists several); countries on a list are many
(nationality, residence, addresses), so disagreement is weak; an identifier
is decisive either way when both sides have one of the same kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from kleptrace.screen.result import Feature

# Share of the gap to 1.0 that agreement closes.
DATE_EXACT, DATE_MONTH, DATE_YEAR = 0.5, 0.3, 0.2
COUNTRY_SHARED = 0.15
IDENTIFIER_SHARED = 0.8
# What contradiction subtracts.
DATE_NEAR_PENALTY, DATE_CONTRADICTION = 0.05, 0.2
COUNTRY_DISJOINT = 0.05
IDENTIFIER_CONTRADICTION = 0.3
GENDER_CONTRADICTION = 0.2

_ALNUM = re.compile(r"[^0-9A-Z]")


def lowest_name_score(threshold: float, dates: bool, countries: bool, identifiers: bool) -> float:
    """The lowest name score from which agreeing evidence of the kinds a query carries
    could still lift a match to `threshold`; weaker names need not be scored at all."""
    gap = 1.0 - threshold
    for present, share in (
        (dates, DATE_EXACT),
        (countries, COUNTRY_SHARED),
        (identifiers, IDENTIFIER_SHARED),
    ):
        if present:
            gap /= 1.0 - share
    return max(0.0, 1.0 - gap)


def _raise(score: float, share: float) -> float:
    return (1.0 - score) * share


def compare_dates(score: float, query: Sequence[str], target: Sequence[str]) -> Feature | None:
    """Birth (or incorporation) dates: exact, same month, same year, near, or contradicting.

    Dates are ISO prefixes ("1952", "1952-10", "1952-10-07"); each pair is
    compared at the precision of the less precise side, and the best pair
    counts. One day apart, a day/month swap (07-10 for 10-07) or, for bare
    years, one year apart count as near, at no cost, because they are common
    transcription errors; other dates in the same year cost a little; years
    further apart contradict.
    """
    if not query or not target:
        return None
    grade, q, t = max((_date_grade(q, t), q, t) for q in query for t in target)
    value, share, penalty, relation = _DATE_GRADES[grade]
    contribution = _raise(score, share) if share else -penalty
    return Feature("birth_date", value, contribution, f"{q} {relation} {t}")


# grade -> (value, share of the gap closed, penalty, relation shown)
_DATE_GRADES = {
    3: (1.0, DATE_EXACT, 0.0, "="),
    2: (0.8, DATE_MONTH, 0.0, "~ (same month)"),
    1: (0.6, DATE_YEAR, 0.0, "~ (same year)"),
    0: (0.4, 0.0, 0.0, "~ (near)"),
    -1: (0.2, 0.0, DATE_NEAR_PENALTY, "!= (same year)"),
    -2: (0.0, 0.0, DATE_CONTRADICTION, "!="),
}


def _date_grade(q: str, t: str) -> int:
    """3 same day, 2 same month, 1 same year (at the shared precision), 0 near,
    -1 another date in the same year, -2 different."""
    precision = min(len(q), len(t), 10)
    if q[:precision] == t[:precision]:
        return {4: 1, 7: 2}.get(precision, 3)
    if not (q[:4].isdigit() and t[:4].isdigit()):
        return -2
    years = abs(int(q[:4]) - int(t[:4]))
    if precision == 10 and years == 0:
        swapped = q[5:7] == t[8:10] and q[8:10] == t[5:7]
        try:
            days = abs((date.fromisoformat(q[:10]) - date.fromisoformat(t[:10])).days)
        except ValueError:
            days = 99
        return 0 if swapped or days <= 1 else -1
    if (precision < 10 and years == 1) or (precision == 7 and years == 0):
        return 0
    return -2


def compare_countries(score: float, query: Sequence[str], target: Sequence[str]) -> Feature | None:
    """Countries (ISO codes): any shared one agrees; none shared is weak counter-evidence."""
    if not query or not target:
        return None
    shared = sorted(set(query) & set(target))
    if shared:
        return Feature("country", 1.0, _raise(score, COUNTRY_SHARED), f"{', '.join(shared)}")
    return Feature(
        "country",
        0.0,
        -COUNTRY_DISJOINT,
        f"{', '.join(sorted(query))} vs {', '.join(sorted(target))}",
    )


def normalise_identifier(value: str) -> str:
    """Upper-case letters and digits only: "IMO 9187629" and "9187629" still differ, so
    a leading "IMO" is dropped too."""
    text = _ALNUM.sub("", value.upper())
    return text[3:] if text.startswith("IMO") and text[3:].isdigit() else text


def _shape(value: str) -> tuple[int, bool]:
    return len(value), value.isdigit()


def compare_identifiers(
    score: float, query: Sequence[str], target: Sequence[str]
) -> Feature | None:
    """Identifiers: a shared one is near-proof; one of the same shape that differs is
    strong counter-evidence (two 12-digit INNs, two 7-digit IMO numbers)."""
    q = {normalise_identifier(v) for v in query} - {""}
    t = {normalise_identifier(v) for v in target} - {""}
    if not q or not t:
        return None
    shared = sorted(q & t)
    if shared:
        return Feature("identifier", 1.0, _raise(score, IDENTIFIER_SHARED), f"{shared[0]} shared")
    clashes = [(a, b) for a in sorted(q) for b in sorted(t) if _shape(a) == _shape(b)]
    if clashes and len(clashes[0][0]) >= 6:
        a, b = clashes[0]
        return Feature("identifier", 0.0, -IDENTIFIER_CONTRADICTION, f"{a} != {b}")
    return None


def compare_gender(query: str | None, target: str | None) -> Feature | None:
    """Gender, when both sides state it."""
    if not query or not target:
        return None
    if query.lower() == target.lower():
        return Feature("gender", 1.0, 0.0, f"{query} = {target}")
    return Feature("gender", 0.0, -GENDER_CONTRADICTION, f"{query} != {target}")
