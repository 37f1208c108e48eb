"""trade.gov Consolidated Screening List: parser output checked against counts the test takes
from the raw gzipped CSV with the csv module, named real records field by field, and
malformed files written to tmp_path."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from followthemoney import StatementEntity

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.csl import COLUMNS, FORMAT
from tests.sources.helpers import TARGETS, links_from, parse_by_id, sanctions_of


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "us_csl" / "consolidated.csv.gz"


@pytest.fixture(scope="module")
def raw(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def parsed(path: Path) -> tuple[dict[str, StatementEntity], ParseReport]:
    return parse_by_id(FORMAT.parse, path)


@pytest.fixture(scope="module")
def by_id(parsed: tuple[dict[str, StatementEntity], ParseReport]) -> dict[str, StatementEntity]:
    return parsed[0]


def test_recognised_named_and_dated(path: Path, raw: list[dict[str, str]]) -> None:
    assert detect(path) is get_format("us_csl")
    assert FORMAT.source_name(path) == "us_trade_csl"
    assert FORMAT.published(path) == max(r["start_date"] for r in raw if r["start_date"])
    assert FORMAT.published(path) == "2022-04-21"


def test_one_entity_per_id(raw: list[dict[str, str]], by_id: dict[str, StatementEntity]) -> None:
    targets = {k: e for k, e in by_id.items() if e.schema.name in TARGETS}
    ids = {r["_id"] for r in raw}
    assert len(raw) == 14160 and len(ids) == 14048
    assert set(targets) == {f"us-csl-{i}" for i in ids}
    first_type: dict[str, str] = {}
    for r in raw:
        first_type.setdefault(r["_id"], r["type"])
    types = Counter(first_type.values())
    schemata = Counter(e.schema.name for e in targets.values())
    assert schemata["Person"] == types["Individual"]
    assert schemata["Vessel"] == types["Vessel"]
    assert schemata["Airplane"] == types["Aircraft"]
    legal = schemata["LegalEntity"] + schemata["Organization"] + schemata["Company"]
    assert legal == types["Entity"] + types[""]


def test_one_sanction_per_list_and_program(
    raw: list[dict[str, str]], by_id: dict[str, StatementEntity], parsed: tuple
) -> None:
    expected: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in raw:
        programs = [p.strip() for p in r["programs"].split(";") if p.strip()]
        if not programs:
            programs = [re.sub(r" \([^)]*\)", "", r["source"].split(" - ")[0])]
        for program in programs:
            expected[(r["_id"], program)].add(r["source"].rsplit(" - ", 1)[0])
    sanctions = [e for e in by_id.values() if e.schema.name == "Sanction"]
    assert len(sanctions) == len(expected)
    for s in sanctions:
        lists = expected[(s.get("entity")[0].removeprefix("us-csl-"), s.get("program")[0])]
        assert lists <= set(s.get("provisions"))
    assert dict(parsed[1].unmapped_programs) == {}
    assert regime_of("us", "Entity List").key == "export-controls"
    assert regime_of("us", "Denied Persons List").key == "export-controls"
    assert regime_of("us", "GLOMAG").key == "global-magnitsky"


def test_identifiers_from_ids(raw: list[dict[str, str]], by_id: dict[str, StatementEntity]) -> None:
    passports: dict[str, set[str]] = defaultdict(set)
    imo: dict[str, set[str]] = defaultdict(set)
    for r in raw:
        for item in filter(None, r["ids"].split("; ")):
            parts = item.split(", ")
            if parts[-1] == "Passport" and any(ch.isdigit() for ch in parts[-2]):
                passports[r["_id"]].add(parts[-2])
            if parts[-1] == "Vessel Registration Identification" and parts[0].startswith("IMO "):
                imo[r["_id"]].add(parts[0].replace(" ", ""))
    for key, numbers in passports.items():
        assert numbers <= set(by_id[f"us-csl-{key}"].get("passportNumber"))
    for key, numbers in imo.items():
        assert set(by_id[f"us-csl-{key}"].get("imoNumber", quiet=True)) <= numbers
    assert sum(len(v) for v in passports.values()) > 1600


def test_entry_on_three_lists(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["us-csl-18725"]
    assert e.schema.name == "LegalEntity"
    assert e.get("name") == ["BANCO VTB AFRICA SA"]
    assert e.get("alias") == ["VTB AFRICA"]
    assert e.get("swiftBic") == ["VTBLAOLU"] and e.get("website") == ["http://www.vtb.ao/"]
    assert e.get("country") == ["ao"]
    sanctions = sanctions_of(by_id, "us-csl-18725")
    assert {s.get("program")[0] for s in sanctions} == {"UKRAINE-EO13662", "RUSSIA-EO14024"}
    for sanction in sanctions:
        assert {
            "Specially Designated Nationals (SDN)",
            "Sectoral Sanctions Identifications List (SSI)",
            "Capta List (CAP)",
        } <= set(sanction.get("provisions"))
        assert len(sanction.get("programUrl")) == 3
    (link,) = links_from(by_id, str(e.id))
    assert link.get("object") == ["us-csl-17013"]


def test_volga_group_and_rotenberg(by_id: dict[str, StatementEntity]) -> None:
    volga = by_id["us-csl-16806"]
    assert volga.get("innCode") == ["7718989383"] and volga.get("ogrnCode") == ["1147746803049"]
    assert volga.get("alias") == ["VOLGA GROUP HOLDING LIMITED LIABILITY COMPANY"]
    roman = by_id["us-csl-18310"]
    assert roman.schema.name == "Person"
    assert roman.get("lastName") == ["ROTENBERG"]
    assert roman.get("birthDate") == ["1981-04-07"]
    assert "640848350" in roman.get("passportNumber")


def test_denied_person_without_program(raw: list[dict[str, str]], by_id: dict) -> None:
    row = next(r for r in raw if r["name"] == " I. ASH")
    e = by_id[f"us-csl-{row['_id']}"]
    assert e.schema.name == "LegalEntity"
    assert e.get("name") == ["I. ASH"]
    (sanction,) = sanctions_of(by_id, str(e.id))
    assert sanction.get("program") == ["Denied Persons List"]
    assert sanction.get("authority") == ["Bureau of Industry and Security"]
    assert sanction.get("listingDate") == ["2003-06-19"]
    assert sanction.get("endDate") == ["2056-06-29"]
    assert "Standard order: Y" in sanction.get("provisions")
    assert sanction.get("description") == [
        "Federal Register: 68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 F.R. 4236 1/30/07"
    ]
    assert regime_of("us", sanction.get("program")[0]).key == "export-controls"


# --- malformed input -------------------------------------------------------------------


def write(tmp_path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or list(COLUMNS))
    writer.writerows(rows)
    path = tmp_path / "consolidated.csv.gz"
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    return path


def row(**values: str) -> list[str]:
    return [values.get(c, "") for c in COLUMNS]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    header = [c for c in COLUMNS if c not in {"ids", "programs"}]
    path = write(tmp_path, [], header)
    with pytest.raises(ParseError, match="missing columns: programs, ids") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "programs"


def test_short_row(tmp_path: Path) -> None:
    path = write(tmp_path, [row(_id="1", source="X (X) - Y", name="A"), ["2", "X (X) - Y"]])
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 3" and err.value.field == "entity_number"


def test_bad_bytes_and_truncation(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\n1,Entity List (EL) - BIS,,,,\xff\n")
    with pytest.raises(ParseError, match="UTF-8") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 2"
    good = write(tmp_path, [row(_id="1", source="Entity List (EL) - BIS", name="A")])
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(good.read_bytes()[:-12])
    with pytest.raises(ParseError, match="gzip"):
        list(FORMAT.parse(cut))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        list(FORMAT.parse(empty))


def test_rows_of_one_id_merge(tmp_path: Path) -> None:
    source = "Specially Designated Nationals (SDN) - Treasury Department"
    path = write(
        tmp_path,
        [
            row(_id="7", source=source, type="Individual", programs="SDGT", name="DOE, John"),
            row(
                _id="7",
                source="Capta List (CAP) - Treasury Department",
                programs="SDGT",
                name="DOE, John",
                ids="US, 123-45-6789, SSN; Male, Gender",
            ),
            row(_id="7", source=source, type="Individual", programs="SDGT", name="DOE, John"),
        ],
    )
    report = ParseReport()
    by_id = {str(e.id): e for e in FORMAT.parse(path, report)}
    person = by_id["us-csl-7"]
    assert person.get("socialSecurityNumber") == ["123-45-6789"]
    assert person.get("gender") == ["male"]
    assert sorted(k for k in by_id if "-ssn-" not in k) == ["us-csl-7", "us-csl-7-sanction-sdgt"]
    provisions = by_id["us-csl-7-sanction-sdgt"].get("provisions")
    assert set(provisions) == {"Specially Designated Nationals (SDN)", "Capta List (CAP)"}
    assert len(report.warnings) == 1 and "listed twice" in report.warnings[0]


def test_links_and_wallets(
    raw: list[dict[str, str]], by_id: dict[str, StatementEntity], parsed: tuple
) -> None:
    names: set[tuple[str, str]] = set()
    wallets: set[tuple[str, str]] = set()
    for r in raw:
        for name in re.findall(r"Linked To: ([^;]+)", r["remarks"]):
            if name.count(")") > name.count("("):
                name = name[: name.rfind(")")]
            names.add((r["_id"], name.strip()))
        for item in r["ids"].split("; "):
            if ", Digital Currency Address - " in item:
                wallets.add((r["_id"], item))
    links = [e for e in by_id.values() if e.schema.name == "UnknownLink"]
    unplaced = parsed[1].unplaced
    unresolved = unplaced["Linked To (not in this file)"] + unplaced["Linked To (ambiguous)"]
    assert len(links) + unresolved == len(names)
    assert unresolved < 10
    assert len([e for e in by_id.values() if e.schema.name == "CryptoWallet"]) == len(wallets)
