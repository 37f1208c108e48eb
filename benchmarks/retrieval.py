"""Retrieval recall across scripts: does the candidate stage find the listed target at all?

    .venv/bin/python benchmarks/retrieval.py [--db PATH] [--out FILE]

A name can only be matched if candidate retrieval puts its target among the
names it scores, so, as splink does for blocking rules, this measures
retrieval on its own, beside the pair score and the end-to-end result. Cases
are real cross-script pairs from the loaded lists: a record's name in a
non-Latin script is the query, and the expected target is a DIFFERENT record
of the same person or company on another list (linked by UN reference number,
IMO, INN or OGRN, as in benchmarks/evaluation/cases.py) that has no name in
that script, so the query can only reach it across scripts. Per script class:

- retrieval: share of cases whose expected target owns a candidate name;
- pair score: share whose expected target scores at or above the default
  threshold when scored directly, retrieved or not;
- end to end: share that `Screener.screen` returns at the default threshold
  and limit.

Writes a Markdown table (default benchmarks/results/retrieval.md) and prints it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.evaluation.cases import Entity, elsewhere, link_graph, load_entities  # noqa: E402
from kleptrace.names import script_of  # noqa: E402
from kleptrace.screen import DEFAULT_THRESHOLD, Query, Screener  # noqa: E402
from kleptrace.screen.candidates import candidate_names  # noqa: E402
from kleptrace.screen.evidence import lowest_name_score  # noqa: E402
from kleptrace.screen.forms import name_forms  # noqa: E402
from kleptrace.screen.query import QUERY_SCHEMATA  # noqa: E402
from kleptrace.settings import Settings  # noqa: E402

# Script classes as the issue names them; kana count as Japanese.
_CLASSES = {"Hiragana": "Japanese", "Katakana": "Japanese", "Han": "Chinese characters"}
MAX_CASES = 1_500
"""Per script class, drawn at random (fixed seed) when there are more."""


@dataclass(frozen=True)
class Case:
    """A non-Latin name of one record and the linked record on another list it must reach."""

    script: str
    name: str
    schema: str
    expected: str


def script_class(name: str) -> str | None:
    """The class a query name is counted in, None for Latin or no letters."""
    script = script_of(name)
    if script is None or script == "Latin":
        return None
    return _CLASSES.get(script, script)


def cross_script_cases(entities: dict[str, Entity], seed: int = 7) -> list[Case]:
    """Every (non-Latin name, linked record without a name in that script) pair, at most
    MAX_CASES per script class."""
    links = link_graph(entities)
    by_class: dict[str, set[Case]] = defaultdict(set)
    for entity in entities.values():
        others = elsewhere(entity, links, entities)
        if not others:
            continue
        schema = entity.schema if entity.schema in QUERY_SCHEMATA else "LegalEntity"
        for name in entity.all_names():
            found = script_class(name)
            if found is None:
                continue
            for other in others:
                if any(script_class(n) == found for n in entities[other].all_names()):
                    continue  # the linked record has a name in this script: not cross-script
                by_class[found].add(Case(found, name, schema, other))
    rng = random.Random(seed)
    out: list[Case] = []
    for found in sorted(by_class):
        cases = sorted(by_class[found], key=lambda c: (c.name, c.expected))
        out += rng.sample(cases, MAX_CASES) if len(cases) > MAX_CASES else cases
    return out


def measure(screener: Screener, cases: list[Case]) -> dict[str, list[tuple[bool, bool, bool]]]:
    """Per script class and kind (people, organisations: their names are mostly translated
    between scripts, not transliterated), (retrieved, pair score above threshold,
    returned by screen) per case."""
    index = screener.index
    symbols = index.vocabulary.symbols
    lowest = lowest_name_score(DEFAULT_THRESHOLD, False, False, False)
    out: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for case in cases:
        forms = [f for f in name_forms(case.name, case.schema, symbols) if f.tokens]
        found = candidate_names(forms, index, [lowest] * len(forms))
        owners = {index.targets[int(index.name_target[p])].entity_id for ps in found for p in ps}
        query = Query((case.name,), case.schema)
        pair = screener.score(query, case.expected)
        returned = {m.entity_id for m in screener.screen(query)}
        kind = "people" if case.schema == "Person" else "organisations"
        out[f"{case.script}, {kind}"].append(
            (
                case.expected in owners,
                pair is not None and pair.score >= DEFAULT_THRESHOLD,
                case.expected in returned,
            )
        )
    return out


def report(results: dict[str, list[tuple[bool, bool, bool]]], seconds: float) -> str:
    """The Markdown table."""
    lines = [
        "# Retrieval recall across scripts",
        "",
        f"Default threshold {DEFAULT_THRESHOLD}. A case is a non-Latin name of one record "
        "and a linked record of the same target on another list with no name in that script "
        f"(at most {MAX_CASES} per class). Made by `benchmarks/retrieval.py` in {seconds:.0f} s.",
        "",
        "| script class | cases | retrieval recall | pair score >= threshold | end to end |",
        "|---|---|---|---|---|",
    ]
    totals = [0, 0, 0, 0]
    for script in sorted(results):
        rows = results[script]
        hits = [sum(r[k] for r in rows) for k in range(3)]
        totals = [totals[0] + len(rows)] + [t + h for t, h in zip(totals[1:], hits, strict=True)]
        shares = " | ".join(f"{h / len(rows):.3f}" for h in hits)
        lines.append(f"| {script} | {len(rows)} | {shares} |")
    if totals[0]:
        shares = " | ".join(f"{h / totals[0]:.3f}" for h in totals[1:])
        lines.append(f"| **all** | {totals[0]} | {shares} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="store (default: KLEPTRACE_DB)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/results/retrieval.md")
    args = parser.parse_args()
    db = args.db or Settings.from_env().db_path
    started = time.perf_counter()
    cases = cross_script_cases(load_entities(db))
    screener = Screener.open(db, workers=2)
    text = report(measure(screener, cases), time.perf_counter() - started)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
