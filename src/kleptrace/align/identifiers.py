"""Clusters from exact shared identifiers: the fallback when `kleptrace resolve` has not
written `resolve_clusters`.

Two list records are one target when they carry the same UN reference number, IMO number,
Russian INN or OGRN, SWIFT/BIC (its first eight characters: the institution, not the
branch), LEI, OFSI group id (the FCDO list names it; OFSI's own records are keyed by it)
or OFAC entry number (OFAC's files key records by it; the trade.gov list names it).
An identifier shared by records of incompatible kinds (a person and a vessel) is skipped
rather than merging them, and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import duckdb

from kleptrace.align.model import Clusters

_DIGITS = re.compile(r"\d+")
_KIND_OF_PROP = {"imoNumber": "imo", "innCode": "inn", "ogrnCode": "ogrn", "unscId": "un"}
_CODE = re.compile(r"[A-Z0-9]+")
_ID_PREFIX = {"ofac": re.compile(r"^ofac-(\d+)$"), "ofsi": re.compile(r"^gb-ofsi-(\d+)$")}
_GROUP_NOTE = re.compile(r"^OFSI Group ID:\s*(\d+)", re.IGNORECASE)
_OFAC_AUTHORITIES = ("office of foreign assets control", "treasury department")

IDENTIFIER_SQL = """
WITH official AS (SELECT version_id FROM versions WHERE jurisdiction IS NOT NULL),
targets AS (
    SELECT DISTINCT entity_id FROM designations WHERE version_id IN (SELECT * FROM official)
),
own AS (
    SELECT s.entity_id AS target, s.prop, s.value FROM statements s
    WHERE s.version_id IN (SELECT * FROM official)
      AND s.entity_id IN (SELECT * FROM targets)
      AND (s.prop IN ('imoNumber', 'innCode', 'ogrnCode', 'unscId', 'swiftBic', 'leiCode')
           OR (s.prop = 'notes' AND s.value ILIKE 'OFSI Group ID:%'))
),
via_sanction AS (
    SELECT e.value AS target, s.prop,
           CASE WHEN s.prop = 'authorityId' THEN lower(a.value) || '|' || s.value
                ELSE s.value END AS value
    FROM statements s
    JOIN statements e ON e.version_id = s.version_id AND e.entity_id = s.entity_id
                     AND e.prop = 'entity'
    LEFT JOIN statements a ON a.version_id = s.version_id AND a.entity_id = s.entity_id
                          AND a.prop = 'authority'
    WHERE s.version_id IN (SELECT * FROM official) AND s.schema = 'Sanction'
      AND s.prop IN ('unscId', 'authorityId')
)
SELECT DISTINCT target, prop, value FROM own
UNION SELECT DISTINCT target, prop, value FROM via_sanction
"""

SCHEMA_SQL = """
SELECT DISTINCT d.entity_id, s.schema FROM designations d
JOIN versions v USING (version_id)
JOIN statements s ON s.version_id = d.version_id AND s.entity_id = d.entity_id AND s.prop = 'id'
WHERE v.jurisdiction IS NOT NULL
"""


def normalise(prop: str, value: str) -> tuple[str, str] | None:
    """The (kind, key) an identifier value joins on, or None if it carries none."""
    if prop in ("imoNumber", "innCode", "ogrnCode"):
        digits = "".join(_DIGITS.findall(value))
        return (_KIND_OF_PROP[prop], digits) if digits else None
    if prop in ("swiftBic", "leiCode"):
        code = "".join(_CODE.findall(value.upper()))
        if prop == "swiftBic" and len(code) in (8, 11):
            return ("bic", code[:8])
        if prop == "leiCode" and len(code) == 20:
            return ("lei", code)
        return None
    if prop == "unscId":
        key = re.sub(r"\s+", "", value).upper().rstrip(".")
        return ("un", key) if key else None
    if prop == "notes":
        match = _GROUP_NOTE.match(value.strip())
        return ("ofsi", match.group(1)) if match else None
    if prop == "authorityId":
        authority, _, number = value.partition("|")
        if authority in _OFAC_AUTHORITIES and number.isdigit():
            return ("ofac", number)
    return None


def keyed_by_id(entity_id: str) -> tuple[str, str] | None:
    """The identifier an entity id itself is built from (ofac-<ent_num>, gb-ofsi-<group>)."""
    for kind, pattern in _ID_PREFIX.items():
        match = pattern.match(entity_id)
        if match:
            return (kind, match.group(1))
    return None


def family(schema: str) -> str:
    """Kinds of target that can share an identifier; LegalEntity fits any of them."""
    if schema in ("Person", "Vessel", "Airplane"):
        return schema
    return "any" if schema == "LegalEntity" else "organisation"


@dataclass
class IdentifierClusters:
    clusters: Clusters
    joined_by: dict[str, int] = field(default_factory=dict)
    """Identifiers (by kind) that joined two or more records."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Identifiers (by kind) left out because records of different kinds carry them."""


def cluster(facts: Iterable[tuple[str, str, str]], schemata: dict[str, str]) -> IdentifierClusters:
    """Union the records that share an identifier. `facts` are (entity_id, prop, value);
    `schemata` maps each designated entity to its schema. Cluster ids are the smallest
    member id, so they do not depend on the order rows arrive in."""
    holders: dict[tuple[str, str], set[str]] = {}
    for entity_id in schemata:
        key = keyed_by_id(entity_id)
        if key:
            holders.setdefault(key, set()).add(entity_id)
    for entity_id, prop, value in facts:
        key = normalise(prop, value)
        if key and entity_id in schemata:
            holders.setdefault(key, set()).add(entity_id)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    result = IdentifierClusters({})
    for (kind, _), members in holders.items():
        if len(members) < 2:
            continue
        kinds = {family(schemata[m]) for m in members} - {"any"}
        if len(kinds) > 1:
            result.skipped[kind] = result.skipped.get(kind, 0) + 1
            continue
        result.joined_by[kind] = result.joined_by.get(kind, 0) + 1
        first, *rest = sorted(members)
        parent.setdefault(first, first)
        for other in rest:
            parent.setdefault(other, other)
            a, b = root(first), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    result.clusters = {e: root(e) for e in parent}
    return result


def from_store(con: duckdb.DuckDBPyConnection) -> IdentifierClusters:
    """Identifier clusters over every designated record of every official list version."""
    schemata = dict(con.execute(SCHEMA_SQL).fetchall())
    facts = con.execute(IDENTIFIER_SQL).fetchall()
    return cluster(facts, schemata)
