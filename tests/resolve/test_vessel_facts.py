"""What lists say of a ship (flag, flags flown, type, tonnage) in resolution, on real lists:
OFAC's SDN list gives a vessel's flag, type and tonnage, the Ukraine War and Sanctions
targets every flag it has flown, and both name several ships alike ("SIERRA", "BELLA").
Expectations come from the stored statements, read here, not by the resolver."""

from __future__ import annotations

import re
import shutil
from itertools import combinations
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.resolve import records
from kleptrace.resolve.cluster import cluster
from kleptrace.resolve.compare import Record, contradiction, vessel_apart
from kleptrace.resolve.run import THRESHOLD
from kleptrace.store.load import load
from kleptrace.store.plan import plan
from tests.resolve.raw import Raw, vessel_statements


@pytest.fixture(scope="module")
def con(
    tmp_path_factory: pytest.TempPathFactory, ua_targets_db: Path, data_dir: Path
) -> duckdb.DuckDBPyConnection:
    """The Ukraine War and Sanctions targets and OFAC's lists in one store."""
    path = tmp_path_factory.mktemp("vessels") / "store.duckdb"
    shutil.copy(ua_targets_db, path)
    writer = store.connect(path)
    sets, _ = plan([data_dir / "us_ofac"])
    for files in sets:
        load(writer, files)
    writer.close()
    return duckdb.connect(str(path), read_only=True)


@pytest.fixture(scope="module")
def raw(con: duckdb.DuckDBPyConnection) -> Raw:
    """Per vessel, its raw names, flags, countries, types, tonnages and IMO numbers."""
    return vessel_statements(con)


@pytest.fixture(scope="module")
def facts(con: duckdb.DuckDBPyConnection) -> dict[str, records.VesselFacts]:
    return records.vessel_facts(con)


def _imo(props: dict[str, set[str]]) -> set[str]:
    return {re.sub(r"\D", "", v) for v in props.get("imoNumber", set())}


def _record(entity_id: str, facts: dict[str, records.VesselFacts]) -> Record:
    """The vessel with what its list says of the ship, and nothing else (its numbers
    would decide the pair first)."""
    return Record(
        entity_id,
        "Vessel",
        (entity_id,),
        (),
        (),
        None,
        vessel=facts.get(entity_id, records.VesselFacts()),
    )


def test_facts_are_read_from_the_statements(
    raw: Raw, facts: dict[str, records.VesselFacts]
) -> None:
    assert any(p.get("country") for p in raw.values()) and any(p.get("flag") for p in raw.values())
    for entity_id, props in raw.items():
        found = facts.get(entity_id, records.VesselFacts())
        assert found.flags == {v.lower() for v in props.get("flag", set())}
        assert found.flown == {v.lower() for v in props.get("country", set())}
        types = {t.lower() for t in props.get("type", set())}
        if any("tanker" in t for t in types):
            assert "tanker" in found.classes
        if types & {"general cargo", "bulk carrier", "container ship"}:
            assert "cargo ship" in found.classes
        for kind in ("tonnage", "grossRegisteredTonnage"):
            if numbers := [float(v) for v in props.get(kind, set())]:
                assert found.tonnage[kind] == min(numbers)


def test_a_flag_the_other_list_says_was_never_flown_is_another_ship(
    raw: Raw, facts: dict[str, records.VesselFacts]
) -> None:
    """OFAC's flag of a ship against the flags the Ukrainian portal lists for a ship of the
    same name: when it is none of them, the two are two ships (their IMO numbers, which
    the resolver does not see here, differ)."""
    ofac = [e for e, p in raw.items() if "us_ofac_sdn" in p["source"] and p.get("flag")]
    ua = [e for e, p in raw.items() if "os_ua_war_sanctions" in p["source"] and p.get("country")]
    namesakes = [
        (a, b)
        for a in ofac
        for b in ua
        if {n.upper() for n in raw[a]["name"]} & {n.upper() for n in raw[b]["name"]}
    ]
    never = [
        (a, b)
        for a, b in namesakes
        if not {f.lower() for f in raw[a]["flag"]} & {c.lower() for c in raw[b]["country"]}
    ]
    assert never and len(never) < len(namesakes)
    for a, b in namesakes:
        why = contradiction(_record(a, facts), _record(b, facts))
        assert (why == "different flags flown") == ((a, b) in never)
    assert all(_imo(raw[a]) != _imo(raw[b]) for a, b in never)


def _names(props: dict[str, set[str]]) -> set[str]:
    """Every name a list gives a ship (current, former, alias), upper case."""
    return {n.upper() for k in ("name", "alias", "previousName") for n in props.get(k, set())}


def test_types_of_two_classes_or_other_tonnages_are_two_ships(
    raw: Raw, facts: dict[str, records.VesselFacts]
) -> None:
    """OFAC lists ships that once bore one name; a tanker and a cargo ship, or two tonnages
    more than a tenth apart, are two ships (different IMO numbers)."""
    ofac = sorted(e for e, p in raw.items() if "us_ofac_sdn" in p["source"])
    apart = []
    for a, b in combinations(ofac, 2):
        if not _names(raw[a]) & _names(raw[b]):
            continue
        types = [" ".join(raw[e].get("type", set())).lower() for e in (a, b)]
        tanker_and_cargo = sorted("tanker" in t for t in types) == [False, True] and any(
            "cargo" in t or "bulk" in t for t in types
        )
        tonnages = [{float(v) for v in raw[e].get("tonnage", set())} for e in (a, b)]
        far = all(tonnages) and max(min(t) for t in tonnages) > 1.1 * min(min(t) for t in tonnages)
        if tanker_and_cargo or far:
            apart.append((a, b))
            assert vessel_apart(facts[a], facts[b]) is not None
    assert apart
    assert all(_imo(raw[a]) != _imo(raw[b]) for a, b in apart)


def test_a_silent_namesake_joins_one_ship_only(
    raw: Raw, facts: dict[str, records.VesselFacts]
) -> None:
    """A record of the name with nothing said of the ship (as the EU and FCDO lists publish
    vessels) resembles both ships of a pair kept apart by their flags: it joins one."""
    ofac = [e for e, p in raw.items() if "us_ofac_sdn" in p["source"] and p.get("flag")]
    ua = [e for e, p in raw.items() if "os_ua_war_sanctions" in p["source"] and p.get("country")]
    a, b = next(
        (a, b)
        for a in sorted(ofac)
        for b in sorted(ua)
        if {n.upper() for n in raw[a]["name"]} & {n.upper() for n in raw[b]["name"]}
        and not {f.lower() for f in raw[a]["flag"]} & {c.lower() for c in raw[b]["country"]}
    )
    trio = [_record(a, facts), _record(b, facts), Record("silent", "Vessel", ("eu",), (), (), None)]
    groups = cluster(
        3,
        [(0, 2, 1.0), (1, 2, 1.0)],
        THRESHOLD,
        lambda x, y: contradiction(trio[x], trio[y]) is not None,
    )
    assert sorted(len(g) for g in groups) == [1, 2]
