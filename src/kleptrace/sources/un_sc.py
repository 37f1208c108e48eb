"""UN Security Council consolidated list (XML, sc-sanctions.xsd).

The Security Council publishes one file, CONSOLIDATED_LIST, with INDIVIDUALS/INDIVIDUAL
and ENTITIES/ENTITY records keyed by DATAID and carrying a REFERENCE_NUMBER (QDi.001)
that national lists repeat, which makes it ground truth for linking across lists.

Mapping choices worth knowing:

- Name parts are positional, not semantic (Korean names put the family name first,
  Arabic names chain a father's and grandfather's name), so FIRST..FOURTH_NAME go to
  firstName, secondName, middleName and lastName as printed; `name` holds the whole name
  in printed order and is what matching should use.
- Alias QUALITY: Good and a.k.a. -> alias, Low -> weakAlias, f.k.a. -> previousName.
- Every document becomes a Passport or Identification entity (number, type, issuing
  country, issue and expiry dates, note) and its number is also put on the person
  (passportNumber, idNumber, taxNumber, socialSecurityNumber) for matching. Numbers are
  cut out of wording such as "CAR diplomatic passport no. D00000898"; the printed text
  stays the statement's original value.
- The UN prints the IMO numbers of DPRK shipping *companies* in COMMENTS1; those stay
  Organizations with imoNumber. An ENTITY becomes a Vessel (or Airplane) only when its
  own record describes a ship (or aircraft) and its name carries no company words.
- FollowTheMoney has `unscId` only on Sanction, so the target keeps the reference
  number as a labelled note ("unscId: KPi.001"), counted in the report.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, slug
from kleptrace.sources.dates import parse_date
from kleptrace.sources.identifiers import imo
from kleptrace.sources.report import ParseReport

NAME = "un_sc"
PREFIX = "unsc"
JURISDICTION = "un"
PUBLISHER = "United Nations Security Council"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
ROOT = "CONSOLIDATED_LIST"
CONTAINERS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}

Element = etree._Element

# Fields of a record that the record-level code reads itself; anything else is noted.
_RECORD_FIELDS = frozenset(
    {
        "DATAID",
        "VERSIONNUM",
        "FIRST_NAME",
        "SECOND_NAME",
        "THIRD_NAME",
        "FOURTH_NAME",
        "NAME_ORIGINAL_SCRIPT",
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "GENDER",
        "COMMENTS1",
        "TITLE",
        "DESIGNATION",
        "NATIONALITY",
        "LIST_TYPE",
        "LAST_DAY_UPDATED",
        "SORT_KEY",
        "SORT_KEY_LAST_MOD",
    }
)
_NAME_PARTS = (
    ("FIRST_NAME", "firstName"),
    ("SECOND_NAME", "secondName"),
    ("THIRD_NAME", "middleName"),
    ("FOURTH_NAME", "lastName"),
)
_ALIAS_PROPS = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}

_IMO_IN_TEXT = re.compile(r"\bIMO\)?(?:\s+Number)?\s*:?\s*(\d{7})\b", re.I)
_COMPANY_IMO = re.compile(r"company\s+number\s+IMO", re.I)
_ORG_WORDS = re.compile(
    r"\b(co|company|compagnie|corp|corporation|ltd|limited|inc|llc|jv|pte|plc|gmbh|sa|"
    r"shipping|shpg|maritime|management|trading|group|lines?|bank|agency|department|"
    r"network|organi[sz]ation|front|movement|brigade|association|foundation|"
    r"airlines?|airways|aviation|aerienne|enterprise|industries|international)\b",
    re.I,
)
_VESSEL_WORDS = re.compile(
    r"\b(vessel|tanker|ship|freighter|bulk carrier|cargo ship|M/V|MV|flagged)\b", re.I
)
_AIRCRAFT_WORDS = re.compile(r"\b(aircraft|airplane|aeroplane|jet)\b", re.I)
_AIRCRAFT_MARK = re.compile(
    r"\b(?:registration|tail number|serial number|MSN)\b\D{0,20}([A-Z0-9]{1,2}-[A-Z0-9]{3,5})"
)

# Identifiers that COMMENTS1 states with a label; the full comment stays the reason.
_COMMENT_IDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("swiftBic", re.compile(r"\bSWIFT(?:/BIC)?\s*:?\s*([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b")),
    ("email", re.compile(r"\b([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")),
    ("website", re.compile(r"\bWebsite\s*:\s*(\S+?)[);,]?(?:\s|$)", re.I)),
    ("taxNumber", re.compile(r"\bTax Number\s*:?\s*([A-Z0-9][\w-]*\d[\w-]*)", re.I)),
    (
        "registrationNumber",
        re.compile(r"\b(?:registration|company) number\s*:?\s*([A-Z0-9]*\d[A-Z0-9-]*)", re.I),
    ),
)

_PASSPORT = re.compile(r"pass(?:e)?port|pasaporte|laissez-passer", re.I)
_SSN = re.compile(r"social security|\bSSN\b", re.I)
_TAX = re.compile(r"fiscal code|\btax\b", re.I)
_NUMBER_TOKEN = re.compile(r"^[A-Z0-9][A-Z0-9./°-]*$")
_SERIES_PREFIX = re.compile(r"[A-Z]{1,3}(?:-[A-Z]{1,2})?-?")
_LABELLED_NUMBER = re.compile(
    r"(?:number|\bno\.|\bcode:|\bSSN|\bcard)\s*:?\s*"
    r"((?:[A-Z]{1,3}[- ]{0,2})?\d[\dA-Z/-]*|[A-Z0-9]*\d[A-Z0-9]*)",
    re.I,
)
_LEADING_NUMBER = re.compile(r"^([A-Z0-9]*\d[A-Z0-9/-]*)\b")
_DATE_TEXT = r"(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\.?,?\s*\d{4}|[A-Za-z]+\.?\s+\d{1,2},\s*\d{4})"
_EXPIRY = re.compile(
    r"(?:expir\w*|valid until|exp\.)(?:\s+(?:on|date|of))*\s*:?\s*" + _DATE_TEXT, re.I
)
_ISSUED_ON = re.compile(r"(?:issued|date of issue)(?:\s+on)?\s*:?\s*" + _DATE_TEXT, re.I)
_ISSUED_BY = re.compile(
    r"issued by (?:the )?(.+?)(?=,\s*(?:expir|valid|issued|in\b|on\b|cancel)"
    r"|\s+(?:on\s+\d|with\s|and\s+expir)|[;.](?:\s|$)|$)",
    re.I,
)
_ALIAS_PARENS = re.compile(r"(.+?)\s*\((original script:\s*)?([^()]+)\)\s*,?")
_ARABIC_NAME = re.compile(r"In Arabic:\s*(.+)$", re.I | re.S)


def _local(tag: object) -> str:
    """Tag name without namespace; '' for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1] if tag[0] == "{" else tag


