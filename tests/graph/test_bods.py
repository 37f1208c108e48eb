"""BODS 0.4 examples (the real files) and small 0.2 files: every current relationship
interest is one edge, with its stake, direction and kind; replaced statements are kept
as rejected rows. Expected counts are computed here from the raw JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from kleptrace.exc import ParseError
from tests.graph.helpers import OWNERSHIP, import_into, rows

EXAMPLES = sorted((OWNERSHIP / "bods_examples").glob("*.json"))


def current_statements(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The newest statement of each record (by statementDate, later in the file on a
    tie) and the number of statements replaced."""
    statements = json.loads(path.read_text())
    newest: dict[str, dict[str, Any]] = {}
    for statement in statements:
        seen = newest.get(statement["recordId"])
        if seen is None or statement["statementDate"] >= seen["statementDate"]:
            newest[statement["recordId"]] = statement
    return list(newest.values()), len(statements) - len(newest)


def expected_edges(path: Path) -> list[dict[str, Any]]:
    """One per interest of each current relationship; one for a relationship without."""
    current, _ = current_statements(path)
    out = []
    for s in current:
        if s["recordType"] == "relationship":
            out.extend(s["recordDetails"].get("interests") or [{}])
    return out


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    import_into(con, *EXAMPLES)
    return con


def test_nineteen_examples() -> None:
    assert len(EXAMPLES) == 19


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_edges_and_superseded_per_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    edges = rows(con, f"SELECT * FROM graph_edges WHERE record LIKE '{path.name}:%'")
    interests = expected_edges(path)
    assert len(edges) == len(interests)
    kinds_seen = sorted(str(e["source_kind"]) for e in edges)
    assert kinds_seen == sorted(str(i.get("type")) for i in interests)
    _, replaced = current_statements(path)
    superseded = con.execute(
        f"SELECT count(*) FROM graph_rejected WHERE file LIKE '%/{path.name}' "
        "AND reason LIKE 'superseded%'"
    ).fetchone()
    assert superseded == (replaced,)


def test_every_stated_share_is_kept_exactly(con: duckdb.DuckDBPyConnection) -> None:
    """Exact stakes, minimum / maximum, and 0.4's exclusive bounds (open ends)."""
    edges = rows(con, "SELECT * FROM graph_edges")
    stated = [i["share"] for p in EXAMPLES for i in expected_edges(p) if i.get("share")]
    assert stated
    for share in stated:
        low = share.get("exact", share.get("minimum", share.get("exclusiveMinimum")))
        high = share.get("exact", share.get("maximum", share.get("exclusiveMaximum")))
        wanted = (low, high, "exclusiveMinimum" in share, "exclusiveMaximum" in share)
        found = [
            (e["share_min"], e["share_max"], e["share_min_exclusive"], e["share_max_exclusive"])
            for e in edges
        ]
        assert wanted in found, share


def test_range_with_open_ends(con: duckdb.DuckDBPyConnection) -> None:
    """bods-package-linking-annotations: more than 25%, less than 50%."""
    (edge,) = rows(
        con,
        "SELECT * FROM graph_edges WHERE record LIKE 'bods-package-linking-annotations.json:%'",
    )
    assert (edge["share_min"], edge["share_max"]) == (25, 50)
    assert edge["share_min_exclusive"] and edge["share_max_exclusive"]


def test_direct_and_indirect(con: duckdb.DuckDBPyConnection) -> None:
    for path in EXAMPLES:
        levels = [i.get("directOrIndirect") for i in expected_edges(path)]
        edges = rows(con, f"SELECT direct FROM graph_edges WHERE record LIKE '{path.name}:%'")
        expected = sorted(str({"direct": True, "indirect": False}.get(str(v))) for v in levels)
        assert sorted(str(e["direct"]) for e in edges) == expected, path.name


def test_joint_ownership_shares_the_arrangement(con: duckdb.DuckDBPyConnection) -> None:
    edges = rows(
        con,
        "SELECT * FROM graph_edges WHERE record LIKE 'joint-ownership.json:%' "
        "AND joint_group IS NOT NULL",
    )
    assert len(edges) == 2
    assert {e["joint_group"] for e in edges} == {"bods:91b4236a7d89"}
    assert all(e["asset_id"] == "bods:91b4236a7d89" and e["share_min"] == 50 for e in edges)


def test_nominee_and_trust_kinds(con: duckdb.DuckDBPyConnection) -> None:
    kinds = dict(
        con.execute(
            "SELECT source_kind, any_value(kind) FROM graph_edges GROUP BY source_kind"
        ).fetchall()
    )
    assert kinds["nominee"] == "nominee"
    assert kinds["nominator"] == "beneficiary"
    assert kinds["trustee"] == "trustee"
    assert kinds["beneficiaryOfLegalArrangement"] == "beneficiary"
    assert kinds["shareholding"] == "ownership"
    assert kinds["votingRights"] == "voting"


def test_closed_record_ends_its_edges(con: duckdb.DuckDBPyConnection) -> None:
    """fermcat.json closes one relationship: its edges end on the closing date."""
    closed = [
        s
        for s in current_statements(OWNERSHIP / "bods_examples" / "fermcat.json")[0]
        if s["recordType"] == "relationship" and s["recordStatus"] == "closed"
    ]
    ended = rows(
        con,
        "SELECT * FROM graph_edges WHERE record LIKE 'fermcat.json:%' AND end_date IS NOT NULL",
    )
    assert {e["record"].split(":")[1] for e in ended} == {s["statementId"] for s in closed}


