"""Load benchmark: every list in ../shared/data into a fresh store.

Scenario: a cold start, as `make demo` does it: plan the files, parse every source,
write each version in its own transaction. Prints one line per source (entities,
statements, seconds, entities per second) and a total line with the peak resident
memory of this process. Target (issue 2): all lists under 60 s and 1.5 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from kleptrace import store

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        sets, skipped = store.plan([args.data])
        planned = time.perf_counter() - started
        total_entities = total_statements = 0
        print(
            f"commit {commit()}, python {platform.python_version()}, {len(sets)} sources, "
            f"{len(skipped)} non-list files, planning {planned:.2f}s"
        )
        print(f"{'source':<34}{'entities':>10}{'statements':>12}{'seconds':>9}{'ent/s':>9}")
        for files in sets:
            result = store.load(con, files)
            total_entities += result.entities
            total_statements += result.statements
            rate = result.entities / result.seconds if result.seconds else 0.0
            print(
                f"{result.source:<34}{result.entities:>10,}{result.statements:>12,}"
                f"{result.seconds:>9.2f}{rate:>9,.0f}"
            )
        elapsed = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{'TOTAL':<34}{total_entities:>10,}{total_statements:>12,}{elapsed:>9.2f}"
            f"{total_entities / elapsed:>9,.0f}"
        )
        print(f"peak memory {peak_mb:,.0f} MB; targets: < 60 s, < 1,536 MB")


if __name__ == "__main__":
    main()
