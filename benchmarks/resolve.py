"""Resolution benchmark: kleptrace's clusters against the lists' own shared identifiers.

Scenario: the store built by `kleptrace load --sources ../shared/data` (the path is
$KLEPTRACE_DB or --db). The screening index is loaded (built first if stale, not
timed); then `resolve_records` clusters every designated target of every live list
with the ground-truth identifier kinds (UN reference, IMO, INN, OGRN, SWIFT/BIC,
passport, OFSI group id) HIDDEN from it, and is timed end to end (reading the store,
blocking, scoring, clustering). Pairwise precision, recall and F1 (overall, per
schema, per pair of lists) and B-cubed figures are computed by
`kleptrace.resolve.evaluation`. Targets (issue 12): precision >= 0.995, recall >= 0.97,
under 60 s on 2 cores. Writes benchmarks/results/resolve.md and prints the figures.

    .venv/bin/python benchmarks/resolve.py [--db PATH] [--threshold 0.9]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any

import duckdb

from kleptrace.resolve import records
from kleptrace.resolve.evaluation import GROUND_TRUTH, bcubed, missed, pairwise
from kleptrace.resolve.run import THRESHOLD, resolve_records
from kleptrace.screen import Screener
from kleptrace.screen import index as indexing
from kleptrace.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results" / "resolve.md"


def commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _row(name: str, f: dict[str, Any]) -> str:
    return (
        f"| {name} | {f['tp']:,} | {f['fp']:,} | {f['fn']:,} | {f['precision']:.4f} | "
        f"{f['recall']:.4f} | {f['f1']:.4f} |"
    )


def report(figures: dict[str, Any]) -> str:
    """The results page in Markdown."""
    head = "| | true pairs found | false pairs | true pairs missed | precision | recall | F1 |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    pw = figures["pairwise"]
    b3 = figures["bcubed"]
    lines = [
        "# Cross-list resolution: accuracy and time",
        "",
        f"Commit {figures['commit']}, Python {figures['python']}, {figures['cpus']} CPUs "
        f"(shared with other work), threshold {figures['threshold']}. Produced by "
        "`benchmarks/resolve.py` (`make evaluate-resolve`) on the store built from "
        "../shared/data by `kleptrace load`.",
        "",
        f"{figures['records']:,} designated records of {figures['lists']} live lists; "
        f"{figures['clusters']:,} clusters, {figures['pairs']:,} candidate pairs scored. "
        f"Ground-truth kinds hidden from the resolver: {', '.join(GROUND_TRUTH)}.",
        "",
        f"Time, end to end: **{figures['seconds']:.1f} s** (steps: "
        + ", ".join(f"{k} {v} s" for k, v in figures["steps"].items())
        + ").",
        "",
        "## Pairwise, overall and per schema",
        "",
        head,
        rule,
        _row("all", pw["overall"]["all"]),
        *(_row(k, v) for k, v in pw["schema"].items()),
        "",
        f"B-cubed over the {b3['records']:,} records with a ground-truth identifier: "
        f"precision {b3['precision']:.4f}, recall {b3['recall']:.4f}, F1 {b3['f1']:.4f} "
        "(the truth splits a target whose lists carry different identifier kinds, so "
        "B-cubed precision is a lower bound).",
        "",
        "True pairs missed, by reason: "
        + "; ".join(f"{k} {v:,}" for k, v in figures["missed"].items())
        + ".",
        "",
        "## Pairwise, per pair of lists (pairs with at least 20 labelled pairs)",
        "",
        head,
        rule,
        *(_row(k, v) for k, v in pw["lists"].items() if v["tp"] + v["fp"] + v["fn"] >= 20),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    index = Screener.open(args.db).index
    con = duckdb.connect(str(args.db), read_only=True)
    started = time.perf_counter()
    result = resolve_records(
        con,
        index,
        hidden=GROUND_TRUTH,
        threshold=args.threshold,
        folder=indexing.index_dir(args.db),
        workers=args.workers,
    )
    seconds = time.perf_counter() - started
    identifiers = records.identifiers(con)
    lists = con.execute("SELECT count(*) FROM current_versions").fetchall()[0]
    figures = {
        "commit": commit(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "threshold": args.threshold,
        "records": len(result.records),
        "lists": lists[0] if lists else 0,
        "clusters": len(result.groups),
        "pairs": result.pairs,
        "seconds": seconds,
        "steps": result.seconds,
        "pairwise": pairwise(result.records, result.groups, identifiers),
        "bcubed": bcubed(result.records, result.groups, identifiers),
        "missed": missed(result.records, result.groups, result.scores, identifiers, args.threshold),
    }
    RESULTS.write_text(report(figures), encoding="utf-8")
    print(report(figures))


if __name__ == "__main__":
    main()
