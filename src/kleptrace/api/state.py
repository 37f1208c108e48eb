"""What the server answers from, swapped whole on reload.

A `Snapshot` is the screening index plus an in-memory copy of the live list
versions (statements as an Arrow table, designated ids, source summaries). Copying keeps the store
file free, so `kleptrace load` can write a new version while the server runs;
`POST /admin/reload` then takes a new snapshot and swaps it in with one
assignment. A request reads `state.current` once and keeps that snapshot to
the end, so it never sees half of a reload; a reload that fails leaves the old
snapshot serving.

With several server processes (`--workers`), the process that reloads bumps a
generation file beside the store; the others notice it on their next request
and reload themselves in the background.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from fastapi import Request

from kleptrace.api.datasets import Catalog
from kleptrace.api.errors import ApiError
from kleptrace.api.timestamps import iso_seconds
from kleptrace.resolve.tables import clusters, clusters_exist
from kleptrace.screen import Screener
from kleptrace.screen.batch import ScreeningPool, settle_heap
from kleptrace.screen.index import Target
from kleptrace.store import connect
from kleptrace.store import read as store_read
from kleptrace.store.read import STATEMENT_SQL

log = logging.getLogger(__name__)
GENERATION_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the lists: the index and the entities behind it.

    Attributes:
        screener: The screening index of these list versions.
        sources: `kleptrace.store.read.sources` rows, one per live source.
        catalog: Dataset names and the sources they stand for.
        targets: Screening targets by entity id.
        loaded_at: When this snapshot was taken (UTC).
        statements: The live statements (STATEMENT_COLUMNS), sorted by entity id.
        offsets: Each entity's first and past-the-last row in `statements`.
        designated: Ids of the entities with designations.
        clusters: Canonical id -> member ids, from the last `kleptrace resolve` (empty
            when the store was never resolved).
        canonical_of: Member id -> canonical id.
        responses: Flat EntityResponses built so far (see `entities.entity_responses`).
    """

    screener: Screener
    sources: list[dict[str, Any]]
    catalog: Catalog
    targets: dict[str, Target]
    loaded_at: datetime
    statements: pa.Table
    offsets: dict[str, tuple[int, int]]
    designated: frozenset[str]
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    canonical_of: dict[str, str] = field(default_factory=dict)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def last_changes(self) -> dict[str, str]:
        """Each entity's `last_change` as its EntityResponse gives it (the latest time one
        of its statements was first seen), for `changed_since`; worked out on first use."""
        latest = self.statements.group_by("entity_id").aggregate([("first_seen", "max")])
        pairs = zip(
            latest["entity_id"].to_pylist(), latest["first_seen_max"].to_pylist(), strict=True
        )
        return {entity_id: moment for entity_id, value in pairs if (moment := iso_seconds(value))}

    def referring_to(self, entity_id: str) -> list[str]:
        """Ids of the entities with a statement whose value is `entity_id` (its links)."""
        hits = self.statements.filter(pc.equal(self.statements["value"], entity_id))
        return sorted(set(hits["entity_id"].to_pylist()) - {entity_id})

    def statement_rows(self, entity_ids: Iterable[str]) -> dict[str, list[tuple[Any, ...]]]:
        """The statement rows (STATEMENT_COLUMNS order) of each known id.

        A slice of an Arrow table sorted by entity id: microseconds, where a
        DuckDB point query costs milliseconds, which /match pays per result.
        """
        out = {}
        for entity_id in dict.fromkeys(entity_ids):
            span = self.offsets.get(entity_id)
            if span is not None:
                rows = self.statements.slice(span[0], span[1] - span[0])
                out[entity_id] = list(zip(*(c.to_pylist() for c in rows.columns), strict=True))
        return out


def take_snapshot(db_path: Path, workers: int = 1) -> Snapshot:
    """Open (or build) the index and copy the live versions of the store into memory."""
    screener = Screener.open(db_path, workers=workers)
    screener.warm_up()
    store = connect(db_path, read_only=True)
    try:
        sources = store_read.sources(store)
        statements: pa.Table = store.sql(f"{STATEMENT_SQL} ORDER BY entity_id").to_arrow_table()
        designated = store.execute("SELECT DISTINCT entity_id FROM current_designations").fetchall()
        canonical_of = resolved(store)
    finally:
        store.close()
    return Snapshot(
        screener=screener,
        sources=sources,
        catalog=Catalog(sources),
        targets={t.entity_id: t for t in screener.index.targets},
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
        statements=statements,
        offsets=_offsets(statements.column("entity_id")),
        designated=frozenset(row[0] for row in designated),
        clusters=_members(canonical_of),
        canonical_of=canonical_of,
    )


