"""FCDO UK Sanctions List, the UK's single official list since OFSI retired ConList in
2026, in both published forms: the XML (uk_list_xml, streamed) and the 58-column CSV
(uk_list_csv). Both readers give DesignationRecords; this module maps them to FtM.

One target and one Sanction per designation. The target's id continues the retired
OFSI list: OFSI keyed a target by its Group ID (`gb-ofsi-<Group ID>`, built by
Emitter.make with OFSI's prefix), and the FCDO list still prints that number as
OFSIGroupID, so a designation that has one gets exactly that id. The store merges live
entities by id across sources, so the target's OFSI history and its FCDO records are
one entity, and two FCDO designations of one OFSI group (BEL0005 and GHR0055) are one
target with two Sanctions, as OFSI listed them. A designation without a Group ID (most
ships, designations after 2026) is keyed by its Unique ID: `gb-fcdo-list-<Unique ID>`.
The Sanction carries the Unique ID (authorityId) and the Group ID (recordId), which is
what the OFSI Sanctions carry too.

What the list prints as fields of their own (gender, contacts, ship particulars,
registration numbers) is placed the way the OFSI parser places the same items from its
"Other Information" column (ofsi_other_info.target_item), so both UK lists agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, Format, Head
from kleptrace.sources.gb import uk_list_csv, uk_list_xml
from kleptrace.sources.gb.documents import add_document
from kleptrace.sources.gb.lists import JURISDICTION, UkList
from kleptrace.sources.gb.ofsi import OFSI
from kleptrace.sources.gb.ofsi_names import add_non_latin_name
from kleptrace.sources.gb.ofsi_other_info import Designation, other_information, target_item
from kleptrace.sources.gb.uk_list_record import GROUPS, DesignationRecord
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

FCDO_LIST = UkList(
    source="gb_fcdo_list",
    prefix="gb-fcdo-list",
    publisher="Foreign, Commonwealth & Development Office",
)
URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"

SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_TYPES = NameTypes(
    {
        "primary name": "name",
        "primary name variation": "alias",
        "alias": "alias",
        "aka": "alias",
        "fka": "previousName",
        "previous name": "previousName",
    },
    variation="primary name variation",
    column="NameType",
)
MEASURES = {
    "AssetFreeze": "Asset freeze",
    "ArmsEmbargo": "Arms embargo",
    "TargetedArmsEmbargo": "Targeted arms embargo",
    "CharteringOfShips": "Chartering of ships",
    "ClosureOfRepresentativeOffices": "Closure of representative offices",
    "CrewServicingOfShipsAndAircraft": "Crew servicing of ships and aircraft",
    "Deflag": "Deflag",
    "PreventionOfBusinessArrangements": "Prevention of business arrangements",
    "ProhibitionOfPortEntry": "Prohibition of port entry",
    "TravelBan": "Travel ban",
    "PreventionOfCharteringOfShips": "Prevention of chartering of ships",
    "PreventionOfCharteringOfShipsAndAircraft": "Prevention of chartering of ships and aircraft",
    "TechnicalAssistanceRelatedToAircraft": "Technical assistance related to aircraft",
    "TrustServicesSanctions": "Trust services sanctions",
    "DirectorDisqualificationSanction": "Director disqualification sanction",
}
"""SanctionsImposedIndicators flags and the measure each one stands for."""
DETAILS = (
    ("Gender", "Gender"),
    ("PhoneNumber", "Phone number"),
    ("EmailAddress", "Email address"),
    ("Website", "Website"),
    ("TypeOfEntity", "Type of entity"),
    ("Subsidiary", "Subsidiaries"),
    ("ParentCompany", "Parent company"),
    ("BusinessRegistrationNumber", "Business Reg No"),
    ("IMONumber", "IMO number"),
    ("CurrentOwnerOperator", "Current owners"),
    ("PreviousOwnerOperator", "Previous owners"),
    ("CurrentBelievedFlagOfShip", "Flag of ship"),
    ("PreviousFlag", "Previous flags"),
    ("TypeOfShip", "Type of ship"),
    ("TonnageOfShip", "Tonnage of ship"),
    ("LengthOfShip", "Length of ship"),
    ("YearBuilt", "Year built"),
    ("HullIdentificationNumber", "Hull identification number"),
)
"""Elements that OFSI printed as labelled "Other Information" items, with OFSI's label."""
NAME_PARTS = tuple(f"Name{i}" for i in range(1, 7))


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Stream the designations of the XML or CSV file; one target and one Sanction each."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    emitter = FCDO_LIST.emitter(path, report)
    ofsi_ids = Emitter(FCDO_LIST.source, OFSI.prefix, path, report)
    reader = uk_list_xml if Head.read(path).is_markup else uk_list_csv
    for record in reader.read_records(path, report):
        yield from _designation(emitter, ofsi_ids, record)


