"""eu_journal: the real OpenSanctions transcription of EU annexes, and tiny broken files.

Expected counts are computed here from the raw CSVs with the csv module and checksums
written out in this file, never taken from the parser.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from followthemoney import StatementEntity

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect
from kleptrace.sources.base import Head
from kleptrace.sources.eu.journal import FORMAT
from kleptrace.sources.eu.journal_csv import AMENDMENT_HEADER, CONSOLIDATED_HEADER
from kleptrace.sources.report import ParseReport

FAMILY = {"Person": "person", "LegalEntity": "org", "Organization": "org", "Company": "org",
          "Vessel": "vessel", "Asset": "asset"}  # fmt: skip
URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:"
IDS = ("innCode", "taxNumber", "registrationNumber")


# -- independent reading of the raw files --------------------------------------------------


def _imo_ok(digits: str) -> bool:
    return len(digits) == 7 and sum(int(d) * (7 - i) for i, d in enumerate(digits[:6])) % 10 == int(
        digits[6]
    )


def _inn_ok(digits: str) -> bool:
    def check(weights: tuple[int, ...]) -> int:
        return sum(w * int(d) for w, d in zip(weights, digits, strict=False)) % 11 % 10

    w10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    if len(digits) == 10:
        return check(w10) == int(digits[9])
    if len(digits) == 12:
        return check((7, *w10)) == int(digits[10]) and check((3, 7, *w10)) == int(digits[11])
    return False


def _split(cell: str) -> list[str]:
    return [v.strip() for v in next(csv.reader([cell], delimiter=";", skipinitialspace=True))]


@dataclass
class Raw:
    rows: list[dict[str, str]]
    """Rows the folder parse must turn into entities (superseded amendments left out)."""
    total: int
    superseded: int


@pytest.fixture(scope="module")
def root(data_dir: Path) -> Path:
    return data_dir / "eu_journal_opensanctions"


@pytest.fixture(scope="module")
def config(root: Path) -> dict:
    return yaml.safe_load((root / "eu_journal_sanctions.yml").read_text("utf-8"))["config"]


@pytest.fixture(scope="module")
def raw(root: Path, config: dict) -> Raw:
    pins = set(config["consolidation"].values())
    gone = {act for act, version in config["consolidated_amendments"].items() if version in pins}
    rows, total, superseded = [], 0, 0
    for path in sorted(root.glob("*/*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                total += 1
                if row.get("amendmentCelex") in gone:
                    superseded += 1
                    continue
                row["framework"] = row.get("celex") or row["amendedCelex"]
                row["file"] = path.name
                rows.append(row)
    return Raw(rows, total, superseded)


@dataclass
class Parsed:
    report: ParseReport
    entities: list[StatementEntity]
    sanctions: list[StatementEntity]
    by_id: dict[str, StatementEntity]

    def sanctions_of(self, entity: StatementEntity) -> list[StatementEntity]:
        return [s for s in self.sanctions if entity.id in s.get("entity")]

    def named(self, name: str, schema: str | None = None) -> list[StatementEntity]:
        found = [e for e in self.entities if name in e.get("name")]
        return [e for e in found if schema is None or e.schema.name == schema]


@pytest.fixture(scope="module")
def parsed(root: Path) -> Parsed:
    report = ParseReport()
    out = list(FORMAT.parse(FORMAT.primary(root / "consolidated" / "32014R0269.csv"), report))
    sanctions = [e for e in out if e.schema.name == "Sanction"]
    entities = [e for e in out if e.schema.name != "Sanction"]
    return Parsed(report, entities, sanctions, {str(e.id): e for e in out})


def _family(entity: StatementEntity) -> str:
    if entity.schema.name in FAMILY:
        return FAMILY[entity.schema.name]
    raise AssertionError(f"unexpected schema {entity.schema.name}")


# -- the file set --------------------------------------------------------------------------


def test_sniffs_the_folder_and_each_file_by_content(root: Path, data_dir: Path) -> None:
    assert detect(root) is FORMAT
    for path in sorted(root.glob("*/*.csv")):
        assert FORMAT.sniff(Head.read(path)), path
    assert not FORMAT.sniff(Head.read(root / "eu_journal_sanctions.yml"))
    assert not FORMAT.sniff(Head.read(root / "FORMAT.md"))
    assert not FORMAT.sniff(Head.read(data_dir))


def test_every_file_belongs_to_one_set(root: Path) -> None:
    csvs = sorted(root.glob("consolidated/*.csv")) + sorted(root.glob("amendments/*.csv"))
    assert csvs and len(csvs) == len(list(root.glob("*/*.csv")))
    for path in csvs:
        assert FORMAT.primary(path) == root
    assert FORMAT.primary(root / "eu_journal_sanctions.yml") == root
    assert FORMAT.primary(root / "consolidated") == root
    assert FORMAT.members(root) == [*csvs, root / "eu_journal_sanctions.yml"]


def test_metadata(root: Path) -> None:
    assert FORMAT.name == FORMAT.source_name(root) == "eu_journal"
    assert FORMAT.jurisdiction == "eu"
    assert FORMAT.publisher == "Council of the European Union (Official Journal)"
    assert FORMAT.urls == ()


def _iso(version: str) -> str:
    stamp = version.rsplit("-", 1)[1]
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"


def test_published_is_the_latest_pinned_consolidation(root: Path, config: dict) -> None:
    pins = config["consolidation"]
    assert FORMAT.published(root) == max(_iso(v) for v in pins.values())
    assert FORMAT.published(root / "consolidated" / "32014R0833.csv") == _iso(pins["32014R0833"])
    absorbed = config["consolidated_amendments"]["32026R1883"]
    assert FORMAT.published(root / "amendments" / "32026R1883.csv") == _iso(absorbed)
    assert FORMAT.published(root / "amendments" / "32026R1843.csv") is None


# -- counts against the raw files ----------------------------------------------------------


def test_every_row_is_read_and_superseded_rows_are_kept_in_the_report(
    parsed: Parsed, raw: Raw
) -> None:
    assert parsed.report.records == raw.total
    reasons = Counter(r.reason.split(" version ")[0] for r in parsed.report.rejected)
    assert reasons == {"superseded by consolidated": raw.superseded}
    assert raw.superseded == 2


def test_rows_per_schema(parsed: Parsed, raw: Raw) -> None:
    """Every printed name is on an entity of its schema (or a more specific one), and no
    entity holds a name the files do not print."""
    expected = {(FAMILY[r["schema"]], " ".join(r["name"].split())) for r in raw.rows}
    found = {(_family(e), n) for e in parsed.entities for n in e.get("name")}
    assert found == expected
    rows = Counter(FAMILY[r["schema"]] for r in raw.rows)
    entities = Counter(_family(e) for e in parsed.entities)
    assert set(entities) == set(rows)
    for family, count in rows.items():
        assert 0.9 * count < entities[family] <= count, family
    by_name = defaultdict(set)
    for e in parsed.entities:
        for name in e.get("name"):
            by_name[name].add(e.schema)
    for row in raw.rows:
        schemata = by_name[" ".join(row["name"].split())]
        assert any(s.is_a(row["schema"]) for s in schemata), row["name"]


def test_rows_per_program(parsed: Parsed, raw: Raw) -> None:
    """Each row is a Sanction of its entity: same program, act, measure and entry."""
    rows = Counter(r["programKey"] for r in raw.rows)
    sanctions = Counter(p for s in parsed.sanctions for p in s.get("program"))
    assert set(sanctions) == set(rows)
    for program, count in rows.items():
        assert 0.95 * count < sanctions[program] <= count, program
    index = set()
    for s in parsed.sanctions:
        entity = parsed.by_id[s.get("entity")[0]]
        for name in entity.get("name"):
            for record in ["", *s.get("recordId")]:
                for act in s.get("authorityId"):
                    index.add((name, s.get("program")[0], act, s.get("provisions")[0], record))
    for r in raw.rows:
        key = (" ".join(r["name"].split()), r["programKey"], r["framework"], r["measure"])
        assert (*key, r["recordId"]) in index, key


def test_distinct_imo_numbers(parsed: Parsed, raw: Raw) -> None:
    expected = {
        f"IMO{v}"
        for r in raw.rows
        if r["schema"] == "Vessel"
        for v in _split(r["imoNumber"])
        if v and _imo_ok(v)
    }
    vessels = [e for e in parsed.entities if e.schema.name == "Vessel"]
    found = Counter(imo for e in vessels for imo in e.get("imoNumber"))
    assert set(found) == expected
    assert len(expected) > 700
    assert max(found.values()) == 1  # one vessel entity per IMO number


def test_distinct_inn_values(parsed: Parsed, raw: Raw) -> None:
    """INNs come from innCode, and from tax and registration numbers that print one alone
    or labelled ("7704730655 (Tax ID/INN)"); never more than the valid numbers printed,
    plus innCode values with no valid INN, which stay as printed."""
    label = (
        r"(?:\((?:Tax ID/INN|INN|TIN|Tax ID number|[Tt]ax [Ii]dentification [Nn]umber|Russia)\))?"
    )
    alone = re.compile(rf"^(?:TIN |\(TIN\) )?(\d{{10}}|\d{{12}})\s*{label}$")
    in_code, alone_found, anywhere = set(), set(), set()
    for r in raw.rows:
        for value in _split(r["innCode"]) if r["innCode"] else []:
            digits = re.sub(r"[ ]", "", re.split(r"[,/]|OKPO|KPP", value)[0]).strip("- ")
            if _inn_ok(digits):
                in_code.add(digits)
            else:
                anywhere.add(value)
        for column in ("innCode", "taxNumber", "registrationNumber"):
            for value in _split(r[column]) if r[column] else []:
                match = alone.match(value)
                if match and _inn_ok(match[1]) and column != "innCode":
                    alone_found.add(match[1])
                for number in re.findall(r"\d[\d ]*\d", value):
                    if _inn_ok(number.replace(" ", "")):
                        anywhere.add(number.replace(" ", ""))
    found = {v for e in parsed.entities for v in e.get("innCode", quiet=True)}
    assert in_code | alone_found <= found <= anywhere
    assert len(in_code) > 130
    assert len(found) > 750


# -- named records -------------------------------------------------------------------------


def test_person_ryzhenkin(parsed: Parsed) -> None:
    (person,) = parsed.named("Leonid Kronidovich RYZHENKIN", "Person")
    assert person.get("alias") == ["Леонид Кронидович РЫЖЕНЬКИН"]
    assert person.get("birthDate") == ["1967-11-10"]
    assert person.get("birthPlace") == ["Leningrad, USSR (now St Petersburg, Russian Federation)"]
    assert person.get("passportNumber") == ["722706177 (in 2015)"]
    assert person.get("gender") == ["male"]
    assert person.id.startswith("eu-")
    (stmt,) = person.get_statements("birthDate")
    assert stmt.original_value == "10.11.1967"
    assert stmt.origin == "32014R0269.csv"
    (sanction,) = parsed.sanctions_of(person)
    assert sanction.get("program") == ["EU-UKR"]
    assert sanction.get("authorityId") == ["32014R0269"]
    assert sanction.get("sourceUrl") == [URL + "32014R0269"]
    assert sanction.get("provisions") == ["Asset freeze"]
    assert sanction.get("listingDate") == ["2020-10-01"]
    assert sanction.get("recordId") == ["192"]
    assert sanction.get("summary") == ["Annex I.PERSONS"]
    assert sanction.get("reason")[0].startswith("Former Deputy General Director")
    assert sanction.get("authority") == ["Council of the European Union"]
    assert regime_of("eu", sanction.get("program")[0]).key == "russia"


def test_company_stroygazmontazh(parsed: Parsed) -> None:
    (company,) = parsed.named("STROYGAZMONTAZH Joint Stock Company")
    assert company.schema.name == "LegalEntity"
    assert set(company.get("alias")) == {
        "STROYGAZMONTAZH Corporation (SGM Group)",
        "ООО Стройгазмонтаж",
        "груп СГМ",
    }
    assert company.get("address") == ["Prospect Vernadskogo 53, Moscow, 119415 Russia"]
    assert company.get("registrationNumber") == ["1077762942212"]
    assert company.get("taxNumber") == ["7729588440"]
    # INN printed as innCode, plus the tax number, which is itself a valid INN.
    assert set(company.get("innCode")) == {"9729299794", "7729588440"}
    assert set(company.get("ogrnCode")) == {"1207700324941", "1077762942212"}
    originals = {s.value: s.original_value for s in company.get_statements("ogrnCode")}
    assert originals["1207700324941"] == "1207700324941, KPP 772901001"
    # A LegalEntity has no kppCode property: the KPP is kept as a note.
    assert "kppCode: 772901001" in company.get("notes")
    assert company.get("email") == ["info@ooosgm.ru"]
    assert company.get("website") == ["http://www.aosgm.ru/"]
    (sanction,) = parsed.sanctions_of(company)
    assert sanction.get("listingDate") == ["2018-07-31"]
    assert sanction.get("summary") == ["Annex I.ENTITIES"]


def test_vessel_angara(parsed: Parsed) -> None:
    (vessel,) = [v for v in parsed.named("Angara", "Vessel") if "IMO9179842" in v.get("imoNumber")]
    assert vessel.get("imoNumber") == ["IMO9179842"]
    (sanction,) = parsed.sanctions_of(vessel)
    assert sanction.get("program") == ["EU-RUS"]
    assert sanction.get("authorityId") == ["32014R0833"]
    assert sanction.get("provisions") == ["Transportation restrictions"]
    assert sanction.get("listingDate") == ["2024-06-25"]
    assert sanction.get("summary") == ["Annex XLII"]
    assert regime_of("eu", "EU-RUS").key == "russia"


def test_a_target_under_several_acts_is_one_entity(parsed: Parsed, raw: Raw) -> None:
    inn = "7718852163"  # Rosoboronexport
    rows = [r for r in raw.rows if any(inn in r[c] for c in IDS)]
    assert {r["framework"] for r in rows} == {"32014R0269", "32014R0833"}
    (entity,) = [e for e in parsed.entities if inn in e.get("innCode", quiet=True)]
    assert {" ".join(r["name"].split()) for r in rows} <= set(entity.get("name"))
    sanctions = parsed.sanctions_of(entity)
    assert len(sanctions) == len({(r["programKey"], r["framework"], r["measure"]) for r in rows})
    assert {p for s in sanctions for p in s.get("program")} == {"EU-UKR", "EU-RUS"}
    assert {a for s in sanctions for a in s.get("authorityId")} == {"32014R0269", "32014R0833"}


def test_a_person_under_two_regimes_is_one_entity(parsed: Parsed) -> None:
    (person,) = parsed.named("Sergei Ivanovich MENYAILO", "Person")
    assert person.get("birthDate") == ["1960-08-22"]
    programs = {p for s in parsed.sanctions_of(person) for p in s.get("program")}
    assert programs == {"EU-UKR", "EU-CHEM"}
    assert regime_of("eu", "EU-CHEM").key == "nonproliferation"


def test_legal_entity_and_company_of_one_target_become_a_company(parsed: Parsed, raw: Raw) -> None:
    inn = "9111001119"  # Zaliv shipyard
    rows = [r for r in raw.rows if any(inn in r[c] for c in IDS)]
    assert {r["schema"] for r in rows} == {"Company", "LegalEntity"}
    (entity,) = [e for e in parsed.entities if inn in e.get("innCode", quiet=True)]
    assert entity.schema.name == "Company"
    assert {" ".join(r["name"].split()) for r in rows} <= set(entity.get("name"))


def test_amended_designation_merges_with_its_consolidated_entry(parsed: Parsed, raw: Raw) -> None:
    """32026R1960 amends entries of 32002R0881; the DOBs are printed differently in each."""
    amended = {(r["schema"], r["name"]) for r in raw.rows if r["file"] == "32026R1960.csv"}
    listed = {(r["schema"], r["name"]) for r in raw.rows if r["file"] == "32002R0881.csv"}
    assert len(amended & listed) == 6
    for schema, name in amended & listed:
        (target,) = parsed.named(name, schema)
        acts = {a for s in parsed.sanctions_of(target) for a in s.get("authorityId")}
        assert acts == {"32002R0881", "32026R1960"}, name
    (zidane,) = parsed.named("Mohammed Salahaldin Abd El Halim Zidane", "Person")
    assert set(zidane.get("birthDate")) == {"1960-04-11", "1963-04-11"}


def test_programs_map_to_regimes(parsed: Parsed, raw: Raw) -> None:
    assert not parsed.report.unmapped_programs
    for program in {r["programKey"] for r in raw.rows}:
        assert regime_of("eu", program).key != "other", program
    assert regime_of("eu", "EU-HR").key == "human-rights"
    assert regime_of("eu", "EU-HR").magnitsky


def test_ids_are_stable_and_unique(parsed: Parsed, root: Path) -> None:
    assert len(parsed.by_id) == len(parsed.entities) + len(parsed.sanctions)
    single = list(FORMAT.parse(root / "consolidated" / "32014R0833.csv"))
    (angara,) = [e for e in single if "IMO9179842" in e.get("imoNumber", quiet=True)]
    assert angara.id in parsed.by_id


def test_a_superseded_amendment_still_parses_on_its_own(root: Path) -> None:
    report = ParseReport()
    out = list(FORMAT.parse(root / "amendments" / "32026R1883.csv", report))
    assert report.records == 2 and not report.rejected
    assert {e.schema.name for e in out} == {"Person", "LegalEntity", "Sanction"}
    sanction = next(e for e in out if e.schema.name == "Sanction")
    assert set(sanction.get("authorityId")) == {"32012R0267", "32026R1883"}
    assert set(sanction.get("sourceUrl")) == {URL + "32012R0267", URL + "32026R1883"}


# -- tiny files ----------------------------------------------------------------------------


def _write(folder: Path, stem: str, rows: list[dict[str, str]], header=CONSOLIDATED_HEADER) -> Path:
    path = folder / f"{stem}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(header))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def _row(**cells: str) -> dict[str, str]:
    base = {"celex": "32014R0269", "programKey": "EU-UKR", "measure": "Asset freeze",
            "schema": "Person", "name": "Ivan IVANOV"}  # fmt: skip
    return {**base, **cells}


def _parse(path: Path, report: ParseReport | None = None) -> list[StatementEntity]:
    return list(FORMAT.parse(path, report))


def test_values_are_split_and_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [
        _row(alias='"Foo; Bar"; Baz', birthDate="(a) 1.1.1960, (b) 1961",
             nationality="Russian, Ukrainian", passportNumber="123", startDate="2.3.2022",
             phone="+7 495 123-45-67, +7 495 765-43-21"),
        _row(name="OOO Romashka", schema="LegalEntity", kppCode="772901001",
             incorporationDate="some day", registrationNumber="7704730655 (Tax ID/INN)",
             nationality=""),
    ])  # fmt: skip
    report = ParseReport()
    out = {
        e.get("name")[0] if e.schema.name != "Sanction" else e.id: e for e in _parse(path, report)
    }
    person = out["Ivan IVANOV"]
    assert set(person.get("alias")) == {"Foo; Bar", "Baz"}
    assert set(person.get("birthDate")) == {"1960-01-01", "1961"}
    assert set(person.get("nationality")) == {"ru", "ua"}
    assert set(person.get("phone")) == {"+74951234567", "+74957654321"}
    org = out["OOO Romashka"]
    assert org.get("innCode") == ["7704730655"]
    assert org.get("registrationNumber") == ["7704730655 (Tax ID/INN)"]
    assert set(org.get("notes")) == {"kppCode: 772901001", "incorporationDate: some day"}
    assert report.unplaced == {"kppCode": 1, "incorporationDate": 1}
    assert report.records == 2


def test_a_row_without_a_name_is_rejected_not_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row(name=""), _row()])
    report = ParseReport()
    out = _parse(path, report)
    assert [e.schema.name for e in out] == ["Person", "Sanction"]
    (rejected,) = report.rejected
    assert (rejected.file, rejected.position) == ("32014R0269.csv", "line 2")
    assert "EU-UKR" in rejected.raw


def test_a_consolidated_file_may_be_empty_an_amendment_may_not(tmp_path: Path) -> None:
    assert _parse(_write(tmp_path, "32014R0269", [])) == []
    with pytest.raises(ParseError, match="at least one data row"):
        _parse(_write(tmp_path, "32026R1843", [], AMENDMENT_HEADER))


def test_header_must_be_one_of_the_contracts(tmp_path: Path) -> None:
    header = [c for c in CONSOLIDATED_HEADER if c != "kppCode"] + ["comment"]
    path = _write(tmp_path, "32014R0269", [], header)
    with pytest.raises(ParseError) as err:
        _parse(path)
    assert "missing kppCode" in str(err.value)
    assert "unexpected comment" in str(err.value)
    assert err.value.position == "line 1"
    swapped = list(AMENDMENT_HEADER)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    with pytest.raises(ParseError, match="out of order"):
        _parse(_write(tmp_path, "32026R1843", [], swapped))


def test_cell_count_must_match_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row()])
    path.write_text(path.read_text("utf-8") + "32014R0269,1,EU-UKR\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        _parse(path)
    assert err.value.position == "line 3"


def test_bytes_must_be_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row(), _row(name="Pyotr PETROV")])
    path.write_bytes(path.read_bytes().replace(b"PETROV", b"PETR\xd6V"))
    with pytest.raises(ParseError, match="not UTF-8") as err:
        _parse(path)
    assert err.value.position == "line 3"


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "32014R0269.csv"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="empty file"):
        _parse(path)


def test_celex_must_equal_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0833", [_row()])
    with pytest.raises(ParseError, match="does not equal") as err:
        _parse(path)
    assert (err.value.position, err.value.field) == ("line 2", "celex")
    cells = {k: v for k, v in _row().items() if k != "celex"}
    amendment = {"amendedCelex": "CELEX:32014R0269", "amendmentCelex": "32026R1843"}
    path = _write(tmp_path, "32026R1843", [{**cells, **amendment}], AMENDMENT_HEADER)
    with pytest.raises(ParseError, match="bare CELEX") as err:
        _parse(path)
    assert err.value.field == "amendedCelex"


def test_unknown_schema_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row(), _row(schema="Airplane")])
    with pytest.raises(ParseError, match="unknown schema 'Airplane'") as err:
        _parse(path)
    assert (err.value.position, err.value.field) == ("line 3", "schema")


def test_exact_duplicate_rows_are_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row(), _row(name="Other"), _row()])
    with pytest.raises(ParseError, match="duplicate of line 2") as err:
        _parse(path)
    assert err.value.position == "line 4"


def test_start_date_must_be_a_bare_date(tmp_path: Path) -> None:
    path = _write(tmp_path, "32014R0269", [_row(startDate="Listed on: spring 2022")])
    with pytest.raises(ParseError, match="not a bare date") as err:
        _parse(path)
    assert err.value.field == "startDate"


def test_a_folder_without_csv_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "consolidated").mkdir()
    with pytest.raises(ParseError, match="no CSV files"):
        _parse(tmp_path)


def test_a_small_folder_is_one_list_version(tmp_path: Path) -> None:
    """An amendment row of a framework act merges with the act's consolidated row."""
    for folder in ("consolidated", "amendments"):
        (tmp_path / folder).mkdir()
    person = {"name": "Ivan IVANOV", "birthDate": "1.2.1970", "recordId": "7"}
    _write(tmp_path / "consolidated", "32014R0269", [_row(**person, startDate="2.3.2022")])
    cells = {k: v for k, v in _row(**person).items() if k != "celex"}
    amendment = {"amendedCelex": "32014R0269", "amendmentCelex": "32026R1843"}
    _write(tmp_path / "amendments", "32026R1843", [{**cells, **amendment}], AMENDMENT_HEADER)
    (tmp_path / "eu_journal_sanctions.yml").write_text(
        "config:\n  consolidation:\n    32014R0269: 02014R0269-20260717\n", encoding="utf-8"
    )
    assert detect(tmp_path) is FORMAT
    assert FORMAT.primary(tmp_path / "amendments" / "32026R1843.csv") == tmp_path
    assert len(FORMAT.members(tmp_path)) == 3
    assert FORMAT.published(tmp_path) == "2026-07-17"
    out = _parse(tmp_path)
    assert [e.schema.name for e in out] == ["Person", "Sanction"]
    person_entity, sanction = out
    assert {s.origin for s in person_entity.get_statements("birthDate")} == {"32014R0269.csv"}
    assert set(sanction.get("authorityId")) == {"32014R0269", "32026R1843"}
    assert sanction.get("listingDate") == ["2022-03-02"]


