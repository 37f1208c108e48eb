"""`kleptrace uwo` on the worked example plus two titles (tests/graph/conftest.py); each
expected score is added up here from the weights file and the graph's own facts."""

from __future__ import annotations

import html
import json
from pathlib import Path

from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.graph.uwo import FLAG_SQL, weights

runner = CliRunner(env={"COLUMNS": "200"})


def expected(raised: dict[str, int]) -> float:
    w = weights()
    return sum(w.points[flag] * times for flag, times in raised.items())


def test_uwo_ranks_titles_by_explained_flags(graph_db: Path) -> None:
    result = runner.invoke(app, ["uwo", "--json", "--db", str(graph_db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scored"] == 3
    titles = {t["title_id"]: t for t in data["titles"]}
    # title: P (Isle of Man) <- B (Jersey) <- A (BVI) <- X, and B <- Y: designated
    worked = {"designated_link": 1, "territory_proprietor": 1, "secrecy_in_chain": 1, "layers": 2}
    # title3: Panacea (Panama) held by a nominee in the Seychelles, nobody above; 2012
    hidden = {
        "secrecy_proprietor": 1,
        "owner_unknown": 1,
        "trust_or_nominee": 1,
        "secrecy_in_chain": 1,
        "layers": 1,
        "acquired_before_roe": 1,
        "high_price": 1,
    }
    for title_id, raised in (("title", worked), ("title3", hidden), ("title2", {})):
        got = titles[title_id]
        assert got["score"] == expected(raised), title_id
        assert {f["name"]: f["points"] for f in got["flags"]} == {
            flag: weights().points[flag] * times for flag, times in raised.items()
        }
    assert [t["title_id"] for t in data["titles"]] == sorted(
        titles, key=lambda t: (-titles[t]["score"], t)
    )
    designated = next(f for f in titles["title"]["flags"] if f["name"] == "designated_link")
    assert designated["detail"] == "held for EXAMPLE, Arkady; Yuri Example"
    layers = next(f for f in titles["title"]["flags"] if f["name"] == "layers")
    assert layers["detail"] == "3 corporate layers above the title"  # P, B, A


def test_uwo_top_and_html_report(graph_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "uwo.html"
    result = runner.invoke(app, ["uwo", "--top", "1", "--out", str(out), "--db", str(graph_db)])
    assert result.exit_code == 0, result.output
    assert "Top 1 of 3 titles" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert "<svg" in page
    text = html.unescape(page)
    for reason in weights().reasons.values():
        assert reason in text


def test_weights_cover_every_flag() -> None:
    w = weights()
    assert set(w.points) == set(FLAG_SQL) == set(w.reasons)
    assert all(points > 0 for points in w.points.values())
