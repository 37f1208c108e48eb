"""A streamed response whose work stops as soon as the client goes.

Starlette streams a plain iterator from a thread and, when the client disconnects,
stops sending, but leaves the iterator suspended where it was: whatever it holds
(a batch's worker processes, its spool file) stays until the garbage collector
happens to free it, which after `gc.freeze` can be the next reload. `WorkStream`
closes the iterator once the response ends, however it ends, so its `finally`
blocks run at once; `on_close` then runs too (for what an iterator that never
started could not clean up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

log = logging.getLogger(__name__)


class WorkStream(StreamingResponse):
    """Stream `lines`; close them, then call `on_close`, when the response ends."""

    def __init__(
        self,
        lines: Generator[bytes, None, None],
        media_type: str,
        on_close: Callable[[], None],
    ) -> None:
        super().__init__(lines, media_type=media_type)
        self._lines = lines
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except ClientDisconnect:  # raised by servers that report a gone client on send
            log.info("client disconnected from %s; its work is cancelled", scope.get("path"))
        finally:
            with anyio.CancelScope(shield=True):  # even when the server cancels the request
                await run_in_threadpool(self._close)

    def _close(self) -> None:
        try:
            self._lines.close()
        finally:
            self._on_close()
