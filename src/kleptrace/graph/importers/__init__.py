"""Ownership data importers, one module per format, each yielding graph.model rows.

`FORMATS` lists them in sniffing order; `detect` names the format of a file from its
first bytes. The lists' own relationship notes come from the store, not a file
(graph.importers.lists).
"""

from __future__ import annotations

from pathlib import Path

from kleptrace.exc import FormatNotRecognised
from kleptrace.graph.importers import (
    bods,
    companies,
    ftm,
    icij,
    land_registry,
    land_registry_totals,
    psc,
)
from kleptrace.graph.importers.base import GraphFormat, head_of

FORMATS: dict[str, GraphFormat] = {
    f.name: f
    for f in (
        bods.FORMAT,
        psc.FORMAT,
        ftm.FORMAT,
        companies.FORMAT,
        land_registry.FORMAT,
        land_registry_totals.FORMAT,
        icij.FORMAT,
    )
}


def get_format(name: str) -> GraphFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise FormatNotRecognised(
            f"unknown ownership format {name!r}; use one of {', '.join(FORMATS)}"
        ) from None


def detect(path: Path) -> GraphFormat | None:
    """The format whose sniffer recognises the file's first bytes, if any."""
    head = head_of(path)
    return next((f for f in FORMATS.values() if f.sniff(path, head)), None)


def is_companion(path: Path) -> bool:
    """A file read only with its primary file (an ICIJ nodes-*.csv)."""
    head = head_of(path)
    return any(f.companion(path, head) for f in FORMATS.values())
