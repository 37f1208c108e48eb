"""Customer-file CSV readers side by side: speed, and what a stray quote costs.

Scenario: a synthetic customer CSV (id, name, dob, country; 200,000 rows by default)
in two variants: clean, and with 20 rows whose name opens a quote that never closes
(`5,"Smith, John`), one of them on line 5. Each reader reads the whole file once after
a warm-up; the figures are rows per second and how many of the file's data rows each
reader returned as rows or reported as errors (the rest were lost silently).

Readers: Python's `csv` module streaming the file (what `screen-file` used before),
kleptrace's line-resynchronising reader (`kleptrace.files`, record layer only, and
`read_queries`, which also builds every query), DuckDB `read_csv` with
`store_rejects` (per-row errors in a table) and Arrow's `pyarrow.csv` with an
`invalid_row_handler`. Prints one line per reader and variant.
"""

from __future__ import annotations

import argparse
import csv
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from kleptrace.files.csv_lines import BadRow, csv_records, decoded_lines
from kleptrace.files.reading import read_queries

Reader = Callable[[Path], tuple[int, int]]
"""Reads a file; returns (rows returned, rows reported as errors)."""


def make_file(path: Path, rows: int, stray_quotes: int) -> None:
    """`rows` customers, the line number as id; `stray_quotes` of them spread through
    the file (the first on line 5) with an unclosed quote in the name."""
    every = max(rows // max(stray_quotes, 1), 1)
    broken = {5 + every * k for k in range(stray_quotes)}
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,dob,country\n")
        for line in range(2, rows + 2):
            name = '"Smith, John' if line in broken else f"Customer {line} Nobody"
            out.write(f"{line},{name},1970-01-{line % 28 + 1:02d},gb\n")


def python_csv(path: Path) -> tuple[int, int]:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        return sum(1 for _ in reader), 0


def kleptrace_records(path: Path) -> tuple[int, int]:
    with path.open("rb") as stream:
        lines = decoded_lines(stream)
        _, header = next(lines)
        good = bad = 0
        for row in csv_records(lines, header.split(","), ","):
            bad += isinstance(row, BadRow)
            good += not isinstance(row, BadRow)
        return good, bad


def kleptrace_queries(path: Path) -> tuple[int, int]:
    good = bad = 0
    for row in read_queries(path):
        bad += isinstance(row, BadRow)
        good += not isinstance(row, BadRow)
    return good, bad


def duckdb_rejects(path: Path) -> tuple[int, int]:
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE rows AS SELECT * FROM read_csv(?, header=true, all_varchar=true, "
            "store_rejects=true)",
            [str(path)],
        )
        good = con.execute("SELECT count(*) FROM rows").fetchone()
        bad = con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone()
    finally:
        con.close()
    return int(good[0] if good else 0), int(bad[0] if bad else 0)


def arrow_handler(path: Path) -> tuple[int, int]:
    errors: list[object] = []

    def skip(row: object) -> str:
        errors.append(row)
        return "skip"

    options = pacsv.ParseOptions(invalid_row_handler=skip, newlines_in_values=True)
    convert = pacsv.ConvertOptions(column_types={c: pa.string() for c in ("id", "dob")})
    try:
        table = pacsv.read_csv(path, parse_options=options, convert_options=convert)
    except pa.ArrowInvalid:
        return 0, 1  # the whole file refused
    return table.num_rows, len(errors)


READERS: dict[str, Reader] = {
    "python csv (before)": python_csv,
    "kleptrace records": kleptrace_records,
    "kleptrace read_queries": kleptrace_queries,
    "duckdb store_rejects": duckdb_rejects,
    "pyarrow invalid_row_handler": arrow_handler,
}


def commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    print(f"commit {commit()}, python {platform.python_version()}, {args.rows:,} data rows")
    print(
        f"{'reader':30} {'file':12} {'seconds':>8} {'rows/s':>10} {'returned':>9} "
        f"{'errors':>7} {'lost':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for variant, stray in (("clean", 0), ("20 quotes", 20)):
            path = Path(folder) / f"{stray}.csv"
            make_file(path, args.rows, stray)
            for name, reader in READERS.items():
                reader(path)  # warm-up: page cache, imports
                start = time.perf_counter()
                good, bad = reader(path)
                seconds = time.perf_counter() - start
                lost = args.rows - good - bad
                print(
                    f"{name:30} {variant:12} {seconds:8.2f} {args.rows / seconds:10,.0f} "
                    f"{good:9,} {bad:7,} {lost:7,}"
                )


if __name__ == "__main__":
    main()
