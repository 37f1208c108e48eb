"""A page as read: its text, and which part of the page (body, navigation, comments ...)
each stretch of that text is, so every mention can say where it was found."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

PARTS = (
    "title",
    "body",
    "byline",
    "caption",
    "credit",
    "navigation",
    "teaser",
    "comments",
    "boilerplate",
)
"""Parts of a page. A name in the body is what the article is about; a name in a teaser,
a comment or a photo credit is not, and an analyst weighs it differently."""


@dataclass(frozen=True)
class Block:
    """`text[start:end]` of a page belongs to `part`."""

    start: int
    end: int
    part: str


@dataclass
class Page:
    """One input page.

    Attributes:
        source: The file path or URL it was read from.
        title: The headline, or None when none was found.
        date: The publication date as an ISO prefix ("2017-03-16", "2018-03"), or None.
        text: The page text: the capture as saved, or the parts extracted from HTML.
        blocks: Consecutive, non-overlapping stretches of `text` with their part.
    """

    source: str
    title: str | None
    date: str | None
    text: str
    blocks: list[Block]
    _starts: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._starts = [b.start for b in self.blocks]

    def part_at(self, offset: int) -> str:
        """The part the character at `offset` belongs to ("boilerplate" outside every block)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.blocks[i].end:
            return self.blocks[i].part
        return "boilerplate"
