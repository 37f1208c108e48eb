"""A canonical target as people and exports see it: its member records, lists and
regimes (`kleptrace show`), or one merged FtM entity with `referents` (`kleptrace export
--canonical`), as OpenSanctions publishes merged entities."""

from __future__ import annotations

from typing import IO, Any

import duckdb
import orjson
from followthemoney import Statement, StatementEntity, model
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema

from kleptrace.exc import NotFound
from kleptrace.resolve.tables import cluster_of, clusters_exist
from kleptrace.store.read import STORE_DATASET


def canonical_view(con: duckdb.DuckDBPyConnection, any_id: str) -> dict[str, Any] | None:
    """The canonical target that `any_id` (canonical or member id) belongs to, with each
    member's regimes and listing dates; None when it is neither (or nothing is resolved)."""
    try:
        cluster_id, members = cluster_of(con, any_id)
    except NotFound:
        return None
    for member in members:
        rows = con.execute(
            "SELECT list(DISTINCT regime ORDER BY regime), "
            "list(DISTINCT listing_date ORDER BY listing_date) FILTER (listing_date IS NOT NULL) "
            "FROM current_designations WHERE entity_id = ? AND source = ?",
            [member["entity_id"], member["source"]],
        ).fetchall()
        regimes, listed = rows[0] if rows else ([], [])
        member["regimes"] = regimes or []
        member["listed"] = listed or []
    captions = [m["caption"] for m in members if m["caption"]]
    return {
        "id": cluster_id,
        "caption": min(captions, key=lambda c: (not c.isascii(), len(c), c)) if captions else "",
        "schema": members[0]["schema"],
        "lists": sorted({m["source"] for m in members}),
        "members": members,
    }


# Every live statement with member ids (as entity or as value) replaced by canonical ids.
_CANONICAL_SQL = """
WITH ids AS (SELECT DISTINCT entity_id, cluster_id FROM resolve_clusters)
SELECT s.id, coalesce(m.cluster_id, s.entity_id) AS canonical, s.schema, s.prop,
    coalesce(v.cluster_id, s.value) AS value, s.lang, s.original_value, s.origin, s.dataset,
    s.first_seen, s.last_seen, m.cluster_id IS NOT NULL AS resolved, s.entity_id
FROM current_statements s
LEFT JOIN ids m ON m.entity_id = s.entity_id
LEFT JOIN ids v ON v.entity_id = s.value AND s.prop <> 'id'
ORDER BY canonical, s.entity_id
"""


def _schema(names: set[str]) -> Schema:
    """The one schema all members fit in; Organization when FtM knows none (a public
    body on one list, a company on another)."""
    schemata = [model[n] for n in sorted(names)]
    try:
        found = schemata[0]
        for schema in schemata[1:]:
            found = model.common_schema(found, schema)
    except InvalidData:
        found = model["Organization"]
    return found


def merge(canonical_id: str, rows: list[tuple[Any, ...]]) -> StatementEntity:
    """One FtM entity under `canonical_id` from the statement rows (STATEMENT_COLUMNS
    order) of every member of a cluster. A value whose property the merged schema lacks
    is kept in `notes` as "property: value", so nothing is lost."""
    schema = _schema({r[2] for r in rows})
    statements = []
    for sid, _, _, prop, value, lang, original, origin, dataset, first, last in rows:
        if prop != "id" and schema.get(prop) is None:
            prop, value = "notes", f"{prop}: {value}"
        statements.append(
            Statement(
                entity_id=canonical_id,
                prop=prop,
                schema=schema.name,
                value=value,
                dataset=dataset,
                lang=lang,
                original_value=original,
                origin=origin,
                id=sid,
                first_seen=first,
                last_seen=last,
            )
        )
    return StatementEntity.from_statements(STORE_DATASET, statements)


def _merged(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """The FtM dict of one canonical entity (or of an unresolved entity), with
    `referents`: the member ids behind it."""
    members = sorted({r[12] for r in rows if r[11]})
    entity = merge(rows[0][1], [(r[0], r[12], *r[2:11]) for r in rows])
    return {**entity.to_dict(), "referents": members}


def write_canonical_ftm(con: duckdb.DuckDBPyConnection, fh: IO[bytes]) -> int:
    """Write every live entity as FtM JSON lines with each cluster merged into one entity
    under its canonical id (`referents`: its member ids) and every reference to a member
    pointing at the canonical id; returns the number of entities written."""
    if not clusters_exist(con):
        raise NotFound("no resolved clusters in this store yet; run `kleptrace resolve`")
    cursor = con.cursor()
    cursor.execute(_CANONICAL_SQL)
    count = 0
    pending: list[tuple[Any, ...]] = []
    while chunk := cursor.fetchmany(50_000):
        for row in chunk:
            if pending and pending[-1][1] != row[1]:
                fh.write(orjson.dumps(_merged(pending)) + b"\n")
                count += 1
                pending = []
            pending.append(row)
    if pending:
        fh.write(orjson.dumps(_merged(pending)) + b"\n")
        count += 1
    return count
