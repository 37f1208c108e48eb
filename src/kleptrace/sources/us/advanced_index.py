"""The first pass over an OFAC advanced XML file: everything a party's entities need
that the file keeps outside the party.

Reference values, locations and identity documents sit in their own sections, and the
sanctions entries (program, list, entry date) after all the parties. This pass keeps
them in compact records (raw IDs, resolved only when used, so the sections may come in
any order) while the parties themselves are skipped and cleared; the second pass then
streams the parties. What is kept grows with the number of records, a few hundred bytes
each, never with the size of the parties' XML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kleptrace.sources.us.advanced_xml import (
    child,
    children,
    date_text,
    elements,
    local,
    period_text,
    text,
)

ADDRESS_ORDER = (
    "ADDRESS1",
    "ADDRESS2",
    "ADDRESS3",
    "CITY",
    "STATE/PROVINCE",
    "POSTAL CODE",
    "REGION",
)
"""Location part types in the order an address is written; other types follow."""
SUB_TYPE_SCHEMATA = {"vessel": "Vessel", "aircraft": "Airplane"}
PARTY_TYPE_SCHEMATA = {"individual": "Person", "entity": "LegalEntity"}
"""Party (sub-)type labels -> FtM schema; an 'Entity' is typed further by its identifiers."""


@dataclass(frozen=True)
class Location:
    """A <Location>: its parts as (LocPartTypeID, value) and its country and area IDs."""

    parts: tuple[tuple[str, str], ...]
    country_id: str | None
    area_id: str | None


@dataclass(frozen=True)
class Document:
    """An <IDRegDocument>, with IDs still to resolve."""

    doc_id: str
    type_id: str | None
    number: str | None
    country_id: str | None
    issued_in: str | None
    """IssuedIn-LocationID: where it was issued."""
    validity_id: str | None
    dates: tuple[tuple[str, str], ...]
    """(IDRegDocDateTypeID, printed date): issue and expiration dates."""
    notes: tuple[tuple[str, str], ...]
    """(label, text) of its comment and issuing authority."""


@dataclass(frozen=True)
class Entry:
    """A <SanctionsEntry>: one listing of a profile on one OFAC list."""

    entry_id: str
    list_id: str | None
    dates: tuple[str, ...]
    legal_basis_ids: tuple[str, ...]
    measures: tuple[tuple[str, str | None], ...]
    """(SanctionsTypeID, comment); the comment of a 'Program' measure is the program code."""


@dataclass(frozen=True)
class Profile:
    fixed_ref: str
    sub_type_id: str | None


@dataclass
class Index:
    """Reference values by set and ID, and the records parties point at."""

    references: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    locations: dict[str, Location] = field(default_factory=dict)
    documents: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    """Documents by the IdentityID they belong to."""
    entries: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    """Sanctions entries by ProfileID."""
    profiles: dict[str, Profile] = field(default_factory=dict)
    party_type_of: dict[str, str] = field(default_factory=dict)
    """PartySubType ID -> its PartyTypeID (a sub-type "Unknown" exists per party type)."""

    def label(self, kind: str, ref_id: str | None) -> str | None:
        """The label of reference value `ref_id` in the set of `kind` (e.g. 'FeatureType')."""
        if ref_id is None:
            return None
        return self.references.get(kind, {}).get(ref_id)

    def schema(self, sub_type_id: str | None) -> str | None:
        """The FtM schema of a party's sub-type, or None when the file does not say one."""
        sub_type = (self.label("PartySubType", sub_type_id) or "").lower()
        if sub_type in SUB_TYPE_SCHEMATA:
            return SUB_TYPE_SCHEMATA[sub_type]
        party_type = self.label("PartyType", self.party_type_of.get(sub_type_id or ""))
        return PARTY_TYPE_SCHEMATA.get((party_type or "").lower())

    def address(self, location: Location) -> tuple[str | None, str | None]:
        """(the written address with its country, the country alone) of a location."""
        labelled = [(self.label("LocPartType", t) or "", v) for t, v in location.parts]
        rank = {name: i for i, name in enumerate(ADDRESS_ORDER)}
        ordered = sorted(labelled, key=lambda p: rank.get(p[0].upper(), len(rank)))
        country = self.label("Country", location.country_id)
        area = self.label("AreaCode", location.area_id)
        if country is None and area and area.lower() != "undetermined":
            country = area
        words = [v for _, v in ordered] + ([country] if country else [])
        return (", ".join(words) or None), country


