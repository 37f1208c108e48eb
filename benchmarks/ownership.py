"""Ownership benchmark: the OFAC, EU and UK rules and the UWO triage over SYNTHETIC
graphs, beside networkx.

Scenario: graphs from `kleptrace.graph.synthetic` (no real person or company; heavy-tailed
degrees, cycles, PSC bands, property titles) of 100k to 10M edges, each written once to
Parquet in a temporary folder. Every step then runs in a fresh process, so its peak
memory is its own: load the Parquet file into DuckDB, `prepare` (live edges, integer
node ids), then one rule to its fixed point, or the product of stakes, or the UWO
triage of every title (its "rounds" are the levels walked up). Peak memory is the
process's peak resident set (load included).

Baseline: the traversal a user would write with networkx: build a DiGraph of the
ownership edges, then a work-list from the designated nodes adding each blocked owner's
stake to its assets (OFAC aggregation, exact lower shares, no ranges). Its blocked set
must equal the rule's "yes" set, which the run checks. Ratio = networkx seconds (build +
traversal) / DuckDB seconds (prepare + OFAC).

Targets (issue 13): 10M edges under 60 s and 8 GB per rule on 2 cores, cost about
linear in edges. Prints one line per size and step.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb

from kleptrace.graph.rules import RULES, run_prepared
from kleptrace.graph.rules.holdings import prepare
from kleptrace.graph.rules.lookthrough import product_of_stakes
from kleptrace.graph.synthetic import generate
from kleptrace.graph.uwo import triage, weights

STEPS = (*RULES, "product", "triage", "networkx")
THREADS = 2
MEMORY_LIMIT = "6GB"


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}; SET memory_limit = '{MEMORY_LIMIT}'")
    return con


def write_graph(edges: int, folder: Path) -> dict[str, Any]:
    """Generate one synthetic graph and keep it as Parquet for every step."""
    con = connect()
    started = time.perf_counter()
    made = generate(con, edges)
    seconds = time.perf_counter() - started
    con.execute(f"COPY syn_edges TO '{folder}/edges.parquet' (FORMAT parquet)")
    con.execute(f"COPY syn_designated TO '{folder}/designated.parquet' (FORMAT parquet)")
    con.execute(f"COPY syn_nodes TO '{folder}/nodes.parquet' (FORMAT parquet)")
    return {"edges": made.edges, "nodes": made.nodes, "designated": made.designated, "s": seconds}


def one_step(step: str, folder: Path) -> dict[str, Any]:
    """Run one step on the graph in `folder`; runs in its own process."""
    con = connect()
    con.execute(f"CREATE TABLE edges AS SELECT * FROM '{folder}/edges.parquet'")
    con.execute(f"CREATE TABLE designated AS SELECT * FROM '{folder}/designated.parquet'")
    if step == "networkx":
        result = networkx_ofac(con)
    elif step == "triage":
        con.execute(f"CREATE TABLE nodes AS SELECT * FROM '{folder}/nodes.parquet'")
        started = time.perf_counter()
        ranked, scored = triage(con, "edges", "nodes", con.table("designated"), top=25)
        result = {
            "prepare_s": 0.0,
            "step_s": time.perf_counter() - started,
            "rounds": weights().depth,
            "counts": {"titles scored": scored, "top score": int(ranked[0].score)},
            "digest": "",
        }
    else:
        started = time.perf_counter()
        prepare(con, "edges", con.table("designated"))
        prepared = time.perf_counter() - started
        started = time.perf_counter()
        if step == "product":
            table = product_of_stakes(con)
            rounds, counts = 0, con.execute(f"SELECT 'reached', count(*) FROM {table}").fetchall()
        else:
            outcome = run_prepared(con, RULES[step])
            rounds = outcome.rounds
            counts = con.execute(
                f"SELECT status, count(DISTINCT entity_id) FROM {outcome.table} GROUP BY 1"
            ).fetchall()
        seconds = time.perf_counter() - started
        owned = con.execute(
            "SELECT entity_id FROM kt_flags_ofac WHERE status = 'yes' AND basis <> 'property'"
            if step == "ofac"
            else "SELECT NULL"
        ).fetchall()
        result = {
            "prepare_s": prepared,
            "step_s": seconds,
            "rounds": rounds,
            "counts": dict(counts),
            "digest": digest(r[0] for r in owned),
        }
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def networkx_ofac(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    import networkx as nx

    started = time.perf_counter()
    rows = con.execute(
        "SELECT owner_id, asset_id, coalesce(share_min, 0) FROM edges "
        "WHERE kind = 'ownership' AND end_date IS NULL AND owner_id <> asset_id"
    ).fetchall()
    designated = [r[0] for r in con.execute("SELECT node_id FROM designated").fetchall()]
    graph: Any = nx.MultiDiGraph()
    graph.add_weighted_edges_from(rows, weight="share")
    built = time.perf_counter() - started
    started = time.perf_counter()
    blocked = set(designated)
    total: dict[str, float] = defaultdict(float)
    work = deque(n for n in designated if n in graph)
    while work:
        node = work.popleft()
        for _, asset, share in graph.out_edges(node, data="share"):
            total[asset] += share
            if asset not in blocked and round(total[asset], 6) >= 50:
                blocked.add(asset)
                work.append(asset)
    seconds = time.perf_counter() - started
    owned = blocked - set(designated)
    return {
        "prepare_s": built,
        "step_s": seconds,
        "rounds": 0,
        "counts": {"yes": len(owned)},
        "digest": digest(owned),
    }


def digest(ids: Iterable[str | None]) -> str:
    """One fingerprint of a set of node ids, to check two engines caught the same set."""
    return hashlib.sha256("\n".join(sorted(i for i in ids if i)).encode()).hexdigest()


def run_child(step: str, folder: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", step, str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000,3000000,10000000")
    parser.add_argument("--networkx-max", type=int, default=1_000_000)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--one", nargs=2, metavar=("STEP", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_step(args.one[0], Path(args.one[1]))))
        return
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"commit {commit}, python {platform.python_version()}, duckdb {duckdb.__version__}, "
        f"{THREADS} threads, memory limit {MEMORY_LIMIT}; SYNTHETIC graphs"
    )
    print(
        f"{'edges':>11} {'step':<9} {'prepare s':>9} {'step s':>8} {'total s':>8} "
        f"{'rounds':>6} {'peak MB':>8}  result"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="kleptrace-ownership-") as tmp:
            graph = write_graph(size, Path(tmp))
            print(
                f"{graph['edges']:>11,} {'generate':<9} {'':>9} {graph['s']:>8.1f} {'':>8} "
                f"{'':>6} {'':>8}  {graph['nodes']:,} nodes, {graph['designated']:,} designated"
            )
            totals: dict[str, float] = {}
            digests: dict[str, str] = {}
            for step in args.steps.split(","):
                if step == "networkx" and size > args.networkx_max:
                    continue
                r = run_child(step, Path(tmp))
                total = r["prepare_s"] + r["step_s"]
                totals[step], digests[step] = total, r["digest"]
                note = ", ".join(f"{k} {v:,}" for k, v in sorted(r["counts"].items()))
                if step == "networkx" and "ofac" in totals:
                    note += (
                        f"; {total / totals['ofac']:.1f}x the OFAC rule's time; "
                        f"same set as the rule: {digests['ofac'] == digests['networkx']}"
                    )
                print(
                    f"{graph['edges']:>11,} {step:<9} {r['prepare_s']:>9.1f} {r['step_s']:>8.1f} "
                    f"{total:>8.1f} {r['rounds']:>6} {r['peak_mb']:>8,.0f}  {note}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
