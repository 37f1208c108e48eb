"""OFAC SDN list in the legacy CSV set: sdn.csv with alt.csv, add.csv and sdn_comments.csv.

The four files have no header row and share the key ent_num. sdn.csv holds one row per
designated target (name, type, programs, vessel columns and a Remarks cell that packs
dates, identifiers and links, see ofac_remarks); alt.csv holds alternative names,
add.csv addresses, and sdn_comments.csv the part of a Remarks cell beyond its 1,000
characters. `-0-` marks an empty cell. OFAC's data specification calls the files ASCII;
they are read as UTF-8 (a superset), and a byte that is not UTF-8 is an error naming its
line. A trailing Ctrl-Z (0x1A, a DOS end-of-file mark OFAC appends) is dropped.

The companion files are published separately and can be newer than sdn.csv: their rows
for ent_nums that sdn.csv does not have are kept in the report as rejected rows, never
turned into entities of their own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import HEAD_BYTES, Emitter, Format, Head, is_empty
from kleptrace.sources.csv_rows import check_width, decode, records
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.ofac_facts import Applied, FactWriter
from kleptrace.sources.us.ofac_remarks import parse_remarks
from kleptrace.sources.us.ofac_targets import (
    AUTHORITY,
    PREFIX,
    SDN_TYPES,
    NameIndex,
    designated,
    split_person_name,
)

DATASET = "us_ofac_sdn"
REMARKS_MAX = 1000
"""sdn.csv cuts Remarks at this many characters; the rest is in sdn_comments.csv."""

SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state_postal", "country", "add_remarks")
COMMENT_COLUMNS = ("ent_num", "remarks_extended")
COLUMNS = {"sdn": SDN_COLUMNS, "alt": ALT_COLUMNS, "add": ADD_COLUMNS, "comments": COMMENT_COLUMNS}
FILE_NAMES = {"sdn": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
ALT_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
_REMARK_WORDS = re.compile(
    r"a\.k\.a\.|Linked To:|DOB \d|Registration Number|Tax ID No\.|Directive|Passport|"
    r"Digital Currency Address|nationality|Secondary sanctions"
)
_PROGRAM_SPLIT = re.compile(r"\]\s*\[")


# --- recognising the files ---------------------------------------------------------------


def _head_rows(text: str, limit: int = 8) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if len(lines) > 1 and not text.endswith("\n") and len(text.encode()) >= HEAD_BYTES - 4:
        lines = lines[:-1]
    try:
        rows = [r for r in csv.reader(lines[: limit + 1]) if r and r != ["\x1a"]]
    except csv.Error:  # e.g. a carriage return mid-line: not a CSV of OFAC's
        return []
    return rows[:limit]


def _kind_of(head: Head) -> str | None:
    """Which file of the set the content is: 'sdn', 'alt', 'add', 'comments' or None."""
    if head.is_dir or not head.text or head.text == "<zip>":
        return None
    rows = _head_rows(head.text)
    if not rows or not all(r[0].strip().isdigit() for r in rows):
        return None
    widths = {len(r) for r in rows}
    if widths == {12} and all(
        r[2].strip().lower() in {"-0-", "individual", "vessel", "aircraft"} for r in rows
    ):
        return "sdn"
    if widths == {5} and all(
        r[1].strip().isdigit() and r[2].strip().lower() in ALT_PROPS for r in rows
    ):
        return "alt"
    if widths == {6} and all(r[1].strip().isdigit() for r in rows) and "-0-" in head.text:
        return "add"
    if widths == {2} and (
        "comment" in head.path.name.lower() or _REMARK_WORDS.search(head.text) is not None
    ):
        return "comments"
    return None


def sniff(head: Head) -> bool:
    return _kind_of(head) is not None


def _sibling(directory: Path, kind: str) -> Path | None:
    """The file of `kind` in a directory: by OFAC's file name, else by content."""
    try:
        files = sorted(p for p in directory.iterdir() if p.is_file())
    except OSError:
        return None
    for candidate in files:
        if candidate.name.lower() == FILE_NAMES[kind]:
            return candidate
    for candidate in files:
        if candidate.suffix.lower() == ".csv" and _kind_of(Head.read(candidate)) == kind:
            return candidate
    return None


