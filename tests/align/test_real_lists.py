"""The alignment of the real lists (identifier clusters, since resolution is another
branch's work) against counts computed here in SQL from the store's designations and the
cluster table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from kleptrace.align import Alignment, config, from_store
from kleptrace.align.identifiers import normalise


@pytest.fixture(scope="module")
def con(screening_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(screening_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def alignment(con: duckdb.DuckDBPyConnection) -> Alignment:
    return from_store(con)


@pytest.fixture(scope="module")
def current(con: duckdb.DuckDBPyConnection, alignment: Alignment) -> str:
    """SQL for (cluster, jurisdiction, regime, magnitsky) of every designation of a live,
    not superseded, official list version, with the report's clusters."""
    live = {s for (s,) in con.execute("SELECT source FROM current_versions").fetchall()}
    replaced = [s.source for s in config().superseded if s.by in live]
    clusters = alignment.clusters.clusters
    con.register(
        "test_clusters",
        pa.table({"entity_id": list(clusters), "cluster_id": list(clusters.values())}),
    )
    excluded = ", ".join(f"'{s}'" for s in replaced) or "''"
    return f"""
        SELECT coalesce(k.cluster_id, d.entity_id) AS cluster, d.jurisdiction, d.regime,
               d.magnitsky, d.program, d.listing_date, d.version_id,
               v.source NOT IN ({excluded}) AND d.version_id IN
                   (SELECT version_id FROM current_versions) AS now
        FROM designations d JOIN versions v USING (version_id)
        LEFT JOIN test_clusters k USING (entity_id)
        WHERE v.jurisdiction IS NOT NULL AND d.jurisdiction = v.jurisdiction
          AND d.jurisdiction IN ('gb', 'us', 'eu', 'un', 'ca', 'au')
    """


def test_records_sharing_a_un_reference_or_ofsi_group_are_one_cluster(
    con: duckdb.DuckDBPyConnection, alignment: Alignment
) -> None:
    clusters = alignment.clusters.clusters
    rows = con.execute(
        "SELECT e.value, s.value FROM statements s JOIN statements e "
        "ON e.version_id = s.version_id AND e.entity_id = s.entity_id AND e.prop = 'entity' "
        "WHERE s.prop = 'unscId' "
        "UNION SELECT entity_id, value FROM statements "
        "WHERE prop = 'notes' AND value LIKE 'OFSI Group ID:%'"
    ).fetchall()
    holders: dict[str, set[str]] = {}
    for target, value in rows:
        key = normalise("unscId" if not value.startswith("OFSI") else "notes", value)
        assert key is not None
        holders.setdefault(str(key), set()).add(clusters.get(target, target))
    assert len(holders) > 1000
    assert all(len(h) == 1 for h in holders.values())
    # OFSI's own records are keyed by group id: gb-ofsi-<n> joins the FCDO note.
    for target, value in rows:
        if value.startswith("OFSI Group ID:"):
            group = value.split(":")[1].strip()
            if clusters.get(f"gb-ofsi-{group}"):
                assert clusters[f"gb-ofsi-{group}"] == clusters[target]


@pytest.mark.parametrize("scope", ["all", "russia", "magnitsky"])
def test_overlap_and_gaps_equal_sql_counts(
    con: duckdb.DuckDBPyConnection, alignment: Alignment, current: str, scope: str
) -> None:
    where = {"all": "true", "russia": "regime = 'russia'", "magnitsky": "magnitsky"}[scope]
    per = dict(
        con.execute(
            f"SELECT jurisdiction, count(DISTINCT cluster) FROM ({current}) "
            f"WHERE now AND {where} GROUP BY ALL"
        ).fetchall()
    )
    figures = alignment.scopes[scope]
    assert figures.overlap.per_jurisdiction == per
    sets = con.execute(
        f"SELECT cluster, list(DISTINCT jurisdiction) FROM ({current}) "
        f"WHERE now AND {where} GROUP BY ALL"
    ).fetchall()
    assert figures.overlap.targets == len(sets)
    assert figures.overlap.shared_by(("gb", "us", "eu")) == sum(
        {"gb", "us", "eu"} <= set(js) for _, js in sets
    )
    gaps = {g.key: {r.cluster_id for r in g.rows} for g in figures.gaps}
    for j in figures.jurisdictions:
        assert gaps[f"{j}-only"] == {c for c, js in sets if js == [j]}
    if "us" in per and "gb" in per:
        assert gaps["us-not-gb"] == {c for c, js in sets if "us" in js and "gb" not in js}
    programs: dict[str, dict[str, int]] = {j: {} for j in figures.jurisdictions}
    for j, program, n in con.execute(
        f"SELECT jurisdiction, split_part(program, ' / ', 1), count(DISTINCT cluster) "
        f"FROM ({current}) WHERE now AND {where} AND program IS NOT NULL GROUP BY ALL"
    ).fetchall():
        programs[j][program] = n
    assert figures.programs() == {j: dict(sorted(p.items())) for j, p in programs.items()}


@pytest.mark.parametrize(("first", "later"), [("us", "gb"), ("us", "eu"), ("eu", "gb")])
def test_russia_lags_equal_sql_quantiles(
    con: duckdb.DuckDBPyConnection, alignment: Alignment, current: str, first: str, later: str
) -> None:
    sql = f"""
        WITH d AS ({current}),
        held AS (SELECT DISTINCT cluster, jurisdiction FROM d WHERE now AND regime = 'russia'),
        dated AS (
            SELECT cluster, jurisdiction, min(listing_date)::DATE AS day
            FROM d JOIN held USING (cluster, jurisdiction)
            WHERE regime = 'russia' AND listing_date IS NOT NULL GROUP BY ALL
        ),
        firsts AS (SELECT cluster, min(day) AS day FROM dated GROUP BY ALL)
        SELECT count(*), quantile_cont(b.day - a.day, 0.5), quantile_cont(b.day - a.day, 0.25)
        FROM dated a JOIN dated b USING (cluster) JOIN firsts f USING (cluster)
        WHERE a.jurisdiction = ? AND b.jurisdiction = ? AND a.day = f.day
    """
    count, median, q1 = con.execute(sql, [first, later]).fetchone()  # type: ignore[misc]
    summary = alignment.scopes["russia"].lags[(first, later)].summary()
    assert summary["targets"] == count
    assert summary["median"] == median
    assert summary["q1"] == q1
