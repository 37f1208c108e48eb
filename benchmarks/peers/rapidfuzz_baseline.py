"""The naive peer: rapidfuzz token_sort_ratio of a query against every list name.

Why it exists: any screener we ship must beat the plainest honest approach, a brute force
over all names with an off-the-shelf string metric, on the same pairs and the same machine.
It has no blocking, no name-part logic and no other fields, on purpose. Runs in the main venv.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from rigour.text.translit import ascii_text

# Score-matrix cells per cdist call (float32): bounds memory at 256 MB whatever the list size.
CELLS_PER_CHUNK = 64_000_000


def normalize(name: str) -> str:
    """ASCII, lower-case, punctuation as spaces: case, accents and commas then cost nothing."""
    return default_process(ascii_text(name))


class BruteForce:
    """Every list name held in memory, normalized once; each query compared with all of them."""

    def __init__(self, names: list[str], ids: list[str]) -> None:
        if len(names) != len(ids):
            raise ValueError(f"{len(names)} names but {len(ids)} ids")
        self.names = [normalize(name) for name in names]
        self.ids = list(ids)
        self.names_by_id: dict[str, list[str]] = {}
        for name, entity_id in zip(self.names, self.ids, strict=True):
            self.names_by_id.setdefault(entity_id, []).append(name)

    def score_pairs(self, pairs: list[tuple[str, str]]) -> list[float]:
        """Score each (query name, candidate id) pair: the best ratio over the candidate's names.

        Raises KeyError for an unknown candidate id rather than scoring it 0.
        """
        scores = []
        for query, candidate_id in pairs:
            normalized = normalize(query)
            names = self.names_by_id[candidate_id]
            best = max(fuzz.token_sort_ratio(normalized, name) for name in names)
            scores.append(best / 100.0)
        return scores

    def screen(
        self, queries: list[str], threshold: float, limit: int
    ) -> list[list[tuple[str, float]]]:
        """For each query, up to `limit` (id, score) hits at or above `threshold` (0..1),
        best first, one per id, found by comparing the query with every list name."""
        normalized = [normalize(query) for query in queries]
        rows_per_chunk = max(1, CELLS_PER_CHUNK // max(1, len(self.names)))
        results: list[list[tuple[str, float]]] = []
        for start in range(0, len(normalized), rows_per_chunk):
            matrix = process.cdist(
                normalized[start : start + rows_per_chunk],
                self.names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=threshold * 100.0,
                dtype=np.float32,
                workers=-1,
            )
            results.extend(self._best_hits(row, limit) for row in matrix)
        return results

    def _best_hits(self, row: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """cdist zeroes scores under the cutoff, so the non-zero cells are the hits."""
        hits = np.flatnonzero(row)
        hits = hits[np.argsort(-row[hits], kind="stable")]
        best: list[tuple[str, float]] = []
        seen: set[str] = set()
        for index in hits:
            entity_id = self.ids[index]
            if entity_id in seen:
                continue
            seen.add(entity_id)
            best.append((entity_id, float(row[index]) / 100.0))
            if len(best) == limit:
                break
        return best
