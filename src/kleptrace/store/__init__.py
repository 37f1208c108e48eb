"""The embedded, versioned store (DuckDB): load list versions, read them back, export."""

from kleptrace.store.db import connect
from kleptrace.store.load import LoadResult, load, load_all
from kleptrace.store.plan import SourceFiles, plan

__all__ = ["LoadResult", "SourceFiles", "connect", "load", "load_all", "plan"]
