"""Writing the rows of `owned` and `uwo` to a file chosen by its extension: .csv (lists
joined with " | "), .json (one array) or .jsonl (one object a line), never half-written."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from kleptrace.exc import KleptraceError
from kleptrace.files.paths import staged

FORMATS = (".csv", ".json", ".jsonl")


def write_rows(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    """Write `rows` (dicts with the same keys) to `path`; its extension picks the format."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise KleptraceError(f"{path}: write .csv, .json or .jsonl, not {suffix or 'no extension'}")
    if not path.parent.is_dir():
        raise KleptraceError(f"{path}: the folder {path.parent} does not exist")
    with staged(path) as temporary:
        if suffix == ".json":
            temporary.write_bytes(orjson.dumps(list(rows), option=orjson.OPT_INDENT_2))
        elif suffix == ".jsonl":
            temporary.write_bytes(
                b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows)
            )
        else:
            with temporary.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else [])
                writer.writeheader()
                for row in rows:
                    writer.writerow(
                        {k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()}
                    )
    return path
