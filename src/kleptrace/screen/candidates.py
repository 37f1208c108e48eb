"""Find the few list names worth scoring for each query name, by one sparse product.

Each query name becomes a sparse vector over the vocabulary: every list word
its words may be (`Vocabulary.expand`), weighted by the word's weight and the
quality of the match. Multiplying a block of such vectors by the word-by-name
matrix gives, for every name sharing at least one word, the weight of the
query it covers. Words too generic to single anything out (legal forms,
"trading") are left out of the vector, so "CORP" or "LLC" alone finds nothing,
and names covering less than MIN_COVERAGE of the query are never scored.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from kleptrace.screen.config import SCORING
from kleptrace.screen.forms import NameForm
from kleptrace.screen.index import ScreenIndex
from kleptrace.screen.similarity import UNMATCHED_COST

_CONFIG = SCORING.candidates
MIN_COVERAGE, COVERAGE_MARGIN = _CONFIG.min_coverage, _CONFIG.coverage_margin
MIN_WORD_WEIGHT, TOP_NAMES = _CONFIG.min_word_weight, _CONFIG.top_names


def query_matrix(forms: Sequence[NameForm], index: ScreenIndex) -> tuple[sp.csr_matrix, np.ndarray]:
    """One sparse row per query name, and the total weight of each name's words.

    A word's share of the total is its weight times what leaving it unmatched
    would cost (a title nothing, a patronymic a third), as in the name score.
    """
    vocabulary = index.vocabulary
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    totals = np.zeros(len(forms), dtype=np.float32)
    for row, form in enumerate(forms):
        cells: dict[int, float] = {}
        for token, tag in dict(zip(form.tokens, form.tags, strict=True)).items():
            weight = vocabulary.weight(token)
            totals[row] += weight * UNMATCHED_COST.get(tag, 1.0)
            if weight < MIN_WORD_WEIGHT or len(token) < 2:
                continue
            for word, quality in vocabulary.expand(token, form.abjad).items():
                value = min(weight, float(vocabulary.weights[word])) * quality
                if value > cells.get(word, 0.0):
                    cells[word] = value
        indices.extend(cells)
        data.extend(cells.values())
        indptr.append(len(indices))
    shape = (len(forms), len(vocabulary.tokens))
    matrix = sp.csr_matrix(
        (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), indptr), shape=shape
    )
    return matrix, totals


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
    matrix, totals = query_matrix(forms, index)
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
        # Putin" before "Vladimir Vladimirovich Ivanov-Smirnov".
        rank = shared / (totals[row] + index.name_weights[names])
        if len(names) > TOP_NAMES:
            top = np.argpartition(-rank, TOP_NAMES)[:TOP_NAMES]
            rank, names = rank[top], names[top]
        order = np.argsort(-rank, kind="stable")
        out.append(names[order].tolist())
    return out
