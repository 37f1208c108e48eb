"""Evidence beyond the name: birth date, country, identifiers, gender.

Each comparison returns a `Feature` whose contribution moves the name score.
Agreement closes part of the gap to 1 (so only an identical name can reach
1.0 on its own, and agreement can never push a poor name to certainty);
contradiction subtracts. Evidence is weighed by how often it is wrong on real
lists: birth dates are often only a year, or several candidate years, and
carry transcription errors (a year off, day and month swapped, one digit
wrong); a listed person has several countries (nationality, residence,
addresses); gender is sometimes misrecorded. Such near misses and
disagreements are *weak*: they may lower a strong name a little, but never
below the default threshold by themselves. Only dates many years apart on
every pair, or a clashing identifier, contradict strongly. The sizes are in
kleptrace/data/scoring.yml.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from kleptrace.screen.config import SCORING
from kleptrace.screen.result import Feature

_CONFIG = SCORING.evidence
_ALNUM = re.compile(r"[^0-9A-Z]")


def lowest_name_score(threshold: float, dates: bool, countries: bool, identifiers: bool) -> float:
    """The lowest name score from which agreeing evidence of the kinds a query carries
    could still lift a match to `threshold`; weaker names need not be scored at all."""
    gap = 1.0 - threshold
    for present, share in (
        (dates, _CONFIG.date_exact),
        (countries, _CONFIG.country_shared),
        (identifiers, _CONFIG.identifier_shared),
    ):
        if present:
            gap /= 1.0 - share
    return max(0.0, 1.0 - gap)


def _raise(score: float, share: float) -> float:
    return (1.0 - score) * share


def weak_penalty(score: float, penalty: float) -> float:
    """A penalty (as a negative contribution) that stops at the default threshold: a
    score at or above it stays at or above it."""
    floor = SCORING.default_threshold
    return -min(penalty, score - floor) if score >= floor else -penalty


# How two dates relate, best first -> (value, share of the gap closed when
# positive or penalty when negative, relation shown).
_EXACT, _MONTH, _YEAR, _NEAR, _APART, _FAR = range(6)
_DATE_GRADES = {
    _EXACT: (1.0, _CONFIG.date_exact, "="),
    _MONTH: (0.8, _CONFIG.date_month, "~ (same month)"),
    _YEAR: (0.6, _CONFIG.date_year, "~ (same year)"),
    _NEAR: (0.4, -_CONFIG.date_near, "~ (near)"),
    _APART: (0.2, -_CONFIG.date_apart, "!= (years apart)"),
    _FAR: (0.0, -_CONFIG.date_contradiction, "!="),
}
_SUPPORTING = frozenset({"birth_date", "country", "identifier"})


def supports(feature: Feature) -> bool:
    """Agreement on a birth date (at least its year), a country or an identifier: what
    lets a name made only of common names alert. Measured by the feature's value, not
    its contribution, which is nil when the name alone already scores 1.0."""
    return feature.name in _SUPPORTING and feature.value >= _DATE_GRADES[_YEAR][0]


def compare_dates(score: float, query: Sequence[str], target: Sequence[str]) -> Feature | None:
    """Birth (or incorporation) dates: the best pair of query and listed dates counts.

    Dates are ISO prefixes ("1952", "1952-10", "1952-10-07"); each pair is
    compared at the precision of the less precise side, so a bare year agrees
    with any date in it. Several query dates (an ambiguous 07/10/1952 read both
    ways) and several listed dates are all tried. A near miss costs a little and
    never takes a strong name below the default threshold; dates a few years
    apart cost more; `date_far_years` or more apart on every pair contradicts.
    """
    graded = [(g, q, t) for q in query for t in target if (g := _date_grade(q, t)) is not None]
    if not graded:
        return None
    grade, q, t = min(graded)
    value, effect, relation = _DATE_GRADES[grade]
    if effect >= 0:
        contribution = _raise(score, effect)
    elif grade == _NEAR:
        contribution = weak_penalty(score, -effect)
    else:
        contribution = effect
    return Feature("birth_date", value, contribution, f"{q} {relation} {t}")


def _date_grade(q: str, t: str) -> int | None:
    """How two ISO date prefixes relate (see _DATE_GRADES); None when either is unreadable."""
    if not (q[:4].isdigit() and t[:4].isdigit()):
        return None
    precision = min(len(q), len(t), 10)
    a, b = q[:precision], t[:precision]
    if a == b:
        return {4: _YEAR, 7: _MONTH}.get(precision, _EXACT)
    if _near(a, b):
        return _NEAR
    years = abs(int(a[:4]) - int(b[:4]))
    return _APART if years < _CONFIG.date_far_years else _FAR


def _near(a: str, b: str) -> bool:
    """Two different dates of one precision that a clerk could have confused: at most a
    year apart, or, for full dates, day and month swapped or one digit different
    (1962-10-07 for 1952-10-07; a bare 1962 for 1952 is as likely another person)."""
    if len(a) != len(b):
        return False
    if len(a) == 10:
        if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
            return True
        if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
            return True
        try:
            return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= 366
        except ValueError:
            return False
    if len(a) == 7 and a[5:7].isdigit() and b[5:7].isdigit():
        months = abs(int(a[:4]) * 12 + int(a[5:7]) - int(b[:4]) * 12 - int(b[5:7]))
        return months <= 12
    return abs(int(a[:4]) - int(b[:4])) <= 1


def compare_countries(score: float, query: Sequence[str], target: Sequence[str]) -> Feature | None:
    """Countries (ISO codes): any shared one agrees; none shared is weak counter-evidence."""
    if not query or not target:
        return None
    shared = sorted(set(query) & set(target))
    if shared:
        contribution = _raise(score, _CONFIG.country_shared)
        return Feature("country", 1.0, contribution, f"{', '.join(shared)}")
    return Feature(
        "country",
        0.0,
        weak_penalty(score, _CONFIG.country_disjoint),
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
        contribution = _raise(score, _CONFIG.identifier_shared)
        return Feature("identifier", 1.0, contribution, f"{shared[0]} shared")
    clashes = [(a, b) for a in sorted(q) for b in sorted(t) if _shape(a) == _shape(b)]
    if clashes and len(clashes[0][0]) >= 6:
        a, b = clashes[0]
        return Feature("identifier", 0.0, -_CONFIG.identifier_contradiction, f"{a} != {b}")
    return None


def compare_gender(score: float, query: str | None, target: str | None) -> Feature | None:
    """Gender, when both sides state it; a difference is weak counter-evidence."""
    if not query or not target:
        return None
    if query.lower() == target.lower():
        return Feature("gender", 1.0, 0.0, f"{query} = {target}")
    penalty = weak_penalty(score, _CONFIG.gender_contradiction)
    return Feature("gender", 0.0, penalty, f"{query} != {target}")
