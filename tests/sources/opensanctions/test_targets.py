"""OpenSanctions targets.simple.csv: parser output checked against rows, sanctions and
identifiers that these tests count from the raw CSV themselves."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from followthemoney import StatementEntity, registry

from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.base import Head
from kleptrace.sources.opensanctions import exports as os_exports
from kleptrace.sources.opensanctions import targets as os_targets
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import parse_unique, sanctions_of

FILES = (
    "ua_war_sanctions_targets.simple.csv",
    "interpol_red_notices_targets.simple.csv",
    "zavod_export_sample/targets.simple.csv",
)
IMO_LIKE = re.compile(r"^IMO\d{7}$")
HEADER = '"id","schema","name","aliases","identifiers","sanctions","program_ids","dataset"'


def cell_values(cell: str) -> list[str]:
    """A multi-valued cell: itself a ';'-separated CSV row."""
    return next(csv.reader([cell], delimiter=";")) if cell else []


def raw_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse_unique(os_targets.parse, path)


@pytest.fixture(scope="module")
def ua_war(os_dir: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse(os_dir / FILES[0])


@pytest.fixture(scope="module")
def interpol(os_dir: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse(os_dir / FILES[1])


# -- recognising the files ----------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_sniff_recognises_targets_csv(os_dir: Path, name: str) -> None:
    assert os_targets.FORMAT.sniff(Head.read(os_dir / name))
    assert detect(os_dir / name) is os_targets.FORMAT


def test_sniff_leaves_every_other_file(data_dir: Path) -> None:
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.name.endswith("targets.simple.csv"):
            assert not os_targets.FORMAT.sniff(Head.read(path)), path


def test_source_names(os_dir: Path) -> None:
    names = [os_targets.FORMAT.source_name(os_dir / name) for name in FILES]
    assert names == [
        "os_ua_war_sanctions",
        "os_interpol_red_notices",
        "os_zavod_export_sample_targets",
    ]


@pytest.mark.parametrize("name", FILES)
def test_published_is_the_latest_date_in_the_rows(os_dir: Path, name: str) -> None:
    rows = raw_rows(os_dir / name)
    latest = max(r[c][:10] for r in rows for c in ("last_change", "last_seen") if r.get(c))
    assert os_targets.FORMAT.published(os_dir / name) == latest


# -- counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_targets_and_sanctions_match_the_rows(os_dir: Path, name: str) -> None:
    rows = raw_rows(os_dir / name)
    entities, report = parse(os_dir / name)
    targets = Counter(e.schema.name for e in entities.values() if e.schema.name != "Sanction")
    assert targets == Counter(r["schema"] for r in rows)
    sanctions = [e for e in entities.values() if e.schema.name == "Sanction"]
    assert len(sanctions) == sum(len(cell_values(r["sanctions"])) for r in rows)
    assert report.records == len(rows)
    assert not report.rejected
    for row in rows:
        entity = entities[row["id"]]
        assert entity.get("name") == [row["name"]]
        assert set(entity.get("alias")) == set(cell_values(row["aliases"]))
        assert set(entity.get("country")) == set(cell_values(row["countries"]))
        assert os_exports.TARGET_NOTE in entity.get("notes")
        assert entity.first_seen == row["first_seen"] and entity.last_seen == row["last_seen"]
        assert entity.last_change == row["last_change"]


def test_imo_numbers_go_to_imo_number(
    os_dir: Path, ua_war: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, _ = ua_war
    expected = {
        (row["id"], value)
        for row in raw_rows(os_dir / FILES[0])
        for value in cell_values(row["identifiers"])
        if IMO_LIKE.match(value)
    }
    found = {(e.id, v) for e in entities.values() for v in e.get("imoNumber", quiet=True)}
    assert found == expected
    assert len(expected) > 2500


def test_every_identifier_lands_in_an_identifier_property(
    os_dir: Path, ua_war: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, report = ua_war
    for row in raw_rows(os_dir / FILES[0]):
        entity = entities[row["id"]]
        kept = set(entity.get_type_values(registry.identifier)) | set(entity.get("notes"))
        for value in cell_values(row["identifiers"]):
            assert value in kept or any(n.endswith(f": {value}") for n in kept), value
    assert sum(report.unplaced.values()) == 0


def test_vessel_with_imo_and_aliases(
    ua_war: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    entities, _ = ua_war
    vessel = entities["NK-24cf2zYe7LEKhr2zFck73j"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("name") == ["ROSALIN"]
    assert vessel.get("imoNumber") == ["IMO9253325"]
    assert set(vessel.get("alias")) == {"Ceram Sea", "Gold Sun", "Nurkez"}
    assert set(vessel.get("country")) == {"lr", "pa", "sg", "st"}
    assert vessel.get("programId") == ["UA-WS-MARE"]
    assert vessel.get("publisher") == ["Ukraine War and Sanctions"]
    assert vessel.last_change == "2026-02-24T05:42:24"
    (sanction,) = sanctions_of(entities, "NK-24cf2zYe7LEKhr2zFck73j")
    assert sanction.get("programId") == ["UA-WS-MARE"]
    assert sanction.get("summary") == []  # the exporter wrote an empty sanction text


def test_vessel_numbers_other_than_imo(
    ua_war: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    vessels = [e for e in ua_war[0].values() if e.schema.name == "Vessel"]
    assert any(e.get("mmsi") for e in vessels)
    assert all(len(v) == 9 and v.isdigit() for e in vessels for v in e.get("mmsi"))
    assert any(e.get("callSign") for e in vessels)


def test_legal_entity_with_inn_ogrn_and_sanction_text(
    ua_war: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    entities, _ = ua_war
    plant = entities["NK-28mqu8V3AzembAmAfehWPd"]
    assert plant.schema.name == "LegalEntity"
    assert plant.get("name") == ['JOINT-STOCK COMPANY "KRASNOZAVODSKY CHEMICAL PLANT"']
    assert plant.get("innCode") == ["5042126251"]
    assert plant.get("ogrnCode") == ["1125042006462"]
    assert plant.get("address") == [
        "141321, Moscow region, Sergiev Posad, Krasnozavodsk, Rdultovskogo square, 1"
    ]
    (sanction,) = sanctions_of(entities, plant.id)
    (summary,) = sanction.get("summary")
    assert summary.startswith("A russian developer of pyrotechnic products.")
    assert "Technodinamika holding company." in summary
    assert sanction.get("programId") == ["UA-WS-MILIND"]


def test_person_with_inn_and_birth_date(
    ua_war: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    person = ua_war[0]["NK-29dGPcB5CxPwUQt4N3ZVEj"]
    assert person.schema.name == "Person"
    assert person.get("innCode") == ["773006863179"]
    assert person.get("birthDate") == ["1987-09-14"]
    assert "УСПЕНСЬКА Олеся Ігорівна" in person.get("alias")


def test_program_ids_pair_with_sanctions_only_when_unambiguous(
    os_dir: Path, ua_war: tuple[dict[str, StatementEntity], ParseReport]
) -> None:
    entities, report = ua_war
    by_target = defaultdict(list)
    for entity in entities.values():
        if entity.schema.name == "Sanction":
            by_target[entity.get("entity")[0]].append(entity)
    ambiguous = 0
    for row in raw_rows(os_dir / FILES[0]):
        texts, programs = cell_values(row["sanctions"]), cell_values(row["program_ids"])
        paired = len(texts) == 1 or len(programs) == 1
        ambiguous += bool(texts and programs and not paired)
        assert len(by_target[row["id"]]) == len(texts)
        for sanction in by_target[row["id"]]:
            assert set(sanction.get("programId")) == (set(programs) if paired else set())
        assert set(entities[row["id"]].get("programId")) == set(programs)
    assert any(f"{ambiguous} row(s)" in w for w in report.warnings)


def test_interpol_rows_with_two_or_no_notices(
    interpol: tuple[dict[str, StatementEntity], ParseReport],
) -> None:
    entities, _ = interpol
    texts = {s.get("summary")[0] for s in sanctions_of(entities, "NK-JfPeWS4bUawecxwoAVPgS9")}
    assert texts == {"Red Notice - VIOLACIÓN", "Red Notice - Violacion"}
    assert sanctions_of(entities, "interpol-red-2025-39236") == []
    assert entities["interpol-red-2025-39236"].schema.name == "Person"


# -- malformed input ------------------------------------------------------------------------


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "targets.simple.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, '"id","name","aliases"', '"a1","Ann",""')
    with pytest.raises(ParseError) as info:
        list(os_targets.parse(path))
    assert info.value.field == "schema" and "schema" in str(info.value)


def test_bytes_that_are_not_utf8_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(
        f"{HEADER}\n".encode() + b'"a1","Person","Ann","","","","",""\n"a2","Person","\xe9"\n'
    )
    with pytest.raises(ParseError) as info:
        list(os_targets.parse(path))
    assert info.value.position == "line 3"


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="empty"):
        list(os_targets.parse(write(tmp_path, "")))


def test_unknown_schema(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, '"a1","Wizard","Ann","","","","",""')
    with pytest.raises(ParseError) as info:
        list(os_targets.parse(path))
    assert (info.value.position, info.value.field) == ("line 2", "schema")


def test_rows_that_cannot_become_entities_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        '"a1","Person","Ann","","","","",""',
        '"a2","Person","Bob"',
        '"","Person","Nobody","","","","",""',
        '"v1","Vessel","SEA","","IMO9253325","""Red; Blue""","","Test"',
    )
    report = ParseReport()
    entities = {e.id: e for e in os_targets.parse(path, report)}
    assert [(r.position, r.raw) for r in report.rejected] == [
        ("line 3", '"a2","Person","Bob"'),
        ("line 4", '"","Person","Nobody","","","","",""'),
    ]
    assert set(entities) == {"a1", "v1", next(i for i in entities if i.startswith("v1-sanction"))}
    assert entities["v1"].get("imoNumber") == ["IMO9253325"]


def test_same_id_twice(tmp_path: Path) -> None:
    merged = write(
        tmp_path,
        HEADER,
        '"c1","LegalEntity","ACME","","","","",""',
        '"c1","Company","ACME","X","","","",""',
    )
    entities = {e.id: e for e in os_targets.parse(merged)}
    assert entities["c1"].schema.name == "Company"
    assert entities["c1"].get("alias") == ["X"]
    conflicting = write(
        tmp_path, HEADER, '"c1","Person","Ann","","","","",""', '"c1","Vessel","Ann","","","","",""'
    )
    with pytest.raises(ParseError) as info:
        list(os_targets.parse(conflicting))
    assert info.value.position == "line 3"


def test_quoted_multi_values_and_unknown_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + ',"colour"',
        '"p1","Person","Ann","""Ann; Smith"";Annie","Q42","","","Test","blue;green"',
    )
    report = ParseReport()
    person = next(e for e in os_targets.parse(path, report) if e.id == "p1")
    assert set(person.get("alias")) == {"Ann; Smith", "Annie"}
    assert person.get("wikidataId") == ["Q42"]
    assert "colour: blue;green" in person.get("notes")
    assert report.unplaced["colour"] == 1


def test_identifier_placement() -> None:
    place = os_targets.identifier_prop
    assert place("Vessel", "IMO9253325") == "imoNumber"
    assert place("Company", "IMO6495856") == "imoNumber"
    assert place("Vessel", "IMO9253326") == "registrationNumber"  # check digit fails
    assert place("Vessel", "667001255") == "mmsi"
    assert place("Vessel", "9LU2058") == "callSign"
    assert place("Vessel", "RS 150443") == "registrationNumber"
    assert place("LegalEntity", "5042126251") == "innCode"
    assert place("LegalEntity", "1125042006462") == "ogrnCode"
    assert place("Person", "773006863179") == "innCode"
    assert place("Person", "5042126251") == "idNumber"  # a company INN shape on a person
    assert place("Person", "Q42") == "wikidataId"
    assert place("Company", "U52292MH2024OPC426638") == "idNumber"
