"""Hits out: the writing half of `kleptrace screen-file`.

One output row per hit, as CSV, JSON lines (with the whole explanation nested) or
Parquet (written in row groups), chosen by the output file's extension; rows that
could not be screened go to a separate CSV with their line numbers. The `warnings`
column names the query's fields that could not be read and were left out.
"""

from __future__ import annotations

import csv
from abc import ABC, abstractmethod
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from kleptrace.exc import KleptraceError
from kleptrace.files.csv_lines import BadRow
from kleptrace.files.tables import JSONL_SUFFIXES, PARQUET_SUFFIXES
from kleptrace.screen.query import Query
from kleptrace.screen.result import Feature, Match

WRITE_BATCH_ROWS = 10_000
RESULT_COLUMNS = (
    "query_id",
    "query_name",
    "entity_id",
    "caption",
    "schema",
    "score",
    "sources",
    "regimes",
    "matched_name",
    "explanation",
    "warnings",
)
RESULT_SCHEMA = pa.schema(
    [
        ("query_id", pa.string()),
        ("query_name", pa.string()),
        ("entity_id", pa.string()),
        ("caption", pa.string()),
        ("schema", pa.string()),
        ("score", pa.float64()),
        ("sources", pa.list_(pa.string())),
        ("regimes", pa.list_(pa.string())),
        ("matched_name", pa.string()),
        ("explanation", pa.string()),
        ("warnings", pa.list_(pa.string())),
    ]
)
BAD_ROW_COLUMNS = ("line", "reason", "raw")


def open_writer(path: Path) -> ResultWriter:
    """A writer for hits in the format the extension names: .csv, .jsonl/.ndjson/.json
    or .parquet."""
    return writer_class(path)(path)


def writer_class(path: Path) -> type[ResultWriter]:
    """The writer for the format `path`'s extension names, checked before any writing."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvResultWriter
    if suffix in JSONL_SUFFIXES:
        return JsonlResultWriter
    if suffix in PARQUET_SUFFIXES:
        return ParquetResultWriter
    raise KleptraceError(
        f"{path}: cannot tell the output format from {suffix or 'no extension'!r}; "
        "use .csv, .jsonl or .parquet"
    )


def result_row(query: Query, match: Match) -> dict[str, Any]:
    """One hit as a flat row of RESULT_COLUMNS; sources, regimes and warnings as lists."""
    return {
        "query_id": query.id if query.id is not None else match.query_id,
        "query_name": match.query_name,
        "entity_id": match.entity_id,
        "caption": match.caption,
        "schema": match.schema,
        "score": round(match.score, 4),
        "sources": list(match.sources),
        "regimes": list(match.regimes),
        "matched_name": match.matched_name,
        "explanation": explain(match),
        "warnings": list(query.warnings),
    }


def explain(match: Match) -> str:
    """Why the hit scored as it did, on one line: the name parts lined up, then each
    other feature's contribution, e.g. "name 0.93 (vladimir=vladimir 1.00, putin=putin
    1.00); birth_date +0.05 (1952-10-07 = 1952-10-07)"."""
    pairs = ", ".join(f"{a.query}={a.target} {a.similarity:.2f}" for a in match.alignment)
    parts = [_feature_text(feature, pairs) for feature in match.features]
    if pairs and not any(f.name == "name" for f in match.features):
        parts.insert(0, f"name ({pairs})")
    return " ".join("; ".join(parts).split())


def _feature_text(feature: Feature, pairs: str) -> str:
    """A name feature shows its similarity and the parts lined up; any other feature
    shows how far it moved the score."""
    if feature.name == "name":
        head, detail = f"name {feature.value:.2f}", pairs or feature.detail
    else:
        head, detail = f"{feature.name} {feature.contribution:+.2f}", feature.detail
    return f"{head} ({detail})" if detail else head


class _ClosedOnExit:
    """A context manager that closes its file on leaving, even when screening fails."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ResultWriter(_ClosedOnExit, ABC):
    """Writes hits to one output file; use as a context manager, which closes (and so
    flushes) the file even when screening fails."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def write(self, query: Query, matches: list[Match]) -> None:
        """One output row per hit of `query`."""

    @abstractmethod
    def close(self) -> None:
        """Flush what is buffered and close the file."""


class CsvResultWriter(ResultWriter):
    """Hits as CSV, sources, regimes and warnings joined with ";"."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.stream = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.stream)
        self.writer.writerow(RESULT_COLUMNS)

    def write(self, query: Query, matches: list[Match]) -> None:
        for match in matches:
            row = result_row(query, match)
            row["sources"] = ";".join(row["sources"])
            row["regimes"] = ";".join(row["regimes"])
            row["warnings"] = "; ".join(row["warnings"])
            self.writer.writerow(row[c] for c in RESULT_COLUMNS)

    def close(self) -> None:
        self.stream.close()


class JsonlResultWriter(ResultWriter):
    """Hits as JSON lines: the flat columns plus the whole Match under "match"."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.stream = path.open("wb")

    def write(self, query: Query, matches: list[Match]) -> None:
        for match in matches:
            row = {**result_row(query, match), "match": match.to_dict()}
            self.stream.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))

    def close(self) -> None:
        self.stream.close()


class ParquetResultWriter(ResultWriter):
    """Hits as Parquet with RESULT_SCHEMA, written a row group at a time so memory
    stays flat however many hits there are."""

    def __init__(self, path: Path, batch_rows: int = WRITE_BATCH_ROWS) -> None:
        super().__init__(path)
        self.batch_rows = batch_rows
        self.buffer: list[dict[str, Any]] = []
        self.writer = pq.ParquetWriter(path, RESULT_SCHEMA)

    def write(self, query: Query, matches: list[Match]) -> None:
        self.buffer.extend(result_row(query, match) for match in matches)
        if len(self.buffer) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows as one row group."""
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=RESULT_SCHEMA))
            self.buffer = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


class BadRowWriter(_ClosedOnExit):
    """Bad input rows as CSV (line, reason, raw), for the user to fix and screen again;
    raw cells are written as one JSON object."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.stream)
        self.writer.writerow(BAD_ROW_COLUMNS)

    def write(self, row: BadRow) -> None:
        raw = row.raw if isinstance(row.raw, str) else orjson.dumps(row.raw, default=str).decode()
        self.writer.writerow((row.line, row.reason, raw))

    def close(self) -> None:
        self.stream.close()
