"""eu_fsf: the real EU FSF XML records, a CSV of the same records written here, tiny
edge-case and broken files, and agreement with the eu_journal transcription.

Expected values are read from the raw XML with xml.etree (not the parser's lxml
stream); the CSV is written by this module from that reading, with the column list
of FORMAT.md typed out here.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from followthemoney import StatementEntity

from kleptrace import fetch, store
from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.eu import journal
from kleptrace.sources.eu.fsf import FORMAT
from kleptrace.sources.report import ParseReport
from kleptrace.store.load import load
from kleptrace.store.plan import plan
from tests.publisher import serving

NS = {"f": "http://eu.europa.ec/fpi/fsd/export"}
FILE = "eu_fsf_1_1_excerpt_2026-08-05.xml"
REG7 = ["Type", "OrganisationType", "PublicationDate", "EntryIntoForceDate", "NumberTitle",
        "Programme", "PublicationUrl"]  # fmt: skip
CSV_BLOCKS = {
    "Entity": ["LogicalId", "EU_ReferenceNumber", "UnitedNationId", "DesignationDate",
               "DesignationDetails", "Remark", "SubjectType", "SubjectType_ClassificationCode"],
    "NameAlias": ["LastName", "FirstName", "MiddleName", "WholeName", "NameLanguage", "Gender",
                  "Title", "Function", "LogicalId", "RegulationLanguage", "Remark"],
    "Address": ["City", "Street", "PoBox", "ZipCode", "Region", "Place", "AsAtListingTime",
                "ContactInfo", "CountryIso2Code", "CountryDescription", "LogicalId",
                "RegulationLanguage", "Remark"],
    "BirthDate": ["BirthDate", "Day", "Month", "Year", "YearRangeFrom", "YearRangeTo", "Circa",
                  "CalendarType", "ZipCode", "Region", "Place", "City", "CountryIso2Code",
                  "CountryDescription", "LogicalId", "RegulationLanguage", "Remark"],
    "Identification": ["Number", "Diplomatic", "KnownExpired", "KnownFalse", "ReportedLost",
                       "RevokedByIssuer", "IssuedBy", "IssuedDate", "ValidFrom", "ValidTo",
                       "LatinNumber", "NameOnDocument", "TypeCode", "TypeDescription", "Region",
                       "CountryIso2Code", "CountryDescription", "LogicalId",
                       "RegulationLanguage", "Remark"],
    "Citizenship": ["Region", "CountryIso2Code", "CountryDescription", "LogicalId",
                    "RegulationLanguage", "Remark"],
}  # fmt: skip
"""FORMAT.md's column list; each block is followed by its seven Regulation columns."""
CSV_HEADER = ["fileGenerationDate"] + [
    f"{block}_{part}"
    for block, fields in CSV_BLOCKS.items()
    for part in [*fields, *(f"Regulation_{r}" for r in REG7)]
]
XML_NAMES = {"EU_ReferenceNumber": "euReferenceNumber", "UnitedNationId": "unitedNationId",
             "SubjectType": "code", "SubjectType_ClassificationCode": "classificationCode",
             "Day": "dayOfMonth", "Month": "monthOfYear", "BirthDate": "birthdate",
             "IssuedDate": "issueDate", "TypeCode": "identificationTypeCode",
             "TypeDescription": "identificationTypeDescription"}  # fmt: skip
XML_KINDS = {"NameAlias": "nameAlias", "Address": "address", "BirthDate": "birthdate",
             "Identification": "identification", "Citizenship": "citizenship"}  # fmt: skip


# -- the raw file, read independently -----------------------------------------------------


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "eu_fsf" / FILE


