"""Download the current list files from their official publishers.

Each format names its publisher URLs (Format.urls). A download is streamed to a
temporary file, checked (complete against Content-Length, recognised as the expected
format, so an HTML error page never replaces a list; not much smaller than the previous
copy, so a publisher's half-empty export never replaces a full one) and only then moved
over the previous copy. A failed or implausible download keeps the previous copy and is
reported, never raised half-way. MANIFEST.json in the destination records URL, SHA-256,
size and time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import orjson

from kleptrace.exc import FetchError
from kleptrace.sources import FORMATS, detect
from kleptrace.sources.base import Format

MANIFEST = "MANIFEST.json"
KEPT_PREVIOUS = frozenset({"failed", "implausible"})
"""Result statuses in which the download was not saved and the previous copy stays."""
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MIN_SIZE_RATIO = 0.5
"""A download under this fraction of the previous copy's size is implausible: lists grow
or shrink by a few percent between releases, so losing half the bytes means a truncated
or partial export (which can still be well-formed), not a real change. `force` overrides."""


@dataclass(frozen=True)
class Download:
    format: str
    url: str

    @property
    def filename(self) -> str:
        """The URL's file name; an endpoint without one (the EU FSF's ".../content")
        saves as "<format>.xml", the only form such publishers serve here."""
        name = Path(urlsplit(self.url).path).name
        return name if "." in name else f"{self.format}.xml"


@dataclass
class FetchResult:
    format: str
    url: str
    path: str
    status: str
    """'new', 'updated', 'unchanged', or 'failed' and 'implausible' (much smaller than the
    previous copy): in those two the previous copy, if any, is kept."""
    sha256: str | None = None
    bytes: int | None = None
    error: str | None = None
    fetched_at: str | None = None


def downloads(formats: Iterable[Format] = FORMATS, only: Iterable[str] = ()) -> list[Download]:
    """Every official download, optionally only those of some format or source names."""
    wanted = set(only)
    out: list[Download] = []
    for fmt in formats:
        items = [Download(fmt.name, url) for url in fmt.urls]
        if wanted and fmt.name not in wanted:
            items = [i for i in items if wanted & _names_of(fmt, Path(i.filename))]
        out.extend(items)
    return out


def _names_of(fmt: Format, download: Path) -> set[str]:
    """The source a download loads as, and the list it is a form of (`--only us_ofac_sdn`
    takes SDN_ADVANCED.XML)."""
    names = {fmt.source_name(download)}
    if fmt.list_key is not None:
        names.add(fmt.list_key(download))
    return names


def mirrored(url: str, mirror: str | None) -> str:
    """Point an official URL at a mirror that keeps the publisher's paths."""
    if not mirror:
        return url
    parts = urlsplit(url)
    return mirror.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def fetch(
    dest: Path,
    items: Iterable[Download],
    *,
    client: httpx.Client,
    mirror: str | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    on_done: Callable[[FetchResult], None] | None = None,
    force: bool = False,
) -> list[FetchResult]:
    """Download every item into dest/<format>/<filename>; update dest/MANIFEST.json.

    `force` accepts a download however much smaller than the previous copy it is.
    """
    dest.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(dest)
    results = []
    for item in items:
        url = mirrored(item.url, mirror)
        result = _fetch_one(dest, item, client, url, retries, backoff, force)
        if result.status not in KEPT_PREVIOUS:
            manifest[result.path] = asdict(result)
        results.append(result)
        if on_done is not None:
            on_done(result)
    (dest / MANIFEST).write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return results


def _read_manifest(dest: Path) -> dict[str, dict[str, object]]:
    path = dest / MANIFEST
    try:
        data = orjson.loads(path.read_bytes()) if path.exists() else {}
    except orjson.JSONDecodeError:
        data = {}
    return data if isinstance(data, dict) else {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch_one(
    dest: Path,
    item: Download,
    client: httpx.Client,
    url: str,
    retries: int,
    backoff: float,
    force: bool,
) -> FetchResult:
    target = dest / item.format / item.filename
    result = FetchResult(item.format, url, str(target.relative_to(dest)), "failed")
    staging = dest / ".partial" / item.format
    staging.mkdir(parents=True, exist_ok=True)
    partial = staging / item.filename
    try:
        _download(client, url, partial, retries, backoff)
        fmt = detect(partial)
        if fmt is None or fmt.name != item.format:
            found = fmt.name if fmt else "no known format"
            raise _Failed(f"downloaded file is not a {item.format} file ({found})")
        result.sha256 = _sha256(partial)
        result.bytes = partial.stat().st_size
        result.fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if target.exists() and _sha256(target) == result.sha256:
            result.status = "unchanged"
        elif not force and _implausible(result.bytes, target):
            result.status = "implausible"
            result.error = (
                f"{result.bytes:,} bytes, under {MIN_SIZE_RATIO:.0%} of the previous copy's "
                f"{target.stat().st_size:,}: previous copy kept (--force to accept it)"
            )
        else:
            result.status = "updated" if target.exists() else "new"
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)
    except (_Failed, httpx.HTTPError, OSError) as exc:
        result.error = str(exc)
    finally:
        shutil.rmtree(dest / ".partial", ignore_errors=True)
    return result


