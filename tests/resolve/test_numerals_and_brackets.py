"""Two ways lists write one name, on real lists. Numbers: the Ukraine War and Sanctions
portal writes LION I and SIRIUS 1, the FCDO list LION 1 and SIRIUS 1 (and the EU Sirius
I): one number in digits on one list and in Roman numerals on another must still make
a candidate pair. Brackets: the UN writes "LASHKAR I JHANGVI (LJ)" and "ATOMIC ENERGY
ORGANISATION OF IRAN (AEOI)", the FCDO the names without the abbreviation. Which records
are written so is read here from the stored statements, not by the resolver."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from kleptrace.resolve.brackets import bracket_forms
from kleptrace.resolve.evaluation import GROUND_TRUTH
from kleptrace.resolve.run import THRESHOLD, Resolution, resolve_records
from kleptrace.screen import Screener

Names = dict[str, tuple[str, str, set[str]]]
"""Per designated target: its source, its schema and its names (`name`, `alias`)."""
Keys = Callable[[str], list[tuple[str, ...]]]
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


@pytest.fixture(scope="module")
def db(
    tmp_path_factory: pytest.TempPathFactory,
    ua_targets_db: Path,
    load_lists: Callable[..., Path],
) -> Path:
    """The Ukraine War and Sanctions targets, the FCDO list and the UN list in one store."""
    path = tmp_path_factory.mktemp("numerals") / "store.duckdb"
    shutil.copy(ua_targets_db, path)
    return load_lists(path, "uk_fcdo_derived", "un_sc/consolidated.xml")


@pytest.fixture(scope="module")
def names(db: Path) -> Names:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT s.entity_id, c.source, s.schema, s.value FROM current_statements s "
        "JOIN current_versions c USING (version_id) WHERE s.prop IN ('name', 'alias') "
        "AND s.entity_id IN (SELECT entity_id FROM current_designations)"
    ).fetchall()
    con.close()
    out: Names = {}
    for entity_id, source, schema, value in rows:
        out.setdefault(entity_id, (source, schema, set()))[2].add(value)
    return out


@pytest.fixture(scope="module")
def result(db: Path) -> Resolution:
    con = duckdb.connect(str(db), read_only=True)
    found = resolve_records(con, Screener.open(db).index, hidden=GROUND_TRUTH)
    con.close()
    return found


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", name.upper()))


def _number(word: str) -> str:
    """A number word as its value in digits; any other word as it is."""
    return str(int(word)) if word.isdigit() else str(ROMAN.get(word, word))


def _pairs(result: Resolution, names: Names, keys_a: Keys, keys_b: Keys) -> set[tuple[int, int]]:
    """Pairs of records of two sources and one schema, one with a name of key
    `keys_a(name)` that the other has a name of under `keys_b`."""
    position = {r.entity_id: i for i, r in enumerate(result.records)}
    by_key: dict[tuple[str, ...], set[str]] = {}
    for entity_id, (_, _, written) in names.items():
        for name in written:
            for key in keys_b(name):
                by_key.setdefault(key, set()).add(entity_id)
    found: set[tuple[int, int]] = set()
    for entity_id, (source, schema, written) in names.items():
        for name in written:
            for key in keys_a(name):
                for other in by_key.get(key, set()):
                    if names[other][0] != source and names[other][1] == schema:
                        a, b = sorted((position[entity_id], position[other]))
                        found.add((a, b))
    return found


def _numbers_in_digits(name: str) -> list[tuple[str, ...]]:
    """The name's words with its numbers in digits, if it has one in Roman numerals."""
    words = _words(name)
    return [tuple(map(_number, words))] if any(w in ROMAN for w in words) else []


def _digit_numbers(name: str) -> list[tuple[str, ...]]:
    words = _words(name)
    return [tuple(map(_number, words))] if any(w.isdigit() for w in words) else []


def test_numbers_in_digits_and_roman_numerals_make_a_candidate_pair(
    result: Resolution, names: Names, db: Path
) -> None:
    vessels = {e: v for e, v in names.items() if v[1] == "Vessel"}
    pairs = _pairs(result, vessels, _numbers_in_digits, _digit_numbers)
    assert len(pairs) >= 3  # LION I ~ LION 1, SEA MARINE 1 ~ ..., SARA II ~ Sara 2
    con = duckdb.connect(str(db), read_only=True)
    imo = dict(
        con.execute(
            "SELECT entity_id, value FROM current_statements WHERE prop = 'imoNumber'"
        ).fetchall()
    )
    con.close()
    clusters = {i: n for n, group in enumerate(result.groups) for i in group}
    one_ship = 0
    for a, b in pairs:
        ids = (result.records[a].entity_id, result.records[b].entity_id)
        assert (a, b) in result.scores, ids
        if imo.get(ids[0]) is not None and imo.get(ids[0]) == imo.get(ids[1]):
            one_ship += 1  # the hidden IMO numbers say one ship: merged on the names
            assert clusters[a] == clusters[b], ids
    assert one_ship >= 1  # LION I ~ LION 1


def _before_abbreviation(name: str) -> list[tuple[str, ...]]:
    """The words before a final bracketed abbreviation in capitals, if there is one."""
    found = re.fullmatch(r"(.+?)\s*\(([A-Z0-9 ]+)\)", name.strip())
    return [_words(found[1])] if found else []


def test_a_name_with_its_abbreviation_in_brackets_matches_the_name_without(
    result: Resolution, names: Names
) -> None:
    organisations = {e: v for e, v in names.items() if v[1] not in ("Person", "Vessel")}
    pairs = _pairs(result, organisations, _before_abbreviation, lambda name: [_words(name)])
    assert len(pairs) >= 2  # LASHKAR I JHANGVI (LJ), ATOMIC ENERGY ORGANISATION OF IRAN (AEOI)
    clusters = {i: n for n, group in enumerate(result.groups) for i in group}
    for a, b in pairs:
        ids = (result.records[a].entity_id, result.records[b].entity_id)
        assert result.scores.get((a, b), 0.0) >= THRESHOLD, ids
        assert clusters[a] == clusters[b], ids


def test_only_a_final_bracketed_part_is_left_out() -> None:
    forms = bracket_forms("LASHKAR I JHANGVI (LJ)", "Organization", {})
    assert [f.tokens for f in forms] == [("lashkar", "i", "jhangvi")]
    assert bracket_forms("VDNE LLC (KB MIS) GROUP", "Organization", {}) == []
    assert bracket_forms("MYANMAR GEMS ENTERPRISE", "Organization", {}) == []
