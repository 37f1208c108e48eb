"""What every graph importer shares: the format description the sniffer and `graph-load`
use, and reading a file's records (JSON array, JSON lines or CSV) with their positions,
so a bad row is kept with its line and a broken file fails naming it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kleptrace.exc import ParseError
from kleptrace.files.csv_lines import BadRow, Record
from kleptrace.files.tables import file_head, open_table
from kleptrace.graph.importers.rows import GraphRows

HEAD_BYTES = 1 << 16
"""How much of a file the sniffers look at."""
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%b-%Y", "%b %d, %Y")
"""Dates as registers print them: ISO, Land Registry and Companies House (day first),
ICIJ ("19-MAR-2009", "Mar 19, 2009")."""


@dataclass(frozen=True)
class GraphFormat:
    """One ownership data format: how to recognise a file of it and how to read it.

    `sniff(path, head)` looks at the first bytes only; `read(paths, rows)` reads every
    file of one import into `rows`; `members(path)` names the files that belong with a
    primary file (the ICIJ node files beside relationships.csv)."""

    name: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    read: Callable[[list[Path], GraphRows], None]
    members: Callable[[Path], list[Path]] = field(default=lambda path: [path])
    companion: Callable[[Path, bytes], bool] = field(default=lambda path, head: False)
    """True for a file that is only ever read as a member of another's import."""


def head_of(path: Path) -> bytes:
    """The first HEAD_BYTES of a file, without a byte-order mark."""
    file_head(path)  # raises a ParseError naming the file if it cannot be opened
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES).removeprefix(b"\xef\xbb\xbf")


def first_json_object(head: bytes) -> dict[str, Any] | None:
    """The first object of a JSON array or JSON lines file. When the head does not hold
    it whole (a huge object, a truncated file), the keys it shows stand in (values
    None), so a broken file of a known format still reaches its reader, which names
    the line at fault."""
    text = head.decode("utf-8", "replace").lstrip()
    if text.startswith("["):
        text = text[1:].lstrip()
    if not text.startswith("{"):
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError:
        return dict.fromkeys(re.findall(r'"([A-Za-z_]+)"\s*:', text))
    return value if isinstance(value, dict) else None


def csv_header(head: bytes) -> list[str]:
    """The stripped cells of a CSV file's first line, as the sniffers compare them."""
    line = head.decode("utf-8", "replace").splitlines()[0] if head.strip() else ""
    return [cell.strip().strip('"').strip() for cell in line.split(",")]


def json_records(path: Path, rows: GraphRows) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each object of a JSON array, a single JSON document or JSON lines, with its
    position ("item 3", "line 7"). In JSON lines (a first line that is a JSON object) a
    line that is not a JSON object is kept as a rejected row; a document that does not
    parse fails naming the line, as nothing in it can be trusted."""
    head_of(path)  # a file that cannot be opened fails naming it
    with path.open("rb") as stream:
        first_line = next((line for line in stream if line.strip()), b"")
    try:
        lines = isinstance(json.loads(first_line.removeprefix(b"\xef\xbb\xbf")), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        lines = False
    if not lines:
        yield from _document(path, rows)
        return
    for record in table_records(path, rows):
        yield f"line {record.line}", record.cells


def _document(path: Path, rows: GraphRows) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        value = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        raise ParseError(path, f"not valid JSON: {exc.msg}", f"line {exc.lineno}") from exc
    except UnicodeDecodeError as exc:
        raise ParseError(path, f"not UTF-8: {exc.reason}") from exc
    for number, item in enumerate(value if isinstance(value, list) else [value], 1):
        rows.records += 1
        if isinstance(item, dict):
            yield f"item {number}", item
        else:
            rows.reject(str(path), f"item {number}", "not a JSON object", json.dumps(item))


def table_records(path: Path, rows: GraphRows, needed: tuple[str, ...] = ()) -> Iterator[Record]:
    """Every row of a CSV or JSON lines file; rows that cannot be read are rejected.
    A CSV header without the `needed` columns fails naming the file."""
    with open_table(path) as table:
        if table.header_lines:
            require_columns(path, table.header, needed)
        for record in table.rows(table.header):
            rows.records += 1
            if isinstance(record, BadRow):
                raw = record.raw if isinstance(record.raw, str) else json.dumps(record.raw)
                rows.reject(str(path), f"line {record.line}", record.reason, raw)
            else:
                yield record


def require_columns(path: Path, header: list[str], needed: tuple[str, ...]) -> None:
    """Fail naming the file and the columns a format needs but the header lacks."""
    missing = [column for column in needed if column not in header]
    if missing:
        raise ParseError(path, f"missing column(s) {', '.join(missing)}", "line 1")


def iso_date(text: str | None) -> str | None:
    """An ISO date for a date printed in one of DATE_FORMATS; None when blank or not one
    (the edge's `record` still points at the row that printed it)."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), pattern).date().isoformat()
        except ValueError:
            continue
    return None
