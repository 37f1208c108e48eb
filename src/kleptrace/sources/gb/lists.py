"""Who a UK list comes from: the dataset name, entity-id prefix and publisher its
entities carry, the same for every file and format of that list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kleptrace.sources.base import Emitter
from kleptrace.sources.report import ParseReport

JURISDICTION = "gb"


@dataclass(frozen=True)
class UkList:
    """One UK list (OFSI's or the FCDO's), whatever file it is read from."""

    source: str
    prefix: str
    publisher: str

    def source_name(self, path: Path) -> str:
        """Format.source_name: every file of this publisher carries this one list."""
        return self.source

    def emitter(self, path: Path, report: ParseReport) -> Emitter:
        return Emitter(
            self.source,
            self.prefix,
            path,
            report,
            jurisdiction=JURISDICTION,
            authority=self.publisher,
        )
