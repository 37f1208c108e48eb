"""trade.gov Consolidated Screening List (CSL): the US export-control and sanctions lists in
one CSV (consolidated.csv, often served gzipped).

Each row is one target on one agency list (`source`: "Entity List (EL) - Bureau of
Industry and Security", "Specially Designated Nationals (SDN) - Treasury Department",
...). A target on several lists appears once per list with the same `_id` (the OFAC
ent_num for OFAC lists, a hash for the others): the rows become one entity with one
Sanction per program, naming every list it is on. Multi-valued cells are joined with
"; ", and `ids` packs "country, [expiry date, issue date,] number, type" per identifier,
typed by the same OFAC table as the SDN remarks (ofac_remarks).
"""

from __future__ import annotations

import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, slug
from kleptrace.sources.csv_rows import check_width, decode, records
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.ofac_facts import Applied, FactWriter
from kleptrace.sources.us.ofac_remarks import Fact, id_fact, parse_remarks
from kleptrace.sources.us.ofac_targets import SDN_TYPES, NameIndex, link_entities, split_person_name

DATASET = "us_trade_csl"
PREFIX = "us-csl"
PUBLISHER = "International Trade Administration (trade.gov)"
COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
VESSEL_COLUMNS = {
    "call_sign": ("callSign",),
    "vessel_type": ("type",),
    "gross_tonnage": ("tonnage",),
    "gross_registered_tonnage": ("grossRegisteredTonnage",),
    "vessel_flag": ("flag",),
    "vessel_owner": (),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_LIST_ABBR = re.compile(r"\(([^)]+)\)")
URLS = ("https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",)


def sniff(head: Head) -> bool:
    fields = {f.strip().strip('"') for f in head.first_line.split(",")}
    return {"_id", "source", "entity_number", "programs", "name"} <= fields


def source_name(path: Path) -> str:
    return DATASET


def _text(path: Path) -> str:
    """The file decoded: gzip or plain, UTF-8 (a bad byte names its line)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise ParseError(path, f"unreadable gzip data: {exc}") from exc
    text = decode(path, raw, "utf-8-sig", "UTF-8")
    if not text.strip():
        raise ParseError(path, "empty file")
    return text


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """(line, row by column, extra columns) for each data row; ParseError when malformed."""
    reader = csv.reader(_text(path).splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:  # pragma: no cover - _text rejects empty files
        raise ParseError(path, "empty file") from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ParseError(
            path, f"missing columns: {', '.join(missing)}", position="line 1", field=missing[0]
        )
    extra = [h for h in header if h not in COLUMNS]
    for start, _end, row in records(path, reader):
        check_width(path, start, row, header, named=False)
        cells = dict(zip(header, row, strict=True))
        if not cells["_id"].strip():
            raise ParseError(path, "empty _id", position=f"line {start}", field="_id")
        yield start, cells, [f"{h}: {cells[h]}" for h in extra if cells[h].strip()]


def published(path: Path) -> str | None:
    """The latest start_date in the file: the CSL states no publication date of its own,
    and start_date is the date a listing took effect, so the newest one bounds the list's
    date from below."""
    dates = [
        row["start_date"].strip()
        for _, row, _ in read_rows(Path(path))
        if _ISO_DATE.match(row["start_date"].strip())
    ]
    return max(dates) if dates else None


def _blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


def _split(cell: str | None) -> list[str]:
    """A '; '-joined cell as its values."""
    if cell is None or not cell.strip():
        return []
    return [p.strip() for p in cell.split(";") if p.strip()]


def list_parts(source: str) -> tuple[str, str | None, str]:
    """'Entity List (EL) - Bureau of Industry and Security' ->
    ('Entity List (EL)', 'Bureau of Industry and Security', 'EL')."""
    name, sep, agency = source.rpartition(" - ")
    if not sep:
        name, agency = source, ""
    abbr = _LIST_ABBR.search(name)
    return name.strip(), agency.strip() or None, (abbr.group(1) if abbr else slug(name))


def list_program(list_name: str) -> str:
    """The list itself as program when a row names none: 'Military End User (MEU) List' ->
    'Military End User List'."""
    return re.sub(r"\s+", " ", _LIST_ABBR.sub("", list_name)).strip()


def id_item(item: str) -> Fact:
    """'JO, 2014-08-30, 2009-08-31, K475336, Passport' -> a typed Fact.

    The CSL writes an identifier's fields in alphabetical order of their JSON names
    (country, expiration_date, issue_date, number, type), leaving empty ones out, so two
    dates are expiry then issue, and a single date is kept as an undetermined date.
    """
    parts = [p.strip() for p in item.split(", ")]
    label, rest = parts[-1], parts[:-1]
    country = None
    if len(rest) > 1 and _ISO2.match(rest[0]):
        country, rest = rest[0], rest[1:]
    dates: list[str] = []
    while len(rest) > 1 and _ISO_DATE.match(rest[0]):
        dates.append(rest.pop(0))
    number = ", ".join(rest)
    if len(dates) >= 2:
        return id_fact(label, number, country, issued=dates[1], expires=dates[0])
    return id_fact(label, number, country, date=dates[0] if dates else None)


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    path = Path(path)
    report = report if report is not None else ParseReport()
    emitter = Emitter(DATASET, PREFIX, path, report, jurisdiction="us", authority=None)
    return _parse(path, emitter)


def _parse(path: Path, emitter: Emitter) -> Iterator[StatementEntity]:
    groups: dict[str, list[tuple[int, dict[str, str], list[str]]]] = {}
    index = NameIndex()
    seen: dict[tuple[str, str], int] = {}
    for line, row, extra in read_rows(path):
        emitter.report.records += 1
        key = row["_id"].strip()
        source = row["source"].strip()
        if (key, source) in seen:
            emitter.report.warnings.append(
                f"line {line}: _id {key} listed twice on {source} (first at line "
                f"{seen[(key, source)]}); rows merged"
            )
        seen.setdefault((key, source), line)
        if key not in groups:
            groups[key] = []
            if not _blank(row["name"]):
                index.add(row["name"].strip(), key)
        groups[key].append((line, row, extra))
    writer = FactWriter(emitter)
    for key, rows in groups.items():
        yield from _entity(emitter, writer, index, key, rows)


def _entity(
    emitter: Emitter,
    writer: FactWriter,
    index: NameIndex,
    key: str,
    rows: list[tuple[int, dict[str, str], list[str]]],
) -> Iterator[StatementEntity]:
    types = [r["type"].strip().lower() for _, r, _ in rows if r["type"].strip()]
    facts: list[Fact] = []
    for _, row, _ in rows:
        facts.extend(parse_remarks(row["remarks"]))
        facts.extend(id_item(item) for item in _split(row["ids"]))
    facts = list({(f.text, f.country, f.issued, f.expires, f.date): f for f in facts}.values())
    schema = writer.schema_for(
        SDN_TYPES.get(types[0], "LegalEntity") if types else "LegalEntity", facts
    )
    entity = emitter.make(schema, key)
    person = schema == "Person"
    for _, row, extra in rows:
        name = None if _blank(row["name"]) else row["name"].strip()
        emitter.add(entity, "name", name)
        if person and name:
            last, given = split_person_name(name)
            emitter.add(entity, "lastName", last)
            emitter.add(entity, "firstName", given)
        for alias in _split(row["alt_names"]):
            emitter.add(entity, "alias", alias)
        if not _blank(row["title"]):
            writer.put(entity, ("position",), row["title"].strip(), label="title")
        for address in _split(row["addresses"]):
            emitter.add(entity, "address", address)
            country = address.rsplit(",", 1)[-1].strip()
            if _ISO2.match(country):
                writer.put(entity, ("country",), country, label="address country")
        for dob in _split(row["dates_of_birth"]):
            writer.add_date(entity, ("birthDate",), dob, label="dates_of_birth")
        for pob in _split(row["places_of_birth"]):
            writer.put(entity, ("birthPlace",), pob, label="places_of_birth")
        for country in _split(row["nationalities"]):
            writer.put(entity, ("nationality", "country"), country, label="nationalities")
        for country in _split(row["citizenships"]):
            writer.put(entity, ("citizenship", "country"), country, label="citizenships")
        for column, props in VESSEL_COLUMNS.items():
            if not _blank(row[column]):
                writer.put(entity, props, row[column].strip(), label=column)
        for value in extra:
            emitter.note(entity, "column", value)
    applied = writer.apply(entity, facts, Applied())

    yield entity
    yield from applied.extras.values()
    sanctions: dict[str, StatementEntity] = {}
    for _, row, _ in rows:
        _designate(emitter, entity, row, applied, sanctions)
    yield from sanctions.values()
    yield from link_entities(emitter, entity, key, applied.links, index, prefix_of=PREFIX)


def _designate(
    emitter: Emitter,
    entity: StatementEntity,
    row: dict[str, str],
    applied: Applied,
    sanctions: dict[str, StatementEntity],
) -> None:
    """One Sanction per program of the target (the list itself when a row names none).

    A target on several lists under one program (SDN and SSI under RUSSIA-EO14024) keeps
    one Sanction naming every list in `provisions`, with each list's URLs and dates.
    """
    list_name, agency, _abbr = list_parts(row["source"].strip())
    programs = _split(row["programs"]) or [list_program(list_name)]
    start, end = row["start_date"].strip(), row["end_date"].strip()
    start_ok = bool(start) and bool(parse_date(start, day_first=False))
    end_ok = bool(end) and bool(parse_date(end, day_first=False))
    if start and not start_ok:
        emitter.note(entity, "start_date", start)
    if end and not end_ok:
        emitter.note(entity, "end_date", end)
    extra = [list_name]
    for column, label in (
        ("license_requirement", "License requirement"),
        ("license_policy", "License policy"),
        ("standard_order", "Standard order"),
    ):
        if not _blank(row[column]):
            extra.append(f"{label}: {row[column].strip()}")
    for program in dict.fromkeys(programs):
        sanction = sanctions.get(program)
        if sanction is None:
            sanction = emitter.sanction(
                entity,
                program,
                listing_date=start if start_ok else None,
                source_ref=None if _blank(row["entity_number"]) else row["entity_number"].strip(),
                authority=agency,
                key=program,
            )
            for provision in applied.provisions:
                emitter.add(sanction, "provisions", provision)
            sanctions[program] = sanction
        else:
            emitter.add(sanction, "authority", agency)
            if start_ok:
                emitter.add_date(sanction, "listingDate", start, day_first=False)
        if end_ok:
            emitter.add_date(sanction, "endDate", end, day_first=False)
        for provision in extra:
            emitter.add(sanction, "provisions", provision)
        if not _blank(row["federal_register_notice"]):
            emitter.add(
                sanction, "description", f"Federal Register: {row['federal_register_notice']}"
            )
        emitter.add(sanction, "sourceUrl", row["source_list_url"])
        emitter.add(sanction, "programUrl", row["source_information_url"])


FORMAT = Format(
    name="us_csl",
    title="trade.gov Consolidated Screening List (consolidated.csv)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="us",
    publisher=PUBLISHER,
    urls=URLS,
)
