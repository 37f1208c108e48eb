"""OpenSanctions ``targets.simple.csv``: one row per target, multi-values in one cell.

Published as ``https://data.opensanctions.org/datasets/latest/<dataset>/targets.simple.csv``.
The exporter flattens each target: all names but the caption go to ``aliases``, every
country-typed value to ``countries``, every identifier-typed value (less program ids)
to ``identifiers``, and each adjacent Sanction to one line of text in ``sanctions``
("program - reason - status - start - end", empty parts left out). A multi-valued cell
is itself a ';'-separated CSV row, so values holding ';' or newlines arrive quoted.

Reading it back:
- identifiers go to the typed property their form shows: ``IMO1234567`` with a valid
  check digit to imoNumber (Vessel, Company, Organization), 9 digits on a Vessel to
  mmsi, call-sign shapes to callSign, other vessel numbers to registrationNumber; Q-ids
  to wikidataId; valid INN and OGRN numbers to innCode/ogrnCode (a 10-digit number is a
  company INN, so on a Person it stays idNumber); anything else to idNumber.
- each sanctions line becomes a Sanction entity with the text as its summary (the parts
  cannot be told apart reliably: Ukraine's portal gives reasons only, Interpol
  "Red Notice - <charges>"). program_ids stay on the target (FtM programId) and go to
  the Sanction when the pairing is unambiguous (one sanction or one program id).
- ``dataset`` (dataset titles) goes to ``publisher``; every row is an OpenSanctions
  target, so each entity carries the target note ftm_json uses.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity, model

from kleptrace.exc import ParseError
from kleptrace.sources.base import Head, hashed_key
from kleptrace.sources.identifiers import imo, inn, ogrn
from kleptrace.sources.opensanctions.exports import (
    TARGET_NOTE,
    ExportReader,
    new_entity,
    os_format,
    stamp,
)
from kleptrace.sources.report import ParseReport

REQUIRED = ("id", "schema", "name")
COLUMNS = (
    "id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
    "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen",
    "last_change",
)  # fmt: skip
SNIFF_COLUMNS = frozenset({"id", "schema", "name", "aliases", "identifiers", "sanctions"})
MULTI_PROPS = {
    "aliases": "alias",
    "birth_date": "birthDate",
    "countries": "country",
    "addresses": "address",
    "phones": "phone",
    "emails": "email",
    "program_ids": "programId",
}
_IMO = re.compile(r"^IMO\s?\d{7}$", re.I)
_QID = re.compile(r"^Q\d+$")
_CALL_SIGN = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{3,8}$")


def split(cell: str | None) -> list[str]:
    """The values of a multi-valued cell (itself a ';'-separated CSV row).

    A cell holding '""' is one empty value: a sanction whose text the exporter left empty.
    """
    if not cell:
        return []
    # The exporter quotes values holding newlines; should one arrive bare, the cell reads
    # as several rows and their values are all kept.
    return [value for row in csv.reader(io.StringIO(cell), delimiter=";") for value in row]


def identifier_prop(schema: str, value: str) -> str:
    """The FtM property an identifier of the targets file belongs in."""
    sch = model.get(schema)
    assert sch is not None
    text = value.strip()
    if _IMO.match(text) and imo(text) and sch.get("imoNumber"):
        return "imoNumber"
    if _QID.match(text):
        return "wikidataId"
    if sch.is_a("Vessel"):
        if text.isdigit() and len(text) == 9:
            return "mmsi"
        if _CALL_SIGN.match(text) and not text.isdigit():
            return "callSign"
        return "registrationNumber"
    # A 10-digit INN belongs to a company; on a person it is more likely a Ukrainian or
    # other national number that happens to pass the INN checksum.
    inn_shape = len(text) == 12 or not sch.is_a("Person")
    if text.isdigit() and inn_shape and sch.get("innCode") and inn(text):
        return "innCode"
    if text.isdigit() and sch.get("ogrnCode") and ogrn(text):
        return "ogrnCode"
    for prop in ("idNumber", "registrationNumber"):
        if sch.get(prop):
            return prop
    return ""


class _Rows(ExportReader):
    """Builds the target and its Sanction entities from one row."""

    def __init__(self, path: Path, report: ParseReport) -> None:
        super().__init__(path, report)
        self.ambiguous = 0

    def row(self, row: dict[str, str], extra: list[str], position: str) -> None:
        schema = model.get(row["schema"].strip())
        if schema is None:
            raise ParseError(self.path, f"unknown schema {row['schema']!r}", position, "schema")
        entity = new_entity(self.emitter, schema.name, row["id"].strip())
        self.emitter.put(entity, "name", row["name"])  # the caption: one value, not a list
        for column, prop in MULTI_PROPS.items():
            for value in split(row.get(column)):
                self.emitter.put(entity, prop, value, label=column)
        for value in split(row.get("identifiers")):
            prop = identifier_prop(schema.name, value)
            self.emitter.put(entity, prop, value, label=prop or "identifiers")
        publishers = split(row.get("dataset"))
        for value in publishers:
            self.emitter.put(entity, "publisher", value)
        for column in extra:  # a column this reader does not know: kept whole
            if (row.get(column) or "").strip():
                self.emitter.note(entity, column, row[column])
        self.emitter.mark(entity, TARGET_NOTE)
        stamp(entity, row.get("first_seen"), row.get("last_seen"))
        entity.last_change = row.get("last_change") or None
        self.buffer.add(entity, position)
        self.sanctions(entity, row, publishers, position)

    def sanctions(
        self, entity: StatementEntity, row: dict[str, str], publishers: list[str], position: str
    ) -> None:
        texts = split(row.get("sanctions"))
        programs = split(row.get("program_ids"))
        paired = len(texts) == 1 or len(programs) == 1
        if texts and programs and not paired:
            self.ambiguous += 1
        for text in texts:
            sanction = self.emitter.sanction(entity, None, key=hashed_key(text))
            self.emitter.put(sanction, "summary", text)
            for program in programs if paired else []:
                self.emitter.put(sanction, "programId", program)
            for value in publishers:
                self.emitter.put(sanction, "publisher", value)
            stamp(sanction, row.get("first_seen"), row.get("last_seen"))
            sanction.last_change = row.get("last_change") or None
            self.buffer.add(sanction, position)


_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[str, list[str], str]]]:
    """The header and, lazily, (position, cells, raw text) for each non-blank data row."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ParseError(path, "empty file: no CSV header")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ParseError(path, f"bytes that are not UTF-8 ({exc.reason})", f"line {line}") from exc
    lines = _LINES.findall(text)
    reader = csv.reader(lines)
    header = [h.strip() for h in next(reader)]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ParseError(
            path, f"missing required column(s): {', '.join(missing)}", "line 1", missing[0]
        )

    def rows() -> Iterator[tuple[str, list[str], str]]:
        start = reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                yield f"line {start}", cells, "".join(lines[start - 1 : reader.line_num])
            start = reader.line_num + 1

    return header, rows()


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Targets and their Sanction entities from a targets.simple.csv file."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    header, rows = read_rows(path)
    extra = [h for h in header if h not in COLUMNS]
    builder = _Rows(path, report)
    for position, cells, raw in rows:
        report.records += 1
        if len(cells) != len(header):
            reason = f"{len(cells)} fields where the header has {len(header)}"
            report.reject(path.name, position, reason, raw.rstrip("\r\n"))
            continue
        row = dict(zip(header, cells, strict=True))
        if not row["id"].strip() or not row["schema"].strip():
            report.reject(path.name, position, "row without id or schema", raw.rstrip("\r\n"))
            continue
        builder.row(row, extra, position)
    if builder.ambiguous:
        report.warnings.append(
            f"{builder.ambiguous} row(s) list several sanctions and several program ids; "
            "the program ids stay on the target only"
        )
    yield from builder.buffer


def published(path: Path) -> str | None:
    """The latest last_change/last_seen date of the file's rows."""
    header, rows = read_rows(path)
    columns = [i for i, h in enumerate(header) if h in ("last_change", "last_seen")]
    latest = ""
    for _, cells, _ in rows:
        for i in columns:
            if i < len(cells):
                latest = max(latest, cells[i][:10])
    return latest or None


def sniff(head: Head) -> bool:
    if head.is_dir or not head.first_line:
        return False
    try:
        header = next(csv.reader([head.first_line]), [])
    except csv.Error:  # a carriage return mid-line: no CSV header of ours
        return False
    return {h.strip() for h in header} >= SNIFF_COLUMNS


FORMAT = os_format(
    "os_targets", "OpenSanctions targets.simple.csv", sniff=sniff, parse=parse, published=published
)
