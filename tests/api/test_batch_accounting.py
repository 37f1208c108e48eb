"""/screen/batch accounts for every row and /match warns instead of refusing the batch
(issues 15.1, 10.1), on the app in-process over a small store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from kleptrace.api.app import ApiConfig, create_app
from tests.files.test_accounting import stray_quote_csv


@pytest.fixture(scope="module")
def small_client(small_db: Path) -> Iterator[TestClient]:
    config = ApiConfig(db_path=small_db, auth=False, batch_workers=1)
    with TestClient(create_app(config, load_in_background=False)) as client:
        yield client


def batch(client: TestClient, body: bytes, kind: str) -> list[dict[str, Any]]:
    response = client.post("/screen/batch", content=body, headers={"content-type": kind})
    assert response.status_code == 200, response.text
    return [orjson.loads(line) for line in response.text.splitlines()]


def test_csv_stray_quote_costs_one_row(small_client: TestClient, tmp_path: Path) -> None:
    lines = batch(small_client, stray_quote_csv(tmp_path).read_bytes(), "text/csv")
    assert lines[-1] == {"summary": {"rows": 19, "screened": 18, "bad": 1, "warned": 0, "hits": 1}}
    assert [line["bad_row"]["line"] for line in lines if "bad_row" in line] == [5]
    assert [(h["query_id"], h["entity_id"]) for h in lines if "entity_id" in h] == [("15", "Q7747")]


def test_jsonl_broken_line_costs_one_row(small_client: TestClient) -> None:
    records = [orjson.dumps({"id": n, "name": f"Customer Number{n} Nobody"}) for n in range(1, 21)]
    records[4] = b'{"id": 5, "name": "Smith, John'
    records[14] = orjson.dumps({"id": 15, "name": "Vladimir Putin", "dob": "1969-7-16x"})
    lines = batch(small_client, b"\n".join(records), "application/x-ndjson")
    assert lines[-1]["summary"] == {"rows": 20, "screened": 19, "bad": 1, "warned": 1, "hits": 1}
    (hit,) = [line for line in lines if "entity_id" in line]
    assert hit["warnings"] == ["field 'dob': cannot read date '1969-7-16x'; left out"]


def test_match_warns_about_unreadable_values_and_still_screens(small_client: TestClient) -> None:
    putin = {
        "schema": "Dragon",
        "properties": {
            "name": ["Vladimir Putin"],
            "birthDate": ["soon", "7 October 1952"],
            "nationality": ["Atlantis"],
            "gender": ["q"],
        },
    }
    # Maria and Zakharova are both common names: the country supports the match.
    clean = {"schema": "Person", "properties": {"name": ["Maria Zakharova"], "nationality": ["ru"]}}
    response = small_client.post("/match/default", json={"queries": {"p": putin, "z": clean}})
    assert response.status_code == 200, response.text
    answers = response.json()["responses"]
    assert answers["p"]["results"][0]["id"] == "Q7747"
    assert answers["p"]["warnings"] == [
        "field 'queries.p.schema': unknown party type 'Dragon'; screened as LegalEntity",
        "field 'queries.p.properties.birthDate': cannot read date 'soon'; left out",
        "field 'queries.p.properties.nationality': unknown country 'Atlantis'; left out",
        "field 'queries.p.properties.gender': unknown gender 'q'; left out",
    ]
    assert answers["z"]["warnings"] == []
    assert answers["z"]["results"][0]["id"] == "Q4295"
