"""HM Land Registry OCOD / CCOD (small files written here in the published column
layout) and the real aggregated overseas-proprietor file, counted here with csv."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from kleptrace.exc import ParseError
from tests.graph.helpers import OWNERSHIP, import_into, rows


def header(overseas: bool) -> list[str]:
    columns = [
        "Title Number",
        "Tenure",
        "Property Address",
        "District",
        "County",
        "Region",
        "Postcode",
        "Multiple Address Indicator",
        "Price Paid",
    ]
    for n in range(1, 5):
        columns += [
            f"Proprietor Name ({n})",
            f"Company Registration No. ({n})",
            f"Proprietorship Category ({n})",
        ]
        if overseas:
            columns.append(f"Country Incorporated ({n})")
        columns += [f"Proprietor ({n}) Address ({i})" for i in (1, 2, 3)]
    return [*columns, "Date Proprietor Added", "Additional Proprietor Indicator"]


def change_header(overseas: bool) -> list[str]:
    """Change-only update (COU) files add two columns."""
    return [*header(overseas), "Change Indicator", "Change Date"]


def write(path: Path, overseas: bool, titles: list[dict[str, str]], changes: bool = False) -> Path:
    columns = change_header(overseas) if changes else header(overseas)
    with path.open("w", newline="") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        for title in titles:
            writer.writerow({c: title.get(c, "") for c in columns})
    return path


OCOD = [
    {
        "Title Number": "NGL123456",
        "Tenure": "Leasehold",
        "Property Address": "Flat 1, 10 Example Square, London (W1K 1AA)",
        "District": "CITY OF WESTMINSTER",
        "County": "GREATER LONDON",
        "Region": "GREATER LONDON",
        "Postcode": "W1K 1AA",
        "Multiple Address Indicator": "N",
        "Price Paid": "4500000",
        "Proprietor Name (1)": "ALPHA HOLDINGS LIMITED",
        "Company Registration No. (1)": "1234567",
        "Proprietorship Category (1)": "Limited Company or Public Limited Company",
        "Country Incorporated (1)": "BRITISH VIRGIN ISLANDS",
        "Proprietor (1) Address (1)": "PO Box 3444, Road Town, Tortola",
        "Proprietor Name (2)": "BETA INVESTMENTS S.A.",
        "Proprietorship Category (2)": "Corporate Body",
        "Country Incorporated (2)": "PANAMA",
        "Proprietor Name (3)": "GAMMA TRUST COMPANY LIMITED",
        "Country Incorporated (3)": "JERSEY",
        "Proprietor Name (4)": "DELTA LIMITED",
        "Country Incorporated (4)": "ISLE OF MAN",
        "Date Proprietor Added": "18-11-2015",
        "Additional Proprietor Indicator": "N",
    },
    {
        "Title Number": "LN98765",
        "Tenure": "Freehold",
        "Property Address": "5 Example Road, London (NW3 1AA)",
        "Price Paid": "",
        "Proprietor Name (1)": "Alpha Holdings  Limited",
        "Country Incorporated (1)": "British Virgin Islands",
        "Date Proprietor Added": "01-02-2008",
    },
    {"Title Number": "EGL5555", "Property Address": "Land at Example Lane"},
]

CCOD = [
    {
        "Title Number": "SY112233",
        "Tenure": "Freehold",
        "Property Address": "Unit 2, Example Park, Guildford (GU1 1AA)",
        "Price Paid": "1250000",
        "Proprietor Name (1)": "EXAMPLE PROPERTIES LIMITED",
        "Company Registration No. (1)": "3530981",
        "Proprietorship Category (1)": "Limited Company or Public Limited Company",
        "Date Proprietor Added": "03-04-2019",
    }
]


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("hmlr")
    con = duckdb.connect()
    import_into(con, write(folder / "OCOD_FULL_2024_01.csv", True, OCOD))
    import_into(con, write(folder / "CCOD_FULL_2024_01.csv", False, CCOD))
    return con


def test_four_proprietors_hold_one_title_jointly(con: duckdb.DuckDBPyConnection) -> None:
    edges = rows(con, "SELECT * FROM graph_edges WHERE asset_id = 'gb-title:NGL123456'")
    assert len(edges) == 4
    assert {e["kind"] for e in edges} == {"proprietor"}
    assert {e["joint_group"] for e in edges} == {"gb-title:NGL123456"}
    assert {e["start_date"] for e in edges} == {"2015-11-18"}
    owners = rows(
        con,
        "SELECT n.* FROM graph_nodes n JOIN graph_edges e ON e.owner_id = n.node_id "
        "WHERE e.asset_id = 'gb-title:NGL123456' ORDER BY n.name",
    )
    assert [(o["name"], o["jurisdiction"]) for o in owners] == [
        ("ALPHA HOLDINGS LIMITED", "vg"),
        ("BETA INVESTMENTS S.A.", "pa"),
        ("DELTA LIMITED", "im"),
        ("GAMMA TRUST COMPANY LIMITED", "je"),
    ]
    assert owners[0]["identifiers"] == {"registrationNumber": "1234567"}


def test_title_node(con: duckdb.DuckDBPyConnection) -> None:
    (title,) = rows(con, "SELECT * FROM graph_nodes WHERE node_id = 'gb-title:NGL123456'")
    assert title["schema"] == "RealEstate" and title["jurisdiction"] == "gb"
    attributes = title["attributes"]
    assert isinstance(attributes, dict)
    assert attributes["pricePaid"] == "4500000" and attributes["tenure"] == "Leasehold"


def test_sole_proprietor_and_same_name(con: duckdb.DuckDBPyConnection) -> None:
    """A proprietor spelt with other spacing and case is the same node."""
    (edge,) = rows(con, "SELECT * FROM graph_edges WHERE asset_id = 'gb-title:LN98765'")
    assert edge["owner_id"] == "hmlr:ALPHA HOLDINGS LIMITED" and edge["joint_group"] is None


def test_title_without_proprietor_is_kept(con: duckdb.DuckDBPyConnection) -> None:
    (kept,) = rows(con, "SELECT * FROM graph_rejected")
    assert kept["reason"] == "title without a proprietor name" and "EGL5555" in str(kept["raw"])


def test_ccod_company_is_its_companies_house_node(con: duckdb.DuckDBPyConnection) -> None:
    (edge,) = rows(con, "SELECT * FROM graph_edges WHERE asset_id = 'gb-title:SY112233'")
    assert edge["owner_id"] == "gb-coh:03530981"


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "ocod.csv"
    path.write_text("Title Number,Tenure\nX1,Freehold\n")
    with pytest.raises(ParseError, match=r"ocod\.csv, line 1: missing column"):
        import_into(duckdb.connect(), path, fmt="land-registry")


def test_aggregated_overseas_proprietors() -> None:
    path = OWNERSHIP / "ocod_derived_titles_per_company_2015_2017.csv"
    with path.open(newline="") as source:
        table = list(csv.DictReader(source))
    names = {" ".join(r["Proprietor_Name"].upper().split()) for r in table}
    con = duckdb.connect()
    (version,) = import_into(con, path)
    assert version.records == len(table)
    assert version.nodes == len(names)
    assert version.edges == 0
    first = table[0]
    (node,) = rows(
        con, f"SELECT * FROM graph_nodes WHERE name = '{first['Proprietor_Name']}' LIMIT 1"
    )
    attributes = node["attributes"]
    assert isinstance(attributes, dict)
    assert float(attributes["titles 2015-10-31"]) == float(first["2015-10-31 00:00:00"])
    assert float(attributes["titles 2017-10-01"]) == float(first["2017-10-01 00:00:00"])


def test_change_only_deletion_ends_the_edge(tmp_path: Path) -> None:
    deleted = {**CCOD[0], "Change Indicator": "D", "Change Date": "15-06-2023"}
    con = duckdb.connect()
    import_into(con, write(tmp_path / "CCOD_COU_2023_06.csv", False, [deleted], changes=True))
    (edge,) = rows(con, "SELECT * FROM graph_edges")
    assert (edge["start_date"], edge["end_date"]) == ("2019-04-03", "2023-06-15")
