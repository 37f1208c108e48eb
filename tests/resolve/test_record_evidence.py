"""Postcodes, legal forms and translated names of organisations and former names of vessels
in resolution, on a real list: the Ukraine War and Sanctions targets give Russian
companies' addresses with their postcodes, their names with their legal forms, often
both transliterated ("ZAVOD SPETSPLASTINA JSC") and translated ("SPETSPLASTINA PLANT"),
and ships' earlier names as aliases. Expectations come from the stored statements,
read here, not by the resolver."""

from __future__ import annotations

import re
from itertools import combinations, pairwise
from pathlib import Path

import duckdb
import numpy as np
import pytest

from kleptrace.resolve import glosses, records
from kleptrace.resolve.cluster import cluster
from kleptrace.resolve.compare import (
    FORMER_NAME,
    FORMER_NAMES_ONLY,
    POSTCODE_AGREES,
    SHORT_NAME_LETTERS,
    Record,
    address_apart,
    contradiction,
    elsewhere,
    former_name_only,
    score,
    shared_postcode,
)
from kleptrace.resolve.run import THRESHOLD, legal_form_kinds, short_names
from kleptrace.screen import Screener
from kleptrace.screen.index import ScreenIndex

Raw = dict[str, dict[str, set[str]]]


def _raw(
    ua_con: duckdb.DuckDBPyConnection, schemata: tuple[str, ...], props: tuple[str, ...]
) -> Raw:
    rows = ua_con.execute(
        "SELECT entity_id, prop, value FROM current_statements "
        "WHERE list_contains(?, schema) AND list_contains(?, prop)",
        [list(schemata), list(props)],
    ).fetchall()
    out: Raw = {}
    for entity_id, prop, value in rows:
        out.setdefault(entity_id, {}).setdefault(prop, set()).add(value)
    return out


