"""Data moves forward only: parsers know nothing of the store or the CLI, the store
nothing of the CLI, screening and the API only read the store, screening knows nothing
of customer files, customer files nothing of the API or the CLI (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kleptrace"
FORBIDDEN = {
    "sources": ("kleptrace.store", "kleptrace.cli", "kleptrace.fetch"),
    "store": ("kleptrace.cli", "kleptrace.fetch"),
    "data": ("kleptrace.sources", "kleptrace.store", "kleptrace.cli"),
    "names": ("kleptrace.sources", "kleptrace.store", "kleptrace.cli", "kleptrace.fetch"),
    # Screening reads the store; it never writes it, serves it or parses lists.
    "screen": (
        "kleptrace.api",
        "kleptrace.cli",
        "kleptrace.fetch",
        "kleptrace.files",
        "kleptrace.sources",
        "kleptrace.store.load",
        "kleptrace.store.plan",
        "kleptrace.store.export",
    ),
    # The API serves what is loaded; loading and fetching belong to the CLI.
    "api": (
        "kleptrace.cli",
        "kleptrace.fetch",
        "kleptrace.sources",
        "kleptrace.store.load",
        "kleptrace.store.plan",
        "kleptrace.store.export",
    ),
    "values": (
        "kleptrace.sources",
        "kleptrace.store",
        "kleptrace.screen",
        "kleptrace.files",
        "kleptrace.api",
        "kleptrace.cli",
        "kleptrace.fetch",
        "followthemoney",
    ),
    "files": ("kleptrace.api", "kleptrace.cli", "kleptrace.fetch", "kleptrace.store"),
    # Ownership reads the store and the screening engine; it never serves or fetches.
    "graph": ("kleptrace.api", "kleptrace.cli", "kleptrace.fetch", "kleptrace.sources"),
    # Resolution reads the store and the screening index; it never serves or fetches.
    "resolve": (
        "kleptrace.api",
        "kleptrace.cli",
        "kleptrace.fetch",
        "kleptrace.sources",
        "kleptrace.store.load",
        "kleptrace.store.plan",
    ),
    # Alignment reads the store (and resolve/ when present); it never serves or fetches.
    "align": ("kleptrace.api", "kleptrace.cli", "kleptrace.fetch", "kleptrace.sources"),
    # Adverse media reads the screening engine and the store; it never serves, fetches
    # (the CLI fetches URLs with fetch.py) or writes the store.
    "media": (
        "kleptrace.api",
        "kleptrace.cli",
        "kleptrace.fetch",
        "kleptrace.sources",
        "kleptrace.store.load",
        "kleptrace.store.plan",
        "kleptrace.store.export",
    ),
    # Reports render what a stage computed; they never compute or read it themselves.
    "report": (
        "kleptrace.api",
        "kleptrace.cli",
        "kleptrace.fetch",
        "kleptrace.sources",
        "kleptrace.store",
        "kleptrace.screen",
    ),
}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_imports_only_point_backwards() -> None:
    for package, forbidden in FORBIDDEN.items():
        modules = list((PACKAGE / package).rglob("*.py"))
        assert modules, f"no package {package}"
        for module in modules:
            bad = {m for m in imports(module) if m.startswith(forbidden)}
            assert not bad, f"{module.name} imports {bad}"
