"""Resolution on two real lists (UN Security Council and UK OFSI): the records the lists
themselves join by UN reference number come out in one cluster, with those numbers
hidden from the resolver; judgements override the model; canonical ids survive the
reload of a changed list."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.resolve import clusters, judgements, resolve_store, run
from kleptrace.resolve.run import resolve_records
from kleptrace.screen import Screener
from kleptrace.store.load import load
from kleptrace.store.plan import plan

UN_XML = "un_sc/consolidated.xml"


def _load(db: Path, path: Path) -> None:
    con = store.connect(db)
    (files,), _ = plan([path])
    load(con, files)
    con.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("resolve") / "store.duckdb"
    _load(path, data_dir / UN_XML)
    _load(path, data_dir / "uk_ofsi" / "ConList.xlsx")
    return path


def _un_reference_pairs(db: Path) -> set[frozenset[str]]:
    """Pairs of a UN and an OFSI target that carry the same UN reference (computed here
    from the stored Sanction statements, not by the resolver)."""
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT upper(trim(r.value)), e.value FROM current_statements r "
        "JOIN current_statements e ON e.entity_id = r.entity_id AND e.dataset = r.dataset "
        "WHERE r.prop = 'unscId' AND e.prop = 'entity'"
    ).fetchall()
    con.close()
    by_ref: dict[str, set[str]] = {}
    for ref, target in rows:
        by_ref.setdefault(ref, set()).add(target)
    return {
        frozenset(p)
        for targets in by_ref.values()
        for p in combinations(sorted(targets), 2)
        if {t.split("-")[0] for t in p} == {"unsc", "gb"}
    }


def test_records_sharing_a_un_reference_cluster_together_with_it_hidden(db: Path) -> None:
    truth = _un_reference_pairs(db)
    assert len(truth) > 700
    index = Screener.open(db).index
    con = duckdb.connect(str(db), read_only=True)
    result = resolve_records(con, index, hidden=("unscId", "passportNumber", "ofsiGroupId"))
    con.close()
    predicted = {
        frozenset((result.records[a].entity_id, result.records[b].entity_id))
        for group in result.groups
        for a, b in combinations(group, 2)
    }
    found = len(truth & predicted)
    assert found / len(truth) >= 0.9
    un_uk = {p for p in predicted if {e.split("-")[0] for e in p} == {"unsc", "gb"}}
    labelled = {p for p in un_uk if any(e in q for q in truth for e in p)}
    assert len(labelled & truth) / len(labelled) >= 0.98


def test_judgements_override_and_ids_survive_a_changed_list(
    db: Path, data_dir: Path, tmp_path: Path
) -> None:
    first = resolve_store(db)
    assert (
        first["records"]
        == first["clusters"]
        + first["records_in_multi_list_clusters"]
        - first["multi_list_clusters"]
    )
    con = duckdb.connect(str(db), read_only=True)
    before = clusters(con).to_pylist()
    con.close()
    by_cluster: dict[str, list[str]] = {}
    for row in before:
        by_cluster.setdefault(row["cluster_id"], []).append(row["entity_id"])
    pairs = sorted(m for m in by_cluster.values() if len(m) == 2)
    split, kept = pairs[0], pairs[1:]
    singles = sorted(m[0] for m in by_cluster.values() if len(m) == 1 and m[0].startswith("gb-"))
    un_singles = sorted(
        m[0] for m in by_cluster.values() if len(m) == 1 and m[0].startswith("unsc")
    )
    joined = (singles[0], un_singles[0])

    con = store.connect(db)
    judgements.judge(con, split[0], split[1], "different", "tester", "namesakes")
    judgements.judge(con, joined[0], joined[1], "same", "tester", None)
    con.close()

    # A changed UN list: the first ten individuals removed.
    original = (data_dir / UN_XML).read_text(encoding="utf-8")
    individuals = list(re.finditer(r"<INDIVIDUAL>.*?</INDIVIDUAL>", original, flags=re.S))
    removed = individuals[:10]
    changed = original[: removed[0].start()] + original[removed[-1].end() :]
    copy = tmp_path / "un_sc" / "consolidated.xml"
    copy.parent.mkdir()
    copy.write_text(changed, encoding="utf-8")
    _load(db, copy)

    second = resolve_store(db)
    assert second["judgements"] == 2
    con = duckdb.connect(str(db), read_only=True)
    after = clusters(con).to_pylist()
    con.close()
    cluster_of = {row["entity_id"]: row["cluster_id"] for row in after}
    assert cluster_of[split[0]] != cluster_of[split[1]]
    assert cluster_of[joined[0]] == cluster_of[joined[1]]
    old_id = {row["entity_id"]: row["cluster_id"] for row in before}
    survivors = [m for m in kept if all(e in cluster_of for e in m)]
    assert len(survivors) > 500
    moved = [m for m in survivors if cluster_of[m[0]] != old_id[m[0]]]
    assert len(moved) <= len(survivors) // 100
    assert second["ids_kept_from_last_run"] >= len(survivors) - len(moved)


def test_a_second_name_pair_finds_what_the_best_covered_one_misses(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each pair of records takes the better of its two best-covered name pairs: no pair
    scores lower than on the best-covered names alone, some score higher, and no pair
    the lists join by UN reference is lost."""
    index = Screener.open(db).index
    con = duckdb.connect(str(db), read_only=True)
    hidden = ("unscId", "passportNumber", "ofsiGroupId")
    two = resolve_records(con, index, hidden=hidden)
    monkeypatch.setattr(run, "NAME_PAIRS", 1)
    one = resolve_records(con, index, hidden=hidden)
    con.close()
    assert two.scores.keys() == one.scores.keys()
    assert all(two.scores[p] >= one.scores[p] for p in one.scores)
    assert any(two.scores[p] > one.scores[p] for p in one.scores)
    truth = _un_reference_pairs(db)

    def found(result: run.Resolution) -> int:
        predicted = {
            frozenset((result.records[a].entity_id, result.records[b].entity_id))
            for group in result.groups
            for a, b in combinations(group, 2)
        }
        return len(truth & predicted)

    assert found(two) >= found(one)
