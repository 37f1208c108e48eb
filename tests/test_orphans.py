"""kill -9 of a command takes its worker processes with it (and multiprocessing's
resource tracker, which waits for them): none is left re-parented to PID 1, holding
its memory. Each test kills a real command while its workers run."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.evaluation.customers import synthetic_customers
from kleptrace.api.processes import ALL_READY
from kleptrace.screen import Screener
from tests.api.test_processes import start_group, wait_for
from tests.proc_tree import end, survivors, wait_for_descendants

KLEPTRACE = str(Path(sys.executable).with_name("kleptrace"))
GONE_WITHIN_SECONDS = 120.0
"""Workers killed while still importing (slow on a busy machine) end once they have started."""


def kill_once_working(process: subprocess.Popen[bytes], children: int) -> set[int]:
    """SIGKILL `process` once it has `children` descendants that had time to start;
    the descendants it had then."""
    found = wait_for_descendants(process.pid, children, 180)
    time.sleep(2)  # past start-up, at work
    assert process.poll() is None, "the command ended before it could be killed"
    process.kill()
    process.wait()
    return found


def run(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [KLEPTRACE, *command],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_load_leaves_no_parse_worker(data_dir: Path, tmp_path: Path) -> None:
    env = {"KLEPTRACE_DB": str(tmp_path / "store.duckdb"), "KLEPTRACE_WORKERS": "2"}
    process = run(["load", str(data_dir)], env)
    children: set[int] = set()
    try:
        children = kill_once_working(process, 3)  # 2 workers + the resource tracker
        assert survivors(children, GONE_WITHIN_SECONDS) == set()
    finally:
        end(process, children)


def test_killing_screen_file_leaves_no_screening_worker(
    screening_db: Path, screener: Screener, tmp_path: Path
) -> None:
    """The `screener` fixture has saved the index, so the workers counted are screening."""
    customers = tmp_path / "customers.csv"
    with customers.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "name"])
        for n, customer in enumerate(synthetic_customers(50_000, 7)):
            writer.writerow([n, customer["query"]["names"][0]])
    command = ["screen-file", str(customers), "--out", str(tmp_path / "hits.csv")]
    process = run([*command, "--workers", "2", "--db", str(screening_db)], {})
    children: set[int] = set()
    try:
        children = kill_once_working(process, 3)
        assert survivors(children, GONE_WITHIN_SECONDS) == set()
    finally:
        end(process, children)


def test_killing_serve_leaves_no_server_process(tmp_path: Path) -> None:
    """`serve --workers N` runs a `ProcessGroup`; its processes hold the port."""
    log = tmp_path / "group.log"
    process, _ = start_group("tests.api.pid_app:app", 2, log)
    children: set[int] = set()
    try:
        wait_for(log, ALL_READY, process, 60)
        children = kill_once_working(process, 2)
        assert survivors(children, GONE_WITHIN_SECONDS) == set()
    finally:
        end(process, children)
