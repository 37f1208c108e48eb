"""Clustering never chains two different targets through one weak link, and human
judgements override the model (crafted records, no store)."""

from __future__ import annotations

from kleptrace.resolve.cluster import cluster
from kleptrace.resolve.compare import Record, contradiction, score
from kleptrace.resolve.stable_ids import assign, fresh_id


def _person(entity_id: str, source: str, *dates: str) -> Record:
    return Record(entity_id, "Person", (source,), dates, (), None)


# Two namesakes born 30 years apart, and a third record of the name with no date.
OLD = _person("uk-1", "gb", "1950-02-01")
UNDATED = _person("us-1", "us")
YOUNG = _person("eu-1", "eu", "1980-07-09")
RECORDS = [OLD, UNDATED, YOUNG]


def _conflict(a: int, b: int) -> bool:
    return contradiction(RECORDS[a], RECORDS[b]) is not None


def test_far_apart_birth_dates_contradict() -> None:
    assert contradiction(OLD, YOUNG) is not None
    assert contradiction(OLD, UNDATED) is None
    assert contradiction(UNDATED, YOUNG) is None


def test_one_weak_link_never_chains_two_namesakes() -> None:
    pairs = [(0, 1, 0.95), (1, 2, 0.96)]
    groups = cluster(3, pairs, 0.9, _conflict)
    assert sorted(groups) == [[0], [1, 2]]


def test_two_records_of_one_list_never_merge() -> None:
    a, b = _person("gb-1", "gb"), _person("gb-2", "gb")
    assert contradiction(a, b) == "same list"


def test_different_unique_identifiers_contradict_and_shared_ones_agree() -> None:
    a = Record("a", "Vessel", ("eu",), (), (), None, {"imoNumber": frozenset(["9187629"])})
    b = Record("b", "Vessel", ("gb",), (), (), None, {"imoNumber": frozenset(["9187630"])})
    c = Record("c", "Vessel", ("us",), (), (), None, {"imoNumber": frozenset(["9187629"])})
    assert contradiction(a, b) == "different imoNumber"
    assert contradiction(a, c) is None
    assert score(0.5, a, c)[0] > 0.5


def test_judged_same_merges_across_the_model_and_different_splits() -> None:
    judged_apart = {frozenset((1, 2))}

    def conflict(a: int, b: int) -> bool:
        return frozenset((a, b)) in judged_apart or _conflict(a, b)

    groups = cluster(3, [(1, 2, 0.99)], 0.9, conflict, same=[(0, 1)])
    assert sorted(groups) == [[0, 1], [2]]


def test_pairs_below_the_threshold_do_not_merge() -> None:
    assert sorted(cluster(3, [(0, 1, 0.5)], 0.9, _conflict)) == [[0], [1], [2]]


def test_a_cluster_keeps_its_id_while_most_members_stay() -> None:
    previous = {"a": "kt-1", "b": "kt-1", "c": "kt-1", "d": "kt-2", "e": "kt-2"}
    ids = assign([["a", "b", "x"], ["c"], ["d"], ["e"]], previous)
    assert ids[0] == "kt-1"  # two of its three members stayed together
    assert ids[1] == fresh_id(["c"])
    assert ids[2] != "kt-2" and ids[3] != "kt-2"  # one of two is not most
    assert len(set(ids)) == 4