def _designation(
    emitter: Emitter, ofsi_ids: Emitter, record: DesignationRecord
) -> Iterator[StatementEntity]:
    """One target and its Sanction; a record that cannot be one target is rejected whole."""
    uid, kinds = record.first("UniqueID"), record.get("IndividualEntityShip")
    schema = SCHEMAS.get(kinds[0].lower()) if len(kinds) == 1 else None
    if not uid or schema is None:
        if not uid:
            reason = "<Designation> without <UniqueID>"
        elif len(kinds) > 1:
            reason = f"<IndividualEntityShip> printed as {' and '.join(kinds)}"
        else:
            reason = f"<IndividualEntityShip> {''.join(kinds)!r} is not Individual, Entity or Ship"
        emitter.report.reject(emitter.origin, record.position, reason, record.raw)
        return
    gid = record.first("OFSIGroupID")
    entity = ofsi_ids.make(schema, gid) if gid else emitter.make(schema, uid)
    _names(emitter, entity, record, uid)
    _person(emitter, entity, record)
    _places(emitter, entity, record)
    for element, label in DETAILS:
        for value in record.get(element):
            target_item(emitter, entity, label, value)
    designation = Designation()
    for text in record.get("OtherInformation"):
        other_information(emitter, entity, text, designation)
    for label, value in record.unknown:
        emitter.note(entity, label, value)
    yield entity
    yield _sanction(emitter, entity, record, uid, designation)


def _names(emitter: Emitter, entity: StatementEntity, record: DesignationRecord, uid: str) -> None:
    """Every name in the property its NameType names; a person's primary name also in parts."""
    by_kind: dict[str, list[dict[str, str]]] = {}
    for name in record.group("Name"):
        kind = NAME_TYPES.kind(emitter, name["NameType"], name["AliasStrength"], uid)
        by_kind.setdefault(kind, []).append(name)
    promote_name(by_kind)
    person = entity.schema.name == "Person"
    for kind, names in by_kind.items():
        for name in names:
            parts = [name[p] for p in NAME_PARTS]
            given, last = [p for p in parts[:5] if p], parts[5]
            full = [*given, last] if person else [last, *given]
            emitter.add(entity, name_prop(kind), " ".join(p for p in full if p))
            if kind == "name" and person:
                add_name_parts(emitter, entity, parts)
    for script_name in record.group("NonLatinName"):
        row = {
            "Name Non-Latin Script": script_name["NameNonLatinScript"],
            "Non-Latin Script Type": script_name["NonLatinScriptType"],
            "Non-Latin Script Language": script_name["NonLatinScriptLanguage"],
        }
        add_non_latin_name(emitter, entity, row)
    for title in record.get("Title"):
        put(emitter, entity, "title", title, "Title")


def _person(emitter: Emitter, entity: StatementEntity, record: DesignationRecord) -> None:
    """Birth dates, nationalities, documents and positions (noted for non-persons)."""
    for dob in record.get("DOB"):
        if entity.schema.get("birthDate") is None:
            emitter.note(entity, "DOB", dob)
        else:
            emitter.add_date(entity, "birthDate", dob)
    for nationality in record.get("Nationality"):
        country(emitter, entity, "nationality", nationality, "Nationality")
    for passport in record.group("Passport"):
        number, info = passport["PassportNumber"], passport["PassportAdditionalInformation"]
        add_document(emitter, entity, "passportNumber", number, info, "passport")
    for national in record.group("NationalIdentifier"):
        number = national["NationalIdentifierNumber"]
        info = national["NationalIdentifierAdditionalInformation"]
        add_document(emitter, entity, "idNumber", number, info, "national identifier")
    for position in record.get("Position"):
        put(emitter, entity, "position", position, "Position")


