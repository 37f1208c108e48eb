"""Score candidate pairs with nomenklatura's matchers, so our scorer meets its peers on the
very same pairs. Runs in .venv-peers (`make peers-env`): nomenklatura pins an older duckdb.

    .venv-peers/bin/python benchmarks/peers/score_pairs.py pairs.jsonl \
        --algorithms logic-v2,name-based --summary summary.json --workers 2 \
        [--also-single] > scores.jsonl

Input, one JSON object a line: {"pair": ID, "query": {"schema", "properties"},
"candidate": {"id", "schema", "properties"}}. Output, one a line in input order:
{"pair": ID, "<algorithm>": score, ...}; the summary goes to stderr and --summary.

Entities are built as yente builds them (query: an example added value by value with
fuzzy cleaning, names combined from parts, country hints; candidate: a cleaned FtM entity)
and scored with `Algorithm.compare(query=, result=, config=Algorithm.default_config())`.

Timing is fair by construction: each algorithm runs in a fresh process (nomenklatura's
lru_caches start empty), entities are built before the clock starts, a warm-up on pairs that
share no names or ids with the input loads the lazy reference data, and only the compare loop
is timed. With --workers N the pairs are split into N contiguous chunks scored at once after
a barrier; that wall time runs from the first worker's start to the last one's end.
--also-single times the same pairs on one process too. Worker start-up (imports, entity
building, warm-up) is not in these figures; the summary's "startup_seconds" reports it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import queue
import sys
import time
from dataclasses import dataclass
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from followthemoney import ValueEntity, model, registry
from followthemoney.helpers import combine_names
from nomenklatura.matching import ALGORITHMS, get_algorithm
from nomenklatura.matching.types import ScoringAlgorithm

DEFAULT_ALGORITHMS = "logic-v2,name-based"

# nomenklatura 4.17.4 defines no per-algorithm match threshold; yente, its API server, calls
# a result a match when score >= settings.SCORE_THRESHOLD, the same 0.70 for every algorithm.
MATCH_THRESHOLD = 0.70
THRESHOLD_SOURCE = "yente settings.SCORE_THRESHOLD (nomenklatura defines none)"

WARMUP_ROUNDS = 3
# Scripts, schemas and fields the inputs use, but no names: the warm-up must not fill the
# caches the timed loop then hits.
WARMUP_RECORDS: list[dict[str, Any]] = [
    {
        "pair": "warmup-person-latin",
        "query": {
            "schema": "Person",
            "properties": {"name": ["Jonathan Q. Warmup"], "birthDate": ["1961-02-03"]},
        },
        "candidate": {
            "id": "warmup-1",
            "schema": "Person",
            "properties": {"name": ["Jonathon Warmupp"], "nationality": ["gb"]},
        },
    },
    {
        "pair": "warmup-person-cyrillic",
        "query": {
            "schema": "Person",
            "properties": {"name": ["Иван Прогревов"], "nationality": ["ru"], "gender": ["male"]},
        },
        "candidate": {
            "id": "warmup-2",
            "schema": "Person",
            "properties": {"name": ["Ivan Progrevov"], "birthDate": ["1970"], "gender": ["male"]},
        },
    },
    {
        "pair": "warmup-company",
        "query": {
            "schema": "Company",
            "properties": {"name": ["Warmup Trading LLC"], "jurisdiction": ["cy"]},
        },
        "candidate": {
            "id": "warmup-3",
            "schema": "Company",
            "properties": {"name": ["OOO Warmup Trading"], "registrationNumber": ["1027700000"]},
        },
    },
]


@dataclass(frozen=True)
class PairRecord:
    """One input line, with entity ids settled so nomenklatura's id-keyed caches stay right."""

    pair: str
    query: dict[str, Any]
    candidate: dict[str, Any]


@dataclass(frozen=True)
class Timing:
    """One worker's scores and the monotonic clock readings around its compare loop."""

    chunk: int
    began: float
    start: float
    end: float
    scores: list[float]


def content_id(prefix: str, data: dict[str, Any]) -> str:
    """Same content, same id: a query repeated over candidates reuses its cached names, as
    in yente, while different queries never share a cache entry."""
    digest = hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"


def settle_ids(line: dict[str, Any], seen: dict[str, str]) -> PairRecord:
    """Give both sides an id. nomenklatura caches name analysis by entity id alone
    (logic_v2/names/analysis.py), so one id carrying two contents would corrupt scores."""
    sides = []
    for side in ("query", "candidate"):
        data = dict(line[side])
        fingerprint = json.dumps(
            {"schema": data["schema"], "properties": data.get("properties", {})}, sort_keys=True
        )
        data["id"] = data.get("id") or content_id(side, data)
        if seen.setdefault(data["id"], fingerprint) != fingerprint:
            raise ValueError(f"pair {line['pair']}: id {data['id']} has two different contents")
        sides.append(data)
    return PairRecord(pair=str(line["pair"]), query=sides[0], candidate=sides[1])


def read_pairs(path: Path) -> list[PairRecord]:
    """Read the JSON-lines input; blank lines are skipped."""
    seen: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        return [settle_ids(json.loads(line), seen) for line in handle if line.strip()]


