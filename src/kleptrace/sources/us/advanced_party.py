"""One <DistinctParty> of OFAC advanced XML as FtM entities: the target with its names,
features and documents, and one Sanction per program it is listed under.

Every ID is resolved through the file's reference values. Feature and document types are
the labels OFAC prints in the remarks of its other forms ("Website", "Passport",
"Executive Order 13662 Directive Determination -"), so they go through the same
identifier table (data/ofac_id_types.yml) and FactWriter as sdn.csv and sdn.xml, and the
same value lands in the same property whichever form was loaded. A label or reference
the file or the table does not know is kept as a labelled note, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.sources.base import Emitter
from kleptrace.sources.us.advanced_index import Document, Index
from kleptrace.sources.us.advanced_xml import child, children, is_true, period_text, text
from kleptrace.sources.us.ofac_facts import Applied, FactWriter
from kleptrace.sources.us.ofac_remarks import Fact, id_fact, parse_remarks

NAME_PARTS = {
    "last name": "lastName",
    "first name": "firstName",
    "middle name": "middleName",
    "patronymic": "fatherName",
    "matronymic": "motherName",
}
"""Name part types that have a Person property; others still make up the full name."""
ALIAS_PROPS = {"a.k.a.": "alias", "f.k.a.": "previousName", "n.k.a.": "alias", "name": "alias"}
"""Alias type -> property. The one Primary alias of the primary identity (type 'Name') is
`name`, whatever its type; a weak (LowQuality) a.k.a. is `weakAlias`."""


class BrokenParty(ValueError):
    """A DistinctParty that cannot become an entity; the caller keeps it verbatim."""


@dataclass
class Party:
    """What a party's features and documents hold, before its schema is known."""

    facts: list[Fact] = field(default_factory=list)
    addresses: list[tuple[str | None, str | None]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


def party_entities(
    emitter: Emitter, index: Index, element: etree._Element
) -> Iterator[StatementEntity]:
    """The target, its documents, wallets and Sanctions; BrokenParty when it has no
    FixedRef, Profile or name. The party's Comment is OFAC's remarks, read as in sdn.csv."""
    fixed_ref = element.get("FixedRef") or ""
    if not fixed_ref.isdigit():
        raise BrokenParty(f"DistinctParty FixedRef {fixed_ref!r} is not a number")
    profile = child(element, "Profile")
    if profile is None or not profile.get("ID"):
        raise BrokenParty("DistinctParty without a Profile (or a Profile without ID)")
    base = index.schema(profile.get("PartySubTypeID"))
    party = _read(index, profile)
    party.facts.extend(parse_remarks(text(child(element, "Comment"))))
    writer = FactWriter(emitter)
    entity = emitter.make(writer.schema_for(base or "LegalEntity", party.facts), fixed_ref)
    if not _names(emitter, index, entity, profile):
        raise BrokenParty("DistinctParty without a primary name (Alias Primary='true')")
    if base is None:
        sub_type = index.label("PartySubType", profile.get("PartySubTypeID"))
        emitter.note(
            entity, "party type", sub_type or f"PartySubTypeID {profile.get('PartySubTypeID')}"
        )
    applied = writer.apply(entity, party.facts, Applied())
    for address, country in party.addresses:
        emitter.add(entity, "address", address)
        if country:
            writer.put(entity, ("country",), country, label="address country")
    for label, value in party.notes:
        emitter.note(entity, label, value)
    for name in applied.links:
        emitter.note(entity, "Linked To", name)
    yield entity
    yield from applied.extras.values()
    yield from _sanctions(emitter, index, entity, fixed_ref, str(profile.get("ID")), applied)


def _names(
    emitter: Emitter, index: Index, entity: StatementEntity, profile: etree._Element
) -> bool:
    """Every alias spelling as name, alias, weakAlias or previousName; True when the party
    has its primary name. A person's primary Latin name also gives its name parts."""
    person = entity.schema.name == "Person"
    named = False
    for identity in children(profile, "Identity"):
        groups = {
            str(g.get("ID")): (index.label("NamePartType", g.get("NamePartTypeID")) or "")
            for g in identity.iter("{*}NamePartGroup")
        }
        for alias in children(identity, "Alias"):
            kind = (index.label("AliasType", alias.get("AliasTypeID")) or "").lower()
            primary = is_true(alias, "Primary") and is_true(identity, "Primary")
            for documented in children(alias, "DocumentedName"):
                parts = [
                    (groups.get(str(v.get("NamePartGroupID")), "").lower(), value)
                    for v in documented.iter("{*}NamePartValue")
                    if (value := text(v))
                ]
                name = _full_name(parts, person)
                if not name:
                    continue
                if primary:
                    named = emitter.add(entity, "name", name) or named
                    status = index.label("DocNameStatus", documented.get("DocNameStatusID"))
                    if person and (status or "").lower() == "primary latin":
                        for part, value in parts:
                            if part in NAME_PARTS:
                                emitter.add(entity, NAME_PARTS[part], value)
                elif kind in ALIAS_PROPS:
                    weak = kind == "a.k.a." and is_true(alias, "LowQuality")
                    emitter.add(entity, "weakAlias" if weak else ALIAS_PROPS[kind], name)
                else:
                    label = kind or f"AliasTypeID {alias.get('AliasTypeID')}"
                    emitter.note(entity, f"alias ({label})", name)
    return named


def _full_name(parts: list[tuple[str, str]], person: bool) -> str | None:
    """A person as 'LAST, Given Names' like OFAC's other forms; anything else in order."""
    last = [v for p, v in parts if p == "last name"]
    given = [v for p, v in parts if p != "last name"]
    if person and last and given:
        return f"{' '.join(last)}, {' '.join(given)}"
    return " ".join(v for _, v in parts) or None


def _read(index: Index, profile: etree._Element) -> Party:
    """The party's features and its identities' documents, as facts, addresses and notes."""
    party = Party()
    for identity in children(profile, "Identity"):
        for document in index.documents.get(str(identity.get("ID")), []):
            _document(index, party, document)
    for feature in children(profile, "Feature"):
        label = index.label("FeatureType", feature.get("FeatureTypeID"))
        for version in children(feature, "FeatureVersion"):
            _feature(
                index, party, label or f"FeatureTypeID {feature.get('FeatureTypeID')}", version
            )
    return party


def _document(index: Index, party: Party, document: Document) -> None:
    label = index.label("IDRegDocType", document.type_id) or f"IDRegDocTypeID {document.type_id}"
    dates: dict[str, str] = {}
    for type_id, printed in document.dates:
        kind = (index.label("IDRegDocDateType", type_id) or f"IDRegDocDateTypeID {type_id}").lower()
        if kind in ("issue date", "expiration date"):
            dates[kind] = printed
        else:
            party.notes.append((f"{label} {kind}", printed))
    country = index.label("Country", document.country_id)
    if document.country_id and country is None:
        party.notes.append((f"{label} country", f"CountryID {document.country_id}"))
    party.facts.append(
        id_fact(
            label,
            document.number or "",
            country,
            dates.get("issue date"),
            dates.get("expiration date"),
        )
    )
    for name, value in document.notes:
        party.notes.append((f"{label} {name}", value))
    place = index.locations.get(document.issued_in or "")
    where = index.address(place)[0] if place is not None else None
    if where:
        party.notes.append((f"{label} issued in", where))
    validity = index.label("Validity", document.validity_id) or document.validity_id
    if validity and validity.lower() != "valid":
        party.notes.append((f"{label} validity", validity))


def _feature(index: Index, party: Party, label: str, version: etree._Element) -> None:
    """One FeatureVersion: a date (its period), a location, or a text or looked-up value."""
    period = period_text(child(version, "DatePeriod"))
    detail = child(version, "VersionDetail")
    detail_type = (
        index.label("DetailType", detail.get("DetailTypeID")) if detail is not None else None
    )
    value = text(detail)
    if detail is not None and value is None and detail.get("DetailReferenceID"):
        value = index.label("DetailReference", detail.get("DetailReferenceID"))
        if value is None:
            party.notes.append((label, f"DetailReferenceID {detail.get('DetailReferenceID')}"))
    placed = child(version, "VersionLocation")
    if placed is not None:
        location = index.locations.get(str(placed.get("LocationID")))
        if location is None:
            party.notes.append((label, f"LocationID {placed.get('LocationID')} not in the file"))
            return
        address, country = index.address(location)
        if label.lower() == "location":
            party.addresses.append((address, country))
            return
        value = (country or address) if (detail_type or "").upper() == "COUNTRY" else address
    if (detail_type or "").upper() == "DATE" or (value is None and period):
        if period:
            party.facts.append(id_fact(label, period))
        return
    if value:
        party.facts.append(id_fact(label, value))
    if period:
        party.notes.append((f"{label} (period)", period))
    comment = text(child(version, "Comment"))
    if comment:
        party.notes.append((f"{label} comment", comment))


def _sanctions(
    emitter: Emitter,
    index: Index,
    entity: StatementEntity,
    fixed_ref: str,
    profile_id: str,
    applied: Applied,
) -> Iterator[StatementEntity]:
    """One Sanction per program the party's entries list it under, with every entry date
    (the earliest is the designation), the OFAC lists as `status`, the measures (Block,
    Reject, directives) and the party's sanction provisions."""
    by_program: dict[str | None, StatementEntity] = {}
    for entry in index.entries.get(profile_id, []):
        programs: list[str | None] = []
        measures: list[str] = []
        for type_id, comment in entry.measures:
            measure = index.label("SanctionsType", type_id) or f"SanctionsTypeID {type_id}"
            if measure.lower() == "program":
                programs.append(comment)
            else:
                measures.append(measure + (f": {comment}" if comment else ""))
        for program in dict.fromkeys(programs or [None]):
            sanction = by_program.get(program)
            if sanction is None:
                sanction = emitter.sanction(entity, program, source_ref=fixed_ref, key=program)
                for provision in applied.provisions:
                    emitter.add(sanction, "provisions", provision)
                by_program[program] = sanction
            for printed in entry.dates:
                emitter.add_date(sanction, "listingDate", printed, day_first=True)
            emitter.add(
                sanction, "status", index.label("List", entry.list_id) or f"ListID {entry.list_id}"
            )
            for measure in measures:
                emitter.add(sanction, "provisions", measure)
            for basis in entry.legal_basis_ids:
                emitter.add(
                    sanction, "reason", index.label("LegalBasis", basis) or f"LegalBasisID {basis}"
                )
    if not by_program:
        sanction = emitter.sanction(entity, None, source_ref=fixed_ref)
        for provision in applied.provisions:
            emitter.add(sanction, "provisions", provision)
        by_program[None] = sanction
    yield from by_program.values()
