"""Opening a customer file: its columns, then its rows as records or bad rows.

The format comes from the content (Parquet magic, a leading `{`) or else the extension.
Row numbering: a record's line is the physical line it starts on for CSV and JSON lines
(the header is line 1, blank lines count but yield nothing) and the 1-based row number
for Parquet. Input must be UTF-8 (a leading BOM is skipped); a record holding other
bytes is a bad row naming the byte, and only an undecodable CSV header fails the file.
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from kleptrace.exc import ParseError
from kleptrace.files.csv_lines import (
    BadRow,
    Record,
    csv_records,
    decoded_lines,
    delimiter_of,
    is_blank,
    split,
    undecoded_reason,
)

READ_BATCH_ROWS = 10_000
DELIMITERS = (",", ";", "\t", "|")
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class Table:
    """A file opened for reading: its columns, the non-blank lines its header took,
    and its rows given the columns wanted."""

    header: list[str]
    header_lines: int
    rows: Callable[[list[str]], Iterator[Record | BadRow]]


def is_parquet(path: Path, head: bytes) -> bool:
    return head.startswith(PARQUET_MAGIC) or path.suffix.lower() in PARQUET_SUFFIXES


def is_jsonl(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES or head.removeprefix(
        codecs.BOM_UTF8
    ).lstrip().startswith(b"{")


def file_head(path: Path) -> bytes:
    """The first bytes of `path`; a file that cannot be opened is a ParseError."""
    try:
        with path.open("rb") as stream:
            return stream.read(64)
    except OSError as exc:
        raise ParseError(path, exc.strerror or str(exc)) from exc


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """The file opened in the format its content or, failing that, its extension says."""
    head = file_head(path)
    if is_parquet(path, head):
        opener = _parquet_table
    elif is_jsonl(path, head):
        opener = _jsonl_table
    else:
        opener = _csv_table
    with opener(path) as table:
        yield table


@contextmanager
def _csv_table(path: Path) -> Iterator[Table]:
    """CSV with the delimiter its header line uses most; the header is the first
    non-blank line."""
    with path.open("rb") as stream:
        lines = decoded_lines(_without_bom(stream))
        first = next(lines, None)
        if first is None:
            yield Table([], 0, lambda _: iter(()))
            return
        number, text = first
        delimiter = delimiter_of(text, DELIMITERS)
        cells = split(text, delimiter)
        if isinstance(cells, str):
            raise ParseError(path, f"header: {cells}", f"line {number}")
        undecoded = undecoded_reason(cells)
        if undecoded:
            raise ParseError(path, f"{undecoded}; save the file as UTF-8", f"line {number}")
        header = [cell.strip() for cell in cells]
        yield Table(header, 1, lambda _: csv_records(lines, header, delimiter))


def _without_bom(stream: IO[bytes]) -> Iterator[bytes]:
    for number, raw in enumerate(stream):
        yield raw.removeprefix(codecs.BOM_UTF8) if number == 0 else raw


@contextmanager
def _jsonl_table(path: Path) -> Iterator[Table]:
    """JSON lines; the columns are every key of every object, in order of first use,
    so a field that appears only in later rows is read too."""
    with path.open("rb") as stream:
        keys: dict[str, None] = {}
        for record in _jsonl_records(stream):
            if isinstance(record, Record):
                keys.update(dict.fromkeys(record.cells))
        stream.seek(0)
        yield Table(list(keys), 0, lambda _: _jsonl_records(stream))


def _jsonl_records(stream: IO[bytes]) -> Iterator[Record | BadRow]:
    """Each non-blank line's object, with its line number; anything else a bad row."""
    for line, raw in enumerate(_without_bom(stream), 1):
        if is_blank(raw):
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1} is not UTF-8"
            yield BadRow(line, reason, raw.decode("utf-8", "backslashreplace").rstrip())
            continue
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            yield BadRow(line, f"not JSON: {exc}", text.rstrip())
            continue
        if isinstance(value, dict):
            yield Record(line, value)
        else:
            yield BadRow(line, f"expected a JSON object, found {type(value).__name__}", text)


@contextmanager
def _parquet_table(path: Path) -> Iterator[Table]:
    """Parquet, read in record batches of only the columns wanted."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ParseError(path, f"not a readable Parquet file: {exc}") from exc
    with parquet:
        yield Table(
            list(parquet.schema_arrow.names), 0, lambda cols: _parquet_records(path, parquet, cols)
        )


def _parquet_records(path: Path, parquet: pq.ParquetFile, columns: list[str]) -> Iterator[Record]:
    """Rows by column, numbered from 1; a file that breaks half-way is a ParseError."""
    numbers = itertools.count(1)
    try:
        for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                yield Record(next(numbers), row)
    except (pa.ArrowException, OSError) as exc:
        raise ParseError(path, f"not a readable Parquet file: {exc}") from exc
