"""Load benchmark: every list in ../shared/data into a fresh store.

Scenario: a cold start, as `make demo` does it: plan the files, parse every source,
write each version in its own transaction. Two passes in one run, each into its own
fresh store: `load_all` with parsing spread over worker processes (the CLI's path),
then one process (per-source timings), so the ratio shows what the second core buys.
The parallel pass runs first so that its memory figure is its own. Prints entities
per second and peak resident memory. Target (issue 2): all lists under 60 s and 1.5 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from kleptrace import store
from kleptrace.store.load import LoadResult, load, load_all
from kleptrace.store.plan import plan

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _rss_mb(pid: int | str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    if "VmRSS:" not in status:  # a worker that has exited but not been reaped
        return 0.0
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _children(pid: int) -> list[str]:
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend((task / "children").read_text().split())
        except OSError:
            continue
    return found


class TreeMemory:
    """Samples the resident memory of this process plus its workers, every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.wait(0.05):
            total = _rss_mb(pid) + sum(_rss_mb(child) for child in _children(pid))
            self.peak = max(self.peak, total)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def single_process(data: Path, tmp: Path) -> float:
    con = store.connect(tmp / "single.duckdb")
    started = time.perf_counter()
    sets, skipped = plan([data])
    print(f"{len(sets)} sources, {len(skipped)} non-list files skipped")
    print(f"{'source':<34}{'entities':>10}{'statements':>12}{'seconds':>9}{'ent/s':>9}")
    entities = statements = 0
    for files in sets:
        result = load(con, files)
        entities += result.entities
        statements += result.statements
        rate = result.entities / result.seconds if result.seconds else 0.0
        print(
            f"{result.source:<34}{result.entities:>10,}{result.statements:>12,}"
            f"{result.seconds:>9.2f}{rate:>9,.0f}"
        )
    elapsed = time.perf_counter() - started
    print(
        f"{'TOTAL, 1 process':<34}{entities:>10,}{statements:>12,}{elapsed:>9.2f}"
        f"{entities / elapsed:>9,.0f}"
    )
    return elapsed


def parallel(data: Path, tmp: Path, workers: int) -> float:
    con = store.connect(tmp / "parallel.duckdb")
    started = time.perf_counter()
    sets, _ = plan([data])
    results = load_all(con, sets, workers=workers)
    elapsed = time.perf_counter() - started
    loaded = [r for r in results if isinstance(r, LoadResult)]
    entities = sum(r.entities for r in loaded)
    statements = sum(r.statements for r in loaded)
    failed = len(results) - len(loaded)
    print(
        f"{f'TOTAL, {workers} workers':<34}{entities:>10,}{statements:>12,}{elapsed:>9.2f}"
        f"{entities / elapsed:>9,.0f}" + (f"  ({failed} failed)" if failed else "")
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"commit {commit()}, python {platform.python_version()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        with TreeMemory() as memory:
            many = parallel(args.data, Path(tmp), args.workers)
        print(f"parallel pass peak memory (main + workers, sampled): {memory.peak:,.0f} MB")
        one = single_process(args.data, Path(tmp))
        single_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"single-process pass peak memory: {single_mb:,.0f} MB")
    print(f"speed-up with {args.workers} workers: {one / many:.2f}x")
    print("targets: all lists < 60 s, < 1,536 MB")


if __name__ == "__main__":
    main()
