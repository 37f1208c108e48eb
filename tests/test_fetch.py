"""`fetch` against a local HTTP server on 127.0.0.1 standing in for the publishers.

The server serves the real UN file under the publisher's path and misbehaves on
request: a 500 every time, an HTML error page, a body shorter than its
Content-Length, or a complete but implausibly small file. Each failure must keep the
previous good copy; `force` accepts the small file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from kleptrace import fetch
from kleptrace.cli import app
from kleptrace.sources import get_format

UN_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
UN_PATH = "/resources/xml/en/consolidated.xml"


class Publisher:
    """A fake publisher: `mode` decides how the next requests are answered."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.mode = "ok"
        self.requests = 0


@pytest.fixture
def publisher(data_dir: Path) -> Iterator[tuple[Publisher, str]]:
    state = Publisher((data_dir / "un_sc" / "consolidated.xml").read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            if self.path != UN_PATH:
                self.send_error(404)
            elif state.mode == "error":
                self.send_error(500)
            elif state.mode == "html":
                page = b"<html><body>Service unavailable</body></html>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
            elif state.mode == "small":
                small = state.body[: int(len(state.body) * fetch.MIN_SIZE_RATIO) - 1]
                self.send_response(200)
                self.send_header("Content-Length", str(len(small)))
                self.end_headers()
                self.wfile.write(small)
            elif state.mode == "truncated":
                self.send_response(200)
                self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body[: len(state.body) // 3])
                self.close_connection = True
            else:
                self.send_response(200)
                self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(dest: Path, mirror: str, force: bool = False) -> fetch.FetchResult:
    with httpx.Client(timeout=5) as client:
        (result,) = fetch.fetch(
            dest,
            [fetch.Download("un_sc", UN_URL)],
            client=client,
            mirror=mirror,
            retries=2,
            backoff=0.01,
            force=force,
        )
    return result


def test_fetch_new_unchanged_and_failures_keep_previous(
    tmp_path: Path, publisher: tuple[Publisher, str]
) -> None:
    state, base = publisher
    first = run(tmp_path, base)
    assert first.status == "new", first.error
    saved = tmp_path / "un_sc" / "consolidated.xml"
    assert saved.read_bytes() == state.body
    assert run(tmp_path, base).status == "unchanged"

    for mode in ("error", "html", "truncated"):
        state.mode = mode
        state.requests = 0
        result = run(tmp_path, base)
        assert result.status == "failed", mode
        assert result.error
        assert saved.read_bytes() == state.body, f"{mode} replaced the good copy"
    assert state.requests == 3  # the truncated download was retried twice

    manifest = (tmp_path / "MANIFEST.json").read_text()
    assert first.sha256 and first.sha256 in manifest


def test_implausibly_small_download_keeps_previous_unless_forced(
    tmp_path: Path, publisher: tuple[Publisher, str]
) -> None:
    state, base = publisher
    saved = tmp_path / "un_sc" / "consolidated.xml"
    assert run(tmp_path, base).status == "new"
    manifest = (tmp_path / "MANIFEST.json").read_text()

    state.mode = "small"
    small = run(tmp_path, base)
    assert small.status == "implausible"
    assert small.error and "--force" in small.error and f"{len(state.body):,}" in small.error
    assert saved.read_bytes() == state.body
    assert (tmp_path / "MANIFEST.json").read_text() == manifest

    forced = run(tmp_path, base, force=True)
    assert forced.status == "updated"
    assert forced.bytes == saved.stat().st_size < len(state.body) * fetch.MIN_SIZE_RATIO
    assert forced.sha256 and forced.sha256 in (tmp_path / "MANIFEST.json").read_text()


def test_cli_fetch_reports_implausible_and_force_accepts(
    tmp_path: Path, publisher: tuple[Publisher, str]
) -> None:
    state, base = publisher
    args = ["fetch", "--dest", str(tmp_path), "--only", "un_sc", "--mirror", base]
    runner = CliRunner(env={"KLEPTRACE_HTTP_RETRIES": "0"})
    assert runner.invoke(app, args).exit_code == 0
    state.mode = "small"
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "implausible" in refused.output
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.output
    assert "updated" in forced.output


def test_every_format_with_urls_is_listed() -> None:
    items = fetch.downloads()
    assert any(item.url == UN_URL for item in items)
    assert all(item.url.startswith("https://") for item in items)


def test_each_source_is_fetched_in_one_form() -> None:
    """Two formats downloading the same list (sdn.xml and the SDN CSV set, ConList.csv and
    .xlsx) would load as alternating versions of one list."""
    formats_by_source: dict[str, set[str]] = {}
    for item in fetch.downloads():
        fmt = get_format(item.format)
        download = Path(item.filename)
        source = fmt.list_key(download) if fmt.list_key else fmt.source_name(download)
        formats_by_source.setdefault(source, set()).add(item.format)
    assert all(len(formats) == 1 for formats in formats_by_source.values()), formats_by_source
    targets = [(item.format, item.filename) for item in fetch.downloads()]
    assert len(set(targets)) == len(targets)  # no two downloads overwrite one file


def test_cli_fetch_reports_failure(tmp_path: Path, publisher: tuple[Publisher, str]) -> None:
    state, base = publisher
    state.mode = "error"
    runner = CliRunner(env={"KLEPTRACE_HTTP_RETRIES": "0"})
    result = runner.invoke(
        app, ["fetch", "--dest", str(tmp_path), "--only", "un_sc", "--mirror", base]
    )
    assert result.exit_code == 1
    assert "failed" in result.output