def build_index(path: Path) -> Index:
    """Read everything but the parties' contents, clearing each element once read."""
    index = Index()
    for element in elements(
        path, "ReferenceValueSets", "Location", "IDRegDocument", "DistinctParty", "SanctionsEntry"
    ):
        tag = local(element.tag)
        if tag == "ReferenceValueSets":
            _references(index, element)
        elif tag == "Location" and element.get("ID"):
            index.locations[str(element.get("ID"))] = _location(element)
        elif tag == "IDRegDocument" and element.get("IdentityID"):
            index.documents[str(element.get("IdentityID"))].append(_document(element))
        elif tag == "DistinctParty":
            profile = child(element, "Profile")
            fixed_ref = element.get("FixedRef")
            if profile is not None and profile.get("ID") and fixed_ref:
                index.profiles[str(profile.get("ID"))] = Profile(
                    fixed_ref, profile.get("PartySubTypeID")
                )
        elif tag == "SanctionsEntry" and element.get("ProfileID"):
            index.entries[str(element.get("ProfileID"))].append(_entry(element))
    return index


def _references(index: Index, sets: etree._Element) -> None:
    """Each value's label: its Description where it has one (area codes), else its text."""
    for value_set in sets:
        for value in value_set:
            ref_id = value.get("ID")
            label = value.get("Description") or text(value)
            if ref_id and label:
                index.references[local(value.tag)][ref_id] = label
            if ref_id and value.get("PartyTypeID"):
                index.party_type_of[ref_id] = str(value.get("PartyTypeID"))


def _location(element: etree._Element) -> Location:
    parts: list[tuple[str, str]] = []
    for part in children(element, "LocationPart"):
        values = children(part, "LocationPartValue")
        primary = [v for v in values if v.get("Primary") == "true"] or values[:1]
        for value in primary:
            written = text(child(value, "Value"))
            if written:
                parts.append((part.get("LocPartTypeID") or "", written))
    country = child(element, "LocationCountry")
    area = child(element, "LocationAreaCode")
    return Location(
        tuple(parts),
        country.get("CountryID") if country is not None else None,
        area.get("AreaCodeID") if area is not None else None,
    )


def _document(element: etree._Element) -> Document:
    notes: list[tuple[str, str]] = []
    for name in ("Comment", "IssuingAuthority"):
        written = text(child(element, name))
        if written:
            notes.append((name, written))
    dates = tuple(
        (dated.get("IDRegDocDateTypeID") or "", printed)
        for dated in children(element, "DocumentDate")
        if (printed := period_text(child(dated, "DatePeriod")))
    )
    return Document(
        element.get("ID") or "",
        element.get("IDRegDocTypeID"),
        text(child(element, "IDRegistrationNo")),
        element.get("IssuedBy-CountryID"),
        element.get("IssuedIn-LocationID"),
        element.get("ValidityID"),
        dates,
        tuple(notes),
    )


def _entry(element: etree._Element) -> Entry:
    events = children(element, "EntryEvent")
    dates = tuple(d for e in events if (d := date_text(child(e, "Date"))))
    bases = tuple(b for e in events if (b := e.get("LegalBasisID")))
    measures = tuple(
        (m.get("SanctionsTypeID") or "", text(child(m, "Comment")))
        for m in children(element, "SanctionsMeasure")
    )
    return Entry(element.get("ID") or "", element.get("ListID"), dates, bases, measures)
