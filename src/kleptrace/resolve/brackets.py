"""Organisation names that carry a bracketed part, compared without it.

The EU, the UN and Canada write an organisation's abbreviation or original-script name
after its name ("Open Joint Stock Company 20 Aviation Repair Plant (20 ARZ)", "LASHKAR I
JHANGVI (LJ)", "Joint-stock company 'Lenpromtransproyekt' (АО 'Ленпромтранспроект')");
other lists give the name alone. Scored whole, the bracketed name leaves the other list's
name words short and falls below the threshold, or is never paired when the bracketed
part outweighs the rest. Screening keeps the names as the lists write them; resolution
compares such a record also under the name before the bracket. (Comparing it under the
bracketed abbreviation alone too merged namesakes: the Internet Research Agency (IRA)
with the Real IRA.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from kleptrace.screen.forms import NameForm, name_form

BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<part>[^()]+)\)\s*$")
"""A name followed by one bracketed part that ends it."""


def bracket_forms(text: str, schema: str, symbols: Mapping[str, frozenset[str]]) -> list[NameForm]:
    """The form a bracketed organisation name is compared under besides its own: the
    name before the bracket. Empty for a name without a final bracketed part."""
    found = BRACKETED.match(text)
    if found is None:
        return []
    form = name_form(found["name"], schema, symbols)
    return [form] if form.tokens else []


FLOOR = 0.6
"""Lowest pair score re-compared under the bracketed names' other forms: a pair below it
shares too little for a dropped abbreviation to lift it over the threshold."""


def words_key(tokens: Iterable[str]) -> str:
    """A name's words in any order, as one key."""
    return " ".join(sorted(tokens))


def same_words_pairs(
    forms: Mapping[int, list[NameForm]], by_words: Mapping[str, list[int]]
) -> list[tuple[int, int]]:
    """Pairs of a bracketed name (index position, key of `forms`) and a name (of
    `by_words`: positions by sorted words) with the words of one of its other forms.
    Blocking misses them when the abbreviation outweighs the rest ("DOOSTAN
    INTERNATIONAL COMPANY (DICO)" and "Doostan International Company")."""
    return [
        (position, other)
        for position, found in forms.items()
        for form in found
        for other in by_words.get(words_key(form.tokens), [])
    ]


def bracketed_scores(
    pairs: Iterable[tuple[int, int]],
    extra: Mapping[int, list[NameForm]],
    names: Callable[[int], list[NameForm]],
    name_score: Callable[[NameForm, NameForm], float],
) -> dict[tuple[int, int], tuple[float, NameForm, NameForm]]:
    """Per pair of records of which one has bracketed names, the best name score of one's
    `extra` forms (`bracket_forms`) against the other's names and forms, with the two
    forms that gave it."""
    out: dict[tuple[int, int], tuple[float, NameForm, NameForm]] = {}
    for a, b in pairs:
        ours, theirs = extra.get(a, []), extra.get(b, [])
        found = [(x, y) for x in ours for y in names(b) + theirs]
        found += [(x, y) for x in names(a) for y in theirs]
        if found:
            out[(a, b)] = max(((name_score(x, y), x, y) for x, y in found), key=lambda t: t[0])
    return out
