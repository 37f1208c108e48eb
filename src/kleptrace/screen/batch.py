"""Screen a stream of queries on every core, in blocks, keeping input order.

Each worker process loads the saved index once (a second or two) and warms
the name tagger, then screens blocks of queries; one sparse product serves a
whole block. Results come back in input order so an output file lines up with
its input.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from kleptrace.screen import index as indexing
from kleptrace.screen.index import Target
from kleptrace.screen.query import Query
from kleptrace.screen.result import Match
from kleptrace.screen.screener import Screener
from kleptrace.workers import die_with_parent

BLOCK = 500
COLLECT_EVERY = (20_000, 50, 1_000)
"""Objects made between young collections, young collections between middle ones, middle
between full ones (Python's defaults are 700, 10, 10)."""
Keep = Callable[[Target], bool]
_worker: Screener | None = None


def settle_heap() -> None:
    """Move the millions of long-lived objects an index (or a server snapshot) holds out
    of the garbage collector's sight: otherwise every full collection walks them all, a
    pause of a few hundred milliseconds landing on whatever runs at that moment."""
    gc.unfreeze()  # a reload's previous snapshot becomes collectable again
    gc.collect()
    gc.freeze()


# Frozen objects are never freed, and at exit that includes duckdb's own: its bindings
# then print a screen of "leaked instance" warnings. Thawed, they are freed as usual.
atexit.register(gc.unfreeze)


def collect_less_often() -> None:
    """Collect garbage at `COLLECT_EVERY`'s pace in a process that screens or reads pages.

    Screening a name makes thousands of short-lived objects (forms, comparisons,
    matches), nearly none in cycles: at Python's default pace collecting took an eighth
    of a screening worker's CPU (15,000 customers: 0.70-0.74 s of 5.3 s, 0.18-0.21 s at
    this pace) and a sixth of reading pages."""
    gc.set_threshold(*COLLECT_EVERY)


def _start_worker(folder: Path, parent_pid: int) -> None:
    global _worker
    die_with_parent(parent_pid)
    _worker = Screener(indexing.load(folder))
    _worker.warm_up()
    settle_heap()
    collect_less_often()


def _screen_block(
    block: list[Query], threshold: float, limit: int, keep: Keep | None
) -> list[list[Match]]:
    assert _worker is not None, "worker not started"
    return _worker.screen_many(block, threshold, limit, keep)


def _blocks(queries: Iterable[Query], size: int) -> Iterator[list[Query]]:
    iterator = iter(queries)
    while block := list(islice(iterator, size)):
        yield block


class ScreeningPool:
    """Worker processes that each hold the saved index, kept for many streams.

    The HTTP server keeps one for `/screen/batch` so a request pays no start-up;
    `screen_stream` makes one per file. Close it (or use it as a context
    manager) to stop the workers.
    """

    def __init__(self, db_path: Path, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(indexing.index_dir(db_path), os.getpid()),
        )

    def stream(
        self,
        queries: Iterable[Query],
        threshold: float,
        limit: int,
        keep: Keep | None = None,
        block: int = BLOCK,
    ) -> Iterator[tuple[Query, list[Match]]]:
        """Each query with its matches, in input order, a few blocks ahead of the reader;
        closing it early cancels the blocks not yet begun.

        `keep` (as for `Screener.screen_many`) must be picklable: it runs in the workers.
        """
        pending: list[tuple[list[Query], Future[list[list[Match]]]]] = []
        try:
            for chunk in _blocks(queries, block):
                future = self._pool.submit(_screen_block, chunk, threshold, limit, keep)
                pending.append((chunk, future))
                if len(pending) > 2 * self.workers:
                    done, future = pending.pop(0)
                    yield from zip(done, future.result(), strict=True)
            while pending:
                done, future = pending.pop(0)
                yield from zip(done, future.result(), strict=True)
        finally:  # the reader stopped early (a client went away): drop the blocks not begun
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        """Stop the workers (after the blocks they are on), waiting for them to exit."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ScreeningPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def screen_stream(
    screener: Screener,
    db_path: Path,
    queries: Iterable[Query],
    threshold: float,
    limit: int,
    workers: int = 1,
    block: int = BLOCK,
) -> Iterator[tuple[Query, list[Match]]]:
    """Yield each query with its matches, in input order.

    Args:
        screener: An open screener (its index is saved beside `db_path`); used
            directly when `workers` is 1.
        db_path: The store, whose saved index the worker processes load.
        queries: Any iterable; read lazily, a few blocks ahead of the workers.
        threshold, limit: As for `Screener.screen`.
        workers: Processes to use; 1 screens in this process.
        block: Queries per block.
    """
    if workers <= 1:
        for chunk in _blocks(queries, block):
            yield from zip(chunk, screener.screen_many(chunk, threshold, limit), strict=True)
        return
    with ScreeningPool(db_path, workers) as pool:
        yield from pool.stream(queries, threshold, limit, block=block)
