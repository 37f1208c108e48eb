"""Name-only records in resolution, on real lists: the FCDO list (its third-party CSV
copy) publishes most ships with a name and an IMO number only, and many organisations
with names and a country; the Ukraine War and Sanctions portal lists several ships of
one name (two PRIMORYEs, two VESNAs) and organisations under one abbreviation (SMZ JSC).
With the identifiers hidden, an FCDO record of such a name joins neither namesake; a ship
whose name only one portal ship bears joins it; an FCDO organisation that shares only an
abbreviation with a portal one (JSC VMZ) does not join it. Expectations come from the
stored statements, read here, not by the resolver."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from rigour.text.translit import ascii_text

from kleptrace.resolve.abbreviations import short_name_only_pairs
from kleptrace.resolve.ambiguity import ambiguous_pairs
from kleptrace.resolve.compare import Record
from kleptrace.resolve.evaluation import GROUND_TRUTH
from kleptrace.resolve.name_scores import name_score
from kleptrace.resolve.records import VesselFacts
from kleptrace.resolve.run import THRESHOLD, Resolution, resolve_records
from kleptrace.screen import Screener
from kleptrace.screen.forms import NameForm
from tests.resolve.raw import Raw, vessel_statements

NAME_ONLY = {"id", "name", "imoNumber"}
"""What an FCDO ship carries when the list says nothing of it but its name and number."""


@pytest.fixture(scope="module")
def db(
    tmp_path_factory: pytest.TempPathFactory,
    ua_targets_db: Path,
    load_lists: Callable[..., Path],
) -> Path:
    """The Ukraine War and Sanctions targets and the FCDO list in one store."""
    path = tmp_path_factory.mktemp("ambiguous") / "store.duckdb"
    shutil.copy(ua_targets_db, path)
    return load_lists(path, "uk_fcdo_derived")


@pytest.fixture(scope="module")
def raw(db: Path) -> Raw:
    """Per vessel, its raw properties, and its source under "source"."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return vessel_statements(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def result(db: Path) -> Resolution:
    con = duckdb.connect(str(db), read_only=True)
    found = resolve_records(con, Screener.open(db).index, hidden=GROUND_TRUTH)
    con.close()
    return found


def _key(name: str) -> str:
    """A name as the lists' readers see it alike: "AGNІ" (a Cyrillic І) is AGNI."""
    return ascii_text(name).upper()


def _portal_names(raw: Raw) -> tuple[dict[str, set[str]], set[str]]:
    """The portal's ships by current name (upper case), and every other name it gives them."""
    by_name: dict[str, set[str]] = {}
    others: set[str] = set()
    for entity_id, props in raw.items():
        if props["source"] == {"os_ua_war_sanctions"}:
            for name in props["name"]:
                by_name.setdefault(_key(name), set()).add(entity_id)
            others.update(_key(n) for n in props.get("alias", set()))
    return by_name, others


def _name_only(raw: Raw) -> dict[str, str]:
    """FCDO ships with a single name and nothing else said of them, with that name."""
    return {
        entity_id: _key(next(iter(props["name"])))
        for entity_id, props in raw.items()
        if props["source"] == {"gb_fcdo"}
        and set(props) - {"source"} == NAME_ONLY
        and len(props["name"]) == 1
    }


def _together(result: Resolution) -> dict[str, set[str]]:
    return {
        result.records[i].entity_id: {result.records[j].entity_id for j in group}
        for group in result.groups
        for i in group
    }


def test_a_name_two_portal_ships_bear_joins_neither(raw: Raw, result: Resolution) -> None:
    by_name, _ = _portal_names(raw)
    ambiguous = {e: by_name[n] for e, n in _name_only(raw).items() if len(by_name.get(n, ())) > 1}
    assert len(ambiguous) >= 5
    together = _together(result)
    for entity_id, namesakes in ambiguous.items():
        imos = [raw[s].get("imoNumber", set()) for s in namesakes]
        assert all(imos) and len(set().union(*imos)) == len(namesakes)  # really other ships
        assert not together[entity_id] & namesakes, raw[entity_id]["name"]


def test_a_name_one_portal_ship_bears_joins_it(raw: Raw, result: Resolution) -> None:
    """The name is one ship's on each list (any name of any FCDO ship counted)."""
    by_name, others = _portal_names(raw)
    fcdo = Counter(
        _key(n)
        for props in raw.values()
        if props["source"] == {"gb_fcdo"}
        for n in props["name"] | props.get("alias", set())
    )
    single = {
        e: next(iter(by_name[n]))
        for e, n in _name_only(raw).items()
        if len(by_name.get(n, ())) == 1 and n not in others and fcdo[n] == 1
    }
    assert len(single) >= 50
    together = _together(result)
    for entity_id, namesake in single.items():
        assert namesake in together[entity_id], raw[entity_id]["name"]


