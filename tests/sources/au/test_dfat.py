"""Australia DFAT consolidated xlsx: parser output checked against counts taken from the raw
workbook here (read with openpyxl, not the parser's reader), named real records field by
field, and malformed workbooks written to tmp_path."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from followthemoney import StatementEntity, registry
from rigour.ids import LEI

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.au.dfat import FORMAT
from kleptrace.sources.au.dfat_dates import listing_date
from kleptrace.sources.au.dfat_entity import committees
from kleptrace.sources.au.dfat_info import parse_info
from kleptrace.sources.au.dfat_sheet import COLUMNS
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import sanctions_of

Row = dict[str, Any]


def clean(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


def name(value: Any) -> str | None:
    """A name as FtM's name type stores it (collapsed spaces, outer quotes dropped)."""
    return registry.name.clean_text(clean(value))


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "au_dfat" / "regulation8_consolidated.xlsx"


@pytest.fixture(scope="module")
def raw(path: Path) -> list[Row]:
    """The data rows keyed by header, blank rows left out."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows)]
    out = []
    for row in rows:
        if any(c not in (None, "") for c in row):
            out.append(dict(zip(header, row, strict=False)))
    workbook.close()
    return out


def ref(row: Row) -> str:
    value = row["Reference"]
    return str(int(value)) if isinstance(value, int | float) else str(value).strip().lower()


def primary_key(row: Row) -> str:
    match = re.match(r"\d+", ref(row))
    assert match, row
    return match.group(0)


def test_registry_and_metadata(path: Path) -> None:
    assert detect(path) is FORMAT
    assert get_format("au_dfat") is FORMAT
    assert FORMAT.source_name(path) == "au_dfat"
    assert FORMAT.jurisdiction == "au"
    assert FORMAT.publisher == "Department of Foreign Affairs and Trade"
    assert FORMAT.urls == (
        "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
    )


def test_published_is_latest_control_date(path: Path, raw: list[Row]) -> None:
    latest = max(r["Control Date"] for r in raw if isinstance(r["Control Date"], datetime))
    assert FORMAT.published(path) == latest.date().isoformat()


def test_entities_per_primary_reference(
    parsed: tuple[list[StatementEntity], ParseReport], raw: list[Row]
) -> None:
    entities, report = parsed
    primaries = {ref(r): r for r in raw if ref(r).isdigit()}
    types = Counter(clean(r["Type"]).lower() for r in primaries.values())
    found = Counter(e.schema.name for e in entities if e.schema.name != "Sanction")
    assert found["Person"] == types["individual"]
    assert found["LegalEntity"] + found["Organization"] == types["entity"]
    assert set(found) <= {"Person", "LegalEntity", "Organization"}  # no Vessel type in the file
    assert {e.id for e in entities if e.schema.name != "Sanction"} == {
        f"au-dfat-{k}" for k in primaries
    }
    assert report.records == len(raw)
    assert report.rejected == []  # every alias row has its primary row
    assert {primary_key(r) for r in raw} == set(primaries)


def test_aliases_per_entity(by_id: dict[str, StatementEntity], raw: list[Row]) -> None:
    expected: dict[str, set[str]] = defaultdict(set)
    previous: dict[str, set[str]] = defaultdict(set)
    name_types = Counter(clean(r["Name Type"]).lower() for r in raw)
    for r in raw:
        kind = clean(r["Name Type"]).lower()
        if kind in ("aka", "original script"):
            expected[primary_key(r)].add(name(r["Name of Individual or Entity"]))
        elif kind in ("formerly known as", "previously listed as"):
            previous[primary_key(r)].add(name(r["Name of Individual or Entity"]))
        else:
            assert kind == "primary name", kind
    assert (
        sum(len(v) for v in expected.values()) <= name_types["aka"] + name_types["original script"]
    )
    for key in set(expected) | set(previous):
        entity = by_id[f"au-dfat-{key}"]
        assert set(entity.get("alias")) == expected[key], key
        assert set(entity.get("previousName")) == previous[key], key


def test_sanctions_by_regime(
    parsed: tuple[list[StatementEntity], ParseReport], raw: list[Row]
) -> None:
    expected: Counter[str] = Counter()
    for r in raw:
        if ref(r).isdigit():
            # "1970 (Libya) 1973 (Libya)" is two committees
            for committee in re.split(r"(?<=\))\s+(?=\d{4} \()", clean(r["Committees"])):
                expected[regime_of("au", committee).key] += 1
    found = Counter(
        regime_of("au", e.first("program")).key for e in parsed[0] if e.schema.name == "Sanction"
    )
    assert found == expected
    assert "other" not in found
    assert parsed[1].unmapped_programs == {}


def test_regime_mapping() -> None:
    assert regime_of("au", "Autonomous (Thematic - Human Rights)").key == "human-rights"
    assert regime_of("au", "Autonomous (Thematic - Human Rights) ").key == "human-rights"
    assert regime_of("au", "Autonomous (Russia)").key == "russia"
    assert regime_of("au", "1988 (Taliban)").key == "taliban"
    assert regime_of("au", "Autonomous (Thematic – Corruption)").key == "anti-corruption"


def test_identifier_labels_are_placed(by_id: dict[str, StatementEntity], raw: list[Row]) -> None:
    """Every SWIFT/BIC and LEI the raw text labels ends up in swiftBic / leiCode; a value
    failing the LEI check (DFAT prints Bank Rossiya's LEI with 19 characters) is kept as
    a registrationNumber instead."""
    swift: set[tuple[str, str]] = set()
    lei: set[tuple[str, str]] = set()
    for r in raw:
        text = str(r["Additional Information"] or "")
        for m in re.finditer(r"SWIFT(?:/BIC)?:?\s*([A-Z0-9]{8,11})\b", text):
            swift.add((primary_key(r), m.group(1)))
        for m in re.finditer(r"\(LEI\):\s*([A-Z0-9]{18,20})", text):
            lei.add((primary_key(r), m.group(1)))
    assert swift and lei
    for key, value in swift:
        assert value in by_id[f"au-dfat-{key}"].get("swiftBic")
    for key, value in lei:
        prop = "leiCode" if LEI.is_valid(value) else "registrationNumber"
        assert value in by_id[f"au-dfat-{key}"].get(prop), (key, value, prop)


def test_person_glazyev(
    by_id: dict[str, StatementEntity], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    person = by_id["au-dfat-2680"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Sergey Yur’yevich GLAZYEV"]
    assert person.get("birthDate") == ["1961-01-01"]
    assert person.get("birthPlace") == ["Zaporozhye (Ukrainian SSR)"]
    assert any("Former Presidential Adviser" in n for n in person.get("notes"))
    (sanction,) = sanctions_of(parsed[0], person.id)
    assert sanction.get("program") == ["Autonomous (Russia)"]
    assert sanction.get("listingDate") == ["2014-06-19"]
    assert sanction.get("summary") == [
        "Listed on 19 Jun. 2014 (relisted on 16 Jun. 2017 and 10 June 2023)"
    ]
    assert sanction.get("authorityId") == ["2680"]
    assert sanction.get("modifiedAt") == ["2023-06-10"]
    assert regime_of("au", sanction.first("program")).key == "russia"


def test_entity_bank_rossiya(by_id: dict[str, StatementEntity]) -> None:
    bank = by_id["au-dfat-2780"]
    assert bank.schema.name == "LegalEntity"
    assert bank.get("name") == ["Bank Rossiya"]
    assert sorted(bank.get("swiftBic")) == ["ROSYRU2P", "ROSYRU2PXXX"]
    assert bank.get("leiCode") == []  # 19 characters printed: not a valid LEI
    assert bank.get("innCode") == ["7831000122"]
    assert bank.get("ogrnCode") == ["1027800000084"]
    assert bank.get("okpoCode") == ["09804148"]  # Government Gazette Number, as OFAC reads it
    assert bank.get("registrationNumber") == ["534006WDUE2J9S01D70"]
    assert bank.get("email") == ["bank@abr.ru"]
    assert bank.get("website") == ["http://www.abr.ru/"]
    assert bank.get("address") == ["2 Liter A Pl. Tastrelli, St Petersburg 191124, Russia"]
    assert "Aktsionerny Bank Russian Federation" in bank.get("alias")
    assert bank.get("notes") == [
        "Additional Information: Personal bank for senior officials of the Russian Federation"
    ]
    inn = [s for s in bank.statements if s.prop == "innCode"]
    assert inn[0].original_value == "Tax ID No.: 7831000122 (Russia)"


def test_alias_row_merged_into_primary(by_id: dict[str, StatementEntity], raw: list[Row]) -> None:
    row_3a = next(r for r in raw if ref(r) == "3a")
    assert clean(row_3a["Name Type"]).lower() == "aka"
    person = by_id["au-dfat-3"]
    assert person.get("name") == ["Abdul Kabir Mohammad Jan"]
    assert clean(row_3a["Name of Individual or Entity"]) in person.get("alias")
    assert "au-dfat-3a" not in by_id
    assert person.get("birthDate") == ["1963"]  # "Approximately 1963"
    assert person.get("title") == ["Maulavi"]
    assert "Governor of Nangarhar Province under the Taliban regime" in person.get("position")
    assert person.get("nationality") == ["af"]


def test_listing_date_and_committees() -> None:
    assert listing_date("Listed on 19 Jun. 2014 (relisted on 16 Jun. 2017)") == "2014-06-19"
    assert listing_date(
        "Listed by UN 1267 Committee on 25 January 2001 (amended on3 Sep 2003)"
    ) == ("2001-01-25")
    assert listing_date(datetime(2013, 3, 7)) == "2013-03-07"
    assert listing_date("Autonomous Sanctions ... Amendment (No. 2) Instrument 2023") is None
    assert listing_date("Assets received on or after 23 May 2003 are not controlled") is None
    assert committees("1970 (Libya) 1973 (Libya)") == ["1970 (Libya)", "1973 (Libya)"]
    assert committees("1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)") == [
        "1267/1989/2253 (ISIL (Da'esh) and Al-Qaida)"
    ]


def test_parse_info_keeps_prose() -> None:
    info = parse_info(
        "Passport no.: a) Libyan passport number 223611 b) Libyan passport number C00146605. "
        "Key operative."
    )
    assert [(k, v) for k, v, _ in info.values] == [
        ("passport", "223611"),
        ("passport", "C00146605"),
    ]
    assert info.rest.startswith("Passport no.: a) Libyan passport number 223611")
    info = parse_info("Company identification number: 1025100864117;http://rosatomflot.ru/")
    assert [(k, v) for k, v, _ in info.values] == [
        ("reg", "1025100864117"),
        ("website", "http://rosatomflot.ru/"),
    ]
    assert info.rest == ""


# --- tiny workbooks -----------------------------------------------------------------------


def workbook(tmp_path: Path, rows: list[list[Any]], header: tuple[str, ...] = COLUMNS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    path = tmp_path / "regulation8_consolidated.xlsx"
    book.save(path)
    return path


def person_row(reference: Any, name: str, name_type: str = "Primary Name") -> list[Any]:
    return [
        reference, name, "Individual", name_type, "12/03/1970", "Moscow, Russia", "Russian",
        "", "Passport no.: 123456789", "Listed on 1 Mar. 2022", "Autonomous (Russia)",
        datetime(2022, 3, 1),
    ]  # fmt: skip


def test_tiny_workbook(tmp_path: Path) -> None:
    rows = [
        person_row(1, "Ivan PETROV"),
        person_row("1a", "Иван Петров", "Original Script"),
        ["2", "Acme LLC", "Entity", "Primary Name", None, None, None, "Moscow",
         "Registration ID: 1027800000084 (Russia)\nTax ID No.: 7831000122 (Russia)",
         date(2021, 5, 4), "1970 (Libya) 1973 (Libya)", datetime(2022, 1, 2)],
    ]  # fmt: skip
    path = workbook(tmp_path, rows)
    assert detect(path) is FORMAT
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(path, report)}
    person = entities["au-dfat-1"]
    assert person.get("alias") == ["Иван Петров"]
    assert person.get("birthDate") == ["1970-03-12"]
    assert person.get("passportNumber") == ["123456789"]
    assert person.get("nationality") == ["ru"]
    company = entities["au-dfat-2"]
    assert company.get("ogrnCode") == ["1027800000084"]
    assert company.get("innCode") == ["7831000122"]
    programs = sorted(
        e.first("program")
        for e in entities.values()
        if e.first("entity", quiet=True) == "au-dfat-2"
    )
    assert programs == ["1970 (Libya)", "1973 (Libya)"]
    assert {
        e.first("listingDate")
        for e in entities.values()
        if e.first("entity", quiet=True) == "au-dfat-2"
    } == {"2021-05-04"}
    assert FORMAT.published(path) == "2022-03-01"
    assert report.records == 3


def test_missing_column(tmp_path: Path) -> None:
    header = tuple("Regime" if c == "Committees" else c for c in COLUMNS)
    path = workbook(tmp_path, [person_row(1, "A")], header)
    with pytest.raises(ParseError, match="Committees") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "Committees"


def test_duplicate_primary_reference(tmp_path: Path) -> None:
    path = workbook(tmp_path, [person_row(7, "A"), person_row(7.0, "B")])
    with pytest.raises(ParseError, match="duplicate primary Reference 7") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "row 3"


def test_alias_without_primary_is_rejected(tmp_path: Path) -> None:
    path = workbook(tmp_path, [person_row(1, "A"), person_row("9b", "Orphan", "aka")])
    report = ParseReport()
    entities = list(FORMAT.parse(path, report))
    assert [e.id for e in entities if e.schema.name == "Person"] == ["au-dfat-1"]
    (rejected,) = report.rejected
    assert rejected.position == "row 3"
    assert "no primary row 9" in rejected.reason
    assert "Orphan" in rejected.raw


def test_unknown_type(tmp_path: Path) -> None:
    row = person_row(1, "A")
    row[2] = "Submarine"
    path = workbook(tmp_path, [row])
    with pytest.raises(ParseError, match="unknown Type") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "Type"


def test_corrupt_and_empty_files(tmp_path: Path) -> None:
    good = workbook(tmp_path, [person_row(1, "A")])
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ParseError, match="not a readable xlsx"):
        list(FORMAT.parse(corrupt))
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty file"):
        list(FORMAT.parse(empty))
    assert detect(corrupt) is None or detect(corrupt) is not FORMAT
