"""Which person names are too common to single anyone out on their own.

"Mohammed Ali" or "Ali Hassan" is the name of many listed people and of very
many customers; a name score of 1.0 against one of them says almost nothing.
A word is common everywhere when it is one of rigour's generic person names
(Muhammad, Hassan, Abdul Rahman ...) in any spelling sharing its name symbol, or when
no country's table ranks it but many listed targets carry it (Korean "chol"; counted
over every loaded list, from the index); otherwise it is common where it ranks among
the most borne given names or surnames of a country (data/common_names.tsv: "Ahmadi"
is Iran's first surname, "Ivanov" Bulgaria's). A person name made only of common
words (titles, particles and initials aside), common in one country together, is
capped by the screener unless a date, country or identifier agrees: Mikhail ranks high
in Russia and Fridman in Israel, but few people in either are called Mikhail Fridman,
so that name alerts on its own, as does a name with a patronymic. A Korean name in
three Latin syllables is a surname and a given name ranked whole, as Korea's table ranks
it: Kim Jong Un alerts on its own, Kim Jong Sik does not.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import numpy as np
from rigour._core import generic_person_names_list

from kleptrace.data import country_ranks, population_name_ranks
from kleptrace.names import is_korean_syllable, latinize, romanisation_variants
from kleptrace.screen.config import CommonNamesConfig
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex

# Roles that never make a name distinctive, whatever the word.
_NOT_NAMES = frozenset({"honorific", "particle", "initial", "legal"})
_KOREA = frozenset({"KR", "KP"})


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
        self._words: dict[str, frozenset[str] | None] = {}

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

    def population_ranks(self, word: str) -> dict[str, int]:
        """The word's best rank by bearers in each country, over its romanisations."""
        table = population_name_ranks()
        best: dict[str, int] = {}
        for spelling in (word, *romanisation_variants(word)):
            for country, rank in country_ranks(table.get(spelling, "")).items():
                best[country] = min(rank, best.get(country, rank))
        return best

    def where_common(self, word: str, symbols: frozenset[str]) -> frozenset[str] | None:
        """Where `word` is a common name: the countries where it is among the most borne
        names; None for everywhere (a generic person name in any spelling, or a word on
        many listed targets that no country's table ranks, as Korean "chol"); empty for a
        distinctive word. A word many listed Russians bear (Mikhail) is common where
        Russian names are, not beside a surname common only in Israel."""
        if word not in self._words:
            if word in _generic_names()[0] or symbols & self._generic_symbols:
                where: frozenset[str] | None = None
            else:
                ranks = self.population_ranks(word)
                where = frozenset(c for c, rank in ranks.items() if rank <= self._max_rank)
                if not ranks and self.targets_with(word) >= self._min_targets:
                    where = None
                elif where and is_korean_syllable(word):
                    # Korea's table ranks given names whole and in Hangul (현우), never
                    # a Latin syllable of one (the "woo" of Hyun-woo).
                    where |= _KOREA
            self._words[word] = where
        return self._words[word]

    def common_name(self, form: NameForm) -> tuple[str, ...]:
        """The words of a person name made only of common ones; empty when any word is
        distinctive, when its words are common in no one country together, when it has
        more than `max_words` of them (four common words together, "Salim Ahmad Salim
        Hamdan", are rare) or a patronymic, or when the name is nothing but titles and
        particles."""
        if "patronymic" in form.tags:
            # A father's name narrows a Russian name some fiftyfold: Dmitry Medvedev is
            # thousands of men in Russia, Dmitry Anatolyevich Medvedev a few dozen.
            return ()
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
        if len(words) == 3 and all(is_korean_syllable(word) for word in words):
            return words if self._korean_name_common(words) else ()
        shared: frozenset[str] | None = None  # the countries where every word so far is common
        for token, symbols, article in core:
            where = self.where_common(token, symbols)
            if article and where is not None:
                joined = self.where_common(article + token, frozenset())
                where = None if joined is None else where | joined
            if where is not None:
                shared = where if shared is None else shared & where
                if not shared:
                    return ()
        return words

    def _korean_name_common(self, words: tuple[str, str, str]) -> bool:
        """Whether three Korean syllables are a common surname and a common given name,
        in either order. Korea's table ranks given names whole, so the two syllables of
        one are looked up joined: Kim Jong Il's 정일 ranks 243rd, Kim Jong Un's 정은 not
        at all, though "jong" and "un" alone are common somewhere."""
        first, second, third = words
        for family, given in ((first, second + third), (third, first + second)):
            where_family = self.where_common(family, frozenset())
            where_given = self.where_common(given, frozenset())
            if all(where is None or where & _KOREA for where in (where_family, where_given)):
                return True
        return False


def _article(form: NameForm, position: int) -> str:
    """The Arabic article written before a word ("al" of Al-Otaibi), or "": name
    frequency tables write such surnames joined (Alotaibi)."""
    before = form.tokens[position - 1] if position else ""
    return before if before in ("al", "el") else ""
