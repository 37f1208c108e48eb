"""Canada: the Consolidated Canadian Autonomous Sanctions List (SEMA and JVCFOA), XML.

Global Affairs Canada publishes one flat file, `sema-lmes.xml`: a `<data-set>` of
`<record>` elements, one per listing. A record names its regime in `<Country>`
(bilingual, "Russia / Russie"; the Justice for Victims of Corrupt Foreign Officials
Regulations are a "country" too), a person (`LastName`, `GivenName`) or an entity or
ship (`EntityOrShip`; ships carry `ShipIMONumber` and a vessel type in `TitleOrShip`),
and its place in the regulation's schedule (`Schedule`, `Item`). (Country, Schedule,
Item) is the key of a listing: the same person listed under two regimes is two
records, which the matcher (not this parser) links.
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
from kleptrace.sources.dates import parse_date
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

# Labels that introduce names in another script inside <Aliases>.
_LANG_LABELS = {
    "belarusian": "bel",
    "belarussian": "bel",
    "russian": "rus",
    "ukrainian": "ukr",
    "arabic": "ara",
    "persian": "fas",
    "farsi": "fas",
    "chinese": "zho",
}
_LABEL_RE = re.compile(r"\b(" + "|".join(_LANG_LABELS) + r")\s*:", re.I)
# Legal forms that SEMA writes after a comma ("Радиоавтоматика, ООО"): a piece that is
# only a legal form belongs to its neighbour, it is not a name of its own.
# fmt: off
_LEGAL_FORMS = frozenset(form.casefold() for form in (
    "ООО", "АО", "ОАО", "ЗАО", "ПАО", "НАО", "МК", "ФГУП", "ФГБУ", "(АО)", "Акционерное общество",
    "OOO", "AO", "OAO", "ZAO", "PAO", "JSC", "PJSC", "OJSC", "CJSC", "FSUE", "LLC", "Ltd",
    "Limited", "Inc", "Co", "Corp", "GmbH", "SA", "S.A",
))
# fmt: on
_OPEN = "(«“["
_CLOSE = ")»”]"
_OR_RE = re.compile(r"\s+or\s+")
_OR_AND_RE = re.compile(r"\s+(?:or|and)\s+")
_PATRONYMIC_RE = re.compile(r"(?:vich|vna|ich|вич|вна|ич)$", re.I)
_LEADING_WORD_RE = re.compile(r"^(?:also|or|and)\s+", re.I)
_DATE_OR_RE = re.compile(r"\s+OR\s+")


def _text(el: etree._Element) -> str | None:
    return el.text.strip() if el.text and el.text.strip() else None


def _country_key(country: str) -> str:
    """The English half of a bilingual regime name, or its abbreviation when it has one
    ("... Regulations (JVCFOR) / ..." -> "JVCFOR"), used in ids."""
    english = country.split(" / ")[0].strip()
    abbreviation = re.search(r"\(([A-Z]{3,})\)$", english)
    return abbreviation.group(1) if abbreviation else english


def _split_depth0(text: str, sep: str) -> list[str]:
    """Split on `sep` outside brackets and guillemets (commas inside a quoted name stay)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _is_legal_form(piece: str) -> bool:
    return piece.strip().strip(".").casefold() in _LEGAL_FORMS


def _merge_fragments(pieces: list[str], sep: str, continuation: bool = True) -> list[str]:
    """Rejoin pieces that are not names of their own: a bare legal form, or (with
    `continuation`) a piece that continues the previous one (lower case, or "or ...")."""
    out: list[str] = []
    pending = ""
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        if pending:
            piece = f"{pending}{sep} {piece}"
            pending = ""
        # A lower-case start continues a Cyrillic name ("..., соотечественников, ...");
        # Latin names may start in lower case ("the Basij", "al-Masri").
        continues = continuation and (
            (piece[0].islower() and not piece[0].isascii())
            or piece.casefold().startswith(("or ", "and "))
        )
        if out and (_is_legal_form(piece) or continues):
            out[-1] = f"{out[-1]}{sep} {piece}"
        elif _is_legal_form(piece):
            pending = piece
        else:
            out.append(piece)
    if pending:
        out.append(pending)
    return out


def _words(text: str) -> int:
    return len(text.split())


def _split_or(piece: str, person: bool) -> list[str]:
    """Split "X or Y". For entities "or" always separates names ("and" may be part of one);
    for people "or" and "and" separate only whole names ("Katsiaryna or Katerina
    Smuschkovich" is one name with a variant)."""
    splitter = _OR_AND_RE if person else _OR_RE
    parts = [p.strip() for p in splitter.split(piece) if p.strip()]
    if len(parts) < 2:
        return [piece]
    if person and any(_words(p) < 2 or "/" in p for p in parts):
        return [piece]
    if person and any(_PATRONYMIC_RE.search(p) for p in parts[:-1]):
        return [piece]  # "Aleksandr Evgenyevich or Evgenievich Kon'kov": a variant part
    return _merge_fragments(parts, " or", continuation=False)


def _newlines(text: str) -> str:
    """A line break is a wrap inside a name unless the script changes across it."""

    def latin(ch: str) -> bool:
        return ord(ch) < 0x250

    out = []
    for i, ch in enumerate(text):
        if ch != "\n":
            out.append(ch)
            continue
        before = next((c for c in reversed(text[:i]) if c.isalpha()), "")
        after = next((c for c in text[i + 1 :] if c.isalpha()), "")
        out.append(";" if before and after and latin(before) != latin(after) else " ")
    return "".join(out)


