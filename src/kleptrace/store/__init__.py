"""The embedded, versioned store (DuckDB): load list versions, read them back, export.

Only `connect` is imported here. Loading needs every parser and followthemoney, seconds
of imports that a screening process never uses: import it from `kleptrace.store.load`
(`load`, `load_all`, `LoadResult`) and `kleptrace.store.plan` (`plan`, `SourceFiles`).
"""

from kleptrace.store.db import connect

__all__ = ["connect"]
