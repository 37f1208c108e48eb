"""Resolution diagnostic: the false pairs and missed true pairs behind benchmarks/resolve.py.

Runs the resolver as benchmarks/resolve.py does (ground-truth identifier kinds hidden)
and prints a sample of the false pairs (merged, the identifiers say two targets) or of
the missed true pairs (why each was missed) of one schema, each with every property
either record carries, side by side, so the evidence that would tell them apart (or
join them) can be read off. The counts of every class come first.

    .venv/bin/python benchmarks/resolve_pairs.py --schema Vessel --pairs false [--sample 20]
"""

from __future__ import annotations

import argparse
import os
import random
from collections import Counter
from itertools import combinations
from pathlib import Path

import duckdb

from kleptrace.resolve import records
from kleptrace.resolve.compare import contradiction
from kleptrace.resolve.evaluation import (
    GROUND_TRUTH,
    Identifiers,
    label,
    positive_pairs,
    truth_values,
)
from kleptrace.resolve.run import THRESHOLD, Resolution, resolve_records
from kleptrace.screen import Screener
from kleptrace.screen import index as indexing
from kleptrace.settings import Settings

Pair = tuple[int, int]
_LEFT_OUT = frozenset({"id", "notes", "publisher", "programId", "topics", "sourceUrl"})


def false_pairs(result: Resolution, identifiers: Identifiers) -> list[Pair]:
    """Merged pairs of records that carry a unique identifier kind and share no value."""
    truths = [truth_values(identifiers, r.entity_id) for r in result.records]
    return sorted(
        (a, b)
        for group in result.groups
        for a, b in combinations(sorted(group), 2)
        if label(truths[a], truths[b]) is False
    )


def missed_pairs(result: Resolution, identifiers: Identifiers) -> dict[Pair, str]:
    """True pairs in different clusters, with why (as `evaluation.missed` counts them)."""
    cluster_of = {i: n for n, group in enumerate(result.groups) for i in group}
    out: dict[Pair, str] = {}
    for a, b in positive_pairs(result.records, identifiers):
        if cluster_of[a] == cluster_of[b]:
            continue
        value = result.scores.get((a, b))
        why = contradiction(result.records[a], result.records[b])
        if why is not None:
            out[(a, b)] = why
        elif value is None:
            out[(a, b)] = "not a candidate pair"
        elif value < THRESHOLD:
            out[(a, b)] = f"scored {value:.3f}"
        else:
            out[(a, b)] = "conflict with another member of a cluster"
    return out


def properties(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = ? ORDER BY prop, value",
        [entity_id],
    ).fetchall()
    out: dict[str, list[str]] = {}
    for prop, value in rows:
        if prop not in _LEFT_OUT:
            out.setdefault(prop, []).append(value)
    return out


def show(con: duckdb.DuckDBPyConnection, result: Resolution, pair: Pair, why: str) -> None:
    a, b = (result.records[i] for i in pair)
    score = result.scores.get(pair)
    print("=" * 100)
    print(f"{why}; pair score {'none' if score is None else f'{score:.3f}'}")
    print(f"  A {a.entity_id} ({a.schema}, {', '.join(a.on_lists())})")
    print(f"  B {b.entity_id} ({b.schema}, {', '.join(b.on_lists())})")
    left, right = properties(con, a.entity_id), properties(con, b.entity_id)
    for prop in sorted(left.keys() | right.keys()):
        print(f"  {prop:24} A: {'; '.join(left.get(prop, ['-']))}")
        print(f"  {'':24} B: {'; '.join(right.get(prop, ['-']))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--schema", default="Vessel")
    parser.add_argument("--pairs", choices=("false", "missed"), default="false")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    index = Screener.open(args.db).index
    con = duckdb.connect(str(args.db), read_only=True)
    result = resolve_records(
        con, index, hidden=GROUND_TRUTH, folder=indexing.index_dir(args.db), workers=args.workers
    )
    identifiers = records.identifiers(con)
    if args.pairs == "false":
        found = {pair: "false pair" for pair in false_pairs(result, identifiers)}
    else:
        found = missed_pairs(result, identifiers)
    mine = {p: why for p, why in found.items() if result.records[p[0]].schema == args.schema}
    classes = Counter(
        "scored below the threshold"
        if why.startswith("scored")
        else "birth dates"
        if why.startswith("birth")
        else why
        for why in mine.values()
    )
    print(f"{len(mine)} {args.pairs} pairs of {args.schema}: {dict(classes.most_common())}")
    chosen = random.Random(args.seed).sample(sorted(mine), min(args.sample, len(mine)))
    for pair in chosen:
        show(con, result, pair, mine[pair])


if __name__ == "__main__":
    main()
