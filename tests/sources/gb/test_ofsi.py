"""UK OFSI Consolidated List (2022 format): parser output checked against counts taken from
the raw workbook here (read with openpyxl, not the parser's reader), named real records
field by field, the CSV form checked against the xlsx form, and malformed files written
to tmp_path."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from followthemoney import StatementEntity, registry

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.base import Emitter
from kleptrace.sources.gb.ofsi import FORMAT
from kleptrace.sources.gb.ofsi_table import COLUMNS
from kleptrace.sources.gb.registry_numbers import registry_numbers
from kleptrace.sources.gb.values import split_multi
from kleptrace.sources.report import ParseReport
from tests.sources.helpers import sanctions_of

Row = dict[str, str]
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
SCHEMA_OF = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "uk_ofsi" / "ConList.xlsx"


@pytest.fixture(scope="module")
def sheet(path: Path) -> list[list[str]]:
    """Every row of the workbook as text, read with openpyxl."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [[text(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.fixture(scope="module")
def raw(sheet: list[list[str]]) -> list[Row]:
    """The data rows keyed by the header in row 2."""
    header = sheet[1]
    return [dict(zip(header, r, strict=False)) for r in sheet[2:] if any(r)]


@pytest.fixture(scope="module")
def groups(raw: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in raw:
        out[r["Group ID"]].append(r)
    return out


def names_of(entity: StatementEntity) -> set[str]:
    return {v for p in NAME_PROPS for v in entity.get(p)}


def test_registry_and_metadata(path: Path, sheet: list[list[str]]) -> None:
    assert detect(path) is FORMAT
    assert get_format("uk_ofsi") is FORMAT
    assert FORMAT.source_name(path) == "gb_hmt_ofsi"
    assert FORMAT.jurisdiction == "gb"
    assert FORMAT.publisher == "HM Treasury Office of Financial Sanctions Implementation"
    assert FORMAT.urls == (
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
    )
    assert sheet[0][0] == "Last Updated"
    day, month, year = sheet[0][1].split("/")
    assert FORMAT.published(path) == f"{year}-{month}-{day}"


def test_entities_per_group_type(
    parsed: tuple[list[StatementEntity], ParseReport], raw: list[Row], groups: dict[str, list[Row]]
) -> None:
    entities, report = parsed
    expected: Counter[str] = Counter()
    for rows in groups.values():
        (kind,) = {r["Group Type"] for r in rows}  # one type per Group ID
        expected[SCHEMA_OF[kind]] += 1
    found = Counter(e.schema.name for e in entities if e.schema.name != "Sanction")
    assert found == expected
    assert {e.id for e in entities if e.schema.name != "Sanction"} == {
        f"gb-ofsi-{gid}" for gid in groups
    }
    assert report.records == len(raw)
    assert report.rejected == []


def test_sanctions_per_regime(
    parsed: tuple[list[StatementEntity], ParseReport], raw: list[Row]
) -> None:
    pairs = {(r["Group ID"], r["Regime"]) for r in raw}
    expected = Counter(regime for _, regime in pairs)
    sanctions = [e for e in parsed[0] if e.schema.name == "Sanction"]
    assert len(sanctions) == len(pairs)
    assert Counter(s.first("program") for s in sanctions) == expected
    assert parsed[1].unmapped_programs == {}
    assert all(regime_of("gb", s.first("program")).key != "other" for s in sanctions)


def test_regime_mapping() -> None:
    assert regime_of("gb", "Russia").key == "russia"
    assert regime_of("gb", "Global Human Rights").key == "human-rights"
    assert regime_of("gb", "Global Human Rights").magnitsky
    assert regime_of("gb", "Global Anti-Corruption").key == "anti-corruption"
    assert regime_of("gb", "Global Anti-Corruption").magnitsky
    assert regime_of("gb", "Democratic People's Republic of Korea").key == "dprk"


def test_every_name_row_is_kept_under_its_group(
    by_id: dict[str, StatementEntity], groups: dict[str, list[Row]]
) -> None:
    """Aliases are grouped by Group ID: each row's name (and non-Latin name) is on the entity."""
    for gid, rows in groups.items():
        expected: set[str] = set()
        for r in rows:
            parts = [r[f"Name {i}"] for i in range(1, 6) if r[f"Name {i}"]]
            last = r["Name 6"]
            full = [*parts, last] if r["Group Type"] == "Individual" else [last, *parts]
            expected.add(registry.name.clean_text(" ".join(p for p in full if p)) or "")
            if r["Name Non-Latin Script"]:
                expected.add(registry.name.clean_text(r["Name Non-Latin Script"]) or "")
        expected.discard("")
        assert names_of(by_id[f"gb-ofsi-{gid}"]) == expected, gid


def test_low_quality_aliases_are_weak(by_id: dict[str, StatementEntity], raw: list[Row]) -> None:
    low = [r for r in raw if r["Alias Quality"] == "Low quality" and r["Alias Type"] == "AKA"]
    assert low
    for r in low:
        entity = by_id[f"gb-ofsi-{r['Group ID']}"]
        parts = [r[f"Name {i}"] for i in range(1, 6) if r[f"Name {i}"]] + [r["Name 6"]]
        if r["Group Type"] != "Individual":
            parts = [r["Name 6"], *parts[:-1]]
        assert registry.name.clean_text(" ".join(p for p in parts if p)) in entity.get("weakAlias")


def test_abramovich(
    by_id: dict[str, StatementEntity],
    parsed: tuple[list[StatementEntity], ParseReport],
    groups: dict[str, list[Row]],
) -> None:
    rows = groups["14212"]
    assert {r["Name 6"] for r in rows} == {"ABRAMOVICH"}
    person = by_id["gb-ofsi-14212"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["Roman Arkadyevich ABRAMOVICH"]
    assert "Roman ABRAMOVICH" in person.get("alias")
    assert "Роман Аркадьевич АБРАМОВИЧ" in person.get("alias")
    assert person.get("birthDate") == ["1966-10-24"]
    assert sorted(person.get("passportNumber")) == ["24132276", "CB982788"]
    assert sorted(person.get("nationality")) == ["il", "pt", "ru"]
    assert person.get("birthPlace") == ["Saratov"]
    assert person.get("birthCountry") == ["ru"]
    assert person.get("gender") == ["male"]
    assert person.get("firstName") == ["Roman"]
    assert person.get("lastName") == ["ABRAMOVICH"]
    assert person.get("position") == ["Stakeholder in Evraz PLC and Norilsk Nickel"]
    assert "Passport Details: CB982788: Portugal" in person.get("notes")
    dob = next(s for s in person.statements if s.prop == "birthDate")
    assert dob.original_value == "24/10/1966"
    (sanction,) = sanctions_of(parsed[0], person.id)
    assert sanction.get("program") == ["Russia"]
    assert sanction.get("authorityId") == ["RUS0270"]
    assert sanction.get("listingDate") == ["2022-03-10"]
    assert sanction.get("startDate") == ["2022-03-10"]
    assert sanction.get("modifiedAt") == ["2023-03-21"]
    assert sanction.get("recordId") == ["14212"]
    assert sanction.get("provisions") == ["Trust services (imposed 21/03/2023)"]
    assert sanction.first("reason").startswith("Roman Arkadyevich ABRAMOVICH (hereafter")
    assert sanction.get("authority") == [FORMAT.publisher]
    assert regime_of("gb", sanction.first("program")).key == "russia"


def test_entity_with_russian_inn_and_ogrn(
    by_id: dict[str, StatementEntity], groups: dict[str, list[Row]]
) -> None:
    info = groups["15325"][0]["Other Information"]
    assert "(Business Reg No):1117746568829 (Russia). Tax ID No. 7735579027 (Russia)" in info
    entity = by_id["gb-ofsi-15325"]
    assert entity.schema.name == "Organization"
    assert entity.get("name") == ["MOLECULAR ELECTRONICS RESEARCH INSTITUTE, JOINT STOCK COMPANY"]
    assert entity.get("ogrnCode") == ["1117746568829"]
    assert entity.get("innCode") == ["7735579027"]
    assert entity.get("okpoCode") == ["92611467"]  # "Government Gazette Number"
    assert entity.get("incorporationDate") == ["1964-09-03"]
    assert entity.get("country") == ["ru"]
    assert "1st Zapadny Proezd 12/1, Zelenograd, 124460, Russia" in entity.get("address")
    inn = next(s for s in entity.statements if s.prop == "innCode")
    assert inn.original_value == "1117746568829 (Russia). Tax ID No. 7735579027 (Russia)"


def test_labelled_inn_ogrn_counts(
    by_id: dict[str, StatementEntity], groups: dict[str, list[Row]]
) -> None:
    """Every "INN: <10 digits>" / "OGRN: <13 digits>" in Business Reg No lands in the codes."""
    found = 0
    for gid, rows in groups.items():
        m = re.search(r"\(Business Reg No\):(.*?)(?=\(\w[\w ]+\):|$)", rows[0]["Other Information"])
        if not m:
            continue
        entity = by_id[f"gb-ofsi-{gid}"]
        for label, digits in re.findall(r"\b(INN|OGRN)\s*[:\-–]\s*(\d{10,15})\b", m[1]):
            prop = "innCode" if label == "INN" else "ogrnCode"
            placed = entity.get(prop) + entity.get("taxNumber") + entity.get("registrationNumber")
            assert digits in placed, (gid, label, digits)
            found += 1
    assert found > 20


def test_ship_with_imo(
    by_id: dict[str, StatementEntity],
    parsed: tuple[list[StatementEntity], ParseReport],
    groups: dict[str, list[Row]],
) -> None:
    rows = groups["13651"]
    assert {r["Group Type"] for r in rows} == {"Ship"}
    assert "(IMO number):7408873" in rows[0]["Other Information"]
    ship = by_id["gb-ofsi-13651"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO7408873"]
    assert ship.get("flag") == ["kp"]
    assert ship.get("type") == ["Oil tanker"]
    assert ship.get("buildDate") == ["1975"]
    assert ship.get("tonnage") == ["1676"]
    assert "AKTIVA" in ship.get("alias")
    assert "Current owners: Korea Samjong Shipping" in ship.get("notes")
    (sanction,) = sanctions_of(parsed[0], ship.id)
    assert sanction.get("authorityId") == ["DPR0100"]
    assert regime_of("gb", sanction.first("program")).key == "dprk"


def test_imo_numbers_match_raw(
    parsed: tuple[list[StatementEntity], ParseReport], groups: dict[str, list[Row]]
) -> None:
    expected: dict[str, str] = {}
    for gid, rows in groups.items():
        if rows[0]["Group Type"] == "Ship":
            m = re.search(r"\(IMO number\):\s*(\d{7})", rows[0]["Other Information"])
            assert m, gid
            expected[f"gb-ofsi-{gid}"] = f"IMO{m.group(1)}"
    ships = {e.id: e.get("imoNumber") for e in parsed[0] if e.schema.name == "Vessel"}
    assert ships == {k: [v] for k, v in expected.items()}


def test_uk_and_un_references(
    parsed: tuple[list[StatementEntity], ParseReport], groups: dict[str, list[Row]]
) -> None:
    sanctions = [e for e in parsed[0] if e.schema.name == "Sanction"]
    refs = {r for s in sanctions for r in s.get("authorityId")}
    raw_refs = set()
    with_un = set()
    for gid, rows in groups.items():
        info = rows[0]["Other Information"]
        m = re.match(r"\(UK Sanctions List Ref\):([A-Z]{3}\d{4}(?: and [A-Z]{3}\d{4})*)", info)
        if m:
            raw_refs.update(m.group(1).split(" and "))
        if "(UN Ref):" in info:
            with_un.add(f"gb-ofsi-{gid}")
    assert refs == raw_refs
    assert {s.first("entity") for s in sanctions if s.get("unscId")} == with_un


def test_listed_under_two_regimes(
    by_id: dict[str, StatementEntity], parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    lukashenko = {s.first("program"): s for s in sanctions_of(parsed[0], "gb-ofsi-13919")}
    assert set(lukashenko) == {"Belarus", "Global Human Rights"}
    assert lukashenko["Belarus"].get("authorityId") == ["BEL0047"]
    assert lukashenko["Global Human Rights"].get("authorityId") == ["GHR0051"]
    assert lukashenko["Global Human Rights"].get("listingDate") == ["2020-09-29"]
    aweys = {s.first("program"): s for s in sanctions_of(parsed[0], "gb-ofsi-6995")}
    assert aweys["Somalia"].get("unscId") == ["SOi.002"]
    assert aweys["ISIL (Da'esh) and Al-Qaida"].get("unscId") == ["QDi.042"]
    assert aweys["Somalia"].get("authorityId") == ["SOM0003"]
    assert by_id["gb-ofsi-6995"].get("birthDate") == ["1935"]  # printed 00/00/1935


def test_split_multi() -> None:
    assert split_multi("(1) Russia (2) Israel (3) Portugal") == ["Russia", "Israel", "Portugal"]
    assert split_multi("(1) Congo (Democratic Republic). (2) Chad") == [
        "Congo (Democratic Republic)",
        "Chad",
    ]
    assert split_multi("Russia") == ["Russia"]
    assert split_multi("") == []


def test_registry_numbers() -> None:
    emitter = Emitter("t", "t", Path("x.csv"))
    org = emitter.make("Organization", "1")
    text = "(1) OGRN: 1027700132195 (2) INN/TIN: 7707083893 (3) KPP: 773601001"
    for item in split_multi(text):
        registry_numbers(emitter, org, item, "Business Reg No")
    assert org.get("ogrnCode") == ["1027700132195"]
    assert org.get("innCode") == ["7707083893"]
    assert org.get("notes") == ["Business Reg No: KPP: 773601001"]  # no KPP property
    other = emitter.make("Organization", "2")
    registry_numbers(emitter, other, "SWIFT/BIC MINNRUMM  Tax ID No. 1234567890", "x")
    assert other.get("swiftBic") == ["MINNRUMM"]
    assert other.get("taxNumber") == ["1234567890"]  # fails the INN checksum
    assert other.get("innCode") == []


# --- the CSV form -------------------------------------------------------------------------


def test_csv_gives_the_same_entities(
    tmp_path: Path,
    path: Path,
    sheet: list[list[str]],
    groups: dict[str, list[Row]],
    by_id: dict[str, StatementEntity],
) -> None:
    """ConList.csv has the same rows and columns: rows of the real workbook written as CSV
    parse to the same entities, statement for statement."""
    keep = set(list(groups)[:300]) | {"14212", "15325", "13651", "13919", "6995"}
    gid_col = sheet[1].index("Group ID")
    csv_path = tmp_path / "ConList.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(sheet[0][:2])
        writer.writerow(sheet[1])
        writer.writerows(r for r in sheet[2:] if r[gid_col] in keep)
    assert detect(csv_path) is FORMAT
    assert FORMAT.published(csv_path) == FORMAT.published(path)
    report = ParseReport()
    from_csv = {e.id: e for e in FORMAT.parse(csv_path, report)}
    targets = [e for e in from_csv.values() if e.schema.name != "Sanction"]
    assert len(targets) == len(keep)

    def content(entity: StatementEntity) -> set[tuple[str, str, str | None, str | None]]:
        return {(s.prop, s.value, s.original_value, s.lang) for s in entity.statements}

    for entity_id, entity in from_csv.items():
        assert content(entity) == content(by_id[entity_id]), entity_id
        assert {s.origin for s in entity.statements if s.prop != "id"} == {"ConList.csv"}


def test_csv_published_and_positions(tmp_path: Path) -> None:
    header = ",".join(COLUMNS)
    row = {c: "" for c in COLUMNS}
    row.update({"Name 6": "PETROV", "Name 1": "Ivan", "Group Type": "Individual",
                "Alias Type": "Primary name", "Regime": "Russia", "Group ID": "1",
                "Other Information": "(UK Sanctions List Ref):RUS9999. (Gender):Male"})  # fmt: skip
    path = tmp_path / "ConList.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("Last Updated,03/02/2025\n")
        fh.write(header + "\n")
        csv.DictWriter(fh, COLUMNS).writerow(row)
        fh.write(",".join("" for _ in COLUMNS) + "\n")  # blank rows are skipped
        csv.DictWriter(fh, COLUMNS).writerow({**row, "Group ID": "", "Name 6": "NOBODY"})
    assert detect(path) is FORMAT
    assert FORMAT.published(path) == "2025-02-03"
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(path, report)}
    assert entities["gb-ofsi-1"].get("name") == ["Ivan PETROV"]
    assert entities["gb-ofsi-1"].get("gender") == ["male"]
    assert entities["gb-ofsi-1-sanction-russia"].get("authorityId") == ["RUS9999"]
    (rejected,) = report.rejected
    assert rejected.position == "line 5"
    assert rejected.reason == "row without a Group ID"
    assert "NOBODY" in rejected.raw
    assert report.records == 2


# --- malformed files ----------------------------------------------------------------------


def workbook(
    tmp_path: Path,
    rows: list[dict[str, str]],
    header: tuple[str, ...] = COLUMNS,
    name: str = "ConList.xlsx",
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Last Updated", "14/04/2025"])
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(c, "") for c in header])
    path = tmp_path / name
    book.save(path)
    return path


def person(gid: str, name: str, kind: str = "Individual") -> dict[str, str]:
    return {
        "Name 6": name, "Name 1": "Anna", "Group Type": kind, "Alias Type": "Primary name",
        "Regime": "Global Anti-Corruption", "Listed On": "01/02/2023", "DOB": "dd/mm/1965",
        "Nationality": "(1) Russia (2) Cyprus", "Group ID": gid,
    }  # fmt: skip


def test_tiny_workbook(tmp_path: Path) -> None:
    rows = [person("5", "SMIRNOVA"), person("5", "SMIRNOVA-X")]
    path = workbook(tmp_path, rows, name="list.xlsx")  # the content, not the name, is sniffed
    assert detect(path) is FORMAT
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(path, report)}
    anna = entities["gb-ofsi-5"]
    assert sorted(anna.get("name")) == ["Anna SMIRNOVA", "Anna SMIRNOVA-X"]
    assert anna.get("birthDate") == ["1965"]
    assert sorted(anna.get("nationality")) == ["cy", "ru"]
    sanction = entities["gb-ofsi-5-sanction-global-anti-corruption"]
    assert regime_of("gb", sanction.first("program")).key == "anti-corruption"
    assert sanction.get("listingDate") == ["2023-02-01"]
    assert report.records == 2


def test_missing_or_renamed_column(tmp_path: Path) -> None:
    header = tuple("Regime Name" if c == "Regime" else c for c in COLUMNS)
    path = workbook(tmp_path, [person("1", "A")], header)
    with pytest.raises(ParseError, match=r"missing required column.*Regime") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "Regime"
    assert err.value.position == "row 2"
    header = tuple(c for c in COLUMNS if c != "Group Type")
    path = workbook(tmp_path, [person("1", "A")], header)
    with pytest.raises(ParseError, match="Group Type") as err:
        list(FORMAT.parse(path))
    assert err.value.field == "Group Type"


def test_conflicting_group_type(tmp_path: Path) -> None:
    path = workbook(tmp_path, [person("7", "A"), person("7", "B", kind="Entity")])
    with pytest.raises(ParseError, match="Group ID 7 is both Individual and Entity") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "row 4"
    assert err.value.field == "Group Type"


def test_unknown_group_type_is_rejected(tmp_path: Path) -> None:
    path = workbook(tmp_path, [person("1", "A"), person("2", "B", kind="Submarine")])
    report = ParseReport()
    entities = list(FORMAT.parse(path, report))
    assert [e.id for e in entities if e.schema.name != "Sanction"] == ["gb-ofsi-1"]
    (rejected,) = report.rejected
    assert rejected.position == "row 4"
    assert "Submarine" in rejected.reason


def test_no_header(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Reference", "Name"])
    sheet.append(["1", "A"])
    path = tmp_path / "other.xlsx"
    book.save(path)
    assert detect(path) is not FORMAT
    with pytest.raises(ParseError, match="no OFSI header row") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "row 1"


def test_truncated_and_empty_files(tmp_path: Path, path: Path) -> None:
    truncated = tmp_path / "ConList.xlsx"
    truncated.write_bytes(path.read_bytes()[:100_000])
    with pytest.raises(ParseError, match="truncated or corrupt"):
        list(FORMAT.parse(truncated))
    empty = tmp_path / "ConList.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="empty"):
        list(FORMAT.parse(empty))
    assert detect(empty) is None


def test_bytes_that_do_not_decode(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    lines = ["Last Updated,14/04/2025", ",".join(COLUMNS), "A" + "," * (len(COLUMNS) - 1)]
    path.write_bytes("\n".join(lines).encode() + b"\nB\xff\xfe," + b"," * 5 + b"\n")
    with pytest.raises(ParseError, match="not UTF-8") as err:
        list(FORMAT.parse(path))
    assert err.value.position == "line 4"
