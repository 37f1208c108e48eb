"""The words of every indexed name, how much each tells, and which ones a query word may be.

A query word finds list words five ways: spelt the same; a common
romanisation of it (vladimir -> wladimir, volodymyr); one typing error away
(symmetric single-character deletions, which also catch a swap of two
neighbouring letters); for names from Arabic or Hebrew script, which omit
short vowels, the same consonant skeleton (`abjad_skeletons`: ف may be a v); or,
for a word read back from katakana or Thai, the same key in that script
(`script_key`: ズブコフ, "zbkov", is Zubkov).
Each way carries a quality below 1 so a candidate found by spelling alone
outranks one found by approximation.

A word's weight is its inverse document frequency over targets, scaled into
[MIN_WEIGHT, 1] and multiplied by its generic-word weight, so "putin" counts
fully, "mohammad" less and "llc" almost nothing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kleptrace.names import (
    abjad_skeletons,
    is_number,
    latin_skeletons,
    legal_form,
    romanisation_variants,
    script_key,
    token_weight,
)
from kleptrace.screen.config import SCORING

_CONFIG = SCORING.vocabulary
# Weights, qualities and search lengths: see kleptrace/data/scoring.yml.
MIN_WEIGHT, UNMATCHED_GENERIC = _CONFIG.min_weight, _CONFIG.unmatched_generic
EXACT, VARIANT, TYPO, SKELETON = _CONFIG.exact, _CONFIG.variant, _CONFIG.typo, _CONFIG.skeleton
MIN_TYPO_LENGTH, MIN_SKELETON_LENGTH = _CONFIG.min_typo_length, _CONFIG.min_skeleton_length
MIN_SKELETON_WORD = _CONFIG.min_skeleton_word
EXPANSIONS_KEPT = 50_000
"""Query words whose expansion is remembered; the memory is emptied when full."""


def deletions(word: str) -> set[str]:
    """Every string one character shorter than `word`."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def key_hash(key: str) -> int:
    """A hash of a look-up key that is the same in every process (str hashes are salted)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class KeyIndex:
    """Which words have a given key (a one-letter deletion, a consonant skeleton).

    Kept as two sorted arrays rather than a dict of lists, so a saved index loads in
    milliseconds instead of rebuilding hundreds of thousands of keys in every process.
    A hash collision (1 in 2^64 per pair) only adds a candidate, which is then scored.
    """

    hashes: npt.NDArray[np.uint64]
    words: npt.NDArray[np.int32]

    @classmethod
    def of(cls, keyed: Iterable[tuple[str, int]]) -> KeyIndex:
        pairs = sorted({(key_hash(key), word) for key, word in keyed})
        hashes = np.fromiter((h for h, _ in pairs), dtype=np.uint64, count=len(pairs))
        words = np.fromiter((w for _, w in pairs), dtype=np.int32, count=len(pairs))
        return cls(hashes, words)

    def get(self, key: str) -> Sequence[int]:
        """The words with `key`."""
        return self.get_many((key,))

    def get_many(self, keys: Iterable[str]) -> Sequence[int]:
        """The words with any of `keys`, found with one search for all of them (a
        search per key costs more in NumPy's call overhead than in searching)."""
        wanted = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64)
        starts = np.searchsorted(self.hashes, wanted, side="left")
        ends = np.searchsorted(self.hashes, wanted, side="right")
        hit = np.nonzero(ends > starts)[0]
        if not hit.size:
            return ()
        return [w for i in hit for w in self.words[starts[i] : ends[i]].tolist()]


