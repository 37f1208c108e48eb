"""`kleptrace screen`, `screen-file` and `index` on the real lists, through the CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.screen import Screener

runner = CliRunner()


def test_screen_json_returns_putin_with_explanations(
    screening_db: Path, screener: Screener
) -> None:
    result = runner.invoke(
        app, ["screen", "Владимир Путин", "--schema", "Person", "--json", "--db", str(screening_db)]
    )
    assert result.exit_code == 0, result.output
    matches = orjson.loads(result.stdout)
    assert len({s for m in matches for s in m["sources"]}) >= 6
    first = matches[0]
    assert first["score"] == 1.0
    assert first["alignment"] and first["features"][0]["name"] == "name"
    assert first["matched_name"]


def test_screen_corp_finds_nothing(screening_db: Path, screener: Screener) -> None:
    result = runner.invoke(app, ["screen", "CORP", "--db", str(screening_db)])
    assert result.exit_code == 0, result.output
    assert "no match" in result.stdout


def test_screen_rejects_an_unknown_schema(screening_db: Path) -> None:
    result = runner.invoke(app, ["screen", "X", "--schema", "Banana", "--db", str(screening_db)])
    assert result.exit_code == 1
    assert "schema" in result.output and "Traceback" not in result.output


def test_screen_file_writes_hits_and_bad_rows(
    tmp_path: Path, screening_db: Path, screener: Screener
) -> None:
    source = tmp_path / "customers.csv"
    rows = [
        ("c1", "Vladimir Putin", "1952-10-07"),
        ("c2", "", "1990-01-01"),
        ("c3", "Jane Example-Nobody", "not a date"),
        ("c4", "ROSNEFT", ""),
        ("c5", "Anna Schmidt", "1985-02-03"),
    ]
    with source.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer_id", "name", "dob"])
        writer.writerows(rows)
    out = tmp_path / "hits.jsonl"
    result = runner.invoke(
        app,
        [
            "screen-file",
            str(source),
            "--out",
            str(out),
            "--workers",
            "2",
            "--db",
            str(screening_db),
        ],
    )
    assert result.exit_code == 0, result.output
    hits = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert {h["query_id"] for h in hits} == {"c1", "c4"}
    assert all(h["explanation"] for h in hits)
    bad = list(csv.DictReader((tmp_path / "hits.jsonl.bad.csv").open(encoding="utf-8")))
    assert [(b["line"], b["reason"]) for b in bad] == [("3", "no name: 'name' empty")]
    assert "5 input rows = 4 screened + 1 bad; 1 warned" in " ".join(result.output.split())
