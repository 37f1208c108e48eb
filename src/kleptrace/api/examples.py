"""yente's request bodies (`EntityExample`, `EntityMatchQuery`) and their translation
into screening queries.

A yente client describes the party as FollowTheMoney properties; kleptrace
screens names, birth dates, countries, identifiers and gender. Unknown property
names are ignored, as yente ignores them; values that cannot be read (a date
like "next year", a country like "Atlantis") are left out and named in the
query's `warnings`, read by the same reader as customer files
(`kleptrace.screen.query_values`), so one bad value never refuses the whole batch.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any

from followthemoney import model, registry
from pydantic import BaseModel, ConfigDict, Field

from kleptrace.api.errors import ApiError
from kleptrace.screen import Query, QueryError
from kleptrace.screen.query_values import read_query

NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
NAME_PART_PROPS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
DATE_PROPS = ("birthDate", "incorporationDate", "buildDate")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag", "mainCountry")
SCHEMA_FALLBACK = {"Thing": "LegalEntity"}
"""yente's catch-all query schema; kleptrace screens it as a person or organisation."""
MAX_VALUES = 50
MAX_VALUE_CHARS = 1_000

PropertyValues = str | list[Any]
SURROGATE = re.compile("[\ud800-\udfff]")


class EntityExample(BaseModel):
    """One party to screen, described as FollowTheMoney properties."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = None
    schema_: Annotated[str, Field(alias="schema", max_length=64)]
    properties: dict[str, PropertyValues]


class EntityMatchQuery(BaseModel):
    """`POST /match/{dataset}` body: queries by the caller's keys."""

    queries: dict[str, EntityExample]
    weights: dict[str, float] = {}
    config: dict[str, str | int | float | bool | None] = {}


def require_unicode(value: Any, where: str = "body") -> None:
    """Refuse lone surrogates ("\\ud800" is legal JSON but not text): every name
    function and every JSON encoder downstream would fail on them."""
    if isinstance(value, str):
        if SURROGATE.search(value):
            raise ApiError(400, f"{where}: contains a lone surrogate, not valid Unicode text")
    elif isinstance(value, dict):
        for key, item in value.items():
            require_unicode(key, where)
            require_unicode(item, f"{where}.{ascii(key)[1:-1]}")
    elif isinstance(value, list | tuple):
        for item in value:
            require_unicode(item, where)


def to_query(key: str, example: EntityExample) -> Query:
    """The screening query for one example, with warnings for values left out; 400
    naming the query when it has no name."""
    where = f"queries.{key}"
    props = {name: _strings(where, name, values) for name, values in example.properties.items()}
    names = [v for prop in NAME_PROPS for v in props.get(prop, [])]
    parts = [props[p][0] for p in NAME_PART_PROPS if props.get(p)]
    if parts:
        names.append(" ".join(parts))
    schema = SCHEMA_FALLBACK.get(example.schema_, example.schema_)
    id_props = _identifier_props(schema if schema in model.schemata else "LegalEntity")
    try:
        return read_query(
            names,
            schema=(f"{where}.schema", schema),
            birth_dates=_located(where, props, DATE_PROPS),
            countries=_located(where, props, COUNTRY_PROPS),
            identifiers=[v for p in id_props for v in props.get(p, [])],
            genders=_located(where, props, ("gender",)),
            id=key,
        )
    except QueryError as error:
        raise ApiError(400, f"Cannot parse example entity: {where}: {error}") from None


def _located(
    where: str, props: dict[str, list[str]], names: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The values of `names`, each with its property path for warnings."""
    return [(f"{where}.properties.{p}", v) for p in names for v in props.get(p, [])]


def _strings(where: str, prop: str, values: PropertyValues) -> list[str]:
    items = [values] if isinstance(values, str) else values
    if len(items) > MAX_VALUES:
        raise ApiError(400, f"{where}.properties.{prop}: more than {MAX_VALUES} values")
    out = []
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            raise ApiError(400, f"{where}.properties.{prop}: values must be strings")
        text = str(item).strip()
        if len(text) > MAX_VALUE_CHARS:
            raise ApiError(400, f"{where}.properties.{prop}: value longer than {MAX_VALUE_CHARS}")
        if text:
            out.append(text)
    return out


@cache
def _identifier_props(schema: str) -> list[str]:
    return [
        p.name
        for p in model[schema].properties.values()
        if p.type in (registry.identifier, registry.checksum) and p.name != "programId"
    ]
