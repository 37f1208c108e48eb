"""A vessel known by its name alone, which two records of another list match equally
well, is matched to neither.

The EU and FCDO lists publish most vessels with a name and an IMO number only. Without
the number, the name is all such a record says, and when another list carries two ships
answering to it equally well (the Ukraine War and Sanctions portal's two PRIMORYEs; its
SARD and TWENTY ONE, both formerly OLIVE), joining either is a guess: on
benchmarks/resolve.py's store, 23 such merges were another ship and 11 the same one.
A pair's own evidence can still break the tie (a flag, a type or an owner makes the
record more than a name), and the record still joins a ship through a third record
that tells the two apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from kleptrace.resolve.compare import Record
from kleptrace.resolve.records import VesselFacts

AMBIGUOUS_NAME = 0.15
"""Penalty on each of the tied pairs of a name-only vessel: none merges on the name."""
TIE = 0.001
"""Largest difference of two pair scores that is still a tie."""


def name_only(record: Record, linked: Collection[str]) -> bool:
    """Whether a vessel record says nothing of the ship but its names: no flag, type or
    tonnage, no identifier (once the hidden ones are set aside), no build date, and no
    list links it to an owner or operator."""
    return (
        record.schema == "Vessel"
        and record.vessel == VesselFacts()
        and not record.identifiers
        and not record.dates
        and record.entity_id not in linked
    )


def ambiguous_pairs(
    scores: Mapping[tuple[int, int], float],
    found: Sequence[Record],
    linked: Collection[str],
    threshold: float,
) -> set[tuple[int, int]]:
    """Pairs (a < b, keys of `scores`) that merge a name-only vessel (`name_only`) with
    one of two or more records of one list scoring within `TIE` of its best there."""
    partners: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for (a, b), value in scores.items():
        if value < threshold:
            continue
        for one, other in ((a, b), (b, a)):
            if name_only(found[one], linked):
                for key in found[other].on_lists():
                    partners.setdefault((one, key), []).append((value, other))
    out: set[tuple[int, int]] = set()
    for (one, _), found_there in partners.items():
        if len(found_there) < 2:
            continue
        top = max(value for value, _ in found_there)
        tied = [other for value, other in found_there if value >= top - TIE]
        if len(tied) > 1:
            out.update((min(one, other), max(one, other)) for other in tied)
    return out
