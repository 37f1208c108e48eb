"""Errors the API answers with a status and a one-line `{"detail": ...}`, never a traceback."""

from __future__ import annotations

from kleptrace.exc import KleptraceError


class ApiError(KleptraceError):
    """A request the API refuses; `detail` names the field or value at fault."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
