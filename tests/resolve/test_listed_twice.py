"""A list's own duplicates may share a cluster, on a real list: the trade.gov Consolidated
Screening List repeats some targets within one agency's list (OTKRYTOE AKTSIONERNOE
OBSHCHESTVO VNESHNEEKONOMICHESKOE OBEDINENIE TEKHNOPROMEKSPORT twice under Treasury, both
with OKPO 02839043). Which records share an OKPO code, or a name and a full birth date, is
read here from the stored statements, not by the resolver."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import duckdb
import pytest

from kleptrace.resolve.compare import contradiction
from kleptrace.resolve.evaluation import GROUND_TRUTH
from kleptrace.resolve.run import Resolution, resolve_records
from kleptrace.screen import Screener

Raw = dict[str, dict[str, set[str]]]


@pytest.fixture(scope="module")
def csl_db(tmp_path_factory: pytest.TempPathFactory, load_lists: Callable[..., Path]) -> Path:
    """A store of us_csl/consolidated.csv.gz alone."""
    return load_lists(tmp_path_factory.mktemp("csl") / "store.duckdb", "us_csl/consolidated.csv.gz")


@pytest.fixture(scope="module")
def resolved(csl_db: Path) -> tuple[Resolution, Raw]:
    """The CSL resolved with the ground truth hidden, and per designated target its raw
    OKPO codes, full birth dates and names (upper case)."""
    index = Screener.open(csl_db).index
    con = duckdb.connect(str(csl_db), read_only=True)
    result = resolve_records(con, index, hidden=GROUND_TRUTH)
    rows = con.execute(
        "SELECT entity_id, prop, value FROM current_statements "
        "WHERE prop IN ('okpoCode', 'birthDate', 'name', 'alias') "
        "AND entity_id IN (SELECT entity_id FROM current_designations)"
    ).fetchall()
    con.close()
    raw: Raw = {}
    for entity_id, prop, value in rows:
        kind = "names" if prop in ("name", "alias") else prop
        if prop != "birthDate" or len(value) == 10:
            raw.setdefault(entity_id, {}).setdefault(kind, set()).add(value.strip().upper())
    return result, raw


def _shared(raw: Raw, a: str, b: str, kind: str) -> bool:
    return bool(raw.get(a, {}).get(kind, set()) & raw.get(b, {}).get(kind, set()))


def _pairs_sharing(result: Resolution, raw: Raw, kind: str) -> set[tuple[int, int]]:
    """Pairs of record positions on a common list with a raw value of `kind` in common."""
    bearers: dict[str, set[int]] = {}
    for position, record in enumerate(result.records):
        for value in raw.get(record.entity_id, {}).get(kind, set()):
            bearers.setdefault(value, set()).add(position)
    return {
        (x, y)
        for group in bearers.values()
        for x, y in combinations(sorted(group), 2)
        if result.records[x].on_lists() & result.records[y].on_lists()
    }


def test_duplicates_sharing_an_identifier_or_name_and_birth_date_are_not_kept_apart(
    resolved: tuple[Resolution, Raw],
) -> None:
    result, raw = resolved
    twice = 0
    for x, y in _pairs_sharing(result, raw, "okpoCode") | _pairs_sharing(result, raw, "names"):
        a, b = result.records[x], result.records[y]
        ids = (a.entity_id, b.entity_id)
        if _shared(raw, *ids, "okpoCode") or (
            _shared(raw, *ids, "birthDate") and _shared(raw, *ids, "names")
        ):
            twice += 1
            assert contradiction(a, b) != "same list", ids
    assert twice >= 3


def test_a_shared_name_alone_keeps_two_records_of_one_list_apart(
    resolved: tuple[Resolution, Raw],
) -> None:
    result, raw = resolved
    namesakes = 0
    for x, y in _pairs_sharing(result, raw, "names"):
        a, b = result.records[x], result.records[y]
        if a.identifiers or b.identifiers or raw.get(a.entity_id, {}).get("birthDate"):
            continue
        namesakes += 1
        assert contradiction(a, b) == "same list", (a.entity_id, b.entity_id)
    assert namesakes >= 5


def test_every_cluster_holds_two_records_of_one_list_only_as_its_duplicates(
    resolved: tuple[Resolution, Raw],
) -> None:
    result, raw = resolved
    together = 0
    for group in result.groups:
        for x, y in combinations(group, 2):
            a, b = result.records[x], result.records[y]
            if a.on_lists() & b.on_lists():
                together += 1
                ids = (a.entity_id, b.entity_id)
                assert _shared(raw, *ids, "okpoCode") or _shared(raw, *ids, "birthDate"), ids
    assert together >= 1  # the two TEKHNOPROMEKSPORTs, chained through the Commerce listing
