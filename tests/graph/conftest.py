"""The store every `owned` / `trace` / `uwo` test reads: a designated list (X and Y) and
DOMAIN.md's worked example imported as an ownership graph, linked to the list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.graph.edges import edge
from tests.graph.store_graph import designated_list, link, load_list, node, write_graph
from tests.graph.test_rules import WORKED

NODES = [
    node("X", "EXAMPLE, Arkady", "Person", "ru"),
    node("Y", "Yuri Example", "Person", "ru"),
    node("Z", "Zoe Clean", "Person", "gb"),
    node("A", "Alpha Holdings Ltd", jurisdiction="vg"),
    node("B", "Beta Investments Ltd", jurisdiction="je"),
    node("P", "Property Co Ltd", jurisdiction="im"),
    node("title", "Flat 1, 2 Example Square, London W1", "RealEstate", "gb"),
    node("D", "Delta Ltd", jurisdiction="cy"),
    node("E", "Echo Ltd", jurisdiction="cy"),
    # two more titles for the triage: one plain, one behind a nominee in Panama
    node("zed", "Zed Property Ltd", jurisdiction="gb"),
    node("title2", "10 Quiet Lane, Leeds LS1", "RealEstate", "gb"),
    node("nominee", "Nominee Services Ltd", jurisdiction="sc"),
    node("panacea", "Panacea Holdings SA", jurisdiction="pa"),
    node(
        "title3", "Penthouse, 1 Park Lane, London W1", "RealEstate", "gb", {"pricePaid": "12500000"}
    ),
]
EXTRA_EDGES = [
    edge("Z", "zed", 100),
    edge("zed", "title2", kind="proprietor", since="2023-05-01"),
    edge("nominee", "panacea", kind="nominee"),
    edge("panacea", "title3", kind="proprietor", since="2012-03-01"),
]


@pytest.fixture(scope="module")
def graph_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("graph")
    db = folder / "store.duckdb"
    load_list(db, designated_list(folder, {"t-x": "Arkady Example", "t-y": "Yuri Example"}))
    write_graph(
        db,
        {
            "graph_nodes": NODES,
            "graph_edges": WORKED + EXTRA_EDGES,
            # Z resembles nobody; a weak link must not make a company designated
            "graph_links": [link("X", "t-x", 0.97), link("Y", "t-y", 0.93), link("D", "t-y", 0.4)],
        },
    )
    return db
