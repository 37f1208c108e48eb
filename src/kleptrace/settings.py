"""One Settings object, read from KLEPTRACE_* variables once and passed in explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The checkout this package runs from (when installed in editable mode)."""


def _default_db() -> Path:
    return Path(user_data_dir("kleptrace", appauthor=False)) / "kleptrace.duckdb"


def _default_data_dir() -> Path | None:
    shared = REPO_ROOT.parent / "shared" / "data"
    return shared if shared.is_dir() else None


@dataclass(frozen=True)
class Settings:
    """Where kleptrace keeps its store and where it finds source files."""

    db_path: Path = field(default_factory=_default_db)
    data_dir: Path | None = field(default_factory=_default_data_dir)
    download_dir: Path = field(
        default_factory=lambda: Path(user_data_dir("kleptrace", appauthor=False)) / "downloads"
    )
    http_timeout: float = 60.0
    http_retries: int = 3
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    """Processes that parse sources in parallel during a load."""
    graph_link_threshold: float = 0.92
    """Lowest screening score at which `graph-link` links a graph node to a target:
    stricter than screening's 0.87, as links feed the ownership rules with no review."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from KLEPTRACE_DB, KLEPTRACE_DATA_DIR, KLEPTRACE_DOWNLOAD_DIR ..."""
        env = dict(os.environ if env is None else env)
        base = cls()
        data_dir = env.get("KLEPTRACE_DATA_DIR")
        return cls(
            db_path=Path(env["KLEPTRACE_DB"]) if env.get("KLEPTRACE_DB") else base.db_path,
            data_dir=Path(data_dir) if data_dir else base.data_dir,
            download_dir=Path(env["KLEPTRACE_DOWNLOAD_DIR"])
            if env.get("KLEPTRACE_DOWNLOAD_DIR")
            else base.download_dir,
            http_timeout=float(env.get("KLEPTRACE_HTTP_TIMEOUT", base.http_timeout)),
            http_retries=int(env.get("KLEPTRACE_HTTP_RETRIES", base.http_retries)),
            workers=int(env.get("KLEPTRACE_WORKERS", base.workers)),
            graph_link_threshold=float(
                env.get("KLEPTRACE_GRAPH_LINK_THRESHOLD", base.graph_link_threshold)
            ),
        )
