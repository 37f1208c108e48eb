"""Companies House PSC records and BasicCompanyData: the real samples, counted here from
the raw files, and small JSON lines files for bands, ceased entries and overseas
entities."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from kleptrace.exc import ParseError
from tests.graph.helpers import OWNERSHIP, import_into, rows

SAMPLE = OWNERSHIP / "uk_psc_sample"


def test_real_psc_sample() -> None:
    records = json.loads((SAMPLE / "psc-data-8.json").read_text())
    people = [r for r in records if "natures_of_control" in r.get("data", {})]
    con = duckdb.connect()
    (version,) = import_into(con, SAMPLE / "psc-data-8.json")
    assert version.records == len(records)
    assert version.edges == sum(len(r["data"]["natures_of_control"]) for r in people)
    assert version.rejected == len(records) - len(people)
    companies = {f"gb-coh:{r['company_number']}" for r in people}
    ids = {n for (n,) in con.execute("SELECT node_id FROM graph_nodes").fetchall()}
    assert companies <= ids
    for record in people:
        for code in record["data"]["natures_of_control"]:
            (edge,) = rows(
                con,
                f"SELECT * FROM graph_edges WHERE source_kind = '{code}' "
                f"AND asset_id = 'gb-coh:{record['company_number']}'",
            )
            assert edge["start_date"] == record["data"]["notified_on"]
            if "75-to-100" in code:
                assert (edge["share_min"], edge["share_min_exclusive"]) == (75, False)
                assert (edge["share_max"], edge["share_max_exclusive"]) == (100, False)


def test_corporate_psc_registered_in_uk_is_its_company(tmp_path: Path) -> None:
    records = json.loads((SAMPLE / "psc-data-8.json").read_text())
    corporate = next(r for r in records if r["data"].get("kind", "").startswith("corporate"))
    con = duckdb.connect()
    import_into(con, SAMPLE / "psc-data-8.json")
    number = corporate["data"]["identification"]["registration_number"]
    (node,) = rows(con, f"SELECT * FROM graph_nodes WHERE node_id = 'gb-coh:{number}'")
    assert node["name"] == corporate["data"]["name"]


def psc(company: str, kind: str, natures: list[str], **data: Any) -> dict[str, Any]:
    return {
        "company_number": company,
        "data": {
            "kind": kind,
            "name": data.pop("name", "Someone"),
            "natures_of_control": natures,
            "links": {"self": f"/company/{company}/psc/{len(natures)}{kind[:3]}"},
            "notified_on": "2016-04-06",
            **data,
        },
    }


RECORDS = [
    psc(
        "01234567",
        "individual-person-with-significant-control",
        [
            "ownership-of-shares-25-to-50-percent",
            "voting-rights-50-to-75-percent-as-trust",
            "right-to-appoint-and-remove-directors",
            "significant-influence-or-control",
            "some-future-nature-of-control",
        ],
        ceased_on="2020-01-31",
    ),
    psc(
        "OE012345",
        "individual-beneficial-owner",
        ["ownership-of-shares-more-than-25-percent-registered-overseas-entity"],
        name="Overseas Owner",
    ),
    psc(
        "01234567",
        "corporate-entity-person-with-significant-control",
        ["ownership-of-shares-75-to-100-percent"],
        name="Jersey Holdings Ltd",
        identification={"country_registered": "Jersey", "registration_number": "99887"},
    ),
    {
        "company_number": "07654321",
        "data": {
            "kind": "persons-with-significant-control-statement",
            "statement": "no-individual-or-entity-with-signficant-control",
        },
    },
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("psc") / "psc-snapshot.txt"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    con = duckdb.connect()
    import_into(con, path)
    return con


def edge(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    (found,) = rows(con, f"SELECT * FROM graph_edges WHERE source_kind = '{code}'")
    return found


def test_bands(small: duckdb.DuckDBPyConnection) -> None:
    low = edge(small, "ownership-of-shares-25-to-50-percent")
    assert (low["kind"], low["share_min"], low["share_max"]) == ("ownership", 25, 50)
    assert low["share_min_exclusive"] is True and low["share_max_exclusive"] is False
    mid = edge(small, "voting-rights-50-to-75-percent-as-trust")
    assert (mid["kind"], mid["share_min"], mid["share_max"]) == ("voting", 50, 75)
    assert mid["share_min_exclusive"] is True and mid["share_max_exclusive"] is False
    high = edge(small, "ownership-of-shares-75-to-100-percent")
    assert (high["share_min"], high["share_min_exclusive"]) == (75, False)


def test_control_and_unknown_natures(small: duckdb.DuckDBPyConnection) -> None:
    assert edge(small, "right-to-appoint-and-remove-directors")["kind"] == "control"
    assert edge(small, "significant-influence-or-control")["kind"] == "control"
    unknown = edge(small, "some-future-nature-of-control")
    assert unknown["kind"] == "unknown" and unknown["share_min"] is None


def test_ceased_entries_end(small: duckdb.DuckDBPyConnection) -> None:
    assert edge(small, "significant-influence-or-control")["end_date"] == "2020-01-31"
    assert edge(small, "ownership-of-shares-75-to-100-percent")["end_date"] is None


def test_overseas_entity(small: duckdb.DuckDBPyConnection) -> None:
    found = edge(small, "ownership-of-shares-more-than-25-percent-registered-overseas-entity")
    assert found["asset_id"] == "gb-coh:OE012345"
    assert (found["share_min"], found["share_min_exclusive"], found["share_max"]) == (25, True, 100)
    (entity,) = rows(small, "SELECT * FROM graph_nodes WHERE node_id = 'gb-coh:OE012345'")
    assert entity["jurisdiction"] is None and entity["identifiers"] == {"GB-COH": "OE012345"}


def test_foreign_corporate_psc_keeps_its_own_node(small: duckdb.DuckDBPyConnection) -> None:
    (holder,) = rows(small, "SELECT * FROM graph_nodes WHERE name = 'Jersey Holdings Ltd'")
    assert holder["node_id"].startswith("gb-psc:") and holder["jurisdiction"] == "je"
    assert holder["identifiers"] == {"registrationNumber": "99887"}


def test_statements_are_kept(small: duckdb.DuckDBPyConnection) -> None:
    (kept,) = rows(small, "SELECT * FROM graph_rejected")
    assert "no-individual-or-entity-with-signficant-control" in str(kept["reason"])


def unwrapped_rows(path: Path) -> list[dict[str, str]]:
    """The sample CSV is hard-wrapped: lines of the longest length were cut there."""
    lines = path.read_text().splitlines()
    width = max(map(len, lines))
    text = "".join(line if len(line) == width else line + "\n" for line in lines)
    return list(csv.DictReader(io.StringIO(text)))


def test_basic_company_data() -> None:
    table = unwrapped_rows(SAMPLE / "basic-company-data-1.csv")
    listed = json.loads((SAMPLE / "company-data-1.json").read_text())
    numbers = {r[" CompanyNumber"] for r in table} | {r["CompanyNumber"] for r in listed}
    con = duckdb.connect()
    (version,) = import_into(
        con, SAMPLE / "basic-company-data-1.csv", SAMPLE / "company-data-1.json", dataset="basic"
    )
    assert version.records == len(table) + len(listed)
    assert version.warnings == (
        "basic-company-data-1.csv: hard-wrapped at 118 characters; read unwrapped",
    )
    nodes = rows(con, "SELECT * FROM graph_nodes")
    assert {n["node_id"] for n in nodes} == {f"gb-coh:{n}" for n in numbers}
    first = table[0]
    (node,) = [n for n in nodes if n["node_id"] == f"gb-coh:{first[' CompanyNumber']}"]
    assert node["name"] == first["CompanyName"] and node["jurisdiction"] == "gb"
    day, month, year = first["IncorporationDate"].split("/")
    assert node["attributes"]["incorporationDate"] == f"{year}-{month}-{day}"  # type: ignore[index]


def test_basic_company_data_without_number_column(tmp_path: Path) -> None:
    path = tmp_path / "basic.csv"
    path.write_text("CompanyName,CompanyNumbr,CountryOfOrigin\nACME LTD,01234567,United Kingdom\n")
    with pytest.raises(ParseError, match=r"basic\.csv, line 1: missing column\(s\) CompanyNumber"):
        import_into(duckdb.connect(), path, fmt="companies-house")