def _download(
    client: httpx.Client,
    url: str,
    partial: Path,
    retries: int,
    backoff: float,
    accept: tuple[str, ...] = (),
    max_bytes: int | None = None,
) -> str | None:
    """Stream `url` into `partial`, retrying transient failures; the content type."""
    attempt = 0
    while True:
        try:
            return _stream(client, url, partial, accept, max_bytes)
        except (httpx.TransportError, _Retryable) as exc:
            if attempt == retries:
                raise _Failed(f"gave up after {retries + 1} attempts: {exc}") from exc
            time.sleep(backoff * 2**attempt)
            attempt += 1


PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
"""Content types `fetch_page` accepts: a web page or a plain-text capture."""
MAX_PAGE_BYTES = 20 * 1024 * 1024
"""A news page is well under a megabyte; past this, the URL is not an article."""


def fetch_page(
    client: httpx.Client, url: str, retries: int = 3, backoff: float = 1.0
) -> tuple[bytes, str | None]:
    """One web page (for `kleptrace media URL`): its bytes and content type, with the same
    timeouts, retries and completeness check as a list download, only HTML or plain text,
    and at most MAX_PAGE_BYTES."""
    with tempfile.TemporaryDirectory(prefix="kleptrace-page-") as folder:
        partial = Path(folder) / "page"
        try:
            kind = _download(client, url, partial, retries, backoff, PAGE_TYPES, MAX_PAGE_BYTES)
        except (_Failed, httpx.HTTPError, OSError) as exc:
            raise FetchError(f"{url}: {exc}") from None
        return partial.read_bytes(), kind


def http_client(timeout: float) -> httpx.Client:
    """The HTTP client of every download: one timeout, redirects followed, a named agent."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": "kleptrace (sanctions list fetcher)"},
    )


def _implausible(size: int, previous: Path) -> bool:
    """Whether a download of `size` bytes is much smaller than the copy it would replace."""
    return previous.exists() and size < MIN_SIZE_RATIO * previous.stat().st_size


class _Retryable(Exception):
    pass


class _Failed(Exception):
    pass


def _stream(
    client: httpx.Client,
    url: str,
    partial: Path,
    accept: tuple[str, ...] = (),
    max_bytes: int | None = None,
) -> str | None:
    """Stream one response to `partial`; its content type. `accept` limits the content
    types taken, `max_bytes` the size, both checked before and while reading."""
    with client.stream("GET", url) as response:
        if response.status_code in RETRY_STATUS:
            raise _Retryable(f"HTTP {response.status_code}")
        if response.status_code != 200:
            raise _Failed(f"HTTP {response.status_code} from {url}")
        kind: str | None = response.headers.get("content-type")
        if accept and (kind or "").split(";")[0].strip().lower() not in accept:
            raise _Failed(f"content type {kind or 'none'}, not one of {', '.join(accept)}")
        expected = response.headers.get("content-length")
        if max_bytes is not None and expected is not None and int(expected) > max_bytes:
            raise _Failed(f"{int(expected):,} bytes, over the limit of {max_bytes:,}")
        received = 0
        with open(partial, "wb") as fh:
            for chunk in response.iter_bytes():
                fh.write(chunk)
                received += len(chunk)
                if max_bytes is not None and received > max_bytes:
                    raise _Failed(f"over the limit of {max_bytes:,} bytes")
    if (
        expected is not None
        and not response.headers.get("content-encoding")
        and int(expected) != received
    ):
        raise _Retryable(f"truncated: {received} of {expected} bytes")
    return kind