def _places(emitter: Emitter, entity: StatementEntity, record: DesignationRecord) -> None:
    """Addresses (their country also as `country`) and places of birth."""
    lines_of = GROUPS["Address"][:-1]
    for address in record.group("Address"):
        lines = [address[k] for k in lines_of if address[k]]
        where = address["AddressCountry"]
        if lines:
            put(emitter, entity, "address", ", ".join([*lines, where] if where else lines))
        if where:
            country(emitter, entity, "country", where, "Address Country")
    for place in record.group("Location"):
        put(emitter, entity, "birthPlace", place["TownOfBirth"], "Town of birth")
        if place["CountryOfBirth"]:
            country(emitter, entity, "birthCountry", place["CountryOfBirth"], "Country of birth")


def _sanction(
    emitter: Emitter,
    entity: StatementEntity,
    record: DesignationRecord,
    uid: str,
    designation: Designation,
) -> StatementEntity:
    """The designation under its regime: dates, references, reasons and every measure."""
    un_refs = [un_reference_text(r) for r in record.get("UNReferenceNumber")]
    reasons = [*record.get("UKStatementofReasons"), *designation.reasons]
    sanction = emitter.sanction(
        entity,
        record.first("RegimeName") or None,
        listing_date=record.first("DateDesignated"),
        source_ref=uid,
        unsc_id=un_refs[0] if un_refs else None,
        reason=reasons[0] if reasons else None,
        key=uid,
    )
    for regime in record.get("RegimeName")[1:]:
        emitter.add(sanction, "program", regime)
    for value in record.get("DateDesignated")[1:]:
        emitter.add_date(sanction, "listingDate", value)
    for value in record.get("LastUpdated"):
        emitter.add_date(sanction, "modifiedAt", value)
    for ref in [*un_refs[1:], *designation.un_refs]:
        emitter.add(sanction, "unscId", ref)
    for ref in designation.refs:
        emitter.add(sanction, "authorityId", ref)
    for reason in reasons[1:]:
        emitter.add(sanction, "reason", reason)
    for group_id in record.get("OFSIGroupID"):
        emitter.add(sanction, "recordId", group_id)
    for source in record.get("DesignationSource"):
        emitter.add(sanction, "summary", f"Designation source: {source}")
    _measures(emitter, sanction, record, designation)
    return sanction


def _measures(
    emitter: Emitter, sanction: StatementEntity, record: DesignationRecord, designation: Designation
) -> None:
    """The measures of SanctionsImposed ("Asset freeze|Travel Ban"), plus any the XML's
    true/false flags add; a flag this table does not know is kept as a note."""
    printed = [m.strip() for text in record.get("SanctionsImposed") for m in text.split("|")]
    measures = [m for m in printed if m] + designation.provisions
    for flag, value in record.indicators.items():
        measure = MEASURES.get(flag)
        if measure is None or value.lower() not in ("true", "false"):
            emitter.note(sanction, f"SanctionsImposedIndicators/{flag}", value)
        elif value.lower() == "true" and measure.casefold() not in {m.casefold() for m in measures}:
            measures.append(measure)
    for measure in measures:
        emitter.add(sanction, "provisions", measure)


_XML_ROOT = re.compile(r"<Designations[\s>]")
_XML_BODY = re.compile(r"SanctionsListSchema|<Designation>|<DateGenerated>")


def _is_csv(head: Head) -> bool:
    lines = head.text.lstrip("\ufeff").splitlines()
    return uk_list_csv.header_line(lines) is not None


def sniff(head: Head) -> bool:
    """The XML by its <Designations> root and schema or elements; the CSV by its header."""
    if head.is_dir or head.text == "<zip>":
        return False
    if head.is_markup and _XML_ROOT.search(head.text):
        return _XML_BODY.search(head.text) is not None
    return _is_csv(head)


def published(path: Path) -> str | None:
    """The XML's dateGenerated, or the CSV's Report Date."""
    path = Path(path)
    if Head.read(path).is_markup:
        return uk_list_xml.published(path)
    return uk_list_csv.published(path)


FORMAT = Format(
    name="uk_fcdo_list",
    title="UK FCDO UK Sanctions List (UK-Sanctions-List.xml or .csv)",
    sniff=sniff,
    parse=parse,
    source_name=FCDO_LIST.source_name,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=FCDO_LIST.publisher,
    # The CSV, JSON and ODS beside it carry the same list; one form is one version.
    urls=(URL,),
)