def _text(el: Element | None) -> str | None:
    """The element's text with whitespace collapsed, or None when blank."""
    if el is None:
        return None
    text = " ".join("".join(str(t) for t in el.itertext()).split())
    return text or None


def _children(el: Element) -> list[Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _values(el: Element) -> list[str]:
    """The VALUE children of a list field (TITLE, NATIONALITY, ...), or its own text."""
    kids = _children(el)
    if not kids:
        text = _text(el)
        return [text] if text else []
    return [t for c in kids if (t := _text(c))]


def _fields(el: Element) -> dict[str, list[str]]:
    """Child texts by tag, in document order; blank children are left out."""
    out: dict[str, list[str]] = {}
    for child in _children(el):
        text = _text(child)
        if text:
            out.setdefault(_local(child.tag), []).append(text)
    return out


def _first(fields: dict[str, list[str]], tag: str) -> str | None:
    values = fields.get(tag)
    return values[0] if values else None


_XS_OFFSET = re.compile(r"(?<=\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})$")


def _xs_date(value: str) -> str:
    """An xs:date without its time-zone suffix ("2015-07-01-04:00" -> "2015-07-01")."""
    return _XS_OFFSET.sub("", value.strip())


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> ParseError:
    line = exc.lineno if exc.lineno else None
    return ParseError(path, f"invalid XML: {exc.msg}", position=f"line {line}" if line else None)


def _doc_number(text: str) -> str | None:
    """The number inside a printed document number ("Libyan passport No. 513519").

    Keeps space-separated prefixes that are part of the number ("PS 472330208",
    "D 000974") and drops labels, country names and trailing remarks.
    """
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip())
    text = re.sub(r"(\d)\s+No\.\s*(?=\d)", r"\1 ", text)  # "8208 No. 555627": series, number
    text = re.sub(r",\s*[^\d,]+$", "", text)
    tokens = text.split()
    kept: list[str] = []
    for token in reversed(tokens):
        if not _NUMBER_TOKEN.match(token):
            break
        kept.insert(0, token)
    while len(kept) > 1 and not any(ch.isdigit() for ch in kept[0]):
        # Short letter groups are series prefixes ("PS", "TR-P"); longer ones are labels.
        if _SERIES_PREFIX.fullmatch(kept[0]):
            break
        kept.pop(0)
    number = " ".join(kept).strip(" .:")
    if number and any(ch.isdigit() for ch in number):
        return number
    return None


