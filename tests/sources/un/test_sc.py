"""UN Security Council consolidated XML: parser output checked against counts and values
that these tests read from the raw file themselves (xml.etree), never from the parser."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from followthemoney import StatementEntity

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.base import Head
from kleptrace.sources.report import ParseReport
from kleptrace.sources.un import sc as un_sc

PASSPORT_WORDS = re.compile(r"pass(?:e)?port|pasaporte", re.I)
ID_PROPS = ("passportNumber", "idNumber", "taxNumber", "socialSecurityNumber")


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def un_file(data_dir: Path) -> Path:
    return data_dir / "un_sc" / "consolidated.xml"


@pytest.fixture(scope="module")
def raw(un_file: Path) -> ET.Element:
    return ET.parse(un_file).getroot()


@pytest.fixture(scope="module")
def parsed(un_file: Path) -> tuple[list[StatementEntity], ParseReport]:
    report = ParseReport()
    return list(un_sc.parse(un_file, report)), report


@pytest.fixture(scope="module")
def by_ref(
    parsed: tuple[list[StatementEntity], ParseReport], by_id: dict[str, StatementEntity]
) -> dict[str, StatementEntity]:
    """Target entity by UN reference number, found through its Sanction."""
    out = {}
    for entity in parsed[0]:
        if entity.schema.name == "Sanction":
            out[entity.first("unscId")] = by_id[entity.first("entity")]
    return out


@pytest.fixture(scope="module")
def docs_by_holder(
    parsed: tuple[list[StatementEntity], ParseReport],
) -> dict[str, list[StatementEntity]]:
    out: dict[str, list[StatementEntity]] = defaultdict(list)
    for entity in parsed[0]:
        if entity.schema.name in ("Passport", "Identification"):
            out[entity.first("holder")].append(entity)
    return out


def records(raw: ET.Element) -> list[ET.Element]:
    return raw.findall("INDIVIDUALS/INDIVIDUAL") + raw.findall("ENTITIES/ENTITY")


def printed(entity: StatementEntity, *props: str) -> set[str]:
    """Values of the props as stored and as printed in the source (original values)."""
    out: set[str] = set()
    for stmt in entity.statements:
        if stmt.prop in props:
            out.add(stmt.value)
            if stmt.original_value:
                out.add(stmt.original_value)
    return out


def originals(entity: StatementEntity, prop: str, value: str) -> set[str]:
    return {
        s.original_value or s.value
        for s in entity.statements
        if s.prop == prop and s.value == value
    }


def text(el: ET.Element, path: str) -> str | None:
    return norm(el.findtext(path)) or None


def req(el: ET.Element, path: str) -> str:
    """A field every record has (DATAID, REFERENCE_NUMBER, UN_LIST_TYPE, LISTED_ON)."""
    value = text(el, path)
    assert value is not None, path
    return value


# --- recognising the file -----------------------------------------------------------


def test_sniff_and_detect(un_file: Path, tmp_path: Path) -> None:
    assert un_sc.FORMAT.sniff(Head.read(un_file))
    assert detect(un_file) is un_sc.FORMAT
    other = tmp_path / "sdn.xml"
    other.write_text('<?xml version="1.0"?><sdnList><publshInformation/></sdnList>')
    assert not un_sc.FORMAT.sniff(Head.read(other))
    bare = tmp_path / "consolidated.xml"
    bare.write_text("ent_num,name\n1,CONSOLIDATED_LIST\n")
    assert not un_sc.FORMAT.sniff(Head.read(bare))


def test_format_metadata(un_file: Path, raw: ET.Element) -> None:
    fmt = un_sc.FORMAT
    assert fmt.name == "un_sc"
    assert fmt.jurisdiction == "un"
    assert fmt.publisher == "United Nations Security Council"
    assert fmt.urls == ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",)
    assert fmt.source_name(un_file) == "un_sc"
    assert fmt.published(un_file) == raw.get("dateGenerated")[:10] == "2026-02-27"


# --- counts against the raw file ------------------------------------------------------


def test_entity_counts(parsed: tuple[list[StatementEntity], ParseReport], raw: ET.Element) -> None:
    entities, report = parsed
    individuals = len(raw.findall("INDIVIDUALS/INDIVIDUAL"))
    orgs = len(raw.findall("ENTITIES/ENTITY"))
    schemas = Counter(e.schema.name for e in entities)
    assert schemas["Person"] == individuals
    assert schemas["Organization"] + schemas["Vessel"] + schemas["Airplane"] == orgs
    assert schemas["Sanction"] == individuals + orgs
    assert report.records == individuals + orgs
    assert report.rejected == []
    assert report.unmapped_programs == {}
    ids = {e.id for e in entities if e.schema.name != "Sanction"}
    assert {f"unsc-{req(r, 'DATAID')}" for r in records(raw)} <= ids


def test_sanctions_carry_record_fields(
    by_ref: dict[str, StatementEntity], by_id: dict[str, StatementEntity], raw: ET.Element
) -> None:
    for rec in records(raw):
        ref = req(rec, "REFERENCE_NUMBER")
        target = by_ref[ref]
        assert target.id == f"unsc-{req(rec, 'DATAID')}"
        sanction = by_id[f"{target.id}-sanction-{req(rec, 'UN_LIST_TYPE').lower()}"]
        assert sanction.get("unscId") == [ref]
        assert sanction.get("authorityId") == [ref]
        assert sanction.get("program") == [req(rec, "UN_LIST_TYPE")]
        assert sanction.get("listingDate") == [req(rec, "LISTED_ON")[:10]]
        assert sanction.get("recordId") == [req(rec, "DATAID")]
        updated = {norm(v.text) for v in rec.findall("LAST_DAY_UPDATED/VALUE") if norm(v.text)}
        assert set(sanction.get("modifiedAt")) == updated
        if text(rec, "COMMENTS1"):
            assert sanction.get("reason") == [text(rec, "COMMENTS1")]
        assert f"unscId: {ref}" in target.get("notes")


def test_regime_mapping(parsed: tuple[list[StatementEntity], ParseReport], raw: ET.Element) -> None:
    programs = {req(r, "UN_LIST_TYPE") for r in records(raw)}
    for program in programs:
        assert regime_of("un", program).key != "other", program
    assert regime_of("un", "DPRK").key == "dprk"
    assert regime_of("un", "Al-Qaida").key == "terrorism"
    assert regime_of("un", "Taliban").key == "taliban"
    assert regime_of("un", "Iran").key == "nonproliferation"
    sanctioned = Counter(e.first("program") for e in parsed[0] if e.schema.name == "Sanction")
    assert sanctioned == Counter(req(r, "UN_LIST_TYPE") for r in records(raw))


def test_aliases_by_quality(by_ref: dict[str, StatementEntity], raw: ET.Element) -> None:
    props = {"Good": "alias", "a.k.a.": "alias", "Low": "weakAlias", "f.k.a.": "previousName"}
    seen: Counter[str] = Counter()
    for rec in records(raw):
        target = by_ref[req(rec, "REFERENCE_NUMBER")]
        for alias in rec.findall("INDIVIDUAL_ALIAS") + rec.findall("ENTITY_ALIAS"):
            name = text(alias, "ALIAS_NAME")
            if name is None:
                continue
            quality = text(alias, "QUALITY")
            assert name in printed(target, props[quality]), (target.id, quality, name)
            seen[quality] += 1
    raw_qualities = Counter(
        text(a, "QUALITY") for a in raw.iter() if a.tag.endswith("_ALIAS") and text(a, "ALIAS_NAME")
    )
    assert seen == raw_qualities
    assert seen["Low"] > 500 and seen["f.k.a."] > 10


def test_original_script_names(by_ref: dict[str, StatementEntity], raw: ET.Element) -> None:
    count = 0
    for rec in records(raw):
        original = text(rec, "NAME_ORIGINAL_SCRIPT")
        if original:
            assert original in printed(by_ref[req(rec, "REFERENCE_NUMBER")], "alias")
            count += 1
    assert count == len(raw.findall(".//NAME_ORIGINAL_SCRIPT"))


def test_documents(
    by_ref: dict[str, StatementEntity],
    docs_by_holder: dict[str, list[StatementEntity]],
    raw: ET.Element,
) -> None:
    with_number = passports = 0
    for rec in raw.findall("INDIVIDUALS/INDIVIDUAL"):
        person = by_ref[req(rec, "REFERENCE_NUMBER")]
        docs = [d for d in rec.findall("INDIVIDUAL_DOCUMENT") if len(d)]
        held = docs_by_holder.get(person.id, [])
        numbers = {text(d, "NUMBER") for d in docs if text(d, "NUMBER")}
        assert len(numbers) <= len(held) <= len(docs)
        for doc in docs:
            number = text(doc, "NUMBER")
            if number is None:
                continue
            with_number += 1
            assert number in printed(person, *ID_PROPS), (person.id, number)
            assert any(number in printed(h, "number") for h in held)
            if PASSPORT_WORDS.search(doc.findtext("TYPE_OF_DOCUMENT") or ""):
                passports += 1
                assert number in printed(person, "passportNumber")
                assert any(
                    h.schema.name == "Passport" and number in printed(h, "number") for h in held
                )
    assert with_number == len(raw.findall(".//INDIVIDUAL_DOCUMENT/NUMBER"))
    assert passports > 300


def test_dates_of_birth_by_type(by_ref: dict[str, StatementEntity], raw: ET.Element) -> None:
    checked: Counter[str] = Counter()
    for rec in raw.findall("INDIVIDUALS/INDIVIDUAL"):
        person = by_ref[req(rec, "REFERENCE_NUMBER")]
        births = set(person.get("birthDate"))
        for dob in rec.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            kind = text(dob, "TYPE_OF_DATE") or ""
            date, year = text(dob, "DATE"), text(dob, "YEAR")
            start, end = text(dob, "FROM_YEAR"), text(dob, "TO_YEAR")
            if kind == "BETWEEN":
                years = {str(y) for y in range(int(start), int(end) + 1)}
                assert years <= births, (person.id, years)
                # A year also printed elsewhere keeps that wording (one statement per value).
                assert any("between" in o for y in years for o in originals(person, "birthDate", y))
            elif kind == "APPROXIMATELY" and (date or year):
                value = date or year
                assert value in births
                assert any("approximately" in o for o in originals(person, "birthDate", value))
            elif date:
                assert date in births
            elif year:
                assert any(b.startswith(year) for b in births), (person.id, year)
            elif text(dob, "NOTE"):
                # A printed wording only: read as a date or kept as a note.
                note = text(dob, "NOTE")
                assert births or any(note in n for n in person.get("notes"))
            else:
                continue
            checked[kind] += 1
    raw_kinds = Counter(
        text(d, "TYPE_OF_DATE") or ""
        for d in raw.iter("INDIVIDUAL_DATE_OF_BIRTH")
        if any(text(d, t) for t in ("DATE", "YEAR", "FROM_YEAR", "NOTE"))
    )
    assert checked == raw_kinds
    assert checked["APPROXIMATELY"] > 100 and checked["BETWEEN"] > 20


def test_imo_numbers_in_comments(by_ref: dict[str, StatementEntity], raw: ET.Element) -> None:
    found = 0
    for rec in raw.findall("ENTITIES/ENTITY"):
        m = re.search(r"\bIMO\)?(?: Number)?:?\s*(\d{7})", rec.findtext("COMMENTS1") or "", re.I)
        if m:
            found += 1
            target = by_ref[req(rec, "REFERENCE_NUMBER")]
            # The UN prints the IMO company numbers of shipping firms, not ships.
            assert target.schema.name == "Organization"
            assert target.get("imoNumber") == [f"IMO{m.group(1)}"]
    assert found == 16


# --- named real records -------------------------------------------------------------


def test_yun_ho_jin(by_ref: dict[str, StatementEntity]) -> None:
    person = by_ref["KPi.001"]
    assert person.schema.name == "Person"
    assert person.id == "unsc-690734"
    assert person.get("name") == ["YUN HO-JIN"]
    assert person.get("firstName") == ["YUN"]
    assert person.get("secondName") == ["HO-JIN"]
    assert person.get("alias") == ["Yun Ho-chin"]
    assert person.get("birthDate") == ["1944-10-13"]
    assert person.get("nationality") == ["kp"]
    assert person.get("position") == ["Director of Namchongang Trading Corporation"]
    assert person.get("address") == ["Pyongyang, Democratic People's Republic of Korea"]


def test_komid(by_ref: dict[str, StatementEntity], by_id: dict[str, StatementEntity]) -> None:
    org = by_ref["KPe.001"]
    assert org.schema.name == "Organization"
    assert org.get("name") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert set(org.get("alias")) == {
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        "KOMID",
    }
    assert originals(org, "alias", "KOMID") == {'"KOMID"'}
    assert org.get("country") == ["kp"]
    sanction = by_id["unsc-690735-sanction-dprk"]
    assert sanction.get("listingDate") == ["2009-04-24"]
    assert sanction.get("authority") == ["United Nations Security Council"]


def test_passport_with_issue_and_expiry(
    by_ref: dict[str, StatementEntity], docs_by_holder: dict[str, list[StatementEntity]]
) -> None:
    person = by_ref["KPi.068"]
    assert set(person.get("passportNumber")) == {"927234267", "108120258"}
    passport = next(d for d in docs_by_holder[person.id] if d.get("number") == ["108120258"])
    assert passport.schema.name == "Passport"
    assert passport.get("country") == ["kp"]
    assert passport.get("startDate") == ["2018-02-14"]
    assert passport.get("endDate") == ["2023-02-14"]
    assert passport.get("summary") == ["expiration date 14 Feb. 2023"]


def test_document_numbers_cut_from_wording(
    by_ref: dict[str, StatementEntity], docs_by_holder: dict[str, list[StatementEntity]]
) -> None:
    person = by_ref["QDi.060"]
    assert "L 191609" in person.get("passportNumber")
    assert person.get("taxNumber") == ["DAOMMD74T11Z352Z"]
    assert originals(person, "taxNumber", "DAOMMD74T11Z352Z") == {
        "Italian Fiscal Code: DAOMMD74T11Z352Z"
    }
    passport = next(d for d in docs_by_holder[person.id] if d.schema.name == "Passport")
    assert passport.get("startDate") == ["1996-02-28"]
    assert passport.get("endDate") == ["2001-02-27"]
    # The three language versions of one DPRK passport make one Passport entity.
    kp = by_ref["KPi.008"]
    assert [d.get("number") for d in docs_by_holder[kp.id]] == [["645120196"]]
    assert len(docs_by_holder[kp.id][0].get("type")) == 3


def test_approximate_and_between_births(by_ref: dict[str, StatementEntity]) -> None:
    approx = by_ref["CDi.014"]
    assert set(approx.get("birthDate")) == {"1962-03-17", "1966"}
    assert originals(approx, "birthDate", "1966") == {"approximately 1966"}
    between = by_ref["CDi.030"]
    assert set(between.get("birthDate")) == {"1973", "1974"}
    assert originals(between, "birthDate", "1973") == {"between 1973 and 1974"}
    month = by_ref["QDi.395"]  # YEAR 1958 with NOTE "Sep."
    assert month.get("birthDate") == ["1958-09"]
    hijri = by_ref["QDi.291"]
    assert "birthDate: 24/06/1402 (Hijri Calendar)" in hijri.get("notes")
    assert not any(b.startswith("1402") for b in hijri.get("birthDate"))


# --- malformed and edge-case input ----------------------------------------------------

PERSON = """<INDIVIDUAL><DATAID>{id}</DATAID><VERSIONNUM>1</VERSIONNUM>
<FIRST_NAME>{name}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
<REFERENCE_NUMBER>KPi.{id}</REFERENCE_NUMBER><LISTED_ON>2015-07-01-04:00</LISTED_ON>
</INDIVIDUAL>"""


def write(tmp_path: Path, body: str, root: str = "CONSOLIDATED_LIST") -> Path:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} dateGenerated="2026-01-02T03:04:05Z">'
        f"\n{body}\n</{root}>\n",
        encoding="utf-8",
    )
    return path


def people(*items: tuple[str, str]) -> str:
    return (
        "<INDIVIDUALS>" + "".join(PERSON.format(id=i, name=n) for i, n in items) + "</INDIVIDUALS>"
    )


def test_tiny_file_and_xs_date_offset(tmp_path: Path) -> None:
    path = write(tmp_path, people(("1", "ANNA"), ("2", "BORIS")))
    entities = list(un_sc.parse(path))
    assert [e.id for e in entities] == [
        "unsc-1",
        "unsc-1-sanction-dprk",
        "unsc-2",
        "unsc-2-sanction-dprk",
    ]
    assert entities[1].get("listingDate") == ["2015-07-01"]
    assert originals(entities[1], "listingDate", "2015-07-01") == {"2015-07-01-04:00"}
    assert un_sc.published(path) == "2026-01-02"


def test_gzipped_file(tmp_path: Path) -> None:
    plain = write(tmp_path, people(("1", "ANNA")))
    packed = tmp_path / "consolidated.xml.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert un_sc.FORMAT.sniff(Head.read(packed))
    assert [e.id for e in un_sc.parse(packed)] == ["unsc-1", "unsc-1-sanction-dprk"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty file"):
        list(un_sc.parse(path))


def test_truncated_xml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, people(("1", "ANNA"), ("2", "BORIS")))
    path.write_text(path.read_text()[:-80])
    with pytest.raises(ParseError) as err:
        list(un_sc.parse(path))
    assert err.value.position.startswith("line ")
    assert "invalid XML" in err.value.reason


def test_wrong_root(tmp_path: Path) -> None:
    path = write(tmp_path, people(("1", "ANNA")), root="sdnList")
    with pytest.raises(ParseError, match="root element") as err:
        list(un_sc.parse(path))
    assert err.value.field == "sdnList"


def test_missing_dataid(tmp_path: Path) -> None:
    body = people(("1", "ANNA")).replace("<DATAID>1</DATAID>", "")
    with pytest.raises(ParseError, match="without DATAID") as err:
        list(un_sc.parse(write(tmp_path, body)))
    assert err.value.field == "DATAID"
    assert err.value.position == "line 3"


def test_missing_name(tmp_path: Path) -> None:
    body = people(("1", ""))
    with pytest.raises(ParseError, match="no name") as err:
        list(un_sc.parse(write(tmp_path, body)))
    assert err.value.field == "FIRST_NAME"


def test_duplicate_dataid(tmp_path: Path) -> None:
    path = write(tmp_path, people(("7", "ANNA"), ("7", "BORIS")))
    with pytest.raises(ParseError, match="duplicate DATAID 7"):
        list(un_sc.parse(path))


def test_unexpected_elements_are_rejected_and_unknown_fields_noted(tmp_path: Path) -> None:
    body = (
        people(("1", "ANNA")).replace("</INDIVIDUAL>", "<SHOE_SIZE>44</SHOE_SIZE></INDIVIDUAL>")
        + "<VESSELS><VESSEL><NAME>X</NAME></VESSEL></VESSELS>"
    )
    report = ParseReport()
    entities = list(un_sc.parse(write(tmp_path, body), report))
    assert "SHOE_SIZE: 44" in entities[0].get("notes")
    assert report.unplaced["SHOE_SIZE"] == 1
    assert [r.reason for r in report.rejected] == ["unexpected <VESSELS>"]
    assert "<NAME>X</NAME>" in report.rejected[0].raw


def test_vessel_and_company_imo(tmp_path: Path) -> None:
    entity = """<ENTITY><DATAID>{id}</DATAID><FIRST_NAME>{name}</FIRST_NAME>
    <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.{id}</REFERENCE_NUMBER>
    <LISTED_ON>2018-03-30</LISTED_ON><COMMENTS1>{comment}</COMMENTS1></ENTITY>"""
    body = (
        "<ENTITIES>"
        + entity.format(id=1, name="PAEK MA", comment="DPRK-flagged tanker. IMO number: 9220639.")
        + entity.format(id=2, name="PAEKMA SHIPPING CO", comment="Owner. IMO number: 5963351.")
        + "</ENTITIES>"
    )
    vessel, _, company, _ = un_sc.parse(write(tmp_path, body))
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO9220639"]
    assert company.schema.name == "Organization"
    assert company.get("imoNumber") == ["IMO5963351"]


def test_comment_labels_come_from_the_shared_table(tmp_path: Path) -> None:
    """Labelled numbers in COMMENTS1 go where data/identifiers.yml says; a labelled word
    without a digit ("licence in 2018") is prose, and an invalid SWIFT code is not placed."""
    comment = (
        "SWIFT/BIC: KDBKKPPY. Tax Number: 0980338; VAT Number BE480224531. "
        "Registered company number: 02142819. Its licence in 2018 lapsed. SWIFT: NOTABIC1X."
    )
    body = f"""<ENTITIES><ENTITY><DATAID>7</DATAID><FIRST_NAME>KORYO BANK</FIRST_NAME>
    <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.7</REFERENCE_NUMBER>
    <LISTED_ON>2018-03-30</LISTED_ON><COMMENTS1>{comment}</COMMENTS1></ENTITY></ENTITIES>"""
    bank = next(iter(un_sc.parse(write(tmp_path, body))))
    assert bank.get("swiftBic") == ["KDBKKPPY"]
    assert bank.get("taxNumber") == ["0980338"]
    assert bank.get("vatCode") == ["BE480224531"]
    assert bank.get("registrationNumber") == ["02142819"]
    assert bank.get("licenseNumber") == []
