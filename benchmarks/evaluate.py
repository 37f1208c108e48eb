"""Screening accuracy and speed on the real lists, against the named peers, in one run.

    make evaluate            # = .venv/bin/python benchmarks/evaluate.py

1. Cases come from the loaded lists (benchmarks/evaluation/cases.py): the same
   target on two lists linked by UN reference, IMO, INN or OGRN (identifiers
   held back), aliases, perturbations by class, cross-script names, similar
   but provably different targets, and synthetic customers not on any list.
2. Every case is screened by kleptrace. The pairs to judge are each case's
   expected targets plus every candidate kleptrace scored; a candidate is a
   false positive only when it is provably a different target (birth years
   more than two apart, or a clashing identifier), and is left out of
   precision when nothing proves either way.
3. The same pairs are scored by nomenklatura's logic-v2 and name-based
   matchers (in .venv-peers, see benchmarks/peers) and by a plain rapidfuzz
   baseline; each is judged at its own default threshold.
4. Throughput: kleptrace batch screening of synthetic customers on both cores,
   single-query latency, and the peers' time on the same candidate pairs.

Writes a Markdown report (default benchmarks/results/evaluation.md) and prints it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.evaluation.cases import build_cases  # noqa: E402
from benchmarks.evaluation.customers import synthetic_customers  # noqa: E402
from benchmarks.evaluation.metrics import best_threshold, fmt, tally  # noqa: E402
from benchmarks.peers.rapidfuzz_baseline import BruteForce  # noqa: E402
from kleptrace.screen import DEFAULT_THRESHOLD, Query, Screener  # noqa: E402
from kleptrace.screen.batch import screen_stream  # noqa: E402
from kleptrace.screen.evidence import normalise_identifier  # noqa: E402
from kleptrace.screen.index import Target  # noqa: E402
from kleptrace.settings import Settings  # noqa: E402

PEERS_PYTHON = REPO / ".venv-peers" / "bin" / "python"
RAPIDFUZZ_THRESHOLD = 0.9
CANDIDATES = 10


def query_of(case: dict[str, Any]) -> Query:
    q = case["query"]
    return Query(
        names=tuple(q["names"]),
        schema=q.get("schema") or "LegalEntity",
        birth_dates=tuple(q.get("birth_dates") or ()),
        countries=tuple(q.get("countries") or ()),
        identifiers=tuple(q.get("identifiers") or ()),
        id=case["case"],
    )


def provably_different(a: Target, b: Target) -> bool:
    """Birth years more than two apart, or identifiers of one shape that all differ."""
    years_a = {int(d[:4]) for d in a.dates if d[:4].isdigit()}
    years_b = {int(d[:4]) for d in b.dates if d[:4].isdigit()}
    if years_a and years_b and min(abs(x - y) for x in years_a for y in years_b) > 2:
        return True
    ids_a = {normalise_identifier(v) for v in a.identifiers} - {""}
    ids_b = {normalise_identifier(v) for v in b.identifiers} - {""}
    if not ids_a or not ids_b or ids_a & ids_b:
        return False
    shapes_a = {(len(v), v.isdigit()) for v in ids_a if len(v) >= 7}
    return bool(shapes_a & {(len(v), v.isdigit()) for v in ids_b})


def judge_pairs(
    screener: Screener, cases: list[dict[str, Any]], threshold: float
) -> tuple[list[dict[str, Any]], dict[str, list[bool]]]:
    """Screen every case; return labelled, kleptrace-scored pairs and per-class screen recall."""
    targets = {t.entity_id: t for t in screener.index.targets}
    pairs: list[dict[str, Any]] = []
    found: dict[str, list[bool]] = defaultdict(list)
    queries = [query_of(c) for c in cases]
    results = screener.screen_many(queries, threshold=0.0, limit=CANDIDATES)
    for case, query, matches in zip(cases, queries, results, strict=True):
        expected = set(case["target_ids"])
        label = bool(case["label"])
        scored = {m.entity_id: m.score for m in matches}
        if label:
            found[case["class"]].append(any(scored.get(t, 0.0) >= threshold for t in expected))
        judged: dict[str, bool] = {t: label for t in expected}
        source = targets.get(case.get("source_id") or "")
        for entity_id in scored:
            if entity_id in judged or entity_id == case.get("source_id"):
                continue
            if case["class"] == "neg_customer" or (
                source is not None and provably_different(source, targets[entity_id])
            ):
                judged[entity_id] = False
        for entity_id, pair_label in judged.items():
            if entity_id not in targets:
                continue
            score = scored.get(entity_id)
            if score is None:
                match = screener.score(query, entity_id)
                score = match.score if match else 0.0
            pairs.append(
                {
                    "pair": f"{case['case']}|{entity_id}",
                    "case": case["case"],
                    "class": case["class"],
                    "label": pair_label,
                    "query": query,
                    "target_id": entity_id,
                    "kleptrace": score,
                }
            )
    return pairs, found


def ftm_entities(db: Path, ids: set[str], targets: dict[str, Target]) -> dict[str, dict[str, Any]]:
    """The candidates as FollowTheMoney entity dicts, read in one query."""
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT entity_id, prop, value FROM current_statements "
        "WHERE entity_id IN (SELECT unnest(?)) AND prop <> 'id'",
        [sorted(ids)],
    ).fetchall()
    con.close()
    out: dict[str, dict[str, Any]] = {
        i: {"id": i, "schema": targets[i].schema, "properties": {}} for i in ids
    }
    for entity_id, prop, value in rows:
        out[entity_id]["properties"].setdefault(prop, []).append(value)
    return out


def query_entity(query: Query) -> dict[str, Any]:
    """A query as yente builds it from a /match request."""
    props: dict[str, list[str]] = {"name": list(query.names)}
    if query.birth_dates:
        props["birthDate"] = list(query.birth_dates)
    if query.countries:
        props["nationality" if query.schema == "Person" else "country"] = list(query.countries)
    return {"schema": query.schema, "properties": props}


def score_with_peers(
    pairs: list[dict[str, Any]], entities: dict[str, dict[str, Any]], work: Path, name: str
) -> tuple[dict[str, dict[str, float]], dict[str, Any]]:
    """Run nomenklatura's matchers on the pairs in their own environment (2 processes)."""
    if not PEERS_PYTHON.exists():
        raise SystemExit("the peers' environment is missing: run `make peers-env` first")
    source = work / f"{name}_pairs.jsonl"
    with source.open("wb") as fh:
        for p in pairs:
            line = {
                "pair": p["pair"],
                "query": query_entity(p["query"]),
                "candidate": entities[p["target_id"]],
            }
            fh.write(orjson.dumps(line) + b"\n")
    out, summary = work / f"{name}_peer_scores.jsonl", work / f"{name}_peer_summary.json"
    with out.open("wb") as fh:
        subprocess.run(
            [
                str(PEERS_PYTHON),
                str(REPO / "benchmarks" / "peers" / "score_pairs.py"),
                str(source),
                "--summary",
                str(summary),
                "--workers",
                "2",
            ],
            check=True,
            stdout=fh,
            stderr=subprocess.DEVNULL,
        )
    scores = {}
    for line in out.read_bytes().splitlines():
        row = orjson.loads(line)
        scores[row.pop("pair")] = row
    return scores, orjson.loads(summary.read_bytes())["algorithms"]