def _tidy(name: str) -> str:
    """Drop separators and brackets left dangling at the ends by the split."""
    name = name.strip(" ,;")
    while name and (
        name[-1] == "("
        or name[0] == ")"
        or (name[-1] == ")" and "(" not in name)
        or (name[0] == "(" and ")" not in name)
    ):
        name = (name[:-1] if name[-1] in "()" else name[1:]).strip(" ,;")
    return name


def split_aliases(text: str, person: bool) -> list[tuple[str, str | None]]:
    """Split the free-text <Aliases> field into (name, language) pairs.

    SEMA separates names with ";" or ",", but commas also sit inside names ("Радиоавтоматика,
    ООО", "Федеральное агентство ..., соотечественников, ..."), so a comma piece that is only
    a legal form or continues in lower case is joined back. "Russian: ..." labels give the
    language of the names that follow. A person's "Баранов, Олег Анатольевич" (surname,
    given names) stays one name.
    """
    text = _newlines(text)
    sections: list[tuple[str | None, str]] = []
    pos = 0
    lang: str | None = None
    for m in _LABEL_RE.finditer(text):
        sections.append((lang, text[pos : m.start()]))
        lang = _LANG_LABELS[m.group(1).casefold()]
        pos = m.end()
    sections.append((lang, text[pos:]))

    out: list[tuple[str, str | None]] = []
    for section_lang, section in sections:
        for semi in _split_depth0(section, ";"):
            commas = [p for p in _split_depth0(semi, ",") if p.strip()]
            inverted = (
                person
                and len(commas) == 2
                and _words(commas[0]) == 1
                and 2 <= _words(commas[1]) <= 3
            )
            pieces = [semi.strip()] if inverted else _merge_fragments(commas, ",")
            for piece in pieces:
                for name in _split_or(piece, person):
                    name = _tidy(_LEADING_WORD_RE.sub("", name))
                    if not name:
                        continue
                    name_lang = section_lang if section_lang and not name.isascii() else None
                    out.append((name, name_lang))
    return out


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
    if not path.exists():
        raise ParseError(path, "file not found")
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file")
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
        line = el.sourceline
        position = f"line {line}"
        fields: dict[str, str] = {}
        extra: list[tuple[str, str]] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            value = _text(child)
            if value is None:
                continue
            if child.tag in KNOWN:
                if child.tag in fields:
                    extra.append((child.tag, value))
                else:
                    fields[child.tag] = value
            else:
                extra.append((child.tag, value))
        for required in REQUIRED:
            if required not in fields:
                raise ParseError(path, f"record has no <{required}>", position, field=required)
        country = re.sub(r"\s+", " ", fields["Country"])
        schedule = re.sub(r"\s+", " ", fields.get("Schedule", ""))
        item = fields["Item"]

        last, given = fields.get("LastName"), fields.get("GivenName")
        org = fields.get("EntityOrShip")
        if org and (last or given):
            report.warnings.append(
                f"{path.name} {position}: both a person's name and EntityOrShip; read as entity"
            )
        if org:
            ship = bool(fields.get("ShipIMONumber") or fields.get("TitleOrShip"))
            schema = "Vessel" if ship else "LegalEntity"
        elif last or given:
            schema = "Person"
        else:
            raw = etree.tostring(el, encoding="unicode").strip()
            report.reject(path.name, position, "record names no person, entity or ship", raw)
            continue

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
            emitter.add(entity, "name", " ".join(p for p in (given, last) if p))
            emitter.add(entity, "firstName", given)
            emitter.add(entity, "lastName", last)
            emitter.add(entity, "title", fields.get("TitleOrShip"))
            if fields.get("DateOfBirthOrShipBuildDate"):
                _add_date(emitter, entity, "birthDate", fields["DateOfBirthOrShipBuildDate"])
            if fields.get("ShipIMONumber"):
                emitter.note(entity, "ShipIMONumber", fields["ShipIMONumber"])
        else:
            emitter.add(entity, "name", org)
            date_prop = "buildDate" if schema == "Vessel" else "incorporationDate"
            if fields.get("DateOfBirthOrShipBuildDate"):
                _add_date(emitter, entity, date_prop, fields["DateOfBirthOrShipBuildDate"])
            if schema == "Vessel":
                emitter.add(entity, "type", fields.get("TitleOrShip"))
                raw_imo = fields.get("ShipIMONumber")
                if raw_imo:
                    imo = identifiers.imo(raw_imo)
                    if imo:
                        emitter.add(entity, "imoNumber", imo, original=raw_imo)
                    else:
                        emitter.note(entity, "imoNumber", raw_imo)
        if fields.get("Aliases"):
            for name, lang in split_aliases(fields["Aliases"], schema == "Person"):
                prop = "weakAlias" if schema == "Person" and _words(name) == 1 else "alias"
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
    latest: str | None = None
    for el in _records(Path(path)):
        value = el.findtext("DateOfListing")
        parsed = parse_date(value.strip()) if value else None
        if parsed:
            top = max(parsed.values)
            if latest is None or top > latest:
                latest = top
    return latest


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
