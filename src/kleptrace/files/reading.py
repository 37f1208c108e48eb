"""Files of parties to screen: the reading half of `kleptrace screen-file`.

Input is CSV (delimiter `,` `;` tab or `|`, found from the header line), JSON lines or
Parquet, read as a stream so a file of millions of rows never sits in memory. Every
row comes out once: as a `Query` (carrying warnings for fields that could not be read)
or, when it has no usable name or cannot be split into fields, as a `BadRow` naming its
line and the reason. A `RowAccount` passed in is told of each, to prove none was lost.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeAlias

from kleptrace.files.accounting import RowAccount
from kleptrace.files.columns import ColumnMap
from kleptrace.files.csv_lines import BadRow, Record
from kleptrace.files.tables import open_table
from kleptrace.screen.query import QUERY_SCHEMATA, Query, QueryError
from kleptrace.screen.query_values import read_query

MAX_VALUE_CHARS = 10_000
"""A longer cell is a pasted document or an attack, not a value; it is left out."""

QueryRow: TypeAlias = Query | BadRow

__all__ = ["BadRow", "ColumnMap", "QueryRow", "read_queries"]


def read_queries(
    path: Path,
    columns: ColumnMap | None = None,
    default_schema: str = "LegalEntity",
    account: RowAccount | None = None,
) -> Iterator[QueryRow]:
    """Each data row of `path` as a Query, or as a BadRow saying why it cannot be one.

    `columns` defaults to recognising common headers; `default_schema` applies to rows
    without a (readable) schema value. Raises ParseError when the file cannot be read
    at all or has no name column, QueryError when `default_schema` is not one a query
    may ask for.
    """
    if default_schema not in QUERY_SCHEMATA:
        raise QueryError(
            f"unknown schema {default_schema!r}; use one of {', '.join(sorted(QUERY_SCHEMATA))}"
        )
    with open_table(path) as table:
        if account is not None:
            account.header_lines = table.header_lines
        # No header: an empty file, or JSON lines without a field in any object.
        resolved = (columns or ColumnMap()).resolve(path, table.header) if table.header else None
        for row in table.rows(resolved.columns() if resolved else []):
            if account is not None:
                account.read_row(row.lines)
            if isinstance(row, BadRow):
                yield row
            elif resolved is None:
                yield BadRow(row.line, "no name: the object has no fields", row.cells)
            else:
                yield _query_row(row, resolved, default_schema)


def _query_row(record: Record, columns: ColumnMap, default_schema: str) -> QueryRow:
    """The record as a Query with warnings, or a BadRow when it has no usable name."""
    cells = _Cells(record.cells)
    names = _names(cells, columns.names)
    if not names:
        checked = ", ".join(repr(c) for group in columns.names for c in group)
        reason = "; ".join([f"no name: {checked} empty", *cells.warnings])
        return BadRow(record.line, reason, record.cells, record.lines)
    row_id = next(iter(cells.values(columns.row_id)), None)
    try:
        return read_query(
            names,
            schema=next(iter(cells.pairs((columns.schema,))), None),
            birth_dates=cells.pairs(columns.birth_dates),
            countries=cells.pairs(columns.countries),
            identifiers=[v for c in columns.identifiers for v in cells.values(c)],
            genders=cells.pairs((columns.gender,)),
            id=row_id or str(record.line),
            default_schema=default_schema,
            warnings=cells.warnings,
        )
    except QueryError as exc:
        return BadRow(record.line, str(exc), record.cells, record.lines)


class _Cells:
    """One record's cells read as text; what cannot be read is noted in `warnings`."""

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells
        self.warnings: list[str] = []

    def values(self, column: str | None) -> list[str]:
        """The non-blank text values of one cell: a list gives several."""
        if column is None:
            return []
        value = self.cells.get(column)
        items = value if isinstance(value, list) else [value]
        texts = [text.strip() for item in items if (text := self._text(column, item))]
        return [text for text in texts if text]

    def pairs(self, columns: Iterable[str | None]) -> list[tuple[str, str]]:
        return [(c, v) for c in columns if c for v in self.values(c)]

    def _text(self, column: str, value: Any) -> str | None:
        """One scalar as text (dates as ISO, bytes only if UTF-8), or None with a warning."""
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                return self._skip(column, f"byte 0x{value[0]:02x}... is not UTF-8")
        if isinstance(value, dict | list | tuple):
            kind = "an object or map" if isinstance(value, dict | tuple) else "a nested list"
            return self._skip(column, f"holds {kind}, not text")
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            return self._skip(
                column, f"is {len(text):,} characters; the limit is {MAX_VALUE_CHARS:,}"
            )
        return text

    def _skip(self, column: str, why: str) -> str | None:
        """None, noting that `column` was left out and why."""
        self.warnings.append(f"field {column!r} {why}; left out")
        return None


def _names(cells: _Cells, groups: Iterable[tuple[str, ...]]) -> list[str]:
    """Every name in the row, once each: one per value of a single column (a list of
    strings gives aliases), one per group of joined columns."""
    names: list[str] = []
    for group in groups:
        values = [cells.values(column) for column in group]
        if len(group) == 1:
            names.extend(values[0])
        elif any(values):
            names.append(" ".join(itertools.chain.from_iterable(values)))
    return list(dict.fromkeys(names))
