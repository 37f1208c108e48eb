"""FCDO UK Sanctions List (gb_fcdo_list): the real XML excerpt read here with the standard
library's ElementTree (not the parser's lxml stream), each field family checked against
the raw elements, the synthetic record without UniqueID kept among the rejected rows,
broken files rejected whole, and a CSV of the same records, written by this test in the
published 58-column layout, giving the same entities as the XML."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from followthemoney import StatementEntity, registry

from kleptrace import fetch, store
from kleptrace.data import load_table, regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import detect, get_format
from kleptrace.sources.base import Head
from kleptrace.sources.gb.uk_list import FORMAT
from kleptrace.sources.report import ParseReport
from kleptrace.store.load import load, load_all
from kleptrace.store.plan import plan
from tests.publisher import serving

SCHEMA_OF = {"Individual": "Person", "Entity": "Organization", "Ship": "Vessel"}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
FLAGS = {  # SanctionsImposedIndicators flag -> the words the printed measure uses
    "AssetFreeze": "asset freeze",
    "ArmsEmbargo": "arms embargo",
    "TravelBan": "travel ban",
    "ProhibitionOfPortEntry": "prohibition of port entry",
}
CSV_HEADER = [
    "Last Updated", "Unique ID", "OFSI Group ID", "UN Reference Number", "Name 6",
    "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name type", "Alias strength", "Title",
    "Name non-latin script", "Non-latin script type", "Non-latin script language",
    "Regime Name", "Designation Type", "Designation source", "Sanctions Imposed",
    "Other Information", "UK Statement of Reasons", "Address Line 1", "Address Line 2",
    "Address Line 3", "Address Line 4", "Address Line 5", "Address Line 6",
    "Address Postal Code", "Address Country", "Phone number", "Website", "Email address",
    "Date Designated", "D.O.B", "Nationality(/ies)", "National Identifier number",
    "National Identifier additional information", "Passport number",
    "Passport additional information", "Position", "Gender", "Town of birth",
    "Country of birth", "Type of entity", "Subsidiaries", "Parent company",
    "Business registration number (s)", "IMO number", "Current owner/operator (s)",
    "Previous owner/operator (s)", "Current believed flag of ship", "Previous flags",
    "Type of ship", "Tonnage of ship", "Length of ship", "Year Built",
    "Hull identification number (HIN)",
]  # fmt: skip
"""The published header, as FORMAT.md lists it (58 columns)."""


@pytest.fixture(scope="module")
def path(data_dir: Path) -> Path:
    return data_dir / "uk_fcdo_list" / "UK-Sanctions-List_excerpt_2026-08-14.xml"


@pytest.fixture(scope="module")
def designations(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall("Designation")


@pytest.fixture(scope="module")
def real(designations: list[ET.Element]) -> list[ET.Element]:
    return [d for d in designations if text(d, "UniqueID")]


def text(el: ET.Element, tag: str) -> str:
    return (el.findtext(tag) or "").strip()


def texts(el: ET.Element, path: str) -> list[str]:
    return [(e.text or "").strip() for e in el.iterfind(path) if (e.text or "").strip()]


def target_id(d: ET.Element) -> str:
    gid = text(d, "OFSIGroupID")
    return f"gb-ofsi-{gid}" if gid else f"gb-fcdo-list-{text(d, 'UniqueID').lower()}"


def iso(printed: str) -> str:
    return datetime.strptime(printed, "%d/%m/%Y").date().isoformat()


def sanction(by_id: dict[str, StatementEntity], d: ET.Element) -> StatementEntity:
    return by_id[f"{target_id(d)}-sanction-{text(d, 'UniqueID').lower()}"]


def names_of(entity: StatementEntity) -> set[str]:
    return {v for p in NAME_PROPS for v in entity.get(p)}


def test_registry_and_metadata(path: Path) -> None:
    assert detect(path) is FORMAT
    assert get_format("uk_fcdo_list") is FORMAT
    assert FORMAT.source_name(path) == "gb_fcdo_list"
    assert FORMAT.jurisdiction == "gb"
    assert FORMAT.urls == ("https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",)
    stamp = ET.parse(path).getroot().get("dateGenerated") or ""
    assert FORMAT.published(path) == stamp[:10]


def test_other_uk_files_are_not_this_format(data_dir: Path) -> None:
    for other in (data_dir / "uk_ofsi" / "ConList.xlsx", data_dir / "uk_fcdo_derived"):
        assert not FORMAT.sniff(Head.read(other))
    assert not FORMAT.sniff(Head.read(data_dir / "uk_fcdo_derived" / "subjects.csv"))


def test_counts(
    parsed: tuple[list[StatementEntity], ParseReport],
    designations: list[ET.Element],
    real: list[ET.Element],
) -> None:
    entities, report = parsed
    expected = Counter(SCHEMA_OF[text(d, "IndividualEntityShip")] for d in real)
    expected["Sanction"] = len(real)
    assert Counter(e.schema.name for e in entities) == expected
    assert {e.id for e in entities if e.schema.name != "Sanction"} == {target_id(d) for d in real}
    assert report.records == len(designations)
    assert report.unmapped_programs == Counter()


def test_rejected_record_kept_verbatim(
    path: Path, parsed: tuple[list[StatementEntity], ParseReport], designations: list[ET.Element]
) -> None:
    _, report = parsed
    missing = [d for d in designations if not text(d, "UniqueID")]
    assert len(report.rejected) == len(missing) == 1
    (rejected,) = report.rejected
    lines = path.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines, 1) if line.strip() == "<Designation>")
    assert rejected.position == f"line {last}"
    assert rejected.file == path.name
    assert "UniqueID" in rejected.reason
    assert text(missing[0], "Names/Name/Name6") in rejected.raw


def test_names(by_id: dict[str, StatementEntity], real: list[ET.Element]) -> None:
    for d in real:
        person = text(d, "IndividualEntityShip") == "Individual"
        expected: dict[str, set[str]] = {"name": set(), "alias": set(), "weakAlias": set()}
        for name in d.iterfind("Names/Name"):
            given = [text(name, f"Name{i}") for i in range(1, 6) if text(name, f"Name{i}")]
            last = text(name, "Name6")
            full = " ".join([*given, last] if person else [last, *given])
            kind = text(name, "NameType").lower()
            weak = text(name, "AliasStrength").lower().startswith("low")
            prop = "name" if kind == "primary name" else "weakAlias" if weak else "alias"
            expected[prop].add(full)
        expected["alias"] |= set(texts(d, "NonLatinNames/NonLatinName/NameNonLatinScript"))
        entity = by_id[target_id(d)]
        for prop, values in expected.items():
            assert set(entity.get(prop)) == values, (text(d, "UniqueID"), prop)
        assert set(entity.get("title", quiet=True)) == set(texts(d, "Titles/Title"))
    person = by_id["gb-ofsi-11050"]  # AQD0128: NameType "Primary name", in lower case
    assert person.get("firstName") == ["AKRAM"] and person.get("lastName") == ["AL-MAZIDIH"]


def test_designation(by_id: dict[str, StatementEntity], real: list[ET.Element]) -> None:
    for d in real:
        uid = text(d, "UniqueID")
        s = sanction(by_id, d)
        regime = text(d, "RegimeName")
        assert s.get("program") == [regime]
        assert regime_of("gb", regime).key == regime_of("gb", uid[:3]).key != "other"
        assert s.get("authorityId") == [uid]
        assert s.get("recordId") == texts(d, "OFSIGroupID")
        assert s.get("unscId") == texts(d, "UNReferenceNumber")
        assert s.get("listingDate") == [iso(text(d, "DateDesignated"))]
        assert s.get("modifiedAt") == [iso(text(d, "LastUpdated"))]
        assert s.get("summary") == [f"Designation source: {text(d, 'DesignationSource')}"]
        printed = {m.strip().lower() for m in text(d, "SanctionsImposed").split("|")}
        assert {p.lower() for p in s.get("provisions")} == printed
        flagged = {
            FLAGS[f.tag] for f in d.iterfind("SanctionsImposedIndicators/*") if f.text == "true"
        }
        assert flagged <= printed, uid


def test_every_uk_regime_maps(data_dir: Path) -> None:
    """Every regime prefix of the 2026 list (the derived tables hold all 6,046 Unique IDs)
    maps to a regime, and some regulation title in regimes.yml maps to the same one."""
    with open(data_dir / "uk_fcdo_derived" / "subjects.csv", encoding="utf-8") as fh:
        prefixes = {row["unique_id"][:3] for row in csv.DictReader(fh)}
    gb = load_table("regimes")["programs"]["gb"]
    titles = {str(k) for k in gb if "Regulations 20" in str(k)}
    by_title = {regime_of("gb", t).key for t in titles}
    assert "other" not in by_title
    for prefix in prefixes:
        assert regime_of("gb", prefix).key in by_title, prefix


def test_people(by_id: dict[str, StatementEntity], real: list[ET.Element]) -> None:
    for d in real:
        if text(d, "IndividualEntityShip") != "Individual":
            continue
        entity = by_id[target_id(d)]
        dobs = set()
        for printed in texts(d, "IndividualDetails/Individual/DOBs/DOB"):
            day, _, rest = printed.partition("/")
            month, _, year = rest.partition("/")
            if not rest:
                dobs.add(printed)
            elif month == "mm":
                dobs.add(year)
            elif day == "dd":
                dobs.add(f"{year}-{month}")
            else:
                dobs.add(iso(printed))
        assert set(entity.get("birthDate")) == dobs
        individual = "IndividualDetails/Individual/"
        passports = texts(d, individual + "PassportDetails/Passport/PassportNumber")
        assert set(entity.get("passportNumber")) == set(passports)
        ids = texts(
            d, individual + "NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber"
        )
        assert set(entity.get("idNumber")) == set(ids)
        nationalities = texts(d, individual + "Nationalities/Nationality")
        assert set(entity.get("nationality")) == {registry.country.clean(n) for n in nationalities}
        assert set(entity.get("position")) == {
            " ".join(p.split()) for p in texts(d, individual + "Positions/Position")
        }
        assert set(entity.get("birthPlace")) == set(
            texts(d, individual + "BirthDetails/Location/TownOfBirth")
        )
        assert set(entity.get("birthCountry")) == {
            registry.country.clean(c)
            for c in texts(d, individual + "BirthDetails/Location/CountryOfBirth")
        }
        for info in texts(d, individual + "PassportDetails/Passport/PassportAdditionalInformation"):
            assert any(info in note for note in entity.get("notes")), info
    assert by_id["gb-ofsi-11050"].get("idNumber") == ["0075258"]  # the leading zero kept
    assert "D0009720" in by_id["gb-ofsi-7270"].get("passportNumber")  # printed " D0009720"


def test_addresses_and_other_information(
    by_id: dict[str, StatementEntity], real: list[ET.Element]
) -> None:
    for d in real:
        entity = by_id[target_id(d)]
        countries, addresses = set(), set()
        for address in d.iterfind("Addresses/Address"):
            lines = [(e.text or "").strip() for e in address if e.tag != "AddressCountry"]
            where = text(address, "AddressCountry")
            countries.add(registry.country.clean(where))
            if any(lines):
                addresses.add(", ".join([*filter(None, lines), where]))
        assert set(entity.get("country")) == countries
        assert set(entity.get("address")) == addresses
        other = text(d, "OtherInformation").rstrip(".")
        assert f"Other Information: {other}" in entity.get("notes")


def test_entity_and_ship(by_id: dict[str, StatementEntity], real: list[ET.Element]) -> None:
    for d in real:
        entity = by_id[target_id(d)]
        kind = text(d, "IndividualEntityShip")
        if kind == "Entity":
            types = texts(d, "EntityDetails/Entity/TypeOfEntities/TypeOfEntity")
            assert entity.get("legalForm") == types
        if kind != "Ship":
            continue
        ship = "ShipDetails/Ship/"
        assert entity.get("imoNumber") == texts(d, ship + "IMONumbers/IMONumber")
        flags = texts(d, ship + "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip")
        assert entity.get("flag") == [registry.country.clean(f) for f in flags]
        previous = texts(d, ship + "PreviousFlags/PreviousFlag")
        assert entity.get("pastFlags") == [registry.country.clean(f) for f in previous]
        assert entity.get("type") == texts(d, ship + "TypeOfShipDetails/TypeOfShip")
        assert entity.get("tonnage") == texts(d, ship + "TonnageOfShipDetails/TonnageOfShip")
        assert entity.get("buildDate") == texts(d, ship + "YearsBuilt/YearBuilt")
        notes = entity.get("notes")
        for length in texts(d, ship + "LengthOfShipDetails/LengthOfShip"):
            assert f"Length of ship: {length}" in notes
        for owner in texts(d, ship + "CurrentOwnerOperators/CurrentOwnerOperator"):
            assert f"Current owners: {owner}" in notes


# --- the CSV form ------------------------------------------------------------------


def csv_rows(d: ET.Element) -> list[dict[str, str]]:
    """One row per name; the n-th value of every multi-valued detail on the n-th row, with
    the designation's own columns repeated on every row, as the published CSV does."""
    same = {
        "Last Updated": text(d, "LastUpdated"),
        "Unique ID": text(d, "UniqueID"),
        "OFSI Group ID": text(d, "OFSIGroupID"),
        "UN Reference Number": text(d, "UNReferenceNumber"),
        "Regime Name": text(d, "RegimeName"),
        "Designation Type": text(d, "IndividualEntityShip"),
        "Designation source": text(d, "DesignationSource"),
        "Sanctions Imposed": text(d, "SanctionsImposed"),
        "Other Information": text(d, "OtherInformation"),
        "UK Statement of Reasons": text(d, "UKStatementofReasons"),
        "Date Designated": text(d, "DateDesignated"),
    }
    details: list[list[dict[str, str]]] = []

    def each(path: str, columns: dict[str, str]) -> None:
        details.append(
            [{c: (e.findtext(t) or "") for c, t in columns.items()} for e in d.iterfind(path)]
        )

    name = {"Name 6": "Name6", "Name type": "NameType", "Alias strength": "AliasStrength"}
    each("Names/Name", {**{f"Name {i}": f"Name{i}" for i in range(1, 6)}, **name})
    each("NonLatinNames/NonLatinName", {"Name non-latin script": "NameNonLatinScript"})
    each("Titles/Title", {"Title": "."})
    address = {f"Address Line {i}": f"AddressLine{i}" for i in range(1, 7)}
    each("Addresses/Address", {**address, "Address Country": "AddressCountry"})
    person = "IndividualDetails/Individual/"
    each(person + "DOBs/DOB", {"D.O.B": "."})
    each(person + "Nationalities/Nationality", {"Nationality(/ies)": "."})
    each(person + "Positions/Position", {"Position": "."})
    each(
        person + "PassportDetails/Passport",
        {
            "Passport number": "PassportNumber",
            "Passport additional information": "PassportAdditionalInformation",
        },
    )
    each(
        person + "NationalIdentifierDetails/NationalIdentifier",
        {
            "National Identifier number": "NationalIdentifierNumber",
            "National Identifier additional information": "NationalIdentifierAdditionalInformation",
        },
    )
    each(
        person + "BirthDetails/Location",
        {"Town of birth": "TownOfBirth", "Country of birth": "CountryOfBirth"},
    )
    each("EntityDetails/Entity/TypeOfEntities/TypeOfEntity", {"Type of entity": "."})
    ship = "ShipDetails/Ship/"
    for path, column in (
        ("IMONumbers/IMONumber", "IMO number"),
        ("CurrentOwnerOperators/CurrentOwnerOperator", "Current owner/operator (s)"),
        ("CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip", "Current believed flag of ship"),
        ("PreviousFlags/PreviousFlag", "Previous flags"),
        ("TypeOfShipDetails/TypeOfShip", "Type of ship"),
        ("TonnageOfShipDetails/TonnageOfShip", "Tonnage of ship"),
        ("LengthOfShipDetails/LengthOfShip", "Length of ship"),
        ("YearsBuilt/YearBuilt", "Year Built"),
    ):
        each(ship + path, {column: "."})
    count = max(1, *(len(values) for values in details))
    rows = [dict(same) for _ in range(count)]
    for values in details:
        for row, value in zip(rows, values, strict=False):
            row.update(value)
    return rows


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory, designations: list[ET.Element]) -> Path:
    out = tmp_path_factory.mktemp("fcdo_csv") / "UK-Sanctions-List.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("Report Date: 14-Aug-2026\n")
        writer = csv.DictWriter(fh, CSV_HEADER, restval="")
        writer.writeheader()
        for d in designations:
            writer.writerows(csv_rows(d))
    return out


