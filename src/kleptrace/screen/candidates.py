"""Find the few list names worth scoring for each query name, by one sparse product.

Each query name becomes a sparse vector over the vocabulary: every list word
its words may be (`Vocabulary.expand`), weighted by the word's weight and the
quality of the match. The scorer joins neighbouring words that the other name
writes as one ("abdul rahman", Korean "jong un" against Hangul 정은), so the
vector also carries the list words two neighbouring query words make together,
and the two list words one query word splits into. Multiplying a block of such
vectors by the word-by-name matrix gives, for every name sharing at least one
word, the weight of the query it covers. Words too generic to single anything
out (legal forms, "trading") are left out of the vector, so "CORP" or "LLC"
alone finds nothing, and names covering less than MIN_COVERAGE of the query
are never scored.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from kleptrace.names import joined_variants, romanisation_variants
from kleptrace.screen.config import SCORING
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex
from kleptrace.screen.similarity import UNMATCHED_COST
from kleptrace.screen.vocabulary import Vocabulary

_CONFIG = SCORING.candidates
MIN_COVERAGE, COVERAGE_MARGIN = _CONFIG.min_coverage, _CONFIG.coverage_margin
MIN_WORD_WEIGHT, TOP_NAMES = _CONFIG.min_word_weight, _CONFIG.top_names
# Quality of a list word found by joining two query words (or of the two one splits
# into), and the shortest half of a split looked for: see kleptrace/data/scoring.yml.
JOINED, MIN_HALF = _CONFIG.joined, _CONFIG.min_half


def _query_weight(token: str, expanded: dict[int, float], vocabulary: Vocabulary) -> float:
    """How much a query word counts: its list weight, or, for a word no list spells so
    (a typo, Arabic "abrahym" for Ibrahim, Chinese "vlakimir" for Vladimir), the weight
    of the commonest list word it may be (`expanded`), since weighing it as a rare word
    would make every true name cover too little."""
    if token in vocabulary.ids or not expanded:
        return vocabulary.weight(token)
    return max(MIN_WORD_WEIGHT, min(float(vocabulary.weights[word]) for word in expanded))


def _add(cells: dict[int, float], word: int, value: float) -> None:
    if value > cells.get(word, 0.0):
        cells[word] = value


def _halves(token: str, vocabulary: Vocabulary) -> set[tuple[int, int]]:
    """Pairs of list words that a query word, in any of its spellings, is written as."""
    out: set[tuple[int, int]] = set()
    ids = vocabulary.ids
    for spelling in romanisation_variants(token) | {token}:
        for cut in range(MIN_HALF, len(spelling) - MIN_HALF + 1):
            head, tail = ids.get(spelling[:cut]), ids.get(spelling[cut:])
            if head is not None and tail is not None:
                out.add((head, tail))
    return out


def _joined_words(
    form: NameForm, vocabulary: Vocabulary, cells: dict[int, float], weights: list[float]
) -> None:
    """Add the list words two neighbouring query words make, and those one splits into.

    Only spellings and romanisation variants count here: a typo or consonant
    skeleton of a joined word matches too much by chance."""
    listed = vocabulary.weights
    for i, token in enumerate(form.tokens):
        if weights[i] < MIN_WORD_WEIGHT or len(token) < 2 * MIN_HALF or token in vocabulary.ids:
            continue  # a word the lists write as one word is not looked for in halves
        for head, tail in _halves(token, vocabulary):
            for word in (head, tail):
                _add(cells, word, min(weights[i], float(listed[word])) * JOINED / 2)
    for i in range(len(form.tokens) - 1):
        for spelling in joined_variants(form.tokens[i], form.tokens[i + 1]):
            listed_word = vocabulary.ids.get(spelling)
            if listed_word is not None:
                weight = float(listed[listed_word])
                share = min(weights[i], weight) + min(weights[i + 1], weight)
                _add(cells, listed_word, share * JOINED)


def query_matrix(
    forms: Sequence[NameForm], index: ScreenIndex
) -> tuple[sp.csr_matrix, np.ndarray, list[dict[int, float]]]:
    """One sparse row per query name, the total weight of each name's words, and per
    name the list words too generic to find anything by, with their weights.

    A word's share of the total is its weight times what leaving it unmatched
    would cost (a title nothing, a patronymic a third), as in the name score.
    """
    vocabulary = index.vocabulary
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    totals = np.zeros(len(forms), dtype=np.float32)
    generic: list[dict[int, float]] = []
    for row, form in enumerate(forms):
        cells: dict[int, float] = {}
        generic.append({})
        expansions = [
            vocabulary.expand(t, form.abjad, form.lossy)
            if len(t) >= 2 and (t not in vocabulary.ids or vocabulary.weight(t) >= MIN_WORD_WEIGHT)
            else {}
            for t in form.tokens
        ]
        weights = [
            _query_weight(t, found, vocabulary)
            for t, found in zip(form.tokens, expansions, strict=True)
        ]
        for i, (token, tag, weight) in enumerate(zip(form.tokens, form.tags, weights, strict=True)):
            if token in form.tokens[:i] or len(token) < 2:
                # A word written twice ("АО «Камаз» (ПАО «Камаз»)") counts once; a single
                # letter or digit (an initial, "PETREL 8") is not indexed, so it cannot
                # cover anything and must not count against what the other words cover.
                continue
            totals[row] += weight * UNMATCHED_COST.get(tag, 1.0)
            if weight < MIN_WORD_WEIGHT:
                if (word := vocabulary.ids.get(token)) is not None:
                    generic[row][word] = weight
                continue
            for word, quality in expansions[i].items():
                _add(cells, word, min(weight, float(vocabulary.weights[word])) * quality)
        _joined_words(form, vocabulary, cells, weights)
        # In word order: the cells come from sets whose order changes with each process's
        # string hashes, and their order sets the order of the product's float sums and
        # of its names, so ties would break differently from one run to the next.
        words = sorted(cells)
        indices.extend(words)
        data.extend(cells[word] for word in words)
        indptr.append(len(indices))
    shape = (len(forms), len(vocabulary.tokens))
    matrix = sp.csr_matrix(
        (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), indptr), shape=shape
    )
    return matrix, totals, generic


def _generic_shares(words: dict[int, float], names: np.ndarray, index: ScreenIndex) -> np.ndarray:
    """How much of the query's generic words ("capital", "holdings") each name has."""
    shares = np.zeros(len(names), dtype=np.float32)
    matrix = index.matrix
    for word, weight in words.items():
        having = matrix.indices[matrix.indptr[word] : matrix.indptr[word + 1]]
        shares += weight * np.isin(names, having, assume_unique=True)
    return shares


