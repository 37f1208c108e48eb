"""`trace` and `uwo` end to end on imported data: a BODS 0.4 file and a CCOD / OCOD
pair written here in the published layouts. The story: a designated person owns a BVI
company (also held for her by a BVI nominee), which owns 75% of a Jersey company (a
Jersey trustee holds the rest on trust), which owns a UK company (its Companies House
number is how BODS and CCOD meet) holding two London titles; the Jersey company also
holds a title in its own name in OCOD, where nothing says who is behind it. A
politically exposed person (a loaded FtM entity with the topic role.pep, on no sanctions
list) holds a quarter of the UK company's votes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.graph.uwo import weights
from tests.graph.test_land_registry import write

runner = CliRunner(env={"COLUMNS": "200"})

PERSON = "Oksana Zhemchuzhnikova"
PEP = "Vsevolod Pepperdine-Ostrovsky"


def statement(record_id: str, record_type: str, details: dict[str, Any]) -> dict[str, Any]:
    return {
        "statementId": f"s-{record_id}",
        "declarationSubject": "uk",
        "statementDate": "2023-02-01",
        "publicationDetails": {"publicationDate": "2023-02-01", "bodsVersion": "0.4"},
        "recordId": record_id,
        "recordStatus": "new",
        "recordType": record_type,
        "recordDetails": {"isComponent": False, **details},
    }


def entity(
    record_id: str, name: str, code: str, ids: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return statement(
        record_id,
        "entity",
        {
            "entityType": {"type": "registeredEntity"},
            "name": name,
            "jurisdiction": {"code": code},
            "identifiers": ids or [],
        },
    )


def owns(
    record_id: str, owner: str, subject: str, kind: str, share: float | None
) -> dict[str, Any]:
    interest: dict[str, Any] = {
        "type": kind,
        "directOrIndirect": "direct",
        "startDate": "2011-05-04",
    }
    if share is not None:
        interest["share"] = {"exact": share}
    return statement(
        record_id,
        "relationship",
        {"subject": subject, "interestedParty": owner, "interests": [interest]},
    )


BODS = [
    statement(
        "p",
        "person",
        {"personType": "knownPerson", "names": [{"type": "legal", "fullName": PERSON}]},
    ),
    entity("bvi", "Seabright Holdings Ltd", "VG"),
    entity("nominee", "Harbour Nominees Ltd", "VG"),
    entity("jersey", "Kestrel Property (Jersey) Ltd", "JE"),
    entity("trustee", "St Helier Trustees Ltd", "JE"),
    entity("uk", "Kestrel Estates UK Ltd", "GB", [{"scheme": "GB-COH", "id": "09876543"}]),
    owns("r1", "p", "bvi", "shareholding", 100),
    owns("r2", "nominee", "bvi", "nominee", None),
    owns("r3", "bvi", "jersey", "shareholding", 75),
    owns("r4", "trustee", "jersey", "trustee", 25),
    owns("r5", "jersey", "uk", "shareholding", 100),
    statement("pep", "person", {"personType": "knownPerson", "names": [{"fullName": PEP}]}),
    owns("r6", "pep", "uk", "votingRights", 25),
]
CCOD = [
    {
        "Title Number": "NGL900001",
        "Tenure": "Leasehold",
        "Property Address": "Flat 9, 1 Example Gardens, London (W8 4AA)",
        "Price Paid": "12500000",
        "Proprietor Name (1)": "KESTREL ESTATES UK LIMITED",
        "Company Registration No. (1)": "9876543",
        "Proprietorship Category (1)": "Limited Company or Public Limited Company",
        "Date Proprietor Added": "14-06-2012",
    },
    {
        "Title Number": "NGL900002",
        "Tenure": "Freehold",
        "Property Address": "3 Example Mews, London (SW7 2AA)",
        "Price Paid": "850000",
        "Proprietor Name (1)": "KESTREL ESTATES UK LIMITED",
        "Company Registration No. (1)": "9876543",
        "Date Proprietor Added": "02-09-2023",
    },
]
OCOD = [
    {
        "Title Number": "BGL700700",
        "Tenure": "Freehold",
        "Property Address": "Example House, 7 Example Hill, London (NW3 7AA)",
        "Price Paid": "3100000",
        "Proprietor Name (1)": "KESTREL PROPERTY (JERSEY) LIMITED",
        "Company Registration No. (1)": "112233",
        "Country Incorporated (1)": "JERSEY",
        "Date Proprietor Added": "30-01-2016",
    }
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("e2e")
    store = str(folder / "store.duckdb")
    listed = folder / "designated.ftm.json"
    listed.write_bytes(
        orjson.dumps({"id": "t-oz", "schema": "Person", "properties": {"name": [PERSON]}})
        + b"\n"
        + orjson.dumps(
            {
                "id": "t-oz-s",
                "schema": "Sanction",
                "properties": {
                    "entity": ["t-oz"],
                    "program": ["RUSSIA-EO14024"],
                    "authority": ["OFAC"],
                },
            }
        )
        + b"\n"
        + orjson.dumps(
            {
                "id": "pep-vp",
                "schema": "Person",
                "properties": {"name": [PEP], "topics": ["role.pep"]},
            }
        )
        + b"\n"
    )
    (folder / "chain.json").write_text(json.dumps(BODS))
    write(folder / "CCOD_FULL_2024_01.csv", False, CCOD)
    write(folder / "OCOD_FULL_2024_01.csv", True, OCOD)
    steps = [
        ["load", str(listed)],
        ["graph-load", str(folder / "chain.json")],
        [
            "graph-load",
            str(folder / "CCOD_FULL_2024_01.csv"),
            str(folder / "OCOD_FULL_2024_01.csv"),
        ],
        ["graph-link"],
    ]
    for step in steps:
        done = runner.invoke(app, [*step, "--db", store])
        assert done.exit_code == 0, done.output
    return store


def test_trace_from_the_person_to_the_titles(db: str, tmp_path: Path) -> None:
    html = tmp_path / "trace.html"
    result = runner.invoke(app, ["trace", PERSON, "--json", "--html", str(html), "--db", db])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    names = {n["node_id"]: n["name"] for n in found["nodes"]}
    hops = {(names[h["owner_id"]], names[h["asset_id"]]): h for h in found["hops"]}
    chain = [
        (PERSON, "Seabright Holdings Ltd", "ownership", 100, "vg"),
        ("Seabright Holdings Ltd", "Kestrel Property (Jersey) Ltd", "ownership", 75, "je"),
        ("Kestrel Property (Jersey) Ltd", "Kestrel Estates UK Ltd", "ownership", 100, "gb"),
    ]
    for owner, asset, kind, share, place in chain:
        hop = hops[(owner, asset)]
        assert (hop["kind"], hop["share_min"], hop["share_max"]) == (kind, share, share)
        assert hop["jurisdiction"] == place and (hop["secrecy"] is not None) == (place != "gb")
        assert hop["start_date"] == "2011-05-04"
    titles = {c["Property Address"]: c for c in CCOD}
    for address, title in titles.items():
        hop = hops[(names["gb-coh:09876543"], address)]  # one node for BODS and CCOD
        assert hop["kind"] == "proprietor"
        day, month, year = title["Date Proprietor Added"].split("-")
        assert hop["start_date"] == f"{year}-{month}-{day}"
    assert len(found["titles"]) == len(CCOD)
    designated = [n["name"] for n in found["nodes"] if n["designated"]]
    assert designated == [PERSON]
    page = html.read_text()
    assert "Seabright Holdings Ltd" in page and CCOD[0]["Property Address"] in page


def test_uwo_ranks_the_titles_by_their_flags(db: str, tmp_path: Path) -> None:
    report = tmp_path / "uwo.html"
    result = runner.invoke(app, ["uwo", "--json", "--out", str(report), "--db", db])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["scored"] == len(CCOD) + len(OCOD)
    points = weights().points
    # what each title should raise, read off the files above
    expected = {
        # bought 2012 for 12.5M through UK <- Jersey (trustee) <- BVI (nominee) <- designated
        "Flat 9, 1 Example Gardens, London (W8 4AA)": {
            "designated_link": points["designated_link"],
            "pep_link": points["pep_link"],  # the PEP's votes in the UK company
            "trust_or_nominee": points["trust_or_nominee"],
            "secrecy_in_chain": points["secrecy_in_chain"],
            "layers": 2 * points["layers"],  # UK, Jersey, BVI: two beyond the first
            "acquired_before_roe": points["acquired_before_roe"],
            "high_price": points["high_price"],
        },
        # same chain, bought after the register opened, below the price threshold
        "3 Example Mews, London (SW7 2AA)": {
            "designated_link": points["designated_link"],
            "pep_link": points["pep_link"],
            "trust_or_nominee": points["trust_or_nominee"],
            "secrecy_in_chain": points["secrecy_in_chain"],
            "layers": 2 * points["layers"],
        },
        # the Jersey company in its own name: OCOD knows no owner above it
        "Example House, 7 Example Hill, London (NW3 7AA)": {
            "territory_proprietor": points["territory_proprietor"],
            "owner_unknown": points["owner_unknown"],
            "acquired_before_roe": points["acquired_before_roe"],
            "high_price": points["high_price"],
        },
    }
    got = {t["name"]: {f["name"]: f["points"] for f in t["flags"]} for t in found["titles"]}
    assert got == expected
    scores = [t["score"] for t in found["titles"]]
    assert scores == sorted(scores, reverse=True)
    assert scores == sorted((sum(f.values()) for f in expected.values()), reverse=True)
    page = report.read_text()
    assert all(address in page for address in expected)
