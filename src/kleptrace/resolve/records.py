"""The designated targets of every live list, with the evidence resolution compares.

One SQL pass per table: each target's lists, schema, dates, countries and gender,
its identifiers by kind (own properties, the numbers of Passport and
Identification entities that name it as holder, the UN reference of its
Sanction, the OFSI Group ID the FCDO list notes), and the links between
targets (family, ownership, associates, directorships), which are never merged.
Besides: the six-digit postcodes in an organisation's addresses, a vessel's
current names (its `name`, not its former names or aliases) and what its lists say of
the ship itself (`VesselFacts`: flag, flags flown, class of vessel, tonnage).
Identifier values are compared letters and digits only, upper case, as
screening compares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb

OWN_KINDS = (
    "imoNumber",
    "innCode",
    "ogrnCode",
    "swiftBic",
    "passportNumber",
    "idNumber",
    "registrationNumber",
    "taxNumber",
    "leiCode",
    "vatCode",
    "okpoCode",
    "kppCode",
    "mmsi",
    "callSign",
)
LINKS = (
    ("Family", "person", "relative"),
    ("Ownership", "owner", "asset"),
    ("UnknownLink", "subject", "object"),
    ("Directorship", "director", "organization"),
)
UNRELIABLE_DATES = frozenset({"gb_fcdo"})
"""Lists whose birth dates say nothing about who a record is. The third party's relational
copy of the FCDO list (uk_fcdo_derived) attaches dates to the wrong people (MOKHTAR
BELMOKHTAR, AQD0249, carries 1954-12-10; the UN and OFSI give 1972-06-01): as evidence
they would keep the same person on two lists apart forever. The screening evaluation
ignores them for the same reason (benchmarks/evaluation/cases.py)."""
POSTCODE = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")
"""A six-digit postal code (Russia, Belarus, Kazakhstan, China, India ...): most
listed companies are Russian, and their addresses are written in full on some lists
and in part on others, but nearly always with the postcode."""
_NORM = "regexp_replace(upper(value), '[^0-9A-Z]', '', 'g')"


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_LIVE = """
live AS (
    SELECT s.entity_id, s.schema, s.prop, s.value, c.source
    FROM statements s JOIN current_versions c USING (version_id)
),
designated AS (SELECT DISTINCT entity_id FROM current_designations)"""

_IDENTIFIERS = f"""
WITH {_LIVE},
found AS (
    SELECT entity_id, prop AS kind, value FROM live WHERE prop IN {_in(OWN_KINDS)}
    UNION ALL
    SELECT h.value, CASE WHEN h.schema = 'Passport' THEN 'passportNumber' ELSE 'idNumber' END,
        n.value
    FROM live h JOIN live n ON n.entity_id = h.entity_id AND n.source = h.source
    WHERE h.prop = 'holder' AND n.prop = 'number'
    UNION ALL
    SELECT e.value, 'unscId', r.value
    FROM live r JOIN live e ON e.entity_id = r.entity_id AND e.source = r.source
    WHERE r.prop = 'unscId' AND e.prop = 'entity'
    UNION ALL
    SELECT entity_id, 'ofsiGroupId', substr(value, 16) FROM live
    WHERE prop = 'notes' AND value LIKE 'OFSI Group ID: %'
    UNION ALL
    SELECT entity_id, 'ofsiGroupId', regexp_extract(entity_id, '^gb-ofsi-([0-9]+)$', 1)
    FROM live WHERE prop = 'id' AND regexp_matches(entity_id, '^gb-ofsi-[0-9]+$')
),
normal AS (
    SELECT entity_id, kind,
        CASE WHEN kind = 'imoNumber' THEN regexp_replace({_NORM}, '^IMO', '') ELSE {_NORM} END
            AS value
    FROM found
)
SELECT DISTINCT entity_id, kind, value FROM normal
WHERE value <> '' AND entity_id IN (SELECT entity_id FROM designated)
ORDER BY entity_id, kind, value
"""

_LINK_PROPS = " OR ".join(
    f"(a.schema = '{s}' AND a.prop = '{x}' AND b.prop = '{y}')" for s, x, y in LINKS
)
_LINKS = f"""
WITH {_LIVE}
SELECT DISTINCT a.value AS a, b.value AS b FROM live a
JOIN live b ON a.entity_id = b.entity_id AND a.source = b.source
WHERE {_LINK_PROPS}
"""


def designated(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Ids of every target some live list designates."""
    rows = con.execute("SELECT DISTINCT entity_id FROM current_designations").fetchall()
    return {r[0] for r in rows}


_LIST_KEYS = """
SELECT DISTINCT d.entity_id,
    d.source || '|' || coalesce(d.authority, '') || '|' || coalesce(s.origin, '') AS list_key
FROM current_designations d
LEFT JOIN current_statements s ON s.entity_id = d.sanction_id AND s.prop = 'entity'
"""


