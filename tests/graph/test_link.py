"""Linking graph nodes to designated targets: by shared id, by identifier and by the
screening engine, each link with its score and explanation, above the threshold."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from kleptrace import store
from kleptrace.graph import link
from kleptrace.store.load import load_all
from kleptrace.store.plan import plan
from tests.graph.helpers import import_into, rows

LISTED = [
    {
        "id": "t-ivan",
        "schema": "Person",
        "properties": {
            "name": ["Ivan Sergeyevich Examplov"],
            "birthDate": ["1961-02-03"],
            "nationality": ["ru"],
        },
    },
    {
        "id": "t-alpha",
        "schema": "Company",
        "properties": {"name": ["Krasny Oktyabr Holding JSC"], "innCode": ["7707083893"]},
    },
    {"id": "t-beta", "schema": "Company", "properties": {"name": ["Zenit Shipping Company"]}},
]
GRAPH = [
    {
        "id": "n-ivan",
        "schema": "Person",
        "properties": {"name": ["Ivan Examplov"], "birthDate": ["1961-02-03"]},
    },
    {
        "id": "n-alpha",
        "schema": "Company",
        "properties": {"name": ["KO Holding"], "innCode": ["7707 083 893"]},
    },
    {"id": "t-beta", "schema": "Company", "properties": {"name": ["Zenit Shipping Co."]}},
    {"id": "n-clean", "schema": "Company", "properties": {"name": ["Green Meadow Bakery Ltd"]}},
    {
        "id": "o1",
        "schema": "Ownership",
        "properties": {"owner": ["n-ivan"], "asset": ["n-alpha"], "percentage": ["60"]},
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("link")
    listed = folder / "targets.ftm.json"
    listed.write_text("".join(json.dumps(e) + "\n" for e in LISTED))
    path = folder / "store.duckdb"
    con = store.connect(path)
    sets, _ = plan([listed])
    load_all(con, sets, workers=1)
    graph = folder / "graph" / "owners.ftm.json"
    graph.parent.mkdir()
    graph.write_text("".join(json.dumps(e) + "\n" for e in GRAPH))
    import_into(con, graph)
    con.close()
    return path


@pytest.fixture(scope="module")
def links(db: Path) -> dict[str, dict[str, object]]:
    version = link.run(db, 0.92)
    assert version.status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    found = {str(r["node_id"]): r for r in rows(con, "SELECT * FROM graph_links")}
    con.close()
    return found


def test_same_id(links: dict[str, dict[str, object]]) -> None:
    assert links["t-beta"]["method"] == "same id" and links["t-beta"]["target_id"] == "t-beta"


def test_identifier(links: dict[str, dict[str, object]]) -> None:
    alpha = links["n-alpha"]
    assert (alpha["method"], alpha["target_id"], alpha["score"]) == ("identifier", "t-alpha", 1.0)
    assert alpha["explanation"] == "innCode 7707 083 893 = innCode 7707083893"


def test_name(links: dict[str, dict[str, object]]) -> None:
    ivan = links["n-ivan"]
    assert (ivan["method"], ivan["target_id"]) == ("name", "t-ivan")
    assert 0.92 <= float(ivan["score"]) <= 1.0  # type: ignore[arg-type]
    assert "Ivan Examplov" in str(ivan["explanation"])
    assert "birth" in str(ivan["explanation"])


def test_clean_company_is_not_linked(links: dict[str, dict[str, object]]) -> None:
    assert "n-clean" not in links


def test_unchanged_is_a_no_op_and_threshold_counts(
    db: Path, links: dict[str, dict[str, object]]
) -> None:
    assert link.run(db, 0.92).status == "unchanged"
    strict = link.run(db, 1.0)
    assert strict.status == "loaded"
    con = duckdb.connect(str(db), read_only=True)
    linked = {n for (n,) in con.execute("SELECT node_id FROM graph_links").fetchall()}
    con.close()
    assert {"t-beta", "n-alpha"} <= linked  # exact links do not depend on the threshold
    assert ("n-ivan" in linked) == (float(str(links["n-ivan"]["score"])) >= 1.0)
