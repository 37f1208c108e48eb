"""Cold-start and warm latency of one screening query, as a user meets them.

    .venv/bin/python benchmarks/latency.py [--db PATH] [--runs 5] [--name "Oleg Deripaska"]
        [--baseline OTHER_CHECKOUT/src [--baseline-python OTHER_VENV/bin/python]]

- cold: `kleptrace screen NAME --json` as a new process each run, the index already saved
  beside the store (a first run after `kleptrace load` builds it and is not counted):
  interpreter start, imports, index load, name tagging and the query, wall clock;
- warm: in this process, `Screener.open` then the first query (what an API process or a
  `screen-file` worker pays once), then the same query and a few others repeated with
  everything loaded;
- with `--baseline`: the cold runs alternate with another checkout's code (run by
  `--baseline-python`, by default this interpreter), so a before/after meets the same
  load on a shared machine.

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


def _cold_command(
    name: str, python: Path | None, source: Path | None
) -> tuple[list[str], dict[str, str]]:
    """`kleptrace screen NAME --json` as this install runs it, or as `python` runs the
    code under `source` (a checkout's src/ folder, first on the path)."""
    arguments = ["screen", name, "--json"]
    if source is None:
        return [str(KLEPTRACE), *arguments], {}
    entry = "import sys\nfrom kleptrace.cli import app\nsys.exit(app())"
    return [str(python or sys.executable), "-c", entry, *arguments], {"PYTHONPATH": str(source)}


def _describe(source: Path) -> str:
    """A checkout's commit and folder, for the report."""
    found = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return f"{found.stdout.strip()} ({source})" if found.returncode == 0 else str(source)


def cold(
    db: Path,
    name: str,
    runs: int,
    baseline: Path | None = None,
    baseline_python: Path | None = None,
) -> dict[str, Any]:
    """Wall seconds of `kleptrace screen NAME` in a new process, after one untimed run;
    with a `baseline` checkout, its code is timed too, alternating run by run, so both
    meet the same load."""
    variants = {"this code": _cold_command(name, None, None)}
    if baseline is not None:
        variants["baseline"] = _cold_command(name, baseline_python, baseline)
    timings: dict[str, list[float]] = {label: [] for label in variants}
    for run in range(runs + 1):
        for label, (command, extra) in variants.items():
            env = {**os.environ, "KLEPTRACE_DB": str(db), **extra}
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            if run:  # the first run of each only fills the page cache
                timings[label].append(time.perf_counter() - start)
    ours = timings["this code"]
    result: dict[str, Any] = {"runs": runs, "median": statistics.median(ours), "max": max(ours)}
    if baseline is not None:
        result["baseline"] = _describe(baseline)
        result["baseline_median"] = statistics.median(timings["baseline"])
    return result


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
        *(
            [
                f"- cold, alternating run by run with the code of {cold_['baseline']}: median"
                f" {cold_['baseline_median']:.2f} s there against {cold_['median']:.2f} s"
                f" here ({cold_['median'] / cold_['baseline_median']:.2f} times)."
            ]
            if "baseline" in cold_
            else []
        ),
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
    parser.add_argument(
        "--baseline", type=Path, help="src/ folder of another checkout, timed alternately"
    )
    parser.add_argument(
        "--baseline-python", type=Path, help="interpreter for --baseline (its own venv)"
    )
    args = parser.parse_args()
    cold_ = cold(args.db, args.name, args.runs, args.baseline, args.baseline_python)
    lines = ["# Screening latency", "", *render(args.name, cold_, warm(args.db, 200))]
    text = "\n".join(lines) + "\n"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latency.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