def test_csv_gives_the_same_entities(
    csv_path: Path, parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    assert detect(csv_path) is FORMAT
    assert FORMAT.published(csv_path) == "2026-08-14"
    report = ParseReport()
    from_csv = {e.id: e for e in FORMAT.parse(csv_path, report)}
    from_xml = {e.id: e for e in parsed[0]}
    assert from_csv.keys() == from_xml.keys()
    for eid, entity in from_xml.items():
        expected = {(s.prop, s.value) for s in entity.statements}
        assert {(s.prop, s.value) for s in from_csv[eid].statements} == expected, eid
    assert [r.reason for r in report.rejected] == ['row without a "Unique ID"']
    assert "No Unique Id" in report.rejected[0].raw


def test_csv_header_variants(
    tmp_path: Path, csv_path: Path, parsed: tuple[list[StatementEntity], ParseReport]
) -> None:
    """Copies seen in test code call column 18 "Individual, Entity, Ship" and quote every
    header field; columns are matched by name, so the order does not matter either."""
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = ["Individual, Entity, Ship" if c == "Designation Type" else c for c in rows[1]]
    order = sorted(range(len(header)), key=lambda i: header[i])
    variant = tmp_path / "variant.csv"
    with open(variant, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerows([[row[i] for i in order] for row in [header, *rows[2:]]])
    assert detect(variant) is FORMAT
    entities = {e.id: e for e in FORMAT.parse(variant, ParseReport())}
    assert entities.keys() == {e.id for e in parsed[0]}
    assert FORMAT.published(variant) is None  # no "Report Date:" line


# --- bad input ---------------------------------------------------------------------


def test_broken_files_are_rejected_whole(tmp_path: Path, path: Path) -> None:
    good = path.read_text(encoding="utf-8")
    cases = {
        "root.xml": good.replace("<Designations ", "<Targets ").replace(
            "</Designations>", "</Targets>"
        ),
        "namespace.xml": good.replace("<Designations ", '<Designations xmlns="urn:x" '),
        "truncated.xml": good[: len(good) // 2],
        "text.xml": "Service unavailable, try again later\n",
    }
    for name, content in cases.items():
        bad = tmp_path / name
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(ParseError, match=rf"{name}, line \d+") as caught:
            list(FORMAT.parse(bad, ParseReport()))
        assert caught.value.path == str(bad)
    header = tmp_path / "header.csv"
    header.write_text("Report Date: 14-Aug-2026\nUnique ID,Name 6,Regime\nX,Y,Z\n")
    with pytest.raises(ParseError, match=r"header.csv, line 2.*Name type"):
        list(FORMAT.parse(header, ParseReport()))


def test_parse_streams(tmp_path: Path, path: Path) -> None:
    """The first designation comes out before the parser reaches a broken tail."""
    good = path.read_text(encoding="utf-8")
    cut = good.index("</Designation>") + len("</Designation>")
    broken = tmp_path / "tail.xml"
    broken.write_text(good[:cut] + "\n<Designation><Broken></Designation>", encoding="utf-8")
    entities = FORMAT.parse(broken, ParseReport())
    assert next(entities).id == "gb-ofsi-7270"
    with pytest.raises(ParseError, match=r"tail.xml, line \d+"):
        list(entities)


def test_unknown_values_are_kept(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.xml"
    tiny.write_text(
        '<?xml version="1.0"?>\n<Designations dateGenerated="2026-01-02T00:00:00Z">\n'
        "<Designation><UniqueID>RUS9999</UniqueID><Names><Name><Name6>Test Ltd</Name6>"
        "<NameType>Trading name</NameType></Name></Names>"
        "<RegimeName>The Russia (Sanctions) (EU Exit) Regulations 2019</RegimeName>"
        "<IndividualEntityShip>Entity</IndividualEntityShip><FavouriteColour>Blue"
        "</FavouriteColour><SanctionsImposedIndicators><AssetFreeze>true</AssetFreeze>"
        "<NewMeasure>true</NewMeasure></SanctionsImposedIndicators></Designation>\n"
        "<Designation><UniqueID>RUS9998</UniqueID>"
        "<IndividualEntityShip>Aircraft</IndividualEntityShip></Designation>\n"
        "</Designations>\n",
        encoding="utf-8",
    )
    report = ParseReport()
    by_id = {e.id: e for e in FORMAT.parse(tiny, report)}
    org = by_id["gb-fcdo-list-rus9999"]
    assert org.get("name") == ["Test Ltd"]  # an unknown NameType is an alias, warned;
    assert not org.get("alias")  # the only name stands in as the primary one
    assert any("Trading name" in w for w in report.warnings)
    assert "FavouriteColour: Blue" in org.get("notes")
    s = by_id["gb-fcdo-list-rus9999-sanction-rus9999"]
    assert s.get("provisions") == ["Asset freeze"]  # from the flag, printed nowhere else
    assert "SanctionsImposedIndicators/NewMeasure: true" in s.get("summary")
    assert [r.position for r in report.rejected] == ["line 4"]
    assert "Aircraft" in report.rejected[0].reason


def test_csv_records_that_cannot_be_one_target(tmp_path: Path) -> None:
    tiny = tmp_path / "tiny.csv"
    rows = [
        {"Unique ID": "RUS9999", "Name 6": "A", "Name type": "Primary Name"},
        {"Unique ID": "RUS9999", "Name 6": "B", "Name type": "Alias"},
        {"Unique ID": "RUS9998", "Name 6": "C", "Name type": "Primary Name"},
    ]
    for row, kind in zip(rows, ("Individual", "Entity", "Entity"), strict=True):
        row.update({"Designation Type": kind, "Regime Name": "Russia", "Mood": "calm"})
    with open(tiny, "w", encoding="utf-8", newline="") as fh:
        fh.write("Report Date: 02-Jan-2026\n")
        writer = csv.DictWriter(fh, [*CSV_HEADER, "Mood"], restval="")
        writer.writeheader()
        writer.writerows(rows)
        fh.write("RUS9997,too,few,cells\n")
    report = ParseReport()
    entities = {e.id: e for e in FORMAT.parse(tiny, report)}
    assert set(entities) == {"gb-fcdo-list-rus9998", "gb-fcdo-list-rus9998-sanction-rus9998"}
    assert "Mood: calm" in entities["gb-fcdo-list-rus9998"].get("notes")  # unknown column
    assert [(r.position, r.reason) for r in report.rejected] == [
        ("line 6", "4 cells for 59 columns"),
        ("line 3", "<IndividualEntityShip> printed as Individual and Entity"),
    ]


def test_failed_load_keeps_the_live_version(tmp_path: Path, path: Path) -> None:
    con = store.connect(tmp_path / "store.duckdb")
    folder = tmp_path / "fcdo"
    folder.mkdir()
    live = folder / "UK-Sanctions-List.xml"
    live.write_bytes(path.read_bytes())
    (sets, _) = plan([live])
    first = load(con, sets[0])
    live.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(ParseError):
        load(con, plan([live])[0][0])
    (version,) = con.execute(
        "SELECT version_id FROM current_versions WHERE source = 'gb_fcdo_list'"
    ).fetchone() or (None,)
    assert version == first.version_id


def test_ofsi_group_id_joins_the_retired_list(
    tmp_path: Path, data_dir: Path, path: Path, real: list[ET.Element]
) -> None:
    """Loaded beside the retired ConList.xlsx, a designation whose OFSIGroupID is an OFSI
    Group ID is one entity with both lists' statements, and their names agree."""
    con = store.connect(tmp_path / "store.duckdb")
    sets, _ = plan([path, data_dir / "uk_ofsi" / "ConList.xlsx"])
    results = load_all(con, sets, workers=1)
    assert {r.source for r in results if not isinstance(r, Exception)} == {
        "gb_fcdo_list",
        "gb_hmt_ofsi",
    }
    joined = 0
    for d in real:
        if not text(d, "OFSIGroupID"):
            continue
        names: dict[str, set[str]] = {}
        for source, value in con.execute(
            "SELECT c.source, s.value FROM statements s JOIN current_versions c USING "
            "(version_id) WHERE s.entity_id = ? AND s.prop = 'name'",
            [target_id(d)],
        ).fetchall():
            names.setdefault(source, set()).add(value.casefold())  # OFSI: "Abdul Latif"
        if names.keys() == {"gb_fcdo_list", "gb_hmt_ofsi"}:
            joined += 1
            assert names["gb_fcdo_list"] & names["gb_hmt_ofsi"], target_id(d)
    assert joined >= 1


# --- fetch -------------------------------------------------------------------------


@pytest.fixture
def fcdo_server(path: Path) -> Iterator[str]:
    body = path.read_bytes()
    with serving(
        lambda p: (200, body) if p == "/docs/UK-Sanctions-List.xml" else (404, b"")
    ) as url:
        yield url


def test_fetch_downloads_the_xml(tmp_path: Path, path: Path, fcdo_server: str) -> None:
    items = fetch.downloads(only=["gb_fcdo_list"])
    assert [i.url for i in items] == list(FORMAT.urls)
    with httpx.Client(timeout=5) as client:
        (result,) = fetch.fetch(tmp_path, items, client=client, mirror=fcdo_server, retries=0)
    assert result.status == "new", result.error
    saved = tmp_path / "uk_fcdo_list" / "UK-Sanctions-List.xml"
    assert saved.read_bytes() == path.read_bytes()
    assert detect(saved) is FORMAT
