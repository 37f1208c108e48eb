"""Canada: the Consolidated Canadian Autonomous Sanctions List (SEMA and JVCFOA), XML.

Global Affairs Canada publishes one flat file, `sema-lmes.xml`: a `<data-set>` of
`<record>` elements, one per listing. A record names its regime in `<Country>`
(bilingual, "Russia / Russie"; the Justice for Victims of Corrupt Foreign Officials
Regulations are a "country" too), a person (`LastName`, `GivenName`) or an entity or
ship (`EntityOrShip`; ships carry `ShipIMONumber` and a vessel type in `TitleOrShip`),
and its place in the regulation's schedule (`Schedule`, `Item`). (Country, Schedule,
Item) is the key of a listing: the same person listed under two regimes is two
records, which the matcher (not this parser) links. sema_aliases splits the
free-text <Aliases> field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.ca.sema_aliases import split_aliases, word_count
from kleptrace.sources.dates import parse_date
from kleptrace.sources.list_files import latest_date, require_content
from kleptrace.sources.report import ParseReport

NAME = "ca_sema"
PREFIX = "ca-sema"
JURISDICTION = "ca"
PUBLISHER = "Global Affairs Canada"
URL = (
    "https://www.international.gc.ca/world-monde/assets/office_docs/"
    "international_relations-relations_internationales/sanctions/sema-lmes.xml"
)
ROOT = "data-set"
RECORD = "record"
KNOWN = frozenset(
    {
        "Country",
        "LastName",
        "GivenName",
        "EntityOrShip",
        "TitleOrShip",
        "ShipIMONumber",
        "DateOfBirthOrShipBuildDate",
        "Aliases",
        "Schedule",
        "Item",
        "DateOfListing",
    }
)
REQUIRED = ("Country", "Item")

_DATE_OR_RE = re.compile(r"\s+OR\s+")


def _text(el: etree._Element) -> str | None:
    return el.text.strip() if el.text and el.text.strip() else None


def _country_key(country: str) -> str:
    """The English half of a bilingual regime name, or its abbreviation when it has one
    ("... Regulations (JVCFOR) / ..." -> "JVCFOR"), used in ids."""
    english = country.split(" / ")[0].strip()
    abbreviation = re.search(r"\(([A-Z]{3,})\)$", english)
    return abbreviation.group(1) if abbreviation else english


def _add_date(emitter: Emitter, entity: StatementEntity, prop: str, raw: str) -> None:
    """Like Emitter.add_date, but reads "1965-07-15 OR 1969-09-28" (upper-case OR, which
    the shared date reader does not split on) while keeping the printed wording."""
    parsed = parse_date(_DATE_OR_RE.sub(" or ", raw))
    if not parsed:
        emitter.note(entity, prop, raw)
        return
    for iso in parsed.values:
        emitter.add(entity, prop, iso, original=raw)


def _records(path: Path) -> Iterator[etree._Element]:
    """Stream <record> elements, turning XML damage into a ParseError with its line."""
    require_content(path)
    context = etree.iterparse(
        str(path), events=("start", "end"), resolve_entities=False, no_network=True
    )
    root_seen = False
    try:
        for event, el in context:
            if not root_seen:
                root_seen = True
                if el.tag != ROOT:
                    raise ParseError(
                        path,
                        f"root element is <{el.tag}>, expected <{ROOT}>",
                        position=f"line {el.sourceline}",
                    )
                continue
            if event == "end" and el.tag == RECORD:
                yield el
                el.clear()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise ParseError(path, f"invalid XML: {exc.msg}", position=f"line {line}") from exc
    if not root_seen:
        raise ParseError(path, "no XML content")


def _fields(el: etree._Element) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The first value of each known child, and (tag, value) of every other child."""
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        value = _text(child)
        if value is None:
            continue
        if child.tag in KNOWN and child.tag not in fields:
            fields[child.tag] = value
        else:
            extra.append((child.tag, value))
    return fields, extra


def _schema(fields: dict[str, str]) -> str | None:
    """Person, Vessel or LegalEntity; None when the record names no one."""
    if fields.get("EntityOrShip"):
        ship = bool(fields.get("ShipIMONumber") or fields.get("TitleOrShip"))
        return "Vessel" if ship else "LegalEntity"
    if fields.get("LastName") or fields.get("GivenName"):
        return "Person"
    return None


