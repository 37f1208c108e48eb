"""The naive rapidfuzz peer (benchmarks/peers/rapidfuzz_baseline.py): its scores must mean what
the benchmark report says they mean, or every ratio quoted against it is wrong."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BASELINE = Path(__file__).resolve().parents[1] / "benchmarks" / "peers" / "rapidfuzz_baseline.py"


def load_baseline() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rapidfuzz_baseline", BASELINE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def screener() -> Any:
    baseline = load_baseline()
    return baseline.BruteForce(
        names=[
            "Vladimir Vladimirovich Putin",
            "PUTIN, Vladimir",
            "Nicolás Maduro Moros",
            "OAO Rosneft Oil Company",
            "Rosneft",
            "Gazprom",
        ],
        ids=["putin", "putin", "maduro", "rosneft", "rosneft", "gazprom"],
    )


def test_normalize_strips_case_accents_and_punctuation() -> None:
    assert load_baseline().normalize("  Nicolás MADURO, Moros ") == "nicolas maduro  moros"


def test_identical_name_scores_one(screener: Any) -> None:
    assert screener.score_pairs([("Vladimir Vladimirovich Putin", "putin")]) == [1.0]


def test_order_swap_and_accents_score_one(screener: Any) -> None:
    scores = screener.score_pairs([("Putin Vladimir", "putin"), ("Maduro Moros Nicolas", "maduro")])
    assert scores == [1.0, 1.0]


def test_pair_takes_the_candidates_best_name(screener: Any) -> None:
    [score] = screener.score_pairs([("Rosneft", "rosneft")])
    assert score == 1.0


def test_unrelated_name_scores_low(screener: Any) -> None:
    [score] = screener.score_pairs([("John Smith", "putin")])
    assert score < 0.4


def test_unknown_candidate_is_an_error(screener: Any) -> None:
    with pytest.raises(KeyError):
        screener.score_pairs([("Vladimir Putin", "nobody")])


def test_screen_finds_every_list_name_above_threshold(screener: Any) -> None:
    [putin, rosneft, nobody] = screener.screen(
        ["Vladimir Putin", "Rosneft Oil Company", "John Smith"], threshold=0.6, limit=5
    )
    assert [entity_id for entity_id, _ in putin] == ["putin"]
    assert putin[0][1] == 1.0
    assert rosneft[0][0] == "rosneft"
    assert all(score >= 0.6 for _, score in rosneft)
    assert nobody == []


def test_screen_ranks_best_first_and_honours_limit(screener: Any) -> None:
    [hits] = screener.screen(["Rosneft"], threshold=0.0, limit=2)
    assert len(hits) == 2
    assert hits[0] == ("rosneft", 1.0)
    assert hits[0][1] >= hits[1][1]
