"""Which person names are too common to single anyone out on their own.

"Mohammed Ali" or "Ali Hassan" is the name of many listed people and of very
many customers; a name score of 1.0 against one of them says almost nothing.
A word is common when many listed targets carry it (counted over every loaded
list, from the index) or when it is one of rigour's generic person names
(Muhammad, Hassan, Abdul Rahman ...), in any spelling sharing its name symbol.
A person name made only of common words (titles, particles and initials
aside) is capped by the screener unless a date, country or identifier agrees.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np
from rigour._core import generic_person_names_list

from kleptrace.names import latinize
from kleptrace.screen.config import CommonNamesConfig
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex

# Roles that never make a name distinctive, whatever the word.
_NOT_NAMES = frozenset({"honorific", "particle", "initial", "legal"})


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

    def common_word(self, word: str, symbols: frozenset[str]) -> bool:
        """A generic person name in any spelling, or a word on many listed targets."""
        found = self._words.get(word)
        if found is None:
            found = (
                word in _generic_names()[0]
                or bool(symbols & self._generic_symbols)
                or self.targets_with(word) >= self._min_targets
            )
            self._words[word] = found
        return found

    def common_name(self, form: NameForm) -> tuple[str, ...]:
        """The words of a person name made only of common ones; empty when any word is
        distinctive (or the name is nothing but titles and particles)."""
        core = [
            (token, symbols)
            for token, tag, symbols in zip(form.tokens, form.tags, form.symbols, strict=True)
            if tag not in _NOT_NAMES
        ]
        if not core:
            return ()
        words = tuple(token for token, _ in core)
        if "".join(words) in _generic_names()[1]:
            return words
        return words if all(self.common_word(t, s) for t, s in core) else ()
