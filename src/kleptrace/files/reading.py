"""Files of parties to screen: the reading half of `kleptrace screen-file`.

Input is CSV (delimiter `,` `;` tab or `|`, found from the header line), JSON lines or
Parquet, read as a stream so a file of millions of rows never sits in memory. A row that
cannot become a `Query` does not stop the file: it comes out as a `BadRow` naming its
place and the reason, for a separate bad-rows file.

Row numbering: `BadRow.line` and the default query id are the physical line a record
starts on for CSV and JSON lines (the header is line 1, so the first CSV data row is
line 2; blank lines count but yield nothing) and the 1-based row number for Parquet.

Encoding: input must be UTF-8 (a leading BOM is skipped). A CSV or JSON-lines record
holding bytes that are not UTF-8 is a bad row naming the byte, so one mis-encoded
customer does not lose the rest of the file; only an undecodable CSV header fails the
file, as its columns cannot be known. An empty file yields no rows.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from followthemoney.types import registry

from kleptrace.exc import ParseError
from kleptrace.screen.query import QUERY_SCHEMATA, Query, QueryError

if TYPE_CHECKING:
    from _csv import Reader

MAX_VALUE_CHARS = 10_000
"""A longer cell is a pasted document or an attack, not a name; its row is a bad row."""

READ_BATCH_ROWS = 10_000

DELIMITERS = (",", ";", "\t", "|")
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
PARQUET_MAGIC = b"PAR1"

# Header spellings recognised, compared after `_normal` (lower case, letters and digits).
NAME_HEADERS = ("name", "fullname", "customername", "entityname", "partyname", "companyname")
ALIAS_HEADERS = ("alias", "aliases", "aka")
FIRST_NAME_HEADERS = ("firstname", "givenname", "forename")
MIDDLE_NAME_HEADERS = ("middlename", "patronymic")
LAST_NAME_HEADERS = ("lastname", "surname", "familyname")
SCHEMA_HEADERS = ("schema", "entitytype", "partytype", "type")
BIRTH_DATE_HEADERS = ("dob", "birthdate", "dateofbirth", "born")
COUNTRY_HEADERS = ("country", "countrycode", "nationality", "citizenship", "jurisdiction")
IDENTIFIER_HEADERS = (
    "passport",
    "passportnumber",
    "idnumber",
    "nationalid",
    "inn",
    "ogrn",
    "imo",
    "imonumber",
    "identifier",
    "registrationnumber",
    "taxid",
)
GENDER_HEADERS = ("gender", "sex")
ROW_ID_HEADERS = ("id", "customerid", "rowid", "recordid", "reference")

SCHEMA_VALUES = {
    "person": "Person",
    "individual": "Person",
    "naturalperson": "Person",
    "company": "Company",
    "organisation": "Organization",
    "organization": "Organization",
    "entity": "LegalEntity",
    "legalentity": "LegalEntity",
    "publicbody": "PublicBody",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
GENDER_VALUES = {"m": "male", "male": "male", "man": "male", "f": "female", "female": "female"}
UNKNOWN_GENDERS = frozenset({"u", "unknown", "x", "other", "na", "n/a"})

DATE_FORMATS = (
    # (pattern, year group, month group, day group); a missing group is None.
    (re.compile(r"([0-9]{4})", re.ASCII), 1, None, None),
    (re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII), 1, 2, None),
    (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII), 1, 2, 3),
    (re.compile(r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4})", re.ASCII), 4, 3, 1),
)

# Bytes that are not UTF-8 survive decoding as lone surrogates (errors="surrogateescape").
UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class BadRow:
    """An input row that cannot be screened, with where it is and why.

    Attributes:
        line: Physical line the record starts on (CSV, JSON lines) or 1-based row
            number (Parquet).
        reason: One sentence naming the field and value at fault.
        raw: The row as read: its cells by column, or its text when it could not be
            split into cells.
    """

    line: int
    reason: str
    raw: dict[str, Any] | str


QueryRow: TypeAlias = Query | BadRow
Record: TypeAlias = tuple[int, dict[str, Any]]
"""A row's line (or row number) and its cells by column."""


