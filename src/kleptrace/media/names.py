"""Person-like and organisation-like names on no list, found by rules: an analyst must see
what was checked, not only what was found. No model is downloaded or loaded; the rules
read capitalisation, a lexicon of given names taken from the lists themselves, and the
title and organisation words in kleptrace/data/media.yml."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table
from kleptrace.media.tokens import Token
from kleptrace.names import legal_form

_JOINER = re.compile(r"[ \u00a0]*(?:[-‐][ \u00a0]*)?")
_AFTER_INITIAL = re.compile(r"\.[ \u00a0]*")
"""What may separate two words of one name: spaces or a hyphen, and the dot after an
initial ("V. Putin")."""
_MAX_WORDS = 5


@dataclass(frozen=True)
class Lexicon:
    titles: frozenset[str]
    function_words: frozenset[str]
    not_person_words: frozenset[str]
    particles: frozenset[str]
    organisation_words: frozenset[str]
    vessel_words: frozenset[str]


@cache
def lexicon() -> Lexicon:
    table = load_table("media")["names"]
    return Lexicon(
        *(
            frozenset(str(w).casefold() for w in table[k])
            for k in (
                "titles",
                "function_words",
                "not_person_words",
                "particles",
                "organisation_words",
                "vessel_words",
            )
        )
    )


@dataclass(frozen=True)
class Run:
    """Words `first` to `last` (inclusive) that read as one name of `kind`."""

    first: int
    last: int
    kind: str


def capitalised_runs(words: Sequence[Token], text: str) -> Iterable[tuple[int, int]]:
    """Maximal runs of capitalised words (with name particles inside) within one line."""
    lex = lexicon()
    i = 0
    while i < len(words):
        if not words[i].capital:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and joined(words[j], words[j + 1], text):
            nxt = words[j + 1]
            if nxt.capital or (
                nxt.text.casefold() in lex.particles
                and j + 2 < len(words)
                and words[j + 2].capital
                and joined(nxt, words[j + 2], text)
            ):
                j += 1
            else:
                break
        yield i, j
        i = j + 1


def joined(a: Token, b: Token, text: str) -> bool:
    """Whether two words are written as parts of one name."""
    between = text[a.end : b.start]
    if len(a.text) == 1 and _AFTER_INITIAL.fullmatch(between):
        return True
    return bool(_JOINER.fullmatch(between))


def unlisted_names(
    words: Sequence[Token],
    text: str,
    given_names: Container[str],
    family_names: Container[str],
    taken: set[int],
) -> list[Run]:
    """Names of people and organisations in `words` outside the word positions `taken`.

    A run is an organisation when it holds an organisation word or ends in a legal form;
    a person when it has two to four words and its first is a given name or its last a
    family name some list uses. Titles, function words and sentence-opening words that
    are not given names are left out at either end.
    """
    lex = lexicon()
    out = []
    for first, last in capitalised_runs(words, text):
        span = [i for i in range(first, last + 1) if i not in taken]
        if len(span) != last - first + 1:
            continue
        while first <= last and (
            words[first].text.casefold() in lex.titles
            or words[first].text.casefold() in lex.function_words
            or (words[first].opens and words[first].key not in given_names)
        ):
            first += 1
        while first <= last and not words[first].capital:
            first += 1  # a particle left at the front once the words before it went
        while last >= first and words[last].text.casefold() in lex.titles:
            last -= 1
        size = last - first + 1
        if size < 2 or size > _MAX_WORDS:
            continue
        folded = [words[i].text.casefold() for i in range(first, last + 1)]
        if any(w in lex.organisation_words for w in folded) or legal_form(folded[-1]):
            out.append(Run(first, last, "organisation"))
        elif (
            size <= 4
            and not any(w in lex.not_person_words for w in folded)
            and _person_like([words[i] for i in range(first, last + 1)], given_names, family_names)
        ):
            out.append(Run(first, last, "person"))
    return out


def _person_like(
    run: list[Token], given_names: Container[str], family_names: Container[str]
) -> bool:
    """A given name first or a family name last; with a lower-case particle inside ("von
    der", "al"), the family name last, since a particle also joins ordinary nouns ("Nach
    Angaben der Werft"). Short all-capital words ("UK", "MP") are not names."""
    if any(len(w.text) <= 3 and w.text.isupper() for w in run):
        return False
    if all(w.capital for w in run):
        return run[0].key in given_names or run[-1].key in family_names
    return run[-1].key in family_names


_IMO = re.compile(r"\bIMO(?:\s*(?:No\.?|number|n[º°o]\.?))?\s*[:#]?\s*(\d{7})\b", re.IGNORECASE)


def imo_numbers(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, number) of every IMO ship number written with its label and a valid
    check digit (the last digit is the sum of the first six times 7 to 2, modulo 10)."""
    for match in _IMO.finditer(text):
        digits = match.group(1)
        check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
        if check == int(digits[6]):
            yield match.start(), match.end(), digits
