"""Words of an article and of list names reduced to one comparable key, so that the forms
the press writes meet the forms the lists write.

A key is the word in lower-case Latin (`names.latinize`, so Дерипаски and Deripaski meet)
with "x" read as "ks" and a Slavic case or adjective ending cut off: Putin / Putina /
Путину, Deripaska / Дерипаски, Navalny / Navalnyy / Navalniy, Alexei / Aleksey all share
a key. The same function keys list names and article words, so a cut that is too greedy
only adds a candidate the screening score then judges; it never loses one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from kleptrace.names import latinize

_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’](?=[^\W\d_]))*")
_POSSESSIVE = ("'s", "’s", "'", "’")
_ENDINGS = tuple(
    sorted(
        [
            "ogo",
            "ego",
            "omu",
            "emu",
            "imi",
            "ymi",
            "aya",
            "yaya",
            "uyu",
            "oi",
            "ei",
            "yi",
            "ii",
            "iy",
            "yy",
            "ym",
            "im",
            "om",
            "em",
            "ey",
            "a",
            "ya",
            "u",
            "yu",
            "y",
            "i",
            "e",
            "o",
        ],
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 4
_OPENING = re.compile(r"(?:^|[.!?:;\n\"“”‘’«»(\[–—•])[ \t\u00a0]*(?=\w)")
"""Where a word opens a sentence or a line: after one of these and any spaces."""
_KEYS: dict[str, str] = {}
"""Keys of the words seen, by word: a page has a thousand words and most are common."""
_MAX_KEYS = 500_000


class Token(NamedTuple):
    """One word of an article: as written, where, and its key."""

    text: str
    start: int
    end: int
    key: str
    capital: bool
    """Starts with an upper-case letter (names do; most other words do not)."""
    opens: bool
    """Opens a sentence or line, where any word is capitalised."""


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The comparable key of one word (see the module docstring); "" for none."""
    latin = "".join(ch for ch in latinize(word) if ch.isalnum()).replace("x", "ks")
    if latin.startswith("ye"):
        latin = latin[1:]
    for ending in _ENDINGS:
        if latin.endswith(ending) and len(latin) - len(ending) >= _MIN_STEM:
            return latin[: -len(ending)]
    return latin


def tokens(text: str) -> list[Token]:
    """The words of `text` with their offsets; a possessive ("Putin's") is left out of the
    word, hyphenated names are two words, as they are on the lists."""
    openings = {m.end() for m in _OPENING.finditer(text)}
    keys = _KEYS
    out = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = text[start:end]
        if word[-1] in "s'’":
            for suffix in _POSSESSIVE:
                if word.endswith(suffix) and len(word) > len(suffix) + 1:
                    word, end = word[: -len(suffix)], end - len(suffix)
                    break
        key = keys.get(word)
        if key is None:
            key = word_key(word)
            if len(keys) < _MAX_KEYS:
                keys[word] = key
        if key:
            out.append(Token(word, start, end, key, word[0].isupper(), start in openings))
    return out
