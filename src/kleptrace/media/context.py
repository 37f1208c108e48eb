"""What the words around a mention say about who it is: a role ("oligarch", "minister",
"chairman of") or a country ("Russian", "Kremlin"). Screening takes the countries as
evidence; linking asks for one or the other before it trusts a name that lists share
between several people. The words are data (kleptrace/data/media.yml, `context`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table
from kleptrace.media.page import Page

_WORD = re.compile(r"[^\W\d_]+(?:[-/][^\W\d_]+)*")


@dataclass(frozen=True)
class Context:
    """Role words and country codes (ISO 3166-1 alpha-2) found around a mention."""

    roles: tuple[str, ...]
    countries: tuple[str, ...]

    @property
    def supports(self) -> bool:
        return bool(self.roles or self.countries)


@dataclass(frozen=True)
class _Table:
    window: int
    roles: frozenset[str]
    countries: dict[str, str]
    longest: int
    starts: frozenset[str]
    """First words of the role and country phrases: only these open a look-up."""


@cache
def _table() -> _Table:
    table = load_table("media")["context"]
    countries = {
        str(word).casefold(): code for code, words in table["countries"].items() for word in words
    }
    roles = frozenset(str(w).casefold() for w in table["roles"])
    longest = max(len(p.split()) for p in (*roles, *countries))
    starts = frozenset(p.split()[0] for p in (*roles, *countries))
    return _Table(int(table["window"]), roles, countries, longest, starts)


_SENTENCE_END = re.compile(r"[.!?…\n](?=\s)")


def context_of(text: str, start: int, end: int, left: int = 0, right: int | None = None) -> Context:
    """The role words and countries around `text[start:end]`: within the configured
    window, the same sentence, and `left`..`right` (where the neighbouring people's names
    end and start, so "the Russian billionaire" after one name is not read as the
    context of the schoolteacher named before it)."""
    window = _table().window
    low = max(left, start - window)
    high = min(len(text) if right is None else right, end + window)
    before = text[low:start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = text[end:high]
    stop = _SENTENCE_END.search(after)
    if stop:
        after = after[: stop.start()]
    return _found(before + " " + after)


_ARTICLE_MENTIONS = 2
"""A country the article's title and body name this often is what the article is about."""


def article_countries(page: Page) -> tuple[str, ...]:
    """Countries the article itself is about: named at least twice in its title and body.
    A caption ("Theresa May and Vladimir Putin at a G20 meet in China") says little; the
    article around it ("Russia", "the Kremlin") says who is meant."""
    counts: dict[str, int] = {}
    for block in page.blocks:
        if block.part in ("title", "body"):
            for code in _found(page.text[block.start : block.end], counted=True).countries:
                counts[code] = counts.get(code, 0) + 1
    return tuple(code for code, n in counts.items() if n >= _ARTICLE_MENTIONS)


def _found(around: str, counted: bool = False) -> Context:
    """Role words and countries in a stretch of text (with `counted`, each country once
    per occurrence)."""
    table = _table()
    words = _WORD.findall(around.casefold())
    roles: dict[str, None] = {}
    countries: list[str] = []
    for i, word in enumerate(words):
        if word not in table.starts:
            continue
        for size in range(1, table.longest + 1):
            phrase = " ".join(words[i : i + size]) if size > 1 else word
            if phrase in table.roles:
                roles[phrase] = None
            code = table.countries.get(phrase)
            if code is not None:
                countries.append(code)
    return Context(tuple(roles), tuple(countries if counted else dict.fromkeys(countries)))