def test_names_written_inside_a_name_are_aliases_too(parsed: Parsed, raw: Raw) -> None:
    """A name cell printing "(a.k.a. ...)" keeps its printed name, and the name without
    the bracket and each whole name in it become aliases: what comes after "a.k.a." up
    to a comma, "or" or the bracket's end is found among the entity's names."""
    marked = [r for r in raw.rows if re.search(r"\(a\.k\.a\. [^()]*\)\s*$", r["name"])]
    assert len(marked) >= 5
    for row in marked:
        printed = " ".join(row["name"].split())
        bracket = re.search(r"\(a\.k\.a\. ([^()]*)\)\s*$", printed)
        assert bracket is not None
        first = re.split(r",| or ", bracket.group(1))[0].strip()
        without = printed[: bracket.start()].strip()
        entity = next(e for e in parsed.named(printed))
        names = set(entity.get("name")) | set(entity.get("alias"))
        assert printed in entity.get("name")
        assert without in names, printed
        if " " in first:  # a whole name; a single word stands for one word of the name
            assert first in names, printed
        else:
            assert any(first in n.split() for n in names), printed


def test_a_vessels_bracketed_names_are_its_former_names(parsed: Parsed, raw: Raw) -> None:
    """The annexes print a renamed ship as "Ryong Rim (Jon Jin 2)": the name before the
    brackets becomes an alias and each bracketed name a former name (OFAC lists IMO
    8018912 as JON JIN 2); the printed name stays. Vessel rows counted from the raw CSVs."""
    bracketed = [
        r
        for r in raw.rows
        if r["schema"] == "Vessel" and re.fullmatch(r"[^()]+(\([^()]+\))+", r["name"])
    ]
    assert len(bracketed) == len({r["imoNumber"] for r in bracketed}) >= 10
    for row in bracketed:
        current = row["name"].split("(")[0].strip()
        former = {part.strip(" )") for part in row["name"].split("(")[1:]}
        (vessel,) = [v for v in parsed.named(row["name"], "Vessel")]
        assert f"IMO{row['imoNumber']}" in vessel.get("imoNumber")
        assert current in vessel.get("alias")
        assert set(vessel.get("previousName")) >= former
    vessels = [r for r in raw.rows if r["schema"] == "Vessel"]
    plain = {r["name"] for r in vessels} - {r["name"] for r in vessels if "(" in r["name"]}
    plain -= {r["name"] for r in vessels if r["previousName"]}
    unnamed = [
        v for v in parsed.entities if v.schema.name == "Vessel" and set(v.get("name")) <= plain
    ]
    assert len(unnamed) > 100 and not any(v.get("previousName") for v in unnamed)
