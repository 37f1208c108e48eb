"""ParseReport: what a parser read, and every value it could not place and why.

Parsers never drop a value silently. A value that no FollowTheMoney property accepts
is kept on the entity as a labelled note and counted here; a row that cannot become an
entity at all (for example an OFAC alias whose ent_num is not in sdn.csv) is kept here
whole, with its file and line, and stored with the list version.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Rejected:
    """A source row kept verbatim because it could not become (part of) an entity."""

    file: str
    position: str
    reason: str
    raw: str


@dataclass
class ParseReport:
    records: int = 0
    """Source records read (rows, XML elements, JSON lines), before grouping."""
    unplaced: Counter[str] = field(default_factory=Counter)
    """Values kept as notes because their property rejected them, by property."""
    unmapped_programs: Counter[str] = field(default_factory=Counter)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def reject(self, file: str, position: str | int, reason: str, raw: str) -> None:
        pos = position if isinstance(position, str) else f"line {position}"
        self.rejected.append(Rejected(file, pos, reason, raw))

    def merge(self, other: ParseReport) -> None:
        self.records += other.records
        self.unplaced.update(other.unplaced)
        self.unmapped_programs.update(other.unmapped_programs)
        self.rejected.extend(other.rejected)
        self.warnings.extend(other.warnings)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready digest, stored with the list version."""
        reasons = Counter(r.reason for r in self.rejected)
        return {
            "records": self.records,
            "unplaced": dict(self.unplaced),
            "unmapped_programs": dict(self.unmapped_programs),
            "rejected": dict(reasons),
            "warnings": self.warnings[:100],
        }
