"""How likely two list records are one target, and what rules it out.

The score starts from the screening engine's name score (its alignment handles
scripts, spellings, word order and legal forms) and moves with the same
evidence screening weighs (`kleptrace.screen.evidence`): birth or incorporation
dates, countries, gender, and identifiers, here compared kind by kind. Some
differences are contradictions that no name can outweigh and that clustering
must respect between every two members of a cluster: birth dates many years
apart on every pair, two different numbers of an identifier a target has only
one of (IMO, INN, OGRN, UN reference, OFSI group, BIC), two organisations of
different kinds of legal form (a joint-stock and a limited liability company), two
lists linking the records as relatives, owner and asset or associates, and two records
of one list, unless they agree beyond a name (`listed_twice`: the list's own duplicate).
A vessel's different radio identity (MMSI, call sign) is weighed last, as a penalty
that only an exact name outlasts, and two such vessels that do not merge on their own
are never chained together through a third record. Two organisations with different
postcodes that were never a candidate pair are not chained either, and a shared
postcode supports a pair. A vessel found only under a former name of the other ranks
after one found under its current name, and two vessels sharing only former names
(two ships once called alike) do not merge on that alone. Two vessels are two ships
when one flies a flag the other's list says it never flew, or their types are of two
classes (a tanker, a cargo ship), or their tonnages differ (`vessel_apart`). Two
organisations whose addresses are in different cities (`elsewhere`) pay a penalty that
only a near-exact name outlasts, and a larger one when they were found under a short
name (MMZ, IRZ, ALMAZ: namesakes, not one company).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kleptrace.resolve.records import VesselFacts
from kleptrace.screen.evidence import compare_countries, compare_dates, compare_gender
from kleptrace.screen.result import Feature

UNIQUE_KINDS = frozenset(["imoNumber", "innCode", "ogrnCode", "unscId", "ofsiGroupId", "swiftBic"])
"""Kinds a target has one value of: two different values mean two targets. A bank's BIC
is compared on its first eight characters (a branch code may follow)."""
IDENTIFIER_AGREES = 0.8
"""Share of the gap to 1.0 closed by a shared identifier of any kind."""
RADIO_KINDS = frozenset(["mmsi", "callSign"])
"""A vessel's radio identity: one MMSI and one call sign at a time, both changed when it
is reflagged. Same-named ships with different ones are mostly two ships (the several
"ZVEZDA"s), but one ship listed before and after a reflagging carries two, so a
difference is a penalty, not a contradiction: it keeps out a pair whose names only
resemble (0.95) and lets an exact name through (benchmarks/resolve.py: of the pairs
with different radio identities, 15 false ones scored below 0.99, one true one)."""
RADIO_DIFFERS = 0.08
"""Penalty for a different MMSI or call sign and none shared."""
POSTCODE_AGREES = 0.5
"""Share of the gap to 1.0 closed by a postcode both organisations' addresses carry.
Round 3 chose 0.35 (labelled candidate pairs scoring 0.85 to 0.9 with a shared postcode:
38 one target, 2 not; 0.8 to 0.85: 32 and 18). Round 6, on benchmarks/resolve.py with
its other rules since: 0.5 finds 24 more true pairs for 4 more false ones (a branch and
its parent at one address, "Plant Zvezda" of the Pilyugin centre), 0.6 37 for 8. Not
more: a business centre's postcode is shared by companies of one group and by
unrelated ones."""
ORGANISATIONS = frozenset(["Company", "Organization", "LegalEntity", "PublicBody"])
"""Schemata of organisations: one may be another (a list that says only LegalEntity)."""
FORMER_NAME = 0.02
"""Penalty when a vessel's current name is only a former name or alias of the other:
a ship's old name is often another listed ship's name, so the pair ranks after the
pairs found under current names and takes no list's place before them."""
FORMER_NAMES_ONLY = 0.15
"""Penalty when two vessels share only former names or aliases and neither current
name: two ships once called alike (of those merged before, 11 were labelled two ships
and 1 one ship)."""

TONNAGE_TOLERANCE = 0.1
"""Largest relative difference of two tonnages (deadweight or gross) of one ship. Lists
that give a tonnage copy it from the ship's register, so a larger difference is another
ship: of the labelled candidate pairs scoring 0.8 or more that both give a tonnage, the
64 true pairs agree to the tonne and the 4 false ones differ."""

