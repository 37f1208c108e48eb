"""Screening reads its rows in bulk and scores a list name once, with the same results.

A saved index is read lazily; a block of queries reads its candidates' rows in one Arrow
`take`, `kleptrace media` reads every row at start-up, and a list name spelt alike on
several lists is scored once per query name. The fixture indexes real people of the EU
Official Journal annexes, saves the index and loads it back: the loaded index must give
the rows of the one it was saved from, and every match's name score must be that of its
best list name, scored by `compare_names` pair by pair in the test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kleptrace.screen import Query, Screener
from kleptrace.screen import index as indexing
from kleptrace.screen.forms import name_forms
from kleptrace.screen.index import ScreenIndex, Target, assemble
from kleptrace.screen.similarity import compare_names

_PEOPLE = 400


@pytest.fixture(scope="module")
def built(data_dir: Path) -> ScreenIndex:
    """The first few hundred EU people with their names and aliases, indexed in memory."""
    path = data_dir / "eu_journal_opensanctions" / "consolidated" / "32014R0269.csv"
    targets, texts = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["schema"] != "Person":
                continue
            names = [row["name"], *(v.strip() for v in row["alias"].split(";") if v.strip())]
            number = len(targets)
            target = Target(f"eu-{number}", "Person", names[0], (), ("eu",), (), (), (), None)
            targets.append(target)
            texts.append(list(dict.fromkeys(names)))
            if len(targets) == _PEOPLE:
                break
    return assemble("test", targets, texts)


@pytest.fixture()
def loaded(built: ScreenIndex, tmp_path: Path) -> ScreenIndex:
    indexing.save(built, tmp_path / "index")
    return indexing.load(tmp_path / "index")


def _queries(built: ScreenIndex) -> list[Query]:
    """Every tenth list name as written, and with a letter dropped."""
    out = []
    for position in range(0, len(built.names), 10):
        text = built.names.texts[position]
        out += [Query((text,), "Person"), Query((text[:3] + text[4:],), "Person")]
    return out


def test_bulk_reads_give_the_rows_read_one_by_one(
    built: ScreenIndex, loaded: ScreenIndex, tmp_path: Path
) -> None:
    positions = list(range(len(built.names) - 1, -1, -3))
    loaded.fetch(positions)
    for position in positions:
        assert loaded.names[position] == built.names[position]
        owner = int(built.name_target[position])
        assert loaded.targets[owner] == built.targets[owner]
    again = indexing.load(tmp_path / "index")
    assert again.read_all() == list(built.targets)
    assert list(again.names.tokens) == list(built.names.tokens)
    assert again.entity_ids() == [t.entity_id for t in built.targets]


def test_a_loaded_index_screens_as_the_index_it_was_saved_from(
    built: ScreenIndex, loaded: ScreenIndex
) -> None:
    queries = _queries(built)
    expected = Screener(built).screen_many(queries, threshold=0.6, limit=25)
    found = Screener(loaded).screen_many(queries, threshold=0.6, limit=25)
    assert sum(len(m) for m in found) >= len(queries) // 2
    assert [[(m.entity_id, m.score, m.matched_name) for m in ms] for ms in found] == [
        [(m.entity_id, m.score, m.matched_name) for m in ms] for ms in expected
    ]


def test_each_match_has_the_name_score_of_its_best_list_name(built: ScreenIndex) -> None:
    screener = Screener(built)
    vocabulary, symbols = built.vocabulary, built.vocabulary.symbols
    positions: dict[str, list[int]] = {}
    for position, owner in enumerate(built.name_target.tolist()):
        positions.setdefault(built.targets[owner].entity_id, []).append(position)
    queries = _queries(built)
    checked = 0
    for query, matches in zip(queries, screener.screen_many(queries, 0.6, 25), strict=True):
        forms = [f for f in name_forms(query.names[0], "Person", symbols) if f.tokens]
        for match in matches:
            best = max(
                compare_names(form, built.names[p], vocabulary.weight, vocabulary.cost).score
                for form in forms
                for p in positions[match.entity_id]
            )
            assert match.features[0].value == round(best, 4), (query, match.matched_name)
            checked += 1
    assert checked >= len(queries) // 2


def test_names_screened_again_with_other_evidence_score_as_on_a_fresh_screener(
    built: ScreenIndex,
) -> None:
    """One screener keeps every pair of names it scored (`kleptrace media` screens a name
    again on each page, with that page's countries): the second screening must give what
    a screener that never saw the names gives, evidence and all."""
    plain = _queries(built)
    again = [Query(q.names, "Person", countries=("ru",), birth_dates=("1960",)) for q in plain]
    screener = Screener(built)
    screener.screen_many(plain, threshold=0.6, limit=25)
    kept = len(screener._compared)
    second = screener.screen_many(again, threshold=0.6, limit=25)
    new = Screener(built)
    fresh = new.screen_many(again, threshold=0.6, limit=25)
    # Screened down to a lower name score (evidence may lift it), the second block meets
    # more list names, but only those are scored anew.
    assert 0 < len(screener._compared) - kept < len(new._compared)
    assert sum(len(m) for m in second) >= len(plain) // 2
    assert [[m.to_dict() for m in ms] for ms in second] == [
        [m.to_dict() for m in ms] for ms in fresh
    ]
