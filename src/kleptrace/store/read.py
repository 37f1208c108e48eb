"""Read the live (current) versions back: per-source summaries and whole entities."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import orjson
from followthemoney import Dataset, Statement, StatementEntity

from kleptrace.exc import NotFound
from kleptrace.store.db import DESIGNATION_COLUMNS, STATEMENT_COLUMNS
from kleptrace.store.live import explain

STORE_DATASET = Dataset.make({"name": "kleptrace", "title": "kleptrace store"})
STATEMENT_SQL = f"SELECT {', '.join(STATEMENT_COLUMNS)} FROM current_statements"


def sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every live source with its version, publication date, counts by schema and regime,
    and why it is live (the list it is a form of, the other forms loaded but not live)."""
    rows = con.execute(
        "SELECT v.source, v.version_id, v.format, v.jurisdiction, v.published, v.loaded_at, "
        "v.entities, v.statements, v.files, v.report, "
        "(SELECT count(*) FROM versions w WHERE w.source = v.source) AS versions "
        "FROM current_versions c JOIN versions v USING (version_id) ORDER BY v.source"
    ).fetchall()
    by_schema = _grouped(
        con,
        """
        SELECT c.source, s.schema, count(DISTINCT s.entity_id)
        FROM statements s JOIN current_versions c USING (version_id)
        WHERE s.prop = 'id' GROUP BY ALL""",
    )
    by_regime = _grouped(
        con,
        """
        SELECT source, regime, count(DISTINCT entity_id) FROM current_designations GROUP BY ALL""",
    )
    why = explain(con)
    out = []
    for (
        source,
        version_id,
        fmt,
        jurisdiction,
        published,
        loaded_at,
        entities,
        statements,
        files,
        report,
        versions,
    ) in rows:
        out.append(
            {
                "source": source,
                "format": fmt,
                "jurisdiction": jurisdiction,
                "version": version_id,
                "versions": versions,
                "published": published,
                "loaded_at": loaded_at.isoformat(timespec="seconds") + "Z",
                "entities": entities,
                "statements": statements,
                "schemata": by_schema.get(source, {}),
                "regimes": by_regime.get(source, {}),
                "files": orjson.loads(files),
                "report": orjson.loads(report) if report else {},
                **why.get(source, {"list": source, "live_because": "", "not_live": []}),
            }
        )
    return out


def _grouped(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for source, key, count in con.execute(sql).fetchall():
        out.setdefault(source, {})[key] = int(count)
    return {s: dict(sorted(d.items(), key=lambda kv: -kv[1])) for s, d in out.items()}


def _statement(row: tuple[Any, ...]) -> Statement:
    (sid, entity_id, schema, prop, value, lang, original, origin, dataset, first, last) = row
    return Statement(
        entity_id=entity_id,
        prop=prop,
        schema=schema,
        value=value,
        dataset=dataset,
        lang=lang,
        original_value=original,
        origin=origin,
        id=sid,
        first_seen=first,
        last_seen=last,
    )


def entity_from_rows(rows: list[tuple[Any, ...]]) -> StatementEntity:
    """One entity from its statement rows (columns in STATEMENT_SQL order)."""
    return StatementEntity.from_statements(STORE_DATASET, [_statement(r) for r in rows])


def entity(con: duckdb.DuckDBPyConnection, entity_id: str) -> StatementEntity:
    """The live entity with this id, merged across every source that has it."""
    rows = con.execute(f"{STATEMENT_SQL} WHERE entity_id = ?", [entity_id]).fetchall()
    if not rows:
        raise NotFound(f"no entity with id {entity_id!r} in the live list versions")
    return entity_from_rows(rows)


def sanctions_of(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[dict[str, Any]]:
    """The designations of one target, with their source, regime and listing date."""
    cols = ["source", *DESIGNATION_COLUMNS]
    rows = con.execute(
        f"SELECT {', '.join(cols)} FROM current_designations WHERE entity_id = ? "
        "ORDER BY listing_date NULLS LAST, source",
        [entity_id],
    ).fetchall()
    return [dict(zip(cols, row, strict=True)) for row in rows]


def referenced_by(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[dict[str, Any]]:
    """Live entities that point at this one (its passports, links, ownerships ...)."""
    rows = con.execute(
        "SELECT s.entity_id, s.schema, s.prop, c.source, "
        "(SELECT first(n.value ORDER BY n.value) FROM current_statements n "
        " WHERE n.entity_id = s.entity_id AND n.prop IN ('name', 'number', 'role', 'program')) "
        "FROM current_statements s JOIN current_versions c USING (version_id) "
        "WHERE s.value = ? AND s.prop NOT IN ('id') AND s.entity_id <> ? "
        "ORDER BY s.schema, s.entity_id",
        [entity_id, entity_id],
    ).fetchall()
    return [
        {"id": eid, "schema": schema, "via": prop, "source": source, "label": label}
        for eid, schema, prop, source, label in rows
    ]


def entities(
    con: duckdb.DuckDBPyConnection, source: str | None = None, batch: int = 50_000
) -> Iterator[StatementEntity]:
    """Stream every live entity (of one source, or all), grouped from ordered statements."""
    sql = STATEMENT_SQL
    params: list[Any] = []
    if source is not None:
        sql += " WHERE version_id = (SELECT version_id FROM current_versions WHERE source = ?)"
        params.append(source)
    cursor = con.cursor()
    cursor.execute(sql + " ORDER BY entity_id", params)
    pending: list[tuple[Any, ...]] = []
    while chunk := cursor.fetchmany(batch):
        for row in chunk:
            if pending and pending[-1][1] != row[1]:
                yield entity_from_rows(pending)
                pending = []
            pending.append(row)
    if pending:
        yield entity_from_rows(pending)
