"""The lists' own relationships as edges, on the real OFSI ConList.xlsx and OFAC
CONS_ADVANCED files; expected counts are read here from the raw files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from kleptrace import store
from kleptrace.graph.load import run_lists_import
from kleptrace.store.load import load_all
from kleptrace.store.plan import plan
from tests.conftest import DATA
from tests.graph.helpers import rows

OFSI = DATA / "uk_ofsi" / "ConList.xlsx"
ADVANCED = DATA / "us_ofac_advanced" / "cons_advanced_2020-03-17.xml"
UN = DATA / "un_sc" / "consolidated.xml"
LABELS = ("Parent company", "Subsidiaries", "Current owners")


@pytest.fixture(scope="module")
def lists_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "store.duckdb"
    con = store.connect(path)
    sets, _ = plan([OFSI, ADVANCED, UN])
    load_all(con, sets, workers=2)
    con.close()
    return path


@pytest.fixture(scope="module")
def graph(lists_db: Path) -> duckdb.DuckDBPyConnection:
    con = store.connect(lists_db)
    run_lists_import(con)
    return con


def ofsi_items() -> Counter[str]:
    """Distinct (group, label, party) items of "Other Information"; "(1) A (2) B" is two."""
    table = CalamineWorkbook.from_path(str(OFSI)).get_sheet_by_index(0).to_python()
    header = [str(h) for h in table[1]]
    info, group = header.index("Other Information"), header.index("Group ID")
    labels = "|".join(LABELS)
    items = set()
    for row in table[2:]:
        for found in re.finditer(
            rf"\(({labels})\)\s*:\s*(.*?)(?=\(\s*[A-Za-z][A-Za-z ]+\)\s*:|$)", str(row[info]), re.S
        ):
            for part in re.split(r"\(\d+\)", found.group(2)):
                part = part.strip().strip(";,").strip().removesuffix(".").strip()
                if part:
                    items.add((row[group], found.group(1), part))
    return Counter(label for _, label, _ in items)


def test_ofsi_parent_and_subsidiary_notes_are_edges(graph: duckdb.DuckDBPyConnection) -> None:
    expected = ofsi_items()
    assert expected["Parent company"] > 100
    found = Counter(
        dict(
            graph.execute(
                "SELECT source_kind, count(*) FROM graph_edges WHERE record LIKE 'gb_hmt_ofsi:%' "
                "AND source_kind IN (SELECT unnest(?)) GROUP BY 1",
                [list(LABELS)],
            ).fetchall()
        )
    )
    # Every item is an edge; an item naming several companies ("JSC “Volgogaz”. JSC
    # “Lengazpetstroy”. ...") is one edge per company.
    assert set(found) == set(expected)
    assert all(found[label] >= expected[label] for label in expected)
    assert found["Current owners"] == expected["Current owners"]


def test_a_list_of_subsidiaries_is_one_edge_each(graph: duckdb.DuckDBPyConnection) -> None:
    """OFSI writes Myanmar Economic Holdings' subsidiaries as one run of sentences."""
    names = {
        str(row[0]).casefold().rstrip(".")
        for row in graph.execute(
            "SELECT n.name FROM graph_edges e JOIN graph_nodes n ON n.node_id = e.asset_id "
            "WHERE e.source_kind = 'Subsidiaries'"
        ).fetchall()
    }
    assert "adipati agricultural produce trading ltd" in names
    assert "aung thitsa oo general insurance company limited" in names


def test_parent_company_owns_the_target(graph: duckdb.DuckDBPyConnection) -> None:
    """'Parent company: Rosatom' on a target: an ownership edge from Rosatom to it."""
    edges = rows(
        graph,
        "SELECT e.*, o.name AS owner FROM graph_edges e JOIN graph_nodes o "
        "ON o.node_id = e.owner_id WHERE e.source_kind = 'Parent company'",
    )
    assert {e["kind"] for e in edges} == {"ownership"}
    assert all(e["share_min"] is None and e["share_max"] is None for e in edges)
    rosatom = [e for e in edges if "rosatom" in str(e["owner"]).casefold()]
    assert rosatom and all(str(e["asset_id"]).startswith("gb-ofsi-") for e in rosatom)


def test_ofac_owned_or_controlled_by(graph: duckdb.DuckDBPyConnection) -> None:
    tree = etree.parse(str(ADVANCED))
    types = {
        el.get("ID"): (el.text or "").strip() for el in tree.iter("{*}RelationType") if el.get("ID")
    }
    relations = Counter(
        types[el.get("RelationTypeID")] for el in tree.iter("{*}ProfileRelationship")
    )
    owned = graph.execute(
        "SELECT count(*) FROM graph_edges WHERE kind = 'ownership' "
        "AND source_kind = 'Ownership: Owned or Controlled By'"
    ).fetchone()
    assert owned == (relations["Owned or Controlled By"],)


def test_lists_import_is_versioned(graph: duckdb.DuckDBPyConnection) -> None:
    again = run_lists_import(graph)
    assert again.status == "unchanged"
    (live,) = rows(graph, "SELECT * FROM graph_versions WHERE dataset = 'lists' AND live")
    assert live["edges"] == graph.execute("SELECT count(*) FROM graph_edges").fetchone()[0]  # type: ignore[index]


def un_associations() -> set[tuple[str, str]]:
    """(target, associated) entity ids where a UN record's comments say "associated with
    NAME (REF)" of another record of the file."""
    root = etree.parse(str(UN)).getroot()
    records = [*root.iter("INDIVIDUAL"), *root.iter("ENTITY")]
    by_reference = {r.findtext("REFERENCE_NUMBER"): f"unsc-{r.findtext('DATAID')}" for r in records}
    pairs = set()
    for record in records:
        text = record.findtext("COMMENTS1") or ""
        for found in re.finditer(
            r"associated with ([^.;()]{3,80}?)\s*\(([A-Z]{2}[ie]\.\s?\d{3})\)", text, re.I
        ):
            other = by_reference.get(found.group(2).replace(" ", ""))
            own = by_reference[record.findtext("REFERENCE_NUMBER")]
            if other and other != own:
                pairs.add((own, other))
    return pairs


def test_un_associated_entities(graph: duckdb.DuckDBPyConnection) -> None:
    expected = un_associations()
    assert len(expected) > 20
    found = set(
        graph.execute(
            "SELECT owner_id, asset_id FROM graph_edges WHERE record LIKE 'un_sc:%' "
            "AND kind = 'associate'"
        ).fetchall()
    )
    assert expected <= found