def candidate_pairs(screener: Screener, queries: list[Query]) -> list[dict[str, Any]]:
    """Every target kleptrace's index retrieves for each query (no threshold, no pruning):
    the candidates a matcher without an index of its own would have to score."""
    pairs = []
    for query, matches in zip(
        queries, screener.screen_many(queries, threshold=0.0, limit=1_000), strict=True
    ):
        for m in matches:
            pairs.append(
                {"pair": f"{query.id}|{m.entity_id}", "query": query, "target_id": m.entity_id}
            )
    return pairs


MATCHERS = ("kleptrace", "logic-v2", "name-based", "rapidfuzz")


def accuracy_table(
    pairs: list[dict[str, Any]],
    thresholds: dict[str, float],
    found: dict[str, list[bool]],
) -> list[str]:
    """Markdown rows: per class and overall, P/R/F1 of each matcher at its threshold."""
    classes = sorted({p["class"] for p in pairs})
    lines = [
        "| class | pairs (+/-) | found by screen | "
        + " | ".join(f"{m} P / R / F1" for m in MATCHERS)
        + " |",
        "|---|---|---|" + "---|" * len(MATCHERS),
    ]
    for name in [*classes, "overall"]:
        chosen = pairs if name == "overall" else [p for p in pairs if p["class"] == name]
        positives = sum(p["label"] for p in chosen)
        hits = [h for c, v in found.items() for h in v] if name == "overall" else found[name]
        screen = fmt(sum(hits) / len(hits)) if hits else "-"
        cells = []
        for matcher in MATCHERS:
            t = tally(((p["label"], p[matcher]) for p in chosen), thresholds[matcher])
            cells.append(f"{fmt(t.precision)} / {fmt(t.recall)} / {fmt(t.f1)}")
        label = f"**{name}**" if name == "overall" else name
        lines.append(
            f"| {label} | {positives} / {len(chosen) - positives} | {screen} | "
            + " | ".join(cells)
            + " |"
        )
    return lines