@pytest.fixture(scope="module")
def tree(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def _all(el: ET.Element, tag: str) -> list[ET.Element]:
    return el.findall(f"f:{tag}", NS)


def _valid(tree: ET.Element) -> list[ET.Element]:
    """Entities with a regulation, a subject type and a named alias."""
    return [
        e
        for e in _all(tree, "sanctionEntity")
        if _all(e, "regulation") and _all(e, "subjectType") and _all(e, "nameAlias")
    ]


def _id(entity: ET.Element) -> str:
    return f"eu-fsf-{entity.get('logicalId')}"


def _norm(name: str) -> str:
    return " ".join(sorted(re.sub(r"[\W_]+", " ", name.casefold()).split()))


@pytest.fixture(scope="module")
def parsed(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    report = ParseReport()
    return {str(e.id): e for e in FORMAT.parse(path, report)}, report


# -- the real records ---------------------------------------------------------------------


def test_sniffed_and_dated_from_the_root(path: Path, tree: ET.Element) -> None:
    fmt = detect(path)
    assert fmt is not None and fmt.name == "eu_fsf"
    assert FORMAT.published(path) == tree.get("generationDate", "")[:10]


def test_counts_match_the_raw_file(parsed: tuple, tree: ET.Element) -> None:
    entities, report = parsed
    valid = _valid(tree)
    by_schema: dict[str, int] = {}
    for e in entities.values():
        by_schema[e.schema.name] = by_schema.get(e.schema.name, 0) + 1
    kinds = {"person": "Person", "enterprise": "Organization"}
    for kind, schema in kinds.items():
        expected = sum(1 for e in valid if _all(e, "subjectType")[0].get("code") == kind)
        assert by_schema.get(schema, 0) == expected
    programmes = {(_id(e), r.get("programme")) for e in valid for r in _all(e, "regulation")}
    assert by_schema["Sanction"] == len(programmes)
    documents = sum(len(_all(e, "identification")) for e in valid)
    assert by_schema.get("Passport", 0) + by_schema.get("Identification", 0) == documents
    assert report.records == len(_all(tree, "sanctionEntity"))


def test_the_record_without_regulation_is_kept_verbatim(parsed: tuple, tree: ET.Element) -> None:
    entities, report = parsed
    broken = [e for e in _all(tree, "sanctionEntity") if not _all(e, "regulation")]
    assert [r.reason for r in report.rejected] == [
        f"sanctionEntity {e.get('logicalId')} has no <regulation>" for e in broken
    ]
    for rejected, entity in zip(report.rejected, broken, strict=True):
        assert f'logicalId="{entity.get("logicalId")}"' in rejected.raw
        assert rejected.file == FILE and rejected.position.startswith("line ")
        assert _id(entity) not in entities


def test_every_alias_is_a_name_in_its_language(parsed: tuple, tree: ET.Element) -> None:
    entities, _ = parsed
    for raw in _valid(tree):
        entity = entities[_id(raw)]
        aliases = _all(raw, "nameAlias")
        strong = {a.get("wholeName") for a in aliases if a.get("strong") != "false"}
        weak = {a.get("wholeName") for a in aliases if a.get("strong") == "false"}
        assert set(entity.get("name")) == strong
        assert set(entity.get("weakAlias")) == weak
        for alias in aliases:
            if entity.schema.name == "Person":
                for part in ("firstName", "lastName"):
                    if alias.get(part):
                        assert alias.get(part) in entity.get(part)
            if alias.get("gender") == "M":
                assert entity.get("gender") == ["male"]
    cyrillic = [s for s in entities["eu-fsf-330"].statements if s.value.startswith("Организация")]
    assert [s.lang for s in cyrillic] == ["bul"]


def test_regulations_become_sanctions(parsed: tuple, tree: ET.Element) -> None:
    entities, report = parsed
    for raw in _valid(tree):
        for regulation in _all(raw, "regulation"):
            programme = regulation.get("programme", "")
            assert regime_of("eu", programme).key != "other", programme
            sanction = entities[f"{_id(raw)}-sanction-{programme.lower()}"]
            assert sanction.get("entity") == [_id(raw)]
            assert sanction.get("program") == [programme]
            assert sanction.get("authorityId") == [raw.get("euReferenceNumber")]
            assert regulation.get("entryIntoForceDate") in sanction.get("startDate")
            url = regulation.findtext("f:publicationUrl", namespaces=NS)
            assert url in sanction.get("sourceUrl")
            assert any(regulation.get("numberTitle", "") in s for s in sanction.get("summary"))
            if raw.get("designationDate"):
                assert sanction.get("listingDate") == [raw.get("designationDate")]
            elif regulation.get("regulationType") == "regulation":
                assert sanction.get("listingDate") == [regulation.get("publicationDate")]
    assert not report.unmapped_programs


def test_birthdates_citizenships_and_documents(parsed: tuple, tree: ET.Element) -> None:
    entities, _ = parsed
    for raw in _valid(tree):
        entity = entities[_id(raw)]
        births = _all(raw, "birthdate")
        if entity.schema.name != "Person":
            assert not births and not _all(raw, "citizenship")
            continue
        assert sorted(entity.get("birthDate")) == sorted(b.get("birthdate") for b in births)
        for birth in births:
            assert birth.get("countryIso2Code", "").lower() in entity.get("birthCountry")
        for citizenship in _all(raw, "citizenship"):
            assert citizenship.get("countryIso2Code", "").lower() in entity.get("nationality")
        for ident in _all(raw, "identification"):
            doc = entities[f"{_id(raw)}-id-{ident.get('logicalId')}"]
            assert doc.schema.name == "Passport"  # the one real identification is a passport
            assert doc.get("number") == [ident.get("number")]
            assert doc.get("holder") == [entity.id]
            assert doc.get("type") == [ident.get("identificationTypeDescription")]
            assert doc.get("country") == []  # "00" UNKNOWN adds no country
            assert ident.get("number") in entity.get("passportNumber")
        summaries = [
            d.find("f:regulationSummary", NS) for d in raw if d.find("f:regulationSummary", NS)
        ]
        own = {r.get("numberTitle") for r in _all(raw, "regulation")}
        for summary in summaries:
            assert summary is not None
            title = summary.get("numberTitle", "")
            noted = any(title in n for n in entity.get("notes"))
            assert noted == (title not in own), title


def test_addresses_and_contacts(parsed: tuple, tree: ET.Element) -> None:
    entities, _ = parsed
    for raw in _valid(tree):
        entity = entities[_id(raw)]
        addresses = _all(raw, "address")
        assert len(entity.get("address")) == len({a.get("street", "") + a.get("zipCode", "")
                                                   for a in addresses})  # fmt: skip
        for address in addresses:
            assert any(address.get("street", "") in a for a in entity.get("address"))
            assert address.get("countryIso2Code", "").lower() in entity.get("country")
            for contact in _all(address, "contactInfo"):
                kept = entity.get("phone") + entity.get("notes")
                assert any(contact.get("value", "") in v for v in kept)
    remark = "".join(_all(_valid(tree)[0], "remark")[0].itertext())
    assert f"remark: {remark}" in entities[_id(_valid(tree)[0])].get("notes")


# -- tiny files for what the real records do not show ------------------------------------

EDGE = """<?xml version="1.0" encoding="UTF-8"?>
<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-01-02T03:04:05+01:00"
    globalFileId="1">
  <sanctionEntity euReferenceNumber="EU.1.1" unitedNationId="QDi.999" designationDate="2020-05-06"
      designationDetails="Named by the UN" delistingDate="2025-01-01" logicalId="1"
      futureAttr="kept">
    <remark>entity remark</remark>
    <additionalInformation key="NOTE" value="more text"/>
    <regulation regulationType="regulation" organisationType="council" publicationDate="2020-05-07"
        entryIntoForceDate="2020-05-08" numberTitle="1/2020 (OJ L1)" programme="ZZZ" logicalId="9">
      <publicationUrl>https://eur-lex.europa.eu/one</publicationUrl>
      <corrigendum regulationType="corrigendum" publicationDate="2020-06-01"
          numberTitle="1/2020 corr" publicationUrl="https://eur-lex.europa.eu/corr"/>
    </regulation>
    <subjectType code="person" classificationCode="P"/>
    <nameAlias firstName="Ivan" middleName="Petrovich" lastName="Sidorov"
        wholeName="Ivan Petrovich Sidorov" function="Minister of Nothing" gender="M" title="Dr"
        nameLanguage="EN" strong="true" regulationLanguage="en" logicalId="11"/>
    <nameAlias wholeName="Vanya" strong="false" regulationLanguage="en" logicalId="12"/>
    <nameAlias wholeName="Ivan the Good" strong="true" regulationLanguage="en" logicalId="13">
      <remark>low quality alias</remark>
    </nameAlias>
    <birthdate calendarType="GREGORIAN" year="1960" circa="true" regulationLanguage="en"
        logicalId="21" countryIso2Code="RU" countryDescription="RUSSIA" city="Tula"/>
    <birthdate calendarType="GREGORIAN" yearRangeFrom="1961" yearRangeTo="1963"
        regulationLanguage="en" logicalId="22" countryIso2Code="00" countryDescription="UNKNOWN"/>
    <birthdate calendarType="GREGORIAN" year="1964" monthOfYear="7" regulationLanguage="en"
        logicalId="23" countryIso2Code="00" countryDescription="UNKNOWN"/>
    <birthdate calendarType="ISLAMIC" year="1380" regulationLanguage="en" logicalId="24"
        countryIso2Code="00" countryDescription="UNKNOWN"/>
    <identification diplomatic="true" knownExpired="false" knownFalse="true" number="X123"
        issuedBy="MFA" issueDate="2010-01-01" validTo="2015-01-01" nameOnDocument="I. SIDOROV"
        identificationTypeCode="passport" identificationTypeDescription="Diplomatic passport"
        countryIso2Code="RU" countryDescription="RUSSIA" regulationLanguage="en" logicalId="31"/>
    <identification number="77-88" identificationTypeCode="weirdcode"
        identificationTypeDescription="Odd card" countryIso2Code="00" countryDescription="UNKNOWN"
        regulationLanguage="en" logicalId="32"/>
  </sanctionEntity>
  <sanctionEntity euReferenceNumber="EU.2.2" logicalId="2">
    <regulation regulationType="amendment" organisationType="council" publicationDate="2024-02-23"
        entryIntoForceDate="2024-02-23" numberTitle="2024/753" programme="RUS" logicalId="8"/>
    <subjectType code="enterprise" classificationCode="E"/>
    <nameAlias wholeName="Ship Owner LLC" strong="true" regulationLanguage="en" logicalId="41"/>
    <address city="Moscow" countryIso2Code="RU" countryDescription="RUSSIA" asAtListingTime="true"
        regulationLanguage="en" logicalId="51">
      <contactInfo key="EMAIL" value="info@shipowner.example.com"/>
      <contactInfo key="WEB" value="https://shipowner.example.com"/>
      <contactInfo key="TELEX" value="12345"/>
    </address>
    <identification number="IMO 9220639" identificationTypeCode="imo"
        identificationTypeDescription="IMO number" countryIso2Code="00" countryDescription="UNKNOWN"
        regulationLanguage="en" logicalId="61"/>
    <identification number="1027700132195" identificationTypeCode="regnumber"
        identificationTypeDescription="Registration number" countryIso2Code="RU"
        countryDescription="RUSSIA" regulationLanguage="en" logicalId="62"/>
  </sanctionEntity>
  <strayElement>kept</strayElement>
</export>
"""


@pytest.fixture(scope="module")
def edge(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, StatementEntity], ParseReport]:
    path = tmp_path_factory.mktemp("fsf") / "edge.xml"
    path.write_text(EDGE, encoding="utf-8")
    report = ParseReport()
    return {str(e.id): e for e in FORMAT.parse(path, report)}, report


def test_edge_names_and_dates(edge: tuple) -> None:
    entities, _ = edge
    person = entities["eu-fsf-1"]
    assert person.get("name") == ["Ivan Petrovich Sidorov"]
    assert sorted(person.get("weakAlias")) == ["Ivan the Good", "Vanya"]
    assert person.get("middleName") == ["Petrovich"]
    assert person.get("position") == ["Minister of Nothing"]
    assert person.get("title") == ["Dr"]
    assert sorted(person.get("birthDate")) == ["1960", "1961", "1962", "1963", "1964-07"]
    originals = {s.original_value for s in person.statements if s.prop == "birthDate"}
    assert "approximately 1960" in originals and "between 1961 and 1963" in originals
    assert any("1380 (ISLAMIC)" in n for n in person.get("notes"))
    assert person.get("birthPlace") == ["Tula, RUSSIA"]
    assert person.get("birthCountry") == ["ru"]


def test_edge_documents_flags_and_unknown_values(edge: tuple) -> None:
    entities, report = edge
    person = entities["eu-fsf-1"]
    passport = entities["eu-fsf-1-id-31"]
    assert passport.get("startDate") == ["2010-01-01"]
    assert passport.get("endDate") == ["2015-01-01"]
    assert passport.get("authority") == ["MFA"]
    assert passport.get("namesMentioned") == ["I. SIDOROV"]
    assert sorted(passport.get("description")) == ["diplomatic", "known to be false"]
    odd = entities["eu-fsf-1-id-32"]
    assert odd.schema.name == "Identification" and odd.get("number") == ["77-88"]
    notes = person.get("notes")
    assert "identificationTypeCode: 77-88: weirdcode" in notes
    assert "entity.futureAttr: kept" in notes
    assert "additionalInformation NOTE: more text" in notes
    assert report.unmapped_programs == {"ZZZ": 1}
    assert [r.reason for r in report.rejected] == ["unexpected <strayElement> in <export>"]


def test_edge_enterprise_identifiers_and_contacts(edge: tuple) -> None:
    entities, _ = edge
    company = entities["eu-fsf-2"]
    assert company.schema.name == "Organization"
    assert company.get("imoNumber") == ["IMO9220639"]
    assert company.get("registrationNumber") == ["1027700132195"]
    assert company.get("email") == ["info@shipowner.example.com"]
    assert company.get("website") == ["https://shipowner.example.com/"]  # FtM adds the /
    assert company.get("address") == ["Moscow, RUSSIA"]
    notes = company.get("notes")
    assert "contactInfo TELEX: 12345" in notes
    assert "address as at listing time: Moscow, RUSSIA" in notes
    assert entities["eu-fsf-2-id-62"].get("country") == ["ru"]
    assert entities["eu-fsf-2-sanction-rus"].get("listingDate") == []  # an amendment's date


def test_edge_sanction_dates_and_corrigendum(edge: tuple) -> None:
    entities, _ = edge
    sanction = entities["eu-fsf-1-sanction-zzz"]
    assert sanction.get("listingDate") == ["2020-05-06"]
    assert sanction.get("endDate") == ["2025-01-01"]
    assert sanction.get("unscId") == ["QDi.999"]
    assert sanction.get("reason") == ["Named by the UN"]
    assert sorted(sanction.get("sourceUrl")) == [
        "https://eur-lex.europa.eu/corr",
        "https://eur-lex.europa.eu/one",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not xml\n", "not an FSF CSV v1.1 file"),
        ("", "empty file"),
        ('<?xml version="1.0"?>\n<other xmlns="http://eu.europa.ec/fpi/fsd/export"/>', "root"),
        ('<?xml version="1.0"?>\n<export xmlns="urn:elsewhere"/>', "namespace"),
        ('<export xmlns="http://eu.europa.ec/fpi/fsd/export">\n<sanctionEntity>', "XML"),
        ("fileGenerationDate;Entity_LogicalId;Wrong\n1;2;3\n", "header column 3"),
    ],
)
def test_broken_files_are_refused_naming_file_and_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        list(FORMAT.parse(path))
    assert message in str(info.value)
    assert str(path) in str(info.value) and "line " in str(info.value)