def list_keys(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Per designated target, the published lists it is on: source, authority and file of
    each of its designations. One source can hold several lists: the trade.gov CSL
    repeats a target under each agency's list (Treasury, Commerce, State), and the EU
    Official Journal transcription has one file per legal act, so one target can be two
    records of one source, and those two may be merged."""
    out: dict[str, list[str]] = {}
    for entity_id, key in con.execute(_LIST_KEYS).fetchall():
        out.setdefault(entity_id, []).append(key)
    return {entity_id: tuple(sorted(keys)) for entity_id, keys in out.items()}


def identifiers(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, frozenset[str]]]:
    """Per designated target, its normalised identifier values by kind."""
    out: dict[str, dict[str, set[str]]] = {}
    for entity_id, kind, value in con.execute(_IDENTIFIERS).fetchall():
        out.setdefault(entity_id, {}).setdefault(kind, set()).add(value)
    return {e: {k: frozenset(v) for k, v in kinds.items()} for e, kinds in out.items()}


def links(con: duckdb.DuckDBPyConnection) -> set[frozenset[str]]:
    """Pairs of targets a list links (relatives, owner and asset, associates)."""
    return {frozenset(row) for row in con.execute(_LINKS).fetchall() if row[0] != row[1]}


_OWN_VALUES = """
WITH {live}
SELECT DISTINCT entity_id, value FROM live
WHERE prop = ? AND schema IN {schemata} AND entity_id IN (SELECT entity_id FROM designated)
"""
ORGANISATIONS = ("Company", "Organization", "LegalEntity", "PublicBody")


def _own_values(
    con: duckdb.DuckDBPyConnection, prop: str, schemata: Iterable[str]
) -> list[tuple[str, str]]:
    query = _OWN_VALUES.format(live=_LIVE, schemata=_in(schemata))
    return [(row[0], row[1]) for row in con.execute(query, [prop]).fetchall()]


def postcodes(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """Per designated organisation, the six-digit postcodes of its addresses."""
    out: dict[str, set[str]] = {}
    for entity_id, address in _own_values(con, "address", ORGANISATIONS):
        if found := POSTCODE.findall(address):
            out.setdefault(entity_id, set()).update(found)
    return {entity_id: frozenset(codes) for entity_id, codes in out.items()}


def vessel_names(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Per designated vessel, its current names as written (`name`; former names and
    aliases are other properties)."""
    out: dict[str, set[str]] = {}
    for entity_id, name in _own_values(con, "name", ("Vessel",)):
        out.setdefault(entity_id, set()).add(name)
    return out


VESSEL_CLASSES = (
    ("tanker", re.compile(r"tanker|chemical carrier|\bfso\b")),
    ("cargo ship", re.compile(r"cargo|bulk|container|ro-ro|roll-on|heavy lift|livestock")),
    ("fishing vessel", re.compile(r"fish")),
    ("tug or supply vessel", re.compile(r"tug|supply|offshore|anchor handling|salvage|service")),
    ("passenger vessel or yacht", re.compile(r"passenger|yacht|pleasure")),
)
"""Classes of the vessel types lists write ("Crude Oil Tanker", "Oil Products Tanker" and
"Chemical/Products Tanker" are all tankers): the spellings differ from list to list, the
class of a ship does not. A type of none of these classes (research vessel, dredger,
"Other") is not compared."""


@dataclass(frozen=True)
class VesselFacts:
    """What a list says of a ship besides its names and numbers."""

    flags: frozenset[str] = frozenset()
    """Its flag now (`flag`)."""
    flown: frozenset[str] = frozenset()
    """Every flag it has flown, as the Ukraine War and Sanctions portal gives them (its
    `country`: ROSALIN lr;pa;sg;st). Empty on lists that give only the flag."""
    classes: frozenset[str] = frozenset()
    """Classes (`VESSEL_CLASSES`) of its types."""
    tonnage: Mapping[str, float] = field(default_factory=dict)
    """Deadweight (`tonnage`) and gross tonnage (`grossRegisteredTonnage`), when given."""


def vessel_class(text: str) -> str | None:
    """The class (`VESSEL_CLASSES`) of a vessel type as a list writes it, if any."""
    lowered = text.lower()
    return next((name for name, pattern in VESSEL_CLASSES if pattern.search(lowered)), None)


_VESSEL_PROPS = ("flag", "country", "type", "tonnage", "grossRegisteredTonnage")


def vessel_facts(con: duckdb.DuckDBPyConnection) -> dict[str, VesselFacts]:
    """Per designated vessel, its flag, flags flown, classes and tonnage."""
    found: dict[str, dict[str, set[str]]] = {}
    for prop in _VESSEL_PROPS:
        for entity_id, value in _own_values(con, prop, ("Vessel",)):
            found.setdefault(entity_id, {}).setdefault(prop, set()).add(value.strip())
    out: dict[str, VesselFacts] = {}
    for entity_id, props in found.items():
        tonnage = {
            prop: min(float(v) for v in numbers)
            for prop in ("tonnage", "grossRegisteredTonnage")
            if (numbers := [v for v in props.get(prop, ()) if v.isdigit() and int(v) > 0])
        }
        out[entity_id] = VesselFacts(
            frozenset(v.lower() for v in props.get("flag", ())),
            frozenset(v.lower() for v in props.get("country", ())),
            frozenset(c for v in props.get("type", ()) if (c := vessel_class(v)) is not None),
            tonnage,
        )
    return out