def test_unspecified_owner_is_a_node(con: duckdb.DuckDBPyConnection) -> None:
    (node,) = rows(
        con,
        "SELECT * FROM graph_nodes WHERE record LIKE "
        "'listed-company-exempt-from-disclosure.json:%' AND node_id LIKE 'bods:unspecified:%'",
    )
    assert node["attributes"]["unspecifiedReason"] == "subjectExemptFromDisclosure"


def test_companies_house_ids_join_sources(con: duckdb.DuckDBPyConnection) -> None:
    """A GB-COH identifier makes the node the Companies House company."""
    (node,) = rows(con, "SELECT * FROM graph_nodes WHERE name = 'CHRINON LTD'")
    assert node["node_id"] == "gb-coh:07444723"


STATEMENTS_02 = [
    {
        "statementID": "e1",
        "statementType": "entityStatement",
        "entityType": "registeredEntity",
        "name": "Old Co",
        "jurisdiction": {"code": "VG", "name": "British Virgin Islands"},
    },
    {
        "statementID": "p1",
        "statementType": "personStatement",
        "names": [{"fullName": "Ann Example"}],
    },
    {
        "statementID": "r1",
        "statementType": "ownershipOrControlStatement",
        "subject": {"describedByEntityStatement": "e1"},
        "interestedParty": {"describedByPersonStatement": "p1"},
        "interests": [
            {
                "type": "shareholding",
                "interestLevel": "direct",
                "share": {"minimum": 25, "maximum": 50, "exclusiveMinimum": True},
            },
            {"type": "appointment-of-board"},
        ],
    },
    {
        "statementID": "r2",
        "statementType": "ownershipOrControlStatement",
        "subject": {"describedByEntityStatement": "e1"},
        "interestedParty": {"describedByPersonStatement": "p1"},
        "replacesStatements": ["r1"],
        "interests": [{"type": "shareholding", "share": {"exact": 60}}],
    },
    {
        "statementID": "r3",
        "statementType": "ownershipOrControlStatement",
        "subject": {"describedByEntityStatement": "e1"},
        "interestedParty": {"unspecified": {"reason": "interested-party-exempt-from-disclosure"}},
        "interests": [{"type": "trustee-of-trust"}],
    },
]


def test_bods_02_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in STATEMENTS_02) + "\n")
    con = duckdb.connect()
    (version,) = import_into(con, path)
    assert version.format == "bods"
    edges = rows(con, "SELECT * FROM graph_edges ORDER BY edge_id")
    assert [(e["kind"], e["share_min"], e["share_max"]) for e in edges] == [
        ("ownership", 60, 60),
        ("trustee", None, None),
    ]
    (old,) = rows(con, "SELECT * FROM graph_rejected")
    assert old["reason"] == "superseded: named in replacesStatements"
    assert json.loads(str(old["raw"]))["statementID"] == "r1"
    (company,) = rows(con, "SELECT * FROM graph_nodes WHERE name = 'Old Co'")
    assert (company["schema"], company["jurisdiction"]) == ("Company", "vg")


def test_bods_02_exclusive_flags(tmp_path: Path) -> None:
    """0.2 writes exclusiveMinimum as a flag on minimum."""
    path = tmp_path / "flags.json"
    path.write_text(json.dumps(STATEMENTS_02[:3]))
    con = duckdb.connect()
    import_into(con, path)
    (share,) = rows(con, "SELECT * FROM graph_edges WHERE kind = 'ownership'")
    assert (share["share_min"], share["share_max"]) == (25, 50)
    assert share["share_min_exclusive"] is True and share["share_max_exclusive"] is False
    control = rows(con, "SELECT * FROM graph_edges WHERE kind = 'control'")
    assert [c["source_kind"] for c in control] == ["appointment-of-board"]


def test_truncated_array_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(STATEMENTS_02, indent=1)[:300])
    with pytest.raises(ParseError, match=r"cut\.json, line \d+: not valid JSON"):
        import_into(duckdb.connect(), path, fmt="bods")


def test_bad_line_is_kept_with_its_number(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    text = [json.dumps(s) for s in STATEMENTS_02[:3]]
    text.insert(1, '{"statementID": "broken"')
    path.write_text("\n".join(text) + "\n")
    con = duckdb.connect()
    import_into(con, path)
    (bad,) = rows(con, "SELECT * FROM graph_rejected")
    assert bad["position"] == "line 2" and "not JSON" in str(bad["reason"])
    assert con.execute("SELECT count(*) FROM graph_edges").fetchone() == (2,)


def test_bad_share_is_kept(tmp_path: Path) -> None:
    statements = json.loads(json.dumps(STATEMENTS_02[:3]))
    statements[2]["interests"][0]["share"] = {"exact": "sixty"}
    path = tmp_path / "share.json"
    path.write_text(json.dumps(statements))
    con = duckdb.connect()
    import_into(con, path)
    (bad,) = rows(con, "SELECT * FROM graph_rejected")
    assert "share" in str(bad["reason"]) and "sixty" in str(bad["raw"])
    assert con.execute("SELECT count(*) FROM graph_edges").fetchone() == (2,)


def test_single_pretty_printed_statement(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(STATEMENTS_02[0], indent=2))
    con = duckdb.connect()
    (version,) = import_into(con, path, fmt="bods")
    assert (version.records, version.nodes, version.rejected) == (1, 1, 0)
