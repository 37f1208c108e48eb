"""Which version of a list is live: the newest by the publication date its file states,
whichever form it came in and in whatever order the files were loaded.

The OFAC Consolidated list is here in two forms: CONS_ADVANCED of 2020-03-17
(`us_ofac_cons_advanced`) and the sdnList XML of 2025-03-28 (`us_ofac_cons`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kleptrace import store
from kleptrace.cli import app
from kleptrace.store import read
from kleptrace.store.load import LoadResult
from kleptrace.store.load import load as load_files
from kleptrace.store.plan import plan


@pytest.fixture
def forms(data_dir: Path) -> dict[str, Path]:
    return {
        "us_ofac_cons_advanced": data_dir / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml",
        "us_ofac_cons": data_dir / "us_ofac" / "consolidated_non_sdn.xml",
    }


def load(con: object, path: Path) -> LoadResult:
    (files,), _ = plan([path])
    return load_files(con, files)  # type: ignore[arg-type]


def stated_date(path: Path) -> str:
    """The publication date as the test reads it from the raw file."""
    text = path.read_text("utf-8")
    if m := re.search(r"<Publish_Date>(\d\d)/(\d\d)/(\d{4})</Publish_Date>", text):
        return f"{m[3]}-{m[1]}-{m[2]}"
    m = re.search(
        r"<DateOfIssue[^>]*>\s*<Year>(\d+)</Year>\s*<Month>(\d+)</Month>\s*<Day>(\d+)<", text
    )
    assert m is not None
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"


@pytest.mark.parametrize(
    "order", [("us_ofac_cons_advanced", "us_ofac_cons"), ("us_ofac_cons", "us_ofac_cons_advanced")]
)
def test_newest_form_is_live_in_either_order(
    tmp_path: Path, forms: dict[str, Path], order: tuple[str, str]
) -> None:
    newest = max(forms, key=lambda source: stated_date(forms[source]))
    older = next(s for s in forms if s != newest)
    assert (newest, older) == ("us_ofac_cons", "us_ofac_cons_advanced")
    con = store.connect(tmp_path / "store.duckdb")
    results = {source: load(con, forms[source]) for source in order}
    assert results[newest].live  # when it was loaded; the older one is live only if first
    assert results[older].live == (order[0] == older)
    assert con.execute("SELECT source FROM current_versions").fetchall() == [(newest,)]
    (row,) = read.sources(con)
    assert row["source"] == newest and row["list"] == "us_ofac_cons"
    assert row["published"] == stated_date(forms[newest])
    assert row["not_live"] == [
        {
            "source": older,
            "version": results[older].version_id,
            "published": stated_date(forms[older]),
        }
    ]
    assert stated_date(forms[newest]) in row["live_because"] and older in row["live_because"]
    live_ids = {
        r[0] for r in con.execute("SELECT DISTINCT entity_id FROM current_statements").fetchall()
    }
    advanced_only = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT entity_id FROM statements WHERE version_id = ?",
            [results[older].version_id],
        ).fetchall()
    } - {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT entity_id FROM statements WHERE version_id = ?",
            [results[newest].version_id],
        ).fetchall()
    }
    assert advanced_only and not advanced_only & live_ids
    con.close()


def test_an_older_file_of_the_same_form_loads_but_stays_behind(
    tmp_path: Path, forms: dict[str, Path]
) -> None:
    con = store.connect(tmp_path / "store.duckdb")
    current = load(con, forms["us_ofac_cons"])
    older = tmp_path / "consolidated.xml"
    text = forms["us_ofac_cons"].read_text("utf-8")
    older.write_text(
        re.sub(r"<Publish_Date>[^<]+<", "<Publish_Date>01/02/2024<", text, count=1), "utf-8"
    )
    behind = load(con, older)
    assert behind.status == "loaded" and not behind.live and behind.published == "2024-01-02"
    (row,) = read.sources(con)
    assert row["version"] == current.version_id and row["versions"] == 2 and row["not_live"] == []
    assert "newest of 2 versions" in row["live_because"]
    again = load(con, older)
    assert again.status == "unchanged" and not again.live
    con.close()


def test_cli_lists_names_the_version_not_live(tmp_path: Path, forms: dict[str, Path]) -> None:
    db = tmp_path / "store.duckdb"
    folder = tmp_path / "lists"
    folder.mkdir()
    for path in forms.values():
        shutil.copy(path, folder / path.name)
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(folder), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    shown = runner.invoke(app, ["lists", "--db", str(db)], env={"COLUMNS": "250"})
    assert shown.exit_code == 0, shown.output
    assert "us_ofac_cons_advanced v" in shown.output and "is not live" in shown.output