def primary(path: Path) -> Path:
    """sdn.csv for any file of the set; alt/add/comments need their sdn.csv beside them."""
    path = Path(path)
    kind = _kind_of(Head.read(path))
    if kind in (None, "sdn"):
        return path
    found = _sibling(path.parent, "sdn")
    if found is None:
        raise ParseError(
            path, f"{path.name} is part of an OFAC SDN CSV set, but no sdn.csv is beside it"
        )
    return found


def members(path: Path) -> list[Path]:
    """sdn.csv and whichever of alt.csv, add.csv, sdn_comments.csv are beside it."""
    main = primary(path)
    out = [main]
    for kind in ("alt", "add", "comments"):
        found = _sibling(main.parent, kind)
        if found is not None:
            out.append(found)
    return out


def source_name(path: Path) -> str:
    return DATASET


def published(path: Path) -> str | None:
    """None: no file of the legacy CSV set states a publication date (sdn.xml does)."""
    return None


# --- reading -------------------------------------------------------------------------------


def _decode(path: Path) -> str:
    text = decode(path, path.read_bytes(), "utf-8", "UTF-8/ASCII")
    text = text.lstrip("\ufeff").rstrip("\x1a\r\n\t ")
    if not text.strip():
        raise ParseError(path, "empty file")
    return text


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str], str]]:
    """(line number, cells, raw text) for each record; ParseError on a malformed row."""
    lines = _decode(path).splitlines(keepends=True)
    for start, end, row in records(path, csv.reader(lines)):
        check_width(path, start, row, columns, named=True)
        if not row[0].strip().isdigit():
            raise ParseError(
                path,
                f"ent_num {row[0]!r} is not a number",
                position=f"line {start}",
                field="ent_num",
            )
        # cells stay unstripped: a Remarks cell cut at 1,000 characters may end in a space
        # that belongs between it and its overflow in sdn_comments.csv
        raw = "".join(lines[start - 1 : end]).rstrip("\r\n")
        yield start, [row[0].strip(), *row[1:]], raw


def _value(cell: str) -> str | None:
    """A cell's text with spaces collapsed; None for OFAC's null marker `-0-` or blank."""
    text = " ".join(cell.split())
    return None if not text or text == "-0-" else text


def split_programs(text: str | None) -> list[str]:
    """'UKRAINE-EO13661] [RUSSIA-EO14024' -> ['UKRAINE-EO13661', 'RUSSIA-EO14024']."""
    if is_empty(text):
        return []
    out: list[str] = []
    for part in _PROGRAM_SPLIT.split(str(text)):
        program = part.strip().strip("[]").strip()
        if program and program not in out:
            out.append(program)
    return out


# --- parsing -------------------------------------------------------------------------------


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Entities of an SDN CSV set, read from sdn.csv and the companions beside it."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    emitter = Emitter(DATASET, PREFIX, path, report, jurisdiction="us", authority=AUTHORITY)
    return _parse(path, emitter)


