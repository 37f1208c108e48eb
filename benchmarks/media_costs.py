"""Where a `kleptrace media` page's time goes, measured without a profiler, and what the
speed ideas of issue 14 could save on the benchmark's pages.

    .venv/bin/python benchmarks/media_costs.py [--db PATH] [--pages 300] [--seed 14]

cProfile charges every Python call, so it inflates the stages made of many small calls;
here each stage's functions are wrapped with a CPU clock instead (one process, the
pages of `benchmarks/media.py`). Prints markdown tables:

- stages: CPU seconds of each stage over `--pages` generated text pages, then the same
  stories as HTML (nested: screening includes parsing names, retrieval and comparing);
- warm-up: CPU ms per page over successive blocks of `--pages` distinct pages read by
  one process, from a cold start (per-process caches of words and list names filling);
- repetition: the names screened and how many repeat a name (same schema) screened
  before, on the same page or anywhere earlier in the run: all a cache of screened
  names could save on these pages;
- HTML: ms per page of reading an HTML page as kleptrace does, of trafilatura's
  extraction with and without its metadata, and of kleptrace's own work on the tree
  (furniture and bylines).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura

from kleptrace.media import MediaReader, article, extract, tokens
from kleptrace.media.link import Linker
from kleptrace.screen import DEFAULT_THRESHOLD, Query, Screener
from kleptrace.screen import screener as screening
from kleptrace.settings import Settings

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.media import generated_pages  # noqa: E402
from benchmarks.media_pages import render_html  # noqa: E402

Pages = list[tuple[str, bytes]]
_STAGES = (
    ("parse the page", article, "read_page"),
    ("find mentions", article, "find_mentions"),
    ("link mentions", Linker, "link"),
    ("screen names (`Screener.screen_many`)", Screener, "screen_many"),
    ("parse query names (`name_forms`)", screening, "name_forms"),
    ("retrieve candidates (`candidate_names`)", screening, "candidate_names"),
    ("compare names (`compare_names`)", screening, "compare_names"),
    ("weigh evidence (`_match`)", Screener, "_match"),
)


@contextmanager
def clocked(spent: Counter[str]) -> Iterator[None]:
    """Add each stage's CPU seconds to `spent` while the block runs."""
    saved = [(owner, name, getattr(owner, name)) for _, owner, name in _STAGES]

    def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start

        return wrapper

    for (label, owner, name), (_, _, function) in zip(_STAGES, saved, strict=True):
        setattr(owner, name, timed(label, function))
    try:
        yield
    finally:
        for owner, name, function in saved:
            setattr(owner, name, function)


def read(reader: MediaReader, pages: Pages) -> float:
    """CPU seconds to read `pages`."""
    start = time.process_time()
    for source, data in pages:
        reader.read_bytes(source, data)
    return time.process_time() - start


def fresh_reader(db: Path) -> MediaReader:
    """A reader with every cache empty, the module-level caches of words and names too, as
    a benchmark worker starts."""
    for module in [m for name, m in sys.modules.items() if name.startswith("kleptrace.")]:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    tokens._KEYS.clear()
    screener = Screener.open(db)
    screener.warm_up()
    reader = MediaReader(screener, db, DEFAULT_THRESHOLD)
    reader.linker.designations(())
    return reader


def stages(db: Path, text: Pages, html: Pages) -> list[str]:
    lines = [
        f"Stages, CPU s over {len(text)} pages, one process from a cold start:",
        "",
        "| stage | text s | text share | HTML s | HTML share |",
        "|---|---:|---:|---:|---:|",
    ]
    totals, spent = [], []
    for pages in (text, html):
        counter: Counter[str] = Counter()
        reader = fresh_reader(db)
        with clocked(counter):
            totals.append(read(reader, pages))
        spent.append(counter)
    lines.append(f"| read a page (all of it) | {totals[0]:.2f} | 100% | {totals[1]:.2f} | 100% |")
    for label, _, _ in _STAGES:
        a, b = spent[0][label], spent[1][label]
        lines.append(f"| {label} | {a:.2f} | {a / totals[0]:.0%} | {b:.2f} | {b / totals[1]:.0%} |")
    return lines


