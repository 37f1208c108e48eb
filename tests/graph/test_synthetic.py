"""The SYNTHETIC graph generator: labelled as such, shaped like registers (heavy-tailed
owners, bands, cycles, titles), and the OFAC rule on it agrees with a plain work-list
written here from the rule's text."""

from __future__ import annotations

from collections import defaultdict, deque

import duckdb

from kleptrace.graph.rules import evaluate
from kleptrace.graph.synthetic import generate


def graph() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    generate(con, 20_000, seed=5)
    return con


def test_every_row_is_labelled_synthetic() -> None:
    con = graph()
    [(edges, bad_edges)] = con.execute(
        "SELECT count(*), count(*) FILTER (dataset <> 'synthetic' OR NOT owner_id LIKE 'syn-%' "
        "OR NOT asset_id LIKE 'syn-%') FROM syn_edges"
    ).fetchall()
    [(bad_nodes,)] = con.execute(
        "SELECT count(*) FILTER (dataset <> 'synthetic' OR NOT name LIKE 'SYNTHETIC %') "
        "FROM syn_nodes"
    ).fetchall()
    assert 19_000 <= edges <= 21_000
    assert bad_edges == bad_nodes == 0


def test_shape_has_heavy_tails_bands_titles_and_cycles() -> None:
    con = graph()
    degrees = sorted(
        n for (n,) in con.execute("SELECT count(*) FROM syn_edges GROUP BY owner_id").fetchall()
    )
    assert degrees[-1] >= 20 * degrees[len(degrees) // 2]  # a few owners hold very many
    kinds = dict(con.execute("SELECT kind, count(*) FROM syn_edges GROUP BY 1").fetchall())
    assert set(kinds) == {"ownership", "voting", "control", "proprietor"}
    [(bands, unknown)] = con.execute(
        "SELECT count(*) FILTER (share_min < share_max), count(*) FILTER (share_min IS NULL "
        "AND kind = 'ownership') FROM syn_edges"
    ).fetchall()
    assert bands > 0 and unknown > 0
    # a cycle exists: peeling nodes nobody owns (Kahn) leaves some behind
    edges = con.execute(
        "SELECT owner_id, asset_id FROM syn_edges WHERE kind <> 'proprietor'"
    ).fetchall()
    owners: dict[str, int] = defaultdict(int)
    held: dict[str, list[str]] = defaultdict(list)
    for owner, asset in edges:
        owners[asset] += 1
        held[owner].append(asset)
    nodes = set(held) | set(owners)
    free = deque(n for n in nodes if not owners[n])
    peeled = 0
    while free:
        n = free.popleft()
        peeled += 1
        for asset in held[n]:
            owners[asset] -= 1
            if not owners[asset]:
                free.append(asset)
    assert peeled < len(nodes)


def test_ofac_rule_agrees_with_a_work_list_on_exact_lower_stakes() -> None:
    con = graph()
    outcome = evaluate(con, "syn_edges", con.table("syn_designated"), ["ofac"])["ofac"]
    caught = {
        e
        for (e,) in con.execute(
            f"SELECT entity_id FROM {outcome.table} WHERE status = 'yes' AND basis = 'ownership'"
        ).fetchall()
    }
    rows = con.execute(
        "SELECT owner_id, asset_id, coalesce(share_min, 0) FROM syn_edges "
        "WHERE kind = 'ownership' AND end_date IS NULL"
    ).fetchall()
    designated = {n for (n,) in con.execute("SELECT node_id FROM syn_designated").fetchall()}
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for owner, asset, share in rows:
        out[owner].append((asset, share))
    blocked, total = set(designated), defaultdict(float)
    work = deque(designated)
    while work:
        for asset, share in out[work.popleft()]:
            total[asset] += share
            if asset not in blocked and round(total[asset], 6) >= 50:
                blocked.add(asset)
                work.append(asset)
    assert caught == blocked - designated
    assert len(caught) > 10
