"""OFAC sdnList XML: parser output checked against counts the test takes from the raw file
with lxml (whole-tree XPath, not the parser's iterparse), named real records field by field,
and small or broken files written to tmp_path."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from followthemoney import StatementEntity, registry
from lxml import etree

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.ofac_xml import FORMAT
from tests.sources.helpers import TARGETS, parse_by_id

NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"
X = {"o": NS}


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "us_ofac" / "consolidated_non_sdn.xml"


@pytest.fixture(scope="module")
def entries(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).getroot().findall("o:sdnEntry", X)


@pytest.fixture(scope="module")
def parsed(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse_by_id(FORMAT.parse, path)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[dict[str, StatementEntity], ParseReport]) -> dict[str, StatementEntity]:
    return parsed[0]


def text(entry: etree._Element, xpath: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in entry.xpath(xpath + "/text()", namespaces=X)]


def uid(entry: etree._Element) -> str:
    return text(entry, "o:uid")[0]


def test_recognised_named_and_dated(path: Path) -> None:
    assert detect(path) is get_format("us_ofac_xml")
    assert FORMAT.source_name(path) == "us_ofac_cons"
    assert FORMAT.published(path) == "2025-03-28"


def test_one_target_per_entry(path: Path, entries: list[etree._Element], by_id: dict) -> None:
    raw = Counter(text(e, "o:sdnType")[0] for e in entries)
    assert sum(raw.values()) == len(re.findall(r"<sdnEntry>", path.read_text()))
    targets = [e for e in by_id.values() if e.schema.name in TARGETS]
    schemata = Counter(e.schema.name for e in targets)
    assert len(targets) == len(entries) == 443
    assert schemata["Person"] == raw["Individual"]
    assert schemata["LegalEntity"] + schemata["Organization"] + schemata["Company"] == raw["Entity"]
    assert {str(e.id) for e in targets} == {f"ofac-{uid(e)}" for e in entries}


def test_sanctions_per_program(entries: list[etree._Element], by_id: dict) -> None:
    expected = {(uid(e), p) for e in entries for p in text(e, "o:programList/o:program")}
    sanctions = [e for e in by_id.values() if e.schema.name == "Sanction"]
    got = {(s.get("entity")[0].removeprefix("ofac-"), s.get("program")[0]) for s in sanctions}
    assert len(sanctions) == len(expected) and got == expected
    assert Counter(p for _, p in expected)["UKRAINE-EO13662"] == 286
    for _, program in expected:
        assert regime_of("us", program).key != "other", program
    assert regime_of("us", "RUSSIA-EO14024").key == "russia"


def test_aliases_by_type_and_category(entries: list[etree._Element], by_id: dict) -> None:
    counts: Counter[str] = Counter()
    for entry in entries:
        person = text(entry, "o:sdnType") == ["Individual"]
        entity = by_id[f"ofac-{uid(entry)}"]
        for aka in entry.findall("o:akaList/o:aka", X):
            last, first = text(aka, "o:lastName"), text(aka, "o:firstName")
            name = f"{last[0]}, {first[0]}" if first and person else last[0]
            kind, category = text(aka, "o:type")[0], text(aka, "o:category")[0]
            prop = "previousName" if kind == "f.k.a." else "weakAlias"
            prop = prop if kind == "f.k.a." or category == "weak" else "alias"
            assert registry.name.clean_text(name) in entity.get(prop), (uid(entry), name)
            counts[prop] += 1
    assert counts == {"alias": 925, "previousName": 144, "weakAlias": 67}


def test_identifiers(entries: list[etree._Element], by_id: dict) -> None:
    for entry in entries:
        entity = by_id[f"ofac-{uid(entry)}"]
        for item in entry.findall("o:idList/o:id", X):
            kind, number = text(item, "o:idType")[0], text(item, "o:idNumber")[0]
            number = re.sub(r"\s*\((Russia|China)\)$", "", number)  # a few carry the country
            if kind == "Tax ID No.":
                assert number in entity.get("innCode") + entity.get("taxNumber")
            elif kind in {"Registration ID", "Registration Number"}:
                assert number in entity.get("ogrnCode") + entity.get("registrationNumber")
            elif kind == "ISIN":
                assert entity.schema.name == "Company" and number in entity.get("isinCode")
            elif kind == "SWIFT/BIC":
                assert number in entity.get("swiftBic")
            elif kind == "Email Address":
                assert number.lower() in [m.lower() for m in entity.get("email")] or any(
                    number in n for n in entity.get("notes")
                )
    documents = [e for e in by_id.values() if e.schema.name in {"Identification", "Passport"}]
    with_country = sum(len(e.findall("o:idList/o:id[o:idCountry]", X)) for e in entries)
    assert len(documents) >= with_country - 5  # a few ids repeat on one entry


def test_vtb(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["ofac-17013"]
    assert e.schema.name == "Company"  # BIK and ISIN-style ids make it a company
    assert e.get("name") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert e.get("ogrnCode") == ["1027739609391"]
    assert e.get("innCode") == ["7702070139"]
    assert e.get("okpoCode") == ["00032520"]
    assert e.get("leiCode") == ["253400V1H6ART1UQ0N98"]
    assert set(e.get("bikCode")) == {"044030707", "044525187"}
    assert set(e.get("website")) == {"http://www.vtb.com/", "http://www.vtb.ru/"}
    assert "JSC VTB BANK NEW DELHI BRANCH" in e.get("weakAlias")
    assert "VTB BANK PJSC" in e.get("alias")
    assert "VNESHTORGBANK" in e.get("previousName")
    assert e.get("incorporationDate") == ["1990-10-17"]
    sanction = by_id["ofac-17013-sanction-ukraine-eo13662"]
    assert "Executive Order 13662 Directive Determination - Subject to Directive 1" in sanction.get(
        "provisions"
    )


def test_haniya(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["ofac-9639"]
    assert e.schema.name == "Person"
    assert e.get("name") == ["HANIYA, Ismail Abdul Salah"]
    assert e.get("firstName") == ["Ismail Abdul Salah"] and e.get("lastName") == ["HANIYA"]
    assert set(e.get("alias")) == {"HANIYA, Ismail", "HANIYYA, Ismaeel"}
    assert e.get("birthDate") == ["1962"] and e.get("birthPlace") == ["Shati"]
    assert by_id["ofac-9639-sanction-ns-plc"].get("program") == ["NS-PLC"]


def test_links_within_file(entries: list[etree._Element], by_id: dict, parsed: tuple) -> None:
    names = {}
    for entry in entries:
        last, first = text(entry, "o:lastName"), text(entry, "o:firstName")
        person = text(entry, "o:sdnType") == ["Individual"]
        names[f"{last[0]}, {first[0]}" if first and person else last[0]] = uid(entry)
    expected = set()
    for entry in entries:
        for remark in text(entry, "o:remarks"):
            for name in re.findall(r"Linked To: ([^;]+?)\)", remark):
                expected.add((uid(entry), name))
    links = [e for e in by_id.values() if e.schema.name == "UnknownLink"]
    resolved = {(s, n) for s, n in expected if n in names}
    assert len(links) == len(resolved)
    assert parsed[1].unplaced["Linked To (not in this file)"] == len(expected) - len(resolved)


SMALL = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="{ns}">
  <publshInformation><Publish_Date>05/03/2024</Publish_Date><Record_Count>2</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>34940</uid><lastName>BALTIC LEADER</lastName><sdnType>Vessel</sdnType>
    <remarks>(Linked To: PSB LIZING OOO)</remarks>
    <programList><program>RUSSIA-EO14024</program></programList>
    <idList><id><uid>1</uid><idType>Vessel Registration Identification</idType>
      <idNumber>IMO 9220639</idNumber></id></idList>
    <vesselInfo><callSign>UBCI7</callSign><vesselType>Roll-on Roll-off</vesselType>
      <vesselFlag>Russia</vesselFlag><grossRegisteredTonnage>8,831</grossRegisteredTonnage>
      <vesselOwner>PSB LIZING</vesselOwner></vesselInfo>
  </sdnEntry>
  <sdnEntry>
    <uid>18310</uid><firstName>Roman Borisovich</firstName><lastName>ROTENBERG</lastName>
    <title>Businessman</title><sdnType>Individual</sdnType>
    <programList><program>UKRAINE-EO13661</program><program>RUSSIA-EO14024</program></programList>
    <idList><id><uid>2</uid><idType>Passport</idType><idNumber>640848350</idNumber>
      <idCountry>Russia</idCountry><issueDate>12 Jan 2018</issueDate>
      <expirationDate>12 Jan 2028</expirationDate></id></idList>
    <addressList><address><uid>3</uid><address1>Beregovaya, Street 6</address1>
      <city>Moscow</city><postalCode>125367</postalCode><country>Russia</country></address>
    </addressList>
    <nationalityList><nationality><uid>4</uid><country>Russia</country>
      <mainEntry>true</mainEntry></nationality></nationalityList>
    <citizenshipList><citizenship><uid>5</uid><country>Finland</country>
      <mainEntry>false</mainEntry></citizenship></citizenshipList>
    <dateOfBirthList><dateOfBirthItem><uid>6</uid><dateOfBirth>07 Apr 1981</dateOfBirth>
      <mainEntry>true</mainEntry></dateOfBirthItem></dateOfBirthList>
  </sdnEntry>
</sdnList>
"""