def _add_person(emitter: Emitter, entity: StatementEntity, fields: dict[str, str]) -> None:
    given, last = fields.get("GivenName"), fields.get("LastName")
    emitter.add(entity, "name", " ".join(p for p in (given, last) if p))
    emitter.add(entity, "firstName", given)
    emitter.add(entity, "lastName", last)
    emitter.add(entity, "title", fields.get("TitleOrShip"))
    if fields.get("DateOfBirthOrShipBuildDate"):
        _add_date(emitter, entity, "birthDate", fields["DateOfBirthOrShipBuildDate"])
    if fields.get("ShipIMONumber"):
        emitter.note(entity, "ShipIMONumber", fields["ShipIMONumber"])


def _add_entity_or_ship(emitter: Emitter, entity: StatementEntity, fields: dict[str, str]) -> None:
    vessel = entity.schema.name == "Vessel"
    emitter.add(entity, "name", fields.get("EntityOrShip"))
    date_prop = "buildDate" if vessel else "incorporationDate"
    if fields.get("DateOfBirthOrShipBuildDate"):
        _add_date(emitter, entity, date_prop, fields["DateOfBirthOrShipBuildDate"])
    if vessel:
        emitter.add(entity, "type", fields.get("TitleOrShip"))
        raw_imo = fields.get("ShipIMONumber")
        if raw_imo:
            imo = identifiers.imo(raw_imo)
            if imo:
                emitter.add(entity, "imoNumber", imo, original=raw_imo)
            else:
                emitter.note(entity, "imoNumber", raw_imo)


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Yield one entity and one Sanction per SEMA record."""
    path = Path(path)
    emitter = Emitter(NAME, PREFIX, path, report, jurisdiction=JURISDICTION, authority=PUBLISHER)
    report = emitter.report
    seen: dict[str, str] = {}
    count = 0
    for el in _records(path):
        count += 1
        report.records += 1
        position = f"line {el.sourceline}"
        fields, extra = _fields(el)
        for required in REQUIRED:
            if required not in fields:
                raise ParseError(path, f"record has no <{required}>", position, field=required)
        country = re.sub(r"\s+", " ", fields["Country"])
        schedule = re.sub(r"\s+", " ", fields.get("Schedule", ""))
        item = fields["Item"]

        schema = _schema(fields)
        if schema is None:
            raw = etree.tostring(el, encoding="unicode").strip()
            report.reject(path.name, position, "record names no person, entity or ship", raw)
            continue
        if schema != "Person" and (fields.get("LastName") or fields.get("GivenName")):
            report.warnings.append(
                f"{path.name} {position}: both a person's name and EntityOrShip; read as entity"
            )

        key = [_country_key(country), schedule, item] if schedule else [_country_key(country), item]
        entity = emitter.make(schema, *key)
        listing = f"{country} | Schedule {schedule or '-'} | Item {item}"
        assert entity.id is not None
        if entity.id in seen:
            raise ParseError(
                path,
                f"duplicate listing key ({listing}), first at {seen[entity.id]}",
                position,
                field="Item",
            )
        seen[entity.id] = position

        if schema == "Person":
            _add_person(emitter, entity, fields)
        else:
            _add_entity_or_ship(emitter, entity, fields)
        if fields.get("Aliases"):
            for name, lang in split_aliases(fields["Aliases"], schema == "Person"):
                prop = "weakAlias" if schema == "Person" and word_count(name) == 1 else "alias"
                emitter.add(entity, prop, name, lang=lang, original=fields["Aliases"])
        for tag, value in extra:
            emitter.note(entity, tag, value)

        sanction = emitter.sanction(
            entity,
            country,
            listing_date=fields.get("DateOfListing"),
            source_ref=f"Schedule {schedule}, Item {item}" if schedule else f"Item {item}",
        )
        yield entity
        yield sanction
    if count == 0:
        raise ParseError(path, f"no <{RECORD}> elements")


def published(path: Path) -> str | None:
    """The file carries no publication date, so the latest DateOfListing stands in: the
    list cannot be older than its newest listing (amendments that add no listing, such as
    delistings, are not visible this way)."""
    return latest_date(el.findtext("DateOfListing") for el in _records(Path(path)))


def sniff(head: Head) -> bool:
    """A <data-set> of <record>s with SEMA's Country/Item/DateOfListing elements."""
    text = head.text
    if head.is_dir or "<data-set" not in text:
        return False
    return all(tag in text for tag in ("<record", "<Country>", "<Item>", "<DateOfListing>"))


FORMAT = Format(
    name=NAME,
    title="Canada: Consolidated Canadian Autonomous Sanctions List (SEMA, JVCFOA)",
    sniff=sniff,
    parse=parse,
    source_name=lambda path: NAME,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
