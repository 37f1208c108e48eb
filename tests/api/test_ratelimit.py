"""Token buckets: refill, refusal, and one budget per key shared by every server process."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest

from kleptrace.api.app import ApiConfig
from kleptrace.api.ratelimit import LocalBuckets, RateLimiter, SharedBuckets
from kleptrace.exc import ConfigError

MakeBuckets = Callable[[], LocalBuckets | SharedBuckets]


@pytest.fixture(params=["local", "shared"])
def make_buckets(request: pytest.FixtureRequest, tmp_path: Path) -> MakeBuckets:
    if request.param == "local":
        return LocalBuckets
    path = SharedBuckets.create(tmp_path / "rate")
    return lambda: SharedBuckets(path)


def test_the_bucket_refills_over_time(make_buckets: MakeBuckets) -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0], buckets=make_buckets())
    assert all(limiter.take("k") == 0.0 for _ in range(60))
    assert limiter.take("k") == pytest.approx(1.0)
    now[0] = 0.5
    assert limiter.take("k") == pytest.approx(0.5)
    now[0] = 2.0
    assert limiter.take("k") == 0.0
    now[0] = 200.0  # idle buckets are full again
    assert limiter.take("other") == 0.0
    assert limiter.take("k") == 0.0


def test_a_rate_below_one_is_refused() -> None:
    with pytest.raises(ConfigError):
        RateLimiter(0)


def test_limiters_on_one_file_share_each_clients_budget(tmp_path: Path) -> None:
    path = SharedBuckets.create(tmp_path / "rate")
    clock = lambda: 5.0  # noqa: E731
    first, second = (RateLimiter(4, clock, SharedBuckets(path)) for _ in range(2))
    taken = [limiter.take("key:a") for limiter in (first, second, first, second, first)]
    assert taken[:4] == [0.0] * 4
    assert taken[4] > 0
    assert second.take("key:b") == 0.0


def _spend(path: Path, times: int, allowed: multiprocessing.queues.Queue[int]) -> None:
    limiter = RateLimiter(12, buckets=SharedBuckets(path))
    allowed.put(sum(limiter.take("key:shared") == 0.0 for _ in range(times)))


def test_processes_share_one_budget(tmp_path: Path) -> None:
    path = SharedBuckets.create(tmp_path / "rate")
    context = multiprocessing.get_context("spawn")
    allowed = context.Queue()
    processes = [context.Process(target=_spend, args=(path, 10, allowed)) for _ in range(2)]
    for process in processes:
        process.start()
    total = allowed.get(timeout=60) + allowed.get(timeout=60)
    for process in processes:
        process.join(60)
    assert total == 12  # 20 tries, one budget of 12 (the refill in a second adds < 1)


def test_a_full_table_is_lenient_and_idle_slots_are_reused(tmp_path: Path) -> None:
    path = SharedBuckets.create(tmp_path / "rate", slots=4)
    now = [0.0]
    limiter = RateLimiter(1, clock=lambda: now[0], buckets=SharedBuckets(path))
    assert all(limiter.take(f"c{i}") == 0.0 for i in range(8))  # more clients than slots
    now[0] = 61.0
    assert all(limiter.take(f"d{i}") == 0.0 for i in range(4))
    assert all(limiter.take(f"d{i}") > 0 for i in range(4))  # each kept its own slot


@pytest.mark.parametrize("content", [b"", b"x" * 7])
def test_a_file_that_is_no_table_is_refused_by_name(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "rate"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="rate"):
        SharedBuckets(path)
    with pytest.raises(ConfigError, match="missing"):
        SharedBuckets(tmp_path / "missing")


def test_the_rate_file_reaches_server_processes(tmp_path: Path) -> None:
    config = ApiConfig(db_path=tmp_path / "db", rate_file=tmp_path / "rate")
    assert ApiConfig.from_env(config.to_env()).rate_file == tmp_path / "rate"
    assert ApiConfig.from_env(ApiConfig(db_path=tmp_path / "db").to_env()).rate_file is None


def test_work_costs_several_tokens_and_refused_work_runs_into_debt(
    make_buckets: MakeBuckets,
) -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0], buckets=make_buckets())
    assert limiter.take("k", 50) == 0.0
    assert limiter.take("k", 20) == pytest.approx(10.0)  # 10 left: 10 s to wait for 20
    assert limiter.take("k", 1_000) == pytest.approx(50.0)  # capped at a full bucket
    assert limiter.waiting("k") == 0.0
    limiter.spend("k", 1_000)  # refused work: the whole bucket and a debt of another
    assert limiter.waiting("k") == pytest.approx(61.0)
    now[0] = 61.0
    assert limiter.take("k") == 0.0
