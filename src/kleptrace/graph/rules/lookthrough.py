"""The product of stakes along paths: the share of an entity that designated persons hold
through every chain, added over chains (X 45% of D, D 100% of E, X 10% of E: 55%).

This is a risk signal, never a legal result: no rule multiplies stakes down a chain
(DOMAIN.md 2). Walks start at designated nodes and stop at the next designated node,
whose own stake is already counted; a walk of more than `max_depth` hops, or one whose
product has fallen below 0.0001%, adds nothing, so cycles end. A title with a single
proprietor of unstated share is held 100%; otherwise an unstated share is [0, 100].
Each round is one join of the frontier with the ownership edges.
"""

from __future__ import annotations

import duckdb

from kleptrace.graph.rules.holdings import name_nodes

MAX_DEPTH = 20
NEGLIGIBLE = 1e-4


def product_of_stakes(con: duckdb.DuckDBPyConnection, max_depth: int = MAX_DEPTH) -> str:
    """Create `kt_product` (entity_id, product_min, product_max, hops) from the tables
    `holdings.prepare` made; `hops` is the shortest chain. Returns the table name."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_chain_edges AS
        SELECT h.owner, h.asset,
            CASE WHEN h.kind = 'proprietor' AND n.proprietors = 1 AND h.lo = 0 AND h.hi = 100
                 THEN 100.0 ELSE h.lo END / 100 AS lo,
            h.hi / 100 AS hi
        FROM kt_holdings h
        JOIN (SELECT asset, count(*) AS proprietors FROM kt_holdings GROUP BY asset) n
            USING (asset)
        WHERE h.kind IN ('ownership', 'proprietor')
            AND h.asset NOT IN (SELECT node FROM kt_seeds)
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_frontier AS
        SELECT node, 1.0::DOUBLE AS lo, 1.0::DOUBLE AS hi FROM kt_seeds
    """)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE kt_product_parts "
        "(node UBIGINT, lo DOUBLE, hi DOUBLE, hops INTEGER)"
    )
    for hops in range(1, max_depth + 1):
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_frontier AS
            SELECT e.asset AS node, sum(f.lo * e.lo) AS lo, sum(f.hi * e.hi) AS hi
            FROM kt_frontier f JOIN kt_chain_edges e ON e.owner = f.node
            GROUP BY e.asset
            HAVING sum(f.hi * e.hi) >= {NEGLIGIBLE / 100}
        """)
        con.execute(f"INSERT INTO kt_product_parts SELECT node, lo, hi, {hops} FROM kt_frontier")
        [(frontier,)] = con.execute("SELECT count(*) FROM kt_frontier").fetchall()
        if not frontier:
            break
    name_nodes(con, "SELECT node FROM kt_product_parts")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_product AS
        SELECT n.node_id AS entity_id, least(round(sum(lo) * 100, 4), 100) AS product_min,
            least(round(sum(hi) * 100, 4), 100) AS product_max, min(hops) AS hops
        FROM kt_product_parts JOIN kt_nodes n USING (node) GROUP BY n.node_id
    """)
    return "kt_product"
