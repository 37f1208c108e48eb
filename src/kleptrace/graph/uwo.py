"""Unexplained-wealth triage: property titles ranked by the red flags the ownership data
explains (DOMAIN.md section 4), each flag's points shown, weights and reasons in
data/uwo_weights.yml.

Set-based throughout: one upward walk from every title's proprietors at once (one join
per level, `depth` levels), one aggregate per title, the score as a SQL expression;
only the top titles are turned into Python objects with their explanations.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import duckdb

from kleptrace.data import load_table
from kleptrace.graph.jurisdictions import place_name, secrecy_jurisdictions

UPWARD_KINDS = ("ownership", "voting", "control", "beneficiary", "nominee", "trustee")
ARRANGEMENTS = ("beneficiary", "nominee", "trustee")


@dataclass(frozen=True)
class Weights:
    points: dict[str, float]
    reasons: dict[str, str]
    depth: int
    max_layers: int
    roe_start: str
    price_threshold: float


@cache
def weights() -> Weights:
    """The shipped weights (data/uwo_weights.yml), checked against the flags computed."""
    table = load_table("uwo_weights")
    flags, parameters = table["flags"], table["parameters"]
    unknown = set(flags) ^ set(FLAG_SQL)
    if unknown:
        raise ValueError(f"uwo_weights.yml: flags {sorted(unknown)} do not match the code")
    return Weights(
        {k: float(v["weight"]) for k, v in flags.items()},
        {k: str(v["reason"]) for k, v in flags.items()},
        int(parameters["depth"]),
        int(parameters["max_layers"]),
        str(parameters["roe_start"]),
        float(parameters["price_threshold"]),
    )


FLAG_SQL = {
    # flag -> how many times its weight counts (a number), from the per-title features
    "designated_link": "(len(designated) > 0)::INTEGER",
    "pep_link": "(len(peps) > 0)::INTEGER",
    "territory_proprietor": "(len(territory) > 0)::INTEGER",
    "secrecy_proprietor": "(len(other_secrecy) > 0)::INTEGER",
    "owner_unknown": "(NOT has_person)::INTEGER",
    "trust_or_nominee": "arrangement::INTEGER",
    "secrecy_in_chain": "(len(chain_secrecy) > 0)::INTEGER",
    "layers": "greatest(least(layers, {max_layers}) - 1, 0)",
    "acquired_before_roe": "coalesce(acquired < '{roe_start}', false)::INTEGER",
    "high_price": "coalesce(price >= {price_threshold}, false)::INTEGER",
}


@dataclass(frozen=True)
class Flag:
    name: str
    points: float
    detail: str
    reason: str


@dataclass
class TitleScore:
    title_id: str
    name: str | None
    score: float
    proprietors: list[str]
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def triage(
    con: duckdb.DuckDBPyConnection,
    edges: str,
    nodes: str,
    designated: duckdb.DuckDBPyRelation,
    top: int = 25,
    config: Weights | None = None,
    peps: duckdb.DuckDBPyRelation | None = None,
) -> tuple[list[TitleScore], int]:
    """The `top` titles by score, and how many titles were scored. `edges` and `nodes`
    name relations with the EDGES / NODES columns; `designated` and `peps` (politically
    exposed persons, where the store has any) have a node_id column."""
    w = config or weights()
    con.register("kt_uwo_designated", designated)
    con.register("kt_uwo_peps", peps or con.sql("SELECT NULL::VARCHAR AS node_id LIMIT 0"))
    _walk_up(con, edges, w.depth)
    _features(con, nodes)
    parts = {
        name: sql.format(
            max_layers=w.max_layers, roe_start=w.roe_start, price_threshold=w.price_threshold
        )
        for name, sql in FLAG_SQL.items()
    }
    score = " + ".join(f"{w.points[name]} * ({sql})" for name, sql in parts.items())
    counted = ", ".join(f"{sql} AS times_{name}" for name, sql in parts.items())
    rows = con.execute(f"""
        SELECT *, {counted}, {score} AS score FROM kt_uwo_features
        ORDER BY score DESC, title LIMIT {int(top)}
    """).fetchall()
    columns = [d[0] for d in con.description or ()]
    [(scored,)] = con.execute("SELECT count(*) FROM kt_uwo_features").fetchall()
    return [_explain(dict(zip(columns, row, strict=True)), w) for row in rows], int(scored)


def _walk_up(con: duckdb.DuckDBPyConnection, edges: str, depth: int) -> None:
    """`kt_uwo_up` (title, node, depth, via, start_date; nodes as 64-bit hashes, joined
    several times faster than strings): the proprietors at depth 1, then whoever holds
    them, each (title, node) once at its shortest depth. `kt_uwo_ids` keeps the ids of
    the titles and proprietors."""
    kinds = ", ".join(f"'{k}'" for k in UPWARD_KINDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_uwo_edges AS
        SELECT hash(owner_id) AS owner, hash(asset_id) AS asset, kind FROM {edges}
        WHERE kind IN ({kinds}) AND end_date IS NULL AND owner_id <> asset_id
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_uwo_ids AS
        SELECT DISTINCT hash(id) AS node, id FROM (
            SELECT asset_id AS id FROM {edges} WHERE kind = 'proprietor' AND end_date IS NULL
            UNION ALL
            SELECT owner_id FROM {edges} WHERE kind = 'proprietor' AND end_date IS NULL
        )
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_uwo_up AS
        SELECT hash(asset_id) AS title, hash(owner_id) AS node, 1 AS depth,
            'proprietor' AS via, min(start_date) AS start_date
        FROM {edges} WHERE kind = 'proprietor' AND end_date IS NULL
        GROUP BY ALL
    """)
    for level in range(2, depth + 1):
        con.execute(f"""
            INSERT INTO kt_uwo_up
            SELECT next.title, next.node, {level}, any_value(next.via), NULL
            FROM (
                SELECT u.title, e.owner AS node, e.kind AS via
                FROM kt_uwo_up u JOIN kt_uwo_edges e ON e.asset = u.node
                WHERE u.depth = {level - 1}
            ) next
            ANTI JOIN kt_uwo_up v ON v.title = next.title AND v.node = next.node
            GROUP BY next.title, next.node
        """)


