"""The gap lists as CSV files, one per list and scope, every row (the report shows the top)."""

from __future__ import annotations

import csv
from pathlib import Path

from kleptrace.align.alignment import Alignment
from kleptrace.files.paths import staged

COLUMNS = (
    "rank",
    "cluster_id",
    "name",
    "schema",
    "designated_by",
    "other_regimes_by",
    "since",
    "since_basis",
    "lists",
    "programs",
    "linked_entities",
    "members",
)


def file_name(scope: str, key: str) -> str:
    return f"gaps-{scope}-{key}.csv"


def write(alignment: Alignment, folder: Path) -> list[Path]:
    """Write every gap list into `folder` (created if needed); return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for scope in alignment.scopes.values():
        for gap in scope.gaps:
            path = folder / file_name(scope.key, gap.key)
            with staged(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as fh:
                out = csv.writer(fh)
                out.writerow(COLUMNS)
                for rank, row in enumerate(gap.rows, 1):
                    out.writerow(
                        (
                            rank,
                            row.cluster_id,
                            row.name,
                            row.schema,
                            " ".join(row.designated_by),
                            " ".join(row.elsewhere),
                            row.since or "",
                            row.since_basis or "",
                            row.prominence.lists,
                            "; ".join(row.prominence.programs),
                            row.prominence.links,
                            " ".join(row.members),
                        )
                    )
            written.append(path)
    return written