class BadValue(ValueError):
    """A cell that cannot go into a Query; its message becomes the bad row's reason."""


@dataclass(frozen=True)
class ColumnMap:
    """Which input columns hold what a Query needs.

    Empty fields are filled by recognising common headers (case, spaces, `_` and `-`
    ignored) unless `detect` is False, so most files need no options at all.

    Attributes:
        names: Each entry is one name: a single column, or several (first, last)
            joined with spaces. Every entry found in a row adds a name.
        schema: Column of party types ("person", "company", "vessel", ...).
        birth_dates: Columns of birth (or incorporation) dates.
        countries: Columns of ISO codes or country names.
        identifiers: Columns of passport, INN, OGRN, IMO and similar numbers.
        gender: Column of "male"/"female" (or "m"/"f").
        row_id: Column of the caller's reference, echoed as the query id.
        detect: Recognise headers for the fields left empty.
    """

    names: tuple[tuple[str, ...], ...] = ()
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None
    row_id: str | None = None
    detect: bool = True

    @classmethod
    def parse(
        cls,
        name: Sequence[str] = (),
        schema: str | None = None,
        birth_date: Sequence[str] = (),
        country: Sequence[str] = (),
        identifier: Sequence[str] = (),
        gender: str | None = None,
        row_id: str | None = None,
        detect: bool = True,
    ) -> ColumnMap:
        """From repeatable CLI options; `--name-col first_name+last_name` joins columns."""
        return cls(
            names=tuple(tuple(part.strip() for part in spec.split("+")) for spec in name),
            schema=schema,
            birth_dates=tuple(birth_date),
            countries=tuple(country),
            identifiers=tuple(identifier),
            gender=gender,
            row_id=row_id,
            detect=detect,
        )

    def resolve(self, path: Path, header: Sequence[str]) -> ColumnMap:
        """This map spelled as in `header`, empty fields detected; fails naming the file
        and its columns when a given column is absent or no name column is found."""
        found = _Columns(path, header)
        resolved = ColumnMap(
            names=tuple(tuple(found.given(c) for c in group) for group in self.names),
            schema=found.given(self.schema) if self.schema else None,
            birth_dates=tuple(found.given(c) for c in self.birth_dates),
            countries=tuple(found.given(c) for c in self.countries),
            identifiers=tuple(found.given(c) for c in self.identifiers),
            gender=found.given(self.gender) if self.gender else None,
            row_id=found.given(self.row_id) if self.row_id else None,
            detect=False,
        )
        if self.detect:
            resolved = found.detect(resolved)
        if not resolved.names:
            raise ParseError(
                path,
                f"no name column; the columns are {found.listing()}; name one with --name-col",
                field="name",
            )
        return resolved

    def columns(self) -> list[str]:
        """Every column this map reads, once each, for reading only those from Parquet."""
        single = (self.schema, self.gender, self.row_id)
        used = [
            *itertools.chain.from_iterable(self.names),
            *(c for c in single if c),
            *self.birth_dates,
            *self.countries,
            *self.identifiers,
        ]
        return list(dict.fromkeys(used))


