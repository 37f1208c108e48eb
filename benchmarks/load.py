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
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kleptrace import store

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
    sets, skipped = store.plan([data])
    print(f"{len(sets)} sources, {len(skipped)} non-list files skipped")
    print(f"{'source':<34}{'entities':>10}{'statements':>12}{'seconds':>9}{'ent/s':>9}")
    entities = statements = 0
    for files in sets:
        result = store.load(con, files)
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
    sets, _ = store.plan([data])
    results = store.load_all(con, sets, workers=workers)
    elapsed = time.perf_counter() - started
    loaded = [r for r in results if isinstance(r, store.LoadResult)]
    entities = sum(r.entities for r in loaded)
    statements = sum(r.statements for r in loaded)
    failed = len(results) - len(loaded)
    print(
        f"{f'TOTAL, {workers} workers':<34}{entities:>10,}{statements:>12,}{elapsed:>9.2f}"
        f"{entities / elapsed:>9,.0f}" + (f"  ({failed} failed)" if failed else "")
    )
    return elapsed


def ofac_advanced_synthetic(data: Path, tmp: Path, megabytes: int) -> None:
    """Parse a SYNTHETIC SDN_ADVANCED-sized file in a fresh process: time and peak memory.

    No full SDN_ADVANCED.XML could be had, so the file is built from the real
    CONS_ADVANCED of 2020: its reference values once, then its locations, documents,
    parties, relations and entries repeated with every record ID shifted per copy
    (reference value IDs unchanged), in the current namespace, until `megabytes` is
    reached. It lives in the temporary folder only. Target (issue 11): 120 MB under 30 s
    and 1 GB.
    """
    real = (data / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml").read_text("utf-8")
    real = real.replace(
        "http://www.un.org/sanctions/1.0",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML",
    )
    record_ids = re.compile(
        r"\b(ID|FixedRef|ProfileID|IdentityID|LocationID|SanctionsEntryID|DocumentedNameID|"
        r'NamePartGroupID|FeatureVersionID)="(\d+)"'
    )
    sections = (
        "Locations",
        "IDRegDocuments",
        "DistinctParties",
        "ProfileRelationships",
        "SanctionsEntries",
    )
    inner = {s: real.split(f"<{s}>", 1)[1].split(f"</{s}>", 1)[0] for s in sections}
    copies = max(1, round(megabytes * 1_000_000 / sum(len(t) for t in inner.values())))
    path = tmp / "SDN_ADVANCED.XML"
    with open(path, "w", encoding="utf-8") as out:
        head = real.split("<Locations>", 1)[0]
        out.write(
            head.replace(
                "?>",
                "?>\n<!-- SYNTHETIC benchmark file: renumbered copies "
                "of the real CONS_ADVANCED 2020-03-17 -->",
                1,
            )
        )
        for section in sections:
            out.write(f"<{section}>")
            for k in range(copies):
                out.write(
                    record_ids.sub(
                        lambda m, shift=k * 10_000_000: f'{m[1]}="{int(m[2]) + shift}"',
                        inner[section],
                    )
                )
            out.write(f"</{section}>\n")
        out.write("<SanctionsEntryLinks />\n</Sanctions>\n")
    size = path.stat().st_size / 1e6
    code = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from kleptrace.sources.report import ParseReport\n"
        "from kleptrace.sources.us.ofac_advanced import FORMAT\n"
        "report = ParseReport(); started = time.perf_counter(); cpu = time.process_time()\n"
        "count = sum(1 for _ in FORMAT.parse(Path(sys.argv[1]), report))\n"
        "elapsed = time.perf_counter() - started\n"
        "cpu = time.process_time() - cpu\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(count, report.records, len(report.rejected), "
        "f'{elapsed:.1f} {cpu:.1f} {peak:.0f}')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    count, records, rejected, elapsed, cpu, peak = run.stdout.split()
    print(
        f"us_ofac_advanced, SYNTHETIC SDN_ADVANCED-sized file ({size:,.0f} MB, {copies} "
        f"renumbered copies of the 2020 CONS_ADVANCED): {records} parties and relations "
        f"read, {count} entities yielded, {rejected} rejected, {elapsed} s ({cpu} s CPU), "
        f"peak {peak} MB "
        "(fresh process; target < 30 s, < 1,024 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--ofac-advanced-mb",
        type=int,
        default=120,
        help="size of the synthetic SDN_ADVANCED file to parse (0: skip)",
    )
    parser.add_argument("--only-synthetic", action="store_true", help="skip the real lists")
    args = parser.parse_args()
    print(f"commit {commit()}, python {platform.python_version()}, {os.cpu_count()} cores")
    if args.only_synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            ofac_advanced_synthetic(args.data, Path(tmp), args.ofac_advanced_mb)
        return
    with tempfile.TemporaryDirectory() as tmp:
        with TreeMemory() as memory:
            many = parallel(args.data, Path(tmp), args.workers)
        print(f"parallel pass peak memory (main + workers, sampled): {memory.peak:,.0f} MB")
        one = single_process(args.data, Path(tmp))
        single_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"single-process pass peak memory: {single_mb:,.0f} MB")
    print(f"speed-up with {args.workers} workers: {one / many:.2f}x")
    print("targets: all lists < 60 s, < 1,536 MB")
    if args.ofac_advanced_mb:
        with tempfile.TemporaryDirectory() as tmp:
            ofac_advanced_synthetic(args.data, Path(tmp), args.ofac_advanced_mb)


if __name__ == "__main__":
    main()