def _parse(path: Path, emitter: Emitter) -> Iterator[StatementEntity]:
    report = emitter.report
    records: dict[str, tuple[int, list[str]]] = {}
    index = NameIndex()
    for line, row, _raw in read_rows(path, SDN_COLUMNS):
        report.records += 1
        if row[0] in records:
            raise ParseError(
                path,
                f"duplicate ent_num {row[0]} (first at line {records[row[0]][0]})",
                position=f"line {line}",
                field="ent_num",
            )
        records[row[0]] = (line, row)
        if not is_empty(row[1]):
            index.add(row[1], row[0])

    companions = {k: _sibling(path.parent, k) for k in ("alt", "add", "comments")}
    grouped: dict[str, dict[str, list[list[str]]]] = {"alt": {}, "add": {}}
    overflow: dict[str, str] = {}
    for kind, companion in companions.items():
        if companion is None:
            report.warnings.append(f"{FILE_NAMES[kind]} not found beside {path.name}")
            continue
        for line, row, raw in read_rows(companion, COLUMNS[kind]):
            report.records += 1
            ent = row[0]
            if ent not in records:
                report.reject(companion.name, line, f"ent_num {ent} is not in {path.name}", raw)
                continue
            if kind == "comments":
                remarks = records[ent][1][11]
                if len(remarks) < REMARKS_MAX:
                    report.reject(
                        companion.name,
                        line,
                        f"overflow for ent_num {ent}, whose remarks in {path.name} are not "
                        f"truncated (the files are from different days)",
                        raw,
                    )
                    continue
                overflow[ent] = overflow.get(ent, "") + row[1]
            else:
                grouped[kind].setdefault(ent, []).append(row)
    truncated = [
        e for e, (_, r) in records.items() if len(r[11]) >= REMARKS_MAX and e not in overflow
    ]
    if truncated:
        report.warnings.append(
            f"{len(truncated)} remarks end at {REMARKS_MAX} characters without overflow "
            f"in sdn_comments.csv (ent_num {', '.join(truncated[:10])})"
        )

    writer = FactWriter(emitter)
    for ent, (_line, row) in records.items():
        remarks = row[11] + overflow.get(ent, "")
        yield from _entity(
            emitter,
            writer,
            index,
            ent,
            row,
            remarks,
            grouped["alt"].get(ent, []),
            grouped["add"].get(ent, []),
            companions,
        )


def _entity(
    emitter: Emitter,
    writer: FactWriter,
    index: NameIndex,
    ent: str,
    row: list[str],
    remarks: str,
    alts: list[list[str]],
    adds: list[list[str]],
    companions: dict[str, Path | None],
) -> Iterator[StatementEntity]:
    origin = emitter.origin
    name, sdn_type = _value(row[1]), (_value(row[2]) or "").lower()
    facts = parse_remarks(remarks)
    schema = writer.schema_for(SDN_TYPES.get(sdn_type, "LegalEntity"), facts)
    entity = emitter.make(schema, ent)
    emitter.add(entity, "name", name)
    if schema == "Person" and name:
        last, first = split_person_name(name)
        emitter.add(entity, "lastName", last)
        emitter.add(entity, "firstName", first)
    for col, props in (
        (4, ("position",)),
        (5, ("callSign",)),
        (6, ("type",)),
        (7, ("tonnage",)),
        (8, ("grossRegisteredTonnage",)),
        (9, ("flag",)),
        (10, ()),
    ):
        value = _value(row[col])
        if value is None:
            continue
        if props and props[0].endswith("onnage"):
            value = value.replace(",", "")
        writer.put(entity, props, value, label=SDN_COLUMNS[col], original=_value(row[col]))
    applied = writer.apply(entity, facts, Applied())

    alt_file, add_file = companions["alt"], companions["add"]
    if alt_file is not None:
        emitter.origin = alt_file.name
    for alt in alts:
        alt_type, alt_name = (_value(alt[2]) or "").lower(), _value(alt[3])
        prop = ALT_PROPS.get(alt_type)
        if alt_name is None:
            continue
        if prop is None:
            emitter.note(entity, f"alt ({alt[2]})", alt_name)
        elif emitter.add(entity, prop, alt_name):
            applied.aliases += 1
        if _value(alt[4]):
            emitter.note(entity, "alt_remarks", f"{alt_name}: {_value(alt[4])}")
    if add_file is not None:
        emitter.origin = add_file.name
    for add in adds:
        parts = [_value(add[2]), _value(add[3]), _value(add[4])]
        full = ", ".join(p for p in parts if p)
        if full:
            emitter.add(entity, "address", full)
        if parts[2]:
            writer.put(entity, ("country",), parts[2], label="address country")
        if _value(add[5]):
            emitter.note(entity, "add_remarks", f"{full}: {_value(add[5])}")
    emitter.origin = origin

    yield from designated(emitter, entity, ent, split_programs(row[3]), applied, index)


FORMAT = Format(
    name="us_ofac_csv",
    title="OFAC SDN list (legacy CSV set: sdn.csv, alt.csv, add.csv, sdn_comments.csv)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="us",
    publisher=AUTHORITY,
    primary=primary,
    members=members,
    # No download: fetch takes the SDN list as SDN_ADVANCED.XML (us_ofac_advanced), one
    # form per list, the one with listing dates and typed relations.
)
