"""A record known by its names alone, found only under a short name, whose full names
share nothing with the other record's, is not matched on the short name.

Lists give an organisation its abbreviation as an alias ("JSC VMZ", "AO VMZ"), and one
abbreviation stands for many companies: the FCDO's Volgograd Metallurgical Plant "Red
October" and the portal's and OFAC's Volsk Mechanical Plant are both "JSC VMZ"; "PKK"
is the Kurdistan Workers' Party on one list and the Kalashnikov industrial cluster
(Promyshlenny Klaster Kalashnikov) on another. A record with an address, a date or an
identifier has other evidence to weigh against such a match; a name-only record
(`ambiguity.name_only`) has none, so when its full names and the other record's score
below `FULL_NAMES_DISAGREE` against each other the short name is all that joins them,
and the pair pays `SHORT_NAME_ONLY`. On benchmarks/resolve.py's store: 3 fewer false
pairs (the FCDO's "Red October" with the Volsk plant on three lists), 1 more (the EU's
"Red October Corporation", a name the FCDO record also bears), 1 more true pair, none
lost; the same for any floor from 0.2 to 0.4. Records that say more than their names
are left alone: for them the same rule removed no false pair, added one, lost a true one,
and undid merges their names show true (Arctic Marine Amige ~ AMIGE AO, JSC SOYUZ ~ TMKB
"Soyuz").
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from kleptrace.resolve.ambiguity import name_only
from kleptrace.resolve.compare import ORGANISATIONS, Record, is_short_name
from kleptrace.screen.forms import NameForm

FULL_NAMES_DISAGREE = 0.3
"""Best name score of two records' full names (every name but short names) below which
they name different things: "VOLSK MECHANICAL PLANT" against "VOLGOGRAD METALLURGICAL
PLANT 'RED OCTOBER'" scores 0.16."""
SHORT_NAME_ONLY = 0.15
"""Penalty on such a pair: it does not merge on the short name."""


def short_name_only_pairs(
    pairs: Iterable[tuple[int, int]],
    found: Sequence[Record],
    linked: Collection[str],
    names: Callable[[int], list[NameForm]],
    name_score: Callable[[NameForm, NameForm], float],
) -> set[tuple[int, int]]:
    """Of `pairs` (positions into `found`) whose best name score came from a short name,
    the organisation pairs with a name-only side whose full names (`names` of each record,
    short names left out) all score below `FULL_NAMES_DISAGREE` against each other."""
    out: set[tuple[int, int]] = set()
    for a, b in pairs:
        if found[a].schema not in ORGANISATIONS or not (
            name_only(found[a], linked) or name_only(found[b], linked)
        ):
            continue
        full_a, full_b = (
            [n for n in names(record) if not is_short_name(n.tokens, n.tags)] for record in (a, b)
        )
        if (
            full_a
            and full_b
            and not any(name_score(x, y) >= FULL_NAMES_DISAGREE for x in full_a for y in full_b)
        ):
            out.add((a, b))
    return out
