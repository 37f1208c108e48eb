"""The screening engine's name score for many pairs of list names, on every core.

Scoring one pair of names costs about 0.15 ms in Python; a resolution of every list
scores a quarter of a million. Many of them are one pair of names written alike on
several lists (the FCDO and OFSI files, the OFAC lists and the CSL), so each distinct
pair of name forms is scored once (`distinct_pairs`): on benchmarks/resolve.py's store
115,595 pairs instead of 200,434, with the same score to the pair. Worker processes
each load the saved screening index (memory-mapped, a fraction of a second) and score
blocks of pairs of name positions.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kleptrace.screen import index as indexing
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex
from kleptrace.screen.similarity import compare_names
from kleptrace.workers import die_with_parent

_BLOCK = 20_000
_worker: ScreenIndex | None = None
Positions = npt.NDArray[np.int64]


def score_names(index: ScreenIndex, a: Positions, b: Positions) -> npt.NDArray[np.float32]:
    """Name score of each pair (a[i], b[i]) of index name positions; names with the
    same words in any order score 1.0 without being aligned."""
    out = np.empty(len(a), dtype=np.float32)
    for i, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        out[i] = name_score(index, index.names[x], index.names[y])
    return out


def name_score(index: ScreenIndex, a: NameForm, b: NameForm) -> float:
    """The name score of two name forms, 1.0 for the same words in any order."""
    if sorted(a.tokens) == sorted(b.tokens):
        return 1.0
    return compare_names(a, b, index.vocabulary.weight, index.vocabulary.cost).score


def _start(folder: Path, parent: int) -> None:
    global _worker
    die_with_parent(parent)
    _worker = indexing.load(folder)


def _score_block(a: Positions, b: Positions) -> npt.NDArray[np.float32]:
    assert _worker is not None, "worker not started"
    return score_names(_worker, a, b)


def distinct_pairs(index: ScreenIndex, a: Positions, b: Positions) -> tuple[Positions, Positions]:
    """The first of each set of pairs (a[i], b[i]) whose names have the same form, and,
    per pair, the position of its set's first pair in that selection. A name's form (its
    `NameForm`) is its text, tokens, tags and script (the symbols follow from the
    tokens), so two pairs of the same forms score the same."""
    texts, tokens, tags, abjad = (
        index.names.texts,
        index.names.tokens,
        index.names.tags,
        index.names.abjad,
    )
    form_of: dict[tuple[str, str, str, bool], int] = {}
    positions = np.unique(np.concatenate([a, b]))
    ids = np.empty(len(positions), dtype=np.int64)
    for i, p in enumerate(positions.tolist()):
        ids[i] = form_of.setdefault((texts[p], tokens[p], tags[p], bool(abjad[p])), len(form_of))
    pair_ids = (
        ids[np.searchsorted(positions, a)] * len(form_of) + ids[np.searchsorted(positions, b)]
    )
    _, first, back = np.unique(pair_ids, return_index=True, return_inverse=True)
    return first, back.reshape(-1)


def score_names_parallel(
    index: ScreenIndex, folder: Path | None, a: Positions, b: Positions, workers: int
) -> npt.NDArray[np.float32]:
    """As `score_names`, each distinct pair of name forms once (`distinct_pairs`), on
    `workers` processes that load the index saved in `folder` (this process scores alone
    when there is no saved index or one worker)."""
    first, back = distinct_pairs(index, a, b)
    return _score_all(index, folder, a[first], b[first], workers)[back]


def _score_all(
    index: ScreenIndex, folder: Path | None, a: Positions, b: Positions, workers: int
) -> npt.NDArray[np.float32]:
    if workers <= 1 or folder is None or len(a) < 2 * _BLOCK:
        return score_names(index, a, b)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_start, initargs=(folder, os.getpid())
    ) as pool:
        blocks = [
            pool.submit(_score_block, a[i : i + _BLOCK], b[i : i + _BLOCK])
            for i in range(0, len(a), _BLOCK)
        ]
        return np.concatenate([block.result() for block in blocks])
