"""The real server on 127.0.0.1: yente's /match shapes, auth, limits, batch, reload."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import threading
import time
from typing import Any

import duckdb
import httpx
import orjson
import pytest

from benchmarks.evaluation.customers import synthetic_customers
from kleptrace.api.keys import KeyStore, keys_path
from tests.api.conftest import LiveServer

PUTIN = {"schema": "Person", "properties": {"name": ["Владимир Путин"], "birthDate": ["1952"]}}
# Required fields of yente 5.x ScoredEntityResponse and EntityMatches.
SCORED_FIELDS = {"id", "caption", "schema", "properties", "datasets", "referents", "target"}
SCORED_FIELDS |= {"first_seen", "last_seen", "last_change", "score", "match", "explanations"}


def match(client: httpx.Client, queries: dict[str, Any], **params: Any) -> httpx.Response:
    return client.post("/match/default", json={"queries": queries}, params=params)


def test_health_is_public(live_server: LiveServer) -> None:
    with live_server.client() as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json() == {"status": "ok"}


def test_match_has_yentes_shape_and_finds_putin_on_every_list(live_server: LiveServer) -> None:
    raw = duckdb.connect(str(live_server.db_path), read_only=True)
    designating = {
        source
        for (source,) in raw.execute(
            "SELECT DISTINCT d.source FROM current_designations d JOIN current_statements s "
            "USING (entity_id) WHERE s.prop = 'name' AND s.schema = 'Person' AND "
            "(upper(s.value) LIKE '%PUTIN%VLADIMIR%' OR upper(s.value) LIKE '%VLADIMIR%PUTIN%' "
            " OR s.value LIKE '%Владимир%Путин%' OR s.value LIKE '%Путин%Владимир%')"
        ).fetchall()
    }
    raw.close()
    with live_server.client(live_server.read_key) as client:
        response = match(client, {"q1": PUTIN}, limit=20)
    assert response.status_code == 200, response.text
    assert response.headers["x-batch-size"] == "1"
    body = response.json()
    assert set(body) >= {"responses", "limit"}
    answer = body["responses"]["q1"]
    assert answer["status"] == 200
    assert answer["query"]["schema"] == "Person"
    assert set(answer["total"]) == {"value", "relation"}
    results = answer["results"]
    for result in results:
        assert set(result) >= SCORED_FIELDS
        assert isinstance(result["properties"], dict)
        assert all(isinstance(v, list) for v in result["properties"].values())
        assert 0.0 <= result["score"] <= 1.0
        assert result["match"] == (result["score"] >= 0.85)
        assert result["explanations"]["name"]["candidate"]
    matched = {d for r in results if r["match"] for d in r["datasets"]}
    assert designating and designating <= matched
    assert answer["total"]["value"] == sum(r["match"] for r in results)


def test_match_filters_by_dataset(live_server: LiveServer) -> None:
    with live_server.client(live_server.read_key) as client:
        response = client.post(
            "/match/us_ofac_sdn", json={"queries": {"q": PUTIN}}, params={"limit": 20}
        )
        only_uk = match(client, {"q": PUTIN}, include_dataset="gb", limit=20)
    assert {d for r in response.json()["responses"]["q"]["results"] for d in r["datasets"]} == {
        "us_ofac_sdn"
    }
    uk = {d for r in only_uk.json()["responses"]["q"]["results"] for d in r["datasets"]}
    assert uk and uk <= {"gb_fcdo", "gb_hmt_ofsi"}


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        ("/match/nowhere", {"queries": {"q": PUTIN}}, 404, "No such dataset."),
        (
            "/match/default",
            {"queries": {"q": {"schema": "Person", "properties": {"nationality": ["ru"]}}}},
            400,
            "name",
        ),
        ("/match/default", {"queries": {}}, 400, "No queries provided."),
        ("/match/default", {"queries": {str(i): PUTIN for i in range(101)}}, 400, "Too many"),
        ("/match/default", {"queries": "nope"}, 422, "queries"),
    ],
)
def test_bad_requests_get_4xx_naming_the_field(
    live_server: LiveServer, path: str, body: Any, status: int, words: str
) -> None:
    with live_server.client(live_server.read_key) as client:
        response = client.post(path, json=body)
        assert response.status_code == status, response.text
        assert words in response.text
        assert "Traceback" not in response.text
        assert client.get("/healthz").status_code == 200


def test_broken_json_and_unknown_algorithm(live_server: LiveServer) -> None:
    with live_server.client(live_server.read_key) as client:
        broken = client.post(
            "/match/default", content=b'{"queries": {', headers={"content-type": "application/json"}
        )
        assert broken.status_code == 422
        algorithm = match(client, {"q": PUTIN}, algorithm="magic")
        assert algorithm.status_code == 400
        assert algorithm.json() == {"detail": "Invalid algorithm: magic"}
        assert match(client, {"q": PUTIN}, algorithm="logic-v2").status_code == 200


def test_keys_and_scopes(live_server: LiveServer) -> None:
    with live_server.client() as anonymous:
        missing = match(anonymous, {"q": PUTIN})
        assert missing.status_code == 401
        assert missing.json() == {"detail": "No API key provided."}
        wrong = anonymous.post(
            "/match/default",
            json={"queries": {"q": PUTIN}},
            headers={"Authorization": "ApiKey kt_not-a-key"},
        )
        assert wrong.status_code == 401
        bearer = anonymous.get(
            "/lists", headers={"Authorization": f"Bearer {live_server.read_key}"}
        )
        assert bearer.status_code == 200
        assert anonymous.get("/lists", params={"api_key": live_server.read_key}).status_code == 200
        access_log = live_server.log.read_text(errors="replace")
        assert "GET /lists?api_key=[redacted]" in access_log
        assert live_server.read_key not in access_log
    with live_server.client(live_server.read_key) as reader:
        assert reader.post("/admin/reload").status_code == 403


def test_request_size_limit(live_server: LiveServer) -> None:
    big = {"q": {"schema": "Person", "properties": {"name": ["x" * 500] * 50}}}
    queries = {str(i): big["q"] for i in range(20)}
    with live_server.client(live_server.read_key) as client:
        response = match(client, queries)
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]


def test_rate_limit_per_key(live_server: LiveServer) -> None:
    statuses = []
    with live_server.client(live_server.rate_key) as client:
        for _ in range(700):
            response = client.get("/lists")
            statuses.append(response.status_code)
            if response.status_code == 429:
                assert int(response.headers["Retry-After"]) >= 1
                break
    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {200}
    with live_server.client(live_server.read_key) as other:
        assert other.get("/lists").status_code == 200


def test_batch_streams_hits_bad_rows_and_summary(live_server: LiveServer) -> None:
    rows = ["name,dob,country", "Vladimir Putin,1952-10-07,ru", ",1990,gb", "Jane Doe-Nobody,,"]
    rows += ["Emma Thompson-Nowhere,not a date,", "Arkady Rotenberg,1951,ru"]
    with live_server.client(live_server.read_key) as client:
        response = client.post(
            "/screen/batch",
            content="\n".join(rows).encode(),
            headers={"content-type": "text/csv"},
        )
    assert response.status_code == 200, response.text
    lines = [orjson.loads(line) for line in response.text.splitlines()]
    summary = lines[-1]["summary"]
    assert (summary["rows"], summary["screened"], summary["warned"]) == (5, 4, 1)
    bad = [line["bad_row"] for line in lines if "bad_row" in line]
    assert [b["line"] for b in bad] == [3]  # "not a date" on line 5 is a warning
    assert summary["bad"] == 1
    hits = [line for line in lines if "entity_id" in line]
    assert summary["hits"] == len(hits)
    assert {"2", "6"} <= {h["query_id"] for h in hits}


def test_batch_refuses_unknown_content_type(live_server: LiveServer) -> None:
    with live_server.client(live_server.read_key) as client:
        response = client.post(
            "/screen/batch", content=b"x", headers={"content-type": "application/pdf"}
        )
    assert response.status_code == 415


BATCH_ROWS = 40_000


def test_reload_under_load_never_fails_a_request(live_server: LiveServer) -> None:
    stop = threading.Event()
    statuses: list[int] = []
    # A key of its own, paced under the server's 600 a minute: a 429 is not what this tests.
    _, key = KeyStore(keys_path(live_server.db_path)).create("tests-reload", {"read"})

    def hammer() -> None:
        with live_server.client(key) as client:
            while not stop.is_set():
                statuses.append(match(client, {"q": PUTIN}).status_code)
                time.sleep(0.2)

    def batch() -> tuple[list[dict[str, Any]], float]:
        """A batch long enough to be screening when the reload swaps the lists in."""
        body = io.StringIO()
        writer = csv.writer(body)
        writer.writerow(["id", "name"])
        for n, customer in enumerate(synthetic_customers(BATCH_ROWS, seed=3)):
            writer.writerow([n, customer["query"]["names"][0]])
        with live_server.client(key, timeout=600) as client:
            answer = client.post(
                "/screen/batch",
                content=body.getvalue().encode(),
                headers={"content-type": "text/csv"},
            )
        assert answer.status_code == 200, answer.text
        return [orjson.loads(line) for line in answer.text.splitlines()], time.monotonic()

    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        running = pool.submit(batch)
        workers = [pool.submit(hammer) for _ in range(4)]
        time.sleep(2)  # the batch is uploaded and its workers are starting
        with live_server.client(live_server.admin_key, timeout=300) as admin:
            reload = admin.post("/admin/reload")
        reloaded = time.monotonic()
        stop.set()
        for worker in workers:
            worker.result()
        lines, batch_ended = running.result()
    assert reload.status_code == 200, reload.text
    assert reload.json()["targets"] > 0
    assert statuses and set(statuses) == {200}
    assert batch_ended > reloaded, "the batch ended before the reload: make it longer"
    assert lines[-1] == {
        "summary": {
            "rows": BATCH_ROWS,
            "screened": BATCH_ROWS,
            "bad": 0,
            "warned": 0,
            "hits": len(lines) - 1,
        }
    }


def test_failed_reload_keeps_serving(live_server: LiveServer) -> None:
    hidden = live_server.db_path.with_name("hidden.duckdb")
    live_server.db_path.rename(hidden)
    try:
        with live_server.client(live_server.admin_key, timeout=120) as admin:
            failed = admin.post("/admin/reload")
    finally:
        hidden.rename(live_server.db_path)
    assert failed.status_code == 500
    assert "previous lists still served" in failed.json()["detail"]
    assert "Traceback" not in failed.text
    with live_server.client(live_server.read_key) as client:
        assert match(client, {"q": PUTIN}).status_code == 200


def test_many_queries_in_one_request_answer_each_key(live_server: LiveServer) -> None:
    names = ["Vladimir Putin", "Arkady Rotenberg", "Jane Nobody", "Sberbank", "Gazprom", "Emma"]
    queries = {
        f"k{i}": {"schema": "LegalEntity", "properties": {"name": [name]}}
        for i, name in enumerate(names)
    }
    with live_server.client(live_server.read_key) as client:
        response = match(client, queries)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body["responses"]) == set(queries)
    assert response.headers["x-batch-size"] == str(len(queries))
    putin = body["responses"]["k0"]["results"]
    assert any(r["match"] and "Putin" in r["caption"].title() for r in putin)
