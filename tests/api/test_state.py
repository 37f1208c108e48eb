"""Reload coordination in `ServingState`: one reload at a time, generations that only move
forward, and no process reloading because of its own announcement."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kleptrace.api import state as state_module
from kleptrace.api.errors import ApiError
from kleptrace.api.state import GENERATION_CHECK_SECONDS, ServingState


class FakeSnapshots:
    """Stands in for `take_snapshot`: counts calls, can be slowed or made to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.running = 0
        self.most_at_once = 0
        self.delay = 0.0
        self.fail = False
        self._lock = threading.Lock()

    def __call__(self, db_path: Path, workers: int) -> Any:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            number = self.calls
        time.sleep(self.delay)
        with self._lock:
            self.running -= 1
        if self.fail:
            raise OSError("store missing")
        return f"snapshot {number}"


@pytest.fixture
def snapshots(monkeypatch: pytest.MonkeyPatch) -> FakeSnapshots:
    fake = FakeSnapshots()
    monkeypatch.setattr(state_module, "take_snapshot", fake)
    monkeypatch.setattr(state_module, "settle_heap", lambda: None)
    return fake


def test_concurrent_reloads_wait_for_each_other_instead_of_refusing(
    tmp_path: Path, snapshots: FakeSnapshots
) -> None:
    state = ServingState(tmp_path / "store.duckdb")
    snapshots.delay = 0.2
    with_errors: list[Exception] = []

    def reload() -> None:
        try:
            state.load()
        except Exception as error:
            with_errors.append(error)

    threads = [threading.Thread(target=reload) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert with_errors == []
    assert snapshots.calls == 3
    assert snapshots.most_at_once == 1
    assert state.current == "snapshot 3"


def test_failed_reload_keeps_the_previous_snapshot(
    tmp_path: Path, snapshots: FakeSnapshots
) -> None:
    state = ServingState(tmp_path / "store.duckdb")
    state.load()
    snapshots.fail = True
    with pytest.raises(ApiError) as raised:
        state.load()
    assert raised.value.status == 500
    assert "previous lists still served" in raised.value.detail
    assert state.current == "snapshot 1"
    assert state.last_error == "OSError: store missing"


def test_a_process_does_not_reload_for_its_own_announcement(
    tmp_path: Path, snapshots: FakeSnapshots
) -> None:
    state = ServingState(tmp_path / "store.duckdb")
    state.load()
    checks = iter(range(1, 10_000))

    def follow_constantly(stop: threading.Event) -> None:
        while not stop.is_set():
            state.follow(next(checks) * (GENERATION_CHECK_SECONDS + 1))

    stop = threading.Event()
    follower = threading.Thread(target=follow_constantly, args=(stop,))
    follower.start()
    for _ in range(50):
        state.announce()
    stop.set()
    follower.join()
    time.sleep(0.05)  # any reload follow() started runs in a thread
    assert snapshots.calls == 1


def test_other_processes_follow_a_newer_generation_once(
    tmp_path: Path, snapshots: FakeSnapshots
) -> None:
    db = tmp_path / "store.duckdb"
    announcer, follower = ServingState(db), ServingState(db)
    follower.load()
    announcer.announce()
    follower.follow(GENERATION_CHECK_SECONDS + 1)
    follower.follow(2 * (GENERATION_CHECK_SECONDS + 1))
    deadline = time.monotonic() + 5
    while snapshots.calls < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    assert snapshots.calls == 2
    assert follower.current == "snapshot 2"


class FakePool:
    """Stands in for `ScreeningPool`: records whether it was closed."""

    def __init__(self, db_path: Path, workers: int) -> None:
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


@pytest.fixture
def pooled(
    tmp_path: Path, snapshots: FakeSnapshots, monkeypatch: pytest.MonkeyPatch
) -> ServingState:
    """A loaded state whose batch workers are `FakePool`s."""
    monkeypatch.setattr(state_module, "ScreeningPool", FakePool)
    state = ServingState(tmp_path / "store.duckdb")
    state.load()
    return state


def test_a_reload_retires_batch_workers_only_when_their_batches_end(pooled: ServingState) -> None:
    state = pooled
    with state.batch_pool() as first:
        with state.batch_pool() as same:
            assert same is first  # batches share the workers of the current lists
        state.load()
        with state.batch_pool() as second:
            assert second is not first  # a batch begun after the reload gets new workers
        assert not first.closed.wait(0.2)  # still screening the first batch
    assert first.closed.wait(5)
    assert not second.closed.is_set()
    state.load()  # no batch running: retired at once
    assert second.closed.wait(5)


def test_shutdown_stops_current_and_retired_batch_workers(pooled: ServingState) -> None:
    state = pooled
    with state.batch_pool() as busy:
        state.load()
        with state.batch_pool() as current:
            state.close()
            assert busy.closed.is_set() and current.closed.is_set()
