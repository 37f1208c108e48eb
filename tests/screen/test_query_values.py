"""The one reader of query values (CLI, files, Python API, HTTP): only a missing name
refuses a query; anything else unreadable is a warning (issue 10.1)."""

from __future__ import annotations

import pytest

from kleptrace.screen import Query, QueryError, read_query


def test_readable_values_are_normalised() -> None:
    query = read_query(
        ["  Vladimir Putin ", "Vladimir Putin", "Путин"],
        schema=("type", "individual"),
        birth_dates=[("dob", "7 October 1952"), ("dob2", "07/10/1952")],
        countries=[("country", "Russia"), ("nat", "RU")],
        identifiers=[" 123 ", ""],
        genders=[("sex", "M")],
        id="c1",
    )
    assert query == Query(
        names=("Vladimir Putin", "Путин"),
        schema="Person",
        birth_dates=("1952-10-07", "1952-07-10"),
        countries=("ru",),
        identifiers=("123",),
        gender="male",
        id="c1",
    )


def test_unreadable_values_become_warnings() -> None:
    query = read_query(
        ["Vladimir Putin"],
        schema=("type", "trust"),
        birth_dates=[("dob", "1968-13-30"), ("dob", "1952")],
        countries=[("country", "Atlantis")],
        genders=[("sex", "q"), ("sex", "unknown")],
        default_schema="Person",
    )
    assert (query.schema, query.birth_dates, query.countries, query.gender) == (
        "Person",
        ("1952",),
        (),
        None,
    )
    assert query.warnings == (
        "field 'type': unknown party type 'trust'; screened as Person",
        "field 'dob': cannot read date '1968-13-30'; left out",
        "field 'country': unknown country 'Atlantis'; left out",
        "field 'sex': unknown gender 'q'; left out",
    )


@pytest.mark.parametrize("names", [[], ["", "  "]])
def test_no_usable_name_is_the_only_refusal(names: list[str]) -> None:
    with pytest.raises(QueryError, match="name"):
        read_query(names, birth_dates=[("dob", "1952")])
