"""API key checks, rate limits and body size limits, on a small app of their own."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel
from starlette.types import Message

from kleptrace.api.app import ApiConfig, create_app
from kleptrace.api.errors import ApiError
from kleptrace.api.keys import KeyStore, keys_path
from kleptrace.api.params import json_body
from kleptrace.api.security import (
    BodySizeLimit,
    RedactKeysInUrls,
    require_admin,
    require_read,
    secure,
)


class Body(BaseModel):
    names: list[str]


def small_app(config: ApiConfig) -> FastAPI:
    app = FastAPI()
    app.state.config = config
    secure(app, config)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return JSONResponse({"detail": error.detail}, error.status, headers=error.headers)

    @app.get("/public")
    def public() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/read", dependencies=[Depends(require_read)])
    def read() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/admin", dependencies=[Depends(require_admin)])
    def admin() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/echo")
    def echo(body: Body) -> dict[str, int]:
        return {"names": len(body.names)}

    @app.post("/screen/batch")
    async def batch(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    @app.post("/read-body", dependencies=[Depends(require_read)])
    def read_body(body: Annotated[Body, Depends(json_body(Body))]) -> dict[str, int]:
        return {"names": len(body.names)}

    return app


@pytest.fixture
def config(tmp_path: Path) -> ApiConfig:
    return ApiConfig(db_path=tmp_path / "store.duckdb", max_body_bytes=100, max_batch_bytes=1000)


@pytest.fixture
def keys(config: ApiConfig) -> KeyStore:
    return KeyStore(keys_path(config.db_path))


@pytest.fixture
def client(config: ApiConfig) -> Iterator[TestClient]:
    with TestClient(small_app(config)) as client:
        yield client


def test_a_missing_key_is_401_with_a_challenge(client: TestClient) -> None:
    response = client.get("/read")
    assert response.status_code == 401
    assert response.json() == {"detail": "No API key provided."}
    assert response.headers["www-authenticate"] == "ApiKey"
    other_scheme = client.get("/read", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert other_scheme.json() == {"detail": "No API key provided."}


def test_a_wrong_or_revoked_key_is_401(client: TestClient, keys: KeyStore) -> None:
    wrong = client.get("/read", headers={"Authorization": "ApiKey kt_wrong"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "Invalid API key."}
    record, secret = keys.create("old", {"read"})
    keys.revoke(record.key_id)
    revoked = client.get("/read", headers={"Authorization": f"ApiKey {secret}"})
    assert revoked.status_code == 401 and revoked.json() == {"detail": "Invalid API key."}


def test_a_key_without_the_scope_is_403(client: TestClient, keys: KeyStore) -> None:
    _, secret = keys.create("reader", {"read"})
    response = client.post("/admin", headers={"Authorization": f"ApiKey {secret}"})
    assert response.status_code == 403
    assert response.json() == {"detail": "This API key lacks the 'admin' scope."}
    _, admin = keys.create("ops", {"admin"})
    assert client.post("/admin", headers={"Authorization": f"ApiKey {admin}"}).status_code == 200
    assert client.get("/read", headers={"Authorization": f"ApiKey {admin}"}).status_code == 200


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({"Authorization": "ApiKey {key}"}, {}),
        ({"Authorization": "apikey {key}"}, {}),
        ({"Authorization": "Bearer {key}"}, {}),
        ({}, {"api_key": "{key}"}),
    ],
)
def test_every_way_of_sending_the_key_is_accepted(
    client: TestClient, keys: KeyStore, headers: dict[str, str], params: dict[str, str]
) -> None:
    _, secret = keys.create("client", {"read"})
    response = client.get(
        "/read",
        headers={k: v.format(key=secret) for k, v in headers.items()},
        params={k: v.format(key=secret) for k, v in params.items()},
    )
    assert response.status_code == 200, response.text


def test_public_routes_need_no_key(client: TestClient) -> None:
    assert client.get("/public").status_code == 200


def test_auth_off_allows_everything(config: ApiConfig) -> None:
    with TestClient(small_app(replace(config, auth=False))) as client:
        assert client.get("/read").status_code == 200
        assert client.post("/admin").status_code == 200
        assert client.get("/read", headers={"Authorization": "ApiKey kt_wrong"}).status_code == 200


def test_the_rate_limit_is_per_key_with_retry_after(config: ApiConfig, keys: KeyStore) -> None:
    _, first = keys.create("first", {"read"})
    _, second = keys.create("second", {"read"})
    with TestClient(small_app(replace(config, rate_per_minute=3))) as client:
        for _ in range(3):
            assert client.get("/read", params={"api_key": first}).status_code == 200
        limited = client.get("/read", params={"api_key": first})
        assert limited.status_code == 429
        assert limited.json() == {"detail": "Rate limit exceeded: 3 requests per minute."}
        assert limited.headers["retry-after"] == "20"
        assert client.get("/read", params={"api_key": second}).status_code == 200


def test_without_auth_the_rate_limit_is_per_client(config: ApiConfig) -> None:
    with TestClient(small_app(replace(config, auth=False, rate_per_minute=2))) as client:
        assert [client.get("/read").status_code for _ in range(3)] == [200, 200, 429]
    with TestClient(
        small_app(replace(config, auth=False, rate_per_minute=2)), client=("10.0.0.9", 1)
    ) as other:
        assert other.get("/read").status_code == 200


def test_413_on_a_declared_content_length(client: TestClient) -> None:
    body = json.dumps({"names": ["x" * 200]})
    response = client.post("/echo", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large: limit is 100 bytes."}
    assert client.post("/echo", json={"names": ["a", "b"]}).json() == {"names": 2}


def test_the_batch_path_has_its_own_limit(client: TestClient) -> None:
    assert client.post("/screen/batch", content=b"x" * 900).json() == {"bytes": 900}
    response = client.post("/screen/batch", content=b"x" * 1001)
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large: limit is 1000 bytes."}


def test_413_on_a_chunked_body_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"names": ['
        yield b'"' + b"x" * 200 + b'"]}'

    response = client.post("/echo", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large: limit is 100 bytes."}


def test_a_streamed_body_is_counted_across_messages() -> None:
    """Driven by hand: the limit is crossed by the third of several small messages."""
    calls: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            calls.append("read")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    incoming: list[Message] = [
        {"type": "http.request", "body": b"x" * 40, "more_body": True} for _ in range(5)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/match/default", "headers": [], "method": "POST"}
    asyncio.run(BodySizeLimit(app, 100, 1000)(scope, receive, send))
    assert calls == ["read", "read"]
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"]) == {"detail": "Request body too large: limit is 100 bytes."}


def test_create_app_wires_keys_and_limits(tmp_path: Path) -> None:
    config = ApiConfig(db_path=tmp_path / "store.duckdb", max_body_bytes=100)
    client = TestClient(create_app(config))  # no lifespan: nothing loads
    assert client.get("/healthz").status_code == 200
    assert client.get("/lists").status_code == 401
    big = client.post("/match/default", content=b"x" * 101)
    assert big.status_code == 413


@pytest.mark.parametrize("origins", [(), ("https://compliance.example",)])
def test_no_cors_unless_configured(tmp_path: Path, origins: tuple[str, ...]) -> None:
    config = ApiConfig(db_path=tmp_path / "absent.duckdb", auth=False, cors_origins=origins)
    with TestClient(create_app(config)) as client:
        response = client.get("/healthz", headers={"Origin": "https://compliance.example"})
    allowed = response.headers.get("access-control-allow-origin")
    assert allowed == (origins[0] if origins else None)


@pytest.mark.parametrize("name", ["api_key", "api%5Fkey", "api%5fkey", "%61%70%69%5F%6B%65%79"])
def test_every_spelling_of_the_key_parameter_is_redacted_in_the_access_log(
    client: TestClient, keys: KeyStore, name: str
) -> None:
    _, secret = keys.create("client", {"read"})
    url = f"/read?x=1&{name}={secret}"
    assert client.get(url).status_code == 200  # the server reads the key under this name
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', None, None
    )
    record.args = ("127.0.0.1:5000", "GET", url, "1.1", 200)
    RedactKeysInUrls().filter(record)
    line = record.getMessage()
    assert secret not in line
    assert f"/read?x=1&{name}=[redacted]" in line


def test_algorithms_is_public(tmp_path: Path) -> None:
    client = TestClient(create_app(ApiConfig(db_path=tmp_path / "store.duckdb")))
    assert client.get("/algorithms").status_code == 200
    assert client.get("/lists").status_code == 401


def test_the_key_is_checked_before_the_body_is_read(client: TestClient, keys: KeyStore) -> None:
    bad_json = {"content": b'{"names": [', "headers": {"Content-Type": "application/json"}}
    assert client.post("/read-body", **bad_json).status_code == 401  # type: ignore[arg-type]
    _, secret = keys.create("client", {"read"})
    with_key = {**bad_json, "headers": {**bad_json["headers"], "Authorization": f"ApiKey {secret}"}}  # type: ignore[dict-item]
    assert client.post("/read-body", **with_key).status_code == 422  # type: ignore[arg-type]


def test_the_app_checks_the_key_before_parsing_a_match_body(tmp_path: Path) -> None:
    client = TestClient(create_app(ApiConfig(db_path=tmp_path / "store.duckdb")))
    response = client.post(
        "/match/default", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "No API key provided."}


def test_failed_key_attempts_are_limited_per_address(config: ApiConfig, keys: KeyStore) -> None:
    _, secret = keys.create("client", {"read"})
    with TestClient(small_app(replace(config, failed_auth_per_minute=3))) as client:
        wrong = [
            client.get("/read", headers={"Authorization": "ApiKey kt_guess"}).status_code,
            client.get("/read").status_code,
            client.get("/read", params={"api_key": "kt_guess"}).status_code,
        ]
        assert wrong == [401, 401, 401]
        locked = client.get("/read", headers={"Authorization": "ApiKey kt_guess"})
        assert locked.status_code == 429
        assert locked.headers["retry-after"] == "20"
        assert "failed API key attempts" in locked.json()["detail"]
        # locked out before the key is looked at, so a guess cannot be confirmed
        assert client.get("/read", params={"api_key": secret}).status_code == 429
    with TestClient(
        small_app(replace(config, failed_auth_per_minute=3)), client=("10.0.0.9", 1)
    ) as other:
        assert other.get("/read", params={"api_key": secret}).status_code == 200
