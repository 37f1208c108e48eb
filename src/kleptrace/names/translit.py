"""Latin forms of names in other scripts, and the spellings lists disagree on.

`latinize` turns a name in any script into lower-case ASCII, using rigour's
transliteration (its own tables for Cyrillic, Greek, Armenian, Georgian and
Hangul, ICU-style `normality` rules for the rest). The result is one spelling;
lists spell the same person in several (Vladimir / Wladimir / Volodymyr,
Navalny / Navalnyy), so `romanisation_variants` expands one token into the
common alternatives from the table in kleptrace/data/romanisation.yml.

Arabic and Hebrew are written without short vowels, so their Latin form is a
consonant skeleton ("محمد" -> "mhmd"); a comparison across those scripts has
to allow for it. The first Chinese name in a process costs about 0.15 s while
the conversion tables load.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rigour.text.translit import ascii_text

from kleptrace.data import load_table
from kleptrace.names.normalize import clean, fold_homoglyphs

_MAX_VARIANTS = 64


@lru_cache(maxsize=50_000)
def latinize(text: str) -> str:
    """Transliterate a name to lower-case ASCII Latin.

    The text is cleaned and homoglyph-folded first, so "Vlаdimir" with a
    Cyrillic "а" comes out as "vladimir" rather than being transliterated
    letter by letter.

    Args:
        text: A name in any script.

    Returns:
        Lower-case ASCII with single spaces; empty when nothing in the text
        has a Latin rendering.
    """
    words = (_latin_word(word) for word in fold_homoglyphs(clean(text)).split())
    return " ".join(" ".join(words).split())


@lru_cache(maxsize=200_000)
def _latin_word(word: str) -> str:
    """One word to lower-case ASCII, cached: list names share most of their words, and
    ICU transliteration of a Cyrillic word costs ~0.2 ms cold. Word by word gives the
    whole-name result on 5,691 of 5,694 real non-Latin EU aliases; the other three differ
    only where ICU turned a separator ("·") into "?", which is dropped here."""
    latin = ascii_text(word).lower()
    return latin if "?" in word else latin.replace("?", "")


@cache
def _table() -> tuple[dict[str, frozenset[str]], int, list[list[str]], list[list[str]]]:
    data = load_table("romanisation")
    classes: dict[str, frozenset[str]] = {}
    for group in data["classes"]:
        members = frozenset(str(v) for v in group)
        for member in members:
            classes[member] = classes.get(member, frozenset()) | members
    letters = [[str(a), str(b)] for a, b in data["letters"]]
    letters += [[str(a), str(b), "one_way"] for a, b in data["one_way"]]
    letters += [["^" + str(a), "^" + str(b)] for a, b in data["start"]]
    suffixes = [[str(s) for s in group] for group in data["suffixes"]]
    return classes, int(data["min_length"]), letters, suffixes


def _swap_suffix(token: str, suffixes: list[list[str]]) -> set[str]:
    out: set[str] = set()
    for group in suffixes:
        ending = max((s for s in group if token.endswith(s)), key=len, default=None)
        if ending is None:
            continue
        stem = token[: -len(ending)]
        out.update(stem + other for other in group if other != ending)
    return out


def _swap_letters(token: str, rules: list[list[str]]) -> set[str]:
    out: set[str] = set()
    for rule in rules:
        a, b = rule[0], rule[1]
        pairs = [(a, b)] if len(rule) == 3 else [(a, b), (b, a)]
        for old, new in pairs:
            if old.startswith("^"):
                if token.startswith(old[1:]):
                    out.add(new[1:] + token[len(old) - 1 :])
            elif old in token:
                out.add(token.replace(old, new))
    return out


@lru_cache(maxsize=50_000)
def romanisation_variants(token: str) -> frozenset[str]:
    """Return the common romanised spellings of one name token.

    The token is latinized, then expanded: its spelling class from the table
    (vladimir -> wladimir, volodymyr ...), one suffix swap (-ov/-off,
    -iy/-y/-ii/-yy) and one letter swap (ks/x, ya/ia, kh -> h, w/v at the
    start), and the classes of everything found. At most two rules are
    combined, so the set stays small (a few dozen spellings at most).

    Args:
        token: One word of a name, in any script.

    Returns:
        The spellings, including the latinized token itself; empty when the
        token has no Latin rendering.
    """
    base = latinize(token).replace(" ", "")
    if not base:
        return frozenset()
    classes, min_length, letters, suffixes = _table()
    found = {base} | classes.get(base, frozenset())
    if len(base) >= min_length:
        for _ in range(2):
            step: set[str] = set()
            for spelling in found:
                step |= _swap_suffix(spelling, suffixes) | _swap_letters(spelling, letters)
            found |= step
            if len(found) > _MAX_VARIANTS:
                break
    for spelling in list(found):
        found |= classes.get(spelling, frozenset())
    return frozenset(found)
