"""Printed dates from the real lists, one fact a line."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kleptrace.values.dates import parse_date

CASES = [
    ("24/10/1966", ("1966-10-24",), False),  # OFSI
    ("dd/mm/1965", ("1965",), False),  # OFSI placeholder
    ("00/00/1965", ("1965",), False),
    ("1944-10-13", ("1944-10-13",), False),  # UN EXACT
    ("2015-07-01-04:00", ("2015-07-01",), False),  # UN LISTED_ON with offset
    ("07 Apr 1981", ("1981-04-07",), False),  # OFAC remarks
    ("Approximately 1963", ("1963",), True),  # DFAT
    ("circa 1952", ("1952",), True),
    (
        "a) Approximately 1955- 1958 b) Approximately 1945-1950",
        tuple(str(y) for y in [1955, 1956, 1957, 1958, 1945, 1946, 1947, 1948, 1949, 1950]),
        True,
    ),
    ("Between 1955 and 1958", ("1955", "1956", "1957", "1958"), False),
    ("1962; 1963", ("1962", "1963"), False),
    ("1961 or 1962", ("1961", "1962"), False),
    ("4 Apr. 1944", ("1944-04-04",), False),  # EU
    ("2 December 1985", ("1985-12-02",), False),
    ("10.11.1967", ("1967-11-10",), False),
    ("Mar 1970", ("1970-03",), False),
    ("12/1975", ("1975-12",), False),
    ("October 19, 2020", ("2020-10-19",), False),
    ("2024-03-14T11:31:42", ("2024-03-14",), False),
]


@pytest.mark.parametrize(("text", "values", "approximate"), CASES)
def test_printed_dates(text: str, values: tuple[str, ...], approximate: bool) -> None:
    parsed = parse_date(text)
    assert parsed.values == values
    assert parsed.approximate is approximate


def test_month_first_for_us_dates() -> None:
    assert parse_date("03/28/2025", day_first=False).values == ("2025-03-28",)


def test_cells_from_spreadsheets() -> None:
    assert parse_date(datetime(1961, 1, 1)).values == ("1961-01-01",)
    assert parse_date(date(2014, 3, 21)).values == ("2014-03-21",)


@pytest.mark.parametrize("text", ["", "nonsense", "31/02/1990", "1402-13-01", "1900-2000"])
def test_unreadable_dates_give_nothing(text: str) -> None:
    assert not parse_date(text)
