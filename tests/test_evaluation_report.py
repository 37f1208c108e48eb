"""The evaluation's judging and report, on hand-made cases and scores (no store)."""

from __future__ import annotations

from typing import Any

from benchmarks.evaluate import (
    Evaluated,
    Judge,
    Run,
    peer_sample,
    render,
    targets_table,
    top,
)
from benchmarks.evaluation.cases import Entity
from benchmarks.evaluation.metrics import tally


def _person(entity_id: str, born: str) -> Entity:
    entity = Entity(entity_id, "Person", {"un_sc"}, [entity_id])
    entity.birth_dates.add(born)
    return entity


ENTITIES = {e.id: e for e in (_person("a", "1960-01-01"), _person("b", "1990-05-05"))}
ENTITIES["c"] = _person("c", "1960-01-02")


def _case(name: str, cls: str, label: bool, targets: list[str], split: str) -> dict[str, Any]:
    source = targets[0] if targets and cls != "neg_customer" else None
    return {
        "case": name,
        "class": cls,
        "label": label,
        "query": {"schema": "Person", "names": [name], "birth_dates": ["1960"]},
        "target_ids": targets,
        "source_id": source,
        "split": split,
        "system": "icao",
    }


CASES = [
    _case("found", "cross_script_cyrillic", True, ["a"], "test"),
    _case("missed", "cross_script_cyrillic", True, ["a"], "tune"),
    _case("customer", "neg_customer", False, [], "test"),
    _case("namesake", "dob_far", False, ["a"], "test"),
    _case("alias", "alias", True, ["a"], "test"),
    _case("translit", "translit", True, ["a"], "test"),
]
# Per case: every candidate with its score.
CANDIDATES = [
    [("a", 0.95), ("b", 0.9)],
    [("a", 0.80)],
    [("b", 0.88)],
    [("a", 0.86)],
    [("c", 0.90), ("a", 0.70)],
    [("a", 0.99)],
]


def test_judge_tells_found_targets_from_false_alerts() -> None:
    judge = Judge(ENTITIES)
    found = judge(CASES[0], top(CANDIDATES[0], 0.85))
    assert found.found and found.false_alert  # b's birth date is 30 years from a's
    assert not judge(CASES[1], top(CANDIDATES[1], 0.85)).found
    assert judge(CASES[2], top(CANDIDATES[2], 0.85)).false_alert  # a customer on no list
    namesake = judge(CASES[3], top(CANDIDATES[3], 0.85))
    assert namesake.false_alert and not namesake.positive
    unknown = judge(CASES[4], top(CANDIDATES[4], 0.85))  # c: nothing proves it is not a
    assert not unknown.found and not unknown.false_alert
    t = tally(judge(c, top(a, 0.85)) for c, a in zip(CASES, CANDIDATES, strict=True))
    assert (t.positives, t.found, t.false_alerts) == (4, 2, 3)
    assert t.precision == 2 / 5 and t.recall == 0.5


def test_best_threshold_comes_from_the_tune_split_only() -> None:
    run = Run("kleptrace", CANDIDATES, 0.85)
    run.tune(Judge(ENTITIES), CASES)
    # The only tune case is found from 0.80 down; 0.50 is the first such threshold.
    assert run.best == 0.5 and run.tune_f1 == 1.0


def test_peer_sample_takes_the_first_of_each_class() -> None:
    assert peer_sample(CASES, 1, 1) == [0, 2, 3, 4, 5]


def test_targets_and_report_render() -> None:
    judge = Judge(ENTITIES)
    e2e = [judge(c, top(a, 0.85)) for c, a in zip(CASES, CANDIDATES, strict=True)]
    lines = targets_table(CASES, [0, 2, 3, 4, 5], e2e)
    assert "| cross_script_cyrillic recall | >= 0.98 | 1.000 | met |" in lines
    assert "| alias recall | >= 0.9 | 0.000 | **not met** |" in lines
    run = Run("kleptrace", CANDIDATES, 0.85, end_to_end=[top(a, 0.85) for a in CANDIDATES])
    run.tune(judge, CASES)
    peer = Run("logic-v2", CANDIDATES, 0.7)
    peer.tune(judge, CASES)
    timing = {"pairs_per_second": 100.0}
    speed = {
        "e2e_rate": 1000.0,
        "equal": {"single": 5000.0, "parallel": 9000.0, "startup": 0.1},
        "pairs_per_name": 10.0,
        "speed_pairs": 100,
        "speed_names": 10,
        "peers": {
            p: {"timed": timing, "single": timing, "startup_seconds": 1.0}
            for p in ("logic-v2", "name-based")
        },
        "files": {
            "names": 100,
            "seconds": 2.0,
            "startup": 1.0,
            "per_second": 50.0,
            "per_second_after_startup": 100.0,
            "hits": 3,
        },
        "workers": 2,
        "latency": ["- cold: 1.0 s", "- warm: 2.0 ms"],
        "quick": True,
        "seconds": 60.0,
        "load": (1.0, 1.0),
    }
    evaluated = Evaluated(CASES, run, CANDIDATES, [0.95, 0.8, 0, 0, 0.7, 0.99], e2e, e2e)
    report = render(evaluated, CASES, [run, peer, peer], judge, speed)
    for heading in ("## Targets", "## Against the peers", "## Retrieval", "## Speed"):
        assert heading in report
    assert "| neg_customer | 0 / 1 | 10,000 per 10k | 10,000 per 10k |" in report
    assert "- icao: 1.000 of 1" in report
    assert "- warm: 2.0 ms" in report


def test_an_alert_on_another_record_of_the_very_name_is_a_namesake() -> None:
    petrov, twin, near = (
        _person(i, f"{year}-01-01") for i, year in (("x", 1960), ("y", 1990), ("z", 1990))
    )
    petrov.names, twin.names, near.names = ["Ivan PETROV"], ["PETROV, Ivan"], ["Ivan PETROVA"]
    judge = Judge({e.id: e for e in (petrov, twin, near)})
    case = _case("Ivan Petrov", "cross_list", True, ["x"], "test")
    case["query"]["birth_dates"] = []
    namesake = judge(case, [("x", 1.0), ("y", 1.0)])  # y is born 30 years later
    assert namesake.found and namesake.namesake and not namesake.false_alert
    assert judge(case, [("x", 1.0), ("z", 0.9)]).false_alert  # another name: false
    case["query"]["birth_dates"] = ["1960"]  # a date the matcher could have used
    assert judge(case, [("x", 1.0), ("y", 1.0)]).false_alert
    t = tally([namesake, judge(case, [("x", 1.0)])])
    assert (t.found, t.false_alerts, t.namesake_alerts) == (2, 0, 1)
    assert t.precision == 1.0 and t.strict_precision == 2 / 3
