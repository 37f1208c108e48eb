"""A vessel or organisation known by its names alone, which two records of another list
match equally well, is matched to neither.

The EU and FCDO lists publish most vessels with a name and an IMO number only, and the
FCDO many organisations with names and a country. Without the hidden numbers, the
names are all such a record says, and when another list carries two targets answering
to them equally well (the Ukraine War and Sanctions portal's two PRIMORYEs; its SARD
and TWENTY ONE, both formerly OLIVE; its Solnechnogorsk and Serov mechanical plants
against the FCDO's Samara Metallurgical Plant, all "SMZ"), joining either is a guess: on
benchmarks/resolve.py's store, 23 such vessel merges were another ship and 11 the same
one; for organisations, 17 fewer false pairs and no true pair lost. A pair's own
evidence can still break the tie, and so can the names themselves: a tied record bearing
more of the name-only record's names word for word than any other is no guess (the
FCDO's ANSAR AL CHARIA BENGHAZI shares "Ansar al Charia" with the UN's Benghazi and
Derna groups, and six more names with the Benghazi one; 17 more true pairs, 2 fewer
false ones). The record still joins a target through a third record that tells the two
apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from kleptrace.resolve.compare import ORGANISATIONS, Record
from kleptrace.resolve.records import VesselFacts

AMBIGUOUS_NAME = 0.15
"""Penalty on each of the tied pairs of a name-only record: none merges on the name."""
TIE = 0.001
"""Largest difference of two pair scores that is still a tie. Not 0.02 (a current name
against a former one): that lost 48 true pairs for 34 false ones."""
NAME_ONLY_SCHEMATA = ORGANISATIONS | {"Vessel"}


def name_only(record: Record, linked: Collection[str]) -> bool:
    """Whether a vessel or organisation record says nothing of its target but its names
    (and countries): no identifier (once the hidden ones are set aside), no build or
    incorporation date, no postcode, no flag, type or tonnage, and no list links it to
    an owner, operator or other party. People are left out: tied namesakes there are
    mostly one person listed twice (4 true pairs lost for 1 false one)."""
    return (
        record.schema in NAME_ONLY_SCHEMATA
        and record.vessel == VesselFacts()
        and not record.identifiers
        and not record.dates
        and not record.postcodes
        and record.entity_id not in linked
    )


def ambiguous_pairs(
    scores: Mapping[tuple[int, int], float],
    found: Sequence[Record],
    linked: Collection[str],
    threshold: float,
) -> set[tuple[int, int]]:
    """Pairs (a < b, keys of `scores`) that merge a name-only record (`name_only`) with
    one of two or more records of one list scoring within `TIE` of its best there, but
    the one of them sharing more of its names (`Record.name_keys`) than any other."""
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
            shared = [len(found[one].name_keys & found[other].name_keys) for other in tied]
            if shared.count(max(shared)) == 1:
                tied = [o for o, n in zip(tied, shared, strict=True) if n < max(shared)]
            out.update((min(one, other), max(one, other)) for other in tied)
    return out