def resolved(store: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Member id -> canonical id of the last resolution (empty if none ran)."""
    if not clusters_exist(store):
        return {}
    table = clusters(store)
    return dict(zip(table["entity_id"].to_pylist(), table["cluster_id"].to_pylist(), strict=True))


def _members(canonical_of: dict[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for member, canonical in canonical_of.items():
        out.setdefault(canonical, []).append(member)
    return {canonical: tuple(sorted(members)) for canonical, members in out.items()}


def _offsets(entity_ids: pa.ChunkedArray) -> dict[str, tuple[int, int]]:
    """Where each entity's run of rows starts and ends in a table sorted by entity id."""
    ids = entity_ids.to_numpy(zero_copy_only=False)
    if len(ids) == 0:
        return {}
    starts = np.concatenate([[0], np.flatnonzero(ids[1:] != ids[:-1]) + 1])
    ends = np.append(starts[1:], len(ids))
    return dict(
        zip(ids[starts].tolist(), zip(starts.tolist(), ends.tolist(), strict=True), strict=True)
    )


class ServingState:
    """Holds the current snapshot and replaces it atomically."""

    def __init__(self, db_path: Path, workers: int = 1) -> None:
        self.db_path = db_path
        self.workers = workers
        self._current: Snapshot | None = None
        self._reloading = threading.Lock()
        self._generation_file = db_path.with_suffix(".generation")
        self._generation = self._read_generation()
        self._checked = 0.0
        self._pool: ScreeningPool | None = None
        self._pool_lock = threading.Lock()
        self._pool_users: dict[ScreeningPool, int] = {}
        self.last_error: str | None = None

    @property
    def current(self) -> Snapshot:
        """The snapshot to answer from; 503 while the first one is still loading."""
        snapshot = self._current
        if snapshot is None:
            raise ApiError(503, "Index not ready.")
        return snapshot

    @property
    def ready(self) -> bool:
        return self._current is not None

    def load(self) -> Snapshot:
        """Take a new snapshot and swap it in; on failure the old one keeps serving.

        Reloads run one at a time: a second one waits for the first and then reads the
        store again, since the lists may have changed after the first one began."""
        with self._reloading:
            try:
                snapshot = take_snapshot(self.db_path, self.workers)
            except Exception as error:
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("reload failed; still serving the previous lists")
                message = f"Reload failed, previous lists still served: {error}"
                raise ApiError(500, message) from None
            self._current = snapshot
            self.last_error = None
            settle_heap()
            self._retire_pool()
        return snapshot

    @contextlib.contextmanager
    def batch_pool(self) -> Iterator[ScreeningPool]:
        """Worker processes holding the current index (started on first use), lent for
        one batch: a reload meanwhile retires them only once every batch using them ends,
        so a batch finishes on the lists it began with."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = ScreeningPool(self.db_path, self.workers)
            pool = self._pool
            self._pool_users[pool] = self._pool_users.get(pool, 0) + 1
        try:
            yield pool
        finally:
            with self._pool_lock:
                self._pool_users[pool] -= 1
                idle = self._pool_users[pool] == 0
                if idle:
                    del self._pool_users[pool]
                retired = idle and pool is not self._pool
            if retired:
                threading.Thread(target=pool.close, daemon=True).start()

    def close(self) -> None:
        """Stop the batch workers, current and retired (server shutdown)."""
        with self._pool_lock:
            pools = {*self._pool_users, *([self._pool] if self._pool else [])}
            self._pool = None
        for pool in pools:
            pool.close()

    def _retire_pool(self) -> None:
        """Workers hold the previous index: stop them in the background now if no batch
        uses them, else when the last batch using them ends (`batch_pool`)."""
        with self._pool_lock:
            old, self._pool = self._pool, None
            busy = old in self._pool_users
        if old is not None and not busy:
            threading.Thread(target=old.close, daemon=True).start()

    def announce(self) -> None:
        """Tell the other server processes that the lists changed.

        Our own generation moves first and the file is replaced whole, so a request of
        ours reading the file meanwhile sees an older generation, never a newer one, and
        does not reload again."""
        generation = self._read_generation() + 1
        self._generation = generation
        tmp = self._generation_file.with_name(f"{self._generation_file.name}.{os.getpid()}")
        tmp.write_text(str(generation))
        os.replace(tmp, self._generation_file)

    def follow(self, now: float) -> None:
        """Reload in the background when another process announced newer lists."""
        if now - self._checked < GENERATION_CHECK_SECONDS:
            return
        self._checked = now
        generation = self._read_generation()
        if generation > self._generation:
            self._generation = generation
            threading.Thread(target=self._quiet_load, daemon=True).start()

    def _quiet_load(self) -> None:
        with contextlib.suppress(ApiError):  # logged in load(); the old lists keep serving
            self.load()

    def _read_generation(self) -> int:
        try:
            return int(self._generation_file.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0


async def serving(request: Request) -> ServingState:
    """FastAPI dependency: the app's serving state (for reloads and readiness).
    Async, as the others: a sync dependency costs a trip through the thread pool."""
    state: ServingState = request.app.state.serving
    return state


async def snapshot(request: Request) -> Snapshot:
    """FastAPI dependency: the snapshot this request answers from, fixed for its duration
    (picking up a reload another server process announced)."""
    state: ServingState = request.app.state.serving
    state.follow(time.monotonic())
    return state.current