ORGANISATIONS = ("Company", "Organization", "LegalEntity", "PublicBody")


def _organisation_names(db: Path) -> dict[str, tuple[str, set[str], set[str]]]:
    """Per organisation: its source, its names and aliases (`_key`) and its properties."""
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT s.entity_id, s.prop, s.value, c.source FROM current_statements s "
        "JOIN current_versions c USING (version_id) WHERE s.schema IN "
        f"{ORGANISATIONS}"
    ).fetchall()
    con.close()
    out: dict[str, tuple[str, set[str], set[str]]] = {}
    for entity_id, prop, value, source in rows:
        _, names, props = out.setdefault(entity_id, (source, set(), set()))
        props.add(prop)
        if prop in ("name", "alias"):
            names.add(_key(value))
    return out


def test_an_organisation_known_by_names_alone_joins_no_namesake_of_two(
    db: Path, result: Resolution
) -> None:
    """The FCDO's Samara Metallurgical Plant is also "SMZ JSC", as are the portal's
    Solnechnogorsk and Serov mechanical plants: an FCDO organisation with names and a
    country only, one of whose names two portal organisations bear, joins neither."""
    found = _organisation_names(db)
    portal: dict[str, set[str]] = {}
    for entity_id, (source, names, _) in found.items():
        if source == "os_ua_war_sanctions":
            for name in names:
                portal.setdefault(name, set()).add(entity_id)
    bare = {"id", "name", "alias", "country", "notes"}
    ambiguous = {
        entity_id: set().union(*(portal[n] for n in names if len(portal.get(n, ())) > 1))
        for entity_id, (source, names, props) in found.items()
        if source == "gb_fcdo" and props <= bare and any(len(portal.get(n, ())) > 1 for n in names)
    }
    assert ambiguous
    together = _together(result)
    for entity_id, namesakes in ambiguous.items():
        assert not together[entity_id] & namesakes, found[entity_id][1]


def test_only_ties_of_a_name_only_record_are_ambiguous() -> None:
    """A name-only ship scoring 1.0 against two flagged records of one list and 0.98
    against a third (a former name): the two tied pairs are ambiguous, the third is not;
    the flagged ships' ties with a ship whose build year is known are not, nor are any
    once the name-only ship is linked to an owner."""
    said = Record("said", "Vessel", ("eu",), ("2001",), (), None)
    silent = Record("silent", "Vessel", ("eu",), (), (), None)
    flag = VesselFacts(flags=frozenset({"pa"}))
    portal = [Record(f"ua-{i}", "Vessel", ("ua",), (), (), None, vessel=flag) for i in range(3)]
    found = [silent, *portal, said]
    scores = {(0, 1): 1.0, (0, 2): 1.0, (0, 3): 0.98, (1, 4): 1.0, (2, 4): 1.0}
    assert ambiguous_pairs(scores, found, (), THRESHOLD) == {(0, 1), (0, 2)}
    assert ambiguous_pairs(scores, found, {"silent"}, THRESHOLD) == set()


def test_a_tie_is_broken_by_the_names_two_records_share() -> None:
    """A name-only record tied (1.0) with two records of one list, one of which bears
    more of its names word for word: only the pair with the other is ambiguous."""
    silent = Record("silent", "LegalEntity", ("gb",), (), (), None, name_keys=frozenset("abc"))
    close = Record("close", "LegalEntity", ("un",), (), (), None, name_keys=frozenset("abx"))
    far = Record("far", "LegalEntity", ("un",), (), (), None, name_keys=frozenset("ayz"))
    even = Record("even", "LegalEntity", ("un",), (), (), None, name_keys=frozenset("bwz"))
    scores = {(0, 1): 1.0, (0, 2): 1.0}
    assert ambiguous_pairs(scores, [silent, close, far], (), THRESHOLD) == {(0, 2)}
    scores = {(0, 1): 1.0, (0, 2): 1.0}
    assert ambiguous_pairs(scores, [silent, far, even], (), THRESHOLD) == {(0, 1), (0, 2)}


@pytest.fixture(scope="module")
def un_fcdo_db(tmp_path_factory: pytest.TempPathFactory, load_lists: Callable[..., Path]) -> Path:
    """The UN Security Council list and the FCDO list in one store."""
    path = tmp_path_factory.mktemp("un_fcdo") / "store.duckdb"
    return load_lists(path, "un_sc/consolidated.xml", "uk_fcdo_derived")