class _Columns:
    """A file's header, looked up the forgiving way users write column names."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self.header = list(header)
        self.by_normal = {_normal(c): c for c in reversed(self.header)}

    def listing(self) -> str:
        return ", ".join(repr(c) for c in self.header) or "(none)"

    def given(self, column: str) -> str:
        """The header spelling of a column the caller named; absent is an error."""
        if column in self.header:
            return column
        if _normal(column) in self.by_normal:
            return self.by_normal[_normal(column)]
        raise ParseError(
            self.path, f"no column {column!r}; the columns are {self.listing()}", field=column
        )

    def detect(self, columns: ColumnMap) -> ColumnMap:
        """`columns` with each empty field filled from recognised headers."""
        return replace(
            columns,
            names=columns.names or self.detect_names(),
            schema=columns.schema or self.first(SCHEMA_HEADERS),
            birth_dates=columns.birth_dates or self.every(BIRTH_DATE_HEADERS),
            countries=columns.countries or self.every(COUNTRY_HEADERS),
            identifiers=columns.identifiers or self.every(IDENTIFIER_HEADERS),
            gender=columns.gender or self.first(GENDER_HEADERS),
            row_id=columns.row_id or self.first(ROW_ID_HEADERS),
        )

    def detect_names(self) -> tuple[tuple[str, ...], ...]:
        """Full-name and alias columns, each a name, then first+middle+last as one."""
        groups = tuple((c,) for c in self.every(NAME_HEADERS + ALIAS_HEADERS))
        first, last = self.first(FIRST_NAME_HEADERS), self.first(LAST_NAME_HEADERS)
        if not (first or last):
            return groups
        parts = (first, self.first(MIDDLE_NAME_HEADERS), last)
        return (*groups, tuple(c for c in parts if c))

    def first(self, spellings: Sequence[str]) -> str | None:
        """The column of the earliest spelling in `spellings` the header has."""
        return next((self.by_normal[s] for s in spellings if s in self.by_normal), None)

    def every(self, spellings: Sequence[str]) -> tuple[str, ...]:
        """Every header column with one of `spellings`, in header order."""
        wanted = set(spellings)
        return tuple(c for c in self.header if _normal(c) in wanted)


def _normal(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """A file opened for reading: its columns, and its rows given the columns wanted."""

    header: list[str]
    rows: Callable[[list[str]], Iterator[Record | BadRow]]


def read_queries(
    path: Path, columns: ColumnMap | None = None, default_schema: str = "LegalEntity"
) -> Iterator[QueryRow]:
    """Each data row of `path` as a Query, or as a BadRow saying why it cannot be one.

    `columns` defaults to recognising common headers; `default_schema` applies to rows
    without a schema value. Raises ParseError when the file cannot be read at all or
    has no name column, QueryError when `default_schema` is not one a query may ask for.
    """
    if default_schema not in QUERY_SCHEMATA:
        raise QueryError(
            f"unknown schema {default_schema!r}; use one of {', '.join(sorted(QUERY_SCHEMATA))}"
        )
    with _open_table(path) as table:
        if not table.header:  # an empty file, or JSON lines without a single object
            yield from (row for row in table.rows([]) if isinstance(row, BadRow))
            return
        resolved = (columns or ColumnMap()).resolve(path, table.header)
        for row in table.rows(resolved.columns()):
            yield row if isinstance(row, BadRow) else _query_row(row, resolved, default_schema)


@contextmanager
def _open_table(path: Path) -> Iterator[_Table]:
    """The file opened in the format its content or, failing that, its extension says."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError as exc:
        raise ParseError(path, exc.strerror or str(exc)) from exc
    text_start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if head.startswith(PARQUET_MAGIC) or path.suffix.lower() in PARQUET_SUFFIXES:
        opener = _parquet_table
    elif path.suffix.lower() in JSONL_SUFFIXES or text_start == b"{":
        opener = _jsonl_table
    else:
        opener = _csv_table
    with opener(path) as table:
        yield table


