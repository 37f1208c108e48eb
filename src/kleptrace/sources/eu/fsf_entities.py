"""An EU FSF record turned into FtM entities: the target, a Passport or Identification
per identification, and one Sanction per programme.

Every strong nameAlias is a `name` (the EU marks none of them primary); a weak one
(strong="false", or a remark calling it low quality) is a `weakAlias`. Each alias's
language becomes its statements' language. The act that introduced a detail
(regulationSummary) is kept as a note when it is not the entity's own regulation.
Country code "00" (description UNKNOWN) is the EU's "country not known" and adds no
country. Attributes this module does not know are kept as notes named after their
element and attribute; each detail's logicalId and regulationLanguage (the language of
the act's text) are not kept.
"""

from __future__ import annotations

import re

from followthemoney import StatementEntity
from rigour.langs import iso_639_alpha3

from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter
from kleptrace.sources.eu.fsf_record import Detail, Record, whole_name

AUTHORITY = "Council of the European Union"
SCHEMATA = {"person": "Person", "enterprise": "Organization"}
"""subjectType code -> schema; vessels are listed as enterprises."""
CONTACTS = {"PHONE": "phone", "EMAIL": "email", "WEB": "website"}
"""contactInfo key -> property; a FAX and other keys are kept as notes."""
FLAGS = {"diplomatic": "diplomatic", "knownExpired": "known to be expired",
         "knownFalse": "known to be false", "reportedLost": "reported lost",
         "revokedByIssuer": "revoked by the issuer"}  # fmt: skip
UNKNOWN_COUNTRY = "00"
_SKIPPED = {"logicalId", "regulationLanguage"}
_KNOWN = {
    "entity": {"logicalId", "euReferenceNumber", "unitedNationId", "designationDate",
               "designationDetails", "delistingDate"},
    "regulation": {"regulationType", "organisationType", "publicationDate",
                   "entryIntoForceDate", "numberTitle", "programme", "publicationUrl"},
    "nameAlias": {"firstName", "middleName", "lastName", "wholeName", "function", "gender",
                  "title", "nameLanguage", "strong"},
    "citizenship": {"region", "countryIso2Code", "countryDescription"},
    "birthdate": {"circa", "calendarType", "city", "zipCode", "birthdate", "dayOfMonth",
                  "monthOfYear", "year", "yearRangeFrom", "yearRangeTo", "region", "place",
                  "countryIso2Code", "countryDescription"},
    "address": {"street", "city", "zipCode", "poBox", "region", "place", "asAtListingTime",
                "countryIso2Code", "countryDescription"},
    "identification": {"number", "latinNumber", "identificationTypeCode",
                       "identificationTypeDescription", "issuedBy", "issueDate",
                       "validFrom", "validTo", "nameOnDocument", *FLAGS, "region",
                       "countryIso2Code", "countryDescription"},
}  # fmt: skip
"""Attributes read into properties, by element."""
_LOW_QUALITY = re.compile(r"\blow quality\b", re.I)


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")


def _get(attrs: dict[str, str], name: str) -> str:
    return (attrs.get(name) or "").strip()


def _place(attrs: dict[str, str], names: tuple[str, ...]) -> str:
    """The named parts that say something ("-" does not) and the country's name unless
    it is unknown, comma-joined."""
    parts = [_get(attrs, n) for n in names]
    if _get(attrs, "countryIso2Code") != UNKNOWN_COUNTRY:
        parts.append(_get(attrs, "countryDescription"))
    return ", ".join(p for p in parts if p.strip(" -"))


