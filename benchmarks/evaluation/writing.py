"""Scripts, Latin forms and Unicode look-alikes, all read from ICU (PyICU), never from
kleptrace's own tables: the evaluation must not grade the product with its own answers.

ICU ships the Unicode Consortium's data: the script property of every code point, CLDR's
transliterators, the confusables table (UTS #39, confusables.txt) behind its spoof
checker, and the Default_Ignorable_Code_Point property.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache

import icu

_TO_LATIN = "Any-Latin; Latin-ASCII; Lower"
_WORDS = re.compile(r"\w+")
# Scripts ICU reports for characters every script shares (spaces, digits, punctuation).
_SHARED = frozenset({"Common", "Inherited", "Unknown"})
# The blocks searched for look-alikes: Greek, Cyrillic (and its supplement), Armenian.
_LOOKALIKE_BLOCKS = (range(0x0370, 0x0530), range(0x0530, 0x0590))


@cache
def _transliterator(system: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(system)


def transliterate(text: str, system: str) -> str:
    """`text` through one ICU transform ("Russian-Latin/BGN", "Cyrillic-Latin" ...)."""
    return str(_transliterator(system).transliterate(text))


def script_of(text: str) -> str | None:
    """The script most letters of `text` are written in (ICU names: "Latin", "Cyrillic",
    "Arabic", "Han" ...); Hiragana and Katakana count as "Japanese"; None without letters."""
    counts: dict[str, int] = {}
    for char in text:
        name = icu.Script.getScript(ord(char)).getName()
        if name in _SHARED:
            continue
        if name in ("Hiragana", "Katakana"):
            name = "Japanese"
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def name_key(name: str) -> str:
    """ICU's Latin-ASCII form with sorted words: equal keys mean the same name in any
    word order, case or script (as far as ICU's generic transliteration goes)."""
    return " ".join(sorted(_WORDS.findall(transliterate(name, _TO_LATIN))))


@cache
def lookalikes() -> dict[str, tuple[str, ...]]:
    """ASCII letter -> Greek, Cyrillic and Armenian letters that UTS #39 says are
    confusable with it (same ICU spoof-checker skeleton)."""
    checker = icu.SpoofChecker()
    by_skeleton: dict[str, list[str]] = {}
    for letter in string.ascii_letters:
        by_skeleton.setdefault(checker.getSkeleton(0, letter), []).append(letter)
    out: dict[str, list[str]] = {}
    for block in _LOOKALIKE_BLOCKS:
        for code in block:
            char = chr(code)
            if unicodedata.category(char) not in ("Lu", "Ll"):
                continue
            for letter in by_skeleton.get(checker.getSkeleton(0, char), ()):
                out.setdefault(letter, []).append(char)
    return {letter: tuple(chars) for letter, chars in out.items()}


@cache
def invisibles() -> tuple[str, ...]:
    """Format characters Unicode marks as default-ignorable (zero-width spaces and
    joiners, soft hyphen, bidi marks, BOM ...): text pasted from elsewhere carries them."""
    found = icu.UnicodeSet(r"[[:Default_Ignorable_Code_Point:]&[:Cf:]&[\u0000-\uFFFF]]")
    return tuple(str(char) for char in found)
