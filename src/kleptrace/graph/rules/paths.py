"""Why a rule caught an entity: the edges that counted, and the chains from designated
persons that reach it through them.

`contributions` keeps, per caught entity, each edge from a caught owner of a kind the
rule reads (with the owner's status), so "B: Y 30 + blocked A 25 = 55" can be printed.
`chains` walks those edges from the designated nodes (a recursive join, no node twice
on one chain) and keeps the `limit` shortest chains per entity.
"""

from __future__ import annotations

from types import ModuleType

import duckdb

from kleptrace.graph.rules.interval import status_name

Hop = tuple[str, float | None, float | None, str | None]
"""(node, share min, share max, edge kind) of one step of a chain; the first step, the
designated node, has no share and no kind."""


def contributions(con: duckdb.DuckDBPyConnection, module: ModuleType) -> str:
    """Create `kt_contrib_<rule>` (entity, person, owner: integer nodes; edge_id, kind,
    lo, hi, lo_x, hi_x, owner_status) after the rule ran; return its name."""
    state, table = f"kt_state_{module.NAME}", f"kt_contrib_{module.NAME}"
    kinds = ", ".join(f"'{k}'" for k in (*module.KINDS, "proprietor"))
    same_person = "AND o.person = a.person" if module.PER_PERSON else ""
    person = "a.person" if module.PER_PERSON else "NULL::UBIGINT AS person"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT h.asset AS entity, {person}, h.owner, h.edge_id, h.kind,
            h.lo, h.hi, h.lo_x, h.hi_x, {status_name("o.status")} AS owner_status
        FROM kt_holdings h
        JOIN {state} o ON o.node = h.owner
        JOIN {state} a ON a.node = h.asset {same_person}
        WHERE h.kind IN ({kinds}) AND a.node NOT IN (SELECT node FROM kt_seeds)
    """)
    return table


def chains(
    con: duckdb.DuckDBPyConnection,
    module: ModuleType,
    entity_ids: list[str] | None = None,
    limit: int = 3,
    max_depth: int = 12,
) -> dict[str, list[list[Hop]]]:
    """Up to `limit` shortest chains per caught entity (all, or `entity_ids`): each a list
    of `Hop`s from a designated node."""
    table = contributions(con, module)
    person = "AND c.person = w.person" if module.PER_PERSON else ""
    wanted = (
        ""
        if entity_ids is None
        else "WHERE node IN (SELECT node FROM kt_nodes WHERE node_id IN (SELECT unnest(?)))"
    )
    rows = con.execute(
        f"""
        WITH RECURSIVE walk(person, node, nodes, stakes) AS (
            SELECT c.person, c.entity, [c.owner, c.entity],
                [NULL, {{'lo': c.lo, 'hi': c.hi, 'kind': c.kind}}]
            FROM {table} c WHERE c.owner IN (SELECT node FROM kt_seeds)
            UNION ALL
            SELECT w.person, c.entity, list_append(w.nodes, c.entity),
                list_append(w.stakes, {{'lo': c.lo, 'hi': c.hi, 'kind': c.kind}})
            FROM walk w JOIN {table} c ON c.owner = w.node {person}
            WHERE NOT list_contains(w.nodes, c.entity) AND len(w.nodes) <= {max_depth}
              AND c.owner NOT IN (SELECT node FROM kt_seeds)
        )
        SELECT n.node_id, nodes, stakes FROM (
            SELECT * FROM walk {wanted}
            QUALIFY row_number() OVER (PARTITION BY node ORDER BY len(nodes)) <= {limit}
        ) w JOIN kt_nodes n USING (node)
        """,
        [entity_ids] if entity_ids is not None else [],
    ).fetchall()
    seen = sorted({n for _, nodes, _ in rows for n in nodes})
    names = dict(
        con.execute(
            "SELECT node, node_id FROM kt_nodes WHERE node IN (SELECT unnest(?))", [seen]
        ).fetchall()
    )
    out: dict[str, list[list[Hop]]] = {}
    for entity_id, nodes, stakes in rows:
        hops = [
            (names[n], s["lo"], s["hi"], s["kind"]) if s else (names[n], None, None, None)
            for n, s in zip(nodes, stakes, strict=True)
        ]
        out.setdefault(entity_id, []).append(hops)
    return {k: sorted(v, key=lambda p: (len(p), [hop[0] for hop in p])) for k, v in out.items()}