def test_entities_stream_before_the_end_of_the_file(tmp_path: Path, path: Path) -> None:
    """The first entity arrives before a break further down is read: the file is streamed,
    not loaded whole."""
    text = path.read_text("utf-8")
    cut = text.index("</sanctionEntity>") + len("</sanctionEntity>")
    broken = tmp_path / "cut.xml"
    broken.write_text(text[:cut] + "\n<sanctionEntity logicalId='2'><broken", encoding="utf-8")
    stream = FORMAT.parse(broken)
    assert next(stream).id == "eu-fsf-13"
    with pytest.raises(ParseError, match="invalid XML"):
        list(stream)


# -- the CSV form ------------------------------------------------------------------------


def _xml_name(field: str) -> str:
    return XML_NAMES.get(field, field[0].lower() + field[1:])


def _remarks(el: ET.Element) -> str:
    return "\n".join("".join(r.itertext()) for r in _all(el, "remark"))


def _cells(block: str, el: ET.Element, regulation: ET.Element | None) -> dict[str, str]:
    """A block's columns from its element, and its seven Regulation columns from the
    regulation (or regulationSummary) element."""
    cells = {f"{block}_{f}": el.get(_xml_name(f), "") for f in CSV_BLOCKS[block]}
    cells[f"{block}_Remark"] = _remarks(el)
    contacts = [f"{c.get('key')}: {c.get('value')}" for c in _all(el, "contactInfo")]
    cells[f"{block}_ContactInfo"] = " | ".join(contacts)
    for r in REG7:
        key = "regulationType" if r == "Type" else _xml_name(r)
        value = regulation.get(key, "") if regulation is not None else ""
        cells[f"{block}_Regulation_{r}"] = value
    if regulation is not None and regulation.find("f:publicationUrl", NS) is not None:
        cells[f"{block}_Regulation_PublicationUrl"] = regulation.findtext(
            "f:publicationUrl", namespaces=NS
        )
    return cells


