"""Evidence beyond the name moves the score the documented way: near misses are weak,
clear contradictions strong."""

from __future__ import annotations

import pytest

from kleptrace.screen.config import SCORING
from kleptrace.screen.evidence import (
    compare_countries,
    compare_dates,
    compare_gender,
    compare_identifiers,
    normalise_identifier,
    supports,
)

THRESHOLD = SCORING.default_threshold
# Vladimir Putin's birth date as every list gives it.
LISTED = ["1952-10-07"]


def test_agreement_by_precision() -> None:
    exact = compare_dates(0.8, ["1952-10-07"], LISTED)
    month = compare_dates(0.8, ["1952-10"], LISTED)
    year = compare_dates(0.8, ["1952"], LISTED)
    assert exact and month and year
    assert exact.contribution > month.contribution > year.contribution > 0
    assert compare_dates(0.8, [], LISTED) is None


def test_agreement_never_pushes_past_one() -> None:
    feature = compare_dates(1.0, ["1952-10-07"], LISTED)
    assert feature is not None and feature.contribution == 0.0


@pytest.mark.parametrize(
    "query",
    [
        "1951-10-07",  # a year early
        "1953-10-07",  # a year late
        "1952-10-09",  # two days apart
        "1952-07-10",  # day and month swapped
        "1962-10-07",  # one digit wrong in the year
        "1952-10-17",  # one digit wrong in the day
        "1951",  # a year only, one off
        "1953-01",  # a month only, within a year
    ],
)
def test_a_near_miss_never_takes_a_strong_name_below_the_threshold(query: str) -> None:
    for name_score in (1.0, 0.95, 0.9, THRESHOLD + 0.001):
        feature = compare_dates(name_score, [query], LISTED)
        assert feature is not None and feature.contribution <= 0
        assert name_score + feature.contribution >= THRESHOLD
    feature = compare_dates(1.0, [query], LISTED)
    assert feature is not None and feature.contribution < 0  # but it does cost a little


def test_a_clear_contradiction_lowers_strongly() -> None:
    far = compare_dates(1.0, ["1975-03-02"], LISTED)
    apart = compare_dates(1.0, ["1949-03-02"], LISTED)
    assert far and apart
    assert 1.0 + far.contribution < THRESHOLD - 0.1
    assert far.contribution < apart.contribution < 0


def test_one_of_several_listed_or_query_dates_is_enough() -> None:
    # OFAC lists several candidate birth years; a customer file's 07/10/1952 is
    # ambiguous and is passed in both readings.
    listed = ["1948", "1952-10-07", "1960-01-01"]
    several = compare_dates(0.9, ["1952-10-07"], listed)
    ambiguous = compare_dates(0.9, ["1952-07-10", "1952-10-07"], LISTED)
    assert several and ambiguous
    assert several.detail == ambiguous.detail == "1952-10-07 = 1952-10-07"
    assert several.contribution > 0


def test_every_listed_date_far_away_contradicts() -> None:
    feature = compare_dates(1.0, ["1990-05-05"], ["1952-10-07", "1953", "1960"])
    assert feature is not None and feature.contribution == -SCORING.evidence.date_contradiction


def test_unreadable_dates_are_no_evidence() -> None:
    assert compare_dates(1.0, ["unknown"], LISTED) is None


def test_identifiers() -> None:
    assert normalise_identifier("IMO 9187629") == "9187629"
    shared = compare_identifiers(0.6, ["IMO 9187629"], ["9187629"])
    assert shared is not None and shared.contribution > 0.3
    clash = compare_identifiers(0.9, ["7736050003"], ["7706107510"])
    assert clash is not None and 0.9 + clash.contribution < THRESHOLD
    assert compare_identifiers(0.9, ["AB12"], ["7706107510"]) is None


def test_another_country_or_gender_is_weak() -> None:
    shared = compare_countries(0.8, ["ru"], ["ru", "ua"])
    assert shared is not None and shared.contribution > 0
    for name_score in (1.0, 0.9, THRESHOLD):
        country = compare_countries(name_score, ["fr"], ["ru", "ua"])
        gender = compare_gender(name_score, "male", "female")
        assert country and gender
        assert name_score + country.contribution >= THRESHOLD
        assert name_score + gender.contribution >= THRESHOLD
    below = compare_gender(0.8, "male", "female")
    assert below is not None and below.contribution < 0
    assert compare_gender(1.0, None, "male") is None


def test_what_supports_a_common_name() -> None:
    agreeing = [
        compare_dates(1.0, ["1952-10-07"], LISTED),
        compare_dates(1.0, ["1952"], LISTED),
        compare_countries(1.0, ["ru"], ["ru"]),
        compare_identifiers(1.0, ["7736050003"], ["7736050003"]),
    ]
    assert all(f is not None and supports(f) for f in agreeing)
    weak = [
        compare_dates(1.0, ["1951-10-07"], LISTED),
        compare_countries(1.0, ["fr"], ["ru"]),
        compare_gender(1.0, "male", "male"),
    ]
    assert all(f is not None and not supports(f) for f in weak)
