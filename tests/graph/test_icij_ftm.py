"""ICIJ Offshore Leaks CSVs and FollowTheMoney entities, from small files written here in
the published layouts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from kleptrace.graph.load import plan_imports
from tests.conftest import DATA
from tests.graph.helpers import import_into, rows

ICIJ_NODES = {
    "nodes-entities": (
        [
            "node_id",
            "name",
            "original_name",
            "jurisdiction",
            "jurisdiction_description",
            "incorporation_date",
            "status",
            "country_codes",
            "countries",
            "sourceID",
            "note",
        ],
        [
            [
                "10000001",
                "ALPHA TRADING LTD.",
                "",
                "BVI",
                "British Virgin Islands",
                "19-MAR-2009",
                "Active",
                "VGB",
                "British Virgin Islands",
                "Panama Papers",
                "",
            ]
        ],
    ),
    "nodes-officers": (
        ["node_id", "name", "countries", "country_codes", "sourceID", "valid_until", "note"],
        [
            ["12000001", "IVAN EXAMPLE", "Russia", "RUS", "Panama Papers", "", ""],
            ["12000002", "NOMINEE SERVICES LTD", "Seychelles", "SYC", "Panama Papers", "", ""],
        ],
    ),
    "nodes-intermediaries": (
        ["node_id", "name", "status", "address", "countries", "country_codes", "sourceID"],
        [
            [
                "11000001",
                "EXAMPLE LAW FIRM",
                "ACTIVE",
                "Panama City",
                "Panama",
                "PAN",
                "Panama Papers",
            ]
        ],
    ),
    "nodes-addresses": (
        ["node_id", "address", "name", "countries", "country_codes", "sourceID"],
        [
            [
                "14000001",
                "PO Box 3444, Road Town, Tortola",
                "",
                "British Virgin Islands",
                "VGB",
                "Panama Papers",
            ]
        ],
    ),
}
RELATIONSHIPS = [
    [
        "12000001",
        "10000001",
        "officer_of",
        "shareholder of",
        "",
        "01-JAN-2010",
        "",
        "Panama Papers",
    ],
    ["12000001", "10000001", "officer_of", "Beneficial Owner of", "", "", "", "Panama Papers"],
    ["12000002", "10000001", "officer_of", "Nominee Shareholder of", "", "", "", "Panama Papers"],
    ["12000002", "10000001", "officer_of", "Director of", "", "", "31-DEC-2012", "Panama Papers"],
    ["11000001", "10000001", "intermediary_of", "registered agent of", "", "", "", "Panama Papers"],
    [
        "10000001",
        "14000001",
        "registered_address",
        "registered address",
        "",
        "",
        "",
        "Panama Papers",
    ],
    ["10000001", "99999999", "similar", "similar name and address as", "", "", "", "Panama Papers"],
]


@pytest.fixture(scope="module")
def icij(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    folder = tmp_path_factory.mktemp("icij")
    for stem, (header, data) in ICIJ_NODES.items():
        with (folder / f"{stem}.csv").open("w", newline="") as out:
            csv.writer(out).writerows([header, *data])
    with (folder / "relationships.csv").open("w", newline="") as out:
        csv.writer(out).writerows(
            [
                [
                    "node_id_start",
                    "node_id_end",
                    "rel_type",
                    "link",
                    "status",
                    "start_date",
                    "end_date",
                    "sourceID",
                ],
                *RELATIONSHIPS,
            ]
        )
    con = duckdb.connect()
    (version,) = import_into(con, folder)
    assert version.format == "icij"
    return con


def test_node_files_without_relationships_are_skipped(tmp_path: Path) -> None:
    header, data = ICIJ_NODES["nodes-entities"]
    with (tmp_path / "nodes-entities.csv").open("w", newline="") as out:
        csv.writer(out).writerows([header, *data])
    imports, skipped = plan_imports([tmp_path])
    assert imports == [] and skipped == [tmp_path / "nodes-entities.csv"]


def test_icij_links_become_kinds_keeping_their_text(icij: duckdb.DuckDBPyConnection) -> None:
    found = dict(icij.execute("SELECT source_kind, kind FROM graph_edges").fetchall())
    assert found == {
        "shareholder of": "ownership",
        "Beneficial Owner of": "beneficiary",
        "Nominee Shareholder of": "nominee",
        "Director of": "directorship",
        "registered agent of": "intermediary",
        "registered address": "address",
        "similar name and address as": "unknown",
    }


def test_icij_nodes(icij: duckdb.DuckDBPyConnection) -> None:
    nodes = {r["node_id"]: r for r in rows(icij, "SELECT * FROM graph_nodes")}
    assert len(nodes) == 6  # five in the node files, one only referenced
    assert (nodes["icij:10000001"]["schema"], nodes["icij:10000001"]["jurisdiction"]) == (
        "Company",
        "vg",
    )
    assert nodes["icij:14000001"]["schema"] == "Address"
    assert nodes["icij:12000001"]["jurisdiction"] == "ru"
    assert nodes["icij:99999999"]["name"] is None


def test_icij_dates(icij: duckdb.DuckDBPyConnection) -> None:
    dated = rows(
        icij, "SELECT * FROM graph_edges WHERE start_date IS NOT NULL OR end_date IS NOT NULL"
    )
    assert {(d["source_kind"], d["start_date"], d["end_date"]) for d in dated} == {
        ("shareholder of", "2010-01-01", None),
        ("Director of", None, "2012-12-31"),
    }


FTM = [
    {
        "id": "p1",
        "schema": "Person",
        "properties": {
            "name": ["Ivan Example"],
            "nationality": ["ru"],
            "birthDate": ["1961-02-03"],
        },
    },
    {
        "id": "c1",
        "schema": "Company",
        "properties": {
            "name": ["Alpha Trading Ltd"],
            "jurisdiction": ["vg"],
            "innCode": ["7707083893"],
        },
    },
    {
        "id": "r1",
        "schema": "RealEstate",
        "properties": {
            "name": ["10 Example Square"],
            "titleNumber": ["NGL123456"],
            "country": ["gb"],
        },
    },
    {
        "id": "o1",
        "schema": "Ownership",
        "properties": {
            "owner": ["p1"],
            "asset": ["c1"],
            "percentage": ["60"],
            "startDate": ["2015-01-01"],
        },
    },
    {
        "id": "o2",
        "schema": "Ownership",
        "properties": {"owner": ["c1"], "asset": ["r1"], "percentage": ["25-50%"]},
    },
    {
        "id": "o3",
        "schema": "Ownership",
        "properties": {"owner": ["p2"], "asset": ["c1"], "percentage": [">25%"]},
    },
    {
        "id": "o4",
        "schema": "Ownership",
        "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["a lot"]},
    },
    {
        "id": "d1",
        "schema": "Directorship",
        "properties": {"director": ["p1"], "organization": ["c1"], "role": ["Director"]},
    },
    {
        "id": "f1",
        "schema": "Family",
        "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["brother"]},
    },
    {"id": "a1", "schema": "Associate", "properties": {"person": ["p1"]}},
    {"id": "s1", "schema": "Sanction", "properties": {"entity": ["p1"], "authority": ["OFAC"]}},
]


@pytest.fixture(scope="module")
def ftm(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("ftm") / "entities.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in FTM))
    con = duckdb.connect()
    (version,) = import_into(con, path)
    assert version.format == "ftm"
    return con


def test_ftm_edges(ftm: duckdb.DuckDBPyConnection) -> None:
    edges = {
        (
            e["owner_id"],
            e["asset_id"],
            e["kind"],
            e["share_min"],
            e["share_max"],
            e["share_min_exclusive"],
        )
        for e in rows(ftm, "SELECT * FROM graph_edges")
    }
    assert edges == {
        ("p1", "c1", "ownership", 60, 60, False),
        ("c1", "r1", "ownership", 25, 50, False),
        ("p2", "c1", "ownership", 25, 100, True),
        ("p1", "c1", "ownership", None, None, None),
        ("p1", "c1", "directorship", None, None, None),
        ("p1", "p2", "family", None, None, None),
    }


def test_ftm_nodes(ftm: duckdb.DuckDBPyConnection) -> None:
    nodes = {r["node_id"]: r for r in rows(ftm, "SELECT * FROM graph_nodes")}
    assert nodes["c1"]["identifiers"] == {"innCode": "7707083893"}
    assert nodes["r1"]["schema"] == "RealEstate"
    assert (nodes["p1"]["jurisdiction"], nodes["p2"]["schema"]) == ("ru", "LegalEntity")


def test_ftm_keeps_what_it_cannot_place(ftm: duckdb.DuckDBPyConnection) -> None:
    reasons = sorted(r for (r,) in ftm.execute("SELECT reason FROM graph_rejected").fetchall())
    assert reasons == [
        "Associate without associate",
        "percentage not understood: 'a lot'",
        "schema 'Sanction' is not part of the ownership graph",
    ]


def test_real_ftm_export() -> None:
    """yente's zala fixture: counts and stakes read here from the raw JSON lines."""
    path = DATA / "opensanctions_ftm" / "yente_fixture_zala_entities.ftm.json"
    entities = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    links = [e for e in entities if e["schema"] in ("Ownership", "Directorship", "Family")]
    parties = [e for e in entities if e["schema"] in ("Person", "Company", "Address")]
    con = duckdb.connect()
    (version,) = import_into(con, path)
    assert version.edges == len(links)
    assert version.rejected == len(entities) - len(links) - len(parties)
    stakes = {
        e["id"]: float(e["properties"]["percentage"][0])
        for e in entities
        if e["schema"] == "Ownership" and e["properties"].get("percentage")
    }
    found = dict(
        con.execute(
            "SELECT split_part(record, ':', 2), share_min FROM graph_edges "
            "WHERE kind = 'ownership' AND share_min IS NOT NULL"
        ).fetchall()
    )
    positions = {f"line {n}": e["id"] for n, e in enumerate(entities, 1)}
    assert {positions[p]: share for p, share in found.items()} == stakes
