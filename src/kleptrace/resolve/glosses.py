"""Russian organisation names written in transliteration on one list and translated on
another ("BOLKHOVSKII ZAVOD POLUPROVODNIKOVYKH PRIBOROV", "BOLKHOVSKY SEMICONDUCTOR
DEVICES PLANT"), found as one name.

The screening score finds spellings, not translations, and blocking keeps a pair only
when the shared words cover most of a name, so such a pair is never scored. Here each
name is glossed (kleptrace/data/russian_glosses.yml): a word of a known meaning, in
English or in transliterated Russian, becomes its concept (PLANT, DEVICE ...); other
words are proper names, cut to a stem without the Russian adjective ending (bolkhovskii,
bolkhovsky -> bolkhov). Two names are one when they have the same concepts and every
proper stem of each begins, or is begun by, one of the other's. Organisations sharing a
proper stem's first letters and the concepts of a name are compared, and a pair of
such names scores `GLOSS_SCORE`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from itertools import combinations

from kleptrace.data import load_table

GLOSS_SCORE = 0.95
"""Name score of two names that are one in translation: the concepts and proper names
all agree, but the words themselves do not, so not 1.0."""
KEY_LETTERS = 5
"""Proper stems sharing this many first letters pair two organisations."""
MAX_KEY_RECORDS = 150
"""A stem's first letters found in more organisations' names than this (group, invest,
trade, holding) pair nothing: a pair needs a rarer proper word in common (bolkhov: 2,
lipet: 10, soyuz: 36 of the loaded lists' organisations)."""
_ENDING = re.compile(r"(skiye|skoye|skaya|skogo|skii|skiy|skie|skoe|sky|ski|iy|yi|ii|yy|y|i)$")


@cache
def _table() -> tuple[dict[str, str], dict[str, str], tuple[int, ...], frozenset[str]]:
    """English word -> concept, Russian beginning -> concept, the beginnings' lengths
    (longest first), stop words."""
    data = load_table("russian_glosses")
    english: dict[str, str] = {}
    russian: dict[str, str] = {}
    for concept, words in data["concepts"].items():
        english.update(dict.fromkeys(words["english"], concept))
        russian.update(dict.fromkeys(words["russian"], concept))
    lengths = tuple(sorted({len(stem) for stem in russian}, reverse=True))
    return english, russian, lengths, frozenset(data["stop"])


def _concept(token: str) -> str | None:
    """The concept of a word of known meaning, English or transliterated Russian."""
    english, russian, lengths, _ = _table()
    found = english.get(token)
    for length in lengths:
        if found is not None:
            break
        found = russian.get(token[:length])
    return found


Gloss = tuple[frozenset[str], tuple[str, ...]]
"""A glossed name: its concepts and its proper stems."""


@cache
def _word(token: str) -> tuple[str, str] | None:
    """("concept", PLANT) for a word of known meaning, ("stem", bolkhov) for another;
    None for a stop word or one of two letters. A number is a stem as it is ("81",
    "18th")."""
    if token in _table()[3]:
        return None
    if (concept := _concept(token)) is not None:
        return "concept", concept
    if any(c.isdigit() for c in token):
        return "stem", token
    if len(token) <= 2:
        return None
    return "stem", _ENDING.sub("", token) if len(token) > 5 else token


def gloss(tokens: Sequence[str]) -> Gloss:
    """The concepts and proper stems of a name's words (lower case, legal forms out)."""
    concepts: set[str] = set()
    stems: list[str] = []
    for token in tokens:
        word = _word(token)
        if word is None:
            continue
        if word[0] == "stem":
            stems.append(word[1])
        else:
            concepts.add(word[1])
    return frozenset(concepts), tuple(stems)


def _stems_match(a: str, b: str) -> bool:
    """One stem begins the other; numbers only match exactly."""
    if a[0].isdigit() or b[0].isdigit():
        return a == b
    return a.startswith(b) or b.startswith(a)


def _covered(stems: Sequence[str], others: Sequence[str]) -> bool:
    return all(any(_stems_match(a, b) for b in others) for a in stems)


def same(a: Gloss, b: Gloss) -> bool:
    """Whether two glossed names are one name: the same concepts (at least one), and
    proper stems (at least one) each found in the other."""
    return (
        bool(a[0] and a[1] and b[1])
        and a[0] == b[0]
        and _covered(a[1], b[1])
        and _covered(b[1], a[1])
    )


def glossed_pairs(
    names: Sequence[Sequence[Gloss]], allowed: Callable[[int, int], bool]
) -> set[tuple[int, int]]:
    """Pairs of records (a < b; `names[i]` are record i's glossed names) with one name in
    common in translation, among those `allowed` to be one target. Names are grouped by
    their concepts and the first letters of a rare stem (in at most `MAX_KEY_RECORDS`
    records), so only names that may be one are compared, and two names whose proper
    words are common ones ("Engineering Group", "Machine Building Group") never are."""

    def keys(name: Gloss) -> set[str]:
        return {stem[:KEY_LETTERS] for stem in name[1] if len(stem) >= KEY_LETTERS}

    records_of_key = Counter(key for glossed in names for key in set().union(*map(keys, glossed)))
    groups: dict[tuple[frozenset[str], str], list[tuple[int, Gloss]]] = {}
    for record, glossed in enumerate(names):
        for name in set(glossed):
            for key in keys(name):
                if name[0] and records_of_key[key] <= MAX_KEY_RECORDS:
                    groups.setdefault((name[0], key), []).append((record, name))
    found: set[tuple[int, int]] = set()
    for members in groups.values():
        for (a, x), (b, y) in combinations(sorted(members), 2):
            pair = (a, b) if a < b else (b, a)
            if a != b and pair not in found and allowed(*pair) and same(x, y):
                found.add(pair)
    return found
