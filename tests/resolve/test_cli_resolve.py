"""`kleptrace resolve`, `judge`, `show` and `export --canonical` from the command line, on
two real lists (UN Security Council and Australia DFAT), and their errors without a
traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.screen import index as indexing

runner = CliRunner(env={"COLUMNS": "200", "USER": "tester"})


@pytest.fixture
def own_db(db: Path, tmp_path: Path) -> Path:
    """A copy of the resolved store (and its saved index) that this test may change."""
    path = tmp_path / "store.duckdb"
    shutil.copy(db, path)
    shutil.copytree(indexing.index_dir(db), indexing.index_dir(path))
    return path


def _resolve(db: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(app, ["resolve", "--json", "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    summary: dict[str, object] = orjson.loads(result.stdout)
    return summary


def test_resolve_judge_show_and_export(
    own_db: Path, members: dict[str, list[str]], tmp_path: Path
) -> None:
    db = own_db
    summary = _resolve(db)
    assert summary["clusters"] == len(members)
    assert summary["ids_kept_from_last_run"] == len(members)  # nothing changed since
    pair = next(m for m in members.values() if len(m) == 2)

    judged = runner.invoke(app, ["judge", *pair, "different", "--note", "checked", "--db", str(db)])
    assert judged.exit_code == 0, judged.output
    out = tmp_path / "judgements.jsonl"
    summary = _resolve(db, "--judgements-out", str(out))
    assert summary["judgements"] == 1
    (row,) = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    assert (row["a"], row["b"], row["verdict"], row["who"], row["note"]) == (
        *sorted(pair),
        "different",
        "tester",
        "checked",
    )
    shown = runner.invoke(app, ["show", pair[0], "--json", "--db", str(db)])
    assert orjson.loads(shown.stdout)["canonical"]["members"][0]["entity_id"] == pair[0]
    assert len(orjson.loads(shown.stdout)["canonical"]["members"]) == 1

    again = runner.invoke(app, ["judge", *pair, "same", "--by", "reviewer", "--db", str(db)])
    assert again.exit_code == 0, again.output
    _resolve(db)
    member = runner.invoke(app, ["show", pair[0], "--json", "--db", str(db)])
    rejoined = orjson.loads(member.stdout)["canonical"]["id"]
    shown = runner.invoke(app, ["show", rejoined, "--json", "--db", str(db)])
    view = orjson.loads(shown.stdout)
    assert view["id"] == rejoined  # the pair is back together
    assert sorted(m["entity_id"] for m in view["members"]) == sorted(pair)
    assert all(m["regimes"] for m in view["members"])

    written = tmp_path / "canonical.jsonl"
    exported = runner.invoke(app, ["export", "--canonical", "--out", str(written), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    ids = {orjson.loads(line)["id"] for line in written.read_bytes().splitlines()}
    assert rejoined in ids and not set(pair) & ids


def test_bad_judgements_are_one_line_errors(own_db: Path, members: dict[str, list[str]]) -> None:
    db = own_db
    pair = next(m for m in members.values() if len(m) == 2)
    wrong = runner.invoke(app, ["judge", *pair, "maybe", "--db", str(db)])
    assert wrong.exit_code == 1
    assert "verdict 'maybe'" in wrong.output and "Traceback" not in wrong.output
    unknown = runner.invoke(app, ["judge", pair[0], "no-such-id", "same", "--db", str(db)])
    assert unknown.exit_code == 1
    assert "no-such-id" in unknown.output
    mixed = runner.invoke(app, ["export", "--canonical", "--format", "csv", "--db", str(db)])
    assert mixed.exit_code == 1 and "--canonical" in mixed.output


def test_a_store_without_designations_resolves_to_nothing(tmp_path: Path) -> None:
    listing = tmp_path / "people.ftm.json"
    listing.write_text(
        '{"id": "p-1", "schema": "Person", "properties": {"name": ["Ana Example"]}}\n',
        encoding="utf-8",
    )
    db = tmp_path / "store.duckdb"
    loaded = runner.invoke(app, ["load", str(listing), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    summary = _resolve(db)
    assert (summary["records"], summary["clusters"]) == (0, 0)