def test_an_organisation_known_by_names_alone_joins_the_namesake_sharing_most_names(
    un_fcdo_db: Path,
) -> None:
    """The FCDO's ANSAR AL CHARIA BENGHAZI (names only) shares "Ansar al Charia" with the
    UN's Benghazi and Derna groups, and six more names with the Benghazi one: it joins
    that one. Expected: per FCDO organisation with names and a country only, the UN
    organisation bearing most of its names (`_key`), when two or more bear one and one
    bears more than any other."""
    found = _organisation_names(un_fcdo_db)
    un: dict[str, set[str]] = {}
    for entity_id, (source, names, _) in found.items():
        if source == "un_sc":
            for name in names:
                un.setdefault(name, set()).add(entity_id)
    bare = {"id", "name", "alias", "country", "notes"}
    expected: dict[str, str] = {}
    for entity_id, (source, names, props) in found.items():
        if source != "gb_fcdo" or not props <= bare:
            continue
        shared = Counter(other for name in names for other in un.get(name, ()))
        ranked = shared.most_common()
        if len(ranked) > 1 and ranked[0][1] > ranked[1][1]:
            expected[entity_id] = ranked[0][0]
    assert len(expected) >= 3
    con = duckdb.connect(str(un_fcdo_db), read_only=True)
    result = resolve_records(con, Screener.open(un_fcdo_db).index, hidden=GROUND_TRUTH)
    con.close()
    together = _together(result)
    for entity_id, namesake in expected.items():
        assert namesake in together[entity_id], found[entity_id][1]


BARE = {"id", "name", "alias", "country", "notes", "innCode", "ogrnCode"}
"""What an FCDO organisation carries when the list gives only its names, its country and
its tax and registration numbers (hidden from the resolver here)."""


def _one(found: dict[str, tuple[str, set[str], set[str]]], source: str, name: str) -> str:
    (entity_id,) = [e for e, (s, names, _) in found.items() if s == source and _key(name) in names]
    return entity_id


def _volsk_and_red_october(db: Path) -> tuple[str, str]:
    """The portal's Volsk Mechanical Plant and the FCDO's Volgograd Metallurgical Plant
    "Red October", checked to share the abbreviation "JSC VMZ" and no other name, the FCDO
    one saying nothing but its names."""
    found = _organisation_names(db)
    volsk = _one(found, "os_ua_war_sanctions", 'JOINT-STOCK COMPANY "VOLSK MECHANICAL PLANT"')
    red_october = _one(
        found, "gb_fcdo", "JOINT STOCK COMPANY VOLGOGRAD METALLURGICAL PLANT 'RED OCTOBER'"
    )
    assert found[volsk][1] & found[red_october][1] == {_key("JSC VMZ")}
    assert found[red_october][2] <= BARE
    return volsk, red_october


def test_a_name_only_organisation_sharing_only_an_abbreviation_joins_neither(
    db: Path, result: Resolution
) -> None:
    volsk, red_october = _volsk_and_red_october(db)
    assert volsk not in _together(result)[red_october]


def test_only_full_names_that_disagree_leave_a_short_name_alone(
    db: Path, result: Resolution
) -> None:
    """Volsk Mechanical Plant against Red October: the full names name different plants.
    The portal's and the FCDO's Special Technology Centre ("STC LLC" on both): the full
    names agree, so the pair is not held to its short name."""
    index = Screener.open(db).index
    position = {r.entity_id: i for i, r in enumerate(result.records)}
    names_of: dict[int, list[NameForm]] = {}
    for name, target in enumerate(index.name_target.tolist()):
        owner = position.get(index.targets[target].entity_id)
        if owner is not None:
            names_of.setdefault(owner, []).append(index.names[name])
    found = _organisation_names(db)
    stc_portal = _one(
        found, "os_ua_war_sanctions", "LIMITED LIABILITY COMPANY SPECIAL TECHNOLOGICAL CENTRE"
    )
    stc_fcdo = _one(found, "gb_fcdo", "The Special Technology Centre LLC")
    assert _key("STC LLC") in found[stc_portal][1] & found[stc_fcdo][1]
    pairs = [
        tuple(sorted((position[a], position[b])))
        for a, b in (_volsk_and_red_october(db), (stc_portal, stc_fcdo))
    ]
    flagged = short_name_only_pairs(
        pairs, result.records, (), names_of.__getitem__, lambda x, y: name_score(index, x, y)
    )
    assert flagged == {pairs[0]}
