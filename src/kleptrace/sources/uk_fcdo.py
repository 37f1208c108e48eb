"""FCDO "UK Sanctions List" (2026 format) as a third party's relational transform.

The FCDO publishes one wide file (https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv,
also .xlsx/.xml/.ods). What this module reads is NOT that file: it is a relational
transform made by a third party (covyr/uk-sanctions-list, a code assignment), five CSV
tables joined on `unique_id`:

    subjects.csv             unique_id, subject_type, un_reference_number, ofsi_group_id,
                             date_designated, last_updated
    subject_names.csv        name_type, alias_strength, full_name, name_6, name_1..name_5
    subject_identifiers.csv  identifier_type, raw_value, additional_info
    subject_dobs.csv         year, month, day, precision
    subject_countries.csv    raw_value, country_type, iso

`parse` is given subjects.csv and reads the siblings. The transform repeats rows (the
same passport on a dozen rows, the same country up to a hundred times); repeats are
folded, distinct values are all kept. The derived tables carry no statement of reasons,
addresses, positions or regime names; the 3-letter prefix of `unique_id` (RUS, GHR,
GAC, ...) names the regime. They state no publication date either, so `published` is
the latest `last_updated` of any subject.

Columns the transform added about its own work are not read: row ids (name_id, id,
dob_id), the repeated ofsi_group_id of subject_identifiers, parse_issues of
subject_dobs, and resolution_method / iso_available of subject_countries (the iso
column they describe is read, and raw_value is kept as the original wording).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, Format, Head, is_empty
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport
from kleptrace.sources.uk_ofsi import (
    country,
    has_registry_label,
    promote_name,
    put,
    registry_numbers,
)

SOURCE = "gb_fcdo"
PREFIX = "gb-fcdo"
PUBLISHER = "Foreign, Commonwealth & Development Office"
OFFICIAL_URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"

TABLES: dict[str, tuple[str, ...]] = {
    "subjects": (
        "unique_id",
        "subject_type",
        "un_reference_number",
        "ofsi_group_id",
        "date_designated",
        "last_updated",
    ),
    "names": (
        "unique_id",
        "name_type",
        "alias_strength",
        "full_name",
        "name_6",
        "name_1",
        "name_2",
        "name_3",
        "name_4",
        "name_5",
    ),
    "identifiers": ("unique_id", "raw_value", "identifier_type", "additional_info"),
    "dobs": ("unique_id", "year", "month", "day", "precision"),
    "countries": ("unique_id", "raw_value", "country_type", "iso"),
}
"""The required columns of each table; a table is recognised by its header."""

FILENAMES = {
    "subjects": "subjects.csv",
    "names": "subject_names.csv",
    "identifiers": "subject_identifiers.csv",
    "dobs": "subject_dobs.csv",
    "countries": "subject_countries.csv",
}
SIBLINGS = ("names", "identifiers", "dobs", "countries")

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
    "aircraft": "Airplane",
}
NAME_TYPES = {
    "primary": "name",
    "primary_variation": "alias",
    "alias": "alias",
    "aka": "alias",
    "fka": "previousName",
    "previous": "previousName",
}
COUNTRY_TYPES = {
    "birth": "birthCountry",
    "nationality": "nationality",
    "address": "country",
    "flag": "flag",
    "citizenship": "citizenship",
}
_TAX_HINT = re.compile(r"(?<![A-Za-z])(INN|TIN|tax|taxpayer)(?![A-Za-z])", re.I)
_DOC_NUMBER = re.compile(r"(?:number|No\.?)\s*:?\s*([A-Z0-9][A-Z0-9\-/.]*[A-Z0-9])", re.I)
_PLAIN_DOC = re.compile(r"[A-Za-z0-9\u0400-\u04FF][A-Za-z0-9\u0400-\u04FF \-/._()\[\]°№]*")


# --- the file set ----------------------------------------------------------------------


def _header(line: str) -> list[str]:
    try:
        return next(csv.reader([line.lstrip("\ufeff")]))
    except (csv.Error, StopIteration):
        return []


def _kind(header: list[str]) -> str | None:
    """Which of the five tables a header belongs to (None for anything else)."""
    cells = set(header)
    return next((kind for kind, required in TABLES.items() if cells.issuperset(required)), None)


def _first_line(path: Path) -> str:
    with open(path, "rb") as fh:
        return fh.readline(16 * 1024).decode("utf-8", errors="replace").strip("\r\n")


def _tables(folder: Path) -> dict[str, Path]:
    """The five tables in a folder: the usual file names, else any CSV with that header.

    A file with the usual name is taken even when its header is wrong, so that `parse`
    names the missing column rather than the table.
    """
    found = {kind: folder / name for kind, name in FILENAMES.items() if (folder / name).is_file()}
    for path in sorted(folder.glob("*.csv")):
        if path.name in FILENAMES.values():
            continue
        kind = _kind(_header(_first_line(path)))
        if kind is not None and kind not in found:
            found[kind] = path
    return found


def _sniff(head: Head) -> bool:
    return not head.is_dir and head.text != "<zip>" and _kind(_header(head.first_line)) is not None


def _primary(path: Path) -> Path:
    """Any of the five tables leads to subjects.csv, which `parse` reads."""
    path = Path(path)
    if _kind(_header(_first_line(path))) == "subjects":
        return path
    return _tables(path.parent).get("subjects", path.parent / FILENAMES["subjects"])


def _members(path: Path) -> list[Path]:
    """Every table of the set that exists (a missing one fails in `parse`, naming it)."""
    tables = _tables(Path(path).parent)
    if Path(path).is_file():
        tables.setdefault("subjects", Path(path))
    return [tables[k] for k in TABLES if k in tables]


# --- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


def _read(path: Path, kind: str) -> list[_Row]:
    """A whole table, strictly UTF-8, with the line each row starts on."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            path, f"bytes that are not UTF-8 ({exc.reason})", position=f"line {line}"
        ) from exc
    if not text.strip():
        raise ParseError(path, "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in TABLES[kind] if c not in header]
        if missing:
            raise ParseError(
                path,
                f"missing required column(s): {', '.join(missing)}",
                position="line 1",
                field=missing[0],
            )
        rows: list[_Row] = []
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if len(cells) != len(header):
                raise ParseError(
                    path,
                    f"{len(cells)} cells where the header has {len(header)}",
                    position=f"line {line}",
                )
            rows.append(_Row(line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", position=f"line {reader.line_num}") from exc
    return rows


def _date(value: str) -> str | None:
    parsed = parse_date(value, day_first=True)
    return parsed.values[0] if parsed else None


def _published(path: Path) -> str | None:
    """The latest last_updated in subjects.csv: the derived set states no publication date."""
    path = _primary(Path(path))
    if not path.is_file():
        raise ParseError(path, "subjects.csv of the FCDO derived set is missing")
    dates = [d for row in _read(path, "subjects") if (d := _date(row.cells["last_updated"]))]
    return max(dates) if dates else None


# --- building targets ------------------------------------------------------------------


def _un_reference(value: str) -> str:
    """'QDE.145' -> 'QDe.145': the UN prints the third letter in lower case."""
    m = re.fullmatch(r"([A-Za-z]{2})([A-Za-z])\.\s?(\d{3})", value.strip())
    return f"{m[1].upper()}{m[2].lower()}.{m[3]}" if m else value.strip()


def _names(emitter: Emitter, entity: StatementEntity, rows: list[_Row]) -> None:
    by_prop: dict[str, list[_Row]] = {}
    for row in rows:
        c = row.cells
        prop = NAME_TYPES.get(c["name_type"].lower())
        if prop is None:
            emitter.report.warnings.append(
                f"{FILENAMES['names']} line {row.line}: unknown name_type {c['name_type']!r}"
                " read as an alias"
            )
            prop = "alias"
        if prop == "alias" and c["alias_strength"].lower().startswith("low"):
            prop = "weakAlias"
        elif prop == "alias" and c["name_type"].lower() == "primary_variation":
            prop = "variation"
        by_prop.setdefault(prop, []).append(row)
    promote_name(by_prop)
    for prop, items in by_prop.items():
        for row in items:
            c = row.cells
            full = c["full_name"] or " ".join(
                c[k] for k in ("name_1", "name_2", "name_3", "name_4", "name_5", "name_6") if c[k]
            )
            emitter.add(entity, "alias" if prop == "variation" else prop, full)
            if prop == "name" and entity.schema.name == "Person":
                emitter.add(entity, "firstName", c["name_1"])
                emitter.add(entity, "secondName", c["name_2"])
                for part in ("name_3", "name_4", "name_5"):
                    emitter.add(entity, "middleName", c[part])
                emitter.add(entity, "lastName", c["name_6"])


def _document(
    emitter: Emitter, entity: StatementEntity, prop: str, raw: str, info: str, label: str
) -> None:
    """A passport or national ID: the number, with its printed details kept as a note."""
    value = raw.strip().lstrip("'").strip()
    if is_empty(value):
        if not is_empty(info):
            emitter.note(entity, label, info)
        return
    if prop == "idNumber" and (_TAX_HINT.search(info) or _TAX_HINT.search(value)):
        registry_numbers(emitter, entity, value, label, bare="tax")
    elif prop == "idNumber" and has_registry_label(value):  # "OGRNIP: 321547600026521"
        registry_numbers(emitter, entity, value, label)
    elif _PLAIN_DOC.fullmatch(value) and not _DOC_NUMBER.search(value):
        put(emitter, entity, prop, value, label)
    elif m := _DOC_NUMBER.search(value):  # "Russian number: 0258399", "Kuwait, number 123"
        put(emitter, entity, prop, m[1], label, original=value)
        emitter.note(entity, label, value)
    else:
        put(emitter, entity, prop, value, label)
    if not is_empty(info):
        emitter.note(entity, label, f"{value}: {info}")


def _identifiers(emitter: Emitter, entity: StatementEntity, rows: list[_Row]) -> None:
    for kind, raw, info in dict.fromkeys(
        (r.cells["identifier_type"].lower(), r.cells["raw_value"], r.cells["additional_info"])
        for r in rows
    ):
        if kind == "passport":
            _document(emitter, entity, "passportNumber", raw, info, "passport")
        elif kind == "national":
            _document(emitter, entity, "idNumber", raw, info, "national identifier")
        elif kind == "business_registration_numbers":
            registry_numbers(emitter, entity, raw.strip().lstrip("'"), "business registration")
            if not is_empty(info):
                emitter.note(entity, "business registration", f"{raw}: {info}")
        elif kind == "imo":
            imo = identifiers.imo(raw)
            if imo:
                put(emitter, entity, "imoNumber", imo, "imo", original=raw)
            else:
                emitter.note(entity, "imo", raw)
            if not is_empty(info):
                emitter.note(entity, "imo", f"{raw}: {info}")
        else:
            emitter.note(entity, kind or "identifier", f"{raw} {info}".strip())


def _dobs(emitter: Emitter, entity: StatementEntity, rows: list[_Row]) -> None:
    for year, month, day, precision in dict.fromkeys(
        (r.cells["year"], r.cells["month"], r.cells["day"], r.cells["precision"]) for r in rows
    ):
        parts = [year] if year else []
        if year and month and precision != "year_only":
            parts.append(month.zfill(2))
            if day and precision == "exact":
                parts.append(day.zfill(2))
        printed = "-".join(parts) or f"{year}/{month}/{day} ({precision})"
        if entity.schema.get("birthDate") is None:
            emitter.note(entity, "date of birth", printed)
        else:
            emitter.add_date(entity, "birthDate", printed)


def _countries(emitter: Emitter, entity: StatementEntity, rows: list[_Row]) -> None:
    for raw, kind, iso in dict.fromkeys(
        (r.cells["raw_value"], r.cells["country_type"].lower(), r.cells["iso"]) for r in rows
    ):
        prop = COUNTRY_TYPES.get(kind)
        label = f"country ({kind})"
        if prop is None or entity.schema.get(prop) is None:
            emitter.note(entity, label, raw or iso)
        elif not is_empty(iso):
            put(emitter, entity, prop, iso, label, original=raw or iso)
        else:
            country(emitter, entity, prop, raw, label)


def _subject(
    emitter: Emitter,
    uid: str,
    rows: list[_Row],
    schema: str,
    sibling: dict[str, list[_Row]],
    tables: dict[str, Path],
) -> Iterator[StatementEntity]:
    """One target from a subject and its sibling rows; statements name the table they
    came from (their origin)."""
    entity = emitter.make(schema, uid)
    for kind, build in (
        ("names", _names),
        ("countries", _countries),
        ("identifiers", _identifiers),
        ("dobs", _dobs),
    ):
        emitter.origin = tables[kind].name
        build(emitter, entity, sibling.get(kind, []))
    emitter.origin = tables["subjects"].name
    for gid in dict.fromkeys(r.cells["ofsi_group_id"] for r in rows):
        if not is_empty(gid):  # links to the OFSI Consolidated List Group ID
            emitter.note(entity, "OFSI Group ID", gid)
    yield entity
    first = rows[0].cells
    sanction = emitter.sanction(
        entity,
        uid[:3].upper(),
        listing_date=first["date_designated"],
        source_ref=uid,
        unsc_id=_un_reference(first["un_reference_number"]) or None,
    )
    for value in dict.fromkeys(r.cells["date_designated"] for r in rows[1:]):
        emitter.add_date(sanction, "listingDate", value)
    for value in dict.fromkeys(r.cells["last_updated"] for r in rows):
        emitter.add_date(sanction, "modifiedAt", value)
    for value in dict.fromkeys(r.cells["un_reference_number"] for r in rows[1:]):
        if not is_empty(value):
            emitter.add(sanction, "unscId", _un_reference(value), original=value)
    yield sanction


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Join the five tables on unique_id; one target and one Sanction per subject."""
    path = _primary(Path(path))
    report = report if report is not None else ParseReport()
    if not path.exists():
        raise ParseError(path, "subjects.csv of the FCDO derived set is missing")
    tables = _tables(path.parent)
    missing = [FILENAMES[k] for k in SIBLINGS if k not in tables]
    if missing:
        raise ParseError(path, f"missing table(s) next to subjects.csv: {', '.join(missing)}")
    emitter = Emitter(SOURCE, PREFIX, path, report, jurisdiction="gb", authority=PUBLISHER)

    subjects: dict[str, list[_Row]] = {}
    schemas: dict[str, str] = {}
    for row in _read(path, "subjects"):
        report.records += 1
        uid, kind = row.cells["unique_id"], row.cells["subject_type"].lower()
        position = f"line {row.line}"
        if is_empty(uid):
            report.reject(path.name, position, "subject without unique_id", _raw(row))
            continue
        schema = SCHEMAS.get(kind)
        if schema is None:
            report.reject(path.name, position, f"unknown subject_type {kind!r}", _raw(row))
            continue
        if uid in schemas and schemas[uid] != schema:
            first = subjects[uid][0]
            raise ParseError(
                path,
                f"unique_id {uid} is {first.cells['subject_type']!r} on line {first.line} "
                f"and {row.cells['subject_type']!r} here",
                position=position,
                field="subject_type",
            )
        schemas[uid] = schema
        subjects.setdefault(uid, []).append(row)

    tables["subjects"] = path
    siblings: dict[str, dict[str, list[_Row]]] = {}
    for kind in SIBLINGS:
        table = tables[kind]
        for row in _read(table, kind):
            report.records += 1
            uid = row.cells["unique_id"]
            if uid not in subjects:
                report.reject(
                    table.name,
                    f"line {row.line}",
                    f"unique_id {uid!r} is not in {path.name}",
                    _raw(row),
                )
                continue
            siblings.setdefault(uid, {}).setdefault(kind, []).append(row)

    for uid, rows in subjects.items():
        yield from _subject(emitter, uid, rows, schemas[uid], siblings.get(uid, {}), tables)


def _raw(row: _Row) -> str:
    return ",".join(f"{k}={v}" for k, v in row.cells.items())


def source_name(path: Path) -> str:
    return SOURCE


FORMAT = Format(
    name="uk_fcdo",
    title="UK FCDO UK Sanctions List (2026), third-party relational transform (5 CSV tables)",
    sniff=_sniff,
    parse=parse,
    source_name=source_name,
    published=_published,
    jurisdiction="gb",
    publisher=PUBLISHER,
    primary=_primary,
    members=_members,
    urls=(OFFICIAL_URL,),
)
