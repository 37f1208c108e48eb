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

MAX_DEPTH = 20
NEGLIGIBLE = 1e-4


def product_of_stakes(con: duckdb.DuckDBPyConnection, max_depth: int = MAX_DEPTH) -> str:
    """Create `kt_product` (entity_id, product_min, product_max, hops) from the tables
    `holdings.prepare` made; `hops` is the shortest chain. Returns the table name."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_chain_edges AS
        SELECT h.owner_id, h.asset_id,
            CASE WHEN h.kind = 'proprietor' AND n.proprietors = 1 AND h.lo = 0 AND h.hi = 100
                 THEN 100.0 ELSE h.lo END / 100 AS lo,
            h.hi / 100 AS hi
        FROM kt_holdings h
        JOIN (SELECT asset_id, count(*) AS proprietors FROM kt_holdings GROUP BY asset_id) n
            USING (asset_id)
        WHERE h.kind IN ('ownership', 'proprietor')
            AND h.asset_id NOT IN (SELECT node_id FROM kt_seeds)
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_frontier AS
        SELECT node_id, 1.0::DOUBLE AS lo, 1.0::DOUBLE AS hi FROM kt_seeds
    """)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE kt_product_parts "
        "(entity_id VARCHAR, lo DOUBLE, hi DOUBLE, hops INTEGER)"
    )
    for hops in range(1, max_depth + 1):
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE kt_frontier AS
            SELECT e.asset_id AS node_id, sum(f.lo * e.lo) AS lo, sum(f.hi * e.hi) AS hi
            FROM kt_frontier f JOIN kt_chain_edges e ON e.owner_id = f.node_id
            GROUP BY e.asset_id
            HAVING sum(f.hi * e.hi) >= {NEGLIGIBLE / 100}
        """)
        con.execute(f"INSERT INTO kt_product_parts SELECT node_id, lo, hi, {hops} FROM kt_frontier")
        row = con.execute("SELECT count(*) FROM kt_frontier").fetchone()
        if not row or not row[0]:
            break
    con.execute("""
        CREATE OR REPLACE TEMP TABLE kt_product AS
        SELECT entity_id, least(round(sum(lo) * 100, 4), 100) AS product_min,
            least(round(sum(hi) * 100, 4), 100) AS product_max, min(hops) AS hops
        FROM kt_product_parts GROUP BY entity_id
    """)
    return "kt_product"