@contextmanager
def _csv_table(path: Path) -> Iterator[_Table]:
    """CSV with the delimiter its header line uses most; the header is the first
    non-blank record."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as stream:
        leading = _through_first_text_line(stream)
        delimiter = _delimiter(leading[-1] if leading else "")
        reader = csv.reader(itertools.chain(leading, stream), delimiter=delimiter)
        header = next((cells for cells in reader if _has_text(cells)), [])
        undecoded = _undecoded(header)
        if undecoded:
            raise ParseError(
                path, f"{undecoded}; save the file as UTF-8", f"line {reader.line_num}"
            )
        header = [cell.strip() for cell in header]
        yield _Table(header, lambda _: _csv_records(reader, header, delimiter))


def _through_first_text_line(stream: IO[str]) -> list[str]:
    """Lines up to and including the first that is not blank, to find the delimiter."""
    lines: list[str] = []
    for line in stream:
        lines.append(line)
        if line.strip():
            break
    return lines


def _delimiter(line: str) -> str:
    """The candidate delimiter the header line holds most of; a comma on a tie."""
    return max(DELIMITERS, key=line.count)


def _csv_records(reader: Reader, header: list[str], delimiter: str) -> Iterator[Record | BadRow]:
    """Rows by column, each with the line it starts on; blank rows skipped."""
    while True:
        line = reader.line_num + 1
        try:
            cells: list[str] = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadRow(line, f"malformed CSV: {exc}", "")
            continue
        if not _has_text(cells):
            continue
        text = _printable(delimiter.join(cells))
        undecoded = _undecoded(cells)
        if undecoded:
            yield BadRow(line, undecoded, text)
        elif len(cells) != len(header):
            yield BadRow(line, f"expected {len(header)} fields, found {len(cells)}", text)
        else:
            yield line, dict(zip(header, cells, strict=True))


def _has_text(cells: Sequence[str]) -> bool:
    return any(cell.strip() for cell in cells)


def _undecoded(cells: Sequence[str]) -> str | None:
    """What is wrong with the first cell holding bytes that are not UTF-8, if any."""
    for cell in cells:
        found = UNDECODED.search(cell)
        if found:
            return (
                f"byte 0x{ord(found.group()) - 0xDC00:02x} is not UTF-8 (in {_printable(cell)!r})"
            )
    return None


def _printable(text: str) -> str:
    """Text with undecodable bytes shown as `\\xNN`, safe to print and write."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@contextmanager
def _jsonl_table(path: Path) -> Iterator[_Table]:
    """JSON lines; the columns are the keys of the first object."""
    with path.open("rb") as stream:
        records = _jsonl_records(stream)
        head: list[Record | BadRow] = []
        for record in records:
            head.append(record)
            if not isinstance(record, BadRow):
                break
        last = head[-1] if head else None
        header = [] if last is None or isinstance(last, BadRow) else list(last[1])
        yield _Table(header, lambda _: itertools.chain(head, records))


def _jsonl_records(stream: IO[bytes]) -> Iterator[Record | BadRow]:
    """Each non-blank line's object, with its line number; anything else a bad row."""
    for line, raw in enumerate(stream, 1):
        data = raw.removeprefix(codecs.BOM_UTF8) if line == 1 else raw
        if not data.strip():
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"byte 0x{data[exc.start]:02x} at column {exc.start + 1} is not UTF-8"
            yield BadRow(line, reason, data.decode("utf-8", "backslashreplace").rstrip())
            continue
        try:
            value = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            yield BadRow(line, f"not JSON: {exc}", text.rstrip())
            continue
        if isinstance(value, dict):
            yield line, value
        else:
            yield BadRow(line, f"expected a JSON object, found {type(value).__name__}", text)


