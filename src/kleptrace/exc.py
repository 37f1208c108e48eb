"""Errors a user can cause. Each carries the HTTP status an API maps it to."""

from __future__ import annotations

from pathlib import Path


class KleptraceError(Exception):
    """Base for every error caused by input or configuration, printed without a traceback."""

    status: int = 400


class ParseError(KleptraceError):
    """A source file could not be read; names the file, the record position and the field."""

    status = 422

    def __init__(
        self,
        path: Path | str,
        message: str,
        position: str | int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.position = position
        self.field = field
        self.reason = message
        where = self.path
        if position is not None:
            where += f", {position}" if isinstance(position, str) else f", record {position}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, str | int | None, str | None]]:
        # Rebuild from the parts, so the error crosses process boundaries intact.
        return (type(self), (self.path, self.reason, self.position, self.field))


class FormatNotRecognised(KleptraceError):
    """No registered format recognises the file."""

    status = 415


class NotFound(KleptraceError):
    """An entity, source or version that does not exist."""

    status = 404


class FetchError(KleptraceError):
    """A download from an official publisher failed; the previous copy is kept."""

    status = 502


class ConfigError(KleptraceError):
    """A setting has a value kleptrace cannot use."""

    status = 500