def _csv_rows(tree: ET.Element) -> list[list[str]]:
    """One row per detail of each entity (one bare row when it has none), as FORMAT.md
    describes the CSV; dates stay ISO, the file date is DD/MM/YYYY."""
    stamp = tree.get("generationDate", "")
    generated = f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]}"
    rows = []
    for entity in _all(tree, "sanctionEntity"):
        subject = _all(entity, "subjectType")[0]
        base = _cells("Entity", entity, next(iter(_all(entity, "regulation")), None))
        base["Entity_SubjectType"] = subject.get("code", "")
        base["Entity_SubjectType_ClassificationCode"] = subject.get("classificationCode", "")
        details = [(block, d) for block, kind in XML_KINDS.items() for d in _all(entity, kind)]
        for block, detail in details or [("", None)]:
            row = {"fileGenerationDate": generated, **base}
            if detail is not None:
                row.update(_cells(block, detail, detail.find("f:regulationSummary", NS)))
            rows.append([row.get(c, "") for c in CSV_HEADER])
    return rows


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory, tree: ET.Element) -> Path:
    path = tmp_path_factory.mktemp("fsf_csv") / "20260805-FULL-1_1.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(CSV_HEADER)
        writer.writerows(_csv_rows(tree))
    return path


def test_csv_gives_the_same_entities_as_the_xml(parsed: tuple, csv_path: Path) -> None:
    assert len(CSV_HEADER) == 118
    fmt = detect(csv_path)
    assert fmt is not None and fmt.name == "eu_fsf"
    assert FORMAT.published(csv_path) == "2026-08-05"
    xml_entities, xml_report = parsed
    report = ParseReport()
    csv_entities = {str(e.id): e for e in FORMAT.parse(csv_path, report)}
    assert csv_entities.keys() == xml_entities.keys()
    for key, entity in xml_entities.items():
        other = csv_entities[key]
        assert other.schema == entity.schema
        for prop in entity.schema.properties:
            assert sorted(other.get(prop)) == sorted(entity.get(prop)), (key, prop)
    assert [r.reason for r in report.rejected] == [r.reason for r in xml_report.rejected]


