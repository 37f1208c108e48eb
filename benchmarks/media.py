"""Adverse media: mention-level precision and recall on the labelled corpus, and pages
per second over at least 1,000 pages, next to trafilatura's extraction alone.

    .venv/bin/python benchmarks/media.py [--db PATH] [--pages 1000] [--workers 2]

- accuracy: every page of tests/media/corpus against its hand-written labels
  (labels.json): a mention is found when a predicted mention has exactly its span; it
  is linked right when the predicted target's caption holds the labelled word, and a
  mention labelled null must link to nothing. Precision and recall are reported for
  finding mentions and for linking them;
- speed: the corpus pages plus the two real pages of ../shared/articles, repeated to
  `--pages` pages, read by `--workers` processes forked after the name automaton and
  the screening index are loaded (every list of the store loaded), wall clock. The
  linker caches each distinct screening query, so a name met again is not screened
  again; the first pass over the distinct pages (every query new) is reported too.
  trafilatura's extraction alone runs over the HTML pages of the same set, with the
  same workers, for the ratio.

Writes benchmarks/results/media.md and prints it. Needs a loaded store with its index.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import trafilatura

from kleptrace.media import MediaReader, read_page
from kleptrace.media.extract import is_html
from kleptrace.screen import DEFAULT_THRESHOLD, Screener
from kleptrace.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "media" / "corpus"
REAL = REPO.parent / "shared" / "articles"
RESULTS = REPO / "benchmarks" / "results" / "media.md"

_reader: MediaReader | None = None
_pages: list[tuple[str, bytes]] = []


def gold_spans(text: str, labels: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, label) of each labelled mention found in the page text; a label whose
    occurrence is not in the text (left out by extraction) gets (-1, -1)."""
    out = []
    for label in labels:
        pattern = re.compile(rf"(?<!\w){re.escape(label['text'])}(?!\w)")
        found = list(pattern.finditer(text))
        n = label.get("n", 1)
        out.append(
            (found[n - 1].start(), found[n - 1].end(), label)
            if len(found) >= n
            else (-1, -1, label)
        )
    return out


def _right(target: dict[str, Any] | None, word: str | None) -> bool:
    if word is None:
        return target is None
    return target is not None and word.upper() in target["caption"].upper()


def accuracy(reader: MediaReader) -> list[dict[str, Any]]:
    """Per labelled page: gold, predicted and matched mention and link counts."""
    labels = orjson.loads((CORPUS / "labels.json").read_bytes())
    rows = []
    for name, gold in sorted(labels.items()):
        if name.startswith("_"):
            continue
        path = CORPUS / name
        page = read_page(str(path), path.read_bytes())
        result = reader.read(page).to_dict()
        predicted = {(m["start"], m["end"]): m for m in result["mentions"]}
        spans = gold_spans(page.text, gold)
        found = [(s, e, g) for s, e, g in spans if (s, e) in predicted]
        gold_linked = [g for _, _, g in spans if g["target"]]
        right_links = [
            g
            for s, e, g in found
            if g["target"] and _right(predicted[(s, e)]["target"], g["target"])
        ]
        by_span = {(s, e): g for s, e, g in spans}
        linked = [m for m in result["mentions"] if m["target"]]
        linked_right = [
            m
            for m in linked
            if (g := by_span.get((m["start"], m["end"]))) and _right(m["target"], g["target"])
        ]
        rows.append(
            {
                "page": name,
                "gold": len(spans),
                "predicted": len(predicted),
                "found": len(found),
                "gold_linked": len(gold_linked),
                "linked": len(linked),
                "linked_right": len(linked_right),
                "gold_linked_right": len(right_links),
            }
        )
    return rows


def _init_worker() -> None:
    os.environ["OMP_NUM_THREADS"] = "1"


def _read_range(bounds: tuple[int, int]) -> float:
    """CPU seconds this process spent reading its pages."""
    assert _reader is not None
    start = time.process_time()
    for source, data in _pages[bounds[0] : bounds[1]]:
        _reader.read_bytes(source, data)
    return time.process_time() - start


def _extract_range(bounds: tuple[int, int]) -> float:
    start = time.process_time()
    for _, data in _pages[bounds[0] : bounds[1]]:
        trafilatura.bare_extraction(data, include_comments=True, with_metadata=True)
    return time.process_time() - start


