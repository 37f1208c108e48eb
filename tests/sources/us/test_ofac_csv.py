"""OFAC SDN legacy CSV set: parser output checked against counts the test takes from the raw
files with the csv module and regular expressions, named real records field by field, and
malformed sets written to tmp_path."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from followthemoney import StatementEntity, registry

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.base import Head
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.ofac_csv import FORMAT, members, primary
from tests.sources.helpers import TARGETS, links_from, sanctions_of


def rows_of(path: Path) -> list[list[str]]:
    with path.open(encoding="ascii", newline="") as fh:
        return [r for r in csv.reader(fh) if len(r) > 1]


@pytest.fixture(scope="module")
def folder(data_dir: Path) -> Path:
    return data_dir / "us_ofac"


@pytest.fixture(scope="module")
def sdn(folder: Path) -> dict[str, list[str]]:
    """sdn.csv rows by ent_num; a Remarks cell cut at 1,000 characters gets its overflow
    from sdn_comments.csv appended (column 12)."""
    rows = {r[0]: r for r in rows_of(folder / "sdn.csv")}
    comments = {r[0]: r[1] for r in rows_of(folder / "sdn_comments.csv")}
    for ent, row in rows.items():
        remarks = row[11] + comments.get(ent, "") if len(row[11]) == 1000 else row[11]
        row[:] = [c.strip() for c in row] + [remarks.strip()]
    return rows


@pytest.fixture(scope="module")
def parsed(folder: Path) -> tuple[list[StatementEntity], ParseReport]:
    report = ParseReport()
    entities = list(FORMAT.parse(folder / "sdn.csv", report))
    return entities, report


@pytest.fixture(scope="module")
def by_id(parsed: tuple[list[StatementEntity], ParseReport]) -> dict[str, StatementEntity]:
    return {str(e.id): e for e in parsed[0]}


@pytest.fixture(scope="module")
def targets(by_id: dict[str, StatementEntity]) -> dict[str, StatementEntity]:
    """Designated targets by ent_num."""
    return {k.split("-", 1)[1]: e for k, e in by_id.items() if e.schema.name in TARGETS}


def of_schema(entities: list[StatementEntity], schema: str) -> list[StatementEntity]:
    return [e for e in entities if e.schema.name == schema]


def test_recognised_from_content(folder: Path) -> None:
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        assert detect(folder / name) is get_format("us_ofac_csv")
    assert primary(folder / "alt.csv") == folder / "sdn.csv"
    assert primary(folder / "sdn_comments.csv") == folder / "sdn.csv"
    assert {p.name for p in members(folder / "add.csv")} == {
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "sdn_comments.csv",
    }
    assert FORMAT.source_name(folder / "sdn.csv") == "us_ofac_sdn"
    assert FORMAT.published(folder / "sdn.csv") is None
    assert not FORMAT.sniff(Head.read(folder / "consolidated_non_sdn.xml"))


def test_one_target_per_row_by_type(
    sdn: dict[str, list[str]], targets: dict[str, StatementEntity]
) -> None:
    assert set(targets) == set(sdn)
    types = Counter(r[2].lower() for r in sdn.values())
    schemata = Counter(e.schema.name for e in targets.values())
    assert schemata["Person"] == types["individual"]
    assert schemata["Vessel"] == types["vessel"]
    assert schemata["Airplane"] == types["aircraft"]
    assert schemata["LegalEntity"] + schemata["Organization"] + schemata["Company"] == types["-0-"]
    for ent, row in sdn.items():
        assert targets[ent].get("name") == [re.sub(r"\s+", " ", row[1])]


def test_one_sanction_per_program(
    parsed: tuple[list[StatementEntity], ParseReport], sdn: dict[str, list[str]]
) -> None:
    expected = {
        (ent, p.strip("[] "))
        for ent, row in sdn.items()
        for p in row[3].split("] [")
        if p.strip("[] ")
    }
    sanctions = of_schema(parsed[0], "Sanction")
    got = {(s.get("entity")[0].split("-", 1)[1], s.get("program")[0]) for s in sanctions}
    assert len(sanctions) == len(expected)
    assert got == expected
    assert all(s.get("authorityId") == [s.get("entity")[0].split("-", 1)[1]] for s in sanctions)
    assert all(s.get("country") == ["us"] for s in sanctions)


def test_every_program_maps_to_a_regime(parsed: tuple[list[StatementEntity], ParseReport]) -> None:
    assert dict(parsed[1].unmapped_programs) == {}
    assert regime_of("us", "RUSSIA-EO14024").key == "russia"
    assert regime_of("us", "UKRAINE-EO13661").key == "russia"
    assert regime_of("us", "GLOMAG").key == "global-magnitsky"
    assert regime_of("us", "GLOMAG").magnitsky


def test_companion_rows_beyond_sdn_are_rejected_not_invented(
    folder: Path,
    sdn: dict[str, list[str]],
    parsed: tuple[list[StatementEntity], ParseReport],
    targets: dict[str, StatementEntity],
) -> None:
    report = parsed[1]
    rejected = Counter(r.file for r in report.rejected if "is not in sdn.csv" in r.reason)
    alt = rows_of(folder / "alt.csv")
    add = rows_of(folder / "add.csv")
    assert rejected["alt.csv"] == sum(r[0] not in sdn for r in alt)
    assert rejected["add.csv"] == sum(r[0] not in sdn for r in add)
    assert len({r[0] for r in alt} - set(sdn)) == 1567
    assert len({r[0] for r in add} - set(sdn)) == 4253
    raw_lines = (folder / "alt.csv").read_text("ascii").splitlines()
    sample = next(r for r in report.rejected if r.file == "alt.csv")
    assert sample.raw == raw_lines[int(sample.position.split()[1]) - 1]
    # every alias row of a known ent_num is on its entity, typed by alt_type
    prop = {"aka": "alias", "fka": "previousName", "nka": "alias"}
    for row in alt:
        if row[0] in sdn:
            name = registry.name.clean_text(re.sub(r"\s+", " ", row[3]).strip())
            assert name in targets[row[0]].get(prop[row[2]]), row
    # every address row of a known ent_num is on its entity
    expected: dict[str, set[str]] = defaultdict(set)
    for row in add:
        parts = [re.sub(r"\s+", " ", c).strip() for c in row[2:5]]
        full = ", ".join(p for p in parts if p != "-0-" and p)
        if row[0] in sdn and full:
            expected[row[0]].add(registry.address.clean_text(full))
    for ent, addresses in expected.items():
        assert set(targets[ent].get("address")) == addresses


def test_remarks_overflow_is_appended(
    folder: Path, sdn: dict[str, list[str]], targets: dict[str, StatementEntity], by_id: dict
) -> None:
    comments = {r[0]: r[1] for r in rows_of(folder / "sdn_comments.csv")}
    assert len(sdn["28263"][11]) == 1000 and "28263" in comments
    # "a.k.a. 'snowsjo" + "hn'; Linked To: LAZARUS GROUP."
    lazarus = next(e for e, r in sdn.items() if r[1] == "LAZARUS GROUP")
    assert "snowsjohn" in targets["28263"].get("weakAlias")
    link = by_id[f"ofac-28263-linked-{lazarus}"]
    assert link.get("object") == [f"ofac-{lazarus}"] and link.get("role") == ["Linked To"]


def test_weak_aliases_from_remarks(
    sdn: dict[str, list[str]], targets: dict[str, StatementEntity]
) -> None:
    for ent, row in sdn.items():
        for quoted in re.findall(r"(?:^|; )a\.k\.a\. '(.+?)'(?=;|\.?$)", row[12]):
            assert registry.name.clean_text(quoted) in targets[ent].get("weakAlias"), ent


def test_imo_numbers_of_vessels(
    sdn: dict[str, list[str]],
    targets: dict[str, StatementEntity],
    parsed: tuple[list[StatementEntity], ParseReport],
) -> None:
    expected = {
        (ent, "IMO" + m)
        for ent, row in sdn.items()
        if row[2] == "vessel"
        for m in re.findall(r"(?:IMO|Vessel Registration Identification)\s+(\d{7})\b", row[12])
    }
    got = {
        (ent, imo)
        for ent, e in targets.items()
        if e.schema.name == "Vessel"
        for imo in e.get("imoNumber")
    }
    assert got <= expected
    # what is missing fails the IMO check digit (weights 7..2, last digit = sum mod 10)
    for _, imo in expected - got:
        digits = [int(d) for d in imo[3:]]
        assert sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=False)) % 10 != digits[6]
    invalid = parsed[1].unplaced["Vessel Registration Identification (not a valid IMO number)"]
    assert invalid >= len(expected - got)
    assert len(got) > 840


def test_russian_identifiers(
    sdn: dict[str, list[str]], targets: dict[str, StatementEntity]
) -> None:
    """Every Russian Tax ID / Registration Number is in innCode/ogrnCode or, when it is not a
    valid INN/OGRN, in taxNumber/registrationNumber."""
    for ent, row in sdn.items():
        e = targets[ent]
        for number in re.findall(r"Tax ID No\. (\d+) \(Russia\)", row[12]):
            assert number in e.get("innCode", quiet=True) + e.get("taxNumber", quiet=True)
        for number in re.findall(r"Registration Number (\d+) \(Russia\)", row[12]):
            assert number in e.get("ogrnCode", quiet=True) + e.get("registrationNumber", quiet=True)
    inn = sum(len(e.get("innCode", quiet=True)) for e in targets.values())
    ogrn = sum(len(e.get("ogrnCode", quiet=True)) for e in targets.values())
    assert inn > 2500 and ogrn > 2000


def test_linked_to_becomes_links_or_notes(
    sdn: dict[str, list[str]], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    names = Counter(r[1] for r in sdn.values())
    expected = set()
    for ent, row in sdn.items():
        for name in re.findall(r"Linked To: (.+?)(?:;|\.?$)", row[12]):
            expected.add((ent, name))
    links = of_schema(parsed[0], "UnknownLink")
    noted = parsed[1].unplaced["Linked To (not in this file)"]
    ambiguous = parsed[1].unplaced["Linked To (ambiguous)"]
    assert len(links) + noted + ambiguous == len(expected)
    unknown = [n for _, n in expected if not {n, n + ".", n.rstrip(".")} & names.keys()]
    assert noted == len(unknown)
    assert ambiguous == sum(names.get(n, 0) > 1 for _, n in expected)


def test_rotenberg(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["ofac-18310"]
    assert e.schema.name == "Person"
    assert e.get("name") == ["ROTENBERG, Roman Borisovich"]
    assert e.get("lastName") == ["ROTENBERG"]
    assert e.get("firstName") == ["Roman Borisovich"]
    assert e.get("birthDate") == ["1981-04-07"]
    assert e.get("birthPlace") == ["St. Petersburg, Russia"]
    assert set(e.get("citizenship")) == {"ru", "fi"}
    assert set(e.get("passportNumber")) == {"640848350", "16038132", "17017258"}
    assert "ROTENBERG, Roman Borysovych" in e.get("alias")
    passports = {
        p.get("number")[0]: p.get("country")
        for p in by_id.values()
        if p.schema.name == "Passport" and p.get("holder") == ["ofac-18310"]
    }
    assert passports == {"640848350": ["ru"], "16038132": ["fi"], "17017258": ["fi"]}
    programs = {s.get("program")[0] for s in sanctions_of(by_id, "ofac-18310")}
    assert programs == {"UKRAINE-EO13661", "RUSSIA-EO14024"}
    sanction = by_id["ofac-18310-sanction-russia-eo14024"]
    assert any(p.startswith("Secondary sanctions risk:") for p in sanction.get("provisions"))
    links = links_from(by_id, "ofac-18310")
    assert len(links) == 1
    assert by_id[links[0].get("object")[0]].get("name") == ["ROTENBERG, Boris Romanovich"]


def test_volga_group(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["ofac-16806"]
    assert e.schema.name == "LegalEntity"
    assert e.get("name") == ["OOO VOLGA GROUP"]
    assert e.get("innCode") == ["7718989383"]
    assert e.get("ogrnCode") == ["1147746803049"]
    assert e.get("alias") == ["VOLGA GROUP HOLDING LIMITED LIABILITY COMPANY"]
    assert set(e.get("address")) == {
        "Begovaya St., Dom 3, Str. 1, Moscow 12528, Russia",
        "Timura Frunze, House 11, Building 1, floor 2, unit IV, room 2, Moscow, Russia",
    }
    assert e.get("country") == ["ru"]
    origins = {s.prop: s.origin for s in e.statements}
    assert origins["alias"] == "alt.csv" and origins["address"] == "add.csv"
    assert origins["innCode"] == "sdn.csv"
    tax = [
        d
        for d in by_id.values()
        if d.schema.name == "Identification" and d.get("holder") == ["ofac-16806"]
    ]
    assert {(d.get("type")[0], d.get("number")[0], d.get("country")[0]) for d in tax} == {
        ("Tax ID No.", "7718989383", "ru"),
        ("Registration Number", "1147746803049", "ru"),
    }


def test_baltic_leader(by_id: dict[str, StatementEntity]) -> None:
    e = by_id["ofac-34940"]
    assert e.schema.name == "Vessel"
    assert e.get("name") == ["BALTIC LEADER"]
    assert e.get("imoNumber") == ["IMO9220639"]
    assert e.get("type") == ["Roll-on Roll-off"]
    assert e.get("grossRegisteredTonnage") == ["8831"]
    assert e.get("flag") == ["ru"]
    assert by_id["ofac-34940-sanction-russia-eo14024"].get("program") == ["RUSSIA-EO14024"]
    (link,) = links_from(by_id, "ofac-34940")
    assert by_id[link.get("object")[0]].get("name") == ["PSB LIZING OOO"]


def test_aircraft_and_crypto(
    sdn: dict[str, list[str]], targets: dict[str, StatementEntity], by_id: dict
) -> None:
    plane = targets["15431"]
    assert plane.schema.name == "Airplane"
    assert set(plane.get("serialNumber")) == {"8401", "1023409321"}
    assert plane.get("buildDate") == ["1992"]
    assert plane.get("model") == ["IL76-TD"]
    assert "Aircraft Operator: YAS AIR" in plane.get("notes")
    wallets = Counter(w.get("holder")[0] for w in by_id.values() if w.schema.name == "CryptoWallet")
    expected = Counter()
    for ent, row in sdn.items():
        addresses = set(re.findall(r"Digital Currency Address - (\w+ \w+)", row[12]))
        if addresses:
            expected[f"ofac-{ent}"] = len(addresses)
    for holder, count in expected.items():
        assert wallets[holder] == count


# --- malformed input -------------------------------------------------------------------


def write_set(tmp_path: Path, sdn: str, **companions: str) -> Path:
    (tmp_path / "sdn.csv").write_bytes(sdn.encode("latin-1"))
    for name, text in companions.items():
        (tmp_path / f"{name}.csv").write_text(text)
    return tmp_path / "sdn.csv"


ROW = '{ent},"{name}","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1960."\r\n'


def test_wrong_column_count_names_line_and_column(tmp_path: Path) -> None:
    path = write_set(tmp_path, ROW.format(ent=1, name="A, B") + '2,"C","individual","SDGT"\r\n')
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 2" and err.value.field == "Title"


def test_duplicate_ent_num(tmp_path: Path) -> None:
    path = write_set(tmp_path, ROW.format(ent=7, name="A, B") + ROW.format(ent=7, name="C, D"))
    with pytest.raises(ParseError, match="duplicate ent_num 7") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "ent_num"


def test_undecodable_byte_names_line(tmp_path: Path) -> None:
    path = write_set(tmp_path, ROW.format(ent=1, name="A, B") + ROW.format(ent=2, name="\xe9, B"))
    with pytest.raises(ParseError, match="not UTF-8") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 2"


def test_empty_file(tmp_path: Path) -> None:
    path = write_set(tmp_path, "\x1a")
    with pytest.raises(ParseError, match="empty"):
        list(FORMAT.parse(path))


def test_non_numeric_ent_num(tmp_path: Path) -> None:
    path = write_set(tmp_path, ROW.format(ent="x1", name="A, B"))
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.field == "ent_num"


def test_companion_without_sdn_csv(tmp_path: Path, folder: Path) -> None:
    shutil.copy(folder / "alt.csv", tmp_path / "alt.csv")
    with pytest.raises(ParseError, match=r"no sdn\.csv"):
        primary(tmp_path / "alt.csv")


def test_malformed_companion(tmp_path: Path) -> None:
    path = write_set(tmp_path, ROW.format(ent=1, name="A, B"), alt='1,2,"aka"\r\n')
    with pytest.raises(ParseError) as err:
        list(FORMAT.parse(path))
    assert err.value.path.endswith("alt.csv") and err.value.field == "alt_name"


def test_small_set_end_to_end(tmp_path: Path) -> None:
    path = write_set(
        tmp_path,
        ROW.format(ent=1, name="DOE, John") + ROW.format(ent=2, name="ACME"),
        alt='1,10,"aka","DOE, Johnny",-0- \r\n9,11,"aka","GHOST",-0- \r\n',
        add='1,20,"1 Main St","Springfield","United States",-0- \r\n',
    )
    report = ParseReport()
    entities = {str(e.id): e for e in FORMAT.parse(path, report)}
    assert entities["ofac-1"].get("alias") == ["DOE, Johnny"]
    assert entities["ofac-1"].get("address") == ["1 Main St, Springfield, United States"]
    assert entities["ofac-1"].get("birthDate") == ["1960"]
    assert "ofac-9" not in entities
    assert [(r.file, r.position) for r in report.rejected] == [("alt.csv", "line 2")]
    assert report.warnings == ["sdn_comments.csv not found beside sdn.csv"]
    assert report.records == 5
