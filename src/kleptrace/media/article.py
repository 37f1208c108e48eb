"""One pass over a page: parts, mentions, links; and the JSON form of the result.

`MediaReader` holds what every page needs (the screening index, the name automaton, the
linker with its caches), built once per process, so a page costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kleptrace.media.automaton import NameAutomaton
from kleptrace.media.extract import MediaError, read_page
from kleptrace.media.link import Linked, Linker
from kleptrace.media.mentions import find_mentions
from kleptrace.media.page import Page
from kleptrace.screen import DEFAULT_THRESHOLD, Screener
from kleptrace.screen.batch import collect_less_often, settle_heap

PAGE_SUFFIXES = frozenset([".txt", ".text", ".html", ".htm", ".xhtml"])
"""Files a folder given to `kleptrace media` is searched for."""


@dataclass(frozen=True)
class Article:
    """A page and its linked mentions."""

    page: Page
    mentions: list[Linked]

    def to_dict(self) -> dict[str, Any]:
        """{"source", "title", "date", "mentions": [...]}, ready for JSON."""
        return {
            "source": self.page.source,
            "title": self.page.title,
            "date": self.page.date,
            "mentions": [_mention(item, self.mentions) for item in self.mentions],
        }


def _mention(item: Linked, everything: list[Linked]) -> dict[str, Any]:
    m = item.mention
    target = None
    if item.target is not None:
        target = asdict(item.target)
        target["designations"] = [asdict(d) for d in item.target.designations]
    out: dict[str, Any] = {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "part": m.part,
        "kind": m.kind,
        "found": m.how,
        "listed": m.listed,
        "status": item.status,
        "target": target,
    }
    if m.refers_to is not None:
        out["refers_to"] = m.name
    if m.identifier:
        out["imo"] = m.identifier
    if item.target is None and item.best is not None:
        out["best_candidate"] = {"caption": item.best[0], "score": item.best[1]}
    if item.context.roles:
        out["context"] = list(item.context.roles)
    return out


class MediaReader:
    """Reads pages and links what they mention, against the lists of one store."""

    def __init__(
        self, screener: Screener, db_path: Path, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        # Millions of long-lived names and keys the garbage collector need not walk, and
        # a page makes tens of thousands of short-lived objects (names, comparisons,
        # matches), nearly none in cycles: collected at Python's default pace (every 700
        # new objects), collecting took a sixth of the time reading pages, and a quarter
        # of building the tables below, which it walked again and again as they grew.
        collect_less_often()
        targets = screener.index.read_all()  # read once, for both and the screener
        self.automaton = NameAutomaton(screener.index, targets)
        self.linker = Linker(screener, db_path, targets, threshold)
        settle_heap()

    def read(self, page: Page) -> Article:
        """The linked mentions of one page."""
        return Article(page, self.linker.link(page, find_mentions(page, self.automaton)))

    def read_bytes(self, source: str, data: bytes, content_type: str | None = None) -> Article:
        """Read a saved or fetched page (HTML or a plain-text capture)."""
        return self.read(read_page(source, data, content_type))


def page_files(paths: list[Path]) -> Iterator[Path]:
    """The files to read: each file given, and the page files inside each folder given."""
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES)
            if not found:
                raise MediaError(f"{path}: no page files ({', '.join(sorted(PAGE_SUFFIXES))})")
            yield from found
        elif path.is_file():
            yield path
        else:
            raise MediaError(f"{path}: no such file or folder")
