"""Read the screenable targets of the live list versions out of the store, one row each.

A target is a person, organisation, vessel or aircraft with a name. Its
evidence is scattered over statements from several sources and over separate
Passport and Identification entities that point at it; one SQL pass gathers
names, dates, countries, identifiers, gender, sources and regimes per target,
so the index build never touches FollowTheMoney objects.

An alias OFAC or the UN flag as weak (low quality, `weakAlias`) is not a
screening name; the trade.gov CSL, DFAT, the EU and the FCDO copy the same
record with that alias as a plain `alias`. Such a copy is dropped too: an alias
whose normalised spelling is a weak alias of a record sharing the target's
normalised primary name or UN reference stays weak on every list.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
from followthemoney import model
from followthemoney.types import registry

TARGET_SCHEMATA = (
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
)
NAME_PROPS = ("name", "alias", "previousName")
DATE_PROPS = ("birthDate", "incorporationDate", "buildDate")
# Identifier-typed properties that describe the target itself, not its sector or program.
_NOT_IDENTIFYING = frozenset(["programId", "okvedCode", "ticker"])


def _props_of_type(kind: object) -> tuple[str, ...]:
    found = {
        prop.name
        for schema in TARGET_SCHEMATA
        for prop in model[schema].properties.values()
        if prop.type == kind
    }
    return tuple(sorted(found - _NOT_IDENTIFYING))


ID_PROPS = _props_of_type(registry.identifier)
COUNTRY_PROPS = _props_of_type(registry.country)


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _norm(column: str) -> str:
    """SQL for a name compared across lists: lower case, no accents or punctuation,
    words sorted ("ALI, Abu" and "Abu Ali" agree)."""
    words = rf"trim(regexp_replace(lower(strip_accents({column})), '[^\pL\pN]+', ' ', 'g'))"
    return f"array_to_string(list_sort(string_split({words}, ' ')), ' ')"


_SQL = f"""
WITH live AS (
    SELECT s.entity_id, s.schema, s.prop, s.value, c.source
    FROM statements s JOIN current_versions c USING (version_id)
),
targets AS (
    SELECT entity_id, first(schema ORDER BY source) AS schema, list(DISTINCT source) AS sources
    FROM live WHERE prop = 'id' AND schema IN {_in(TARGET_SCHEMATA)}
    GROUP BY entity_id
),
link_keys AS (
    SELECT entity_id, 'name:' || {_norm("value")} AS key FROM live WHERE prop = 'name'
    UNION
    SELECT e.value, 'un:' || upper(trim(r.value))
    FROM live r JOIN live e ON e.entity_id = r.entity_id AND e.source = r.source
    WHERE r.prop = 'unscId' AND e.prop = 'entity'
),
weak AS (
    SELECT DISTINCT k.key, {_norm("w.value")} AS alias
    FROM live w JOIN link_keys k USING (entity_id) WHERE w.prop = 'weakAlias'
),
weak_copies AS (
    SELECT k.entity_id, list(DISTINCT w.alias) AS aliases
    FROM link_keys k JOIN weak w USING (key) GROUP BY k.entity_id
),
documents AS (
    SELECT h.value AS entity_id, n.value AS value
    FROM live h JOIN live n ON n.entity_id = h.entity_id
    WHERE h.prop = 'holder' AND n.prop = 'number'
),
evidence AS (
    SELECT entity_id,
        list(DISTINCT value) FILTER (WHERE prop = 'name') AS names,
        list(DISTINCT value) FILTER (WHERE prop IN {_in(NAME_PROPS[1:])}) AS aliases,
        list(DISTINCT value) FILTER (WHERE prop IN {_in(DATE_PROPS)}) AS dates,
        list(DISTINCT lower(value)) FILTER (WHERE prop IN {_in(COUNTRY_PROPS)}) AS countries,
        list(DISTINCT value) FILTER (WHERE prop IN {_in(ID_PROPS)}) AS identifiers,
        first(value) FILTER (WHERE prop = 'gender') AS gender
    FROM live WHERE entity_id IN (SELECT entity_id FROM targets)
    GROUP BY entity_id
),
regimes AS (
    SELECT entity_id, list(DISTINCT regime ORDER BY regime) AS regimes
    FROM current_designations GROUP BY entity_id
),
docs AS (SELECT entity_id, list(DISTINCT value) AS numbers FROM documents GROUP BY entity_id)
SELECT t.entity_id, t.schema, list_sort(t.sources) AS sources,
    coalesce(e.names, []) AS names,
    list_filter(
        coalesce(e.aliases, []), lambda a: NOT list_contains(coalesce(w.aliases, []), {_norm("a")})
    ) AS aliases,
    coalesce(e.dates, []) AS dates, coalesce(e.countries, []) AS countries,
    list_distinct(list_concat(coalesce(e.identifiers, []), coalesce(d.numbers, []))) AS identifiers,
    e.gender, coalesce(r.regimes, []) AS regimes
FROM targets t
JOIN evidence e USING (entity_id)
LEFT JOIN regimes r USING (entity_id)
LEFT JOIN docs d USING (entity_id)
LEFT JOIN weak_copies w USING (entity_id)
WHERE len(e.names) > 0 OR len(e.aliases) > 0
ORDER BY t.entity_id
"""


def read_targets(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Every live target with its evidence, as an Arrow table ordered by entity id.

    Columns: entity_id, schema, sources, names, aliases, dates, countries,
    identifiers, gender, regimes (lists are lists of strings).
    """
    return con.sql(_SQL).to_arrow_table()
