"""`kleptrace graph-load`, `graph` and their errors, end to end on the BODS examples."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kleptrace.cli import app
from tests.graph.helpers import OWNERSHIP
from tests.graph.test_bods import EXAMPLES, expected_edges

runner = CliRunner(env={"COLUMNS": "200"})


def test_graph_load_and_versions(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    folder = str(OWNERSHIP / "bods_examples")
    loaded = runner.invoke(app, ["graph-load", folder, "--db", db])
    assert loaded.exit_code == 0, loaded.output
    assert "bods:bods_examples" in loaded.output and "loaded v1" in loaded.output
    again = runner.invoke(app, ["graph-load", folder, "--db", db])
    assert "unchanged v1" in again.output
    listed = runner.invoke(app, ["graph", "--json", "--db", db])
    assert listed.exit_code == 0, listed.output
    (version,) = json.loads(listed.stdout)
    assert version["dataset"] == "bods:bods_examples" and version["live"] is True
    assert version["edges"] == sum(len(expected_edges(p)) for p in EXAMPLES)
    shown = runner.invoke(app, ["graph-load", "--list", "--db", db])
    assert "bods:bods_examples" in shown.output


def test_graph_load_errors_are_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    bad = tmp_path / "owners.json"
    bad.write_text('[{"statementId": "x", "recordType": "entity"')
    result = runner.invoke(app, ["graph-load", str(bad), "--db", db])
    assert result.exit_code == 1
    assert "owners.json, line 1: not valid JSON" in result.output
    assert "Traceback" not in result.output
    nothing = runner.invoke(app, ["graph-load", "--db", db])
    assert nothing.exit_code == 1 and "--lists" in nothing.output
    unknown = runner.invoke(app, ["graph-load", str(bad), "--format", "nope", "--db", db])
    assert unknown.exit_code == 1 and "unknown ownership format 'nope'" in unknown.output
