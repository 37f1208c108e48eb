"""`kleptrace owned` end to end: a store with a designated list and the DOMAIN.md worked
example as an imported graph, linked to the list by screening-style links."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from kleptrace.cli import app
from tests.graph.edges import edge
from tests.graph.store_graph import designated_list, link, load_list, node, write_graph
from tests.graph.test_rules import WORKED_TABLE

runner = CliRunner(env={"COLUMNS": "200"})


def test_owned_lists_the_worked_example_by_rule(graph_db: Path) -> None:
    result = runner.invoke(app, ["owned", "--json", "--db", str(graph_db)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_rule: dict[str, dict[str, dict[str, object]]] = {}
    for row in rows:
        by_rule.setdefault(row["rule"], {})[row["entity_id"]] = row
    for entity, (ofac, eu, uk, product) in WORKED_TABLE.items():
        for rule, expected in (("ofac", ofac), ("eu", eu), ("uk", uk)):
            got = by_rule.get(rule, {}).get(entity)
            assert (got["status"] if got else "no") == expected, (rule, entity)
            if got:
                assert got["product_min"] == product
    b = by_rule["ofac"]["B"]
    assert (b["stake_min"], b["designated"]) == (55.0, ["EXAMPLE, Arkady", "Yuri Example"])
    assert b["chains"] == [
        "Yuri Example → Beta Investments Ltd (30%)",
        "EXAMPLE, Arkady → Alpha Holdings Ltd (60%) → Beta Investments Ltd (25%)",
    ]
    assert b["reasoning"] == [
        "ownership: Yuri Example (designated) 30% + Alpha Holdings Ltd (caught) 25%"
    ]
    assert by_rule["uk"]["A"]["reasoning"] == [
        "for EXAMPLE, Arkady, ownership: EXAMPLE, Arkady (designated) 60%"
    ]
    assert by_rule["ofac"]["title"]["basis"] == "property"
    assert by_rule["ofac"]["title"]["reasoning"] == ["proprietor: Property Co Ltd (caught)"]


def test_owned_one_rule_to_csv(graph_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "owned.csv"
    result = runner.invoke(app, ["owned", "--rule", "uk", "--out", str(out), "--db", str(graph_db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["rule"], r["entity_id"], r["status"]) for r in rows] == [("uk", "A", "yes")]
    assert rows[0]["chains"] == "EXAMPLE, Arkady → Alpha Holdings Ltd (60%)"


def test_owned_link_threshold_decides_who_is_designated(graph_db: Path) -> None:
    # at 0.95 only X is designated: B has X's A at 25% only, and D (linked at 0.4) stays clean
    result = runner.invoke(
        app,
        ["owned", "--rule", "ofac", "--json", "--link-threshold", "0.95", "--db", str(graph_db)],
    )
    assert {r["entity_id"] for r in json.loads(result.stdout)} == {"A"}


def test_owned_errors_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    load_list(db, designated_list(tmp_path, {"t-x": "Arkady Example"}))
    result = runner.invoke(app, ["owned", "--db", str(db)])
    assert result.exit_code == 1
    assert "no ownership graph in this store" in result.output
    assert "Traceback" not in result.output
    bad = runner.invoke(app, ["owned", "--rule", "us", "--db", str(db)])
    assert bad.exit_code == 1 and "--rule must be one of ofac, eu, uk" in bad.output


def test_owned_reads_the_newest_import_of_each_dataset(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    load_list(db, designated_list(tmp_path, {"t-x": "Arkady Example"}))
    people = [node("X", "Arkady Example", "Person"), node("A", "Alpha Ltd")]
    links = [link("X", "t-x", 0.99)]
    write_graph(
        db, {"graph_nodes": people, "graph_edges": [edge("X", "A", 60)], "graph_links": links}
    )
    write_graph(
        db,
        {"graph_nodes": people, "graph_edges": [edge("X", "A", 40)], "graph_links": links},
        version_id=2,
    )
    result = runner.invoke(app, ["owned", "--json", "--db", str(db)])
    assert json.loads(result.stdout) == []  # the register now says 40%, not 60%


def test_owned_refuses_an_unknown_output_format(graph_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["owned", "--out", str(tmp_path / "owned.txt"), "--db", str(graph_db)]
    )
    assert result.exit_code == 1
    assert "write .csv, .json or .jsonl, not .txt" in result.output
