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
import json
import os
import platform
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from kleptrace.resolve import records
from kleptrace.resolve.evaluation import GROUND_TRUTH, bcubed, missed, pairwise
from kleptrace.resolve.run import THRESHOLD, Resolution, resolve_records
from kleptrace.screen import Screener
from kleptrace.screen import index as indexing
from kleptrace.settings import Settings

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "resolve.md"
PEERS_PYTHON = HERE.parent / ".venv-peers" / "bin" / "python"
_KINDS = {"Person": "person", "Vessel": "vessel", "Airplane": "airplane"}


def commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the scoring workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def splink_groups(result: Resolution) -> tuple[list[list[int]], float]:
    """Splink's clusters of the same records (names, birth dates, countries; no
    identifiers), as lists of record positions, and its seconds end to end."""
    rows = []
    for record, caption in zip(result.records, result.captions, strict=True):
        words = sorted(re.sub(r"[^\w]+", " ", caption.lower()).split())
        dob = next((d for d in record.dates if len(d) == 10), None)
        rows.append(
            {
                "unique_id": record.entity_id,
                "source_dataset": record.sources[0],
                "kind": _KINDS.get(record.schema, "organisation"),
                "name": " ".join(words),
                "first_word": words[0] if words else None,
                "last_word": words[-1] if words else None,
                "dob": dob,
                "country": record.countries[0] if record.countries else None,
            }
        )
    with tempfile.TemporaryDirectory() as folder:
        given, clusters = Path(folder) / "records.parquet", Path(folder) / "clusters.parquet"
        pq.write_table(pa.Table.from_pylist(rows), given)
        done = subprocess.run(
            [
                str(PEERS_PYTHON),
                str(HERE / "peers" / "splink_resolve.py"),
                str(given),
                str(clusters),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
        found = pq.read_table(clusters).to_pylist()
    position = {r.entity_id: i for i, r in enumerate(result.records)}
    groups: dict[str, list[int]] = {}
    for row in found:
        groups.setdefault(str(row["cluster_id"]), []).append(position[row["unique_id"]])
    return list(groups.values()), seconds


def _row(name: str, f: dict[str, Any]) -> str:
    return (
        f"| {name} | {f['tp']:,} | {f['fp']:,} | {f['fn']:,} | {f['precision']:.4f} | "
        f"{f['recall']:.4f} | {f['f1']:.4f} |"
    )


def splink_section(figures: dict[str, Any]) -> list[str]:
    """kleptrace and Splink side by side, when the peers venv was there to run Splink."""
    peer = figures.get("splink")
    if peer is None:
        return ["Splink was not run (no .venv-peers: `make peers-env`).", ""]
    ours, theirs = figures["pairwise"]["overall"]["all"], peer["pairwise"]["overall"]["all"]
    return [
        "## kleptrace beside Splink 5.0.0 (same records, same run)",
        "",
        "| | precision | recall | F1 | B-cubed F1 | seconds |",
        "|---|---:|---:|---:|---:|---:|",
        f"| kleptrace | {ours['precision']:.4f} | {ours['recall']:.4f} | {ours['f1']:.4f} | "
        f"{figures['bcubed']['f1']:.4f} | {figures['seconds']:.1f} |",
        f"| Splink | {theirs['precision']:.4f} | {theirs['recall']:.4f} | {theirs['f1']:.4f} | "
        f"{peer['bcubed']['f1']:.4f} | {peer['seconds']:.1f} |",
        "",
        "Splink (benchmarks/peers/splink_resolve.py, DuckDB backend, trained without labels) "
        "sees one name per record (the screening caption), the first full birth date and the "
        "first country; kleptrace sees every name and alias, every date and country. "
        "Splink's time includes its training.",
        "",
    ]


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
        f"Time, end to end: **{figures['seconds']:.1f} s** wall, "
        f"{figures['cpu_seconds']:.1f} s of CPU (steps: "
        + ", ".join(f"{k} {v} s" for k, v in figures["steps"].items())
        + ").",
        "",
        *splink_section(figures),
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
    parser.add_argument("--no-splink", action="store_true", help="Leave Splink out.")
    args = parser.parse_args()
    index = Screener.open(args.db).index
    con = duckdb.connect(str(args.db), read_only=True)
    started, cpu = time.perf_counter(), cpu_seconds()
    result = resolve_records(
        con,
        index,
        hidden=GROUND_TRUTH,
        threshold=args.threshold,
        folder=indexing.index_dir(args.db),
        workers=args.workers,
    )
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
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
        "cpu_seconds": cpu,
        "steps": result.seconds,
        "pairwise": pairwise(result.records, result.groups, identifiers),
        "bcubed": bcubed(result.records, result.groups, identifiers),
        "missed": missed(result.records, result.groups, result.scores, identifiers, args.threshold),
    }
    if PEERS_PYTHON.exists() and not args.no_splink:
        groups, splink_seconds = splink_groups(result)
        figures["splink"] = {
            "seconds": splink_seconds,
            "pairwise": pairwise(result.records, groups, identifiers),
            "bcubed": bcubed(result.records, groups, identifiers),
        }
    RESULTS.write_text(report(figures), encoding="utf-8")
    print(report(figures))


if __name__ == "__main__":
    main()
