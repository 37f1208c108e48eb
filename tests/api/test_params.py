"""/match's query parameters, read as one model: FastAPI's 422 shape naming the
parameter, repeated keys for lists, and every parameter still in the OpenAPI description."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kleptrace.api.routes.match import MatchParams

PUTIN = {"schema": "Person", "properties": {"name": ["Vladimir Putin"]}}


@pytest.mark.parametrize(
    ("query", "field", "kind"),
    [
        ("limit=0", "limit", "greater_than_equal"),
        ("limit=many", "limit", "int_parsing"),
        ("threshold=1.5", "threshold", "less_than_equal"),
        ("cutoff=x", "cutoff", "float_parsing"),
        ("changed_since=yesterday", "changed_since", "string_pattern_mismatch"),
        ("algorithm=" + "a" * 65, "algorithm", "string_too_long"),
        ("&".join(f"exclude_entity_ids=e{i}" for i in range(51)), "exclude_entity_ids", "too_long"),
    ],
)
def test_bad_parameter_is_422_naming_it(
    client: TestClient, query: str, field: str, kind: str
) -> None:
    response = client.post(f"/match/default?{query}", json={"queries": {"q": PUTIN}})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["type"] == kind


def test_repeated_keys_fill_lists_and_the_last_scalar_wins(client: TestClient) -> None:
    body = {"queries": {"q": PUTIN}}
    both = client.post("/match/default?include_dataset=gb&include_dataset=us", json=body)
    uk = client.post("/match/default?include_dataset=gb", json=body)
    us = client.post("/match/default?include_dataset=us", json=body)
    ids = {
        name: {r["id"] for r in answer.json()["responses"]["q"]["results"]}
        for name, answer in (("both", both), ("uk", uk), ("us", us))
    }
    assert ids["uk"] and ids["us"]
    assert ids["both"] == ids["uk"] | ids["us"]
    one = client.post("/match/default?limit=3&limit=1&threshold=0.5", json=body)
    assert one.json()["limit"] == 1
    assert len(one.json()["responses"]["q"]["results"]) == 1


def test_every_parameter_is_described(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/match/{dataset}"]["post"]
    described = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert set(described) == set(MatchParams.model_fields)
    assert described["limit"]["schema"]["minimum"] == 1
    assert described["include_dataset"]["schema"]["type"] == "array"
    assert not any(p["required"] for p in described.values())


def test_changed_since_narrows_matches(client: TestClient) -> None:
    body = {"queries": {"q": PUTIN}}
    every = client.post("/match/default?limit=50", json=body).json()["responses"]["q"]["results"]
    dated = {r["id"]: r["last_change"] for r in every if r["last_change"]}
    undated = {r["id"] for r in every if not r["last_change"]}
    assert dated and undated  # Putin is on dated (OpenSanctions) and undated lists
    for since in (min(dated.values()), "2100-01-01"):
        kept = client.post(f"/match/default?limit=50&changed_since={since}", json=body)
        results = kept.json()["responses"]["q"]["results"]
        expected = undated | {entity_id for entity_id, at in dated.items() if at >= since}
        assert {r["id"] for r in results} == expected
    assert expected == undated
