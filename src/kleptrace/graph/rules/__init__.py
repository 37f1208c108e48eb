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
from kleptrace.graph.rules.holdings import prepare
from kleptrace.graph.rules.interval import STATUS_NAMES

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
    person = "person_id" if module.PER_PERSON else "NULL::VARCHAR AS person_id"
    group = "s.person_id, " if module.PER_PERSON else ""
    # property held by a caught owner is caught with it: the title is an interest in
    # property of a blocked / owned person, whatever the share of joint proprietors
    con.execute(f"""
        INSERT INTO {state} BY NAME
        SELECT {group}h.asset_id AS node_id, max(s.status) AS status, 'property' AS basis
        FROM kt_holdings h JOIN {state} s ON h.owner_id = s.node_id
        WHERE h.kind = 'proprietor' AND h.asset_id NOT IN (SELECT node_id FROM {state})
        GROUP BY ALL
    """)
    statuses = " ".join(f"WHEN {k} THEN '{v}'" for k, v in STATUS_NAMES.items())
    table = f"kt_flags_{module.NAME}"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT node_id AS entity_id, {person}, CASE status {statuses} END AS status,
            lo, hi, lo_x, hi_x, basis
        FROM {state} WHERE node_id NOT IN (SELECT node_id FROM kt_seeds)
    """)
    return Outcome(module.NAME, table, rounds)


__all__ = ["RULES", "Outcome", "evaluate", "rule_module", "run_prepared"]