@dataclass
class Vocabulary:
    """List words with their weights and the look-ups that expand a query word.

    Attributes:
        tokens: Every distinct comparable word of an indexed name.
        weights: Per word, idf scaled to [MIN_WEIGHT, 1] times generic weight.
        symbols: rigour's symbols of the words that have any (Vladimir and
            Volodymyr share one), gathered from every name the word occurs in.
        by_deletion: Words of at least MIN_TYPO_LENGTH letters by each of their
            one-letter deletions.
        by_skeleton: Words by their consonant skeleton.
    """

    tokens: list[str]
    weights: npt.NDArray[np.float32]
    symbols: dict[str, frozenset[str]]
    by_deletion: KeyIndex
    by_skeleton: KeyIndex
    ids: dict[str, int] = field(init=False, repr=False)
    _expansions: dict[tuple[str, bool, str], dict[int, float]] = field(
        init=False, repr=False, default_factory=dict
    )
    _by_script_key: dict[str, dict[str, list[int]]] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self.ids = dict(zip(self.tokens, range(len(self.tokens)), strict=True))

    @classmethod
    def from_documents(
        cls, documents: Iterable[Iterable[str]], symbols: dict[str, frozenset[str]]
    ) -> Vocabulary:
        """Build from the words of each target (one iterable of words per target)."""
        frequency: dict[str, int] = {}
        count = 0
        for words in documents:
            count += 1
            for word in set(words):
                frequency[word] = frequency.get(word, 0) + 1
        tokens = sorted(frequency)
        reference = math.log(max(count, 2) / 5.0)
        weights = np.array(
            [
                token_weight(t)
                * min(1.0, max(MIN_WEIGHT, math.log(count / frequency[t]) / reference))
                for t in tokens
            ],
            dtype=np.float32,
        )
        by_deletion = KeyIndex.of(
            (key, i)
            for i, token in enumerate(tokens)
            if len(token) >= MIN_TYPO_LENGTH
            for key in deletions(token)
        )
        by_skeleton = KeyIndex.of(
            (skeleton, i)
            for i, token in enumerate(tokens)
            for skeleton in latin_skeletons(token)
            if len(skeleton) >= MIN_SKELETON_LENGTH
        )
        return cls(tokens, weights, symbols, by_deletion, by_skeleton)

    def weight(self, token: str) -> float:
        """Weight of a word; a word no list uses weighs as a rare one would."""
        found = self.ids.get(token)
        return token_weight(token) if found is None else float(self.weights[found])

    def cost(self, token: str) -> float:
        """What a word costs a name score when the other name lacks it: its weight,
        but at least UNMATCHED_GENERIC of its rarity for a generic word that is not a
        legal form (a missing "LLC" is normal, a missing "Capital" is not), and fully for
        a number however many names have it (Aquila II is not Aquila)."""
        if is_number(token):
            return 1.0
        weight = self.weight(token)
        generic = token_weight(token)
        if generic >= 1.0 or legal_form(token) is not None:
            return weight
        return weight * max(generic, UNMATCHED_GENERIC) / generic

    def expand(self, token: str, abjad: bool = False, lossy: str = "") -> dict[int, float]:
        """List words a query word may be, with the quality of each way found.

        Remembered per word: a customer file repeats its words (100,000 names have
        about 40,000 different ones), and expanding one costs a tenth of a
        millisecond. The result is shared; callers must not change it.

        Args:
            token: A comparable (latinized, lower-case) query word.
            abjad: The word came from Arabic, Persian or Hebrew script, so list
                words with the same consonant skeleton count too.
            lossy: The word was read back from katakana or Thai (`NameForm.lossy`),
                so list words that script writes alike count too.
        """
        key = (token, abjad, lossy)
        found = self._expansions.get(key)
        if found is None:
            if len(self._expansions) >= EXPANSIONS_KEPT:
                self._expansions.clear()
            found = self._expansions[key] = self._expand(token, abjad, lossy)
        return found

    def by_script_key(self, script: str) -> dict[str, list[int]]:
        """List words by how `script` writes them (`names.script_key`), built when the
        first word read from that script is expanded (half a second), so that no other
        query pays for it: saved with the index, the arrays cost every cold start 3%."""
        found = self._by_script_key.get(script)
        if found is None:
            found = self._by_script_key[script] = {}
            for i, token in enumerate(self.tokens):
                found.setdefault(script_key(token, script), []).append(i)
        return found

    def _expand(self, token: str, abjad: bool, lossy: str) -> dict[int, float]:
        found: dict[int, float] = {}

        def add(ids: Iterable[int], quality: float) -> None:
            for i in ids:
                if found.get(i, 0.0) < quality:
                    found[i] = quality

        exact = self.ids.get(token)
        if exact is not None:
            found[exact] = EXACT
        add((self.ids[v] for v in romanisation_variants(token) if v in self.ids), VARIANT)
        if len(token) >= MIN_TYPO_LENGTH:
            keys = deletions(token)
            # The token itself finds list words one letter longer (the query lacks a
            # letter); its deletions find one-letter changes and an extra letter.
            add(self.by_deletion.get_many([token, *keys]), TYPO)
            add((i for key in keys if (i := self.ids.get(key)) is not None), TYPO)
        elif len(token) == MIN_TYPO_LENGTH - 1:
            add(self.by_deletion.get(token), TYPO)  # the query lacks a letter
        if abjad and len(token) >= MIN_SKELETON_WORD:
            skeletons = [k for k in abjad_skeletons(token) if len(k) >= MIN_SKELETON_LENGTH]
            add(self.by_skeleton.get_many(skeletons), SKELETON)
        if lossy and len(token) > 2:
            add(self.by_script_key(lossy).get(script_key(token, lossy), ()), SKELETON)
        return found
