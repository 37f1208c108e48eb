"""CSV records read line by line, so one broken line never takes the rest of the file.

Python's `csv` reader, given `5,"Smith, John` with no closing quote, reads every later
line into that one cell and the rows after it vanish. Here each record starts on a
physical line; a quoted cell may run over further lines only while that yields a record
of the header's width. Otherwise the quote is unbalanced: the line it opens on is a bad
row and reading starts again on the next line, so it costs only the line it breaks.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_RECORD_LINES = 200
"""A quoted cell running over more lines than this is taken to be an unbalanced quote."""

# Bytes that are not UTF-8 survive decoding as lone surrogates (errors="surrogateescape").
UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Record:
    """A row read from a file: where it starts, its cells by column, how many non-blank
    physical lines it spans (more than 1 only for a CSV cell holding line breaks)."""

    line: int
    cells: dict[str, Any]
    lines: int = 1


@dataclass(frozen=True)
class BadRow:
    """An input row that cannot be screened, with where it is and why.

    Attributes:
        line: Physical line the record starts on (CSV, JSON lines) or 1-based row
            number (Parquet).
        reason: One sentence naming the field and value at fault.
        raw: The row as read: its cells by column, or its text when it could not be
            split into cells.
        lines: Non-blank physical lines the row spans.
    """

    line: int
    reason: str
    raw: dict[str, Any] | str
    lines: int = 1


def is_blank(raw: bytes) -> bool:
    """A line with nothing but whitespace is no row (both reading and counting agree)."""
    return not raw.strip()


def decoded_lines(raw_lines: Iterable[bytes], first: int = 1) -> Iterator[tuple[int, str]]:
    """Each non-blank line with its number, undecodable bytes kept as surrogates."""
    for number, raw in enumerate(raw_lines, first):
        if not is_blank(raw):
            yield number, raw.decode("utf-8", "surrogateescape").rstrip("\r\n")


def delimiter_of(header: str, candidates: tuple[str, ...]) -> str:
    """The candidate the header line holds most of; the first candidate on a tie."""
    return max(candidates, key=header.count)


def split(text: str, delimiter: str) -> list[str] | str:
    """The cells of one record's text, or the reason it is not valid CSV."""
    if '"' not in text:
        return text.split(delimiter)
    try:
        rows = list(csv.reader([text.replace("\r\n", "\n")], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return f"malformed CSV: {exc}"
    return rows[0] if rows else [""]


def csv_records(
    lines: Iterator[tuple[int, str]], header: list[str], delimiter: str
) -> Iterator[Record | BadRow]:
    """Every non-blank line after the header as a record or a bad row, each line once."""
    pending: deque[tuple[int, str]] = deque()

    def take() -> tuple[int, str] | None:
        return pending.popleft() if pending else next(lines, None)

    while (first := take()) is not None:
        parts = [first]
        text = first[1]
        while _open_quote(text) and len(parts) < MAX_RECORD_LINES:
            following = take()
            if following is None:
                break
            parts.append(following)
            text = f"{text}\n{following[1]}"
        cells = split(text, delimiter)
        if len(parts) > 1 and (isinstance(cells, str) or len(cells) != len(header)):
            pending.extendleft(reversed(parts[1:]))  # resynchronise on the next line
            yield BadRow(first[0], _UNBALANCED, printable(first[1]))
            continue
        yield _record(first[0], len(parts), text, cells, header, delimiter)


_UNBALANCED = "malformed CSV: a quote opens a cell that never closes on this line"


def _open_quote(text: str) -> bool:
    """An odd number of quotes leaves a quoted cell open (`""` inside a cell is two)."""
    return text.count('"') % 2 == 1


def _record(
    line: int, span: int, text: str, cells: list[str] | str, header: list[str], delimiter: str
) -> Record | BadRow:
    if isinstance(cells, str):
        return BadRow(line, _UNBALANCED if _open_quote(text) else cells, printable(text), span)
    undecoded = undecoded_reason(cells) if UNDECODED.search(text) else None
    if undecoded:
        return BadRow(line, undecoded, printable(text), span)
    if len(cells) != len(header):
        reason = f"expected {len(header)} fields, found {len(cells)}"
        return BadRow(line, reason, printable(text), span)
    return Record(line, dict(zip(header, cells, strict=True)), span)


def undecoded_reason(cells: Iterable[str]) -> str | None:
    """What is wrong with the first cell holding bytes that are not UTF-8, if any."""
    for cell in cells:
        found = UNDECODED.search(cell)
        if found:
            return f"byte 0x{ord(found.group()) - 0xDC00:02x} is not UTF-8 (in {printable(cell)!r})"
    return None


def printable(text: str) -> str:
    """Text with undecodable bytes shown as `\\xNN`, safe to print and write."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
