"""`kleptrace trace` end to end on the worked example graph (tests/graph/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kleptrace.cli import app
from tests.graph.conftest import NODES
from tests.graph.test_rules import WORKED

runner = CliRunner(env={"COLUMNS": "200"})


def trace(db: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["trace", *args, "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_trace_by_name_follows_every_live_hop_to_the_title(graph_db: Path) -> None:
    data = trace(graph_db, "Yuri Example")
    assert data["how"] == "graph node name"
    hops = {(h["owner_id"], h["asset_id"]): h for h in data["hops"]}  # type: ignore[attr-defined]
    assert set(hops) == {("Y", "B"), ("B", "P"), ("P", "title")}
    assert hops[("Y", "B")]["share_min"] == 30.0
    assert hops[("Y", "B")]["secrecy"] == "Jersey (Crown Dependency)"
    assert hops[("B", "P")]["secrecy"] == "Isle of Man (Crown Dependency)"
    assert hops[("P", "title")]["kind"] == "proprietor"
    assert [h["depth"] for h in hops.values()] == [1, 2, 3]
    assert data["titles"] == ["title"]


def test_trace_from_x_reaches_what_the_edges_say(graph_db: Path) -> None:
    data = trace(graph_db, "X")
    # expected from the edge list itself: everything reachable from X along live edges
    reach, frontier = {"X"}, {"X"}
    while frontier:
        frontier = {e["asset_id"] for e in WORKED if e["owner_id"] in frontier} - reach
        reach |= frontier
    assert {n["node_id"] for n in data["nodes"]} == reach  # type: ignore[attr-defined]
    secret = {n["node_id"] for n in data["nodes"] if n["secrecy"]}  # type: ignore[attr-defined]
    assert secret == {n["node_id"] for n in NODES if n["jurisdiction"] in ("vg", "je", "im")}
    designated = {n["node_id"] for n in data["nodes"] if n["designated"]}  # type: ignore[attr-defined]
    assert designated == {"X"}


def test_trace_depth_limits_the_walk(graph_db: Path) -> None:
    data = trace(graph_db, "X", "--depth", "1")
    assert {h["asset_id"] for h in data["hops"]} == {"A", "D", "E"}  # type: ignore[attr-defined]


def test_trace_list_id_and_screened_name(graph_db: Path) -> None:
    assert trace(graph_db, "t-y")["how"] == "linked to list entity t-y"
    # "Arkady Example" is the list's spelling; the register has "EXAMPLE, Arkady"
    screened = trace(graph_db, "Arkady Example")
    assert str(screened["how"]).startswith("screened: matches t-x")
    assert [n["node_id"] for n in screened["nodes"] if n["depth"] == 0] == ["X"]  # type: ignore[attr-defined]


def test_trace_html_draws_the_chain(graph_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "trace.html"
    result = runner.invoke(app, ["trace", "X", "--html", str(out), "--db", str(graph_db)])
    assert result.exit_code == 0, result.output
    assert "British Virgin Islands (British Overseas Territory)" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page and "Alpha Holdings Ltd" in page and "Flat 1, 2 Example Square" in page
    assert "http://" not in page.split("<svg")[0]  # no network resources before the drawing


def test_trace_unknown_name_is_one_line(graph_db: Path) -> None:
    result = runner.invoke(app, ["trace", "Nobody Atall Zzyzx", "--db", str(graph_db)])
    assert result.exit_code == 1
    assert "is no graph node, list entity or name" in result.output
    assert "Traceback" not in result.output
