"""SYNTHETIC ownership graphs for benchmarks and scale tests: no real person or company.

Every node id starts with "syn-" and every row's dataset is "synthetic", so a synthetic
graph can never pass for register data. The shape follows what registers show:
- owners' out-degrees are heavy-tailed (a Zipf law: a few holding companies and
  formation agents hold thousands of stakes, most owners one or two);
- companies are ordered in layers: a company's corporate owners mostly come from
  earlier in the order (chains run from people through holding companies down to
  property companies), and a few stakes point back up, closing cycles;
- stakes in one company add up to 50-100%, some are stated only as PSC bands
  (25-50, 50-75, 75-100) or not at all, some have ceased, some are held jointly;
- a few edges are stated control or voting rights;
- property titles are held by one or two companies, more often offshore ones;
- about 0.5% of persons and 0.1% of companies are designated.
Generated with NumPy and turned into the EDGES columns by DuckDB, so 10M edges take
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

JURISDICTIONS = ("gb", "vg", "je", "gg", "im", "ky", "gi", "bm", "cy", "ru", "us", "ch", "ae", "lu")
JURISDICTION_WEIGHTS = (30, 14, 6, 4, 3, 5, 1, 2, 8, 10, 6, 4, 4, 3)


@dataclass(frozen=True)
class Synthetic:
    edges: int
    nodes: int
    designated: int


def generate(con: duckdb.DuckDBPyConnection, edges: int, seed: int = 13) -> Synthetic:
    """Create tables `syn_nodes` (NODES columns), `syn_edges` (EDGES columns) and
    `syn_designated` (node_id) of about `edges` edges on `con`."""
    rng = np.random.default_rng(seed)
    companies = max(edges // 2, 10)
    persons = max(edges // 5, 10)
    titles = max(edges // 20, 5)
    owned = edges - titles * 3 // 2
    # assets: every company gets at least one owner, the rest spread uniformly
    asset = np.concatenate(
        [np.arange(companies), rng.integers(0, companies, max(owned - companies, 0))]
    )[:owned]
    # owners: a person or an earlier company, chosen by a heavy-tailed popularity
    corporate = rng.random(owned) < 0.55
    popularity = rng.zipf(1.8, owned).clip(max=10_000) - 1
    person_owner = (popularity * 7919 + rng.integers(0, persons, owned)) % persons
    earlier = np.maximum(asset - 1 - (popularity % np.maximum(asset, 1)), 0)
    back = rng.random(owned) < 0.02  # points back up the chain: cycles
    company_owner = np.where(back, rng.integers(0, companies, owned), earlier)
    owner = np.where(corporate, company_owner, companies + person_owner)
    # stakes in one company sum to a total of 50-100%
    weight = rng.pareto(1.5, owned) + 0.05
    total = rng.uniform(50, 100, companies)
    share = np.round(weight / np.bincount(asset, weights=weight)[asset] * total[asset], 2)
    kind = np.select(
        [rng.random(owned) < 0.01, rng.random(owned) < 0.02], [2, 1], default=0
    )  # 0 ownership, 1 voting, 2 control
    form = rng.choice(4, owned, p=[0.75, 0.18, 0.05, 0.02])  # exact, band, unknown, >25%
    joint = np.where(rng.random(owned) < 0.01, asset, -1)
    ended = rng.random(owned) < 0.03
    # property titles: one or two proprietors, favouring companies late in the chains
    title_of = np.concatenate([np.arange(titles), rng.integers(0, titles, titles // 2)])
    proprietor = companies - 1 - (rng.zipf(1.5, len(title_of)) - 1) % companies
    designated = np.concatenate(
        [
            companies + rng.choice(persons, max(persons // 200, 1), replace=False),
            rng.choice(companies, max(companies // 1000, 1), replace=False),
        ]
    )
    jurisdiction = rng.choice(
        len(JURISDICTIONS),
        companies,
        p=np.array(JURISDICTION_WEIGHTS) / sum(JURISDICTION_WEIGHTS),
    )
    _tables(
        con,
        companies,
        stakes=pa.table(
            {"owner": owner, "asset": asset, "share": share, "kind": kind}
            | {"form": form, "joint": joint, "ended": ended}
        ),
        titles=pa.table({"title": title_of, "proprietor": proprietor}),
        places=pa.table({"company": np.arange(companies), "jurisdiction": jurisdiction}),
        designated=pa.table({"node": designated}),
    )
    [(edge_count, node_count)] = con.execute(
        "SELECT (SELECT count(*) FROM syn_edges), (SELECT count(*) FROM syn_nodes)"
    ).fetchall()
    return Synthetic(int(edge_count), int(node_count), len(designated))


def _tables(
    con: duckdb.DuckDBPyConnection,
    n: int,
    stakes: pa.Table,
    titles: pa.Table,
    places: pa.Table,
    designated: pa.Table,
) -> None:
    """Turn the integer columns into the NODES / EDGES columns (ids, bands, kinds); node
    numbers below `n` are companies, the others persons."""
    jurisdictions = "[" + ", ".join(f"'{j}'" for j in JURISDICTIONS) + "]"
    con.register("syn_stakes_np", stakes)
    con.register("syn_titles_np", titles)
    con.register("syn_companies_np", places)
    con.register("syn_designated_np", designated)
    con.execute(f"""
        CREATE OR REPLACE TABLE syn_edges AS
        SELECT 'syn-e' || row_number() OVER () AS edge_id,
            CASE WHEN owner < {n} THEN 'syn-c' || owner ELSE 'syn-p' || (owner - {n}) END
                AS owner_id,
            'syn-c' || asset AS asset_id,
            ['ownership', 'voting', 'control'][kind + 1] AS kind,
            CASE WHEN kind = 2 OR form = 2 THEN NULL WHEN form = 0 THEN share
                 WHEN form = 3 THEN 25.0
                 WHEN share > 75 THEN 75.0 WHEN share > 50 THEN 50.0 ELSE 25.0 END AS share_min,
            CASE WHEN kind = 2 OR form IN (2, 3) THEN NULL WHEN form = 0 THEN share
                 WHEN share > 75 THEN 100.0 WHEN share > 50 THEN 75.0 ELSE 50.0 END AS share_max,
            form = 3 OR (form = 1 AND share <= 75) AS share_min_exclusive,
            false AS share_max_exclusive,
            CASE WHEN joint >= 0 THEN 'syn-j' || joint END AS joint_group,
            true AS direct,
            '2015-01-01' AS start_date,
            CASE WHEN ended THEN '2020-01-01' END AS end_date,
            'synthetic' AS dataset, 'synthetic' AS record
        FROM syn_stakes_np
        UNION ALL
        SELECT 'syn-t' || row_number() OVER (), 'syn-c' || proprietor, 'syn-r' || title,
            'proprietor', NULL, NULL, false, false, NULL, true, '2016-06-01', NULL,
            'synthetic', 'synthetic'
        FROM syn_titles_np
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE syn_nodes AS
        SELECT 'syn-c' || company AS node_id, 'Company' AS schema,
            'SYNTHETIC COMPANY ' || company AS name,
            {jurisdictions}[jurisdiction + 1] AS jurisdiction,
            MAP {{}}::MAP(VARCHAR, VARCHAR) AS identifiers, 'synthetic' AS dataset,
            'synthetic' AS record
        FROM syn_companies_np
        UNION ALL
        SELECT DISTINCT owner_id, 'Person', 'SYNTHETIC PERSON ' || owner_id, NULL,
            MAP {{}}::MAP(VARCHAR, VARCHAR), 'synthetic', 'synthetic'
        FROM syn_edges WHERE owner_id LIKE 'syn-p%'
        UNION ALL
        SELECT DISTINCT asset_id, 'RealEstate', 'SYNTHETIC TITLE ' || asset_id, 'gb',
            MAP {{}}::MAP(VARCHAR, VARCHAR), 'synthetic', 'synthetic'
        FROM syn_edges WHERE kind = 'proprietor'
    """)
    con.execute(f"""
        CREATE OR REPLACE TABLE syn_designated AS
        SELECT DISTINCT CASE WHEN node < {n} THEN 'syn-c' || node
            ELSE 'syn-p' || (node - {n}) END AS node_id
        FROM syn_designated_np
    """)
    for name in ("syn_stakes_np", "syn_titles_np", "syn_companies_np", "syn_designated_np"):
        con.unregister(name)
