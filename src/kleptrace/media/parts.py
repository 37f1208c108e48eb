"""Which part of a saved page each line is: a plain-text capture keeps the menus, teasers,
captions, paywall prompts and comment threads around the article, and a name found there
is not what the article is about.

The classifier reads the capture top to bottom, as a reader would. Before the article
starts, short lines and bullets are navigation and the first sentence-like heading is the
title; the first line of prose opens the body; a paywall prompt, a comment heading
followed by dated comments, a "Related articles" or "Editorial" heading, or an author's
note closes it. The cue words are data (kleptrace/data/media.yml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table
from kleptrace.media.page import Block

_BULLET = re.compile(r"^[•·▪◦*‣–-]\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")
_STAMP = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:ago|at \d)|\b(?:19|20)\d{2}\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_BYLINE = re.compile(r"^(?:by|words by|written by|von|автор:?)\s+\w", re.IGNORECASE)
_PROSE_WORDS = 12
"""A line of this many words or more that reads as a sentence is article prose."""
_STANDFIRST_WORDS = 6
_CLOSING_WORDS = 10
"""Furniture this long inside the body (a paywall prompt) ends it; a short one ("Sign up
to our daily email") sits between paragraphs and the article goes on after it."""
_LOOKAHEAD = 3
"""A comments heading counts only when a dated comment follows within this many lines."""


@dataclass(frozen=True)
class _Cues:
    headings: dict[str, str]
    phrases: tuple[str, ...]
    credits: tuple[str, ...]
    bio: tuple[str, ...]


@cache
def _cues() -> _Cues:
    table = load_table("media")["parts"]
    headings = {
        str(text).casefold(): part for part, texts in table["headings"].items() for text in texts
    }
    return _Cues(
        headings,
        tuple(str(p).casefold() for p in table["boilerplate_phrases"]),
        tuple(str(c).casefold() for c in table["credit_markers"]),
        tuple(str(b).casefold() for b in table["bio_words"]),
    )


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    indented: bool

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def _lines(text: str) -> list[_Line]:
    out, offset = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = offset + lead
            out.append(_Line(start, start + len(stripped), stripped, lead >= 2))
        offset += len(raw)
    return out


def _heading(line: _Line) -> str | None:
    """The section a short heading line opens, or None."""
    if line.words > 6:
        return None
    key = re.sub(r"^\d+\s+|[:\s]*\(?\d*\)?$", "", line.text.casefold()).strip(" :")
    return _cues().headings.get(key)


def _furniture(text: str) -> bool:
    folded = f" {text.casefold()} "
    return any(p in folded for p in _cues().phrases)


def _bio(text: str) -> bool:
    folded = f" {text.casefold()} "
    return "@" in text or any(b in folded for b in _cues().bio)


def _prose(line: _Line) -> bool:
    return line.words >= _PROSE_WORDS and bool(re.search(r"[.!?…”\"’']$|\. ", line.text))


def credit_at(text: str) -> int | None:
    """Where a photo credit starts in a line, or None when the line has none."""
    folded = text.casefold()
    found = [i for marker in _cues().credits if (i := folded.find(marker)) >= 0]
    return min(found) if found else None


def _comments_follow(lines: list[_Line], i: int) -> bool:
    return any(_STAMP.search(line.text) for line in lines[i + 1 : i + 1 + _LOOKAHEAD])


def classify(text: str) -> tuple[str | None, list[Block]]:
    """Split a plain-text capture into parts.

    Returns:
        The title (None when no line reads as one) and the blocks, one or two per
        non-blank line (a caption line with a credit gives both).
    """
    lines = _lines(text)
    parts = _with_title(lines, [part for _, part in _walk(lines)])
    blocks: list[Block] = []
    title = next(
        (line.text for line, part in zip(lines, parts, strict=True) if part == "title"), None
    )
    for line, part in zip(lines, parts, strict=True):
        credit = credit_at(line.text) if part in ("caption", "body") else None
        if part == "caption" and credit is not None and credit > 0:
            blocks.append(Block(line.start, line.start + credit, "caption"))
            blocks.append(Block(line.start + credit, line.end, "credit"))
        else:
            blocks.append(Block(line.start, line.end, part))
    return title, blocks


def _with_title(lines: list[_Line], parts: list[str]) -> list[str]:
    """The headline is the first line of three or more words after the last menu line
    and before the byline or the first paragraph; a site name above the menus is not,
    and a standfirst below the headline stays body."""
    start = next(
        (
            i
            for i, (line, part) in enumerate(zip(lines, parts, strict=True))
            if part == "byline" or (part == "body" and _prose(line))
        ),
        None,
    )
    if start is None:
        return parts
    menus = [i for i in range(start) if _BULLET.match(lines[i].text) or lines[i].words < 3]
    for i in range(menus[-1] + 1 if menus else 0, start):
        line = lines[i]
        if (
            line.words >= 3
            and " | " not in line.text
            and parts[i] in ("title", "body", "navigation")
        ):
            out = ["navigation" if p == "title" else p for p in parts]
            out[i] = "title"
            return out
    return parts


def _walk(lines: list[_Line]) -> Iterator[tuple[_Line, str]]:
    """Each line with its part; `region` is where the reader is: before, in or after the
    article body; `section` a furniture section opened by a heading."""
    region, section, indented_comments = "head", None, False
    for i, line in enumerate(lines):
        heading = _heading(line)
        if heading == "comments" and not _comments_follow(lines, i):
            heading = None
        if heading is not None:
            section = heading
            region = "after" if region == "body" else region
            indented_comments = (
                heading == "comments" and i + 1 < len(lines) and lines[i + 1].indented
            )
            yield line, heading
            continue
        if section == "comments":
            ended = (indented_comments and not line.indented) or (
                not line.indented and _furniture(line.text)
            )
            if not ended:
                yield line, "comments"
                continue
            section = "boilerplate"
        if section in ("teaser", "byline") or (section is not None and not _prose(line)):
            yield line, section or "boilerplate"
            continue
        yield line, _line_part(line, region, lines, i)
        entered = _next_region(line, region)
        if entered != region:
            section = None if entered == "body" else "boilerplate"
        region = entered


def _line_part(line: _Line, region: str, lines: list[_Line], i: int) -> str:
    text = line.text
    if _BULLET.match(text) or (region == "head" and line.words <= 3):
        return "navigation" if region != "body" or line.words <= 8 else "body"
    credit = credit_at(text)
    if credit is not None and line.words <= 40:
        return "credit" if credit == 0 else "caption"
    if _BYLINE.match(text):
        return "byline"
    if region == "body" and _bio(text) and line.words <= 30:
        return "byline"
    if _furniture(text) and line.words <= 40:
        return "boilerplate"
    if not text[0].isalnum() and text[0] not in "\"'“‘«(":
        return "teaser"  # a link line led by an icon ("📖 What a letter tells us")
    if region == "head":
        if _prose(line):
            return "body"
        if " | " in text:
            return "navigation"
        if _first_title(lines, i):
            return "title"
        return "body" if line.words >= _STANDFIRST_WORDS else "navigation"
    if region == "body":
        return "body"
    return "boilerplate"


def _first_title(lines: list[_Line], i: int) -> bool:
    """The first line of three or more words that is not navigation or furniture."""
    for line in lines[:i]:
        if (
            line.words >= 3
            and not _BULLET.match(line.text)
            and " | " not in line.text
            and not _furniture(line.text)
            and credit_at(line.text) is None
        ):
            return False
    return True


def _next_region(line: _Line, region: str) -> str:
    if region == "head" and _prose(line) and not _furniture(line.text):
        return "body"
    if region == "body" and (
        (_furniture(line.text) and line.words >= _CLOSING_WORDS)
        or (_bio(line.text) and line.words <= 30)
    ):
        return "after"
    return region
