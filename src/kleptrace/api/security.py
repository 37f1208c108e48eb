"""API keys, per-key rate limits and request size limits.

Keys are sent the way the hosted OpenSanctions API and the yente client send
them (`Authorization: ApiKey <key>` or `?api_key=<key>`); `Bearer` is accepted
too. With `auth` off (local use) every request is allowed and the rate limit
applies per client address instead of per key.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kleptrace.api.errors import ApiError
from kleptrace.api.keys import KeyRecord, KeyStore, keys_path
from kleptrace.api.ratelimit import RateLimiter, SharedBuckets

if TYPE_CHECKING:
    from kleptrace.api.app import ApiConfig

AUTH_SCHEMES = ("apikey", "bearer")
CHALLENGE = {"WWW-Authenticate": "ApiKey"}
KEY_PARAM = "api_key"
REDACTED = "[redacted]"


def redact_key(url: str) -> str:
    """The URL with the value of every query parameter the server reads as `api_key`
    replaced: names are decoded first, as the server decodes them, so `api%5Fkey=`
    and `%61pi_key=` are caught too."""
    path, mark, query = url.partition("?")
    if not mark:
        return url
    pairs = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if value and unquote_plus(name).lower() == KEY_PARAM:
            pair = f"{name}={REDACTED}"
        pairs.append(pair)
    return f"{path}?{'&'.join(pairs)}"


class RedactKeysInUrls(logging.Filter):
    """Masks `api_key` values in log lines (uvicorn's access log prints whole URLs), so
    keys sent the yente client's way do not end up in log files."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_key(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


_REDACT = RedactKeysInUrls()


def secure(app: FastAPI, config: ApiConfig) -> None:
    """Give an app its key file, rate limiters and body size limit.

    Call it before adding CORS, so CORS stays the outer layer and a 413 still
    carries CORS headers.
    """
    logging.getLogger("uvicorn.access").addFilter(_REDACT)  # one instance: added once
    app.state.keys = KeyStore(keys_path(config.db_path))
    shared = SharedBuckets(config.rate_file) if config.rate_file else None
    app.state.limiter = RateLimiter(config.rate_per_minute, buckets=shared)
    app.state.failures = RateLimiter(config.failed_auth_per_minute, buckets=shared)
    app.add_middleware(
        BodySizeLimit, max_bytes=config.max_body_bytes, batch_max_bytes=config.max_batch_bytes
    )


def presented_key(request: Request) -> str | None:
    """The key from `Authorization: ApiKey|Bearer <key>`, else from `?api_key=`."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() in AUTH_SCHEMES and value.strip():
        return value.strip()
    return request.query_params.get(KEY_PARAM) or None


def require(scope: str) -> Callable[[Request], Awaitable[KeyRecord | None]]:
    """A FastAPI dependency admitting requests whose key has `scope`, within the rate limit.

    It returns the key's record (None with auth off), for endpoints that want it. Routes
    read their JSON bodies in dependencies of their own (`params.json_body`), which
    FastAPI runs after this one, so a body is never parsed for a request without a key.
    """

    async def dependency(request: Request) -> KeyRecord | None:
        return _check(request, scope)

    return dependency


def _check(request: Request, scope: str) -> KeyRecord | None:
    config: ApiConfig = request.app.state.config
    limiter: RateLimiter = request.app.state.limiter
    address = f"ip:{request.client.host if request.client else '-'}"
    if not config.auth:
        request.state.budget = address
        _within_rate(limiter, address, config)
        return None
    failures: RateLimiter = request.app.state.failures
    failed = f"failed-{address}"  # its own bucket, beside the address's request budget
    if wait := failures.waiting(failed):  # before the key is looked at: no guessing on
        raise ApiError(
            429,
            f"Too many failed API key attempts from this address: "
            f"{config.failed_auth_per_minute} per minute.",
            {"Retry-After": str(max(1, math.ceil(wait)))},
        )
    secret = presented_key(request)
    keys: KeyStore = request.app.state.keys
    record = None if secret is None else keys.verify(secret)
    if record is None:
        failures.take(failed)
        detail = "No API key provided." if secret is None else "Invalid API key."
        raise ApiError(401, detail, CHALLENGE)
    request.state.budget = f"key:{record.key_id}"
    _within_rate(limiter, request.state.budget, config)
    if not record.allows(scope):
        raise ApiError(403, f"This API key lacks the {scope!r} scope.")
    return record


def _within_rate(
    limiter: RateLimiter, client: str, config: ApiConfig, cost: int = 1, why: str = ""
) -> None:
    wait = limiter.take(client, cost)
    if wait:
        raise ApiError(
            429,
            f"Rate limit exceeded: {config.rate_per_minute} requests per minute"
            + (f"; {why}." if why else "."),
            {"Retry-After": str(max(1, math.ceil(wait)))},
        )


def charge(request: Request, cost: int, why: str) -> None:
    """Spend `cost` more requests from the budget the request was admitted on (its key's,
    or its address's with auth off), for the work it brings; 429 saying `why` if short."""
    config: ApiConfig = request.app.state.config
    _within_rate(request.app.state.limiter, request.state.budget, config, cost, why)


def charge_refused(request: Request, cost: int) -> None:
    """Spend `cost` more requests from the request's budget, into debt if need be, for
    work it brought that is refused (413): a client cannot retry such requests for free."""
    limiter: RateLimiter = request.app.state.limiter
    limiter.spend(request.state.budget, cost)


require_read = require("read")
require_admin = require("admin")


class _BodyTooLarge(HTTPException):
    """Raised from `receive`; an HTTPException so FastAPI's body parsing passes it on as a 413."""


class BodySizeLimit:
    """Answer 413 to bodies over the limit, whether declared by Content-Length or streamed.

    A declared length is refused before the app runs. A streamed body is
    counted as it arrives; once over the limit, whatever the app would answer
    is replaced by the 413.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        batch_max_bytes: int,
        batch_paths: Sequence[str] = ("/screen/batch",),
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.batch_max_bytes = batch_max_bytes
        self.batch_paths = frozenset(batch_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.batch_max_bytes if scope["path"] in self.batch_paths else self.max_bytes
        detail = f"Request body too large: limit is {limit} bytes."

        async def too_large(scope: Scope, receive: Receive, send: Send) -> None:
            await JSONResponse({"detail": detail}, 413)(scope, receive, send)

        if _content_length(scope) > limit:
            await too_large(scope, receive, send)
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _BodyTooLarge(413, detail)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                if not started:
                    started = True
                    await too_large(scope, receive, send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _BodyTooLarge:
            if started:
                raise
            await too_large(scope, receive, send)


def _content_length(scope: Scope) -> int:
    """The declared body length; 0 when absent or malformed (the bytes are counted anyway)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0
