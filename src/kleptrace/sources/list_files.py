"""What the dfat and sema parsers share: both lists are one file that prints no
publication date.

`require_content` gives a plain error for a missing or empty file before a workbook or
XML reader fails on it less clearly; `latest_date` dates such a list by its newest entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kleptrace.exc import ParseError
from kleptrace.sources.dates import parse_date


def require_content(path: Path) -> None:
    """Raise ParseError when the file is missing or empty."""
    if not path.exists():
        raise ParseError(path, "file not found")
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file")


def latest_date(values: Iterable[object]) -> str | None:
    """The latest ISO date the printed values hold, or None; blank values are skipped.

    Stands in for a publication date: a list is no older than its newest change.
    """
    latest: str | None = None
    for value in values:
        if not value:
            continue
        parsed = parse_date(value.strip() if isinstance(value, str) else value)
        if parsed:
            top = max(parsed.values)
            if latest is None or top > latest:
                latest = top
    return latest