def timed(work: Callable[[tuple[int, int]], float], n: int, workers: int) -> tuple[float, float]:
    """Wall seconds and summed CPU seconds to run `work` over pages 0..n split between
    `workers` forked processes. The CPU seconds do not count time other programs on the
    machine took from the workers, so they give the rate on otherwise idle cores."""
    step = -(-n // workers)
    chunks = [(i, min(n, i + step)) for i in range(0, n, step)]
    start = time.perf_counter()
    if workers == 1:
        cpu = sum(work(chunk) for chunk in chunks)
    else:
        with multiprocessing.get_context("fork").Pool(workers, _init_worker) as pool:
            cpu = sum(pool.map(work, chunks))
    return time.perf_counter() - start, cpu


def corpus_pages() -> list[tuple[str, bytes]]:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    files += sorted(REAL.glob("*.txt"))
    return [(str(p), p.read_bytes()) for p in files]


def main(argv: Sequence[str] | None = None) -> None:
    global _reader, _pages
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    screener = Screener.open(args.db)
    screener.warm_up()  # rigour's name taggers, seconds, once per process
    reader = MediaReader(screener, args.db, DEFAULT_THRESHOLD)
    reader.linker.designations(())  # the designations table, read once
    ready = time.perf_counter() - start

    rows = accuracy(MediaReader(screener, args.db, DEFAULT_THRESHOLD))
    distinct = corpus_pages()
    first = time.perf_counter()
    for source, data in distinct:
        reader.read_bytes(source, data)
    first_pass = time.perf_counter() - first
    _reader = reader
    _pages = [distinct[i % len(distinct)] for i in range(max(args.pages, len(distinct)))]
    n = len(_pages)
    seconds = timed(_read_range, n, args.workers)
    html = [p for p in _pages if is_html(p[1])]
    _pages = html
    html_media = timed(_read_range, len(html), args.workers)
    html_extract = timed(_extract_range, len(html), args.workers)

    timings = {
        "ready": ready,
        "first_pass": first_pass,
        "seconds": seconds[0],
        "cpu": seconds[1],
        "html_media": html_media[0],
        "html_media_cpu": html_media[1],
        "html_extract": html_extract[0],
        "html_extract_cpu": html_extract[1],
    }
    report = _report(rows, args, timings, len(distinct), n, len(html))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    sys.stdout.write(report)


def _pr(right: int, predicted: int, gold: int) -> tuple[float, float]:
    return (right / predicted if predicted else 1.0), (right / gold if gold else 1.0)


def _report(
    rows: list[dict[str, Any]],
    args: argparse.Namespace,
    t: dict[str, float],
    distinct: int,
    n: int,
    n_html: int,
) -> str:
    w = args.workers
    lines = [
        "# Adverse media: accuracy and speed",
        "",
        f"`benchmarks/media.py --pages {args.pages} --workers {w}`, store {args.db.name} "
        f"(every list loaded), threshold {DEFAULT_THRESHOLD}, on {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine).",
        "",
        "## Mention-level precision and recall (tests/media/corpus, labels.json)",
        "",
        "| page | gold | predicted | found | P find | R find "
        "| gold linked | linked | P link | R link |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    totals = {k: 0 for k in rows[0] if k != "page"}
    for row in rows:
        for key in totals:
            totals[key] += row[key]
        lines.append(_row(row["page"], row))
    lines.append(_row("**all**", totals))
    lines += [
        "",
        "Finding: a predicted mention with exactly a labelled span. Linking: P = links to the",
        "labelled target / all links made; R = labelled links made right / labelled links.",
        "",
        "## Speed",
        "",
        f"| what | pages | wall s | pages/s (wall) | CPU s | pages/s on {w} idle cores |",
        "|---|---:|---:|---:|---:|---:|",
        f"| open the index, warm up, build the name automaton (once per process) "
        f"| | {t['ready']:.1f} | | | |",
        f"| first pass over the {distinct} distinct pages, one process, every query new "
        f"| {distinct} | {t['first_pass']:.2f} | {distinct / t['first_pass']:.0f} | | |",
        _speed(f"kleptrace media, {w} processes, all pages", n, t["seconds"], t["cpu"], w),
        _speed(
            f"kleptrace media, {w} processes, HTML pages only",
            n_html,
            t["html_media"],
            t["html_media_cpu"],
            w,
        ),
        _speed(
            f"trafilatura extraction alone, same HTML pages, {w} processes",
            n_html,
            t["html_extract"],
            t["html_extract_cpu"],
            w,
        ),
        "",
        f"On HTML pages kleptrace media takes {t['html_media_cpu'] / t['html_extract_cpu']:.2f} "
        "times trafilatura's extraction CPU time (extraction included). Pages/s on idle cores "
        "is pages / (CPU seconds / workers): the wall-clock rate without the other programs "
        "that shared the cores during the run.",
        "",
    ]
    return "\n".join(lines)


def _speed(what: str, pages: int, wall: float, cpu: float, workers: int) -> str:
    return (
        f"| {what} | {pages} | {wall:.2f} | {pages / wall:.0f} | {cpu:.2f} "
        f"| {pages / (cpu / workers):.0f} |"
    )


def _row(name: str, r: dict[str, Any]) -> str:
    pf, rf = _pr(r["found"], r["predicted"], r["gold"])
    pl = r["linked_right"] / r["linked"] if r["linked"] else 1.0
    pl_recall = r["gold_linked_right"] / r["gold_linked"] if r["gold_linked"] else 1.0
    return (
        f"| {name} | {r['gold']} | {r['predicted']} | {r['found']} | {pf:.2f} | {rf:.2f} | "
        f"{r['gold_linked']} | {r['linked']} | {pl:.2f} | {pl_recall:.2f} |"
    )


if __name__ == "__main__":
    main()