def test_sdn_xml_schema_in_full(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(SMALL.format(ns=NS))
    assert detect(path) is get_format("us_ofac_xml")
    assert FORMAT.source_name(path) == "us_ofac_sdn"
    assert FORMAT.published(path) == "2024-05-03"
    report = ParseReport()
    by_id = {str(e.id): e for e in FORMAT.parse(path, report)}
    vessel = by_id["ofac-34940"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO9220639"]
    assert vessel.get("callSign") == ["UBCI7"] and vessel.get("flag") == ["ru"]
    assert vessel.get("grossRegisteredTonnage") == ["8831"]
    assert "vesselOwner: PSB LIZING" in vessel.get("notes")
    person = by_id["ofac-18310"]
    assert person.get("name") == ["ROTENBERG, Roman Borisovich"]
    assert person.get("position") == ["Businessman"]
    assert person.get("nationality") == ["ru"] and person.get("citizenship") == ["fi"]
    assert person.get("birthDate") == ["1981-04-07"]
    assert person.get("address") == ["Beregovaya, Street 6, Moscow, 125367, Russia"]
    (passport,) = [e for e in by_id.values() if e.schema.name == "Passport"]
    assert passport.get("startDate") == ["2018-01-12"] and passport.get("endDate") == ["2028-01-12"]
    assert passport.get("country") == ["ru"]
    assert report.records == 2 and report.warnings == []
    assert report.unplaced["Linked To (not in this file)"] == 1


def test_truncated_xml_names_line(tmp_path: Path, path: Path) -> None:
    broken = tmp_path / "consolidated.xml"
    broken.write_bytes(path.read_bytes()[:20000])
    with pytest.raises(ParseError, match="invalid XML") as err:
        list(FORMAT.parse(broken))
    assert str(err.value.position).startswith("line ")


def test_duplicate_uid(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(SMALL.format(ns=NS).replace("<uid>18310</uid>", "<uid>34940</uid>"))
    with pytest.raises(ParseError, match="duplicate uid 34940") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "record 2" and err.value.field == "uid"


def test_empty_and_foreign_files(tmp_path: Path) -> None:
    empty = tmp_path / "sdn.xml"
    empty.write_text("")
    with pytest.raises(ParseError, match="empty"):
        list(FORMAT.parse(empty))
    other = tmp_path / "other.xml"
    other.write_text("<export><sanctionEntity/></export>")
    with pytest.raises(ParseError, match="sdnList"):
        list(FORMAT.parse(other))


def test_entry_without_uid(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(SMALL.format(ns=NS).replace("<uid>34940</uid>", ""))
    with pytest.raises(ParseError, match="without uid") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "record 1"


def test_list_told_apart_by_content_when_the_name_is_silent(tmp_path: Path) -> None:
    sdn = tmp_path / "list.xml"
    sdn.write_text(SMALL.format(ns=NS))
    assert FORMAT.source_name(sdn) == "us_ofac_sdn"
    cons = tmp_path / "download.xml"
    cons.write_text(SMALL.format(ns=NS).replace("RUSSIA-EO14024", "NS-PLC"))
    assert FORMAT.source_name(cons) == "us_ofac_cons"


def test_record_count_mismatch_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(SMALL.format(ns=NS).replace("<Record_Count>2<", "<Record_Count>3<"))
    report = ParseReport()
    list(FORMAT.parse(path, report))
    assert report.warnings == ["sdn.xml: Record_Count says 3 entries, the file has 2"]