def warm_up(db: Path, blocks: list[Pages]) -> list[str]:
    reader = fresh_reader(db)
    lines = [
        "Warm-up, one process, successive blocks of distinct pages:",
        "",
        "| pages | CPU ms per page |",
        "|---|---:|",
    ]
    done = 0
    for block in blocks:
        lines.append(
            f"| {done + 1}-{done + len(block)} | {read(reader, block) / len(block) * 1000:.1f} |"
        )
        done += len(block)
    return lines


def repetition(db: Path, text: Pages) -> list[str]:
    reader = fresh_reader(db)
    screened: list[list[Query]] = []
    screen_many = reader.linker.screener.screen_many

    def spy(queries: Any, *args: Any, **kwargs: Any) -> Any:
        screened[-1].extend(queries)
        return screen_many(queries, *args, **kwargs)

    reader.linker.screener.screen_many = spy  # type: ignore[method-assign]
    reader.linker._cache.clear()
    seen: set[tuple[tuple[str, ...], str]] = set()
    queries = on_page = earlier = 0
    for source, data in text:
        reader.linker._cache.clear()  # every name of every page reaches the screener
        screened.append([])
        reader.read_bytes(source, data)
        names = [(q.names, q.schema) for q in screened[-1]]
        queries += len(names)
        on_page += len(names) - len(set(names))
        earlier += sum(1 for n in set(names) if n in seen)
        seen.update(names)
    return [
        f"Repetition over {len(text)} pages: {queries} names screened (one query per "
        f"distinct name and context on a page), {on_page} repeat a name of the same page, "
        f"{earlier} a name of an earlier page ({earlier / max(queries, 1):.1%}).",
    ]


def html_costs(html: Pages) -> list[str]:
    def each(work: Callable[[bytes], object]) -> float:
        start = time.process_time()
        for _, data in html:
            work(data)
        return (time.process_time() - start) / len(html) * 1000

    def tree(data: bytes) -> lxml.html.HtmlElement:
        return lxml.html.fromstring(data)

    def own(data: bytes) -> object:
        root = tree(data)
        return extract._furniture(root), extract._bylines(root)

    rows = [
        ("parse with lxml", each(tree)),
        ("furniture and bylines (kleptrace, parse included)", each(own)),
        (
            "the whole page as kleptrace reads it (`read_page`: parse, furniture, bylines,"
            " title and date, trafilatura without its other metadata)",
            each(lambda d: extract.read_page("page.html", d)),
        ),
        (
            "trafilatura, comments and all its metadata (as kleptrace called it to round 8)",
            each(
                lambda d: trafilatura.bare_extraction(
                    tree(d), include_comments=True, with_metadata=True
                )
            ),
        ),
        (
            "trafilatura, comments, no metadata",
            each(
                lambda d: trafilatura.bare_extraction(
                    tree(d), include_comments=True, with_metadata=False
                )
            ),
        ),
    ]
    return [
        f"HTML, ms per page over {len(html)} pages:",
        "",
        "| work | ms per page |",
        "|---|---:|",
        *(f"| {what} | {ms:.2f} |" for what, ms in rows),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    n = args.pages
    stories, text = generated_pages(args.db, 4 * n, args.seed)
    html = [(f"generated/{i:04d}.html", render_html(s).encode()) for i, s in enumerate(stories[:n])]
    sections = [
        stages(args.db, text[:n], html),
        warm_up(args.db, [text[i : i + n] for i in range(0, 4 * n, n)]),
        repetition(args.db, text[: 2 * n]),
        html_costs(html),
    ]
    sys.stdout.write("\n\n".join("\n".join(s) for s in sections) + "\n")


if __name__ == "__main__":
    main()