SHORT_NAME_LETTERS = 5
"""Longest word that, alone in a name once legal forms are set aside, is a short name: an
abbreviation (MMZ, the Miass, Mariysky and Mytishchi machine-building plants; IRZ, the
Irkutsk relay plant and the Izhevsk radio plant) or a word many companies take (ALMAZ,
LUCH, ZENIT)."""
ELSEWHERE = 0.08
"""Penalty when two organisations' addresses are in different cities (`elsewhere`):
companies move and lists give a registered office on one list and a plant on another,
so it is no contradiction, but of the labelled candidate pairs scoring 0.9 to 0.98 with
postcodes in different cities 38 were two targets and 6 one (from 0.98: 42 and 63), so
only a name scoring 0.98 or more outlasts it."""


def is_short_name(tokens: Sequence[str], tags: Sequence[str]) -> bool:
    """Whether a name is a short name: one word of at most `SHORT_NAME_LETTERS` letters
    besides its legal forms ("MMZ JSC", "AO IRZ")."""
    kept = [token for token, tag in zip(tokens, tags, strict=True) if tag != "legal"]
    return len(kept) == 1 and len(kept[0]) <= SHORT_NAME_LETTERS


SHORT_NAME_ELSEWHERE = 0.15
"""The penalty instead of `ELSEWHERE` when the names that matched are a short name:
of the labelled candidate pairs scoring 0.9 or more on a short name with postcodes
in different cities, 44 were two targets and 6 one; in one city, 8 one target and 2
two. The pair does not merge however well the short name matched."""


@dataclass(frozen=True)
class Record:
    """One designated target of one list, as resolution compares it."""

    entity_id: str
    schema: str
    sources: tuple[str, ...]
    dates: tuple[str, ...]
    countries: tuple[str, ...]
    gender: str | None
    identifiers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    lists: tuple[str, ...] = ()
    """The published lists the record is on (`records.list_keys`); its sources if empty."""
    postcodes: frozenset[str] = frozenset()
    """Postcodes of an organisation's addresses (`records.postcodes`)."""
    legal_forms: frozenset[str] = frozenset()
    """Kinds of legal form (`names.LEGAL_FORM_KINDS`) an organisation's names carry:
    names of two kinds only are two companies."""
    names: frozenset[str] = frozenset()
    """A vessel's current names, as sorted screening tokens."""
    former_names: frozenset[str] = frozenset()
    """A vessel's other names (former names, aliases), as sorted screening tokens."""
    vessel: VesselFacts = field(default_factory=VesselFacts)
    """A vessel's flag, flags flown, classes and tonnage (`records.vessel_facts`)."""
    name_keys: frozenset[str] = frozenset()
    """Every name of the record, as sorted screening tokens (`listed_twice`)."""

    def on_lists(self) -> frozenset[str]:
        return frozenset(self.lists or self.sources)


def _values(record: Record, kind: str) -> frozenset[str]:
    values = record.identifiers.get(kind, frozenset())
    return frozenset(v[:8] for v in values) if kind == "swiftBic" else values


def shared_identifier(a: Record, b: Record) -> str | None:
    """A kind both records carry the same value of, if any."""
    for kind in sorted(a.identifiers.keys() & b.identifiers.keys()):
        if _values(a, kind) & _values(b, kind):
            return kind
    return None


def radio_differs(a: Record, b: Record) -> str | None:
    """A radio identity kind both vessels carry with no value in common, if any."""
    for kind in sorted(RADIO_KINDS & a.identifiers.keys() & b.identifiers.keys()):
        if not a.identifiers[kind] & b.identifiers[kind]:
            return kind
    return None


def radio_apart(a: Record, b: Record, direct: float | None, threshold: float) -> bool:
    """Whether two vessels with different radio identities stay in different clusters:
    unless their own pair score (`direct`, None if never a candidate pair) merges them,
    no third record without a radio identity may chain them together."""
    return radio_differs(a, b) is not None and (direct is None or direct < threshold)


def shared_postcode(a: Record, b: Record) -> str | None:
    """A postcode both organisations' addresses carry, if any."""
    return min(a.postcodes & b.postcodes, default=None)


def address_apart(a: Record, b: Record, direct: float | None) -> bool:
    """Whether two organisations stay in different clusters because their addresses have
    postcodes and none in common, and they were never a candidate pair (`direct` is
    None): a third record resembling both does not chain them (of such pairs merged
    before, 27 were labelled two targets and 4 one)."""
    return direct is None and bool(a.postcodes and b.postcodes) and not a.postcodes & b.postcodes


def elsewhere(a: Record, b: Record) -> bool:
    """Whether both organisations' addresses have postcodes and no postal district (the
    first three digits: a city or a part of a region) in common."""
    return bool(a.postcodes and b.postcodes) and not {p[:3] for p in a.postcodes} & {
        p[:3] for p in b.postcodes
    }


