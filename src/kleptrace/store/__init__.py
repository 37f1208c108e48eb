"""The embedded, versioned store (DuckDB): load list versions, read them back, export.

Only `connect` is offered here, and DuckDB is imported on its first use: a `kleptrace
screen` whose saved index is current never opens the store. Loading needs every parser
and followthemoney, seconds of imports that a screening process never uses: import it
from `kleptrace.store.load` (`load`, `load_all`, `LoadResult`) and `kleptrace.store.plan`
(`plan`, `SourceFiles`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kleptrace.store.db import connect

__all__ = ["connect"]


def __getattr__(name: str) -> Any:
    if name == "connect":
        from kleptrace.store.db import connect

        return connect
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
