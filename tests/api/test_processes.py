"""`ProcessGroup` (`kleptrace serve --workers N` on Linux): connections spread over the
processes, a process that dies is replaced, SIGTERM stops them all, and a process that
cannot start stops the server. Linux only, as the code path is (CI runs Linux): macOS
lets several sockets share a port but does not spread connections over them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kleptrace.api.processes import ALL_READY

from .conftest import _free_port

REPO = Path(__file__).resolve().parents[2]


def start_group(app: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    options = {"app": app, "host": "127.0.0.1", "port": port, "log_level": "info"}
    script = (
        "import sys; from kleptrace.api.processes import ProcessGroup; "
        f"sys.exit(ProcessGroup({options!r}, {workers}).run())"
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", script], cwd=REPO, stdout=out, stderr=subprocess.STDOUT
        )
    return process, f"http://127.0.0.1:{port}"


def wait_for(log: Path, text: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged:\n{log.read_text(errors='replace')[-3000:]}")


def pid_on_new_connection(url: str) -> int:
    """The pid of the process that accepted a fresh connection."""
    with httpx.Client(base_url=url, timeout=10) as client:
        return int(client.get("/").text)


@pytest.fixture
def group(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    log = tmp_path / "group.log"
    process, url = start_group("tests.api.pid_app:app", 2, log)
    try:
        wait_for(log, ALL_READY, process, 60)
        yield process, url, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_connections_spread_and_dead_process_replaced(
    group: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    process, url, log = group
    # 32 connections from different source ports: all on one of 2 processes has odds 2^-31
    first = {pid_on_new_connection(url) for _ in range(32)}
    assert len(first) == 2

    dead = min(first)
    os.kill(dead, signal.SIGKILL)
    deadline = time.monotonic() + 60
    seen: set[int] = set()
    while time.monotonic() < deadline and not seen - first:
        # the killed process's socket may have held a queued connection
        with contextlib.suppress(httpx.TransportError):
            seen.add(pid_on_new_connection(url))
        time.sleep(0.05)
    assert seen - first, "no replacement process answered"
    assert dead not in seen
    assert "starting another" in log.read_text()

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0
    for pid in first | seen:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_process_that_cannot_start_stops_the_server(tmp_path: Path) -> None:
    log = tmp_path / "group.log"
    process, _ = start_group("tests.api.no_such_module:app", 2, log)
    try:
        assert process.wait(timeout=60) == 1
    finally:
        if process.poll() is None:
            process.kill()
    assert "while starting" in log.read_text()


def test_serve_with_two_processes_keeps_one_rate_budget(screening_db: Path, tmp_path: Path) -> None:
    """End to end: `kleptrace serve --workers 2` answers from both processes, and the
    per-client limit holds across them (per process it would allow twice as many)."""
    log = tmp_path / "serve.log"
    port = _free_port()
    command = [str(Path(sys.executable).with_name("kleptrace")), "serve", "--workers", "2"]
    command += ["--port", str(port), "--no-auth", "--rate-limit", "20", "--db", str(screening_db)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(log, ALL_READY, process, 300)
        url = f"http://127.0.0.1:{port}"
        statuses = []
        started = time.monotonic()
        for _ in range(40):  # fresh connections, spread over both processes
            with httpx.Client(base_url=url, timeout=30) as client:
                statuses.append(client.get("/lists").status_code)
        refilled = (time.monotonic() - started) * 20 / 60  # 20 a minute refill meanwhile
        allowed = statuses.count(200)
        assert 20 <= allowed <= 20 + int(refilled) + 1, (statuses, refilled)
        assert statuses.count(429) == 40 - allowed
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_leaves_no_scratch_folder_after_sigterm(screening_db: Path, tmp_path: Path) -> None:
    """uvicorn.run stops on SIGTERM and then raises it again, which killed `serve` before
    it removed its `kleptrace-serve-*` folder; it now exits 0 with the folder gone."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "serve.log"
    command = [str(Path(sys.executable).with_name("kleptrace")), "serve", "--no-auth"]
    command += ["--port", str(_free_port()), "--db", str(screening_db)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(scratch)},
        )
    try:
        wait_for(log, "Application startup complete", process, 600)
        assert list(scratch.glob("kleptrace-serve-*"))
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert list(scratch.glob("kleptrace-serve-*")) == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