def _number_in_text(text: str | None) -> str | None:
    """A document number written inside a type or note ("tazkira) number 545167")."""
    if not text:
        return None
    if m := _LABELLED_NUMBER.search(text):
        return m.group(1).strip(" -")
    if m := _LEADING_NUMBER.match(text.strip()):
        return m.group(1)
    return None


def _split_alias(name: str) -> list[str]:
    """Names printed together as "Latin (original script)" or "Arabic (Latin; Latin)".

    Parentheses in the same script are part of the name ("Lom-ali Butayev (Butaev)",
    "Al-Qaida in Yemen (AQY)") and stay whole.
    """
    m = _ALIAS_PARENS.fullmatch(name.strip())
    if m is None:
        return [name]
    outer, labelled, inner = m.groups()
    outer_script, inner_script = _script_of(outer), _script_of(inner)
    if labelled or (outer_script and inner_script and outer_script != inner_script):
        return [outer, *(part.strip() for part in inner.split(";") if part.strip())]
    return [name]


def _script_of(text: str) -> str | None:
    """The Unicode script a name is written in (ARABIC, CYRILLIC, ...), for notes."""
    scripts = {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}
    return scripts.pop() if len(scripts) == 1 else None


class _Record:
    """Turns one INDIVIDUAL or ENTITY element into its target, documents and sanction."""

    def __init__(self, emitter: Emitter, path: Path, el: Element, kind: str) -> None:
        self.emitter = emitter
        self.path = path
        self.el = el
        self.kind = kind
        self.line = f"line {el.sourceline}"
        self.docs: dict[str, StatementEntity] = {}

    def error(self, message: str, field: str) -> ParseError:
        return ParseError(self.path, message, position=self.line, field=field)

    def build(self, seen: set[str]) -> list[StatementEntity]:
        el, emitter = self.el, self.emitter
        fields = _fields(el)
        dataid = _first(fields, "DATAID")
        if dataid is None:
            raise self.error(f"{self.kind} without DATAID", "DATAID")
        if dataid in seen:
            raise self.error(f"duplicate DATAID {dataid}", "DATAID")
        seen.add(dataid)
        self.dataid = dataid

        parts = [(_first(fields, tag), prop) for tag, prop in _NAME_PARTS]
        full_name = " ".join(p for p, _ in parts if p)
        if not full_name:
            raise self.error(f"{self.kind} {dataid} has no name", "FIRST_NAME")
        comments = _first(fields, "COMMENTS1")
        schema = "Person" if self.kind == "INDIVIDUAL" else self._entity_schema(el, comments)
        entity = emitter.make(schema, dataid)
        self.entity = entity

        emitter.add(entity, "name", full_name)
        if schema == "Person":
            for value, prop in parts:
                emitter.add(entity, prop, value)
        else:
            for value, prop in parts[1:]:
                if value:
                    emitter.note(entity, prop, value)
        for original in fields.get("NAME_ORIGINAL_SCRIPT", []):
            emitter.add(entity, "alias", original)
            if script := _script_of(original):
                emitter.note(entity, "nameScript", f"{original} ({script.title()})")
        ref = _first(fields, "REFERENCE_NUMBER")
        if ref:
            emitter.note(entity, "unscId", ref)
        for version in fields.get("VERSIONNUM", []):
            emitter.note(entity, "versionNum", version)
        for gender in fields.get("GENDER", []):
            emitter.add(entity, "gender", gender)
        for tag in ("SORT_KEY", "SORT_KEY_LAST_MOD"):
            for value in fields.get(tag, []):
                emitter.note(entity, tag.lower(), value)
        if comments:
            self._comment_ids(comments)

        list_types: list[str] = []
        updated: list[str] = []
        for child in _children(el):
            tag = _local(child.tag)
            if tag == "TITLE":
                self._add_values(child, "title")
            elif tag == "DESIGNATION":
                self._add_values(child, "position")
            elif tag == "NATIONALITY":
                self._add_values(child, "nationality")
            elif tag == "LIST_TYPE":
                list_types.extend(_values(child))
            elif tag == "LAST_DAY_UPDATED":
                updated.extend(_values(child))
            elif tag.endswith("_ALIAS"):
                self._alias(child)
            elif tag.endswith("_ADDRESS"):
                self._address(child)
            elif tag.endswith("_DATE_OF_BIRTH"):
                self._birth_date(child)
            elif tag.endswith("_PLACE_OF_BIRTH"):
                self._birth_place(child)
            elif tag.endswith("_DOCUMENT"):
                self._document(child)
            elif tag not in _RECORD_FIELDS and (text := _text(child)):
                emitter.note(entity, tag, text)

        sanction = self._sanction(fields, ref, comments, list_types, updated)
        return [entity, *self.docs.values(), sanction]

    def _entity_schema(self, el: Element, comments: str | None) -> str:
        """Organization, unless the record itself is clearly a ship or an aircraft."""
        name = _text(el.find("FIRST_NAME")) or ""
        text = comments or ""
        if _ORG_WORDS.search(name) or _COMPANY_IMO.search(text):
            return "Organization"
        if _IMO_IN_TEXT.search(text) and _VESSEL_WORDS.search(text):
            return "Vessel"
        if _AIRCRAFT_WORDS.search(text) and _AIRCRAFT_MARK.search(text):
            return "Airplane"
        return "Organization"

    def _add_values(self, el: Element, prop: str) -> None:
        for value in _values(el):
            self.emitter.add(self.entity, prop, value)

    def _add_found(self, prop: str, value: str, original: str) -> None:
        """Add an identifier found in free text only when the property accepts it."""
        schema_prop = self.entity.schema.get(prop)
        if schema_prop is not None and schema_prop.type.clean_text(value) is not None:
            self.emitter.add(self.entity, prop, value, original=original)

    def _comment_ids(self, comments: str) -> None:
        for m in _IMO_IN_TEXT.finditer(comments):
            if number := imo(m.group(1)):
                self._add_found("imoNumber", number, m.group(0))
        for prop, pattern in _COMMENT_IDS:
            for m in pattern.finditer(comments):
                self._add_found(prop, m.group(1), m.group(0))
        if self.entity.schema.name == "Airplane":
            for m in _AIRCRAFT_MARK.finditer(comments):
                self._add_found("registrationNumber", m.group(1), m.group(0))

    def _alias(self, el: Element) -> None:
        emitter, entity = self.emitter, self.entity
        f = _fields(el)
        name = _first(f, "ALIAS_NAME")
        quality = _first(f, "QUALITY") or ""
        known = {"ALIAS_NAME", "QUALITY", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH"}
        known |= {"COUNTRY_OF_BIRTH"}
        if name is None:
            # A nameless alias carries nothing to match on; keep whatever else it says.
            for tag, values in f.items():
                for value in values:
                    if tag != "QUALITY":
                        emitter.note(entity, f"alias.{tag}", value)
            return
        prop = _ALIAS_PROPS.get(quality.lower())
        if prop is None:
            prop = "alias"
            if quality:
                emitter.note(entity, "aliasQuality", f"{name}: {quality}")
        for part in _split_alias(name):
            emitter.add(entity, prop, part, original=name)
        details: list[str] = []
        for dob in f.get("DATE_OF_BIRTH", []):
            details.append(f"born {dob}")
            self._date(entity, "birthDate", dob)
        city = _first(f, "CITY_OF_BIRTH")
        country = _first(f, "COUNTRY_OF_BIRTH")
        place = ", ".join(p for p in (city, country) if p)
        if place:
            details.append(f"in {place}")
            if entity.schema.get("birthPlace"):
                emitter.add(entity, "birthPlace", place)
                emitter.add(entity, "birthCountry", country)
        if details:
            emitter.note(entity, "aliasBirth", f"{name}: {' '.join(details)}")
        for note in f.get("NOTE", []):
            emitter.note(entity, "aliasNote", f"{name}: {note}")
            if m := _ARABIC_NAME.search(note):
                emitter.add(entity, prop, m.group(1), lang="ara", original=note)
        for tag, values in f.items():
            if tag not in known:
                for value in values:
                    emitter.note(entity, f"alias.{tag}", value)

    def _place(self, f: dict[str, list[str]], tags: tuple[str, ...]) -> str | None:
        parts: list[str] = []
        for tag in tags:
            for value in f.get(tag, []):
                if value not in parts:
                    parts.append(value)
        return ", ".join(parts) or None

    def _address(self, el: Element) -> None:
        emitter, entity = self.emitter, self.entity
        f = _fields(el)
        tags = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        full = self._place(f, tags)
        if full:
            emitter.add(entity, "address", full)
        for country in f.get("COUNTRY", []):
            emitter.add(entity, "country", country)
        for note in f.get("NOTE", []):
            emitter.note(entity, "address", f"{full}: {note}" if full else note)
        for tag, values in f.items():
            if tag not in tags and tag != "NOTE":
                for value in values:
                    emitter.note(entity, f"address.{tag}", value)

    def _birth_place(self, el: Element) -> None:
        emitter, entity = self.emitter, self.entity
        f = _fields(el)
        tags = ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
        place = self._place(f, tags)
        has_props = entity.schema.get("birthPlace") is not None
        if place:
            if has_props:
                emitter.add(entity, "birthPlace", place)
            else:
                emitter.note(entity, "birthPlace", place)
        for country in f.get("COUNTRY", []):
            if has_props:
                emitter.add(entity, "birthCountry", country)
        for note in f.get("NOTE", []):
            emitter.note(entity, "birthPlace", f"{place}: {note}" if place else note)
        for tag, values in f.items():
            if tag not in tags and tag != "NOTE":
                for value in values:
                    emitter.note(entity, f"birthPlace.{tag}", value)

    def _birth_date(self, el: Element) -> None:
        """Dates of birth of every TYPE_OF_DATE, keeping the printed wording.

        APPROXIMATELY and BETWEEN are written out ("approximately 1966", "between 1973
        and 1974") so the statement's original value says how exact the date is.
        """
        emitter, entity = self.emitter, self.entity
        f = _fields(el)
        kind = (_first(f, "TYPE_OF_DATE") or "").upper()
        date, year = _first(f, "DATE"), _first(f, "YEAR")
        start, end = _first(f, "FROM_YEAR"), _first(f, "TO_YEAR")
        notes = f.get("NOTE", [])
        approximate = kind == "APPROXIMATELY"
        if any(n.strip(" .").lower() in ("approximately", "approx", "circa") for n in notes):
            approximate = True
            notes = [n for n in notes if n.strip(" .").lower() not in ("approximately", "approx")]
        if start and end:
            wording: str | None = f"between {start} and {end}"
        else:
            wording = date or year or start or end
        known = {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"}
        for tag, values in f.items():
            if tag not in known:
                for value in values:
                    emitter.note(entity, f"birthDate.{tag}", value)
        prop = "birthDate"
        if entity.schema.get(prop) is None:
            for printed in (wording, *notes):
                if printed:
                    emitter.note(entity, prop, printed)
            return
        if wording is None:
            for note in notes:
                if "hijri" in note.lower():
                    # A Hijri day would be misread as a Gregorian year 1402.
                    emitter.note(entity, prop, note)
                else:
                    self._date(entity, prop, f"approximately {note}" if approximate else note)
            return
        if approximate:
            wording = f"approximately {wording}"
        if year and not date and len(notes) == 1:
            # "Sep." printed next to YEAR 1958 means September 1958.
            combined = f"{notes[0]} {year}"
            parsed = parse_date(combined)
            if len(parsed.values) == 1 and len(parsed.values[0]) > 4:
                self._date(entity, prop, f"approximately {combined}" if approximate else combined)
                return
        self._date(entity, prop, wording)
        for note in notes:
            emitter.note(entity, prop, f"{wording}: {note}")

    def _document(self, el: Element) -> None:
        emitter, entity = self.emitter, self.entity
        f = _fields(el)
        if not f:
            return
        type1, type2 = _first(f, "TYPE_OF_DOCUMENT"), _first(f, "TYPE_OF_DOCUMENT2")
        raw, note = _first(f, "NUMBER"), _first(f, "NOTE")
        number, source = (_doc_number(raw), raw) if raw else (None, None)
        if raw is None:
            for candidate in (type2, note):
                if number := _number_in_text(candidate):
                    source = candidate
                    break
        if raw is not None and number is None:
            number, source = raw, raw
        wording = " ".join(t for t in (type1, type2, raw, note) if t)
        is_passport = bool(_PASSPORT.search(type1 or type2 or ""))
        if _SSN.search(wording):
            prop = "socialSecurityNumber"
        elif _TAX.search(wording):
            prop = "taxNumber"
        elif is_passport:
            prop = "passportNumber"
        else:
            prop = "idNumber"
        if entity.schema.get(prop) is None:
            prop = "idNumber" if entity.schema.get("idNumber") else "registrationNumber"

        is_person = entity.schema.name == "Person"
        schema = "Passport" if is_passport and is_person else "Identification"
        # One entity per document number: the UN repeats a passport in French and Spanish.
        key = slug(number) if number else f"n{len(self.docs) + 1}"
        doc = emitter.make(schema, self.dataid, schema.lower(), key)
        doc_id = str(doc.id)
        if doc_id in self.docs:
            doc = self.docs[doc_id]
        else:
            self.docs[doc_id] = doc
            emitter.add(doc, "holder", entity.id)
        if number and entity.schema.get(prop) is not None:
            emitter.add(entity, prop, number, original=source)
            emitter.add(doc, "number", number, original=source)
        for value in (type1, type2):
            if value:
                emitter.add(doc, "type", value.rstrip(" :"))
        for tag in ("ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"):
            for country in f.get(tag, []):
                self._doc_add(doc, "country", country)
        for city in f.get("CITY_OF_ISSUE", []):
            emitter.add(doc, "description", f"Place of issue: {city}")
        issued = _first(f, "DATE_OF_ISSUE")
        if issued:
            self._date(doc, "startDate", issued)
        if note:
            emitter.add(doc, "summary", note)
            if m := _EXPIRY.search(note):
                self._date(doc, "endDate", m.group(1), original=note)
            if issued is None and (m := _ISSUED_ON.search(note)):
                self._date(doc, "startDate", m.group(1), original=note)
            if m := _ISSUED_BY.search(note):
                emitter.add(doc, "authority", m.group(1), original=note)
        known = {"TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "NOTE", "DATE_OF_ISSUE"}
        known |= {"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE", "CITY_OF_ISSUE"}
        for tag, values in f.items():
            if tag not in known:
                for value in values:
                    emitter.note(entity, f"document.{tag}", value)

    def _doc_add(self, doc: StatementEntity, prop: str, value: str) -> None:
        """Documents have no notes; a value their property rejects is noted on the holder."""
        schema_prop = doc.schema.get(prop)
        if schema_prop is None or schema_prop.type.clean_text(value) is None:
            self.emitter.note(self.entity, f"{doc.schema.name}.{prop}", value)
        else:
            self.emitter.add(doc, prop, value)

    def _date(
        self, entity: StatementEntity, prop: str, value: str, original: str | None = None
    ) -> bool:
        """Add every date a value holds, keeping the printed wording as original.

        Accepts xs:date time-zone suffixes ("2015-07-01-04:00") and US dates with a
        comma ("October 19, 2020"). An unreadable value is noted on the target, since
        Sanction and document entities have no notes.
        """
        text = _xs_date(value)
        text = re.sub(r"^([A-Za-z]+\.?\s+\d{1,2}),(\s*\d{4})$", r"\1\2", text)
        parsed = parse_date(text)
        if not parsed:
            label = prop if entity is self.entity else f"{entity.schema.name}.{prop}"
            self.emitter.note(self.entity, label, original or value)
            return False
        for iso in parsed.values:
            self.emitter.add(entity, prop, iso, original=original or value)
        return True

    def _sanction(
        self,
        fields: dict[str, list[str]],
        ref: str | None,
        comments: str | None,
        list_types: list[str],
        updated: list[str],
    ) -> StatementEntity:
        emitter, entity = self.emitter, self.entity
        sanction = emitter.sanction(
            entity,
            _first(fields, "UN_LIST_TYPE"),
            source_ref=ref,
            unsc_id=ref,
            reason=comments,
        )
        # Dates go through _date: xs:date offsets, and Sanction cannot hold a note.
        for listed in fields.get("LISTED_ON", []):
            self._date(sanction, "listingDate", listed)
        emitter.add(sanction, "recordId", self.dataid)
        for list_type in list_types:
            emitter.add(sanction, "summary", list_type)
        for value in updated:
            self._date(sanction, "modifiedAt", value)
        return sanction


def _raw(el: Element) -> str:
    return etree.tostring(el, encoding="unicode")[:4000]


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Stream the entities of a consolidated.xml file (plain or gzipped).

    Raises ParseError for invalid XML, a wrong root element, a record without DATAID or
    name, a duplicate DATAID and an empty file; errors may surface mid-iteration.
    """
    path = Path(path)
    report = report if report is not None else ParseReport()
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file", position="line 1")
    emitter = Emitter(
        source_name(path), PREFIX, path, report, jurisdiction=JURISDICTION, authority=PUBLISHER
    )
    seen: set[str] = set()
    depth = 0
    root_seen = False
    with _open(path) as fh:
        try:
            events = etree.iterparse(
                fh, events=("start", "end"), remove_comments=True, resolve_entities=False
            )
            for event, el in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        root_seen = True
                        tag = _local(el.tag)
                        if tag != ROOT:
                            raise ParseError(
                                path,
                                f"root element is <{tag}>, expected <{ROOT}>",
                                position=f"line {el.sourceline}",
                                field=tag,
                            )
                    continue
                depth -= 1
                if depth > 2:
                    continue
                tag = _local(el.tag)
                if depth == 2:
                    parent = _local(el.getparent().tag)
                    if parent not in CONTAINERS:
                        continue  # rejected whole with its unknown container
                    if CONTAINERS[parent] == tag:
                        report.records += 1
                        yield from _Record(emitter, path, el, tag).build(seen)
                    else:
                        reason = f"unexpected <{tag}> in <{parent}>"
                        report.reject(path.name, el.sourceline or 0, reason, _raw(el))
                    _release(el)
                elif depth == 1:
                    if tag not in CONTAINERS:
                        report.reject(
                            path.name, el.sourceline or 0, f"unexpected <{tag}>", _raw(el)
                        )
                    _release(el)
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(path, exc) from exc
    if not root_seen:
        raise ParseError(path, "no XML root element", position="line 1")


def _release(el: Element) -> None:
    """Free a processed element and its already-processed siblings."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def source_name(path: Path) -> str:
    return NAME


def published(path: Path) -> str | None:
    """The date part of CONSOLIDATED_LIST/@dateGenerated, read from the file's root."""
    path = Path(path)
    with _open(path) as fh:
        try:
            for _, el in etree.iterparse(fh, events=("start",), resolve_entities=False):
                stamp = el.get("dateGenerated")
                if not stamp:
                    return None
                parsed = parse_date(stamp.strip())
                return parsed.values[0] if parsed else None
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(path, exc) from exc
    return None


_SNIFF_ROOT = re.compile(r"<CONSOLIDATED_LIST[\s>]")
_SNIFF_BODY = re.compile(r"<(?:INDIVIDUALS|ENTITIES)[\s>/]|sc-sanctions\.xsd|dateGenerated=")


def sniff(head: Head) -> bool:
    """The UN root element plus a UN-specific container, schema or attribute."""
    if head.is_dir:
        return False
    return bool(_SNIFF_ROOT.search(head.text) and _SNIFF_BODY.search(head.text))


FORMAT = Format(
    name=NAME,
    title="UN Security Council Consolidated List (XML)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
