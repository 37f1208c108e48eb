"""/match's work limits: name tokens per name, names per query, tokens per request (413),
and a rate limit that counts work, not requests."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kleptrace.api import work
from kleptrace.api.app import ApiConfig, create_app
from kleptrace.screen import Query

HAN = (0x4E00, 0x9FFF)


def han(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(*HAN)) for _ in range(n))


def person(*names: str) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": list(names)}}


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Vladimir Putin", 2),
        ("PUTIN, Vladimir Vladimirovich", 3),
        ("习近平", 3),
        ("김정은 Kim Jong Un", 6),
        ("x" * 45, 3),  # a run-together word counts per started 20 characters
        ("", 0),
    ],
)
def test_name_tokens(name: str, tokens: int) -> None:
    assert work.name_tokens(name) == tokens


def test_each_limit_is_named() -> None:
    ok = work.measure([Query(names=("Vladimir Putin",), id="q")])
    assert (ok.tokens, ok.excess, ok.requests) == (2, None, 1)
    long_name = work.measure([Query(names=(han(65, 1),), id="q1")])
    assert long_name.excess == "queries.q1: a name of 65 name tokens, limit 64 tokens per name."
    many = work.measure([Query(names=tuple(f"name {n}" for n in range(21)), id="q2")])
    assert many.excess == "queries.q2: 21 names, limit 20 names per query."
    total = work.measure([Query(names=(han(50, n),), id=str(n)) for n in range(41)])
    assert total.excess == "The queries hold 2050 name tokens, limit 2000 per request."
    assert total.requests == 205


@pytest.fixture(scope="module")
def budgeted(screening_db: Path) -> Iterator[FastAPI]:
    """The app without keys (so the budget is per client address), 50 requests a minute;
    each test calls it from an address of its own, so starts with a full budget."""
    config = ApiConfig(db_path=screening_db, auth=False, rate_per_minute=50)
    app = create_app(config, load_in_background=False)
    with TestClient(app):  # runs the lifespan: the lists load once
        yield app


def post(client: TestClient, queries: dict[str, Any]) -> httpx.Response:
    """UTF-8 JSON as a client sends it (not \\u-escaped, which is six times longer)."""
    body = orjson.dumps({"queries": queries})
    return client.post("/match/default", content=body, headers={"content-type": "application/json"})


def test_a_huge_cjk_request_is_refused_and_spends_the_budget(budgeted: FastAPI) -> None:
    """The issue's probe: 100 queries of three random 999-character CJK names (0.9 MB)."""
    client = TestClient(budgeted, client=("10.0.0.1", 1))
    queries = {f"q{n}": person(*(han(999, 3 * n + k) for k in range(3))) for n in range(100)}
    response = post(client, queries)
    assert response.status_code == 413
    assert response.json() == {
        "detail": "queries.q0: a name of 999 name tokens, limit 64 tokens per name."
    }
    # its 299,700 tokens spent the budget and a minute more: the next request waits
    again = post(client, {"q": person("John Smith")})
    assert again.status_code == 429
    assert int(again.headers["retry-after"]) >= 60


def test_the_budget_counts_tokens_not_requests(budgeted: FastAPI) -> None:
    client = TestClient(budgeted, client=("10.0.0.2", 1))
    # 400 tokens: two such requests in a minute are 80 requests' worth, over the 50 a
    # minute allowed, whatever the time the first one takes on a busy machine (the
    # second would need 36 s of refill).
    # Twenty different names: a query's repeated names are screened (and counted) once.
    heavy = {"q": person(*(" ".join(f"Ivanov{n}x{k}" for k in range(20)) for n in range(20)))}
    statuses = [post(client, heavy) for _ in range(2)]
    assert [r.status_code for r in statuses] == [200, 429]
    assert statuses[1].json() == {
        "detail": "Rate limit exceeded: 50 requests per minute; this request counts as 40."
    }
    assert post(client, {"q": person("John Smith")}).status_code == 200
