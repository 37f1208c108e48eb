"""`fetch_page` for `kleptrace media URL`: the same client and retries as `fetch`, only
HTML or plain text, and a size limit."""

from __future__ import annotations

import httpx
import pytest

from kleptrace import fetch
from kleptrace.exc import FetchError


def _client(status: int, body: bytes, content_type: str | None) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": content_type} if content_type else {}
        return httpx.Response(status, content=body, headers=headers)

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_a_page_comes_back_with_its_content_type() -> None:
    body = b"<html><body><p>x</p></body></html>"
    data, kind = fetch.fetch_page(_client(200, body, "text/html; charset=utf-8"), "http://x/a")
    assert data == body and kind == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("status", "content_type", "message"),
    [
        (200, "application/pdf", "content type application/pdf"),
        (200, None, "content type none"),
        (404, "text/html", "HTTP 404"),
    ],
)
def test_what_is_not_a_page_fails_with_the_url(
    status: int, content_type: str | None, message: str
) -> None:
    with pytest.raises(FetchError, match=rf"^http://x/a: .*{message}"):
        fetch.fetch_page(_client(status, b"%PDF", content_type), "http://x/a", retries=0)


def test_a_page_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "MAX_PAGE_BYTES", 10)
    with pytest.raises(FetchError, match="over the limit of 10"):
        fetch.fetch_page(_client(200, b"x" * 11, "text/plain"), "http://x/a", retries=0)