def _price(con: duckdb.DuckDBPyConnection, nodes: str) -> str:
    """The price paid of a title: the `attributes` map where the node table has one
    (facts that are not identifiers), else its `identifiers` map."""
    columns = {d[0] for d in con.execute(f"SELECT * FROM {nodes} LIMIT 0").description or ()}
    if "attributes" in columns:
        return "coalesce(attributes['pricePaid'], identifiers['pricePaid'])"
    return "identifiers['pricePaid']"


def _features(con: duckdb.DuckDBPyConnection, nodes: str) -> None:
    """`kt_uwo_features`: one row per title with what the flags read."""
    places = secrecy_jurisdictions()
    con.execute("CREATE OR REPLACE TEMP TABLE kt_uwo_secrecy (code VARCHAR, grp VARCHAR)")
    con.executemany(
        "INSERT INTO kt_uwo_secrecy VALUES (?, ?)", [(s.code, s.group) for s in places.values()]
    )
    arrangements = ", ".join(f"'{k}'" for k in ARRANGEMENTS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_uwo_attrs AS
        SELECT hash(node_id) AS node, any_value(node_id) AS node_id, any_value(name) AS name,
            any_value(schema) AS schema, lower(any_value(jurisdiction)) AS place,
            any_value({_price(con, nodes)}) AS price
        FROM {nodes}
        WHERE hash(node_id) IN (SELECT node FROM kt_uwo_up UNION SELECT title FROM kt_uwo_up)
        GROUP BY 1
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE kt_uwo_features AS
        WITH up AS (
            SELECT u.*, coalesce(a.name, i.id, a.node_id) AS label, a.schema, a.place, s.grp,
                u.node IN (SELECT hash(node_id) FROM kt_uwo_designated) AS designated,
                u.node IN (SELECT hash(node_id) FROM kt_uwo_peps) AS pep
            FROM kt_uwo_up u
            LEFT JOIN kt_uwo_attrs a USING (node)
            LEFT JOIN kt_uwo_ids i USING (node)
            LEFT JOIN kt_uwo_secrecy s ON s.code = a.place
        )
        SELECT any_value(i.id) AS title, any_value(t.name) AS title_name,
            try_cast(any_value(t.price) AS DOUBLE) AS price,
            list(DISTINCT up.label) FILTER (up.depth = 1) AS proprietors,
            coalesce(list(DISTINCT coalesce(up.label, 'a node without a record'))
                FILTER (up.designated), []) AS designated,
            coalesce(list(DISTINCT coalesce(up.label, 'a node without a record'))
                FILTER (up.pep), []) AS peps,
            coalesce(list(DISTINCT up.place) FILTER (up.depth = 1 AND up.grp IN
                ('territory', 'dependency')), []) AS territory,
            coalesce(list(DISTINCT up.place) FILTER (up.depth = 1 AND up.grp = 'other'), [])
                AS other_secrecy,
            coalesce(list(DISTINCT up.place) FILTER (up.depth > 1 AND up.grp IS NOT NULL
                AND coalesce(up.schema, '') <> 'Person'), []) AS chain_secrecy,
            coalesce(bool_or(up.schema = 'Person'), false) AS has_person,
            coalesce(bool_or(up.via IN ({arrangements})), false) AS arrangement,
            -- corporate levels below the furthest person found (a nominee company
            -- beside a person is no layer); all of them where no person is found
            coalesce(
                max(up.depth - 1) FILTER (up.schema = 'Person'),
                max(up.depth) FILTER (coalesce(up.schema, '') <> 'Person'),
                0
            ) AS layers,
            min(up.start_date) FILTER (up.depth = 1) AS acquired
        FROM up
        LEFT JOIN kt_uwo_attrs t ON t.node = up.title
        LEFT JOIN kt_uwo_ids i ON i.node = up.title
        GROUP BY up.title
    """)


def _explain(row: dict[str, Any], w: Weights) -> TitleScore:
    details = {
        "designated_link": "held for " + "; ".join(sorted(row["designated"])),
        "pep_link": "held for the politically exposed " + "; ".join(sorted(row["peps"])),
        "territory_proprietor": "proprietor in "
        + ", ".join(place_name(p) for p in row["territory"]),
        "secrecy_proprietor": "proprietor in "
        + ", ".join(place_name(p) for p in row["other_secrecy"]),
        "owner_unknown": f"no person found within {w.depth} levels above the proprietor",
        "trust_or_nominee": "a trustee, nominee or beneficiary arrangement in the chain",
        "secrecy_in_chain": "companies above the proprietor in "
        + ", ".join(place_name(p) for p in row["chain_secrecy"]),
        "layers": f"{row['layers']} corporate layers above the title",
        "acquired_before_roe": f"proprietor since {row['acquired']}",
        "high_price": f"price paid GBP {row['price']:,.0f}" if row["price"] else "",
    }
    flags = [
        Flag(name, w.points[name] * row[f"times_{name}"], details[name], w.reasons[name])
        for name in FLAG_SQL
        if row[f"times_{name}"]
    ]
    return TitleScore(
        row["title"], row["title_name"], float(row["score"]), sorted(row["proprietors"]), flags
    )
