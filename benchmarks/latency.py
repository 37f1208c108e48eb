"""Cold-start and warm latency of one screening query, as a user meets them.

    .venv/bin/python benchmarks/latency.py [--db PATH] [--runs 5] [--name "Oleg Deripaska"]

- cold: `kleptrace screen NAME --json` as a new process each run, the index already saved
  beside the store (a first run after `kleptrace load` builds it and is not counted):
  interpreter start, imports, index load, name tagging and the query, wall clock;
- warm: in this process, `Screener.open` then the first query (what an API process or a
  `screen-file` worker pays once), then the same query and a few others repeated with
  everything loaded.

Writes benchmarks/results/latency.md and prints it. Needs a loaded store.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KLEPTRACE = Path(sys.executable).with_name("kleptrace")
WARM_QUERIES = ("Oleg Deripaska", "Владимир Путин", "Rosneft", "Kim Jong Un", "Ali Hassan")


def cold(db: Path, name: str, runs: int) -> dict[str, Any]:
    """Wall seconds of `kleptrace screen NAME` in a new process, after one untimed run."""
    env = {**os.environ, "KLEPTRACE_DB": str(db)}
    command = [str(KLEPTRACE), "screen", name, "--json"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return {"runs": runs, "median": statistics.median(timings), "max": max(timings)}


def warm(db: Path, repeats: int) -> dict[str, Any]:
    """Seconds to open the screener and answer the first query, then milliseconds per
    query once loaded."""
    from kleptrace.screen import Query, Screener

    start = time.perf_counter()
    screener = Screener.open(db)
    opened = time.perf_counter() - start
    screener.screen(Query((WARM_QUERIES[0],)))
    first = time.perf_counter() - start
    timings = []
    for _ in range(repeats):
        for name in WARM_QUERIES:
            began = time.perf_counter()
            screener.screen(Query((name,)))
            timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    return {
        "open_seconds": opened,
        "first_query_seconds": first,
        "queries": len(timings),
        "p50_ms": statistics.median(timings),
        "p99_ms": timings[int(0.99 * (len(timings) - 1))],
    }


def render(name: str, cold_: dict[str, Any], warm_: dict[str, Any]) -> list[str]:
    """Markdown lines for the report (also used by benchmarks/evaluate.py)."""
    return [
        f'- cold: `kleptrace screen "{name}"` as a new process, index on disk:'
        f" median **{cold_['median']:.2f} s** over {cold_['runs']} runs"
        f" (max {cold_['max']:.2f} s); target under 1.5 s:"
        f" {'met' if cold_['median'] < 1.5 else 'not met'}.",
        f"- warm, in process: `Screener.open` {warm_['open_seconds']:.2f} s, first query"
        f" answered {warm_['first_query_seconds']:.2f} s after the start; then"
        f" {warm_['queries']} queries p50 {warm_['p50_ms']:.2f} ms,"
        f" p99 {warm_['p99_ms']:.2f} ms.",
    ]


def main() -> None:
    from kleptrace.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--name", default="Oleg Deripaska")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args()
    lines = [
        "# Screening latency",
        "",
        *render(args.name, cold(args.db, args.name, args.runs), warm(args.db, 200)),
    ]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latency.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
