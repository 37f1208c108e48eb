"""The mapping tables of data/ownership_kinds.yml, checked against graph.model on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kleptrace.data import load_table
from kleptrace.graph.importers.rows import Share
from kleptrace.graph.model import EDGE_KINDS


@dataclass(frozen=True)
class FtmInterval:
    """How a FollowTheMoney interval schema becomes an edge."""

    kind: str
    owner: str
    asset: str


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = load_table("ownership_kinds")
    kinds = [
        *table["bods"].values(),
        *table["psc_measures"].values(),
        *(kind for _, kind in table["icij"]),
        *(row[0] for row in table["ftm"].values()),
        *(row[0] for row in table["list_notes"]["labels"].values()),
        *(row[0] for row in table["list_notes"]["phrases"].values()),
    ]
    unknown = sorted({k for k in kinds if k not in EDGE_KINDS})
    if unknown:
        raise ValueError(f"ownership_kinds.yml: not edge kinds: {unknown}")
    return table


def bods_kind(interest_type: str | None) -> str:
    """The edge kind of a BODS 0.2 or 0.4 interest type; `unknown` when not listed."""
    if not interest_type:
        return "unknown"
    camel = re.sub(r"-([a-z])", lambda m: m.group(1).upper(), interest_type)
    return str(_table()["bods"].get(camel, "unknown"))


@cache
def psc_measures() -> dict[str, str]:
    return dict(_table()["psc_measures"])


@cache
def psc_bands() -> dict[str, Share]:
    return {
        band: Share(float(b["low"]), float(b["high"]), bool(b["low_open"]), bool(b["high_open"]))
        for band, b in _table()["psc_bands"].items()
    }


@lru_cache(maxsize=4096)
def icij_kind(link: str) -> str:
    """The edge kind of an ICIJ free-text link: the first listed phrase it contains."""
    text = " ".join(link.lower().split())
    for phrase, kind in _table()["icij"]:
        if phrase in text:
            return str(kind)
    return "unknown"


@cache
def ftm_intervals() -> dict[str, FtmInterval]:
    return {schema: FtmInterval(*row) for schema, row in _table()["ftm"].items()}


@dataclass(frozen=True)
class NoteRelation:
    """What a list note naming a related party states: the kind, and whether the named
    party is the owner side or the asset side of the edge."""

    kind: str
    named_is_owner: bool


def _relations(section: str) -> dict[str, NoteRelation]:
    return {
        key: NoteRelation(kind, side == "owner")
        for key, (kind, side) in _table()["list_notes"][section].items()
    }


def note_labels() -> dict[str, NoteRelation]:
    return _relations("labels")


def note_phrases() -> dict[str, NoteRelation]:
    return _relations("phrases")
