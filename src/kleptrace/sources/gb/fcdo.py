"""FCDO "UK Sanctions List" (2026 format) as a third party's relational transform.

The FCDO publishes one wide file (https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv,
also .xlsx/.xml/.ods). What this module reads is NOT that file: it is a relational
transform made by a third party (covyr/uk-sanctions-list, a code assignment), five CSV
tables joined on `unique_id` (fcdo_tables finds, reads and joins them).

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

from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, is_empty
from kleptrace.sources.gb.documents import add_document
from kleptrace.sources.gb.fcdo_tables import (
    FILENAMES,
    SIBLINGS,
    Row,
    find_tables,
    members,
    primary,
    published,
    read_rows,
    read_siblings,
    table_kind,
)
from kleptrace.sources.gb.lists import JURISDICTION, UkList
from kleptrace.sources.gb.registry_numbers import add_imo, registry_numbers
from kleptrace.sources.gb.values import (
    NameTypes,
    add_name_parts,
    country,
    name_prop,
    promote_name,
    put,
    un_reference_text,
)
from kleptrace.sources.report import ParseReport

FCDO = UkList(
    source="gb_fcdo",
    prefix="gb-fcdo",
    publisher="Foreign, Commonwealth & Development Office",
)

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
    "aircraft": "Airplane",
}
NAME_TYPES = NameTypes(
    {
        "primary": "name",
        "primary_variation": "alias",
        "alias": "alias",
        "aka": "alias",
        "fka": "previousName",
        "previous": "previousName",
    },
    variation="primary_variation",
    column="name_type",
)
COUNTRY_TYPES = {
    "birth": "birthCountry",
    "nationality": "nationality",
    "address": "country",
    "flag": "flag",
    "citizenship": "citizenship",
}
NAME_COLUMNS = ("name_1", "name_2", "name_3", "name_4", "name_5", "name_6")
"""The six name parts, in the order of a printed name (name_6 is the family name)."""


def _names(emitter: Emitter, entity: StatementEntity, rows: list[Row]) -> None:
    """Every name of the subject, in the property its name_type names."""
    by_kind: dict[str, list[Row]] = {}
    for row in rows:
        c = row.cells
        where = f"{FILENAMES['names']} line {row.line}"
        kind = NAME_TYPES.kind(emitter, c["name_type"], c["alias_strength"], where)
        by_kind.setdefault(kind, []).append(row)
    promote_name(by_kind)
    for kind, items in by_kind.items():
        for row in items:
            c = row.cells
            full = c["full_name"] or " ".join(c[k] for k in NAME_COLUMNS if c[k])
            emitter.add(entity, name_prop(kind), full)
            if kind == "name" and entity.schema.name == "Person":
                add_name_parts(emitter, entity, [c[k] for k in NAME_COLUMNS])


def _identifiers(emitter: Emitter, entity: StatementEntity, rows: list[Row]) -> None:
    for kind, raw, info in dict.fromkeys(
        (r.cells["identifier_type"].lower(), r.cells["raw_value"], r.cells["additional_info"])
        for r in rows
    ):
        if kind == "passport":
            add_document(emitter, entity, "passportNumber", raw, info, "passport")
        elif kind == "national":
            add_document(emitter, entity, "idNumber", raw, info, "national identifier")
        elif kind == "business_registration_numbers":
            registry_numbers(emitter, entity, raw.strip().lstrip("'"), "business registration")
            if not is_empty(info):
                emitter.note(entity, "business registration", f"{raw}: {info}")
        elif kind == "imo":
            add_imo(emitter, entity, raw, "imo")
            if not is_empty(info):
                emitter.note(entity, "imo", f"{raw}: {info}")
        else:
            emitter.note(entity, kind or "identifier", f"{raw} {info}".strip())


def _dobs(emitter: Emitter, entity: StatementEntity, rows: list[Row]) -> None:
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


def _countries(emitter: Emitter, entity: StatementEntity, rows: list[Row]) -> None:
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
    rows: list[Row],
    schema: str,
    sibling: dict[str, list[Row]],
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
        unsc_id=un_reference_text(first["un_reference_number"]) or None,
    )
    for value in dict.fromkeys(r.cells["date_designated"] for r in rows[1:]):
        emitter.add_date(sanction, "listingDate", value)
    for value in dict.fromkeys(r.cells["last_updated"] for r in rows):
        emitter.add_date(sanction, "modifiedAt", value)
    for value in dict.fromkeys(r.cells["un_reference_number"] for r in rows[1:]):
        if not is_empty(value):
            emitter.add(sanction, "unscId", un_reference_text(value), original=value)
    yield sanction


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Join the five tables on unique_id; one target and one Sanction per subject."""
    path = primary(Path(path))
    report = report if report is not None else ParseReport()
    if not path.exists():
        raise ParseError(path, "subjects.csv of the FCDO derived set is missing")
    tables = find_tables(path.parent)
    missing = [FILENAMES[k] for k in SIBLINGS if k not in tables]
    if missing:
        raise ParseError(path, f"missing table(s) next to subjects.csv: {', '.join(missing)}")
    emitter = FCDO.emitter(path, report)
    subjects, schemas = _read_subjects(path, report)
    tables["subjects"] = path
    siblings = read_siblings(tables, subjects, report)
    for uid, rows in subjects.items():
        yield from _subject(emitter, uid, rows, schemas[uid], siblings.get(uid, {}), tables)


def _read_subjects(path: Path, report: ParseReport) -> tuple[dict[str, list[Row]], dict[str, str]]:
    """The rows of each unique_id and its schema; a subject that cannot be placed is
    rejected, and one printed with two subject types fails."""
    subjects: dict[str, list[Row]] = {}
    schemas: dict[str, str] = {}
    for row in read_rows(path, "subjects"):
        report.records += 1
        uid, kind = row.cells["unique_id"], row.cells["subject_type"].lower()
        position = f"line {row.line}"
        if is_empty(uid):
            report.reject(path.name, position, "subject without unique_id", row.printed())
            continue
        schema = SCHEMAS.get(kind)
        if schema is None:
            report.reject(path.name, position, f"unknown subject_type {kind!r}", row.printed())
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
    return subjects, schemas


def _sniff(head: Head) -> bool:
    return not head.is_dir and head.text != "<zip>" and table_kind(head.first_line) is not None


FORMAT = Format(
    name="uk_fcdo",
    title="UK FCDO UK Sanctions List (2026), third-party relational transform (5 CSV tables)",
    sniff=_sniff,
    parse=parse,
    source_name=FCDO.source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=FCDO.publisher,
    primary=primary,
    members=members,
    urls=(),  # the FCDO publishes the wide file only, which this parser does not read
)
