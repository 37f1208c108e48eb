"""Each distinct pair of name forms is scored once, with the score every pair of those
forms would get, on two real lists (UN Security Council and Australia DFAT, which repeats
most UN designations, so many pairs of names are written alike on both lists)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt
import pytest

from kleptrace.resolve import name_scores, run
from kleptrace.resolve.blocking import candidate_pairs
from kleptrace.screen import Screener
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex


def test_a_pair_of_name_forms_is_scored_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = Screener.open(db).index
    names = np.arange(len(index.name_target), dtype=np.int64)

    def apart(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        return np.asarray(index.name_target[a] != index.name_target[b], dtype=bool)

    a, b, _ = candidate_pairs(index, names, apart)
    one_by_one = name_scores.score_names(index, a, b)
    # The pairs of parsed names (NameForm: text, tokens, tags, symbols, script) the test
    # counts itself: every pair of the same two forms must be scored once.
    forms = {(index.names[x], index.names[y]) for x, y in zip(a.tolist(), b.tolist(), strict=True)}
    assert len(forms) < 0.9 * len(a)

    scored: list[int] = []
    original = name_scores.score_names

    def counting(
        index_: object, x: npt.NDArray[np.int64], y: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        scored.append(len(x))
        return original(index, x, y)

    monkeypatch.setattr(name_scores, "score_names", counting)
    together = name_scores.score_names_parallel(index, None, a, b, workers=1)
    assert sum(scored) == len(forms)
    assert np.array_equal(together, one_by_one)


def test_bracketed_names_score_each_pair_of_forms_once(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The UN and DFAT both write "LASHKAR I JHANGVI (LJ)" and the like: re-scoring the
    name before the bracket against the other list's names meets one pair of forms on
    several pairs of records, and scores it once."""
    index = Screener.open(db).index
    calls: list[tuple[NameForm, NameForm]] = []
    original = run.name_score

    def counting(index_: ScreenIndex, x: NameForm, y: NameForm) -> float:
        calls.append((x, y))
        return original(index_, x, y)

    monkeypatch.setattr(run, "name_score", counting)
    con = duckdb.connect(str(db), read_only=True)
    run.resolve_records(con, index)
    con.close()
    assert any(form.text.endswith(")") for pair in calls for form in pair)
    assert len(calls) == len(set(calls))