@pytest.fixture(scope="module")
def postcodes(ua_con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """Per organisation, the runs of exactly six digits in its raw addresses."""
    raw = _raw(ua_con, ("Company", "Organization", "LegalEntity"), ("address",))
    out = {
        entity_id: frozenset(
            run
            for address in props["address"]
            for run in re.findall(r"\d+", address)
            if len(run) == 6
        )
        for entity_id, props in raw.items()
    }
    return {entity_id: codes for entity_id, codes in out.items() if codes}


def _company(entity_id: str, codes: frozenset[str]) -> Record:
    return Record(entity_id, "Company", (entity_id,), (), (), None, postcodes=codes)


def test_postcodes_are_read_from_every_address(
    ua_con: duckdb.DuckDBPyConnection, postcodes: dict[str, frozenset[str]]
) -> None:
    assert postcodes
    assert records.postcodes(ua_con) == postcodes


def test_a_shared_postcode_supports_the_pair(postcodes: dict[str, frozenset[str]]) -> None:
    by_code: dict[str, list[str]] = {}
    for entity_id, codes in sorted(postcodes.items()):
        for code in codes:
            by_code.setdefault(code, []).append(entity_id)
    sharing = [ids[:2] for _, ids in sorted(by_code.items()) if len(ids) > 1]
    assert sharing
    for a, b in sharing:
        ra, rb = _company(a, postcodes[a]), _company(b, postcodes[b])
        assert shared_postcode(ra, rb) == min(postcodes[a] & postcodes[b])
        near, features = score(0.85, ra, rb)
        assert near == pytest.approx(0.85 + 0.15 * POSTCODE_AGREES) and near >= THRESHOLD
        assert any(f.name == "address" and f.detail == shared_postcode(ra, rb) for f in features)
        assert score(0.75, ra, rb)[0] < THRESHOLD
        assert score(0.85, _company(a, frozenset()), rb)[0] == pytest.approx(0.85)


def test_organisations_with_other_postcodes_are_not_chained(
    postcodes: dict[str, frozenset[str]],
) -> None:
    """Two companies whose addresses have no postcode in common and a third record with
    no address that resembles both: it joins one of them, not both."""
    ids = sorted(postcodes)
    apart = [(a, b) for a, b in pairwise(ids) if not postcodes[a] & postcodes[b]]
    assert apart
    for a, b in apart:
        ra, rb = _company(a, postcodes[a]), _company(b, postcodes[b])
        silent = _company("silent", frozenset())
        assert address_apart(ra, rb, None)
        assert not address_apart(ra, rb, THRESHOLD)
        assert not address_apart(ra, silent, None)
        trio = [ra, rb, silent]
        groups = cluster(
            3,
            [(0, 2, 1.0), (1, 2, 1.0)],
            THRESHOLD,
            lambda x, y, trio=trio: address_apart(trio[x], trio[y], None),
        )
        assert sorted(len(g) for g in groups) == [1, 2]


def _key(name: str) -> str:
    return " ".join(sorted(re.sub(r"[^\w]+", " ", name.upper()).split()))


def _vessel(entity_id: str, props: dict[str, set[str]]) -> Record:
    current = frozenset(_key(n) for n in props.get("name", set()))
    others = frozenset(
        _key(n) for n in props.get("alias", set()) | props.get("previousName", set())
    )
    return Record(
        entity_id,
        "Vessel",
        (entity_id,),
        (),
        (),
        None,
        names=current,
        former_names=others - current,
    )


@pytest.fixture(scope="module")
def vessels(ua_con: duckdb.DuckDBPyConnection) -> Raw:
    return _raw(ua_con, ("Vessel",), ("name", "alias", "previousName"))


def test_vessel_names_are_the_current_names(
    ua_con: duckdb.DuckDBPyConnection, vessels: Raw
) -> None:
    expected = {e: props["name"] for e, props in vessels.items() if props.get("name")}
    assert records.vessel_names(ua_con) == expected


def test_a_ship_found_under_a_former_name_ranks_after_current_names(vessels: Raw) -> None:
    """A ship whose earlier name is another listed ship's current name: the pair still
    merges on an exact name, but after the pairs of ships found under current names."""
    found = [_vessel(e, props) for e, props in sorted(vessels.items())]
    renamed = [
        (a, b)
        for a, b in combinations(found, 2)
        if not a.names & b.names and (a.names & b.former_names or a.former_names & b.names)
    ]
    assert renamed
    for a, b in renamed:
        assert former_name_only(a, b) == FORMER_NAME
        exact = score(1.0, a, b)[0]
        assert exact == pytest.approx(1.0 - FORMER_NAME) and exact >= THRESHOLD


def test_ships_sharing_only_former_names_do_not_merge_on_them(vessels: Raw) -> None:
    found = [_vessel(e, props) for e, props in sorted(vessels.items())]
    once_alike = [
        (a, b)
        for a, b in combinations(found, 2)
        if a.former_names & b.former_names
        and not (a.names & b.names or a.names & b.former_names or a.former_names & b.names)
    ]
    assert once_alike
    for a, b in once_alike:
        assert former_name_only(a, b) == FORMER_NAMES_ONLY
        assert score(1.0, a, b)[0] < THRESHOLD
    namesakes = [(a, b) for a, b in combinations(found, 2) if a.names & b.names]
    assert namesakes
    assert all(former_name_only(a, b) == 0.0 for a, b in namesakes)


JOINT_STOCK = re.compile(r"^(?:JOINT-STOCK COMPANY|JOINT STOCK COMPANY|JSC|AO|PAO) (.+)$")
LIMITED = re.compile(r"^(?:LIMITED LIABILITY COMPANY|LLC|OOO) (.+)$")


@pytest.fixture(scope="module")
def organisation_names(ua_con: duckdb.DuckDBPyConnection) -> Raw:
    return _raw(ua_con, ("Company", "Organization", "LegalEntity"), ("name", "alias"))


def _forms(props: dict[str, set[str]], pattern: re.Pattern[str]) -> set[str]:
    """The rest of each name that begins with a legal form of `pattern`."""
    names = props.get("name", set()) | props.get("alias", set())
    return {m.group(1).strip('" ') for n in names if (m := pattern.match(n.upper()))}


@pytest.fixture(scope="module")
def index(ua_targets_db: Path) -> ScreenIndex:
    return Screener.open(ua_targets_db).index


@pytest.fixture(scope="module")
def kinds(index: ScreenIndex) -> dict[str, frozenset[str]]:
    """Per target of the screening index, the kinds of legal form the resolver reads."""
    return {
        index.targets[position].entity_id: found
        for position, found in legal_form_kinds(index).items()
    }


def testlegal_form_kinds_are_read_from_names(
    kinds: dict[str, frozenset[str]], organisation_names: Raw
) -> None:
    joint = [e for e, props in organisation_names.items() if _forms(props, JOINT_STOCK)]
    limited = [e for e, props in organisation_names.items() if _forms(props, LIMITED)]
    assert joint and limited
    assert all("joint-stock" in kinds[e] for e in joint)
    assert all("limited liability" in kinds[e] for e in limited)


def test_a_joint_stock_and_a_limited_company_of_one_name_are_two(
    kinds: dict[str, frozenset[str]], organisation_names: Raw
) -> None:
    """STRATIM JSC and STRATIM LLC: one name, two companies; two spellings of one kind
    (AO, JSC) are no contradiction."""
    joint = {e: _forms(p, JOINT_STOCK) for e, p in organisation_names.items()}
    limited = {e: _forms(p, LIMITED) for e, p in organisation_names.items()}
    pairs = [
        (a, b)
        for a in sorted(joint)
        for b in sorted(limited)
        if joint[a] & limited[b] and not limited[a] and not joint[b]
    ]
    assert pairs
    for a, b in pairs:
        ra = Record(a, "Company", (a,), (), (), None, legal_forms=kinds[a])
        rb = Record(b, "Company", (b,), (), (), None, legal_forms=kinds[b])
        assert contradiction(ra, rb) == "different legal forms"
    only_joint = sorted(e for e in joint if joint[e] and kinds[e] == {"joint-stock"})
    a, b = only_joint[0], only_joint[-1]
    ra = Record(a, "Company", (a,), (), (), None, legal_forms=kinds[a])
    rb = Record(b, "Company", (b,), (), (), None, legal_forms=kinds[b])
    assert contradiction(ra, rb) is None


def _plain_words(tokens: list[str], tags: list[str]) -> list[str]:
    return [t for t, tag in zip(tokens, tags, strict=True) if tag != "legal"]


@pytest.fixture(scope="module")
def zavod_and_plant(index: ScreenIndex) -> list[tuple[list[str], list[str]]]:
    """Per organisation with a name saying ZAVOD and another saying PLANT whose other
    words begin alike (five letters), those two names' words, legal forms left out."""
    by_target: dict[int, list[list[str]]] = {}
    for position, target in enumerate(index.name_target.tolist()):
        words = _plain_words(
            index.names.tokens[position].split(), index.names.tags[position].split()
        )
        by_target.setdefault(target, []).append(words)
    found = []
    for names in by_target.values():
        zavod = [n for n in names if "zavod" in n]
        plant = [n for n in names if "plant" in n]
        for z in zavod:
            for p in plant:
                rest_z = {w[:5] for w in z if w != "zavod"}
                rest_p = {w[:5] for w in p if w != "plant"}
                if rest_z == rest_p and rest_z:
                    found.append((z, p))
    return found


def test_a_transliterated_and_a_translated_name_are_one(
    zavod_and_plant: list[tuple[list[str], list[str]]],
) -> None:
    assert len(zavod_and_plant) >= 2
    for zavod, plant in zavod_and_plant:
        assert glosses.same(glosses.gloss(zavod), glosses.gloss(plant)), (zavod, plant)
        other = [w for w in plant if w != "plant"] + ["design", "bureau"]
        assert not glosses.same(glosses.gloss(zavod), glosses.gloss(other))


def test_translated_names_pair_their_records(
    zavod_and_plant: list[tuple[list[str], list[str]]],
) -> None:
    """Each organisation's two names as two records: every such pair is found."""
    names = [[glosses.gloss(n)] for pair in zavod_and_plant for n in pair]
    found = glosses.glossed_pairs(names, lambda a, b: True)
    assert {(2 * i, 2 * i + 1) for i in range(len(zavod_and_plant))} <= found
    assert not glosses.glossed_pairs(names, lambda a, b: False)


def test_a_common_proper_word_pairs_nothing(
    zavod_and_plant: list[tuple[list[str], list[str]]],
) -> None:
    """When more than MAX_KEY_RECORDS organisations share the proper word (as "group" or
    "invest" are shared), the two names are not compared on it."""
    zavod, plant = zavod_and_plant[0]
    names = [[glosses.gloss(zavod)], [glosses.gloss(plant)]]
    assert (0, 1) in glosses.glossed_pairs(names, lambda a, b: True)
    crowd = names + [[glosses.gloss(plant)]] * glosses.MAX_KEY_RECORDS
    assert (0, 1) not in glosses.glossed_pairs(crowd, lambda a, b: True)


FORMS = "(?:JSC|AO|PAO|PJSC|LLC|OOO)"
SHORT_NAME = re.compile(rf'^{FORMS} "?([A-Z0-9]{{1,5}})"?$|^"?([A-Z0-9]{{1,5}})"? {FORMS}$')


@pytest.fixture(scope="module")
def short_namesakes(organisation_names: Raw) -> dict[str, set[str]]:
    """Per short name written with a legal form only ("MMZ JSC", "AO SMZ"), the
    organisations that bear it, where more than one does."""
    found: dict[str, set[str]] = {}
    for entity_id, props in organisation_names.items():
        for name in props.get("name", set()) | props.get("alias", set()):
            if match := SHORT_NAME.match(name.upper()):
                found.setdefault(match.group(1) or match.group(2), set()).add(entity_id)
    return {word: ids for word, ids in found.items() if len(ids) > 1}


def test_short_names_are_told_from_longer_ones(
    index: ScreenIndex, short_namesakes: dict[str, set[str]]
) -> None:
    bearers = {e for ids in short_namesakes.values() for e in ids}
    positions = np.array(
        [
            p
            for p, target in enumerate(index.name_target.tolist())
            if index.targets[target].entity_id in bearers
        ],
        dtype=np.int64,
    )
    short = short_names(index, positions)
    texts = [index.names.texts[p].upper() for p in positions.tolist()]
    assert short.any()
    for text, found in zip(texts, short.tolist(), strict=True):
        if SHORT_NAME.match(text):
            assert found, text
        if len([w for w in re.split(r"\W+", text) if len(w) > SHORT_NAME_LETTERS]) >= 2:
            assert not found, text


def test_short_namesakes_in_other_cities_do_not_merge(
    short_namesakes: dict[str, set[str]], postcodes: dict[str, frozenset[str]]
) -> None:
    """The list's own MMZs, SMZs, KMZs ...: two plants of one abbreviation in two cities
    (no three-digit postal district in common) are kept apart; in one city they are not.
    Two organisations in two cities merge only on a near-exact name."""
    apart = 0
    for ids in short_namesakes.values():
        for a, b in combinations(sorted(ids), 2):
            ra = Record(a, "Company", (a,), (), (), None, postcodes=postcodes.get(a, frozenset()))
            rb = Record(b, "Company", (b,), (), (), None, postcodes=postcodes.get(b, frozenset()))
            districts_a = {code[:3] for code in postcodes.get(a, ())}
            districts_b = {code[:3] for code in postcodes.get(b, ())}
            other_cities = bool(districts_a and districts_b and not districts_a & districts_b)
            assert elsewhere(ra, rb) == other_cities
            assert score(1.0, ra, rb, short_name=False)[0] >= THRESHOLD
            assert (score(1.0, ra, rb, short_name=True)[0] < THRESHOLD) == other_cities
            # a longer name of 0.95 does not outlast another city either; 0.98 does
            assert (score(0.95, ra, rb)[0] < THRESHOLD) == other_cities
            assert score(0.98, ra, rb)[0] >= THRESHOLD
            apart += other_cities
    assert apart >= 3