@contextmanager
def _parquet_table(path: Path) -> Iterator[_Table]:
    """Parquet, read in record batches of only the columns wanted."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ParseError(path, f"not a readable Parquet file: {exc}") from exc
    with parquet:
        yield _Table(list(parquet.schema_arrow.names), lambda cols: _parquet_records(parquet, cols))


def _parquet_records(parquet: pq.ParquetFile, columns: list[str]) -> Iterator[Record]:
    """Rows by column, numbered from 1."""
    numbers = itertools.count(1)
    for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns):
        for row in batch.to_pylist():
            yield next(numbers), row


# --- rows to queries -------------------------------------------------------------------


def _query_row(record: Record, columns: ColumnMap, default_schema: str) -> QueryRow:
    """The record as a Query, or a BadRow carrying the first reason it cannot be one."""
    line, cells = record
    try:
        return Query(
            names=_names(cells, columns.names),
            schema=_schema(cells, columns.schema, default_schema),
            birth_dates=tuple(
                parse_date(c, v) for c in columns.birth_dates for v in _values(cells, c)
            ),
            countries=tuple(
                parse_country(c, v) for c in columns.countries for v in _values(cells, c)
            ),
            identifiers=tuple(v for c in columns.identifiers for v in _values(cells, c)),
            gender=_gender(cells, columns.gender),
            id=next(iter(_values(cells, columns.row_id)), None) or str(line),
        )
    except (BadValue, QueryError) as exc:
        return BadRow(line, str(exc), cells)


def _values(cells: dict[str, Any], column: str | None) -> list[str]:
    """The non-blank text values of one cell: a JSON list gives several."""
    if column is None:
        return []
    value = cells.get(column)
    items = value if isinstance(value, list | tuple) else [value]
    texts = [_text(column, item).strip() for item in items if item is not None]
    for text in texts:
        if len(text) > MAX_VALUE_CHARS:
            raise BadValue(
                f"field {column!r} is {len(text)} characters long; the limit is {MAX_VALUE_CHARS}"
            )
    return [text for text in texts if text]


def _text(column: str, value: Any) -> str:
    """One scalar value as text; dates as ISO, bytes only if UTF-8."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadValue(f"field {column!r}: byte 0x{value[exc.start]:02x} is not UTF-8") from exc
    if isinstance(value, dict):
        raise BadValue(f"field {column!r} holds an object, not a value")
    return str(value)


def _names(cells: dict[str, Any], groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """Every name in the row, once each: one per value of a single column, one per
    group of joined columns."""
    names: list[str] = []
    checked: list[str] = []
    for group in groups:
        checked.extend(group)
        values = [_values(cells, column) for column in group]
        if len(group) == 1:
            names.extend(values[0])
        elif any(values):
            names.append(" ".join(itertools.chain.from_iterable(values)))
    if not names:
        raise BadValue(f"no name: {', '.join(repr(c) for c in checked)} empty")
    return tuple(dict.fromkeys(names))


def _schema(cells: dict[str, Any], column: str | None, default: str) -> str:
    """The FollowTheMoney schema a party type names, or `default` when blank."""
    value = next(iter(_values(cells, column)), None)
    if value is None:
        return default
    key = _normal(value)
    schema = SCHEMA_VALUES.get(key) or next((s for s in QUERY_SCHEMATA if s.lower() == key), None)
    if schema is None:
        known = ", ".join(sorted(set(SCHEMA_VALUES)))
        raise BadValue(f"field {column!r}: unknown party type {value!r}; use one of {known}")
    return schema


def parse_date(column: str, value: str) -> str:
    """An ISO date prefix (yyyy, yyyy-mm, yyyy-mm-dd) from ISO or dd/mm/yyyy, dd.mm.yyyy."""
    for pattern, year_group, month_group, day_group in DATE_FORMATS:
        found = pattern.fullmatch(value)
        if found is None:
            continue
        year = found.group(year_group)
        month = found.group(month_group).zfill(2) if month_group else None
        day = found.group(day_group).zfill(2) if day_group else None
        try:
            datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise BadValue(f"field {column!r}: {value!r} is not a real date") from exc
        return "-".join(part for part in (year, month, day) if part)
    raise BadValue(
        f"field {column!r}: cannot read date {value!r}; "
        "use yyyy, yyyy-mm, yyyy-mm-dd, dd/mm/yyyy or dd.mm.yyyy"
    )


def parse_country(column: str, value: str) -> str:
    """An ISO code, lower case, from a code or a country name."""
    code = registry.country.clean(value)
    if code is None:
        raise BadValue(f"field {column!r}: unknown country {value!r}")
    return str(code)


def _gender(cells: dict[str, Any], column: str | None) -> str | None:
    value = next(iter(_values(cells, column)), None)
    if value is None or value.lower() in UNKNOWN_GENDERS:
        return None
    gender = GENDER_VALUES.get(value.lower())
    if gender is None:
        raise BadValue(f"field {column!r}: unknown gender {value!r}; use male or female")
    return gender
