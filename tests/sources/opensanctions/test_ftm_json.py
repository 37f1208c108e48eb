"""FtM JSON lines (OpenSanctions entities, yente fixtures, nested targets): parser output
checked against counts and values these tests read from the raw lines with json.loads."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.base import Head
from kleptrace.sources.opensanctions import exports as os_exports
from kleptrace.sources.opensanctions import ftm_json, senzing
from kleptrace.sources.opensanctions import targets as os_targets
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import parse_unique, raw_lines, write_lines

FLAT = (
    "yente_fixture_zala_entities.ftm.json",
    "yente_fixture_parteispenden_entities.ftm.json",
    "zavod_export_sample/entities.ftm.json",
)
NESTED = "zavod_export_sample/targets.nested.json"
COMPANIONS = (
    "index.json",
    "issues.json",
    "resources.json",
    "statistics.json",
    "names.txt",
    "statements.pack",
)


def norm(text: str) -> str:
    return " ".join(text.split())


def walk(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record and every entity object nested in its property values."""
    found = [record]
    for values in record.get("properties", {}).values():
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict) and "schema" in value and "id" in value:
                found.extend(walk(value))
    return found


def parse(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse_unique(ftm_json.parse, path)


@pytest.fixture(scope="module")
def zala(os_dir: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse(os_dir / FLAT[0])


# -- recognising the files ----------------------------------------------------------------


@pytest.mark.parametrize("name", [*FLAT, NESTED])
def test_sniff_recognises_ftm_json(os_dir: Path, name: str) -> None:
    assert ftm_json.FORMAT.sniff(Head.read(os_dir / name))
    assert detect(os_dir / name) is ftm_json.FORMAT


@pytest.mark.parametrize("name", [*COMPANIONS, "senzing.json", "targets.simple.csv"])
def test_sniff_leaves_other_export_files(os_dir: Path, name: str) -> None:
    head = Head.read(os_dir / "zavod_export_sample" / name)
    assert not ftm_json.FORMAT.sniff(head)
    if name in COMPANIONS:
        assert not os_targets.FORMAT.sniff(head)
        assert not senzing.FORMAT.sniff(head)


def test_sniff_reads_a_first_line_longer_than_the_head(tmp_path: Path) -> None:
    line = '{"id": "x1", "schema": "Person", "properties": {"notes": ["' + "a" * 500
    assert ftm_json.FORMAT.sniff(Head(tmp_path / "big.json", line))
    assert not ftm_json.FORMAT.sniff(Head(tmp_path / "big.json", '{"DATA_SOURCE": "X", "a'))


def test_source_names(os_dir: Path) -> None:
    assert os_exports.os_source_name(os_dir / FLAT[0]) == "os_yente_fixture_zala"
    assert os_exports.os_source_name(os_dir / FLAT[1]) == "os_yente_fixture_parteispenden"
    assert os_exports.os_source_name(os_dir / FLAT[2]) == "os_zavod_export_sample"
    assert os_exports.os_source_name(os_dir / NESTED) == "os_zavod_export_sample_nested"


@pytest.mark.parametrize("name", [*FLAT, NESTED])
def test_published_is_the_latest_date_in_the_data(os_dir: Path, name: str) -> None:
    dates = [
        value[:10]
        for top in raw_lines(os_dir / name)
        for record in walk(top)
        for key, value in record.items()
        if key in ("last_change", "last_seen") and value
    ]
    assert ftm_json.FORMAT.published(os_dir / name) == (max(dates) if dates else None)


# -- what the files hold ------------------------------------------------------------------


@pytest.mark.parametrize("name", FLAT)
def test_entities_per_schema_match_the_lines(os_dir: Path, name: str) -> None:
    lines = raw_lines(os_dir / name)
    entities, report = parse(os_dir / name)
    assert Counter(e.schema.name for e in entities.values()) == Counter(r["schema"] for r in lines)
    assert set(entities) == {r["id"] for r in lines}
    assert report.records == len(lines)
    assert not report.rejected


@pytest.mark.parametrize("name", FLAT[:2])
def test_every_value_is_a_property_or_a_labelled_note(os_dir: Path, name: str) -> None:
    entities, report = parse(os_dir / name)
    noted = 0
    for record in raw_lines(os_dir / name):
        entity = entities[record["id"]]
        notes = set(entity.get("notes", quiet=True)) | set(entity.get("description", quiet=True))
        for prop, values in record["properties"].items():
            for value in values:
                if norm(value) in entity.get(prop):
                    continue
                assert f"{prop}: {norm(value)}" in notes, (record["id"], prop, value)
                noted += 1
    assert noted == sum(report.unplaced.values())


def test_envelope_is_kept(os_dir: Path) -> None:
    lines = raw_lines(os_dir / FLAT[0])
    entities, _ = parse(os_dir / FLAT[0])
    for record in lines:
        entity = entities[record["id"]]
        assert entity.referents == set(record["referents"])
        assert set(entity.get("publisher")) == set(record["datasets"])
        assert entity.datasets == {"os_yente_fixture_zala"}
        assert entity.first_seen == record["first_seen"]
        assert entity.last_seen == record["last_seen"]
        assert entity.last_change == record["last_change"]
        has_marker = os_exports.TARGET_NOTE in entity.get("notes", quiet=True)
        assert has_marker == record["target"]
        for stmt in entity.statements:
            assert stmt.dataset == "os_yente_fixture_zala"
            if stmt.prop != "id":
                assert stmt.origin == "yente_fixture_zala_entities.ftm.json"


def test_zala_person_with_inn(zala: tuple[dict[str, StatementEntity], ParseReport]) -> None:
    person = zala[0]["NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert person.schema.name == "Person"
    assert person.get("innCode") == ["183116181362"]
    assert person.get("birthDate") == ["1988-01-07"]
    assert set(person.get("nationality")) == {"ru"}
    assert person.get("gender") == ["female"]
    assert set(person.get("programId")) == {"UA-SA1644", "US-RUSHAR", "GB-RUS"}
    assert "Мария Александровна Осетрова" in person.get("name")
    assert person.get("addressEntity") == ["addr-bb65387b6e14a1dba2427e79358ba418377b9f28"]
    assert "ofac-46001" in person.referents
    assert "us_ofac_sdn" in person.get("publisher")


def test_zala_sanction_keeps_authority_and_country(
    zala: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    sanction = zala[0]["au-dfat-56600015954691cece058c2a3b0e3b27740701e6"]
    assert sanction.schema.name == "Sanction"
    assert sanction.get("country") == ["au"]
    assert sanction.get("authority") == ["Department of Foreign Affairs and Trade"]
    assert sanction.get("program") == ["Autonomous (Russia)"]
    assert sanction.get("programId") == ["AU-RUSSIA"]
    assert sanction.get("entity") == ["NK-abdzbEBkqyT29GyREbiURZ"]
    assert sanction.get("startDate") == ["2023-02-24"]


def test_zala_value_ftm_rejects_is_a_counted_note(
    zala: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    entities, report = zala
    joined = "+7 (3412) 43-05-05; +7 (951) 210-81-28; +7 (912) 769-33-11"
    assert f"phone: {joined}" in entities["NK-abdzbEBkqyT29GyREbiURZ"].get("notes")
    assert report.unplaced["phone"] == 1


def test_zavod_export_slips_are_kept(os_dir: Path) -> None:
    entities, report = parse(os_dir / FLAT[2])
    lines = {r["id"]: r for r in raw_lines(os_dir / FLAT[2])}
    # Keys beside 'properties' (an exporter slip) are read as properties.
    outside = [r for r in lines.values() if "deathDate" in r and "properties" in r]
    assert outside
    for record in outside:
        assert entities[record["id"]].get("deathDate") == record["deathDate"]
    assert any("outside 'properties'" in w for w in report.warnings)
    # Scalars instead of lists, qualified names, unknown properties and plain objects.
    scalar = next(r for r in lines.values() if isinstance(r["properties"].get("birthPlace"), str))
    assert scalar["properties"]["birthPlace"] in entities[scalar["id"]].get("birthPlace")
    qualified = next(r for r in lines.values() if "Person:alias" in r["properties"])
    for alias in qualified["properties"]["Person:alias"]:
        assert alias in entities[qualified["id"]].get("alias")
    for record in lines.values():
        for value in record["properties"].get("relatives", []):
            if isinstance(value, dict):
                text = json.dumps(value, ensure_ascii=False, sort_keys=True)
                assert f"relatives: {norm(text)}" in entities[record["id"]].get("notes")
    unknown = sum(
        len(v) if isinstance(v, list) else 1
        for r in lines.values()
        for k, v in r["properties"].items()
        if k == "deathPlace"
    )
    assert report.unplaced["deathPlace"] == unknown


def test_nested_entities_become_entities_of_their_own(os_dir: Path) -> None:
    objects = [obj for top in raw_lines(os_dir / NESTED) for obj in walk(top)]
    entities, _ = parse(os_dir / NESTED)
    assert set(entities) == {o["id"] for o in objects}
    by_id = {o["id"]: o["schema"] for o in objects}
    assert Counter(e.schema.name for e in entities.values()) == Counter(by_id.values())
    family = next(e for e in entities.values() if e.schema.name == "Family")
    assert family.get("person") == ["Q296771"]
    assert entities[family.get("relative")[0]].schema.name == "Person"
    hariri = entities["Q296771"]
    assert hariri.get("familyPerson", quiet=True) == []
    assert os_exports.TARGET_NOTE in hariri.get("notes")
    assert not any(os_exports.TARGET_NOTE in e.get("notes", quiet=True) for e in [family])


def test_nested_child_without_back_link_gets_one(tmp_path: Path) -> None:
    child = {"id": "fam-1", "schema": "Family", "properties": {"relative": ["p2"]}}
    parent = {"id": "p1", "schema": "Person", "properties": {"familyPerson": [child]}}
    entities, _ = parse(write_lines(tmp_path / "n.json", parent))
    assert entities["fam-1"].get("person") == ["p1"]


# -- export ---------------------------------------------------------------------------------


def same(a: StatementEntity, b: StatementEntity) -> bool:
    def key(e: StatementEntity) -> tuple[object, ...]:
        props = {p: sorted(v) for p, v in e.properties.items()}
        return (e.schema.name, props, e.referents, e.first_seen, e.last_seen, e.last_change)

    return key(a) == key(b)


@pytest.mark.parametrize("name", [*FLAT, NESTED])
def test_round_trip_through_write(os_dir: Path, tmp_path: Path, name: str) -> None:
    first, _ = parse(os_dir / name)
    out = tmp_path / "export.ftm.json"
    with open(out, "wb") as fh:
        assert ftm_json.write(first.values(), fh) == len(first)
    again, _ = parse(out)
    assert set(again) == set(first)
    assert all(same(first[i], again[i]) for i in first)
    targets = {
        r["id"]: r.get("target", False) for top in raw_lines(os_dir / name) for r in walk(top)
    }
    written = {r["id"]: r["target"] for r in raw_lines(out)}
    assert {i: written[i] for i in targets} == targets


def test_round_trip_through_plain_to_dict(os_dir: Path, tmp_path: Path) -> None:
    first, _ = parse(os_dir / FLAT[0])
    out = write_lines(tmp_path / "plain.json", *[e.to_dict() for e in first.values()])
    again, _ = parse(out)
    assert all(same(first[i], again[i]) for i in first)


def test_to_dict_restores_the_target_key(
    zala: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    data = ftm_json.to_dict(zala[0]["NK-2Tbri3s6GgNtAwsSXh4qpL"])
    assert data["target"] is True
    assert os_exports.TARGET_NOTE not in data["properties"].get("notes", [])
    assert "origin" not in data
    buffer = io.BytesIO()
    ftm_json.write([zala[0]["au-dfat-56600015954691cece058c2a3b0e3b27740701e6"]], buffer)
    assert json.loads(buffer.getvalue())["target"] is False


# -- malformed input ------------------------------------------------------------------------

PERSON = {"id": "p1", "schema": "Person", "properties": {"name": ["Ann Smith"]}}


def raises(path: Path) -> ParseError:
    with pytest.raises(ParseError) as info:
        list(ftm_json.parse(path))
    return info.value


def test_line_that_is_not_json(tmp_path: Path) -> None:
    error = raises(write_lines(tmp_path / "a.json", PERSON, '{"id": "p2", "schema": '))
    assert error.position == "line 2"
    assert "not JSON" in str(error)


def test_json_that_is_not_an_object(tmp_path: Path) -> None:
    assert raises(write_lines(tmp_path / "a.json", [PERSON])).position == "line 1"


@pytest.mark.parametrize("missing", ["id", "schema"])
def test_object_without_id_or_schema(tmp_path: Path, missing: str) -> None:
    record = {k: v for k, v in PERSON.items() if k != missing}
    error = raises(write_lines(tmp_path / "a.json", PERSON | {"id": "p0"}, record))
    assert (error.position, error.field) == ("line 2", missing)


def test_unknown_schema(tmp_path: Path) -> None:
    error = raises(write_lines(tmp_path / "a.json", PERSON | {"schema": "Wizard"}))
    assert error.field == "schema" and "Wizard" in str(error)


def test_nested_object_without_id(tmp_path: Path) -> None:
    child = {"schema": "Family", "properties": {"relative": ["p2"]}}
    error = raises(
        write_lines(tmp_path / "a.json", PERSON | {"properties": {"familyPerson": [child]}})
    )
    assert error.field == "familyPerson.id"


def test_bytes_that_are_not_utf8_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    good = json.dumps(PERSON).encode()
    path.write_bytes(good + b"\n" + good.replace(b"p1", b"p2") + b"\n" + b'{"id": "\xff"}\n')
    error = raises(path)
    assert error.position == "line 3" and "UTF-8" in str(error)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("\n\n")
    assert "empty" in str(raises(path))


def test_same_id_with_conflicting_schemata(tmp_path: Path) -> None:
    error = raises(write_lines(tmp_path / "a.json", PERSON, PERSON | {"schema": "Vessel"}))
    assert error.position == "line 2" and error.field == "schema"


def test_same_id_with_compatible_schemata_merges(tmp_path: Path) -> None:
    first = {"id": "c1", "schema": "LegalEntity", "properties": {"name": ["ACME"]}}
    second = {"id": "c1", "schema": "Company", "properties": {"innCode": ["7707083893"]}}
    entities, report = parse(write_lines(tmp_path / "a.json", first, "", second))
    assert list(entities) == ["c1"]
    assert entities["c1"].schema.name == "Company"
    assert entities["c1"].get("innCode") == ["7707083893"]
    assert entities["c1"].get("name") == ["ACME"]
    assert report.records == 2


def test_rejected_values_are_notes_also_on_interval_schemata(tmp_path: Path) -> None:
    person = PERSON | {"properties": {"birthDate": ["some day"], "name": ["Ann"], "mood": ["ok"]}}
    sanction = {
        "id": "s1",
        "schema": "Sanction",
        "properties": {"entity": ["p1"], "listingDate": ["soon"], "colour": ["red"]},
    }
    entities, report = parse(write_lines(tmp_path / "a.json", person, sanction))
    assert "birthDate: some day" in entities["p1"].get("notes")
    assert "mood: ok" in entities["p1"].get("notes")
    assert set(entities["s1"].get("summary")) == {"listingDate: soon", "colour: red"}
    assert report.unplaced == Counter({"birthDate": 1, "mood": 1, "listingDate": 1, "colour": 1})
