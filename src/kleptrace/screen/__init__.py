"""Screening: which listed targets a name (plus what else is known) may be, and why.

The flow is `targets` (read from the store) -> `index` (parsed names,
vocabulary, word-by-name matrix, saved beside the store) -> `candidates` (one
sparse product per block of queries) -> `similarity`, `evidence` and
`commonness` (the score and its explanation, every number from `config`) ->
`screener` (the API) -> `batch` (a stream of queries on every core). Reading and
writing customer files is `kleptrace.files`' job.
"""

from kleptrace.screen.query import Query, QueryError
from kleptrace.screen.query_values import read_query
from kleptrace.screen.result import Alignment, Feature, Match
from kleptrace.screen.screener import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Screener

__all__ = [
    "DEFAULT_LIMIT",
    "DEFAULT_THRESHOLD",
    "Alignment",
    "Feature",
    "Match",
    "Query",
    "QueryError",
    "Screener",
    "read_query",
]
