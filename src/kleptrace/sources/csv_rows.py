"""Reading CSV tables strictly, so that every error names its place in the file: the line
a record starts on (quoted cells may span lines), the line of an undecodable byte, the
columns a header lacks. Shared by the OFAC SDN CSV set, the trade.gov CSL and the UK
OFSI and FCDO tables."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kleptrace.exc import ParseError

if TYPE_CHECKING:
    from _csv import Reader


Numbered = list[tuple[int, list[str]]]
"""Rows with their 1-based row (xlsx) or starting line (csv) number."""


def decode(path: Path, raw: bytes, encoding: str = "utf-8-sig", charset: str = "UTF-8") -> str:
    """The file's bytes as text; a byte that is not `charset` is an error naming its line."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(
            path, f"byte 0x{raw[exc.start]:02x} is not {charset}", position=f"line {line}"
        ) from exc


def records(path: Path, reader: Reader) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of each record the reader has left, blank ones
    skipped; malformed CSV is an error naming the line its record starts on."""
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ParseError(path, f"malformed CSV: {exc}", position=f"line {start}") from exc
        end = reader.line_num
        if row and not (len(row) == 1 and not row[0].strip()):
            yield start, end, row


def check_width(
    path: Path, line: int, row: list[str], columns: list[str] | tuple[str, ...], *, named: bool
) -> None:
    """A record with more or fewer cells than `columns` is an error naming the first column
    it lacks; `named` lists the expected columns (for files without a header row)."""
    if len(row) == len(columns):
        return
    listed = f" ({', '.join(columns)})" if named else ""
    raise ParseError(
        path,
        f"expected {len(columns)} columns{listed}, found {len(row)}",
        position=f"line {line}",
        field=columns[len(row)] if len(row) < len(columns) else None,
    )


def numbered_rows(reader: Reader) -> Iterator[tuple[int, list[str]]]:
    """The reader's remaining rows, cells stripped, each with the line it starts on.

    The caller keeps the reader, so a csv.Error can still report `reader.line_num`.
    """
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        yield line, [cell.strip() for cell in row]


def require_columns(
    path: Path, header: Sequence[str], required: Sequence[str], position: str
) -> None:
    """Fail naming every required column the header lacks; the first is the field."""
    missing = [c for c in required if c not in header]
    if missing:
        raise ParseError(
            path,
            f"missing required column(s): {', '.join(missing)}",
            position=position,
            field=missing[0],
        )
