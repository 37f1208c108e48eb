"""`/screen/batch` with a client that goes away: mid-upload it costs one log line and no
traceback; mid-stream the batch is cancelled and its spool file deleted before the
request ends, not whenever the garbage collector frees the suspended stream.

The app is driven through ASGI by hand, as uvicorn drives it, to disconnect exactly
where wanted."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Message

from benchmarks.evaluation.customers import synthetic_customers


def scope() -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},  # uvicorn's httptools protocol
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/screen/batch",
        "raw_path": b"/screen/batch",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"text/csv"), (b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }


@pytest.fixture
def spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the server spools uploads during the test."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_a_client_gone_mid_upload_costs_one_line_and_no_traceback(
    client: TestClient, spool: Path, caplog: pytest.LogCaptureFixture
) -> None:
    incoming: list[Message] = [
        {"type": "http.request", "body": b"id,name\n1,John Smith\n", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    app: ASGIApp = client.app
    with caplog.at_level(logging.INFO):
        asyncio.run(app(scope(), receive, send))
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in caplog.text
    assert "disconnected during its /screen/batch upload" in caplog.text
    assert list(spool.iterdir()) == []


def test_a_client_gone_mid_stream_stops_the_batch_and_deletes_the_spool(
    client: TestClient, spool: Path
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name"])
    for n, customer in enumerate(synthetic_customers(50_000, 11)):
        writer.writerow([n, customer["query"]["names"][0]])
    body = out.getvalue().encode()
    lines: list[bytes] = []

    async def scenario() -> tuple[list[Path], int]:
        first_line = asyncio.Event()
        incoming: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> Message:
            if incoming:
                return incoming.pop(0)
            await first_line.wait()  # the client reads one line of results, then goes
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.body" and message.get("body"):
                lines.append(message["body"])
                first_line.set()

        app: ASGIApp = client.app
        await asyncio.wait_for(app(scope(), receive, send), timeout=300)
        # what is left the moment the request ends, before the loop tidies anything up
        return list(spool.iterdir()), len(lines)

    left, sent = asyncio.run(scenario())
    assert sent >= 1
    assert left == []
    assert not any(b'"summary"' in line for line in lines)  # it did not run to the end
