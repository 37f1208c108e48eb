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

from dataclasses import dataclass, replace
from typing import Literal

from kleptrace.media.automaton import Hit, NameAutomaton
from kleptrace.media.names import (
    imo_numbers,
    joined,
    lexicon,
    lone_given_names,
    typed_organisations,
    unlisted_names,
)
from kleptrace.media.page import Page
from kleptrace.media.tokens import Token, tokens

How = Literal["full", "initials", "surname", "repeat", "unlisted", "alone", "imo"]
_VESSEL_LOOKBACK = 3
_IMO_AFTER = 8
"""A vessel name is kept when a ship word precedes it ("the crude tanker ...") or its IMO
number follows within this many characters ("Lady Rania, IMO 9784893")."""


@dataclass(frozen=True)
class Mention:
    """One name as written in the page.

    Attributes:
        text: As written (inflected, possessive left out).
        start, end: Character offsets in the page text.
        part: The page part it is in ("body", "comments", ...).
        kind: "person", "organisation" or "vessel".
        how: How it was found: a list name in full, with initials, a family name after
            a title, a repeat of another mention's name, a name on no list, a given name
            alone (never screened: it cannot single anyone out), an IMO number.
        listed: Whether the words spell a name some loaded list carries.
        name: The name to screen (for a repeat, the earlier full name).
        refers_to: For a repeat, the position in the list of the mention naming the
            person in full (earlier, or later for a headline's family name).
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
    list_form: str | None = None
    """For a list name written inflected, the same words as the list spells them."""


def find_mentions(page: Page, automaton: NameAutomaton) -> list[Mention]:
    """The mentions of `page`, in text order."""
    words = tokens(page.text)
    found: list[_Found] = []
    for hit in automaton.find(words):
        kept = _kept(hit, words, page.text)
        if kept is not None:
            person = hit.kind == "person"
            form = automaton.list_form(hit, words) if person else None
            family = automaton.family_key(hit, words) if person else None
            found.append(
                _Found(hit.first, hit.last, hit.kind, kept[0], True, kept[1], form, family)
            )
    taken = {i for f in found for i in range(f.first, f.last + 1)}
    for run in unlisted_names(words, page.text, automaton.given, automaton.by_family, taken):
        named = [w for w in words[run.first : run.last + 1] if len(w.text) > 1]
        opening = " ".join(w.key for w in named[:2])
        if run.kind == "person" and len(named) > 1 and opening in automaton.by_start:
            continue  # spells a listed vessel or organisation ("Purple Star")
        if run.kind == "person" and len(named) == 1:  # "Luisa B.": a given name, no more
            found.append(_Found(run.first, run.last, "person", "alone", False, False, None, None))
            continue
        family = named[-1].key if run.kind == "person" else None
        found.append(_Found(run.first, run.last, run.kind, "unlisted", False, False, None, family))
    taken = {i for f in found for i in range(f.first, f.last + 1)}
    for run in typed_organisations(words, page.text, taken):
        found.append(_Found(run.first, run.last, run.kind, "unlisted", False, False, None, None))
    taken = {i for f in found for i in range(f.first, f.last + 1)}
    families = {f.family for f in found if f.family and f.how in _FULL}
    for i in lone_given_names(words, page.text, automaton.given, automaton.places, taken):
        if words[i].key not in families:  # a family name alone is a repeat (below)
            found.append(_Found(i, i, "person", "alone", False, False, None, None))
    found.sort(key=lambda f: f.first)
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
    return _in_text_order(mentions)


_FULL = ("full", "initials", "unlisted")
"""Ways a person is named in full, so that the family name alone refers back to it."""


@dataclass(frozen=True)
class _Found:
    first: int
    last: int
    kind: str
    how: How
    listed: bool
    needs_context: bool
    list_form: str | None
    family: str | None
    """The key of a person's family name, for the repeats that use it alone."""


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
    if hit.kind == "vessel":
        behind = words[max(0, hit.first - _VESSEL_LOOKBACK) : hit.first]
        ship = any(w.text.casefold() in lexicon().vessel_words for w in behind)
        after = text[words[hit.last].end : words[hit.last].end + _IMO_AFTER].casefold()
        return ("full", False) if ship or "imo" in after else None
    if hit.first < hit.last:
        return ("initials" if hit.how == "initials" else "full"), False
    word = words[hit.first]
    alone = not _capital_neighbour(words, hit.first, text)
    return ("full", True) if alone and not word.opens and len(word.text) >= 5 else None


def _capital_neighbour(words: list[Token], i: int, text: str) -> bool:
    return (i > 0 and words[i - 1].capital and joined(words[i - 1], words[i], text)) or (
        i + 1 < len(words) and words[i + 1].capital and joined(words[i], words[i + 1], text)
    )


def _with_repeats(
    found: list[_Found], words: list[Token], page: Page, automaton: NameAutomaton
) -> list[Mention]:
    """The mentions, with each later mention of a person named in full earlier (by family
    name alone, or by the same full name again) marked as a repeat of the first, and a
    family name alone before any full name (a headline's "... linked to Usmanov") as a
    repeat of the first full name that follows."""
    taken = {i for f in found for i in range(f.first, f.last + 1)}
    families: dict[str, int] = {}
    listed: dict[str, int] = {}
    """Family names of listed people named in full, for a headline's family name alone."""
    ahead: list[Token] = []
    names: dict[tuple[str, ...], int] = {}
    mentions: list[Mention] = []
    pending = iter(found)
    upcoming = next(pending, None)
    for i, word in enumerate(words):
        if upcoming is not None and upcoming.first == i:
            f = upcoming
            start, end = words[f.first].start, words[f.last].end
            text = page.text[start:end]
            keys = tuple(w.key for w in words[f.first : f.last + 1])
            antecedent = names.get(keys)
            if antecedent is None and f.how == "surname":
                antecedent = families.get(words[f.first].key)
            if antecedent is None and f.how == "initials" and f.family:
                antecedent = families.get(f.family)
            if antecedent is not None:
                mentions.append(_repeat(mentions[antecedent], antecedent, text, start, end, page))
            else:
                mentions.append(
                    Mention(
                        text,
                        start,
                        end,
                        page.part_at(start),
                        f.kind,
                        f.how,
                        f.listed,
                        text,
                        needs_context=f.needs_context,
                        list_form=f.list_form,
                    )
                )
                names[keys] = len(mentions) - 1
                if f.family and f.how in _FULL:
                    families.setdefault(f.family, len(mentions) - 1)
                    if f.listed and len(f.family) > 2:
                        listed.setdefault(f.family, len(mentions) - 1)
            upcoming = next(pending, None)
        elif i not in taken and word.capital and word.key in families:
            antecedent = families[word.key]
            mentions.append(
                _repeat(mentions[antecedent], antecedent, word.text, word.start, word.end, page)
            )
        elif i not in taken and word.capital and not _capital_neighbour(words, i, page.text):
            ahead.append(word)  # alone: not "Abdul" of "Abdul Latif Mansoor"
    for word in ahead:
        if word.key in listed and word.text.casefold() not in lexicon().particles:
            antecedent = listed[word.key]
            mentions.append(
                _repeat(mentions[antecedent], antecedent, word.text, word.start, word.end, page)
            )
    return mentions


def _in_text_order(mentions: list[Mention]) -> list[Mention]:
    """The mentions sorted by offset, each repeat pointing at its mention's new place."""
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    place = {old: new for new, old in enumerate(order)}
    out = []
    for k in order:
        mention, earlier = mentions[k], mentions[k].refers_to
        out.append(mention if earlier is None else replace(mention, refers_to=place[earlier]))
    return out


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
