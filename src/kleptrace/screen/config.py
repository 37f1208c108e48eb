"""One scoring configuration: every number that moves a screening score, read from
kleptrace/data/scoring.yml, with a version recorded in each match so any result can
be traced to the numbers that produced it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from kleptrace.data import parse_yaml, read_text
from kleptrace.exc import ConfigError


@dataclass(frozen=True)
class SimilarityConfig:
    """Name-part comparison (kleptrace.screen.similarity)."""

    unmatched_cost: dict[str, float]
    matched_weight: dict[str, float]
    min_similarity: float
    long_word: int
    variant: float
    symbol: float
    skeleton: float
    skeleton_only: float
    script_spelling: float
    initial: float
    conflicting_patronymic: float
    conflicting_legal_form: float
    single_word_spelling: float


@dataclass(frozen=True)
class VocabularyConfig:
    """Word weights and query-word expansion (kleptrace.screen.vocabulary)."""

    min_weight: float
    unmatched_generic: float
    exact: float
    variant: float
    typo: float
    skeleton: float
    min_typo_length: int
    min_skeleton_length: int
    min_skeleton_word: int


@dataclass(frozen=True)
class CandidatesConfig:
    """Candidate retrieval (kleptrace.screen.candidates)."""

    min_coverage: float
    coverage_margin: float
    min_word_weight: float
    top_names: int
    joined: float
    min_half: int


@dataclass(frozen=True)
class EvidenceConfig:
    """Dates, countries, gender and identifiers (kleptrace.screen.evidence)."""

    date_exact: float
    date_month: float
    date_year: float
    date_near: float
    date_apart: float
    date_far_years: int
    date_contradiction: float
    country_shared: float
    country_disjoint: float
    gender_contradiction: float
    identifier_shared: float
    identifier_contradiction: float


@dataclass(frozen=True)
class CommonNamesConfig:
    """The common-name cap (kleptrace.screen.commonness)."""

    cap: float
    min_targets: int
    max_population_rank: int
    max_words: int


@dataclass(frozen=True)
class ScoringConfig:
    """Everything that moves a screening score, and the version that names it."""

    version: str
    default_threshold: float
    similarity: SimilarityConfig
    vocabulary: VocabularyConfig
    candidates: CandidatesConfig
    evidence: EvidenceConfig
    common_names: CommonNamesConfig

    @classmethod
    def from_yaml(cls, text: str, origin: str = "scoring.yml") -> ScoringConfig:
        """Parse and check a scoring file; the version is the start of its SHA-256."""
        data = parse_yaml(text)
        if not isinstance(data, dict):
            raise ConfigError(f"{origin}: expected a mapping of sections")
        try:
            config = cls(
                version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
                default_threshold=float(data["default_threshold"]),
                similarity=SimilarityConfig(**_section(data, "similarity", origin)),
                vocabulary=VocabularyConfig(**_section(data, "vocabulary", origin)),
                candidates=CandidatesConfig(**_section(data, "candidates", origin)),
                evidence=EvidenceConfig(**_section(data, "evidence", origin)),
                common_names=CommonNamesConfig(**_section(data, "common_names", origin)),
            )
        except KeyError as missing:
            raise ConfigError(f"{origin}: missing setting {missing}") from None
        except TypeError as wrong:
            raise ConfigError(f"{origin}: {wrong}") from None
        if not 0.0 < config.default_threshold <= 1.0:
            raise ConfigError(f"{origin}: default_threshold must be in (0, 1]")
        if not 0 < config.common_names.max_population_rank <= 300:
            raise ConfigError(f"{origin}: common_names.max_population_rank must be in 1..300")
        if config.common_names.cap >= config.default_threshold:
            raise ConfigError(f"{origin}: common_names.cap must be below default_threshold")
        return config


def _section(data: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise ConfigError(f"{origin}: section {name!r} is missing or not a mapping")
    return section


@cache
def scoring_config() -> ScoringConfig:
    """The shipped configuration, read once per process."""
    text = read_text("scoring.yml")
    return ScoringConfig.from_yaml(text)


SCORING = scoring_config()
"""The configuration every scoring module reads."""
