"""Canonical ids that survive reloads: a cluster keeps its id while most of its members stay.

A new cluster inherits the id of an earlier cluster when it holds more than half of
that cluster's members (so at most one new cluster can inherit it); when several
earlier clusters qualify (two targets found to be one), the one it shares most
members with wins. Any other cluster gets a new id made from its smallest member
id, which is stable too: the same records resolved afresh get the same id.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence

PREFIX = "kt-"


def fresh_id(members: Sequence[str]) -> str:
    """The id of a cluster seen for the first time."""
    return PREFIX + hashlib.sha1(min(members).encode()).hexdigest()[:16]


def assign(clusters: Sequence[Sequence[str]], previous: Mapping[str, str]) -> list[str]:
    """One canonical id per cluster (of entity ids), given the previous entity -> cluster id."""
    sizes = Counter(previous.values())
    taken: set[str] = set()
    out: list[str | None] = [None] * len(clusters)
    offers: list[tuple[int, str, int]] = []
    for position, members in enumerate(clusters):
        shared = Counter(previous[m] for m in members if m in previous)
        for old, count in shared.items():
            if 2 * count > sizes[old]:
                offers.append((count, old, position))
    for _, old, position in sorted(offers, key=lambda o: (-o[0], o[1], o[2])):
        if out[position] is None and old not in taken:
            out[position] = old
            taken.add(old)
    used = set(previous.values())
    for position, members in enumerate(clusters):
        if out[position] is None:
            new = fresh_id(members)
            suffix = 1
            while new in used or new in taken:
                new = f"{fresh_id(members)}-{suffix}"
                suffix += 1
            out[position] = new
            taken.add(new)
    return [i for i in out if i is not None]
