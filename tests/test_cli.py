"""The CLI end to end on a real list: load, lists --json, show, export, errors."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from kleptrace.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


def test_load_lists_show_export(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "s.duckdb"
    un = data_dir / "un_sc" / "consolidated.xml"
    result = runner.invoke(app, ["load", str(un), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "un_sc" in result.output and "loaded" in result.output

    again = runner.invoke(app, ["load", str(un), "--db", str(db)])
    assert "unchanged" in again.output

    listed = runner.invoke(app, ["lists", "--json", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    (source,) = json.loads(listed.stdout)
    root = etree.parse(str(un)).getroot()
    assert source["schemata"]["Person"] == len(root.findall("INDIVIDUALS/INDIVIDUAL"))
    assert source["published"] == "2026-02-27"

    shown = runner.invoke(app, ["show", "unsc-6907993", "--json", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    entity = json.loads(shown.stdout)
    assert entity["schema"] == "Person"
    assert any("BADEGE" in name for name in entity["properties"]["name"])
    assert entity["sanctions"][0]["regime"] == "drc"

    out = tmp_path / "export.ftm.json"
    exported = runner.invoke(app, ["export", "--format", "ftm", "--out", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == source["entities"]
    assert {e["id"] for e in lines} >= {"unsc-6907993"}

    passport = next(e for e in lines if e["schema"] == "Passport")
    holder = passport["properties"]["holder"][0]
    linked = json.loads(runner.invoke(app, ["show", holder, "--json", "--db", str(db)]).stdout)
    assert passport["id"] in {r["id"] for r in linked["referenced_by"]}

    csv_out = tmp_path / "export.csv"
    runner.invoke(app, ["export", "--format", "csv", "--out", str(csv_out), "--db", str(db)])
    header = csv_out.read_text().splitlines()[0]
    assert header.startswith("entity_id,schema,prop,value")


def test_errors_print_one_line_without_traceback(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    bad = tmp_path / "list.xml"
    bad.write_text("<html>not a list</html>")
    result = runner.invoke(app, ["load", str(bad), "--db", str(db)])
    assert result.exit_code == 1
    assert "list.xml" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["show", "nope", "--db", str(db)])
    assert missing.exit_code == 1


def test_load_without_paths_uses_data_dir(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "s.duckdb"
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "consolidated.xml").write_bytes(
        (data_dir / "un_sc" / "consolidated.xml").read_bytes()
    )
    env = {"COLUMNS": "200", "KLEPTRACE_DATA_DIR": str(folder)}
    result = CliRunner(env=env).invoke(app, ["load", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "un_sc" in result.output
    missing = tmp_path / "nowhere"
    gone = CliRunner(env={"KLEPTRACE_DATA_DIR": str(missing)}).invoke(
        app, ["load", "--db", str(db)]
    )
    assert gone.exit_code == 1 and "nowhere" in gone.output


def test_show_unknown_entity(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["load", str(data_dir / "un_sc" / "consolidated.xml"), "--db", str(db)])
    result = runner.invoke(app, ["show", "no-such-id", "--db", str(db)])
    assert result.exit_code == 1 and "no-such-id" in result.output
