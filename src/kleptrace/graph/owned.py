"""Entities the ownership rules catch that no list names: what `kleptrace owned` prints.

Each row carries the rule, its answer (yes / undetermined), why (ownership, control,
or property of a caught owner), the aggregate stake the rule tested, the chains from
designated persons, and, separately, the product of stakes along those chains (a risk
signal, never the legal result).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from kleptrace.graph import read
from kleptrace.graph.rules import RULES, evaluate, rule_module
from kleptrace.graph.rules.lookthrough import product_of_stakes
from kleptrace.graph.rules.paths import Hop, chains


@dataclass(frozen=True)
class Owned:
    entity_id: str
    name: str | None
    schema: str | None
    jurisdiction: str | None
    rule: str
    status: str
    basis: str
    stake_min: float | None
    stake_max: float | None
    product_min: float | None
    product_max: float | None
    designated: list[str]
    """The designated persons the chains start from."""
    chains: list[str]
    reasoning: list[str]
    """What the rule added up: "Yuri Example (designated) 30% + Alpha Ltd (caught) 25%",
    one line per designated person under the UK rule, per measure."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def owned(
    con: duckdb.DuckDBPyConnection,
    rules: Iterable[str] | None = None,
    threshold: float = read.DEFAULT_LINK_THRESHOLD,
) -> list[Owned]:
    """Run `rules` (default all) over the store's live graph; every caught entity,
    answered yes first."""
    names = [rule_module(name).NAME for name in rules or RULES]  # bad names fail first
    read.live_views(con)
    outcomes = evaluate(con, "live_edges", read.designated(con, threshold), names)
    product = product_of_stakes(con)
    found: list[Owned] = []
    for name, outcome in outcomes.items():
        paths = chains(con, RULES[name])
        counted = _counted(con, name)
        labels = _names(
            con,
            {hop[0] for hops in paths.values() for path in hops for hop in path}
            | {row[2] for rows in counted.values() for row in rows}
            | {row[0] for rows in counted.values() for row in rows if row[0]},
        )
        rows = con.execute(f"""
            SELECT f.entity_id, n.name, n.schema, n.jurisdiction,
                arg_max(f.status, (f.status = 'yes', f.lo)),
                arg_max(f.basis, (f.status = 'yes', f.lo)),
                max(f.lo), max(f.hi), any_value(p.product_min), any_value(p.product_max)
            FROM {outcome.table} f
            LEFT JOIN (SELECT DISTINCT ON (node_id) * FROM live_nodes) n
                ON n.node_id = f.entity_id
            LEFT JOIN {product} p ON p.entity_id = f.entity_id
            GROUP BY ALL
        """).fetchall()
        for entity_id, label, schema, place, status, basis, lo, hi, p_min, p_max in rows:
            entity_paths = paths.get(entity_id, [])
            found.append(
                Owned(
                    entity_id,
                    label,
                    schema,
                    place,
                    name,
                    status,
                    basis,
                    lo,
                    hi,
                    p_min,
                    p_max,
                    sorted({labels.get(path[0][0], path[0][0]) for path in entity_paths}),
                    [describe(path, labels) for path in entity_paths],
                    reasoning(counted.get(entity_id, []), labels),
                )
            )
    found.sort(key=lambda o: (o.rule, o.status != "yes", -(o.stake_min or 0), o.entity_id))
    return found


Counted = tuple[str | None, str, str, float, float, str, bool]
"""person, kind, owner, share min, share max, owner's answer, owner designated."""


def _counted(con: duckdb.DuckDBPyConnection, rule: str) -> dict[str, list[Counted]]:
    """The edges each caught entity's answer rests on (from `paths.contributions`)."""
    rows = con.execute(f"""
        SELECT e.node_id, p.node_id, c.kind, o.node_id, c.lo, c.hi, c.owner_status,
            c.owner IN (SELECT node FROM kt_seeds)
        FROM kt_contrib_{rule} c
        JOIN kt_nodes e ON e.node = c.entity
        JOIN kt_nodes o ON o.node = c.owner
        LEFT JOIN kt_nodes p ON p.node = c.person
        ORDER BY 1, 2 NULLS FIRST, 3, c.lo DESC, 4
    """).fetchall()
    out: dict[str, list[Counted]] = {}
    for entity_id, *row in rows:
        out.setdefault(entity_id, []).append(tuple(row))
    return out


def reasoning(counted: list[Counted], labels: dict[str, str]) -> list[str]:
    """One line per (designated person, measure): the stakes the rule added up."""
    lines: dict[tuple[str | None, str], list[str]] = {}
    for person, kind, owner, low, high, status, designated in counted:
        who = "designated" if designated else "caught" if status == "yes" else status
        stake = "" if kind in ("control", "proprietor") else f" {share_text(low, high)}"
        term = f"{labels.get(owner, owner)} ({who}){stake}"
        lines.setdefault((person, kind), []).append(term)
    return [
        (f"for {labels.get(person, person)}, " if person else "") + f"{kind}: " + " + ".join(terms)
        for (person, kind), terms in lines.items()
    ]


def _names(con: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, str]:
    rows = con.execute(
        "SELECT node_id, any_value(name) FROM live_nodes "
        "WHERE node_id IN (SELECT unnest(?)) AND name IS NOT NULL GROUP BY node_id",
        [sorted(ids)],
    ).fetchall()
    return dict(rows)


def share_text(low: float | None, high: float | None) -> str:
    """'60%', '25-50%' or 'share not stated' (also for the [0, 100] of an unstated one)."""
    if (low is None and high is None) or (low == 0 and high == 100):
        return "share not stated"
    if low == high:
        return f"{low:g}%"
    return f"{low or 0:g}-{100 if high is None else high:g}%"


def _interest(low: float | None, high: float | None, kind: str | None) -> str:
    return "proprietor" if kind == "proprietor" else share_text(low, high)


def describe(path: list[Hop], names: dict[str, str]) -> str:
    """'X → A (60%) → B (25%)'."""
    first, *rest = path
    return " → ".join(
        [names.get(first[0], first[0])]
        + [
            f"{names.get(node, node)} ({_interest(low, high, kind)})"
            for node, low, high, kind in rest
        ]
    )