class Builder:
    """Writes one record's entities through the file's Emitter."""

    def __init__(self, em: Emitter, record: Record) -> None:
        self.em = em
        self.record = record
        assert record.subject is not None
        code = _get(record.subject, "code").lower()
        self.entity = em.make(SCHEMATA.get(code, "LegalEntity"), record.logical_id)
        if code not in SCHEMATA:
            em.note(self.entity, "subjectType", code)
        self.acts = {_get(r.attrs, "numberTitle") for r in record.regulations}
        self.documents: list[StatementEntity] = []

    def build(self) -> list[StatementEntity]:
        record, entity = self.record, self.entity
        self.unknown(entity, "entity", record.attrs)
        for remark in record.remarks:
            self.em.note(entity, "remark", remark)
        for key, value in record.extra:
            self.em.note(entity, f"additionalInformation {key}", value)
        for raw in record.unknown:
            self.em.note(entity, "unknown element", raw)
        readers = {"nameAlias": self.alias, "citizenship": self.citizenship,
                   "birthdate": self.birthdate, "address": self.address,
                   "identification": self.identification}  # fmt: skip
        for detail in record.details:
            label = readers[detail.kind](detail)
            self.unknown(entity, detail.kind, detail.attrs)
            for remark in detail.remarks:
                self.em.note(entity, f"{detail.kind} remark", f"{label}: {remark}")
            for key, value in detail.extra:
                self.em.note(entity, f"{detail.kind} {key}", f"{label}: {value}")
            self.act(detail, label)
        return [entity, *self.documents, *self.sanctions()]

    # -- helpers -----------------------------------------------------------------------

    def put(self, entity: StatementEntity, prop: str, value: str, lang: str | None = None) -> None:
        """Add a value, or note it when the schema has no such property."""
        if not value:
            return
        if entity.schema.get(prop) is None:
            self.em.note(entity, prop, value)
        else:
            self.em.add(entity, prop, value, lang=lang)

    def unknown(self, entity: StatementEntity, kind: str, attrs: dict[str, str]) -> None:
        for name, value in attrs.items():
            if name not in _KNOWN[kind] and name not in _SKIPPED and value.strip():
                self.em.note(entity, f"{kind}.{name}", value)

    def country(self, entity: StatementEntity, prop: str, attrs: dict[str, str]) -> None:
        code = _get(attrs, "countryIso2Code")
        if code and code != UNKNOWN_COUNTRY:
            self.put(entity, prop, code)

    def act(self, detail: Detail, label: str) -> None:
        """The act behind a detail, when it is not one of the entity's regulations."""
        summary = detail.regulation
        title = _get(summary, "numberTitle")
        if title and title not in self.acts:
            kind = _get(summary, "regulationType")
            published = _get(summary, "publicationDate")
            url = _get(summary, "publicationUrl")
            text = f"{label}: {title} ({kind}, published {published}) {url}".strip()
            self.em.note(self.entity, f"{detail.kind} regulation", text)

    # -- details -----------------------------------------------------------------------

    def alias(self, detail: Detail) -> str:
        a, entity, em = detail.attrs, self.entity, self.em
        name = whole_name(a)
        weak = _get(a, "strong").lower() == "false" or any(
            _LOW_QUALITY.search(r) for r in detail.remarks
        )
        code = _get(a, "nameLanguage")
        lang = iso_639_alpha3(code) if code else None
        if code and lang is None:
            em.note(entity, "nameLanguage", f"{name}: {code}")
        em.add(entity, "weakAlias" if weak else "name", name, lang=lang)
        is_person = entity.schema.name == "Person"
        for part in ("firstName", "middleName", "lastName"):
            if is_person:
                self.put(entity, part, _get(a, part), lang=lang)
            elif _get(a, part):
                em.note(entity, part, f"{name}: {_get(a, part)}")
        self.put(entity, "title", _get(a, "title"))
        self.put(entity, "position", _get(a, "function"))
        self.put(entity, "gender", _get(a, "gender"))
        return name

    def citizenship(self, detail: Detail) -> str:
        a = detail.attrs
        prop = "nationality" if self.entity.schema.get("nationality") else "country"
        self.country(self.entity, prop, a)
        if _get(a, "region"):
            self.em.note(self.entity, "citizenship region", _get(a, "region"))
        return _get(a, "countryDescription") or _get(a, "countryIso2Code")

    def birthdate(self, detail: Detail) -> str:
        """Full dates, year (and month) only, ranges and circa dates, and the place."""
        a, entity, em = detail.attrs, self.entity, self.em
        wording = _get(a, "birthdate")
        year, month, day = (_get(a, n) for n in ("year", "monthOfYear", "dayOfMonth"))
        if not wording and year:
            wording = year
            if month.isdigit():
                wording += f"-{int(month):02d}" + (f"-{int(day):02d}" if day.isdigit() else "")
        start, end = _get(a, "yearRangeFrom"), _get(a, "yearRangeTo")
        if start and end:
            wording = f"between {start} and {end}"
        elif start or end:
            wording = wording or start or end
        if wording and is_true(a.get("circa")):
            wording = f"approximately {wording}"
        calendar = _get(a, "calendarType").upper()
        has_birth = entity.schema.get("birthDate") is not None
        if wording:
            if calendar not in ("", "GREGORIAN") or not has_birth:
                # An Islamic-calendar year read as Gregorian would be wrong by centuries.
                em.note(entity, "birthDate", f"{wording} ({calendar or 'no calendar'})")
            else:
                em.add_date(entity, "birthDate", wording, day_first=False)
        place = _place(a, ("city", "place", "zipCode", "region"))
        self.put(entity, "birthPlace", place)
        if has_birth:
            self.country(entity, "birthCountry", a)
        return wording or place

    def address(self, detail: Detail) -> str:
        a, entity, em = detail.attrs, self.entity, self.em
        full = _place(a, ("street", "poBox", "zipCode", "city", "region", "place"))
        self.put(entity, "address", full)
        self.country(entity, "country", a)
        if is_true(a.get("asAtListingTime")):
            em.note(entity, "address as at listing time", full)
        for key, value in detail.contacts:
            prop = CONTACTS.get(key.upper())
            if prop is None:
                em.note(entity, f"contactInfo {key}".strip(), value)
            else:
                self.put(entity, prop, value)
        return full

    def identification(self, detail: Detail) -> str:
        """A Passport or Identification entity, and the number on its holder."""
        a, entity, em = detail.attrs, self.entity, self.em
        code = _get(a, "identificationTypeCode")
        number = _get(a, "number") or _get(a, "latinNumber")
        schema = "Passport" if code.lower() == "passport" else "Identification"
        key = _get(a, "logicalId") or number or str(len(self.documents) + 1)
        doc = em.make(schema, self.record.logical_id, "id", key)
        em.add(doc, "holder", entity.id)
        for value in {_get(a, "number"), _get(a, "latinNumber")} - {""}:
            em.add(doc, "number", value)
        kind = identifiers.coded("eu_fsf", code)  # identificationTypeCode, in identifiers.yml
        if kind is None:
            em.note(entity, "identificationTypeCode", f"{number}: {code}")
        choices = kind.properties(number) if kind else []
        held = [(p, v) for p, v in choices if entity.schema.get(p) is not None]
        prop, value = held[0] if held else ("idNumber", number)  # a number fitting no property
        self.put(entity, prop, value)
        em.add(doc, "type", _get(a, "identificationTypeDescription") or code)
        em.add(doc, "authority", _get(a, "issuedBy"))
        self.country(doc, "country", a)
        for date in ("issueDate", "validFrom"):
            em.add_date(doc, "startDate", _get(a, date), day_first=False)
        em.add_date(doc, "endDate", _get(a, "validTo"), day_first=False)
        em.add(doc, "namesMentioned", _get(a, "nameOnDocument"))
        for flag, wording in FLAGS.items():
            if is_true(a.get(flag)):
                em.add(doc, "description", wording)
        if _get(a, "region"):
            em.note(doc, "region", _get(a, "region"))
        self.documents.append(doc)
        return f"{code} {number}".strip()

    # -- designation -------------------------------------------------------------------

    def sanctions(self) -> list[StatementEntity]:
        """One Sanction per programme, carrying each of its regulations."""
        a, em = self.record.attrs, self.em
        designated = _get(a, "designationDate")
        found: dict[str, StatementEntity] = {}
        for regulation in self.record.regulations:
            r = regulation.attrs
            programme = _get(r, "programme")
            sanction = found.get(programme)
            if sanction is None:
                sanction = found[programme] = em.sanction(
                    self.entity,
                    programme or None,
                    listing_date=designated or None,
                    source_ref=_get(a, "euReferenceNumber") or None,
                    unsc_id=_get(a, "unitedNationId") or None,
                    reason=_get(a, "designationDetails") or None,
                    key=programme,
                )
                em.add(sanction, "recordId", self.record.logical_id)
                em.add_date(sanction, "endDate", _get(a, "delistingDate"), day_first=False)
            published = _get(r, "publicationDate")
            if not designated and _get(r, "regulationType").lower() == "regulation":
                em.add_date(sanction, "listingDate", published, day_first=False)
            em.add_date(sanction, "startDate", _get(r, "entryIntoForceDate"), day_first=False)
            em.add_date(sanction, "modifiedAt", published, day_first=False)
            em.add(sanction, "sourceUrl", _get(r, "publicationUrl"))
            summary = (
                f"{_get(r, 'regulationType')} {_get(r, 'numberTitle')} "
                f"({_get(r, 'organisationType')}), published {published}, "
                f"in force {_get(r, 'entryIntoForceDate')}"
            )
            em.add(sanction, "summary", summary)
            for fix in regulation.corrigenda:
                title, date = _get(fix, "numberTitle"), _get(fix, "publicationDate")
                em.add(sanction, "summary", f"corrigendum {title}, published {date}")
                em.add(sanction, "sourceUrl", _get(fix, "publicationUrl"))
            for remark in regulation.remarks:
                em.note(sanction, "regulation remark", remark)
            for key, value in regulation.extra:
                em.note(sanction, f"regulation {key}", value)
            self.unknown(sanction, "regulation", r)
        return list(found.values())
