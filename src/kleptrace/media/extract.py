"""Read one input (a saved page or a fetched URL's bytes) into a `Page`.

HTML goes through trafilatura, the field's usual article extractor: it gives the body,
the comment thread, the title and the date. What it leaves out as furniture is kept too,
labelled from the page's own markup (`nav`, `aside`, `footer`, `figcaption`), because a
name in a caption or a teaser is still a name the analyst should see, marked as such.
A plain-text capture keeps its furniture inline and is split by `parts.classify`.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url
from trafilatura.settings import Document, Extractor

from kleptrace.exc import KleptraceError
from kleptrace.media.dates import date_in
from kleptrace.media.page import Block, Page
from kleptrace.media.parts import classify, credit_at

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_FURNITURE = {
    "nav": "navigation",
    "aside": "teaser",
    "footer": "boilerplate",
    "figcaption": "caption",
}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LEAD_CHARS = 400
"""With no date in the byline or file name, a date this early in the body ("12 марта 2024
года суд рассмотрел ...") is the article's; a later one is something it recounts."""


class MediaError(KleptraceError):
    """An input that cannot be read as a page: binary, not UTF-8 text, or empty."""

    status = 422


def is_html(data: bytes, content_type: str | None = None) -> bool:
    """Whether the bytes are an HTML page (by the server's content type when there is one)."""
    if content_type:
        return "html" in content_type.casefold()
    return bool(_HTML_START.match(data[:4096]))


def read_page(source: str, data: bytes, content_type: str | None = None) -> Page:
    """The page in `data`, read from `source` (a path or URL, named in errors and output)."""
    if not data.strip():
        raise MediaError(f"{source}: the page is empty")
    if b"\x00" in data[:4096]:
        raise MediaError(f"{source}: not a text or HTML page (binary content)")
    if is_html(data, content_type):
        return _html_page(source, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MediaError(
            f"{source}: byte {exc.start} is not UTF-8; save the capture as UTF-8 text"
        ) from None
    return text_page(source, text)


def text_page(source: str, text: str) -> Page:
    """A plain-text capture, its parts found by `parts.classify`."""
    title, blocks = classify(text)
    before_body = next((b.start for b in blocks if b.part == "body"), len(text))
    heads = " \n".join(
        text[b.start : b.end] for b in blocks if b.start < before_body or b.part == "byline"
    )
    lead = " \n".join(text[b.start : b.end] for b in blocks if b.part == "body")[:_LEAD_CHARS]
    date = date_in(heads) or date_in(Path(source).name) or date_in(lead)
    return Page(source, title, date, text, blocks)


def _html_page(source: str, data: bytes) -> Page:
    try:
        tree = lxml.html.fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise MediaError(f"{source}: not readable as HTML: {exc}") from None
    furniture = _furniture(tree)  # before trafilatura, which prunes the tree it is given
    bylines = _bylines(tree)
    options = Extractor(
        output_format="python",
        comments=True,
        url=source if source.startswith(("http://", "https://")) else None,
    )
    title, date = _title_and_date(tree, options)
    document = trafilatura.bare_extraction(tree, options=options)
    pieces: list[tuple[str, str]] = []
    if not isinstance(document, Document):
        title = date = None  # trafilatura discarded the page: no title or date from it either
    else:
        body = document.text or ""
        if title and body.startswith(title):
            body = body[len(title) :]
        pieces.append((title or "", "title"))
        pieces += [(line, "byline") for line in bylines if line not in body]
        pieces += [(body, "body"), (document.comments or "", "comments")]
    pieces += furniture
    text, blocks = _joined(pieces)
    if not text.strip():
        raise MediaError(f"{source}: no text found in the HTML page")
    return Page(source, title, date or date_in(Path(source).name), text, blocks)


def _title_and_date(
    tree: lxml.html.HtmlElement, options: Extractor
) -> tuple[str | None, str | None]:
    """The title and date trafilatura's metadata gives, by its own steps for those two
    alone: its authors, categories, tags, site name and licence (three quarters of its
    metadata time) are not used here."""
    metadata = examine_meta(tree)
    with contextlib.suppress(Exception):  # as in extract_metadata: a broken JSON-LD block
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, options.url)
    metadata.date = find_date(tree, **{**options.date_params, "url": metadata.url})
    metadata.clean_and_trim()
    return metadata.title, metadata.date


def _furniture(root: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """Text of the page's navigation, asides, footers and figure captions, outermost only."""
    out = []
    for element in root.iter(*_FURNITURE):
        if any(a.tag in _FURNITURE for a in element.iterancestors()):
            continue
        lines = [_SPACES.sub(" ", str(s)).strip() for s in element.itertext()]
        text = "\n".join(s for s in lines if s)
        if text:
            out.append((text, _FURNITURE[str(element.tag)]))
    return out


_BYLINE = (
    "//*[(contains(concat(' ', normalize-space(@class), ' '), ' byline ')"
    " or @rel='author' or @itemprop='author')"
    " and not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')])]"
)
"""A byline by its class, or an author link, outside the comments (whose authors the
extracted comments keep)."""


def _bylines(root: lxml.html.HtmlElement) -> list[str]:
    """Text of the elements the page marks as its byline or author ("By Giulia Marchetti,
    Genoa correspondent"), outermost only: extraction drops them, yet they name people."""
    out: list[str] = []
    marked = root.xpath(_BYLINE)
    for element in marked:
        if any(a in marked for a in element.iterancestors()):
            continue
        text = _SPACES.sub(" ", " ".join(str(s) for s in element.itertext())).strip()
        if text and text not in out:
            out.append(text)
    return out


def _joined(pieces: list[tuple[str, str]]) -> tuple[str, list[Block]]:
    """One text from the pieces, a blank line apart, with a block per piece (a caption
    split at its credit)."""
    text, blocks = "", []
    for piece, part in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if text:
            text += "\n\n"
        start = len(text)
        text += piece
        credit = credit_at(piece) if part == "caption" else None
        if credit == 0:
            part = "credit"
        if credit:
            blocks.append(Block(start, start + credit, "caption"))
            blocks.append(Block(start + credit, len(text), "credit"))
        else:
            blocks.append(Block(start, len(text), part))
    return text, blocks
