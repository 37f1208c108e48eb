"""Row accounting: proof that every row of a customer file was screened or reported.

The file's data rows are counted straight from its bytes (non-blank lines, or the
Parquet row count), apart from the reader. At the end, the lines the reader's records
span must equal that count, and the records read must equal screened plus bad rows.
Anything else means a row was lost, and the run fails rather than look clean.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kleptrace.exc import KleptraceError, ParseError
from kleptrace.files.csv_lines import is_blank
from kleptrace.files.tables import file_head, is_parquet

COUNT_BLOCK = 1 << 20


class RowAccountingError(KleptraceError):
    """Rows read, screened and reported do not add up to the rows in the file."""


def count_data_rows(path: Path) -> int:
    """Non-blank lines (header included) of a text file, or rows of a Parquet file."""
    if is_parquet(path, file_head(path)):
        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except (pa.ArrowException, OSError) as exc:
            raise ParseError(path, f"not a readable Parquet file: {exc}") from exc
    count, tail = 0, b""
    with path.open("rb") as stream:
        tail = stream.read(len(codecs.BOM_UTF8)).removeprefix(codecs.BOM_UTF8)
        while block := stream.read(COUNT_BLOCK):
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            count += sum(not is_blank(line) for line in lines)
    return count + (not is_blank(tail))


@dataclass
class RowAccount:
    """What happened to the rows of one file.

    Attributes:
        path: The file, named in errors.
        in_file: Non-blank lines (or Parquet rows), counted from the file itself.
        header_lines: Of those, the lines the header took.
        rows: Records the reader produced.
        spanned: Non-blank lines those records span.
        screened, bad: Rows screened, rows reported as bad.
        warned: Screened rows with at least one warning.
    """

    path: Path
    in_file: int
    header_lines: int = 0
    rows: int = 0
    spanned: int = 0
    screened: int = 0
    bad: int = 0
    warned: int = 0

    @classmethod
    def of(cls, path: Path) -> RowAccount:
        return cls(path, count_data_rows(path))

    def read_row(self, lines: int) -> None:
        self.rows += 1
        self.spanned += lines

    def screened_row(self, warnings: int) -> None:
        self.screened += 1
        self.warned += warnings > 0

    def bad_row(self) -> None:
        self.bad += 1

    def check(self, name: str | None = None) -> None:
        """Raise RowAccountingError naming the file unless every row is accounted for."""
        where = name or str(self.path)
        data_lines = self.in_file - self.header_lines
        if self.spanned != data_lines:
            raise RowAccountingError(
                f"{where}: {data_lines:,} data rows in the file but {self.spanned:,} read; "
                "rows were lost, so no result is given"
            )
        if self.rows != self.screened + self.bad:
            raise RowAccountingError(
                f"{where}: {self.rows:,} rows read but {self.screened:,} screened "
                f"+ {self.bad:,} bad; rows were lost, so no result is given"
            )

    def summary(self) -> dict[str, Any]:
        """The counts for a summary line: input rows = screened + bad."""
        return {
            "rows": self.rows,
            "screened": self.screened,
            "bad": self.bad,
            "warned": self.warned,
        }
