"""Which person names are too common to single anyone out on their own.

"Mohammed Ali" or "Ali Hassan" is the name of many listed people and of very
many customers; a name score of 1.0 against one of them says almost nothing.
A word is common when many listed targets carry it (counted over every loaded
list, from the index), when it is one of rigour's generic person names
(Muhammad, Hassan, Abdul Rahman ...), in any spelling sharing its name symbol, or
when it ranks among the most borne given names or surnames of some country
(data/common_names.tsv: "Ahmadi" is Iran's first surname, "Ivanov" Bulgaria's).
A person name made only of common words (titles, particles and initials
aside) is capped by the screener unless a date, country or identifier agrees.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np
from rigour._core import generic_person_names_list

from kleptrace.data import population_name_ranks
from kleptrace.names import latinize, romanisation_variants
from kleptrace.screen.config import CommonNamesConfig
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex

# Roles that never make a name distinctive, whatever the word: a patronymic repeats a
# father's given name, as common as any given name.
_NOT_NAMES = frozenset({"honorific", "particle", "initial", "legal", "patronymic"})


@lru_cache(maxsize=1)
def _generic_names() -> tuple[frozenset[str], frozenset[str]]:
    """rigour's generic person names, as single words and as joined multi-word names."""
    words: set[str] = set()
    joined: set[str] = set()
    for name in generic_person_names_list():
        parts = [p for p in latinize(name).lower().split() if p.isalnum()]
        if len(parts) == 1:
            words.add(parts[0])
        if parts:
            joined.add("".join(parts))
    return frozenset(words), frozenset(joined)


class CommonNames:
    """Tells common person names from distinctive ones for one screening index."""

    def __init__(self, index: ScreenIndex, config: CommonNamesConfig) -> None:
        self._index = index
        self._min_targets = config.min_targets
        self._max_rank = config.max_population_rank
        self._max_words = config.max_words
        self._words: dict[str, bool] = {}

    @cached_property
    def _generic_symbols(self) -> frozenset[str]:
        """Name symbols of rigour's generic single-word names, as the index knows them."""
        words, _ = _generic_names()
        symbols = self._index.vocabulary.symbols
        return frozenset(s for w in words for s in symbols.get(w, ()))

    def targets_with(self, word: str) -> int:
        """How many listed targets carry `word` in one of their names."""
        position = self._index.vocabulary.ids.get(word)
        if position is None:
            return 0
        matrix = self._index.matrix
        names = matrix.indices[matrix.indptr[position] : matrix.indptr[position + 1]]
        return int(np.unique(self._index.name_target[names]).size)

    def population_rank(self, word: str) -> int | None:
        """The word's best rank by bearers in any country, over its romanisations."""
        ranks = population_name_ranks()
        found = [ranks[w] for w in (word, *romanisation_variants(word)) if w in ranks]
        return min(found) if found else None

    def common_word(self, word: str, symbols: frozenset[str]) -> bool:
        """A generic person name in any spelling, a word on many listed targets, or one
        of the most borne names of some country."""
        found = self._words.get(word)
        if found is None:
            rank = self.population_rank(word)
            found = (
                word in _generic_names()[0]
                or bool(symbols & self._generic_symbols)
                or (rank is not None and rank <= self._max_rank)
                or self.targets_with(word) >= self._min_targets
            )
            self._words[word] = found
        return found

    def common_name(self, form: NameForm) -> tuple[str, ...]:
        """The words of a person name made only of common ones; empty when any word is
        distinctive, when it has more than `max_words` of them (four common words
        together, "Salim Ahmad Salim Hamdan", are rare), or when the name is nothing but
        titles and particles."""
        core = [
            (token, symbols, _article(form, k))
            for k, (token, tag, symbols) in enumerate(
                zip(form.tokens, form.tags, form.symbols, strict=True)
            )
            if tag not in _NOT_NAMES
        ]
        if not core or len(core) > self._max_words:
            return ()
        words = tuple(token for token, _, _ in core)
        if "".join(words) in _generic_names()[1]:
            return words
        common = all(
            self.common_word(t, s) or (a and self.common_word(a + t, frozenset()))
            for t, s, a in core
        )
        return words if common else ()


def _article(form: NameForm, position: int) -> str:
    """The Arabic article written before a word ("al" of Al-Otaibi), or "": name
    frequency tables write such surnames joined (Alotaibi)."""
    before = form.tokens[position - 1] if position else ""
    return before if before in ("al", "el") else ""
