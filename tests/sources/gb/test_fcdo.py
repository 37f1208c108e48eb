"""FCDO UK Sanctions List, third-party relational transform (five CSV tables): parser output
checked against counts taken from the raw tables here (csv.DictReader, not the parser's
reader), named real records field by field, and malformed table sets in tmp_path."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from followthemoney import StatementEntity, registry

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format, identifiers
from kleptrace.sources.gb.fcdo import FORMAT
from kleptrace.sources.gb.fcdo_tables import FILENAMES, TABLES
from kleptrace.sources.report import ParseReport

Row = dict[str, str]
SCHEMA_OF = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


@pytest.fixture(scope="module")
def folder(data_dir: Path) -> Path:
    return data_dir / "uk_fcdo_derived"


@pytest.fixture(scope="module")
def tables(folder: Path) -> dict[str, list[Row]]:
    out = {}
    for kind, name in FILENAMES.items():
        with open(folder / name, encoding="utf-8", newline="") as fh:
            out[kind] = list(csv.DictReader(fh))
    return out


@pytest.fixture(scope="module")
def by_uid(tables: dict[str, list[Row]]) -> dict[str, dict[str, list[Row]]]:
    out: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for kind, rows in tables.items():
        for r in rows:
            out[r["unique_id"]][kind].append(r)
    return out


@pytest.fixture(scope="module")
def parsed(folder: Path) -> tuple[list[StatementEntity], ParseReport]:
    report = ParseReport()
    return list(FORMAT.parse(folder / "subjects.csv", report)), report


def eid(uid: str) -> str:
    return f"gb-fcdo-{uid.lower()}"


def sanction_of(by_id: dict[str, StatementEntity], uid: str) -> StatementEntity:
    return by_id[f"{eid(uid)}-sanction-{uid[:3].lower()}"]


def test_registry_and_metadata(folder: Path, tables: dict[str, list[Row]]) -> None:
    subjects = folder / "subjects.csv"
    for name in FILENAMES.values():
        assert detect(folder / name) is FORMAT, name
        assert FORMAT.primary(folder / name) == subjects
    assert sorted(p.name for p in FORMAT.members(subjects)) == sorted(FILENAMES.values())
    assert detect(folder / "README.md") is None
    assert get_format("uk_fcdo") is FORMAT
    assert FORMAT.source_name(subjects) == "gb_fcdo"
    assert FORMAT.jurisdiction == "gb"
    assert FORMAT.publisher == "Foreign, Commonwealth & Development Office"
    assert FORMAT.urls == ()
    latest = max(datetime.strptime(r["last_updated"], "%d/%m/%Y") for r in tables["subjects"])
    assert FORMAT.published(subjects) == latest.date().isoformat()
    assert FORMAT.published(folder / "subject_names.csv") == latest.date().isoformat()


def test_entities_per_subject_type(
    parsed: tuple[list[StatementEntity], ParseReport], tables: dict[str, list[Row]]
) -> None:
    entities, report = parsed
    types = {r["unique_id"]: r["subject_type"] for r in tables["subjects"]}
    expected = Counter(SCHEMA_OF[t] for t in types.values())
    found = Counter(e.schema.name for e in entities if e.schema.name != "Sanction")
    assert found == expected
    assert {e.id for e in entities if e.schema.name != "Sanction"} == {eid(u) for u in types}
    assert report.records == sum(len(rows) for rows in tables.values())
    assert report.rejected == []


def test_one_sanction_per_subject(
    parsed: tuple[list[StatementEntity], ParseReport], tables: dict[str, list[Row]]
) -> None:
    entities, report = parsed
    sanctions = [e for e in entities if e.schema.name == "Sanction"]
    subjects = tables["subjects"]
    assert len(sanctions) == len({r["unique_id"] for r in subjects})
    assert Counter(s.first("program") for s in sanctions) == Counter(
        r["unique_id"][:3] for r in subjects
    )
    assert {s.first("authorityId") for s in sanctions} == {r["unique_id"] for r in subjects}
    with_un = [r for r in subjects if r["un_reference_number"]]
    assert sum(1 for s in sanctions if s.get("unscId")) == len(with_un)
    assert report.unmapped_programs == {}
    assert all(regime_of("gb", s.first("program")).key != "other" for s in sanctions)


def test_regime_mapping() -> None:
    assert regime_of("gb", "RUS").key == "russia"
    assert regime_of("gb", "GHR").key == "human-rights"
    assert regime_of("gb", "GAC").key == "anti-corruption"


def test_names_grouped_by_unique_id(
    by_id: dict[str, StatementEntity], by_uid: dict[str, dict[str, list[Row]]]
) -> None:
    total = 0
    for uid, sibling in by_uid.items():
        expected = {registry.name.clean_text(r["full_name"]) for r in sibling["names"]}
        entity = by_id[eid(uid)]
        assert {v for p in NAME_PROPS for v in entity.get(p)} == expected, uid
        weak = {
            registry.name.clean_text(r["full_name"])
            for r in sibling["names"]
            if r["alias_strength"] == "low_quality_aka"
        }
        assert weak <= set(entity.get("weakAlias")) | set(entity.get("name")), uid
        total += len(expected)
    assert total > 10_000


def test_imo_numbers(
    parsed: tuple[list[StatementEntity], ParseReport], tables: dict[str, list[Row]]
) -> None:
    expected: dict[str, set[str]] = defaultdict(set)
    for r in tables["identifiers"]:
        if r["identifier_type"] == "imo":
            number = identifiers.imo(r["raw_value"])
            assert number, r
            expected[eid(r["unique_id"])].add(number)
    found = {e.id: set(e.get("imoNumber")) for e in parsed[0] if e.schema.name == "Vessel"}
    assert {k: v for k, v in found.items() if v} == dict(expected)
    distinct = {v for values in expected.values() for v in values}
    assert len(distinct) == len({v for values in found.values() for v in values})


def test_repeated_identifiers_are_folded(
    by_id: dict[str, StatementEntity], by_uid: dict[str, dict[str, list[Row]]]
) -> None:
    """RUS0091 prints its one passport on many rows; it is one value on the entity."""
    rows = [r for r in by_uid["RUS0091"]["identifiers"] if r["identifier_type"] == "passport"]
    assert len(rows) > 1 and len({r["raw_value"] for r in rows}) == 1
    assert by_id["gb-fcdo-rus0091"].get("passportNumber") == ["0258399"]


def test_every_passport_is_kept(
    by_id: dict[str, StatementEntity], tables: dict[str, list[Row]]
) -> None:
    """Each distinct passport value is a passportNumber or, when printed as a sentence,
    a note that holds it whole."""
    plain = 0
    for r in tables["identifiers"]:
        if r["identifier_type"] != "passport":
            continue
        value = " ".join(r["raw_value"].strip().lstrip("'").split())
        entity = by_id[eid(r["unique_id"])]
        numbers = set(entity.get("passportNumber"))
        if value in numbers:
            plain += 1
        else:
            assert any(value in note for note in entity.get("notes")), (r["unique_id"], value)
    assert plain > 9000


def test_dates_of_birth(
    by_id: dict[str, StatementEntity], by_uid: dict[str, dict[str, list[Row]]]
) -> None:
    for uid, sibling in by_uid.items():
        expected = set()
        for r in sibling["dobs"]:
            if r["precision"] == "exact":
                expected.add(f"{r['year']}-{r['month']}-{r['day']}")
            elif r["precision"] == "month_year":
                expected.add(f"{r['year']}-{r['month']}")
            else:
                expected.add(r["year"])
        assert set(by_id[eid(uid)].get("birthDate", quiet=True)) == expected, uid


def test_countries(
    by_id: dict[str, StatementEntity], by_uid: dict[str, dict[str, list[Row]]]
) -> None:
    prop = {"birth": "birthCountry", "nationality": "nationality", "address": "country"}
    for uid, sibling in by_uid.items():
        entity = by_id[eid(uid)]
        for kind, name in prop.items():
            expected = {r["iso"].lower() for r in sibling["countries"] if r["country_type"] == kind}
            expected.discard("")
            if entity.schema.get(name) is not None:
                assert expected <= set(entity.get(name)), (uid, kind)


def test_abramovich(
    by_id: dict[str, StatementEntity], by_uid: dict[str, dict[str, list[Row]]]
) -> None:
    (subject,) = by_uid["RUS0270"]["subjects"]
    assert subject["ofsi_group_id"] == "14212"
    person = by_id["gb-fcdo-rus0270"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Roman Arkadyevich ABRAMOVICH"]
    assert "Roman ABRAMOVICH" in person.get("alias")
    assert sorted(person.get("passportNumber")) == ["24132276", "CB982788"]
    assert sorted(person.get("nationality")) == ["il", "pt", "ru"]
    assert person.get("birthCountry") == ["ru"]
    assert person.get("firstName") == ["Roman"]
    assert person.get("secondName") == ["Arkadyevich"]
    assert person.get("lastName") == ["ABRAMOVICH"]
    assert "OFSI Group ID: 14212" in person.get("notes")
    assert "passport: CB982788: Portuguese passport" in person.get("notes")
    sanction = sanction_of(by_id, "RUS0270")
    assert sanction.get("authorityId") == ["RUS0270"]
    assert sanction.get("program") == ["RUS"]
    assert sanction.get("listingDate") == ["2022-03-10"]
    assert sanction.get("modifiedAt") == ["2025-04-09"]
    assert sanction.get("entity") == ["gb-fcdo-rus0270"]
    assert regime_of("gb", sanction.first("program")).key == "russia"


def test_entity_with_inn_and_ogrn(by_id: dict[str, StatementEntity]) -> None:
    vad = by_id["gb-fcdo-rus0167"]
    assert vad.schema.name == "Organization"
    assert vad.get("name") == ["JSC VAD"]
    assert vad.get("innCode") == ["7802059185"]
    assert vad.get("ogrnCode") == ["1037804006811"]
    assert vad.get("country") == ["ru"]
    inn = next(s for s in vad.statements if s.prop == "innCode")
    assert inn.original_value == "Tax ID 7802059185"


def test_ship_with_imo(by_id: dict[str, StatementEntity]) -> None:
    ship = by_id["gb-fcdo-dpr0075"]
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["Petrel 8"]
    assert sorted(ship.get("alias")) == ["Jal Vahini", "Jal_Vahini", "Tian Tai 36"]
    assert ship.get("imoNumber") == ["IMO9562233"]
    sanction = sanction_of(by_id, "DPR0075")
    assert sanction.get("listingDate") == ["2017-10-03"]
    assert regime_of("gb", sanction.first("program")).key == "dprk"


def test_un_reference_and_passport_sentence(by_id: dict[str, StatementEntity]) -> None:
    assert sanction_of(by_id, "AFG0112").get("unscId") == ["TAi.144"]
    person = by_id["gb-fcdo-rus0091"]
    assert person.get("passportNumber") == ["0258399"]  # printed "Russian number: 0258399"
    assert "passport: Russian number: 0258399" in person.get("notes")
    assert person.get("birthCountry") == ["ua"]


# --- tiny table sets ----------------------------------------------------------------------


def write(folder: Path, kind: str, rows: list[list[str]], header: tuple[str, ...] | None = None
          ) -> Path:  # fmt: skip
    path = folder / FILENAMES[kind]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or TABLES[kind])
        writer.writerows(rows)
    return path


def tiny(folder: Path, subjects: list[list[str]]) -> Path:
    write(folder, "names", [["RUS9001", "primary", "", "Ivan PETROV", "PETROV", "Ivan",
                             "", "", "", ""]])  # fmt: skip
    write(folder, "identifiers", [["RUS9001", "7707083893", "national", "Russia INN"],
                                  ["RUS9001", "'AB 123", "passport", ""]])  # fmt: skip
    write(folder, "dobs", [["RUS9001", "1970", "03", "", "month_year"]])
    write(folder, "countries", [["RUS9001", "Russia", "nationality", "RU"]] * 3)
    return write(folder, "subjects", subjects)


def subject(uid: str = "RUS9001", kind: str = "individual") -> list[str]:
    return [uid, kind, "", "123", "01/02/2023", "05/06/2024"]


def test_tiny_set(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject()])
    assert detect(path) is FORMAT
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(tmp_path / "subject_dobs.csv", report)}
    person = entities["gb-fcdo-rus9001"]
    assert person.get("name") == ["Ivan PETROV"]
    assert person.get("birthDate") == ["1970-03"]
    assert person.get("nationality") == ["ru"]
    assert person.get("innCode") == ["7707083893"]
    assert person.get("passportNumber") == ["AB 123"]
    assert "national identifier: 7707083893: Russia INN" in person.get("notes")
    assert "OFSI Group ID: 123" in person.get("notes")
    origins = {s.prop: s.origin for s in person.statements}
    assert origins["name"] == "subject_names.csv"
    assert origins["birthDate"] == "subject_dobs.csv"
    assert FORMAT.published(path) == "2024-06-05"
    assert report.records == 8
    assert report.unplaced["OFSI Group ID"] == 1


def test_repeated_subject_is_merged(tmp_path: Path) -> None:
    later = subject()
    later[4] = "07/08/2024"
    path = tiny(tmp_path, [subject(), later])
    entities = [e for e in FORMAT.parse(path) if e.id == "gb-fcdo-rus9001-sanction-rus"]
    (sanction,) = entities
    assert sorted(sanction.get("listingDate")) == ["2023-02-01", "2024-08-07"]


def test_repeated_subject_with_another_type(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject(), subject(kind="entity")])
    with pytest.raises(ParseError, match="RUS9001") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 3"
    assert err.value.field == "subject_type"


def test_orphan_rows_are_rejected(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject()])
    write(tmp_path, "dobs", [["RUS9001", "1970", "", "", "year_only"],
                             ["XXX0001", "1980", "", "", "year_only"]])  # fmt: skip
    report = ParseReport()
    list(FORMAT.parse(path, report))
    (rejected,) = report.rejected
    assert rejected.file == "subject_dobs.csv"
    assert rejected.position == "line 3"
    assert "XXX0001" in rejected.reason


def test_missing_column(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject()])
    header = tuple(c for c in TABLES["names"] if c != "full_name")
    write(tmp_path, "names", [], header)
    with pytest.raises(ParseError, match="full_name") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "full_name"
    assert err.value.path.endswith("subject_names.csv")


def test_missing_table(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject()])
    (tmp_path / "subject_countries.csv").unlink()
    assert [p.name for p in FORMAT.members(path)] == [
        "subjects.csv", "subject_names.csv", "subject_identifiers.csv", "subject_dobs.csv",
    ]  # fmt: skip
    with pytest.raises(ParseError, match=r"subject_countries\.csv"):
        list(FORMAT.parse(path))


def test_bytes_that_do_not_decode_and_empty_file(tmp_path: Path) -> None:
    path = tiny(tmp_path, [subject()])
    names = tmp_path / "subject_names.csv"
    names.write_bytes(names.read_bytes() + b"RUS9001,alias,,\xff\xfe,,,,,,\n")
    with pytest.raises(ParseError, match="not UTF-8") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 3"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        list(FORMAT.parse(path))
