"""Evidence beyond the name moves the score the documented way."""

from __future__ import annotations

from kleptrace.screen.evidence import (
    compare_countries,
    compare_dates,
    compare_gender,
    compare_identifiers,
    normalise_identifier,
)


def test_dates_by_precision() -> None:
    exact = compare_dates(0.8, ["1952-10-07"], ["1952-10-07"])
    year = compare_dates(0.8, ["1952"], ["1952-10-07"])
    swapped = compare_dates(0.8, ["1952-07-10"], ["1952-10-07"])
    off_by_one = compare_dates(0.8, ["1953"], ["1952"])
    next_day = compare_dates(0.8, ["1969-11-07"], ["1969-11-08"])
    same_year = compare_dates(0.8, ["1952-01-20"], ["1952-10-07"])
    contradicting = compare_dates(0.8, ["1970-01-01"], ["1952-10-07"])
    assert exact and year and swapped and off_by_one and next_day and same_year and contradicting
    assert exact.contribution > year.contribution > 0
    assert swapped.contribution == off_by_one.contribution == next_day.contribution == 0
    assert contradicting.contribution < same_year.contribution < 0
    assert compare_dates(0.8, [], ["1952"]) is None


def test_agreement_never_pushes_past_one() -> None:
    feature = compare_dates(1.0, ["1952-10-07"], ["1952-10-07"])
    assert feature is not None and feature.contribution == 0.0


def test_identifiers() -> None:
    assert normalise_identifier("IMO 9187629") == "9187629"
    shared = compare_identifiers(0.6, ["IMO 9187629"], ["9187629"])
    assert shared is not None and shared.contribution > 0.3
    clash = compare_identifiers(0.9, ["7736050003"], ["7706107510"])
    assert clash is not None and clash.contribution < 0
    assert compare_identifiers(0.9, ["AB12"], ["7706107510"]) is None


def test_countries_and_gender() -> None:
    shared = compare_countries(0.8, ["ru"], ["ru", "ua"])
    disjoint = compare_countries(0.8, ["fr"], ["ru"])
    assert shared and disjoint and shared.contribution > 0 > disjoint.contribution
    clash = compare_gender("male", "female")
    assert clash is not None and clash.contribution < 0
    assert compare_gender(None, "male") is None
