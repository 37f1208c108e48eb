"""Candidate pairs of list names, from the screening index's word-by-name matrix.

Scoring every name against every other would be 13 billion pairs. The screening
index already holds every list name as weighted words, and its vocabulary knows
which words are spellings of one another (romanisation variants, one typing
error, Arabic consonant skeletons). Expanding each distinct word once gives a
word-by-word matrix E (quality times the lighter weight); names x E x
word-by-name is then, for every two names sharing a word or its spelling, the
weight of one name found in the other. A pair is kept when that covers at least
`min_share` of either name, as screening's candidate step keeps names covering
enough of the query. Words carried by more than `max_word_names` names (legal
forms, "mohammad") only join pairs that share something rarer too, which keeps
the pair count near linear in the number of names. Names written word for word alike
are paired besides (`same_name_pairs`), unless many names are written so.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import scipy.sparse as sp

from kleptrace.names import number_value, romanisation_variants
from kleptrace.screen.candidates import MIN_WORD_WEIGHT
from kleptrace.screen.index import ScreenIndex
from kleptrace.screen.vocabulary import EXACT, MIN_TYPO_LENGTH, TYPO, VARIANT, Vocabulary, deletions

_ROWS = 4_000
Names = npt.NDArray[np.int64]


def _abjad_words(index: ScreenIndex, names: Names) -> set[int]:
    """Words that occur in a name written in Arabic, Persian or Hebrew script."""
    words: set[int] = set()
    matrix = index.matrix.tocsc()
    for position in names.tolist():
        if index.names.abjad[position]:
            words.update(matrix.indices[matrix.indptr[position] : matrix.indptr[position + 1]])
    return words


def _typo_pairs(tokens: list[str]) -> tuple[list[int], list[int]]:
    """Pairs of words one typing error apart, found as the vocabulary's look-up finds
    them (symmetric deletions: a word, or one of its one-letter deletions, equals the
    other or one of its deletions), but in one join instead of a look-up per word."""
    keys: list[str] = []
    owners: list[int] = []
    for word, token in enumerate(tokens):
        if len(token) >= MIN_TYPO_LENGTH - 1:
            keys.append(token)
            owners.append(word)
        if len(token) >= MIN_TYPO_LENGTH:
            for key in deletions(token):
                keys.append(key)
                owners.append(word)
    keyed = pa.table({"key": keys, "word": pa.array(owners, pa.int32())})
    con = duckdb.connect()
    con.register("keyed", keyed)
    joined = con.execute(
        "SELECT DISTINCT a.word AS a, b.word AS b FROM keyed a JOIN keyed b USING (key) "
        "WHERE a.word <> b.word"
    ).fetchnumpy()
    con.close()
    return joined["a"].tolist(), joined["b"].tolist()


def _numeral_pairs(tokens: list[str]) -> tuple[list[int], list[int]]:
    """Pairs of words that are one number written two ways, in digits and in Roman
    numerals ("1" and "i", "12" and "xii"): screening scores them alike
    (`names.number_value`), so "LION I" and "LION 1" must be paired to be compared."""
    by_value: dict[int, list[int]] = {}
    for word, token in enumerate(tokens):
        if (value := number_value(token)) is not None:
            by_value.setdefault(value, []).append(word)
    pairs = [(a, b) for words in by_value.values() for a in words for b in words if a != b]
    return [a for a, _ in pairs], [b for _, b in pairs]


def expansion(
    vocabulary: Vocabulary, abjad: set[int], usable: npt.NDArray[np.bool_]
) -> sp.csr_matrix:
    """Word-by-word matrix: the quality of each way one word is found as another
    (`Vocabulary.expand`: exact, romanisation variant, typo, Arabic skeleton, one number
    in digits and in Roman numerals), times the lighter of the two weights. Unusable
    words (too frequent) find nothing."""
    best: dict[tuple[int, int], float] = {}

    def add(word: int, found: int, quality: float) -> None:
        if usable[word] and usable[found] and best.get((word, found), 0.0) < quality:
            best[(word, found)] = quality

    ids = vocabulary.ids
    for word, token in enumerate(vocabulary.tokens):
        add(word, word, EXACT)
        for variant in romanisation_variants(token):
            if (found := ids.get(variant)) is not None:
                add(word, found, VARIANT)
    for word, found in zip(*_typo_pairs(vocabulary.tokens), strict=True):
        add(word, found, TYPO)
    for word, found in zip(*_numeral_pairs(vocabulary.tokens), strict=True):
        add(word, found, EXACT)
    for word in abjad:
        for found, quality in vocabulary.expand(vocabulary.tokens[word], abjad=True).items():
            add(word, found, quality)
    weights = vocabulary.weights
    rows = np.fromiter((w for w, _ in best), np.int64, len(best))
    cols = np.fromiter((f for _, f in best), np.int64, len(best))
    qualities = np.fromiter(best.values(), np.float32, len(best))
    light = np.minimum(weights[rows], weights[cols])
    keep = (weights[rows] >= MIN_WORD_WEIGHT) & (light > 0)
    size = len(vocabulary.tokens)
    return sp.csr_matrix(
        ((qualities * light)[keep], (rows[keep], cols[keep])), shape=(size, size), dtype=np.float32
    )


def candidate_pairs(
    index: ScreenIndex,
    names: Names,
    allowed: Callable[[Names, Names], npt.NDArray[np.bool_]],
    min_share: float = 0.6,
    max_word_names: int = 2_000,
) -> tuple[Names, Names, npt.NDArray[np.float32]]:
    """Pairs of name positions (a < b) worth scoring, among the index names `names`,
    with the share of the heavier name the other covers (the larger of both ways).

    Args:
        index: The screening index of the live lists.
        names: Positions of the names to pair (those of the targets to resolve).
        allowed: Given two arrays of name positions, which pairs may be the same
            target at all (different lists, compatible schemata).
        min_share: Share of a name's weight the other must cover.
        max_word_names: Words in more names than this do not join a pair alone.
    """
    if len(names) == 0:
        return names, names, np.empty(0, np.float32)
    matrix = index.matrix[:, names].tocsr()  # words x kept names
    frequency = np.diff(matrix.indptr)
    usable = frequency <= max_word_names
    words = expansion(index.vocabulary, _abjad_words(index, names), usable)
    by_name = matrix.T.tocsr()  # kept names x words
    reach = (by_name @ words).tocsr()
    totals = index.name_weights[names]
    found_a: list[Names] = []
    found_b: list[Names] = []
    found_share: list[npt.NDArray[np.float32]] = []
    for start in range(0, len(names), _ROWS):
        block = (reach[start : start + _ROWS] @ matrix).tocoo()
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        share = block.data / np.maximum(totals[rows], totals[cols])
        keep = (share >= min_share) & (rows != cols)
        rows, cols, share = rows[keep], cols[keep], share[keep]
        low, high = np.minimum(rows, cols), np.maximum(rows, cols)
        ok = allowed(names[low], names[high])
        found_a.append(names[low[ok]])
        found_b.append(names[high[ok]])
        found_share.append(share[ok].astype(np.float32))
    a, b = np.concatenate(found_a), np.concatenate(found_b)
    shares = np.concatenate(found_share)
    order = np.lexsort((-shares, b, a))  # per pair, the larger share first
    a, b, shares = a[order], b[order], shares[order]
    first = np.ones(len(a), dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[first], b[first], shares[first]


MAX_SAME_NAME = 10
"""Records bearing one name word for word that are all paired with each other, however
common its words: more is a common name ("Mohammad Ali") that other evidence must find."""


def same_name_pairs(
    index: ScreenIndex,
    names: Names,
    allowed: Callable[[Names, Names], npt.NDArray[np.bool_]],
    max_names: int = MAX_SAME_NAME,
) -> tuple[Names, Names]:
    """Pairs of name positions (a < b) among `names` with the same words in the same order,
    borne by at most `max_names` names. `candidate_pairs` misses such a pair when its
    rarer words are too light to cover `min_share` of it ("Muhammad Ali Al-Qadari",
    "Trading and Transport Services Company, Ltd")."""
    tokens = index.names.tokens
    by_text: dict[str, list[int]] = {}
    for position in names.tolist():
        if text := tokens[position]:
            by_text.setdefault(text, []).append(position)
    low: list[int] = []
    high: list[int] = []
    for group in by_text.values():
        if 1 < len(group) <= max_names:
            for i, first in enumerate(group):
                low.extend([first] * (len(group) - i - 1))
                high.extend(group[i + 1 :])
    a, b = np.asarray(low, dtype=np.int64), np.asarray(high, dtype=np.int64)
    ok = allowed(a, b) if len(a) else np.zeros(0, dtype=bool)
    return a[ok], b[ok]