def former_name_only(a: Record, b: Record) -> float:
    """The penalty for two vessels whose names in common are not both current names:
    FORMER_NAME when one's current name is a former name of the other, FORMER_NAMES_ONLY
    when they share only former names; 0.0 when they share a current name or no name
    exactly (a near spelling is the name score's to weigh)."""
    if not a.names or not b.names or a.names & b.names:
        return 0.0
    if a.names & b.former_names or a.former_names & b.names:
        return FORMER_NAME
    return FORMER_NAMES_ONLY if a.former_names & b.former_names else 0.0


def vessel_apart(a: VesselFacts, b: VesselFacts) -> str | None:
    """Why two vessels are two ships by what their lists say of them, or None: a flag one
    flies that is none of the flags the other's list says it has flown (of the labelled
    candidate pairs scoring 0.8 or more, 63 were two ships and 2 one), types of two
    classes (19 and 0), or tonnages apart (`TONNAGE_TOLERANCE`)."""
    for one, other in ((a, b), (b, a)):
        if one.flags and other.flown and not one.flags & other.flown:
            return "different flags flown"
    if a.classes and b.classes and not a.classes & b.classes:
        return "different vessel classes"
    for kind in sorted(a.tonnage.keys() & b.tonnage.keys()):
        low, high = sorted((a.tonnage[kind], b.tonnage[kind]))
        if high - low > TONNAGE_TOLERANCE * high:
            return f"different {kind}"
    return None


def listed_twice(a: Record, b: Record) -> bool:
    """Whether two records of one list are the list's own duplicate of one target: they
    share an identifier (an OKPO code, a registration number, once the ground truth is
    hidden), or a name and a full birth or incorporation date. A shared name alone is
    not enough: of the same-list pairs with one caption, 13 are labelled one target and
    8 two (round 5); with these, benchmarks/resolve.py finds 19 more true pairs and no
    false one (OFSI's two KIM CHOL NAMs born 1970-02-19, the CSL's two TEKHNOPROMEKSPORTs
    with OKPO 02839043)."""
    if shared_identifier(a, b) is not None:
        return True
    full = {d for d in a.dates if len(d) == 10} & {d for d in b.dates if len(d) == 10}
    return bool(full and a.name_keys & b.name_keys)


def contradiction(a: Record, b: Record) -> str | None:
    """Why the two records cannot be one target, or None."""
    if a.on_lists() & b.on_lists() and not listed_twice(a, b):
        return "same list"
    for kind in sorted(UNIQUE_KINDS & a.identifiers.keys() & b.identifiers.keys()):
        if not _values(a, kind) & _values(b, kind):
            return f"different {kind}"
    if a.legal_forms and b.legal_forms and not a.legal_forms & b.legal_forms:
        return "different legal forms"
    if (ship := vessel_apart(a.vessel, b.vessel)) is not None:
        return ship
    dates = compare_dates(0.0, a.dates, b.dates)
    if a.schema == "Person" and dates is not None and dates.value == 0.0:
        return f"birth dates {dates.detail}"
    return None


def score(
    name_score: float, a: Record, b: Record, short_name: bool = False
) -> tuple[float, list[Feature]]:
    """The pair score: the name score moved by each piece of other evidence in turn.
    `short_name`: the names that matched are a short name (`SHORT_NAME_LETTERS`) on one
    side at least."""
    value = name_score
    features: list[Feature] = []
    kind = shared_identifier(a, b)
    radio = None if kind else radio_differs(a, b)
    postcode = shared_postcode(a, b)
    former = former_name_only(a, b)
    apart = (SHORT_NAME_ELSEWHERE if short_name else ELSEWHERE) if elsewhere(a, b) else 0.0
    checks: list[Callable[[float], Feature | None]] = [
        lambda s: Feature("identifier", 1.0, (1.0 - s) * IDENTIFIER_AGREES, kind) if kind else None,
        lambda s: (
            Feature("address", 1.0, (1.0 - s) * POSTCODE_AGREES, postcode) if postcode else None
        ),
        lambda s: compare_dates(s, a.dates, b.dates),
        lambda s: compare_countries(s, a.countries, b.countries),
        lambda s: compare_gender(s, a.gender, b.gender),
        lambda s: (
            Feature("identifier", 0.0, -RADIO_DIFFERS, f"different {radio}") if radio else None
        ),
        lambda s: Feature("name", 0.0, -former, "former names") if former else None,
        lambda s: (
            Feature("address", 0.0, -apart, "another city" + (", short name" if short_name else ""))
            if apart
            else None
        ),
    ]
    for check in checks:
        feature = check(value)
        if feature is not None:
            features.append(feature)
            value = min(1.0, max(0.0, value + feature.contribution))
    return value, features
