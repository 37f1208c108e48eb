"""OpenSanctions Senzing export: parser output checked against records, names, dates and
relationships that these tests read from the raw lines with json.loads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.base import Head
from kleptrace.sources.opensanctions import ftm_json, senzing
from kleptrace.sources.opensanctions import targets as os_targets
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import parse_unique, raw_lines, write_lines

CONGRESS = "us_congress_senzing.json"
SAMPLE = "zavod_export_sample/senzing.json"
SCHEMATA = {"PERSON": "Person", "ORGANIZATION": "Organization", "VESSEL": "Vessel"}


def parse(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse_unique(senzing.parse, path)


def pointers(records: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    """(from, role, to) of every relationship pointer, as the records state them."""
    found = set()
    for record in records:
        for rel in record.get("RELATIONSHIPS", []):
            if "REL_POINTER_KEY" in rel:
                start = rel.get("REL_ANCHOR_KEY", record["RECORD_ID"])
                found.add((start, rel["REL_POINTER_ROLE"], rel["REL_POINTER_KEY"]))
    return found


def edges(
    entities: dict[str, StatementEntity], schema: str, a: str, b: str
) -> set[tuple[str, str]]:
    return {(e.get(a)[0], e.get(b)[0]) for e in entities.values() if e.schema.name == schema}


@pytest.fixture(scope="module")
def congress(os_dir: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse(os_dir / CONGRESS)


@pytest.fixture(scope="module")
def sample(os_dir: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse(os_dir / SAMPLE)


# -- recognising the files ----------------------------------------------------------------


@pytest.mark.parametrize("name", [CONGRESS, SAMPLE])
def test_sniff_recognises_senzing(os_dir: Path, name: str) -> None:
    assert senzing.FORMAT.sniff(Head.read(os_dir / name))
    assert detect(os_dir / name) is senzing.FORMAT
    assert not ftm_json.FORMAT.sniff(Head.read(os_dir / name))
    assert not os_targets.FORMAT.sniff(Head.read(os_dir / name))


def test_sniff_leaves_every_other_file(data_dir: Path) -> None:
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.name.endswith("senzing.json"):
            assert not senzing.FORMAT.sniff(Head.read(path)), path


def test_source_names(os_dir: Path) -> None:
    assert senzing.FORMAT.source_name(os_dir / CONGRESS) == "os_us_congress_senzing"
    assert senzing.FORMAT.source_name(os_dir / SAMPLE) == "os_zavod_export_sample_senzing"


@pytest.mark.parametrize("name", [CONGRESS, SAMPLE])
def test_published_is_the_latest_last_change(os_dir: Path, name: str) -> None:
    latest = max(r["LAST_CHANGE"][:10] for r in raw_lines(os_dir / name))
    assert senzing.FORMAT.published(os_dir / name) == latest


# -- records --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [CONGRESS, SAMPLE])
def test_every_record_is_an_entity_of_its_type(os_dir: Path, name: str) -> None:
    records = raw_lines(os_dir / name)
    entities, report = parse(os_dir / name)
    assert report.records == len(records)
    for record in records:
        entity = entities[record["RECORD_ID"]]
        if record["RECORD_TYPE"] is not None:
            assert entity.schema.name == SCHEMATA[record["RECORD_TYPE"]]
        assert entity.last_change == record["LAST_CHANGE"]
        assert entity.get("publisher") == [record["DATA_SOURCE"]]
        assert entity.get("sourceUrl") == [record["URL"]]
        names = {n.get("NAME_FULL") or n.get("NAME_ORG") for n in record["NAMES"]}
        assert set(entity.get("name")) | set(entity.get("alias")) == names
    typed = Counter(SCHEMATA[r["RECORD_TYPE"]] for r in records if r["RECORD_TYPE"])
    counted = Counter(entities[r["RECORD_ID"]].schema.name for r in records if r["RECORD_TYPE"])
    assert counted == typed


@pytest.mark.parametrize("name", [CONGRESS, SAMPLE])
def test_relationships_become_edges(os_dir: Path, name: str) -> None:
    records = raw_lines(os_dir / name)
    entities, _ = parse(os_dir / name)
    stated = pointers(records)
    assert stated
    built = {(s, "Occupancy", t) for s, t in edges(entities, "Occupancy", "holder", "post")}
    built |= {(s, "Family", t) for s, t in edges(entities, "Family", "person", "relative")}
    assert built == stated
    edge_count = sum(1 for e in entities.values() if e.schema.edge)
    assert len(entities) == len(records) + edge_count


def test_untyped_records_take_the_schema_their_edges_give(
    os_dir: Path, congress: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, report = congress
    untyped = [r for r in raw_lines(os_dir / CONGRESS) if r["RECORD_TYPE"] is None]
    assert {r["RECORD_ID"] for r in untyped} == {"Q13218630", "Q4416090"}
    post = entities["Q13218630"]
    assert post.schema.name == "Position"
    assert post.get("name") == ["United States representative"]
    assert post.get("country") == ["us"]
    assert not report.warnings


def test_untyped_records_without_edges_are_legal_entities(
    os_dir: Path, sample: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, report = sample
    untyped = [r["RECORD_ID"] for r in raw_lines(os_dir / SAMPLE) if r["RECORD_TYPE"] is None]
    assert {entities[i].schema.name for i in untyped} == {"LegalEntity"}
    assert report.warnings == [f"{len(untyped)} record(s) without RECORD_TYPE read as LegalEntity"]
    assert entities["Q14915225"].get("country") == ["lb"]  # CITIZENSHIP, no such property


def test_congress_person(congress: tuple[dict[str, StatementEntity], ParseReport]) -> None:
    entities, report = congress
    person = entities["NK-AQ4HymsADSK2D63MkyTqfC"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Jennifer L. McClellan"]
    assert person.get("birthDate") == ["1972"]
    assert person.get("nationality") == ["us"]
    assert person.get("topics") == ["role.pep"]
    assert person.get("wikidataId") == []  # an NK- id: no Wikidata item given
    assert person.last_change == "2024-03-21T08:44:01"
    assert ("NK-AQ4HymsADSK2D63MkyTqfC", "Q13218630") in edges(
        entities, "Occupancy", "holder", "post"
    )
    assert sum(report.unplaced.values()) == 0
    for stmt in person.statements:
        assert stmt.dataset == "os_us_congress_senzing"


def test_congress_dates_of_death(
    os_dir: Path, congress: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, _ = congress
    stated = {
        (r["RECORD_ID"], d["DATE_OF_DEATH"])
        for r in raw_lines(os_dir / CONGRESS)
        for d in r.get("DATES", [])
        if "DATE_OF_DEATH" in d
    }
    found = {(e.id, v) for e in entities.values() for v in e.get("deathDate", quiet=True)}
    assert found == stated


def test_sample_person(sample: tuple[dict[str, StatementEntity], ParseReport]) -> None:
    entities, _ = sample
    hariri = entities["Q296771"]
    assert hariri.schema.name == "Person"
    assert hariri.get("name") == ["Saad Hariri"]
    assert set(hariri.get("alias")) == {"Hariri", "Sa'd al-Din"}
    assert hariri.get("gender") == ["male"]
    assert hariri.get("birthDate") == ["1970-04-18"]
    assert hariri.get("birthPlace") == ["Riyadh"]
    assert set(hariri.get("nationality")) == {"lb", "fr", "sa"}
    assert hariri.get("website") == ["http://www.saadhariri.com/"]
    assert hariri.get("wikidataId") == ["Q296771"]
    relatives = {t for s, t in edges(entities, "Family", "person", "relative") if s == "Q296771"}
    assert relatives == {"Q20424718", "Q800179", "Q10279737", "Q192778"}


# -- other shapes and malformed input -------------------------------------------------------


def test_features_list_and_typed_identifiers(tmp_path: Path) -> None:
    company = {
        "DATA_SOURCE": "OS_TEST",
        "RECORD_ID": "c1",
        "FEATURES": [
            {"RECORD_TYPE": "ORGANIZATION"},
            {"NAME_TYPE": "PRIMARY", "NAME_ORG": "ACME OOO"},
            {"TAX_ID_NUMBER": "7707083893", "TAX_ID_TYPE": "INN", "TAX_ID_COUNTRY": "ru"},
            {
                "NATIONAL_ID_NUMBER": "1027700132195",
                "NATIONAL_ID_TYPE": "REGISTRATION_NUMBER",
                "NATIONAL_ID_SUBTYPE": "OGRN",
            },
            {"NATIONAL_ID_NUMBER": "X-1", "NATIONAL_ID_TYPE": "CURP"},
            {"REGISTRATION_DATE": "2002-08-16"},
            {"ADDR_TYPE": "BUSINESS", "ADDR_FULL": "Moscow"},
            {"OFAC_ID": "1234"},
            {"REL_POINTER_ROLE": "Shareholder", "REL_POINTER_DOMAIN": "OPEN_SANCTIONS",
             "REL_POINTER_KEY": "v1"},
        ],
    }  # fmt: skip
    vessel = {
        "DATA_SOURCE": "OS_TEST",
        "RECORD_ID": "v1",
        "RECORD_TYPE": "VESSEL",
        "NAMES": [{"NAME_TYPE": "PRIMARY", "NAME_ORG": "SEA"}],
        "IDENTIFIERS": [{"IMO_NUMBER": "IMO9253325"}, {"MMSI_NUMBER": "667001255"}],
    }
    report = ParseReport()
    entities = {
        e.id: e for e in senzing.parse(write_lines(tmp_path / "s.json", company, vessel), report)
    }
    acme = entities["c1"]
    assert acme.schema.name == "Organization"
    assert acme.get("innCode") == ["7707083893"]
    assert acme.get("ogrnCode") == ["1027700132195"]
    assert acme.get("idNumber") == ["X-1"]
    assert acme.get("incorporationDate") == ["2002-08-16"]
    assert acme.get("address") == ["Moscow"]
    assert {
        "OFAC_ID: 1234",
        "TAX_ID_NUMBER 7707083893: country ru",
        "NATIONAL_ID_NUMBER X-1: type CURP",
    } <= set(acme.get("notes"))
    assert entities["v1"].get("imoNumber") == ["IMO9253325"]
    assert entities["v1"].get("mmsi") == ["667001255"]
    (link,) = [e for e in entities.values() if e.schema.name == "UnknownLink"]
    assert (link.get("subject"), link.get("object"), link.get("role")) == (
        ["c1"],
        ["v1"],
        ["Shareholder"],
    )


def raises(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        list(senzing.parse(path))
    return info.value


PERSON = {"DATA_SOURCE": "OS_TEST", "RECORD_ID": "p1", "RECORD_TYPE": "PERSON"}


def test_line_that_is_not_json(tmp_path: Path) -> None:
    assert raises(write_lines(tmp_path / "s.json", PERSON, "{oops")).position == "line 2"


def test_record_without_record_id(tmp_path: Path) -> None:
    record = {k: v for k, v in PERSON.items() if k != "RECORD_ID"}
    assert raises(write_lines(tmp_path / "s.json", record)).field == "RECORD_ID"


def test_unknown_record_type(tmp_path: Path) -> None:
    error = raises(write_lines(tmp_path / "s.json", PERSON | {"RECORD_TYPE": "ALIEN"}))
    assert error.field == "RECORD_TYPE" and "ALIEN" in str(error)


def test_bytes_that_are_not_utf8_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(json.dumps(PERSON).encode() + b'\n{"RECORD_ID": "\xc3("}\n')
    assert raises(path).position == "line 2"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(b"")
    assert "empty" in str(raises(path))


def test_same_record_id_twice(tmp_path: Path) -> None:
    organization = PERSON | {"RECORD_TYPE": "ORGANIZATION"}
    assert raises(write_lines(tmp_path / "s.json", PERSON, organization)).position == "line 2"
    again = PERSON | {"NAMES": [{"NAME_TYPE": "ALIAS", "NAME_FULL": "Ann"}]}
    entities = list(senzing.parse(write_lines(tmp_path / "t.json", PERSON, again)))
    assert [(e.id, e.get("alias")) for e in entities] == [("p1", ["Ann"])]
