"""Canada SEMA XML: parser output checked against counts taken from the raw file here, named
real records field by field, and malformed files written to tmp_path."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from followthemoney import StatementEntity
from lxml import etree

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.ca.sema import FORMAT
from kleptrace.sources.ca.sema_aliases import split_aliases
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import sanctions_of

JVCFOR = (
    "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR) / Règlement relatif à "
    "la justice pour les victimes de dirigeants étrangers corrompus (RJVDEC)"
)


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "ca_sema" / "sema-lmes.xml"


@pytest.fixture(scope="module")
def raw(path: Path) -> list[dict[str, str]]:
    """Every <record> as a dict of its child elements, read without the parser."""
    root = etree.parse(str(path)).getroot()
    return [
        {child.tag: (child.text or "").strip() for child in record}
        for record in root.iter("record")
    ]


def test_registry_and_metadata(path: Path) -> None:
    assert detect(path) is FORMAT
    assert get_format("ca_sema") is FORMAT
    assert FORMAT.source_name(path) == "ca_sema"
    assert FORMAT.jurisdiction == "ca"
    assert FORMAT.publisher == "Global Affairs Canada"
    assert FORMAT.urls == (
        "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lmes.xml",
    )


def test_published_is_latest_listing(path: Path, raw: list[dict[str, str]]) -> None:
    assert FORMAT.published(path) == max(r["DateOfListing"] for r in raw)


def test_counts_by_kind(parsed: tuple[list[StatementEntity], ParseReport], raw: list[dict]) -> None:
    entities, report = parsed
    expected: Counter[str] = Counter()
    for r in raw:
        if r.get("EntityOrShip"):
            ship = r.get("ShipIMONumber") or r.get("TitleOrShip")
            expected["Vessel" if ship else "LegalEntity"] += 1
        elif r.get("LastName") or r.get("GivenName"):
            expected["Person"] += 1
    expected["Sanction"] = sum(expected.values())
    assert Counter(e.schema.name for e in entities) == expected
    assert report.records == len(raw)
    assert report.rejected == []
    assert report.unmapped_programs == {}
    # (Country, Schedule, Item) is a key: one entity per record, no id used twice
    targets = [e for e in entities if e.schema.name != "Sanction"]
    assert len({e.id for e in targets}) == len(raw)


def test_imo_numbers(parsed: tuple[list[StatementEntity], ParseReport], raw: list[dict]) -> None:
    expected = {f"IMO{r['ShipIMONumber']}" for r in raw if r.get("ShipIMONumber")}
    found = {v for e in parsed[0] if e.schema.name == "Vessel" for v in e.get("imoNumber")}
    assert found == expected
    assert len(expected) == sum(1 for r in raw if r.get("ShipIMONumber"))


def test_sanctions_by_regime(
    parsed: tuple[list[StatementEntity], ParseReport], raw: list[dict]
) -> None:
    expected = Counter(regime_of("ca", r["Country"]).key for r in raw)
    found = Counter(
        regime_of("ca", e.first("program")).key for e in parsed[0] if e.schema.name == "Sanction"
    )
    assert found == expected
    assert "other" not in found
    assert found["global-magnitsky"] == sum(1 for r in raw if r["Country"] == JVCFOR)


def test_regime_mapping() -> None:
    assert regime_of("ca", "Russia / Russie").key == "russia"
    assert regime_of("ca", "JVCFOR").key == "global-magnitsky"
    assert regime_of("ca", JVCFOR).key == "global-magnitsky"
    assert regime_of("ca", JVCFOR).magnitsky
    assert regime_of("ca", "Belarus / Bélarus").key == "belarus"
    assert regime_of("ca", "Venezuela ").key == "venezuela"


def test_person_ivanov(
    by_id: dict[str, StatementEntity], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    person = by_id["ca-sema-russia-1-part-1-23"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Sergei IVANOV"]
    assert person.get("firstName") == ["Sergei"]
    assert person.get("lastName") == ["IVANOV"]
    assert person.get("birthDate") == ["1953-01-31"]
    (sanction,) = sanctions_of(parsed[0], person.id)
    assert sanction.get("program") == ["Russia / Russie"]
    assert sanction.get("listingDate") == ["2014-03-21"]
    assert sanction.get("authorityId") == ["Schedule 1, Part 1, Item 23"]
    assert sanction.get("authority") == ["Global Affairs Canada"]
    assert sanction.get("country") == ["ca"]


def test_entity_bank_rossiya(by_id: dict[str, StatementEntity]) -> None:
    bank = by_id["ca-sema-russia-1-part-2-1"]
    assert bank.schema.name == "LegalEntity"
    assert bank.get("name") == ["Aktsionerny Bank Russian Federation"]
    assert bank.get("alias") == ["Bank Rossiya"]


def test_ship_balitiyskiy(
    by_id: dict[str, StatementEntity], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    ship = by_id["ca-sema-russia-1-1-1"]
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["Balitiyskiy III"]
    assert ship.get("imoNumber") == ["IMO7612448"]
    assert ship.get("buildDate") == ["1980"]
    assert ship.get("type") == ["General Cargo / Multi Purpose"]
    (sanction,) = sanctions_of(parsed[0], ship.id)
    assert sanction.get("listingDate") == ["2025-02-21"]
    assert regime_of("ca", sanction.first("program")).key == "russia"


def test_jvcfoa_record(
    by_id: dict[str, StatementEntity], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    person = by_id["ca-sema-jvcfor-1"]
    assert person.get("name") == ["Nicolás MADURO MOROS"]
    assert person.get("lastName") == ["MADURO MOROS"]
    (sanction,) = sanctions_of(parsed[0], person.id)
    assert sanction.get("program") == [JVCFOR]
    assert sanction.get("listingDate") == ["2017-11-03"]
    assert sanction.get("authorityId") == ["Item 1"]
    assert regime_of("ca", sanction.first("program")).key == "global-magnitsky"


def test_aliases_keep_source_wording(by_id: dict[str, StatementEntity]) -> None:
    ministry = by_id["ca-sema-russia-1-part-2-103"]
    assert sorted(ministry.get("alias")) == sorted(["Министерство финансов", "МинФин", "MinFin"])
    originals = {s.original_value for s in ministry.statements if s.prop == "alias"}
    assert originals == {"Министерство финансов or МинФин; MinFin"}


@pytest.mark.parametrize(
    ("text", "person", "expected"),
    [
        ("Bank Rossiya", False, [("Bank Rossiya", None)]),
        ("Радиоавтоматика, ООО", False, [("Радиоавтоматика, ООО", None)]),
        (
            "SSC RF Trinity, JSC; ГНЦ РФ Тринити, АО",
            False,
            [("SSC RF Trinity, JSC", None), ("ГНЦ РФ Тринити, АО", None)],
        ),
        (
            "Министерство финансов or МинФин; MinFin",
            False,
            [("Министерство финансов", None), ("МинФин", None), ("MinFin", None)],
        ),
        (
            "Hanna Borisovna Liavusik or Anna Borisovna Leusik,  Belarusian: Ганна Барысаўна "
            "Лявусiк, Russian: Анна Борисовна Леусик",
            True,
            [
                ("Hanna Borisovna Liavusik", None),
                ("Anna Borisovna Leusik", None),
                ("Ганна Барысаўна Лявусiк", "bel"),
                ("Анна Борисовна Леусик", "rus"),
            ],
        ),
        (
            "Katsiaryna or Katerina Smuschkovich, Ekaterina Varabei",
            True,
            [("Katsiaryna or Katerina Smuschkovich", None), ("Ekaterina Varabei", None)],
        ),
        ("Баранов, Олег Анатольевич", True, [("Баранов, Олег Анатольевич", None)]),
        (
            "Myanma Five Star Line Company\nLimited",
            False,
            [("Myanma Five Star Line Company Limited", None)],
        ),
    ],
)
def test_split_aliases(text: str, person: bool, expected: list[tuple[str, str | None]]) -> None:
    assert split_aliases(text, person) == expected


def write(tmp_path: Path, body: str, name: str = "sema-lmes.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<data-set>\n'
PERSON = (
    "<record><Country>Russia / Russie</Country><LastName>DOE</LastName>"
    "<GivenName>John</GivenName><Schedule>1, Part 1</Schedule><Item>{item}</Item>"
    "<DateOfListing>2022-02-24</DateOfListing></record>\n"
)


def test_tiny_file_parses_and_keeps_unknown_elements(tmp_path: Path) -> None:
    body = (
        HEAD
        + PERSON.format(item=1)
        + "<record><Country>Iran</Country><LastName>X</LastName><Item>7</Item>"
        "<DateOfBirthOrShipBuildDate>1965-07-15 OR 1969-09-28</DateOfBirthOrShipBuildDate>"
        "<Remark>new field</Remark><DateOfListing>2023-01-01</DateOfListing></record>\n"
        "</data-set>\n"
    )
    path = write(tmp_path, body)
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(path, report)}
    assert entities["ca-sema-russia-1-part-1-1"].get("name") == ["John DOE"]
    other = entities["ca-sema-iran-7"]
    assert sorted(other.get("birthDate")) == ["1965-07-15", "1969-09-28"]
    assert other.get("notes") == ["Remark: new field"]
    assert report.unplaced["Remark"] == 1
    assert FORMAT.published(path) == "2023-01-01"
    assert detect(path) is FORMAT


def test_truncated_xml(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + PERSON.format(item=1) + "<record><Country>Rus")
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.position is not None and str(err.value.position).startswith("line ")
    assert "invalid XML" in str(err.value)


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(ParseError, match="empty file"):
        list(FORMAT.parse(path))


def test_no_records(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + "</data-set>\n")
    with pytest.raises(ParseError, match="no <record>"):
        list(FORMAT.parse(path))


def test_wrong_root(tmp_path: Path) -> None:
    path = write(tmp_path, "<?xml version='1.0'?><sdnList><record/></sdnList>")
    with pytest.raises(ParseError, match="root element"):
        list(FORMAT.parse(path))


def test_missing_required_element(tmp_path: Path) -> None:
    body = HEAD + PERSON.format(item=1).replace("<Item>1</Item>", "") + "</data-set>"
    path = write(tmp_path, body)
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.field == "Item"
    assert err.value.position == "line 3"


def test_duplicate_key(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + PERSON.format(item=5) + PERSON.format(item=5) + "</data-set>")
    with pytest.raises(ParseError, match="duplicate listing key") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 4"


def test_record_without_name_is_rejected(tmp_path: Path) -> None:
    body = (
        HEAD + PERSON.format(item=1) + "<record><Country>Iran</Country><Item>2</Item>"
        "<DateOfListing>2023-01-01</DateOfListing></record>\n</data-set>"
    )
    path = write(tmp_path, body)
    report = ParseReport()
    entities = list(FORMAT.parse(path, report))
    assert len(entities) == 2  # the person and its sanction
    (rejected,) = report.rejected
    assert rejected.position == "line 4"
    assert "<Item>2</Item>" in rejected.raw
