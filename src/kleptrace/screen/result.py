"""A screening hit and the reasons for its score, ready to print or serialise."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Alignment:
    """One query name part lined up with one list name part."""

    query: str
    target: str
    similarity: float
    tag: str = ""


@dataclass(frozen=True)
class Feature:
    """One piece of evidence: what was compared, what it gave, how much it moved the score.

    Attributes:
        name: "name", "birth_date", "country", "identifier", "gender", "common_name".
        value: The similarity or agreement found, in [0, 1].
        contribution: Signed change to the score (a penalty is negative).
        detail: One human sentence ("1952-10-07 = 1952-10-07").
    """

    name: str
    value: float
    contribution: float
    detail: str


@dataclass(frozen=True)
class Match:
    """A designated target a query may be, with its score and explanation.

    `scoring` is the version of the scoring configuration that produced the score
    (kleptrace/data/scoring.yml), so a result can be traced to its numbers.
    """

    entity_id: str
    caption: str
    schema: str
    score: float
    query_name: str
    matched_name: str
    sources: tuple[str, ...] = ()
    regimes: tuple[str, ...] = ()
    alignment: tuple[Alignment, ...] = ()
    features: tuple[Feature, ...] = ()
    query_id: str | None = None
    scoring: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form; the score rounded to four places."""
        out = asdict(self)
        out["score"] = round(self.score, 4)
        return out