def test_csv_subject_columns_read_either_way(tmp_path: Path, csv_path: Path) -> None:
    """Code on GitHub disagrees which subject column holds "person" and which "P"."""
    swapped = tmp_path / "swapped.csv"
    with open(csv_path, encoding="utf-8-sig", newline="") as src:
        rows = list(csv.reader(src, delimiter=";"))
    code = CSV_HEADER.index("Entity_SubjectType")
    for row in rows[1:]:
        row[code], row[code + 1] = row[code + 1], row[code]
    with open(swapped, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    schemata = {str(e.id): e.schema.name for e in FORMAT.parse(swapped)}
    assert schemata == {str(e.id): e.schema.name for e in FORMAT.parse(csv_path)}


def test_csv_row_with_wrong_width_is_kept(tmp_path: Path, csv_path: Path) -> None:
    lines = csv_path.read_text("utf-8-sig").splitlines()
    broken = tmp_path / "short.csv"
    broken.write_text("\n".join([*lines, "05/08/2026;77;EU.7.7"]) + "\n", encoding="utf-8")
    report = ParseReport()
    entities = list(FORMAT.parse(broken, report))
    short = [r for r in report.rejected if r.raw == "05/08/2026;77;EU.7.7"]
    assert [r.reason for r in short] == ["3 cells, expected 118"]
    assert short[0].position == f"line {len(lines) + 1}"
    assert len([e for e in entities if e.schema.name != "Sanction"]) == 5  # 4 targets, 1 doc


# -- agreement with the Official Journal transcription ----------------------------------

JOURNAL_ACTS = {"IRQ": "32003R1210", "TERR": "32001R2580", "TAQA": "32002R0881"}
"""The framework regulation of each programme in the excerpt: 1210/2003 (Iraq),
2580/2001 (terrorism), 881/2002 (ISIL / Al-Qaida)."""


def _listing_dates(entities: list[StatementEntity], target: str | None) -> set[str]:
    return {
        date
        for e in entities
        if e.schema.name == "Sanction" and target in e.get("entity")
        for date in e.get("listingDate")
    }


def test_same_names_and_dates_as_eu_journal(
    data_dir: Path, parsed: tuple, tree: ET.Element
) -> None:
    entities, _ = parsed
    folder = data_dir / "eu_journal_opensanctions" / "consolidated"
    acts = {act: list(journal.FORMAT.parse(folder / f"{act}.csv")) for act in JOURNAL_ACTS.values()}
    compared = 0
    for raw in _valid(tree):
        ours = entities[_id(raw)]
        our_names = {_norm(n) for n in ours.get("name") + ours.get("weakAlias")}
        act = acts[JOURNAL_ACTS[_all(raw, "regulation")[0].get("programme", "")]]
        found = [
            t
            for t in act
            if t.schema.name != "Sanction"
            and {_norm(n) for n in t.get("name") + t.get("alias")} & our_names
        ]
        assert len(found) == 1, raw.get("euReferenceNumber")
        theirs = found[0]
        assert {_norm(n) for n in theirs.get("name") + theirs.get("alias")} <= our_names
        if ours.schema.name == "Person":
            assert sorted(theirs.get("birthDate")) == sorted(ours.get("birthDate"))
            assert set(theirs.get("passportNumber")) == set(ours.get("passportNumber"))
        listed = _listing_dates(act, theirs.id)
        our_listed = _listing_dates(list(entities.values()), ours.id)
        if listed and our_listed:
            assert listed == our_listed, raw.get("euReferenceNumber")
            compared += 1
    assert compared  # at least one listing date is stated in both


def test_loads_into_a_store_with_the_rejected_record(tmp_path: Path, path: Path) -> None:
    con = store.connect(tmp_path / "store.duckdb")
    sets, _ = plan([path])
    result = load(con, sets[0])
    assert result.source == "eu_fsf" and result.published == "2026-08-05"
    rows = con.execute("SELECT reason, raw FROM rejected_rows").fetchall()
    assert [r[0] for r in rows] == ["sanctionEntity 999999 has no <regulation>"]
    assert 'euReferenceNumber="EU.0.0"' in rows[0][1]
    live = con.execute("SELECT version_id FROM current_versions WHERE source = 'eu_fsf'").fetchall()

    # A later file broken half-way is refused whole and the loaded version stays live.
    text = path.read_text("utf-8")
    broken = tmp_path / "later" / FILE
    broken.parent.mkdir()
    broken.write_text(text[: text.index("</sanctionEntity>") + 20], encoding="utf-8")
    (files,) = plan([broken])[0]
    with pytest.raises(ParseError, match="invalid XML"):
        load(con, files)
    after = con.execute("SELECT version_id FROM current_versions WHERE source = 'eu_fsf'")
    assert after.fetchall() == live and live
    con.close()


# -- fetch from the publisher's URL (a local server on 127.0.0.1 stands in) ----------------


@pytest.fixture
def publisher(path: Path) -> Iterator[tuple[list[str], str]]:
    """Serves the excerpt at the FSF download path (token required), an HTML error page
    anywhere else; records each request's path and query."""
    body = path.read_bytes()
    seen: list[str] = []
    expected = urlsplit(FORMAT.urls[0])

    def page(requested: str) -> tuple[int, bytes]:
        seen.append(requested)
        ok = requested == f"{expected.path}?{expected.query}"
        return 200, body if ok else b"<html><body>token expired</body></html>"

    with serving(page) as url:
        yield seen, url


def test_fetch_downloads_the_fsf_xml(
    tmp_path: Path, path: Path, publisher: tuple[list[str], str]
) -> None:
    seen, base = publisher
    (item,) = fetch.downloads(only=["eu_fsf"])
    assert item.url == FORMAT.urls[0] and item.filename == "eu_fsf.xml"
    with httpx.Client(timeout=5) as client:
        (result,) = fetch.fetch(tmp_path, [item], client=client, mirror=base, retries=0)
        assert result.status == "new", result.error
        assert (tmp_path / "eu_fsf" / "eu_fsf.xml").read_bytes() == path.read_bytes()
        assert seen == [
            "/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"
        ]
        wrong = fetch.Download("eu_fsf", FORMAT.urls[0].replace("token=", "token=old"))
        (failed,) = fetch.fetch(tmp_path, [wrong], client=client, mirror=base, retries=0)
    assert failed.status == "failed" and "not a eu_fsf file" in (failed.error or "")
    assert (tmp_path / "eu_fsf" / "eu_fsf.xml").read_bytes() == path.read_bytes()
