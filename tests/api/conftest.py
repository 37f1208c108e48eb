"""A real `kleptrace serve` process on 127.0.0.1 over the shared store of real lists."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from kleptrace.api.app import ApiConfig, create_app
from kleptrace.api.keys import KeyStore, keys_path
from kleptrace.api.state import Snapshot
from kleptrace.screen import Screener

READY_TIMEOUT = 180.0


@dataclass(frozen=True)
class LiveServer:
    url: str
    read_key: str
    admin_key: str
    rate_key: str
    db_path: Path
    log: Path

    def client(self, key: str | None = None, timeout: float = 60.0) -> httpx.Client:
        headers = {"Authorization": f"ApiKey {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(
    screening_db: Path, screener: Screener, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`kleptrace serve` with auth on, a small body limit, and keys of each scope."""
    keys = KeyStore(keys_path(screening_db))
    _, read_key = keys.create("tests-read", {"read"})
    _, admin_key = keys.create("tests-admin", {"admin"})
    _, rate_key = keys.create("tests-rate", {"read"})
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    command = [str(Path(sys.executable).with_name("kleptrace")), "serve", "--port", str(port)]
    command += ["--rate-limit", "600", "--max-body", "200000", "--db", str(screening_db)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(
        f"http://127.0.0.1:{port}", read_key, admin_key, rate_key, screening_db, log
    )
    try:
        _wait_ready(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(server: LiveServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    with server.client() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {server.log.read_text()[-3000:]}")
            try:
                if client.get("/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
    raise RuntimeError(f"server not ready in {READY_TIMEOUT} s: {server.log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def client(screening_db: Path) -> Iterator[TestClient]:
    """The app in-process, without auth, its lists loaded before the first request."""
    app = create_app(ApiConfig(db_path=screening_db, auth=False), load_in_background=False)
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def snap(client: TestClient) -> Snapshot:
    """The snapshot the app serves (`take_snapshot` of the store), for direct calls."""
    current: Snapshot = client.app.state.serving.current  # type: ignore[attr-defined]
    return current
