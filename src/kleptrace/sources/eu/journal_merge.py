"""Which rows of the EU journal set are one target.

A target listed under several acts or programs is printed once per act and annex. Rows
of one schema family join when they share a checksum-valid INN, OGRN or IMO number, or
the normalised name plus a birth date or registration number; a row with neither joins
its only namesake. Joins the data contradicts (different numbers or birth dates, two
entries of one annex) are vetoed, so a misprinted identifier does not fuse two targets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kleptrace.sources.eu.journal_csv import FAMILY, Row, values
from kleptrace.sources.eu.journal_values import (
    GENERIC,
    SPECIFIC,
    STRONG,
    id_numbers,
    iso_dates,
    norm_name,
)


@dataclass(frozen=True)
class Evidence:
    """What one row says about the target it transcribes."""

    family: str
    name: str
    dobs: frozenset[str]
    strong: frozenset[tuple[str, str]]
    """(system, number) of the checksum-valid INN, OGRN and IMO numbers."""
    weak: frozenset[str]
    """Registration numbers as printed (normalised): evidence only beside the name."""
    entry: str | None
    """The annex entry the row transcribes: two entries of one annex are two designations."""
    record_id: str

    @property
    def keyed(self) -> bool:
        return bool(self.dobs or self.strong or self.weak)

    def key(self) -> tuple[str, str, str]:
        """family, name and the strongest evidence: the parts of the stable entity id."""
        evidence = min(self.dobs) if self.dobs else ""
        for kind in ("imo", "inn", "ogrn"):
            found = sorted(v for k, v in self.strong if k == kind)
            if found and not evidence:
                evidence = f"{kind}:{found[0]}"
        if not evidence and self.weak:
            evidence = f"reg:{min(self.weak)}"
        return (self.family, self.name, evidence)


def evidence(row: Row) -> Evidence:
    """What a row's cells say about its target, read as the merge compares them."""
    cells = row.cells
    family = FAMILY[cells["schema"]]
    dobs: frozenset[str] = frozenset()
    if family == "person":
        dobs = frozenset(d for v in values(cells["birthDate"]) for d in iso_dates(v))
    strong: set[tuple[str, str]] = set()
    for column, defaults in (*SPECIFIC.items(), *GENERIC.items()):
        for value in values(cells[column]):
            strong.update((k, n) for k, n in id_numbers(value, defaults) if k in STRONG)
    entry = None
    if cells["recordId"]:
        entry = "|".join((row.path.name, cells["annex"], cells["programKey"], cells["measure"]))
    return Evidence(
        family=family,
        name=norm_name(cells["name"]),
        dobs=dobs,
        strong=frozenset(strong),
        weak=frozenset(norm_name(v) for v in values(cells["registrationNumber"])),
        entry=entry,
        record_id=cells["recordId"],
    )


def group(rows: list[Evidence]) -> tuple[list[int], int]:
    """The group (lowest row index) of every row, and how many joins the data vetoed.

    Rows of one family join when they share a checksum-valid identifier (one the row
    prints alone for its system: a row listing two INNs names a parent or a successor
    too), or the name plus a birth date or registration number. A row with none of these
    joins its namesake when exactly one group bears that name.
    """
    groups = _Groups(rows)
    first: dict[tuple[str, ...], int] = {}

    def link(i: int, key: tuple[str, ...]) -> None:
        groups.union(first.setdefault(key, i), i)

    for i, row in enumerate(rows):
        kinds = Counter(kind for kind, _ in row.strong)
        for kind, number in sorted(row.strong):
            if kinds[kind] == 1:
                link(i, (row.family, kind, number))
        for dob in sorted(row.dobs):
            link(i, (row.family, row.name, "dob", dob))
        for reg in sorted(row.weak):
            link(i, (row.family, row.name, "reg", reg))
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        by_name.setdefault((row.family, row.name), []).append(i)
    for indices in by_name.values():
        keyless = [i for i in indices if not rows[i].keyed]
        targets = {groups.find(i) for i in indices if rows[i].keyed}
        if keyless:
            anchor = targets.pop() if len(targets) == 1 else keyless[0]
            for i in keyless:
                groups.union(anchor, i)
    return [groups.find(i) for i in range(len(rows))], groups.vetoed


class _Groups:
    """Union-find over row indices that refuses joins the data contradicts: different INN,
    OGRN or IMO numbers (different targets, or a misprint that a merge would hide), birth
    dates that cannot be the same day, or two entries of one annex."""

    def __init__(self, rows: list[Evidence]) -> None:
        self.parent = list(range(len(rows)))
        self.facts: list[_Facts] = []
        for row in rows:
            ids: dict[str, set[str]] = {}
            for kind, number in row.strong:
                ids.setdefault(kind, set()).add(number)
            if row.dobs:
                ids["dob"] = set(row.dobs)
            entries = {row.entry: row.record_id} if row.entry else {}
            self.facts.append(_Facts(ids, entries, {row.name}))
        self.vetoed = 0

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = sorted((self.find(a), self.find(b)))
        if a == b:
            return
        if self.facts[a].conflicts(self.facts[b]):
            self.vetoed += 1
            return
        self.parent[b] = a
        self.facts[a].absorb(self.facts[b])


@dataclass
class _Facts:
    """What one group of rows says about its target."""

    ids: dict[str, set[str]]
    """Identifiers (inn, ogrn, imo) and birth dates ("dob"); groups must agree on each."""
    entries: dict[str, str]
    """Annex entry -> its record number; a group holds one entry per annex."""
    names: set[str]

    def conflicts(self, other: _Facts) -> bool:
        common = self.ids.keys() & other.ids.keys()
        if not all(_compatible(k, self.ids[k], other.ids[k]) for k in common):
            return True
        shared = self.entries.keys() & other.entries.keys()
        if all(self.entries[e] == other.entries[e] for e in shared):
            return False
        # The annex lists one target twice: same IMO, or the same INN and OGRN.
        strong = {k: v for k, v in self.ids.items() if k in STRONG}
        same = strong == {k: v for k, v in other.ids.items() if k in STRONG}
        return not (same and strong and (len(strong) > 1 or self.names & other.names))

    def absorb(self, other: _Facts) -> None:
        for kind, found in other.ids.items():
            self.ids.setdefault(kind, set()).update(found)
        self.entries.update(other.entries)
        self.names |= other.names


def _compatible(kind: str, left: set[str], right: set[str]) -> bool:
    if kind == "dob":  # "1960" agrees with "1960-04-11"
        return any(a.startswith(b) or b.startswith(a) for a in left for b in right)
    return bool(left & right)
