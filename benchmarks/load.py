"""Load benchmark: every list in ../shared/data into a fresh store.

Scenario: a cold start, as `make demo` does it: plan the files, parse every source,
write each version in its own transaction. Two passes in one run, each into its own
fresh store: `load_all` with parsing spread over worker processes (the CLI's path),
then one process (per-source timings), so the ratio shows what the second core buys.
The parallel pass runs first so that its memory figure is its own. Prints entities
per second and peak resident memory. Target (issue 2): all lists under 60 s and 1.5 GB on 2 cores.

Before them, a full-size FCDO UK Sanctions List XML (issue 11): the real excerpt holds 4
designations, so `fcdo_full_size` writes a SYNTHETIC file of about 6,300 (the size of the
2026 list) into the temporary folder, built from those 4 real records with new ids, and
times streaming it through the parser and loading it, each in a fresh process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import re
import resource
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
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


def _parse_peak(path: Path) -> tuple[float, float, int, float, float]:
    """Parse one file in this (fresh) process: wall and CPU seconds, entities, and
    resident memory before parsing and at its peak, in MB."""
    from kleptrace.sources import parse

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in parse(path))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, cpu, count, before, peak


def eu_fsf_full_size(data: Path, tmp: Path, entities: int = 6_200, mb: float = 25.0) -> None:
    """SYNTHETIC EU FSF XML files (never committed, written to `tmp`) at a quarter and at the
    full export's size (about 25 MB, 6,200 entities), built by repeating the four real
    records of the excerpt under new ids, mixed so the average entity has the real
    export's size; each is parsed in a fresh process, so equal peaks at both sizes show
    that memory does not grow with the file."""
    excerpt = (data / "eu_fsf" / "eu_fsf_1_1_excerpt_2026-08-05.xml").read_text("utf-8")
    real = [
        r
        for r in re.findall(r"<sanctionEntity\b.*?</sanctionEntity>", excerpt, re.S)
        if "<regulation " in r
    ]
    start = excerpt.index("<export")
    root = excerpt[start : excerpt.index(">", start) + 1]
    for share in (0.25, 1.0):
        count, target = int(entities * share), mb * share * 1e6
        path = tmp / f"SYNTHETIC-eu-fsf-{count}.xml"
        written = 0
        with open(path, "w", encoding="utf-8") as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<!-- SYNTHETIC: benchmarks/load.py ')
            fh.write("repeated the real records of the EU FSF excerpt; not an EU file -->\n")
            fh.write(root + "\n")
            for i in range(count):
                # the record that keeps the running size closest to the target's pace
                want = target * (i + 1) / count - written
                record = min(real, key=lambda r: abs(len(r.encode()) - want))
                record = re.sub(r'logicalId="\d+"', f'logicalId="{900_000 + i}"', record, count=1)
                record = re.sub(
                    r'euReferenceNumber="[^"]*"', f'euReferenceNumber="EU.S.{i}"', record
                )
                written += fh.write(record + "\n")
            fh.write("</export>\n")
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            seconds, cpu, found, before, peak = pool.submit(_parse_peak, path).result()
        size = path.stat().st_size / 1e6
        print(
            f"eu_fsf synthetic {count:,} entities, {size:.1f} MB: {seconds:.2f} s "
            f"({cpu:.2f} s CPU), {found:,} FtM entities, peak {peak:,.0f} MB "
            f"({before:,.0f} MB before parsing)"
        )


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
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        seconds, cpu, found, before, peak = pool.submit(_parse_peak, path).result()
    print(
        f"us_ofac_advanced SYNTHETIC SDN_ADVANCED-sized file ({path.stat().st_size / 1e6:,.0f} MB, "
        f"{copies} renumbered copies of the 2020 CONS_ADVANCED): {seconds:.1f} s "
        f"({cpu:.1f} s CPU), {found:,} FtM entities, peak {peak:,.0f} MB "
        f"({before:,.0f} MB before parsing); target < 30 s, < 1,024 MB"
    )


def _load_peak(path: Path) -> tuple[float, float, int, float, float]:
    """Like _parse_peak, for a load into a fresh store beside the file (the whole version
    is held in memory for its one transaction)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    count = load(store.connect(path.with_suffix(".duckdb")), plan([path])[0][0]).entities
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return elapsed, cpu, count, before, peak


def fcdo_full_size(data: Path, tmp: Path, designations: int = 6334) -> None:
    """A SYNTHETIC full-size FCDO XML from the real excerpt's records, parsed and loaded.

    Types follow the 2026 list (64% individuals, 26% entities, 10% ships); each copy gets
    its own UniqueID and OFSIGroupID and a numbered primary name, so targets stay distinct.
    """
    text = (data / "uk_fcdo_list" / "UK-Sanctions-List_excerpt_2026-08-14.xml").read_text()
    records = re.findall(r"  <Designation>.*?</Designation>\n", text, re.S)
    real = [r for r in records if "<UniqueID>" in r]
    kinds = {k: [r for r in real if f">{k}<" in r] for k in ("Individual", "Entity", "Ship")}
    start = text.index("<Designations ")
    head, root = text[:start], text[start : text.index("<Designation>", start)]
    path = tmp / "SYNTHETIC-UK-Sanctions-List.xml"
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + "<!-- SYNTHETIC benchmark file, not real data: copies of the real ")
        out.write("records of UK-Sanctions-List_excerpt_2026-08-14.xml with new ids -->\n")
        out.write(root)
        for i in range(designations):
            kind = "Individual" if i % 100 < 64 else "Entity" if i % 100 < 90 else "Ship"
            record = kinds[kind][i % len(kinds[kind])]
            record = re.sub(r"<UniqueID>(\w{3})\d+<", rf"<UniqueID>\g<1>{i:05d}<", record)
            record = re.sub(r"<OFSIGroupID>\d+<", f"<OFSIGroupID>{900000 + i}<", record)
            record = re.sub(r"<Name6>([^<]*)<", rf"<Name6>\g<1> {i}<", record, count=1)
            out.write(record)
        out.write("</Designations>\n")
    size = path.stat().st_size / 1e6
    context = multiprocessing.get_context("spawn")
    for label, step in (("parse", _parse_peak), ("load", _load_peak)):
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            seconds, cpu, found, before, peak = pool.submit(step, path).result()
        print(
            f"gb_fcdo_list synthetic {designations:,} designations, {size:.1f} MB, "
            f"{label}: {seconds:.2f} s ({cpu:.2f} s CPU), {found:,} FtM entities, "
            f"peak {peak:,.0f} MB ({before:,.0f} MB before)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--eu-fsf-only", action="store_true", help="only the FSF size test")
    parser.add_argument(
        "--ofac-advanced-mb",
        type=int,
        default=120,
        help="size of the synthetic SDN_ADVANCED file to parse (0: skip)",
    )
    parser.add_argument(
        "--ofac-advanced-only", action="store_true", help="only the OFAC advanced size test"
    )
    parser.add_argument("--fcdo-only", action="store_true", help="only the FCDO XML size test")
    args = parser.parse_args()
    print(f"commit {commit()}, python {platform.python_version()}, {os.cpu_count()} cores")
    if args.ofac_advanced_only:
        with tempfile.TemporaryDirectory() as tmp:
            ofac_advanced_synthetic(args.data, Path(tmp), args.ofac_advanced_mb)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not args.fcdo_only:
            eu_fsf_full_size(args.data, Path(tmp))
        if not args.eu_fsf_only:
            fcdo_full_size(args.data, Path(tmp))
        if args.eu_fsf_only or args.fcdo_only:
            return
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
