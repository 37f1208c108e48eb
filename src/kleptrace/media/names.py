"""Person-like and organisation-like names on no list, found by rules: an analyst must see
what was checked, not only what was found. No model is downloaded or loaded; the rules
read capitalisation, a lexicon of given names taken from the lists themselves, and the
title and organisation words in kleptrace/data/media.yml."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table, population_name_ranks
from kleptrace.media.tokens import Token
from kleptrace.names import latinize, legal_form

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
    second_particles: frozenset[str]
    organisation_nouns: frozenset[str]
    place_prepositions: frozenset[str]


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
                "second_particles",
                "organisation_nouns",
                "place_prepositions",
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
    i = 0
    while i < len(words):
        if not words[i].capital:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and joined(words[j], words[j + 1], text):
            if words[j + 1].capital:
                j += 1
                continue
            k = _after_particles(words, j + 1, text)
            if k is None:
                break
            j = k
        yield i, j
        i = j + 1


def _after_particles(words: Sequence[Token], i: int, text: str) -> int | None:
    """The capitalised word that name particles from word `i` lead to ("von der" ->
    Leyen), or None: a German article ("der") starts no such chain, it follows a
    particle ("von der", "van den") or else joins nouns ("Sanktionsliste der EU")."""
    lex = lexicon()
    if words[i].text.casefold() in lex.second_particles:
        return None
    k = i
    while k < len(words) and words[k].text.casefold() in lex.particles:
        if k + 1 >= len(words) or not joined(words[k], words[k + 1], text):
            return None
        k += 1
    if k == i or k >= len(words) or not words[k].capital or legal_form(words[k].text.casefold()):
        return None  # "Angaben von ZAO Radiotekhkomplekt": a legal form opens a name
    return k


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
    lower = {w.text for w in words if not w.capital}
    out = []
    for first, last in capitalised_runs(words, text):
        span = [i for i in range(first, last + 1) if i not in taken]
        if len(span) != last - first + 1:
            continue
        while first <= last and (
            words[first].text.casefold() in lex.titles
            or words[first].text.casefold() in lex.function_words
            or (
                words[first].opens
                and words[first].key not in given_names
                and not borne_name(words[first])
            )
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
            and _person_like(
                [words[i] for i in range(first, last + 1)],
                given_names,
                family_names,
                lower,
            )
            and not (first > 0 and words[first - 1].text.casefold() in lex.vessel_words)
        ):
            out.append(Run(first, last, "person"))
    return out


def _person_like(
    run: list[Token],
    given_names: Container[str],
    family_names: Container[str],
    lower: Container[str],
) -> bool:
    """A given name first or a family name last, or both ends names people bear in some
    country ("Klaus Petersen") and that the page never writes in lower case (`lower`:
    "Purple Star" on a page about a purple flag is no one); with a lower-case particle
    inside ("von der", "al"), only the lists' given or family names count, since a
    particle also joins ordinary words.
    Short all-capital words ("UK", "MP") are not names; one capital letter at the end is
    an initial ("Luisa B.")."""
    body = run[:-1] if len(run[-1].text) == 1 and len(run) > 1 else run
    if any(len(w.text) <= 3 and w.text.isupper() for w in body):
        return False
    if all(w.capital for w in run):
        return (
            run[0].key in given_names
            or run[-1].key in family_names
            or (
                body is run
                and all(borne_name(w) and w.text.casefold() not in lower for w in (run[0], run[-1]))
            )
        )
    return run[0].key in given_names or run[-1].key in family_names


def borne_name(word: Token) -> bool:
    """Whether a word is among the given names or surnames most borne in some country
    (kleptrace/data/common_names.tsv), in its Latin spelling."""
    return latinize(word.text).casefold() in population_name_ranks()


def lone_given_names(
    words: Sequence[Token],
    text: str,
    given_names: Container[str],
    places: Container[str],
    taken: set[int],
) -> list[int]:
    """Positions of given names standing alone for a person ("One of them, Alexander,
    has ...", a commenter signing "Николай"): a capitalised word outside `taken`, with no
    capitalised word joined to it, that the lists use as a given name and people bear
    in some country, and that the page never writes in lower case (so not "Will", "May"
    or "Mark" the words) nor as a place (`places`: Latin spellings, lower-case, such as
    "china" or "washington"; nor after "in", "from" ...). One that opens a sentence counts
    only when a lower-case word follows it ("Sergei opens ...") or it is alone on its
    line."""
    lex = lexicon()
    lower = {w.text for w in words if not w.capital}
    out = []
    for i, word in enumerate(words):
        if not word.capital or i in taken or len(word.text) < 4 or word.text.isupper():
            continue
        folded = word.text.casefold()
        if (
            folded in lower
            or folded in lex.titles
            or folded in lex.function_words
            or folded in lex.not_person_words
            or word.key not in given_names
            or not borne_name(word)
            or latinize(word.text).casefold() in places
        ):
            continue
        before = words[i - 1] if i > 0 else None
        if before is not None and before.text.casefold() in lex.place_prepositions:
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if (before is not None and before.capital and joined(before, word, text)) or (
            after is not None and after.capital and joined(word, after, text)
        ):
            continue
        if word.opens:
            line_end = text.find("\n", word.end)
            alone = not text[word.end : len(text) if line_end < 0 else line_end].strip(" .,")
            starts_line = not text[text.rfind("\n", 0, word.start) + 1 : word.start].strip(
                " \t0123456789.•-*"
            )
            verb = after is not None and not after.capital and joined(word, after, text)
            if not (verb or (alone and starts_line)):
                continue
        out.append(i)
    return out


def typed_organisations(words: Sequence[Token], text: str, taken: set[int]) -> list[Run]:
    """One-word organisation names the words before them call one ("the commodity trader
    Gunvor"): a capitalised word outside `taken`, not opening a sentence, with no
    capitalised word joined to it, right after an organisation noun in lower case."""
    lex = lexicon()
    out = []
    for i in range(1, len(words)):
        word, before = words[i], words[i - 1]
        if (
            not word.capital
            or word.opens
            or i in taken
            or before.capital
            or before.text.casefold() not in lex.organisation_nouns
            or not joined(before, word, text)
            or word.text.casefold() in lex.titles
            or word.text.casefold() in lex.function_words
        ):
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if after is not None and after.capital and joined(word, after, text):
            continue
        out.append(Run(i, i, "organisation"))
    return out


_IMO = re.compile(r"\bIMO(?:\s*(?:No\.?|number|n[º°o]\.?))?\s*[:#]?\s*(\d{7})\b", re.IGNORECASE)


def imo_numbers(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, number) of every IMO ship number written with its label and a valid
    check digit (the last digit is the sum of the first six times 7 to 2, modulo 10)."""
    for match in _IMO.finditer(text):
        digits = match.group(1)
        check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
        if check == int(digits[6]):
            yield match.start(), match.end(), digits