def _turns(names: np.ndarray, index: ScreenIndex) -> np.ndarray:
    """Per name, how many names of its target come before it in list order: equal ranks
    go round the targets (first names of every target, then second names ...), so a cut
    through a tie ("Kim" against hundreds of names) keeps as many targets as it can, the
    same ones in every run."""
    owners = index.name_target[names]
    order = np.lexsort((names, owners))
    sorted_owners = owners[order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    turns = np.empty(len(names), dtype=np.int64)
    turns[order] = np.arange(len(order)) - np.repeat(starts, counts)
    return turns


def candidate_names(
    forms: Sequence[NameForm], index: ScreenIndex, lowest: Sequence[float]
) -> list[list[int]]:
    """For each query name, the positions of the list names worth scoring, best first.

    Args:
        forms: The query names.
        index: The list names.
        lowest: Per query name, the lowest name score worth finding. A name
            covering a share c of the query's weight scores at most about
            2c / (1 + c), so shares below what that allows are skipped, with a
            margin for spelling variants that score higher than they cover.
    """
    if not forms:
        return []
    matrix, totals, generic = query_matrix(forms, index)
    product = (matrix @ index.matrix).tocsr()
    out: list[list[int]] = []
    for row in range(len(forms)):
        start, end = product.indptr[row], product.indptr[row + 1]
        if start == end or totals[row] <= 0:
            out.append([])
            continue
        shared = product.data[start:end]
        names = product.indices[start:end]
        floor = max(MIN_COVERAGE, COVERAGE_MARGIN * lowest[row] / (2.0 - lowest[row]))
        keep = shared >= floor * totals[row]
        shared, names = shared[keep], names[keep]
        # Rank by the share of both names covered, so "Vladimir" finds "Vladimir
        # Putin" before "Vladimir Vladimirovich Ivanov-Smirnov". When more names share
        # the query's telling words than are kept, the generic words it shares rank
        # them too: "VTB Capital Holdings CJSC" before the 40 names "VTB" alone.
        if len(names) > TOP_NAMES and generic[row]:
            shared = shared + _generic_shares(generic[row], names, index)
        rank = shared / (totals[row] + index.name_weights[names])
        if len(names) <= TOP_NAMES:
            order = np.lexsort((names, -rank))  # best first; ties in list order
        else:
            # Every name ranked at least as high as the TOP_NAMES-th, ties included, so
            # the cut falls on the same names whatever order they came in.
            kth = np.partition(rank, len(rank) - TOP_NAMES)[len(rank) - TOP_NAMES]
            contenders = rank >= kth
            rank, names = rank[contenders], names[contenders]
            order = np.lexsort((names, _turns(names, index), -rank))[:TOP_NAMES]
        out.append(names[order].tolist())
    return out
