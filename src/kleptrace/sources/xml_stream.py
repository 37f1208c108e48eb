"""Streaming the record elements of a large XML list with bounded memory.

The UN, EU FSF and FCDO files are one root holding one element per record. Each record
is read complete, handed over, then freed with the records before it, so memory stays
flat whatever the file's size; a wrong root fails at its start tag, and malformed XML
fails with the file and line wherever it is met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from kleptrace.exc import ParseError

Element = etree._Element


def local(tag: object) -> str:
    """An element's tag without its namespace ('' for comments and the like)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def line(element: Element) -> int:
    """The line an element starts on (0 when lxml does not know)."""
    found: object = element.sourceline
    return found if isinstance(found, int) else 0


def raw(element: Element, limit: int = 20_000) -> str:
    """The element as written, cut at `limit` characters, for a rejected-rows report."""
    return etree.tostring(element, encoding="unicode")[:limit]


def release(element: Element) -> None:
    """Free a read element and the siblings read before it."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def syntax_error(path: Path, exc: etree.XMLSyntaxError) -> ParseError:
    """Malformed XML as a ParseError naming the file and line."""
    return ParseError(path, f"invalid XML: {exc.msg}", position=f"line {exc.lineno or 1}")


def root_children(
    path: Path, source: IO[bytes], check_root: Callable[[Element], None]
) -> Iterator[Element]:
    """Each child element of the root, complete, in document order; freed once the caller
    asks for the next. `check_root` sees the root at its start tag and raises if the file
    is not the expected list."""
    depth = 0
    try:
        events = etree.iterparse(
            source, events=("start", "end"), remove_comments=True, resolve_entities=False
        )
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    check_root(element)
                continue
            depth -= 1
            if depth == 1 and isinstance(element.tag, str):
                yield element
                release(element)
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc) from exc