def query_entity(data: dict[str, Any]) -> ValueEntity:
    """Build the query the way yente's Entity.from_example does: fuzzy-cleaned values,
    unknown properties dropped, full names combined from parts, country hints added.
    Like yente it accepts any matchable schema, and Thing."""
    schema = model.get(data["schema"])
    if schema is None or not (schema.matchable or schema.name == "Thing"):
        raise ValueError(f"not a matchable schema: {data['schema']!r}")
    entity = ValueEntity(schema, {"id": data["id"], "schema": schema.name})
    for prop_name, values in data.get("properties", {}).items():
        prop = schema.get(prop_name)
        if prop is None:
            continue
        for value in [values] if isinstance(values, str) else values:
            entity.unsafe_add(prop, str(value), cleaned=False, fuzzy=True)
    combine_names(entity)
    countries = entity.get_type_values(registry.country)
    for prop, value in list(entity.itervalues()):
        hint = prop.type.country_hint(value)
        if hint is not None and hint not in countries:
            entity.add("country", hint, cleaned=True)
    return entity


def candidate_entity(data: dict[str, Any]) -> ValueEntity:
    """A list entity as yente holds it: an FtM entity with cleaned values. Cleaning here
    (cleaned=False) leaves already clean values as they are and drops invalid ones."""
    return ValueEntity.from_dict(
        {"id": data["id"], "schema": data["schema"], "properties": data.get("properties", {})},
        cleaned=False,
    )


def build(record: PairRecord) -> tuple[ValueEntity, ValueEntity]:
    """Both entities of a pair, ready for compare()."""
    return query_entity(record.query), candidate_entity(record.candidate)


def algorithm_class(name: str) -> type[ScoringAlgorithm]:
    """Look the algorithm up by its nomenklatura NAME."""
    algorithm = get_algorithm(name)
    if algorithm is None:
        known = ", ".join(a.NAME for a in ALGORITHMS)
        raise SystemExit(f"unknown algorithm {name!r}; nomenklatura has: {known}")
    return algorithm


def score_chunk(
    name: str, chunk: int, records: list[PairRecord], barrier: Barrier, results: Queue[Timing]
) -> None:
    """Worker process: build, warm up, wait for the others, then time the compare loop only."""
    began = time.perf_counter()
    algorithm = algorithm_class(name)
    config = algorithm.default_config()
    seen: dict[str, str] = {}
    warmup = [build(settle_ids(line, seen)) for line in WARMUP_RECORDS]
    for _ in range(WARMUP_ROUNDS):
        for query, candidate in warmup:
            algorithm.compare(query=query, result=candidate, config=config)
    pairs = [build(record) for record in records]
    barrier.wait()
    start = time.perf_counter()
    scores = [
        algorithm.compare(query=query, result=candidate, config=config).score
        for query, candidate in pairs
    ]
    end = time.perf_counter()
    results.put(Timing(chunk=chunk, began=began, start=start, end=end, scores=scores))


def run(name: str, records: list[PairRecord], workers: int) -> tuple[list[float], float, float]:
    """Score `records` in `workers` fresh processes; return scores in input order, wall
    seconds of the compare loops, and the longest worker start-up (build and warm-up).
    perf_counter is CLOCK_MONOTONIC on Linux, so readings compare across processes."""
    context = mp.get_context("fork")
    size = -(-len(records) // workers)
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    barrier = context.Barrier(len(chunks))
    results: Queue[Timing] = context.Queue()
    processes = [
        context.Process(target=score_chunk, args=(name, index, chunk, barrier, results))
        for index, chunk in enumerate(chunks)
    ]
    for process in processes:
        process.start()
    timings: list[Timing] = []
    while len(timings) < len(processes):
        try:
            timings.append(results.get(timeout=1.0))
        except queue.Empty:
            if any(process.exitcode not in (None, 0) for process in processes):
                for process in processes:
                    process.terminate()
                raise RuntimeError(f"a {name} worker failed; its traceback is above") from None
    for process in processes:
        process.join()
    timings.sort(key=lambda t: t.chunk)
    seconds = max(t.end for t in timings) - min(t.start for t in timings)
    startup = max(t.start - t.began for t in timings)
    return [score for t in timings for score in t.scores], seconds, startup


def throughput(pairs: int, seconds: float) -> dict[str, float]:
    """Seconds and pairs per second, rounded for reading."""
    return {"seconds": round(seconds, 4), "pairs_per_second": round(pairs / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, help="JSON-lines file of query/candidate pairs")
    parser.add_argument("--algorithms", default=DEFAULT_ALGORITHMS)
    parser.add_argument("--summary", type=Path, help="also write the summary JSON here")
    parser.add_argument("--workers", type=int, default=1, help="score on N processes at once")
    parser.add_argument(
        "--also-single",
        action="store_true",
        help="with --workers N > 1, also time the same pairs on one process",
    )
    args = parser.parse_args()
    names = [name.strip() for name in args.algorithms.split(",") if name.strip()]
    for name in names:
        algorithm_class(name)
    records = read_pairs(args.pairs)
    if not records:
        raise SystemExit(f"no pairs in {args.pairs}")

    scores: dict[str, list[float]] = {}
    summary: dict[str, Any] = {"pairs_file": str(args.pairs), "algorithms": {}}
    for name in names:
        scores[name], seconds, startup = run(name, records, args.workers)
        entry: dict[str, Any] = {
            "pairs": len(records),
            "threshold": MATCH_THRESHOLD,
            "threshold_source": THRESHOLD_SOURCE,
            "workers": args.workers,
            "timed": throughput(len(records), seconds),
            "startup_seconds": round(startup, 3),
        }
        if args.workers > 1 and args.also_single:
            single, seconds, _ = run(name, records, 1)
            entry["single"] = {
                **throughput(len(records), seconds),
                "same_scores": single == scores[name],
            }
        summary["algorithms"][name] = entry

    for index, record in enumerate(records):
        row = {"pair": record.pair, **{name: scores[name][index] for name in names}}
        sys.stdout.write(json.dumps(row) + "\n")
    text = json.dumps(summary, indent=2)
    print(text, file=sys.stderr)
    if args.summary is not None:
        args.summary.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