def customer_false_positives(
    pairs: list[dict[str, Any]], customers: int, thresholds: dict[str, float]
) -> dict[str, float]:
    """Per matcher: customers with any hit at its threshold, per 10,000 customers."""
    out = {}
    for matcher in MATCHERS:
        flagged = {
            p["case"]
            for p in pairs
            if p["class"] == "neg_customer" and p[matcher] >= thresholds[matcher]
        }
        out[matcher] = 10_000 * len(flagged) / max(customers, 1)
    return out


def batch_throughput(screener: Screener, db: Path, names: int, workers: int) -> dict[str, float]:
    """kleptrace screening `names` synthetic customers on `workers` processes."""
    queries = [query_of(c) for c in synthetic_customers(names, seed=11)]
    start = time.perf_counter()
    hits = sum(
        len(m)
        for _, m in screen_stream(screener, db, queries, DEFAULT_THRESHOLD, 10, workers=workers)
    )
    seconds = time.perf_counter() - start
    return {"names": names, "seconds": seconds, "per_second": names / seconds, "hits": hits}


def latency(screener: Screener, cases: list[dict[str, Any]], count: int) -> dict[str, float]:
    """Single-query latency in milliseconds over `count` case queries, index loaded."""
    queries = [query_of(c) for c in cases[:: max(1, len(cases) // count)]][:count]
    timings = []
    for query in queries:
        start = time.perf_counter()
        screener.screen(query)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "queries": len(timings),
        "p50": statistics.median(timings),
        "p99": timings[int(0.99 * (len(timings) - 1))],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100_000, help="names for throughput")
    parser.add_argument("--workers", type=int, default=Settings.from_env().workers)
    parser.add_argument("--speed-sample", type=int, default=2_000, help="customers for peers")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    screener = Screener.open(args.db, workers=args.workers)
    cases = build_cases(args.db, seed=7, customers=args.customers)
    print(f"{len(cases):,} cases from the lists in {time.perf_counter() - started:.0f} s")

    start = time.perf_counter()
    pairs, found = judge_pairs(screener, cases, DEFAULT_THRESHOLD)
    kleptrace_seconds = time.perf_counter() - start
    print(f"kleptrace screened {len(cases):,} cases in {kleptrace_seconds:.1f} s")

    targets = {t.entity_id: t for t in screener.index.targets}
    speed_queries = [query_of(c) for c in synthetic_customers(args.speed_sample, seed=13)]
    speed_pairs = candidate_pairs(screener, speed_queries)
    wanted = {p["target_id"] for p in pairs} | {p["target_id"] for p in speed_pairs}
    entities = ftm_entities(args.db, wanted, targets)
    peer_scores, _ = score_with_peers(pairs, entities, args.out, "accuracy")
    _, peer_speed = score_with_peers(speed_pairs, entities, args.out, "speed")
    print(f"peers scored {len(pairs):,} + {len(speed_pairs):,} pairs")

    names = [n.text for n in screener.index.names]
    brute = BruteForce(names, _name_owner_ids(screener))
    start = time.perf_counter()
    fuzzy = brute.score_pairs([(p["query"].names[0], p["target_id"]) for p in pairs])
    rapidfuzz_pair_seconds = time.perf_counter() - start
    for p, score in zip(pairs, fuzzy, strict=True):
        p["rapidfuzz"] = score
        p.update(peer_scores[p["pair"]])

    with (args.out / "pairs.jsonl").open("wb") as fh:
        for p in pairs:
            row = {**p, "query": p["query"].names, "caption": targets[p["target_id"]].caption}
            fh.write(orjson.dumps(row) + b"\n")
    thresholds = {"kleptrace": DEFAULT_THRESHOLD, "rapidfuzz": RAPIDFUZZ_THRESHOLD}
    for matcher in ("logic-v2", "name-based"):
        thresholds[matcher] = float(peer_speed[matcher]["threshold"])
    table = accuracy_table(pairs, thresholds, found)
    customers = sum(1 for c in cases if c["class"] == "neg_customer")
    fp_rates = customer_false_positives(pairs, customers, thresholds)
    best = {m: best_threshold([(p["label"], p[m]) for p in pairs]) for m in MATCHERS}

    batch = batch_throughput(screener, args.db, args.batch, args.workers)
    single = latency(screener, cases, 1000)
    brute_names = 500
    start = time.perf_counter()
    brute.screen(
        [" ".join(query_of(c).names[:1]) for c in cases[:brute_names]], RAPIDFUZZ_THRESHOLD, 10
    )
    brute_rate = brute_names / (time.perf_counter() - start)

    pairs_per_name = len(speed_pairs) / len(speed_queries)
    report = render(
        table,
        thresholds,
        best,
        fp_rates,
        customers,
        batch,
        single,
        peer_speed,
        pairs_per_name,
        brute_rate,
        len(pairs),
        rapidfuzz_pair_seconds,
        args.workers,
    )
    (args.out / "evaluation.md").write_text(report, encoding="utf-8")
    print(report)
    print(f"total {time.perf_counter() - started:.0f} s; report in {args.out / 'evaluation.md'}")


def _name_owner_ids(screener: Screener) -> list[str]:
    targets = screener.index.targets
    return [targets[int(i)].entity_id for i in screener.index.name_target]


def render(
    table: list[str],
    thresholds: dict[str, float],
    best: dict[str, tuple[float, float]],
    fp_rates: dict[str, float],
    customers: int,
    batch: dict[str, float],
    single: dict[str, float],
    peers: dict[str, Any],
    pairs_per_name: float,
    brute_rate: float,
    pair_count: int,
    rapidfuzz_pair_seconds: float,
    workers: int,
) -> str:
    """The Markdown report."""
    out = ["# Screening evaluation", "", "## Accuracy on the same pairs", ""]
    out.append(
        "Thresholds (each matcher's default): "
        + ", ".join(f"{m} {t:.2f}" for m, t in thresholds.items())
        + ". 'found by screen' is the share of positive cases whose expected target"
        " kleptrace's full screen (candidates + score) returns at its threshold."
    )
    out += ["", *table, ""]
    out.append(
        "Best-F1 threshold over all pairs: "
        + ", ".join(f"{m} {t:.2f} (F1 {f:.3f})" for m, (t, f) in best.items())
    )
    out += ["", f"False positives per 10,000 clean customers ({customers:,} screened):", ""]
    out += [f"- {m}: {rate:.1f}" for m, rate in fp_rates.items()]
    out += ["", "## Speed", ""]
    klept_pairs = batch["per_second"] * pairs_per_name
    out.append(
        f"- kleptrace batch: {batch['names']:,} synthetic customers in {batch['seconds']:.1f} s"
        f" on {workers} processes = **{batch['per_second']:,.0f} names/s**"
        f" ({batch['hits']:,} hits at {thresholds['kleptrace']:.2f})."
    )
    out.append(
        f"- kleptrace single query (index loaded, {single['queries']} queries):"
        f" p50 {single['p50']:.2f} ms, p99 {single['p99']:.2f} ms."
    )
    for matcher in ("logic-v2", "name-based"):
        one = float(peers[matcher]["single"]["pairs_per_second"])
        both = float(peers[matcher].get("parallel", peers[matcher]["single"])["pairs_per_second"])
        names_rate = both / pairs_per_name
        out.append(
            f"- {matcher} on the candidates kleptrace's index retrieves for synthetic customers"
            f" ({pairs_per_name:.1f} per name): {one:,.0f} pairs/s on one process,"
            f" {both:,.0f} on two = {names_rate:,.1f} names/s;"
            f" kleptrace batch is **{batch['per_second'] / names_rate:,.1f}x** as fast."
        )
    out.append(
        f"- rapidfuzz brute force over every list name: {brute_rate:,.1f} names/s"
        f" (kleptrace {batch['per_second'] / brute_rate:,.0f}x);"
        f" scoring the {pair_count:,} pairs took {rapidfuzz_pair_seconds:.1f} s."
    )
    out.append(f"- kleptrace pairs scored per second in batch: about {klept_pairs:,.0f}.")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
