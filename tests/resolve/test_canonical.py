"""Canonical targets leave the store as merged FtM entities with `referents`, and the HTTP
API answers for canonical ids and returns one result per canonical target on request
(two real lists: UN Security Council and Australia DFAT)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import orjson
import pytest
from fastapi.testclient import TestClient

from kleptrace.api.app import ApiConfig, create_app
from kleptrace.resolve.canonical import write_canonical_ftm


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(ApiConfig(db_path=db, auth=False), load_in_background=False)
    with TestClient(app) as test_client:
        yield test_client


def test_export_merges_each_cluster_under_its_canonical_id(
    db: Path, members: dict[str, list[str]]
) -> None:
    con = duckdb.connect(str(db), read_only=True)
    buffer = io.BytesIO()
    write_canonical_ftm(con, buffer)
    con.close()
    exported = [orjson.loads(line) for line in buffer.getvalue().splitlines()]
    by_id = {e["id"]: e for e in exported}
    shared = [c for c, m in members.items() if len(m) == 2]
    assert len(shared) > 100  # the UN list and DFAT share most UN designations
    for canonical in shared:
        assert sorted(by_id[canonical]["referents"]) == sorted(members[canonical])
    member_ids = {m for ms in members.values() for m in ms}
    assert not member_ids & by_id.keys()  # no member is also exported on its own
    pointing = {v for e in exported if e["schema"] == "Sanction" for v in e["properties"]["entity"]}
    assert pointing <= members.keys()  # every designation points at a canonical target


def test_entities_answers_for_canonical_and_member_ids(
    client: TestClient, members: dict[str, list[str]]
) -> None:
    canonical, pair = next((c, m) for c, m in sorted(members.items()) if len(m) == 2)
    merged = client.get(f"/entities/{canonical}").json()
    assert merged["id"] == canonical
    assert sorted(merged["referents"]) == sorted(pair)
    assert len(merged["datasets"]) == 2
    member = client.get(f"/entities/{pair[0]}").json()
    assert member["id"] == pair[0]


def test_match_returns_one_result_per_canonical_target(
    client: TestClient, members: dict[str, list[str]]
) -> None:
    canonical, pair = next(
        (c, m) for c, m in sorted(members.items()) if len(m) == 2 and m[0].startswith("au")
    )
    name = client.get(f"/entities/{pair[0]}").json()["caption"]
    query = {"queries": {"q": {"schema": "LegalEntity", "properties": {"name": [name]}}}}
    plain = client.post("/match/default", json=query).json()["responses"]["q"]["results"]
    assert {r["id"] for r in plain} >= set(pair)
    one = client.post("/match/default?canonical=true", json=query).json()
    results = one["responses"]["q"]["results"]
    ids = [r["id"] for r in results]
    assert canonical in ids and not set(pair) & set(ids)
    assert len(ids) == len(set(ids))
    assert sorted(results[ids.index(canonical)]["referents"]) == sorted(pair)
