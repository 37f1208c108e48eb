"""Per-client request budgets (token buckets), kept in one process or shared by all.

With `kleptrace serve --workers N` a key's requests land on any of N processes;
buckets kept in each process would let a key make N times its limit. So the
server's processes share their buckets through a small file each one maps into
memory, taking an exclusive `flock` for the microseconds one update needs.
The monotonic clock is system-wide on Linux, so every process reads the same time.
"""

from __future__ import annotations

import fcntl
import hashlib
import mmap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from kleptrace.exc import ConfigError

IDLE_SECONDS = 60.0
"""A bucket untouched this long is full again, the same as having no bucket."""
SHARED_SLOTS = 8192
_SLOT = np.dtype([("key", "<u8"), ("tokens", "<f8"), ("last", "<f8")])


class Buckets(Protocol):
    """Where buckets live: `(tokens, last refill time)` per client, updated under `locked`."""

    def locked(self) -> AbstractContextManager[Buckets]: ...

    def get(self, client: str, now: float) -> tuple[float, float] | None: ...

    def put(self, client: str, tokens: float, now: float) -> None: ...


class LocalBuckets:
    """Buckets in a dict, for one process; idle ones are dropped once a minute."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._pruned: float | None = None

    @contextmanager
    def locked(self) -> Iterator[LocalBuckets]:
        with self._lock:
            yield self

    def get(self, client: str, now: float) -> tuple[float, float] | None:
        return self._buckets.get(client)

    def put(self, client: str, tokens: float, now: float) -> None:
        if self._pruned is None or now - self._pruned >= IDLE_SECONDS:
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < IDLE_SECONDS}
            self._pruned = now
        self._buckets[client] = (tokens, now)


class SharedBuckets:
    """Buckets in a file that every server process maps: an open-addressing table of
    (client hash, tokens, last) slots. An idle slot is reused, never emptied, so
    probe chains stay whole; when every slot is busy, the home slot is taken over
    (that client starts with a full bucket: lenient, never a false 429).
    """

    def __init__(self, path: Path) -> None:
        try:
            self._file = path.open("r+b")
        except OSError as error:
            raise ConfigError(f"{path}: cannot open the shared rate-limit file: {error}") from error
        size = path.stat().st_size
        if size == 0 or size % _SLOT.itemsize:
            self._file.close()
            raise ConfigError(f"{path}: not a rate-limit file ({size} bytes)")
        self._map = mmap.mmap(self._file.fileno(), size)
        self._slots = np.frombuffer(self._map, dtype=_SLOT)
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: Path, slots: int = SHARED_SLOTS) -> Path:
        """Write an empty table for the server processes to open."""
        path.write_bytes(bytes(slots * _SLOT.itemsize))
        return path

    @contextmanager
    def locked(self) -> Iterator[SharedBuckets]:
        with self._lock:  # threads of this process; flock orders the processes
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX)
            try:
                yield self
            finally:
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)

    def get(self, client: str, now: float) -> tuple[float, float] | None:
        key = _hash(client)
        slot = self._find(key, now)
        if slot is None or int(self._slots["key"][slot]) != key:
            return None
        return float(self._slots["tokens"][slot]), float(self._slots["last"][slot])

    def put(self, client: str, tokens: float, now: float) -> None:
        key = _hash(client)
        slot = self._find(key, now)
        self._slots[key % len(self._slots) if slot is None else slot] = (key, tokens, now)

    def _find(self, key: int, now: float) -> int | None:
        """The client's slot, else the first reusable one on its chain, else None (full)."""
        keys, lasts = self._slots["key"], self._slots["last"]
        count = len(keys)
        reusable = None
        for probe in range(count):
            slot = (key + probe) % count
            found = int(keys[slot])
            if found == key:
                return slot
            if found == 0:
                return slot if reusable is None else reusable
            if reusable is None and now - float(lasts[slot]) >= IDLE_SECONDS:
                reusable = slot
        return reusable


def _hash(client: str) -> int:
    """A non-zero 64-bit hash (0 marks an empty slot)."""
    digest = int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "little")
    return digest or 1


class RateLimiter:
    """Token buckets, one per key id (or client address): `per_minute` tokens, refilled
    evenly. A request spends one token, or more for the work it brings (`take`'s cost)."""

    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        buckets: Buckets | None = None,
    ) -> None:
        if per_minute < 1:
            raise ConfigError(
                f"the rate limit must be at least 1 request per minute, not {per_minute}"
            )
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self._clock = clock
        self._buckets: Buckets = buckets or LocalBuckets()

    def take(self, client: str, cost: float = 1.0) -> float:
        """Spend `cost` tokens: 0.0 when the request may go ahead, else seconds to wait.

        A cost above the whole bucket spends the whole bucket, so no request is refused
        for good; it waits until the bucket is full.
        """
        with self._buckets.locked() as buckets:
            now = self._clock()
            tokens = self._refilled(buckets, client, now)
            cost = min(cost, self.capacity)
            enough = tokens >= cost
            buckets.put(client, tokens - cost if enough else tokens, now)
            return 0.0 if enough else (cost - tokens) / self.per_second

    def spend(self, client: str, cost: float) -> None:
        """Spend `cost` tokens whatever is left, down to a debt of one full bucket: for
        work a refused request brought (a 413), so that refusals are not free either."""
        with self._buckets.locked() as buckets:
            now = self._clock()
            tokens = self._refilled(buckets, client, now)
            buckets.put(client, max(-self.capacity, tokens - cost), now)

    def waiting(self, client: str) -> float:
        """Seconds until `client` has a token (0.0: now), spending nothing."""
        with self._buckets.locked() as buckets:
            tokens = self._refilled(buckets, client, self._clock())
        return max(0.0, (1.0 - tokens) / self.per_second)

    def _refilled(self, buckets: Buckets, client: str, now: float) -> float:
        tokens, last = buckets.get(client, now) or (self.capacity, now)
        return min(self.capacity, tokens + (now - last) * self.per_second)
