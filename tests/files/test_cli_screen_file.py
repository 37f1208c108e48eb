"""`kleptrace screen-file` end to end on a small store: every row accounted for, warnings
instead of skipped parties, outputs that never destroy the input (issues 15.1-15.3, 10.1)."""

from __future__ import annotations

import csv
import gc
import subprocess
import sys
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.screen import batch
from tests.files.test_accounting import stray_quote_csv
from tests.sources.test_sniffers import PNG_WITH_EARLY_CR

runner = CliRunner()


def screen_file(db: Path, *args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["screen-file", *map(str, args), "--workers", "1", "--db", str(db)])
    return result.exit_code, result.output


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_a_stray_quote_loses_no_row(tmp_path: Path, small_db: Path) -> None:
    source = stray_quote_csv(tmp_path)
    out = tmp_path / "hits.csv"
    code, output = screen_file(small_db, source, "--out", out)
    assert code == 0, output
    assert "19 input rows = 18 screened + 1 bad" in " ".join(output.split())
    assert [(r["query_id"], r["entity_id"]) for r in rows(out)] == [("15", "Q7747")]
    assert [r["line"] for r in rows(tmp_path / "hits.csv.bad.csv")] == ["5"]


def test_unreadable_fields_are_warnings_on_the_hit(tmp_path: Path, small_db: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("name,dob,country\nVladimir Putin,1968-13-30,Atlantis\n", encoding="utf-8")
    out = tmp_path / "hits.csv"
    code, output = screen_file(small_db, source, "--out", out)
    assert code == 0, output
    assert "1 input rows = 1 screened + 0 bad; 1 warned" in " ".join(output.split())
    (hit,) = rows(out)
    assert hit["entity_id"] == "Q7747"
    assert hit["warnings"] == (
        "field 'dob': cannot read date '1968-13-30'; left out; "
        "field 'country': unknown country 'Atlantis'; left out"
    )


def test_out_on_the_input_is_refused_and_the_input_kept(tmp_path: Path, small_db: Path) -> None:
    source = stray_quote_csv(tmp_path)
    before = source.read_bytes()
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    for out in (source, link):
        code, output = screen_file(small_db, source, "--out", out, "--overwrite")
        assert code == 1 and "is the input" in output and "Traceback" not in output
    code, output = screen_file(small_db, source, "--out", tmp_path / "o.csv", "--bad", source)
    assert code == 1 and "is the input" in output
    assert source.read_bytes() == before


def test_an_existing_output_needs_overwrite(tmp_path: Path, small_db: Path) -> None:
    source = stray_quote_csv(tmp_path)
    out = tmp_path / "hits.csv"
    out.write_text("earlier")
    code, output = screen_file(small_db, source, "--out", out)
    assert code == 1 and "already exists; use --overwrite" in output
    assert out.read_text() == "earlier"
    code, output = screen_file(small_db, source, "--out", out, "--overwrite")
    assert code == 0, output
    assert rows(out)[0]["query_id"] == "15"


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("out-missing-folder", "does not exist"),
        ("out-folder", "is a folder"),
        ("bad-missing-folder", "does not exist"),
        ("truncated-parquet", "not a readable Parquet file"),
        ("binary-input", "byte 0x89 is not UTF-8"),
    ],
)
def test_one_line_errors_and_nothing_left_behind(
    tmp_path: Path, small_db: Path, where: str, words: str
) -> None:
    source = stray_quote_csv(tmp_path)
    out, bad = tmp_path / "hits.csv", tmp_path / "bad.csv"
    if where == "out-missing-folder":
        out = tmp_path / "nowhere" / "hits.csv"
    elif where == "out-folder":
        out = tmp_path
    elif where == "bad-missing-folder":
        bad = tmp_path / "nowhere" / "bad.csv"
    elif where == "binary-input":
        source.write_bytes(PNG_WITH_EARLY_CR)
    else:
        source = tmp_path / "customers.parquet"
        pq.write_table(pa.table({"name": [f"N{i}" for i in range(1000)]}), source)
        source.write_bytes(source.read_bytes()[:-300])
    before = sorted(tmp_path.iterdir())
    code, output = screen_file(small_db, source, "--out", out, "--bad", bad)
    assert code == 1 and words in output, output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output
    assert sorted(tmp_path.iterdir()) == before


def test_a_lost_row_fails_the_run_and_writes_nothing(
    tmp_path: Path, small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.screen_stream

    def losing(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stream = real(*args, **kwargs)  # type: ignore[arg-type]
        next(stream)  # a screening stage that drops a row
        yield from stream

    monkeypatch.setattr(batch, "screen_stream", losing)
    source = stray_quote_csv(tmp_path)
    code, output = screen_file(small_db, source, "--out", tmp_path / "hits.csv")
    assert code == 1
    assert "19 rows read but 17 screened + 1 bad" in " ".join(output.split())
    assert not (tmp_path / "hits.csv").exists()
    assert not (tmp_path / "hits.csv.bad.csv").exists()


def test_screen_reads_dates_and_countries_as_files_do(small_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            *("screen", "Vladimir Putin", "--dob", "7 October 1952", "--dob", "soon"),
            *("--country", "Russia", "--json", "--db", str(small_db)),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warning: field '--dob': cannot read date 'soon'; left out" in result.stderr
    (first, *_) = orjson.loads(result.stdout)
    assert first["entity_id"] == "Q7747"
    features = {f["name"]: f for f in first["features"]}
    assert "1952-10-07" in features["birth_date"]["detail"]
    assert "ru" in features["country"]["detail"]


def test_worker_processes_exit_without_a_screen_of_leak_warnings(
    tmp_path: Path, small_db: Path
) -> None:
    """Workers freeze their heap (batch.settle_heap); frozen duckdb objects made its
    bindings print "nanobind: leaked ..." lines at every exit."""
    source = tmp_path / "in.csv"
    source.write_text("name\nVladimir Putin\nJohn Smith\n", encoding="utf-8")
    command = [sys.executable, "-c", "from kleptrace.cli import app; app()", "screen-file"]
    command += [str(source), "--out", str(tmp_path / "hits.csv"), "--workers", "2"]
    done = subprocess.run(
        [*command, "--db", str(small_db)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr, done.stderr[:500]


def test_screening_workers_collect_garbage_at_the_batch_pace(small_db: Path) -> None:
    """A worker makes thousands of short-lived objects a name; collected at Python's
    default pace (every 700) collecting took an eighth of its CPU."""
    with batch.ScreeningPool(small_db, 1) as pool:
        in_worker = pool._pool.submit(gc.get_threshold).result(timeout=300)
    assert in_worker == batch.COLLECT_EVERY
