"""Every name an article mentions, where, in which part of the page, and what to screen.

Three finders run over the page's words: the list-name automaton (names as the lists
spell them, in any script and inflection), the rules for names on no list, and IMO
numbers. A later capitalised word that is the family name of a person named in full
earlier ("... Vladimir Putin ... Putin's regime") is a repeat mention of that person.
A family name alone with no earlier full name is kept only after a title ("President
Putin"), and a one-word organisation or vessel name only where its context says it is
one: alone, such words are too often ordinary words ("Prospect", "Progress").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kleptrace.media.automaton import Hit, NameAutomaton
from kleptrace.media.names import imo_numbers, joined, lexicon, unlisted_names
from kleptrace.media.page import Page
from kleptrace.media.tokens import Token, tokens

How = Literal["full", "initials", "surname", "repeat", "unlisted", "imo"]
_VESSEL_LOOKBACK = 2


@dataclass(frozen=True)
class Mention:
    """One name as written in the page.

    Attributes:
        text: As written (inflected, possessive left out).
        start, end: Character offsets in the page text.
        part: The page part it is in ("body", "comments", ...).
        kind: "person", "organisation" or "vessel".
        how: How it was found: a list name in full, with initials, a family name after
            a title, a repeat of an earlier name, a name on no list, an IMO number.
        listed: Whether the words spell a name some loaded list carries.
        name: The name to screen (for a repeat, the earlier full name).
        refers_to: For a repeat, the position of the earlier mention in the list.
        identifier: The IMO number of a vessel mention.
        needs_context: A one-word organisation name, linked only with context support.
    """

    text: str
    start: int
    end: int
    part: str
    kind: str
    how: How
    listed: bool
    name: str
    refers_to: int | None = None
    identifier: str | None = None
    needs_context: bool = False


def find_mentions(page: Page, automaton: NameAutomaton) -> list[Mention]:
    """The mentions of `page`, in text order."""
    words = tokens(page.text)
    found: list[tuple[int, int, str, How, bool, bool]] = []
    for hit in automaton.find(words):
        kept = _kept(hit, words, page.text)
        if kept is not None:
            found.append((hit.first, hit.last, hit.kind, kept[0], True, kept[1]))
    taken = {i for first, last, *_ in found for i in range(first, last + 1)}
    for run in unlisted_names(words, page.text, automaton.given, automaton.by_family, taken):
        found.append((run.first, run.last, run.kind, "unlisted", False, False))
    found.sort()
    mentions = _with_repeats(found, words, page, automaton)
    for start, end, number in imo_numbers(page.text):
        mentions.append(
            Mention(
                page.text[start:end],
                start,
                end,
                page.part_at(start),
                "vessel",
                "imo",
                True,
                f"IMO {number}",
                identifier=number,
            )
        )
    return sorted(mentions, key=lambda m: m.start)


def _kept(hit: Hit, words: list[Token], text: str) -> tuple[How, bool] | None:
    """Whether an automaton hit is a mention: (how, needs context), or None."""
    titles = lexicon().titles
    if hit.how == "surname":
        before = words[hit.first - 1] if hit.first > 0 else None
        titled = (
            before is not None
            and before.capital
            and before.text.casefold() in titles
            and joined(before, words[hit.first], text)
        )
        return ("surname", False) if titled else None
    if hit.first < hit.last:
        return ("initials" if hit.how == "initials" else "full"), False
    if hit.kind == "vessel":
        behind = words[max(0, hit.first - _VESSEL_LOOKBACK) : hit.first]
        ship = any(w.text.casefold() in lexicon().vessel_words for w in behind)
        return ("full", False) if ship else None
    word = words[hit.first]
    alone = not _capital_neighbour(words, hit.first, text)
    return ("full", True) if alone and not word.opens and len(word.text) >= 5 else None


def _capital_neighbour(words: list[Token], i: int, text: str) -> bool:
    return (i > 0 and words[i - 1].capital and joined(words[i - 1], words[i], text)) or (
        i + 1 < len(words) and words[i + 1].capital and joined(words[i], words[i + 1], text)
    )


def _with_repeats(
    found: list[tuple[int, int, str, How, bool, bool]],
    words: list[Token],
    page: Page,
    automaton: NameAutomaton,
) -> list[Mention]:
    """The mentions, plus each later family-name-only mention of a person named in full."""
    taken = {i for first, last, *_ in found for i in range(first, last + 1)}
    families: dict[str, int] = {}
    mentions: list[Mention] = []
    pending = iter(found)
    upcoming = next(pending, None)
    for i, word in enumerate(words):
        if upcoming is not None and upcoming[0] == i:
            first, last, kind, how, listed, needs = upcoming
            start, end = words[first].start, words[last].end
            text = page.text[start:end]
            family = _family_key(words, first, last, automaton) if kind == "person" else None
            antecedent = families.get(words[first].key) if how == "surname" else None
            if antecedent is not None:
                mentions.append(_repeat(mentions[antecedent], antecedent, text, start, end, page))
            else:
                mentions.append(
                    Mention(
                        text,
                        start,
                        end,
                        page.part_at(start),
                        kind,
                        how,
                        listed,
                        text,
                        needs_context=needs,
                    )
                )
                if family and how in ("full", "initials", "unlisted"):
                    families[family] = len(mentions) - 1
            upcoming = next(pending, None)
        elif i not in taken and word.capital and word.key in families:
            antecedent = families[word.key]
            mentions.append(
                _repeat(mentions[antecedent], antecedent, word.text, word.start, word.end, page)
            )
    return mentions


def _family_key(words: list[Token], first: int, last: int, automaton: NameAutomaton) -> str:
    """The family name of a person mention: the last word a list uses as a family name,
    else the last word."""
    for i in range(last, first - 1, -1):
        if words[i].key in automaton.by_family:
            return words[i].key
    return words[last].key


def _repeat(
    antecedent: Mention, position: int, text: str, start: int, end: int, page: Page
) -> Mention:
    return Mention(
        text,
        start,
        end,
        page.part_at(start),
        antecedent.kind,
        "repeat",
        antecedent.listed,
        antecedent.name,
        refers_to=position,
    )
