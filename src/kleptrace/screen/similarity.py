"""How alike two names are, part by part, with the alignment that shows why.

Parts are lined up greedily by similarity, whatever their order, so
"PUTIN, Vladimir Vladimirovich" and "Vladimir Putin" align vladimir=vladimir
and putin=putin. The score is the weighted share of both names that found a
partner: each aligned pair counts its similarity times the weights of both
parts; a part left over counts against the score by its weight, discounted by
its role (a missing patronymic, title or particle costs little, a missing
surname costs fully). Identical names score exactly 1.0; one typing error in
a long word costs a few hundredths; a different surname costs about half.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz.distance import OSA

from kleptrace.names import (
    LEGAL_FORM_KINDS,
    abjad_skeletons,
    is_korean_syllable,
    is_number,
    is_pinyin_name,
    joined_variants,
    latin_skeletons,
    number_value,
    romanisation_variants,
    same_long_vowels,
    script_key,
    vowels_agree,
)
from kleptrace.screen.config import SCORING
from kleptrace.screen.forms import NameForm

_CONFIG = SCORING.similarity
# Role discounts and similarities of each kind of match: see kleptrace/data/scoring.yml.
UNMATCHED_COST = _CONFIG.unmatched_cost
MATCHED_WEIGHT = _CONFIG.matched_weight
MIN_SIMILARITY, LONG_WORD = _CONFIG.min_similarity, _CONFIG.long_word
VARIANT, SYMBOL = _CONFIG.variant, _CONFIG.symbol
SKELETON, INITIAL = _CONFIG.skeleton, _CONFIG.initial
SCRIPT_SPELLING = _CONFIG.script_spelling
SKELETON_ONLY = _CONFIG.skeleton_only
CONFLICTING_PATRONYMIC = _CONFIG.conflicting_patronymic
CONFLICTING_LEGAL_FORM = _CONFIG.conflicting_legal_form
SINGLE_WORD_SPELLING = _CONFIG.single_word_spelling
Weigh = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned parts and why they count as alike."""

    query: str
    target: str
    similarity: float
    reason: str


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The score of one query name against one list name."""

    score: float
    pairs: tuple[Pair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_target: tuple[str, ...]


def _same_consonants(a: str, b: str, abjad: tuple[bool, bool]) -> bool:
    """Whether an abjad spelling and another share a consonant skeleton of two letters or
    more, reading an abjad letter as the other sounds it may write (فلاديمير,
    "fladymyr", is Vladimir; לברוב, "lbrwb", is Lavrov)."""
    keys_a = abjad_skeletons(a) if abjad[0] else latin_skeletons(a)
    keys_b = abjad_skeletons(b) if abjad[1] else latin_skeletons(b)
    return any(len(k) >= 2 for k in keys_a & keys_b)


def word_similarity(
    a: str,
    b: str,
    symbols_a: frozenset[str] = frozenset(),
    symbols_b: frozenset[str] = frozenset(),
    abjad: tuple[bool, bool] = (False, False),
    initials: bool = True,
    syllabic: bool = False,
    lossy: str = "",
) -> tuple[float, str]:
    """Similarity of two comparable words in [0, 1], with the reason.

    Args:
        a, b: Latinized lower-case words.
        symbols_a, symbols_b: rigour symbols of each (given-name identities).
        abjad: Whether each side was written without short vowels (Arabic, Persian,
            Hebrew); equal consonant skeletons then count as a match, a weaker one
            where the abjad word's long vowels are not the other's vowels.
        initials: A single letter may stand for a word it starts ("V." for
            Vladimir); true for people's names, not for companies' ("M-Invest"
            is not "Media-Invest").
        syllabic: One side was written a syllable per character
            (`NameForm.syllabic`): only the same syllables or a known romanisation
            of them match, not words a letter apart ("dongmei", "rongmei") nor
            words rigour gives one Wikidata name (Yong and Jong, 용 and 종). The
            same holds for two Latin words that are both Korean syllables
            ("hoon", "hyon").
        lossy: The script one side was read back from, katakana or Thai
            (`NameForm.lossy`), or "": words that script writes alike
            (`names.script_key`: r and l, ch and sh, d and zh, the vowels katakana
            adds) match as other spellings.
    """
    if a == b:
        return 1.0, "same"
    # A number is a hull, tail or registration number, never a misspelt name or another
    # spelling: RA-78796 is another aircraft than RA-78776. Words of letters other than
    # i, v and x (nearly all) are told apart from numbers in C, without the call.
    maybe_number = not (a.isalpha() and a.strip("ivx") and b.isalpha() and b.strip("ivx"))
    if maybe_number and (is_number(a) or is_number(b)):
        value = number_value(a)
        if value is not None and value == number_value(b):
            return VARIANT, "same number"  # 1 and I, 12 and XII
        return 0.0, "different"
    if b in romanisation_variants(a):
        return VARIANT, "romanisation variant"
    if syllabic or (is_korean_syllable(a) and is_korean_syllable(b)):
        return 0.0, "different"
    if symbols_a & symbols_b:
        return SYMBOL, "same name in another spelling"
    if len(a) == 1 or len(b) == 1:
        longer = b if len(a) == 1 else a
        initial = a if len(a) == 1 else b
        if initials and initial.isalpha() and longer.startswith(initial):
            return INITIAL, "initial"
        return 0.0, "different"
    if abjad[0] and abjad[1]:
        # Both write their long vowels: the same consonants with other long vowels are
        # compared letter by letter (حسنی and حسن, Hasani and Hassan, are two names).
        if same_long_vowels(a, b) and _same_consonants(a, b, abjad):
            return SKELETON, "same consonants"
    elif (abjad[0] or abjad[1]) and _same_consonants(a, b, abjad):
        if not (vowels_agree(a, b) if abjad[0] else vowels_agree(b, a)):
            return SKELETON_ONLY, "same consonants, other vowels"
        return SKELETON, "same consonants"
    longest = max(len(a), len(b))
    allowed = 1 if longest <= LONG_WORD else 2
    distance = OSA.distance(a, b, score_cutoff=allowed)
    similarity = 1.0 - distance / longest
    spelt = distance <= allowed and similarity >= MIN_SIMILARITY
    # A katakana or Thai reading is the list word as that script writes it: as good as a
    # romanisation variant, unless its spelling is nearer still.
    written_alike = lossy and len(a) > 2 and (not spelt or similarity < SCRIPT_SPELLING)
    if written_alike and script_key(a, lossy) == script_key(b, lossy):
        return SCRIPT_SPELLING, "same word as the script writes it"
    if not spelt:
        return 0.0, "different"
    return similarity, "spelling"


def _merged(form: NameForm, other: frozenset[str]) -> NameForm:
    """Join neighbouring parts that the other name writes as one word ("abdul rahman")."""
    if len(form.tokens) < 2 or not any(len(t) > 3 and t not in form.tokens for t in other):
        return form
    tokens, tags, symbols = list(form.tokens), list(form.tags), list(form.symbols)
    i = 0
    while i < len(tokens) - 1:
        if tokens[i] not in other and not joined_variants(tokens[i], tokens[i + 1]).isdisjoint(
            other
        ):
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
            tags[i : i + 2] = [tags[i + 1] if tags[i] == "particle" else tags[i]]
            symbols[i : i + 2] = [frozenset()]
        else:
            i += 1
    if len(tokens) == len(form.tokens):
        return form  # nothing joined, the common case
    return replace(form, tokens=tuple(tokens), tags=tuple(tags), symbols=tuple(symbols))


def _patronymic_left(form: NameForm, left: list[int]) -> bool:
    return any(form.tags[k] == "patronymic" for k in left)


def _legal_kinds(form: NameForm) -> frozenset[str]:
    if "legal" not in form.tags:
        return frozenset()
    return frozenset(
        kind
        for token, tag in zip(form.tokens, form.tags, strict=True)
        if tag == "legal" and (kind := LEGAL_FORM_KINDS.get(token)) is not None
    )


def _conflicting_legal_forms(query: NameForm, target: NameForm) -> bool:
    """Whether both names carry a legal form and of different kinds (JSC and LLC)."""
    kinds, other = _legal_kinds(query), _legal_kinds(target)
    return bool(kinds) and bool(other) and not kinds & other


def compare_names(
    query: NameForm, target: NameForm, weigh: Weigh, cost: Weigh | None = None
) -> NameComparison:
    """Score a query name against a list name in [0, 1] and show the alignment.

    Args:
        query: The parsed query name.
        target: The parsed list name.
        weigh: Weight of a comparable word (rare words weigh 1, generic less).
        cost: What a word left without a partner costs, before its role
            discount; by default its weight.
    """
    cost = cost or weigh
    query = _merged(query, frozenset(target.tokens))
    target = _merged(target, frozenset(query.tokens))
    # Consonants alone say little of a company name (its Arabic-script form is mostly a
    # translation, or a foreign word whose vowels are lost): people's names only.
    person = not ("legal" in query.tags or "legal" in target.tags)
    abjad = (query.abjad and person, target.abjad and person)
    initials = "initial" in query.tags or "initial" in target.tags
    lossy = query.lossy or target.lossy
    # Two names of pinyin syllables only are read syllable by syllable as well: Chen Xiu
    # Ying is not Chen Xiu Ling.
    syllabic = (
        query.syllabic
        or target.syllabic
        or (is_pinyin_name(query.tokens) and is_pinyin_name(target.tokens))
    )
    cells = []
    for i, (a, sa) in enumerate(zip(query.tokens, query.symbols, strict=True)):
        for j, (b, sb) in enumerate(zip(target.tokens, target.symbols, strict=True)):
            similarity, reason = word_similarity(a, b, sa, sb, abjad, initials, syllabic, lossy)
            if similarity > 0.0:
                cells.append((similarity, -abs(i - j), i, j, reason))
    cells.sort(reverse=True)
    used_query: set[int] = set()
    used_target: set[int] = set()
    pairs: list[Pair] = []
    matched = 0.0
    total = 0.0
    for similarity, _, i, j, reason in cells:
        if i in used_query or j in used_target:
            continue
        used_query.add(i)
        used_target.add(j)
        weight = weigh(query.tokens[i]) * MATCHED_WEIGHT.get(query.tags[i], 1.0) + weigh(
            target.tokens[j]
        ) * MATCHED_WEIGHT.get(target.tags[j], 1.0)
        matched += similarity * weight
        total += weight
        pairs.append(Pair(query.tokens[i], target.tokens[j], round(similarity, 3), reason))
    left_query = [i for i in range(len(query.tokens)) if i not in used_query]
    left_target = [j for j in range(len(target.tokens)) if j not in used_target]
    role_cost = UNMATCHED_COST
    if _patronymic_left(query, left_query) and _patronymic_left(target, left_target):
        # Two fathers' names that differ: two people, not one with a name left out.
        role_cost = {**UNMATCHED_COST, "patronymic": CONFLICTING_PATRONYMIC}
    conflicting_forms = (
        any(query.tags[k] == "legal" for k in left_query)
        and any(target.tags[k] == "legal" for k in left_target)
        and _conflicting_legal_forms(query, target)
    )
    for form, left in ((query, left_query), (target, left_target)):
        for k in left:
            tag = form.tags[k]
            if conflicting_forms and tag == "legal" and form.tokens[k] in LEGAL_FORM_KINDS:
                total += CONFLICTING_LEGAL_FORM
                continue
            # A Korean or Chinese given name is one name written a syllable per
            # character: a syllable left over is not a middle name left out.
            role = 1.0 if form.syllabic and tag == "middle" else role_cost.get(tag, 1.0)
            total += cost(form.tokens[k]) * role
    score = matched / total if total > 0 else 0.0
    if len(pairs) == 1 and not left_query and not left_target and pairs[0].reason == "spelling":
        # One word against one word a letter apart: ships and firms of one word differ
        # so (SPARTA and SPARTAN, ARISTO and ARISTOS are other ships).
        score *= SINGLE_WORD_SPELLING
    return NameComparison(
        score=min(1.0, score),
        pairs=tuple(pairs),
        unmatched_query=tuple(query.tokens[i] for i in left_query),
        unmatched_target=tuple(target.tokens[j] for j in left_target),
    )
