"""`kleptrace align` on a store the test writes itself: the HTML, JSON and CSV files carry
the same figures, the header says how targets were clustered, and bad paths are errors."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from kleptrace import store
from kleptrace.cli import app

VERSIONS = [
    # version_id, source, jurisdiction, published, live
    (1, "gb_fcdo", "gb", "2026-04-29", True),
    (2, "us_ofac_sdn", "us", None, True),
    (3, "eu_journal", "eu", "2025-01-01", False),
    (4, "eu_journal", "eu", "2026-08-01", True),
    (5, "os_targets", None, "2026-01-01", True),
]
# version_id, entity_id, schema, name, program, regime, listing date
DESIGNATIONS = [
    (1, "gb-1", "Vessel", "Sea Star", "RUS", "russia", "2024-05-09"),
    (1, "gb-2", "Person", "Ivan Petrov", "RUS", "russia", "2022-03-15"),
    (1, "gb-3", "Person", "Olga Smirnova", "GHR", "human-rights", "2021-01-10"),
    (2, "ofac-1", "Vessel", "SEA STAR", "RUSSIA-EO14024", "russia", None),
    (2, "ofac-4", "Company", "Alpha LLC", "RUSSIA-EO14024", "russia", None),
    (3, "eu-1", "Vessel", "Sea Star", "EU-RUS", "russia", "2024-06-24"),
    (3, "eu-5", "Company", "Beta JSC", "EU-RUS", "russia", "2023-02-25"),
    (4, "eu-1", "Vessel", "Sea Star", "EU-RUS", "russia", "2024-06-24"),
    (4, "eu-2", "Person", "Ivan Petrov", "EU-RUS", "russia", "2022-02-28"),
    # An aggregator's copy never counts as a jurisdiction's designation.
    (5, "os-1", "Person", "Ivan Petrov", "RUS", "russia", "2022-03-15"),
]
IMO = [("gb-1", "IMO9262091"), ("ofac-1", "9262091"), ("eu-1", "IMO 9262091")]


def write_store(path: Path, resolved: list[tuple[str, str]] | None = None) -> Path:
    con = store.connect(path)
    for version_id, source, jurisdiction, published, live in VERSIONS:
        con.execute(
            "INSERT INTO versions (version_id, source, format, jurisdiction, content_hash, "
            "files, published, loaded_at, entities, statements, list_key) "
            "VALUES (?, ?, 'x', ?, 'h', '[]', ?, ?, 0, 0, ?)",
            [version_id, source, jurisdiction, published, datetime(2026, 12, 6), source],
        )
        if live:
            con.execute("INSERT INTO current_versions VALUES (?, ?)", [source, version_id])
    for version_id, entity, schema, name, program, regime, listed in DESIGNATIONS:
        jurisdiction = next(v[2] for v in VERSIONS if v[0] == version_id) or "gb"
        con.execute(
            "INSERT INTO designations VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'authority')",
            [
                version_id,
                f"{entity}-s",
                entity,
                jurisdiction,
                regime,
                regime == "human-rights",
                program,
                listed,
            ],
        )
        for prop, value in (("id", entity), ("name", name)):
            con.execute(
                "INSERT INTO statements (version_id, entity_id, schema, prop, value, dataset) "
                "VALUES (?, ?, ?, ?, ?, 'd')",
                [version_id, entity, schema, prop, value],
            )
    for entity, imo in IMO:
        version_id = next(v for v, e, *_ in DESIGNATIONS if e == entity)
        con.execute(
            "INSERT INTO statements (version_id, entity_id, schema, prop, value, dataset) "
            "VALUES (?, ?, 'Vessel', 'imoNumber', ?, 'd')",
            [version_id, entity, imo],
        )
    if resolved is not None:
        con.execute("CREATE TABLE resolve_clusters (cluster_id TEXT, entity_id TEXT, source TEXT)")
        con.executemany(
            "INSERT INTO resolve_clusters VALUES (?, ?, 'x')", [[c, e] for c, e in resolved]
        )
    con.close()
    return path


def run(db: Path, tmp: Path) -> tuple[dict, str, Path]:  # type: ignore[type-arg]
    out, folder = tmp / "report.html", tmp / "csv"
    result = CliRunner().invoke(
        app, ["align", "--db", str(db), "--json", "--out", str(out), "--csv", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout), out.read_text(encoding="utf-8"), folder


def cell_after(html: str, label: str) -> str:
    match = re.search(rf"<tr><td>{re.escape(label)}</td><td class=\"num\">([^<]*)</td>", html)
    assert match, label
    return match.group(1)


def test_json_csv_and_html_agree_with_identifier_clusters(tmp_path: Path) -> None:
    data, html, folder = run(write_store(tmp_path / "s.duckdb"), tmp_path)
    assert data["clusters"]["resolved"] is False
    assert "Resolution has not been run" in html
    russia = data["scopes"]["russia"]
    # Sea Star is one vessel on three lists (shared IMO); the rest stand alone.
    assert russia["per_jurisdiction"] == {"gb": 2, "us": 2, "eu": 2}
    assert russia["targets"] == 4
    assert data["headline"]["russia_shared_by_gb_us_eu"] == 1
    assert russia["gaps"]["us-only"]["targets"] == 1  # Alpha LLC
    # Beta JSC was only in the older EU version: removed, and nobody else lists it.
    (change,) = data["changes"]
    assert (change["added"], change["removed"], change["kept"]) == (1, 1, 1)
    assert change["removed_targets"] == [
        {"cluster_id": "eu-5", "name": "Beta JSC", "still_designated_by": []}
    ]
    assert data["scopes"]["magnitsky"]["programs"] == {"gb": {"GHR": 1}}
    assert "GHR (1)" in html
    for scope_key, scope in data["scopes"].items():
        for key, gap in scope["gaps"].items():
            with (folder / f"gaps-{scope_key}-{key}.csv").open(encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            assert len(rows) == gap["targets"]
            assert [r["cluster_id"] for r in rows[:25]] == [t["cluster_id"] for t in gap["top"]]
    for j, label in (("gb", "UK"), ("us", "US"), ("eu", "EU")):
        figure = cell_after(html, f"Russia-regime targets, {label}")
        assert figure == f"{russia['per_jurisdiction'][j]:,}"
    # Every gap count and lag median in the page is the JSON's.
    section = html.split('id="gaps-russia"')[1].split("</section>")[0]
    titles = {
        "us-only": "US only",
        "gb-only": "UK only",
        "eu-only": "EU only",
        "us-not-gb": "US, not UK",
        "eu-not-us": "EU, not US",
    }
    for key, title in titles.items():
        assert cell_after(section, title) == f"{russia['gaps'][key]['targets']:,}"
    lags = html.split('id="lags-russia"')[1].split("</section>")[0]
    median = russia["lags"]["gb->eu"]["median"]
    assert median == 46.0  # Sea Star: UK 2024-05-09, EU 2024-06-24
    row = re.search(r"<tr><td>EU after UK</td>(.*?)</tr>", lags)
    assert row and f'<td class="num">{median:,.1f}</td>' in row.group(1)
    assert "<script" not in html and not re.search(r"(src|href)=\"?https?:", html)


def test_resolve_clusters_are_used_when_present(tmp_path: Path) -> None:
    # The resolver also merged the two Ivan Petrov records (UK and EU).
    resolved = [("k1", "gb-1"), ("k1", "ofac-1"), ("k1", "eu-1"), ("k2", "gb-2"), ("k2", "eu-2")]
    data, html, _ = run(write_store(tmp_path / "s.duckdb", resolved), tmp_path)
    assert data["clusters"]["resolved"] is True
    assert "Resolution has not been run" not in html
    russia = data["scopes"]["russia"]
    assert russia["targets"] == 3
    assert russia["pairs"]["gb+eu"] == 2
    # Ivan Petrov: EU 2022-02-28, UK 2022-03-15.
    assert russia["lags"]["eu->gb"]["median"] == 15.0


@pytest.mark.parametrize("args", [["--out", "{tmp}/missing/report.html"]])
def test_unwritable_output_and_missing_store_are_errors(tmp_path: Path, args: list[str]) -> None:
    db = write_store(tmp_path / "s.duckdb")
    runner = CliRunner()
    result = runner.invoke(app, ["align", "--db", str(db), *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 1
    assert "missing/report.html: cannot write" in result.output
    result = runner.invoke(app, ["align", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no kleptrace store here yet" in result.output
    store.connect(tmp_path / "empty.duckdb").close()
    result = runner.invoke(app, ["align", "--db", str(tmp_path / "empty.duckdb")])
    assert result.exit_code == 1
    assert "no official list of UK, US, EU, UN, Canada, Australia is loaded" in result.output
