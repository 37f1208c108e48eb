"""The OFAC, EU and UK ownership-and-control rules as set-based DuckDB queries.

`evaluate` takes any relation with the `graph.model.EDGES` columns and the designated
node ids, and leaves one table per rule on the connection, `kt_flags_<rule>`:
(entity_id, person_id, status, lo, hi, lo_x, hi_x, basis), one row per entity the rule
catches (per designated person for the UK), designated nodes excluded. `status` is
"yes" or "undetermined" (ranges the data cannot settle); entities not listed are "no".
`explain` adds the paths and the product of stakes, which is a risk signal only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

import duckdb

from kleptrace.exc import KleptraceError
from kleptrace.graph.rules import eu, ofac, uk
from kleptrace.graph.rules.holdings import name_nodes, prepare
from kleptrace.graph.rules.interval import status_name

RULES: dict[str, ModuleType] = {m.NAME: m for m in (ofac, eu, uk)}


@dataclass(frozen=True)
class Outcome:
    rule: str
    table: str
    """`kt_flags_<rule>` on the connection."""
    rounds: int
    """Joins run until the fixed point: the longest chain the rule had to walk, plus one."""


def rule_module(name: str) -> ModuleType:
    try:
        return RULES[name]
    except KeyError:
        raise KleptraceError(f"--rule must be one of {', '.join(RULES)}, not {name!r}") from None


def evaluate(
    con: duckdb.DuckDBPyConnection,
    edges: str | duckdb.DuckDBPyRelation,
    designated: Iterable[str] | duckdb.DuckDBPyRelation,
    rules: Iterable[str] = tuple(RULES),
) -> dict[str, Outcome]:
    """Run each rule over `edges` from the `designated` nodes; see the module docstring."""
    modules = [rule_module(name) for name in rules]
    prepare(con, edges, designated)
    return {module.NAME: run_prepared(con, module) for module in modules}


def run_prepared(con: duckdb.DuckDBPyConnection, module: ModuleType) -> Outcome:
    """Run one rule over the tables `holdings.prepare` made."""
    state = f"kt_state_{module.NAME}"
    rounds = module.run(con, state)
    group = "s.person, " if module.PER_PERSON else ""
    # property held by a caught owner is caught with it: the title is an interest in
    # property of a blocked / owned person, whatever the share of joint proprietors
    con.execute(f"""
        INSERT INTO {state} BY NAME
        SELECT {group}h.asset AS node, max(s.status) AS status, 'property' AS basis
        FROM kt_holdings h JOIN {state} s ON h.owner = s.node
        WHERE h.kind = 'proprietor'
            AND h.asset NOT IN (SELECT node FROM {state})
        GROUP BY ALL
    """)
    name_nodes(con, f"SELECT node FROM {state}")
    person = "p.node_id" if module.PER_PERSON else "NULL::VARCHAR"
    by_person = "LEFT JOIN kt_nodes p ON p.node = s.person" if module.PER_PERSON else ""
    table = f"kt_flags_{module.NAME}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT n.node_id AS entity_id, {person} AS person_id,
            {status_name("s.status")} AS status, s.lo, s.hi, s.lo_x, s.hi_x, s.basis
        FROM {state} s JOIN kt_nodes n USING (node) {by_person}
        WHERE s.node NOT IN (SELECT node FROM kt_seeds)
    """)
    return Outcome(module.NAME, table, rounds)


__all__ = ["RULES", "Outcome", "evaluate", "rule_module", "run_prepared"]
