"""Customer files: reading parties to screen (CSV, JSON lines, Parquet) and writing results.

`screen/` only screens; this package turns files into `Query` objects and hits back into
files, and accounts for every input row: each is screened (with warnings where a field
could not be read) or reported as a bad row with its line, and the counts must add up.
"""

from kleptrace.files.accounting import RowAccount, RowAccountingError
from kleptrace.files.reading import BadRow, ColumnMap, QueryRow, read_queries
from kleptrace.files.writing import BadRowWriter, open_writer, result_row

__all__ = [
    "BadRow",
    "BadRowWriter",
    "ColumnMap",
    "QueryRow",
    "RowAccount",
    "RowAccountingError",
    "open_writer",
    "read_queries",
    "result_row",
]
