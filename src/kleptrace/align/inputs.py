"""Read the two inputs of the alignment from the store: every designation of every loaded
version of an official list, and the clusters (`resolve_clusters` when `kleptrace resolve`
has run, else clusters from exact shared identifiers), plus the per-record facts the gap
lists rank by."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
from followthemoney import model

from kleptrace.align import identifiers
from kleptrace.align.model import AlignConfig, Clusters, Designation


@dataclass(frozen=True)
class SourceVersion:
    """One loaded version of an official list, with what the report says about its date."""

    source: str
    list_key: str
    version_id: int
    jurisdiction: str
    published: str | None
    loaded: str
    live: bool
    superseded_by: str | None
    """The loaded source that replaces this one for "who designates now", if any."""


@dataclass(frozen=True)
class ClusterInput:
    clusters: Clusters
    resolved: bool
    """True when the clusters come from `kleptrace resolve`, False for the identifier fallback."""
    note: str


@dataclass(frozen=True)
class Record:
    """What ranks a record in a gap list: its name, schema and linked entities."""

    name: str
    schema: str
    links: frozenset[str]


def versions(con: duckdb.DuckDBPyConnection, cfg: AlignConfig) -> list[SourceVersion]:
    rows = con.execute(
        "SELECT source, coalesce(list_key, source), version_id, jurisdiction, published, "
        "loaded_at, version_id IN (SELECT version_id FROM current_versions) "
        "FROM versions WHERE jurisdiction IS NOT NULL ORDER BY jurisdiction, source, version_id"
    ).fetchall()
    live_sources = {r[0] for r in rows if r[6]}
    replaced = {s.source: s.by for s in cfg.superseded if s.by in live_sources}
    return [
        SourceVersion(
            source,
            list_key,
            version_id,
            jurisdiction,
            published,
            loaded.date().isoformat(),
            bool(live),
            replaced.get(source),
        )
        for source, list_key, version_id, jurisdiction, published, loaded, live in rows
        if jurisdiction in cfg.jurisdictions
    ]


def designations(
    con: duckdb.DuckDBPyConnection, cfg: AlignConfig, loaded: list[SourceVersion]
) -> list[Designation]:
    """Every designation of every loaded official version, in its own jurisdiction."""
    by_version = {v.version_id: v for v in loaded}
    rows = con.execute(
        "SELECT DISTINCT d.version_id, d.entity_id, d.jurisdiction, d.regime, d.magnitsky, "
        "d.program, d.listing_date FROM designations d JOIN versions v USING (version_id) "
        "WHERE d.jurisdiction = v.jurisdiction ORDER BY ALL"
    ).fetchall()
    out = []
    for version_id, entity_id, jurisdiction, regime, magnitsky, program, listed in rows:
        version = by_version.get(version_id)
        if version is None:
            continue
        out.append(
            Designation(
                entity_id=entity_id,
                jurisdiction=jurisdiction,
                regime=regime,
                magnitsky=bool(magnitsky),
                program=program,
                listing_date=listed,
                source=version.source,
                version_id=version_id,
                published=version.published,
                current=version.live and version.superseded_by is None,
            )
        )
    return out


def clusters(con: duckdb.DuckDBPyConnection) -> ClusterInput:
    """`resolve_clusters` when present, else clusters from exact shared identifiers."""
    present = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'resolve_clusters'"
    ).fetchone()
    if present and present[0]:
        rows = con.execute("SELECT entity_id, cluster_id FROM resolve_clusters").fetchall()
        return ClusterInput(
            dict(rows), True, f"clusters from `kleptrace resolve` ({len(rows):,} records)"
        )
    found = identifiers.from_store(con)
    joined = ", ".join(f"{k} {n:,}" for k, n in sorted(found.joined_by.items()))
    skipped = sum(found.skipped.values())
    note = (
        "Resolution has not been run (no resolve_clusters table): records are joined "
        f"only by exact shared identifiers (identifiers joining records: {joined}; "
        f"left out because records of different kinds carry them: {skipped:,}). Targets "
        "without a shared identifier count once per list, so overlaps are lower bounds and "
        "gaps upper bounds."
    )
    return ClusterInput(found.clusters, False, note)


def records(con: duckdb.DuckDBPyConnection, entity_ids: set[str]) -> dict[str, Record]:
    """Name and schema of each record (from any loaded version, so records an older
    version dropped keep their names) and its live linked entities (through relationship
    entities such as UnknownLink, Family or Ownership)."""
    con.register("align_ids", pa.table({"entity_id": pa.array(sorted(entity_ids), pa.string())}))
    names = con.execute(
        "SELECT s.entity_id, first(s.schema ORDER BY s.version_id DESC), "
        "min(s.value) FILTER (WHERE s.prop = 'name') "
        "FROM statements s JOIN align_ids USING (entity_id) "
        "WHERE s.prop IN ('id', 'name') GROUP BY ALL"
    ).fetchall()
    edges = [s for s in model.schemata.values() if s.edge and s.source_prop and s.target_prop]
    ends = sorted({p.name for s in edges for p in (s.source_prop, s.target_prop) if p})
    schemas = sorted(s.name for s in edges)
    pairs = con.execute(
        f"""
        WITH ends AS (
            SELECT entity_id AS edge, value FROM current_statements
            WHERE schema IN ({", ".join("?" * len(schemas))})
              AND prop IN ({", ".join("?" * len(ends))})
        )
        SELECT DISTINCT a.value, b.value FROM ends a JOIN ends b USING (edge)
        WHERE a.value <> b.value AND a.value IN (SELECT entity_id FROM align_ids)
        """,
        [*schemas, *ends],
    ).fetchall()
    links: dict[str, set[str]] = {}
    for a, b in pairs:
        links.setdefault(a, set()).add(b)
    con.unregister("align_ids")
    return {
        entity_id: Record(name or entity_id, schema, frozenset(links.get(entity_id, ())))
        for entity_id, schema, name in names
    }
