"""UN Security Council: identity documents.

Every document becomes a Passport or Identification entity (number, type, issuing
country, issue and expiry dates, note) and its number is also put on the holder
(passportNumber, idNumber, taxNumber, socialSecurityNumber) for matching. Numbers are
cut out of wording such as "CAR diplomatic passport no. D00000898"; the printed text
stays the statement's original value.
"""

from __future__ import annotations

import re

from followthemoney import StatementEntity

from kleptrace.sources.base import slug
from kleptrace.sources.un.sc_fields import Element, Target, fields, first

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
_DOCUMENT_FIELDS = frozenset(
    {
        "TYPE_OF_DOCUMENT",
        "TYPE_OF_DOCUMENT2",
        "NUMBER",
        "NOTE",
        "DATE_OF_ISSUE",
        "ISSUING_COUNTRY",
        "COUNTRY_OF_ISSUE",
        "CITY_OF_ISSUE",
    }
)


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


def _number(raw: str | None, type2: str | None, note: str | None) -> tuple[str | None, str | None]:
    """The document number and the printed text it was read from: NUMBER, else a number
    written in the second type or the note."""
    if raw is not None:
        return _doc_number(raw) or raw, raw
    for candidate in (type2, note):
        if number := _number_in_text(candidate):
            return number, candidate
    return None, None


def _holder_prop(holder: StatementEntity, wording: str, is_passport: bool) -> str:
    """The holder's property for the number, by what the document says it is."""
    if _SSN.search(wording):
        prop = "socialSecurityNumber"
    elif _TAX.search(wording):
        prop = "taxNumber"
    elif is_passport:
        prop = "passportNumber"
    else:
        prop = "idNumber"
    if holder.schema.get(prop) is None:
        prop = "idNumber" if holder.schema.get("idNumber") else "registrationNumber"
    return prop


def _document_entity(target: Target, number: str | None, is_passport: bool) -> StatementEntity:
    """The document's entity, made once per number: the UN repeats a passport in French
    and Spanish."""
    is_person = target.entity.schema.name == "Person"
    schema = "Passport" if is_passport and is_person else "Identification"
    key = slug(number) if number else f"n{len(target.documents) + 1}"
    doc = target.emitter.make(schema, target.dataid, schema.lower(), key)
    doc_id = str(doc.id)
    if doc_id in target.documents:
        return target.documents[doc_id]
    target.documents[doc_id] = doc
    target.emitter.add(doc, "holder", target.entity.id)
    return doc


def _add_checked(target: Target, doc: StatementEntity, prop: str, value: str) -> None:
    """Documents have no notes; a value their property rejects is noted on the holder."""
    schema_prop = doc.schema.get(prop)
    if schema_prop is None or schema_prop.type.clean_text(value) is None:
        target.emitter.note(target.entity, f"{doc.schema.name}.{prop}", value)
    else:
        target.emitter.add(doc, prop, value)


def add_document(target: Target, el: Element) -> None:
    """A *_DOCUMENT element: its entity, and its number on the holder."""
    emitter, entity = target.emitter, target.entity
    f = fields(el)
    if not f:
        return
    type1, type2 = first(f, "TYPE_OF_DOCUMENT"), first(f, "TYPE_OF_DOCUMENT2")
    raw, note = first(f, "NUMBER"), first(f, "NOTE")
    number, source = _number(raw, type2, note)
    wording = " ".join(t for t in (type1, type2, raw, note) if t)
    is_passport = bool(_PASSPORT.search(type1 or type2 or ""))
    prop = _holder_prop(entity, wording, is_passport)
    doc = _document_entity(target, number, is_passport)
    if number and entity.schema.get(prop) is not None:
        emitter.add(entity, prop, number, original=source)
        emitter.add(doc, "number", number, original=source)
    for value in (type1, type2):
        if value:
            emitter.add(doc, "type", value.rstrip(" :"))
    for tag in ("ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"):
        for country in f.get(tag, []):
            _add_checked(target, doc, "country", country)
    for city in f.get("CITY_OF_ISSUE", []):
        emitter.add(doc, "description", f"Place of issue: {city}")
    issued = first(f, "DATE_OF_ISSUE")
    if issued:
        target.add_date(doc, "startDate", issued)
    if note:
        emitter.add(doc, "summary", note)
        if m := _EXPIRY.search(note):
            target.add_date(doc, "endDate", m.group(1), original=note)
        if issued is None and (m := _ISSUED_ON.search(note)):
            target.add_date(doc, "startDate", m.group(1), original=note)
        if m := _ISSUED_BY.search(note):
            emitter.add(doc, "authority", m.group(1), original=note)
    target.note_unknown(f, "document", _DOCUMENT_FIELDS)
