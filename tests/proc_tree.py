"""Process trees read from /proc, to check that no worker outlives a killed command."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name in parentheses may hold spaces
    return fields[0], int(fields[1])


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] != "Z":
            parents[int(entry.name)] = stat[1]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def wait_for_descendants(pid: int, count: int, seconds: float) -> set[int]:
    """The descendants of `pid` once there are at least `count` of them."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = descendants(pid)
        if len(found) >= count:
            return found
        if not alive(pid):
            break
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not start {count} children in {seconds} s")


def survivors(pids: set[int], seconds: float) -> set[int]:
    """Which of `pids` still live after waiting up to `seconds` for them to end."""
    deadline = time.monotonic() + seconds
    while (living := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return living


def end(process: subprocess.Popen[bytes], children: set[int]) -> None:
    """Clean up after a test, whatever it found: the command and any child left behind."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pid in survivors(children, 0):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
