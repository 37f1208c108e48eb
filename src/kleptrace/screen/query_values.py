"""The one reader of what a caller says about a party, for the CLI, customer files, the
Python API and HTTP alike.

Only a missing name stops a party being screened. A birth date, country, gender or party
type that cannot be read is left out and named in a warning carried by the query, so the
party is still screened on what can be read and the caller sees what was not. Dates go
through `values.dates`, the reader the list parsers use, with both day/month
readings kept when the order cannot be told and Excel serial numbers understood.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from kleptrace.screen.query import QUERY_SCHEMATA, Query
from kleptrace.values.dates import parse_date

CACHE_SIZE = 1 << 16
"""Distinct dates and countries remembered: customer files repeat them a great deal."""

Values = Iterable[tuple[str, str]]
"""Values as written, each with the field it came from (a column, a property path)."""

SCHEMA_VALUES = {
    "person": "Person",
    "individual": "Person",
    "naturalperson": "Person",
    "company": "Company",
    "organisation": "Organization",
    "organization": "Organization",
    "entity": "LegalEntity",
    "legalentity": "LegalEntity",
    "publicbody": "PublicBody",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
GENDER_VALUES = {"m": "male", "male": "male", "man": "male", "f": "female", "female": "female"}
UNKNOWN_GENDERS = frozenset({"u", "unknown", "x", "other", "na", "n/a", "none"})


def read_query(
    names: Sequence[str],
    *,
    schema: tuple[str, str] | None = None,
    birth_dates: Values = (),
    countries: Values = (),
    identifiers: Iterable[str] = (),
    genders: Values = (),
    id: str | None = None,
    default_schema: str = "LegalEntity",
    warnings: Iterable[str] = (),
) -> Query:
    """A query from values as written; what cannot be read becomes a warning.

    Raises QueryError only when there is no name (or `default_schema` is unknown).
    """
    found = list(warnings)
    read_schema = _schema(schema, default_schema, found)
    dates = [d for field, value in birth_dates for d in _dates(field, value, found)]
    codes = [c for field, value in countries if (c := _country(field, value, found))]
    gender = next((g for field, value in genders if (g := _gender(field, value, found))), None)
    return Query(
        names=tuple(dict.fromkeys(n.strip() for n in names if n.strip())),
        schema=read_schema,
        birth_dates=tuple(dict.fromkeys(dates)),
        countries=tuple(dict.fromkeys(codes)),
        identifiers=tuple(i.strip() for i in identifiers if i.strip()),
        gender=gender,
        id=id,
        warnings=tuple(found),
    )


@lru_cache(maxsize=CACHE_SIZE)
def read_dates(value: str) -> tuple[str, ...]:
    """Every reading of a date as written, as ISO prefixes keeping its precision; both
    orders of an ambiguous day and month; empty when it cannot be read."""
    return parse_date(value, day_first=None, serials=True).values


@lru_cache(maxsize=CACHE_SIZE)
def read_country(value: str) -> str | None:
    """An ISO code, lower case, from a code or a country name; None if unknown."""
    from followthemoney.types import registry  # slow to import: only when a country is given

    code = registry.country.clean(value)
    return str(code) if code else None


def _dates(field: str, value: str, warnings: list[str]) -> tuple[str, ...]:
    dates = read_dates(value)
    if not dates:
        warnings.append(f"field {field!r}: cannot read date {value!r}; left out")
    return dates


def _country(field: str, value: str, warnings: list[str]) -> str | None:
    code = read_country(value)
    if code is None:
        warnings.append(f"field {field!r}: unknown country {value!r}; left out")
    return code


def _gender(field: str, value: str, warnings: list[str]) -> str | None:
    key = value.strip().lower()
    if key in UNKNOWN_GENDERS:
        return None
    gender = GENDER_VALUES.get(key)
    if gender is None:
        from followthemoney.types import registry  # slow to import: only for rare spellings

        gender = registry.gender.clean(value)
    if gender not in ("male", "female"):
        warnings.append(f"field {field!r}: unknown gender {value!r}; left out")
        return None
    return str(gender)


def _schema(given: tuple[str, str] | None, default: str, warnings: list[str]) -> str:
    if given is None or not given[1].strip():
        return default
    field, value = given
    key = "".join(ch for ch in value.casefold() if ch.isalnum())
    schema = SCHEMA_VALUES.get(key) or next((s for s in QUERY_SCHEMATA if s.lower() == key), None)
    if schema is None:
        warnings.append(f"field {field!r}: unknown party type {value!r}; screened as {default}")
        return default
    return schema
