"""Vessels' radio identity (MMSI, call sign) in resolution, on a real list: the Ukraine War
and Sanctions targets name several ships alike ("PRIMORYE") that broadcast as different
ships. Expectations come from the stored statements, read here, not by the resolver."""

from __future__ import annotations

import re
from itertools import combinations

import duckdb
import pytest

from kleptrace.resolve import records
from kleptrace.resolve.cluster import cluster
from kleptrace.resolve.compare import (
    RADIO_DIFFERS,
    RADIO_KINDS,
    Record,
    radio_apart,
    radio_differs,
    score,
    shared_identifier,
)
from kleptrace.resolve.run import THRESHOLD

Raw = dict[str, dict[str, set[str]]]


@pytest.fixture(scope="module")
def vessels(ua_con: duckdb.DuckDBPyConnection) -> Raw:
    """Per vessel, its raw names, MMSIs and call signs (letters and digits, upper case)."""
    rows = ua_con.execute(
        "SELECT entity_id, prop, value FROM current_statements "
        "WHERE schema = 'Vessel' AND prop IN ('name', 'mmsi', 'callSign')"
    ).fetchall()
    out: Raw = {}
    for entity_id, prop, value in rows:
        clean = re.sub(r"[^0-9A-Z]", "", value.upper())
        out.setdefault(entity_id, {}).setdefault(prop, set()).add(clean)
    return out


def _record(entity_id: str, found: dict[str, dict[str, frozenset[str]]]) -> Record:
    """The vessel with its radio identity only (its other identifiers, the IMO number
    among them, would decide the pair before the radio identity is weighed)."""
    radio = {k: v for k, v in found.get(entity_id, {}).items() if k in RADIO_KINDS}
    return Record(entity_id, "Vessel", ("test",), (), (), None, radio)


def _first_differing(a: dict[str, set[str]], b: dict[str, set[str]]) -> str | None:
    kinds = sorted(k for k in ("callSign", "mmsi") if a.get(k) and b.get(k) and not a[k] & b[k])
    return kinds[0] if kinds else None


def test_namesakes_with_different_radio_identity_are_kept_apart(
    ua_con: duckdb.DuckDBPyConnection, vessels: Raw
) -> None:
    namesakes = [
        (a, b)
        for a, b in combinations(sorted(vessels), 2)
        if vessels[a].get("name", set()) & vessels[b].get("name", set())
        and not any(
            vessels[a].get(k, set()) & vessels[b].get(k, set()) for k in ("mmsi", "callSign")
        )
        and _first_differing(vessels[a], vessels[b])
    ]
    assert namesakes
    found = records.identifiers(ua_con)
    for a, b in namesakes:
        ra, rb = _record(a, found), _record(b, found)
        assert radio_differs(ra, rb) == _first_differing(vessels[a], vessels[b])
        exact, features = score(1.0, ra, rb)
        assert exact == pytest.approx(1.0 - RADIO_DIFFERS) and exact >= THRESHOLD
        assert any(f.detail == f"different {radio_differs(ra, rb)}" for f in features)
        assert score(0.95, ra, rb)[0] < THRESHOLD


def test_a_shared_mmsi_supports_the_pair(ua_con: duckdb.DuckDBPyConnection, vessels: Raw) -> None:
    sharing = [
        (a, b)
        for a, b in combinations(sorted(vessels), 2)
        if vessels[a].get("mmsi", set()) & vessels[b].get("mmsi", set())
    ]
    assert sharing
    found = records.identifiers(ua_con)
    for a, b in sharing:
        ra, rb = _record(a, found), _record(b, found)
        assert shared_identifier(ra, rb) in {"callSign", "mmsi"}
        assert radio_differs(ra, rb) is None
        assert score(0.8, ra, rb)[0] > 0.8


def test_namesakes_are_not_chained_through_a_silent_record(
    ua_con: duckdb.DuckDBPyConnection, vessels: Raw
) -> None:
    """Two same-named ships with different MMSIs and a third record of that name with no
    radio identity (as most lists publish them): the third joins one ship, not both."""
    found = records.identifiers(ua_con)
    namesakes = [
        (a, b)
        for a, b in combinations(sorted(vessels), 2)
        if vessels[a].get("name", set()) & vessels[b].get("name", set())
        and vessels[a].get("mmsi")
        and vessels[b].get("mmsi")
        and not vessels[a]["mmsi"] & vessels[b]["mmsi"]
    ]
    assert namesakes
    for a, b in namesakes:
        ra, rb = _record(a, found), _record(b, found)
        silent = Record("silent", "Vessel", ("other",), (), (), None, {})
        trio = [ra, rb, silent]
        assert radio_apart(ra, rb, None, THRESHOLD)
        assert not radio_apart(ra, rb, THRESHOLD, THRESHOLD)
        assert not radio_apart(ra, silent, None, THRESHOLD)
        groups = cluster(
            3,
            [(0, 2, 1.0), (1, 2, 1.0)],
            THRESHOLD,
            lambda x, y, trio=trio: radio_apart(trio[x], trio[y], None, THRESHOLD),
        )
        assert sorted(len(g) for g in groups) == [1, 2]
