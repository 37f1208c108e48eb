"""Organisation names that carry their abbreviation in brackets, compared without it.

The EU and UN write an organisation's short form after its name ("Open Joint Stock
Company 20 Aviation Repair Plant (20 ARZ)", "LASHKAR I JHANGVI (LJ)"); other lists
give the name and the short form as two names, or only one of them. Scored whole, the
bracketed name leaves the other list's name a word short and falls below the threshold.
Screening keeps the names as the lists write them; resolution compares such a record
also under the name before the bracket and under the short form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kleptrace.screen.forms import NameForm, name_form

BRACKETED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<short>[^()]+)\)\s*$")
"""A name followed by one bracketed part that ends it."""
SHORT_FORM_WORDS = 3
"""Most words of a short form ("20 ARZ", "AO SKTB RT"); a longer bracketed part is a
name of its own (a translation, a former name), not an abbreviation."""
SHORT_FORM_LETTERS = 8
"""Most letters of a short form's longest word (SAKIG, FTSNIVT)."""


def short_form(text: str) -> bool:
    """Whether a bracketed part is an abbreviation: a few words, each a number or
    written in capitals, none long ("20 ARZ", "LJ", "АО «СКТБ РТ»")."""
    words = re.findall(r"\w+", text)
    return (
        0 < len(words) <= SHORT_FORM_WORDS
        and all(w.isdigit() or w.isupper() for w in words)
        and max(len(w) for w in words) <= SHORT_FORM_LETTERS
    )


def bracket_forms(text: str, schema: str, symbols: Mapping[str, frozenset[str]]) -> list[NameForm]:
    """The forms a bracketed organisation name is compared under besides its own: the
    name before the bracket and, when the bracket holds a short form, that short form.
    None for a name without a final bracketed part."""
    found = BRACKETED.match(text)
    if found is None:
        return []
    parts = [found["name"]]
    if short_form(found["short"]):
        parts.append(found["short"])
    forms = [name_form(part, schema, symbols) for part in parts]
    return [form for form in forms if form.tokens]


FLOOR = 0.6
"""Lowest pair score re-compared under the bracketed names' other forms: a pair below it
shares too little for a dropped abbreviation to lift it over the threshold."""


def bracketed_scores(
    scores: Mapping[tuple[int, int], float],
    extra: Mapping[int, list[NameForm]],
    names: Callable[[int], list[NameForm]],
    name_score: Callable[[NameForm, NameForm], float],
    threshold: float,
) -> dict[tuple[int, int], tuple[float, NameForm, NameForm]]:
    """Per pair of records scoring from `FLOOR` to below `threshold` of which one has
    bracketed names, the best name score of one's `extra` forms (`bracket_forms`)
    against the other's names and forms, with the two forms that gave it."""
    out: dict[tuple[int, int], tuple[float, NameForm, NameForm]] = {}
    for (a, b), value in scores.items():
        if not FLOOR <= value < threshold or (a not in extra and b not in extra):
            continue
        ours, theirs = extra.get(a, []), extra.get(b, [])
        found = [(x, y) for x in ours for y in names(b) + theirs]
        found += [(x, y) for x in names(a) for y in theirs]
        out[(a, b)] = max(((name_score(x, y), x, y) for x, y in found), key=lambda t: t[0])
    return out
