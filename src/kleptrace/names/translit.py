"""Latin forms of names in other scripts, and the spellings lists disagree on.

`latinize` turns a name in any script into lower-case ASCII, using rigour's
transliteration (its own tables for Cyrillic, Greek, Armenian, Georgian and
Hangul, ICU-style `normality` rules for the rest). The result is one spelling;
lists spell the same person in several (Vladimir / Wladimir / Volodymyr,
Navalny / Navalnyy), so `romanisation_variants` expands one token into the
common alternatives from the table in kleptrace/data/romanisation.yml.

Arabic, Persian and Hebrew are written without short vowels, so their Latin
form is a consonant skeleton ("محمد" -> "mhmd"); `consonant_skeleton` reduces
a Latin spelling ("Mohammed") to the same key. Korean given names are written
as one word in Hangul and syllable by syllable on lists ("정은" -> "jeongeun",
"Jong Un"), so variants of a multi-syllable Korean token are built syllable by
syllable. The first Chinese name in a process costs about 0.15 s while the
conversion tables load.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from rigour.text.translit import ascii_text

from kleptrace.data import load_table, pinyin_syllables
from kleptrace.names.normalize import clean, fold_homoglyphs

_MAX_VARIANTS = 64
_MAX_SEGMENTATIONS = 4
_LONGEST_SYLLABLE = 6


@lru_cache(maxsize=50_000)
def latinize(text: str) -> str:
    """Transliterate a name to lower-case ASCII Latin.

    The text is cleaned and homoglyph-folded first, so "Vlаdimir" with a
    Cyrillic "а" comes out as "vladimir" rather than being transliterated
    letter by letter.

    Args:
        text: A name in any script.

    Returns:
        Lower-case ASCII with single spaces; empty when nothing in the text
        has a Latin rendering.
    """
    if text.isascii() and text.isalnum():
        return text.lower()  # one plain word, as the steps below would leave it: most calls
    words = (_latin_word(w) for w in respell_geresh(fold_homoglyphs(clean(text))).split())
    return " ".join(" ".join(words).split())


@lru_cache(maxsize=200_000)
def _latin_word(word: str) -> str:
    """One word to lower-case ASCII, cached: list names share most of their words, and
    ICU transliteration of a Cyrillic word costs ~0.2 ms cold. Word by word gives the
    whole-name result on 5,691 of 5,694 real non-Latin EU aliases; the other three differ
    only where ICU turned a separator ("·") into "?", which is dropped here."""
    if word.isascii():
        return word.lower()  # ascii_text leaves ASCII as it is; skip its call
    latin = ascii_text(word).lower()
    return latin if "?" in word else latin.replace("?", "")


# Hebrew writes a ch with a geresh after tsadi (אברמוביץ׳, Abramovich), which
# tokenising drops, leaving a "z". Shin stands in for it: the consonant skeleton
# reads a Hebrew s as s or sh, and ch and sh are one sound class there.
_HEBREW_CH = re.compile("[\u05e6\u05e5]['\u05f3\u2019]")


def respell_geresh(text: str) -> str:
    """The text with each Hebrew tsadi-geresh (ch) written as shin (sh)."""
    return _HEBREW_CH.sub("\u05e9", text) if "\u05e6" in text or "\u05e5" in text else text


@dataclass(frozen=True)
class _Rules:
    classes: dict[str, frozenset[str]]
    min_length: int
    inner_swaps: dict[str, tuple[tuple[str, str], ...]]
    """(old, new) letter groups replaced wherever they occur, by the old group's first
    letter (a word is only tried on the swaps its letters can start)."""
    start_swaps: tuple[tuple[str, str], ...]
    """(old, new) letter groups replaced at the start of a word only."""
    suffixes: tuple[tuple[str, ...], ...]
    """Interchangeable endings, each group longest first."""
    syllables: dict[str, frozenset[str]]


def _grouped(groups: list[list[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in groups:
        members = frozenset(str(v) for v in group)
        for member in members:
            out[member] = out.get(member, frozenset()) | members
    return out


def _both_ways(pairs: list[list[str]]) -> list[tuple[str, str]]:
    return [swap for a, b in pairs for swap in ((str(a), str(b)), (str(b), str(a)))]


@cache
def _table() -> _Rules:
    data = load_table("romanisation")
    syllables = _grouped(data["korean"])
    classes = _grouped(data["classes"] + data["korean"])
    inner: dict[str, tuple[tuple[str, str], ...]] = {}
    for old, new in _both_ways(data["letters"]) + [(str(a), str(b)) for a, b in data["one_way"]]:
        inner[old[0]] = (*inner.get(old[0], ()), (old, new))
    suffixes = tuple(
        tuple(sorted((str(s) for s in group), key=len, reverse=True)) for group in data["suffixes"]
    )
    return _Rules(
        classes,
        int(data["min_length"]),
        inner,
        tuple(_both_ways(data["start"])),
        suffixes,
        syllables,
    )


def _swap_suffix(token: str, suffixes: tuple[tuple[str, ...], ...]) -> set[str]:
    """Each other ending of the token's longest ending in every group (-ov -> -off)."""
    out: set[str] = set()
    for group in suffixes:
        if not token.endswith(group):
            continue
        ending = next(s for s in group if token.endswith(s))
        stem = token[: -len(ending)]
        out.update(stem + other for other in group if other != ending)
    return out


def _swap_letters(token: str, rules: _Rules) -> set[str]:
    """The token with one letter group swapped (every occurrence: ks -> x, w- -> v-)."""
    out = {
        token.replace(old, new)
        for letter in set(token).intersection(rules.inner_swaps)
        for old, new in rules.inner_swaps[letter]
        if old in token
    }
    out.update(new + token[len(old) :] for old, new in rules.start_swaps if token.startswith(old))
    return out


def _segments(token: str, syllables: dict[str, frozenset[str]]) -> list[list[str]]:
    """Every way to cut a token into known Korean syllables, at most a few."""
    if not token:
        return [[]]
    out: list[list[str]] = []
    for end in range(min(len(token), _LONGEST_SYLLABLE), 0, -1):
        head = token[:end]
        if head in syllables:
            out += [[head, *rest] for rest in _segments(token[end:], syllables)]
        if len(out) >= _MAX_SEGMENTATIONS:
            break
    return out[:_MAX_SEGMENTATIONS]


def _korean_variants(token: str, syllables: dict[str, frozenset[str]]) -> set[str]:
    """Respell a token made of two or more Korean syllables one syllable at a time,
    so "jeongeun" (Hangul 정은) reaches "jongun" and "jungeun"."""
    out: set[str] = set()
    for cut in _segments(token, syllables):
        if len(cut) < 2:
            continue
        spellings = [""]
        for syllable in cut:
            spellings = [s + v for s in spellings for v in sorted(syllables[syllable])]
            spellings = spellings[:_MAX_VARIANTS]
        out.update(spellings)
    return out


def spelling_class(token: str) -> frozenset[str]:
    """Return the spellings the romanisation table lists as one name with a token.

    Unlike `romanisation_variants`, no rule-made spellings are added, so every
    member is a spelling some list uses.

    Args:
        token: One lower-case Latin word ("vladimir").

    Returns:
        The class including the token, or an empty set when the table has none.
    """
    return _table().classes.get(token, frozenset())


def is_korean_syllable(token: str) -> bool:
    """Tell whether a Latin word is a Korean syllable the romanisation table spells
    ("hoon", "hyon", "jong", "yong"): two different ones are different syllables,
    however few letters apart, and however many names rigour gives them in common.

    Args:
        token: One lower-case Latin word.
    """
    return token in _table().syllables


def is_pinyin_name(tokens: tuple[str, ...]) -> bool:
    """Tell whether a Latin name of two words or more is all Hanyu Pinyin syllables
    ("chen xiu ying"): its words are Chinese syllables, and two different ones
    ("ying", "ling") are two syllables, not a misspelling.

    Args:
        tokens: The name's lower-case Latin words.
    """
    syllables = pinyin_syllables()
    return len(tokens) >= 2 and all(t in syllables for t in tokens)


@lru_cache(maxsize=50_000)
def romanisation_variants(token: str) -> frozenset[str]:
    """Return the common romanised spellings of one name token.

    The token is latinized (hyphens dropped), then expanded: its spelling
    class from the table (vladimir -> wladimir, volodymyr ...; gim -> kim),
    one suffix swap (-ov/-off, -iy/-y/-ii/-yy) and one letter swap (ks/x,
    ya/ia, kh -> h, w/v at the start), and the classes of everything found.
    At most two rules are combined, so the set stays small (a few dozen
    spellings at most). A token made entirely of Korean syllables from the
    table ("jeongeun", "jongun") is also respelled syllable by syllable.

    Args:
        token: One word of a name, in any script.

    Returns:
        The spellings, including the latinized token itself; empty when the
        token has no Latin rendering.
    """
    base = latinize(token).replace(" ", "").replace("-", "")
    if not base:
        return frozenset()
    rules = _table()
    found = {base} | rules.classes.get(base, frozenset())
    if len(base) >= rules.min_length:
        for _ in range(2):
            step: set[str] = set()
            for spelling in found:
                step |= _swap_suffix(spelling, rules.suffixes)
                step |= _swap_letters(spelling, rules)
            found |= step
            if len(found) > _MAX_VARIANTS:
                break
    for spelling in list(found):
        found |= rules.classes.get(spelling, frozenset())
    found |= _korean_variants(base, rules.syllables)
    return frozenset(found)


@lru_cache(maxsize=50_000)
def joined_variants(head: str, tail: str) -> frozenset[str]:
    """Return the spellings of two neighbouring name words written as one.

    Lists write "Abdul Rahman" as "Abdulrahman" and "Jong Un" as "Jongun"; the
    joined word is spelt as its halves are ("abdul" + "rakhman"), plus any
    spelling the table gives the joined word as a whole. Built from the halves'
    cached variants, because the joined pairs of a customer file are nearly all
    different and expanding each one as a new word was a fifth of batch time.

    Args:
        head: The first word, latinized ("abdul").
        tail: The word after it, latinized ("rahman").

    Returns:
        The joined spellings, including head + tail itself.
    """
    joined = head + tail
    heads = romanisation_variants(head) | {head}
    tails = romanisation_variants(tail) | {tail}
    found = {h + t for h in heads for t in tails}
    return frozenset(found | _table().classes.get(joined, frozenset()))


# Consonant skeletons. Digraphs first, then letters; "x" stands for sh and ch
# (Arabic writes ch as تش, "tsh"), "j" for zh and dj, "h" for kh, "d" for z and dh
# (ذ ض ظ are d, dh or z depending on the language: Ramadan, Ramazan, Abu Dhabi),
# "b" for p (Arabic has no p and writes ب: بوتين is Putin). Letters not listed
# (vowels, y and w after the first letter, hyphens) are dropped. An apostrophe (Hebrew
# aleph and ayin) stands where a vowel is, so a w or y after it is a vowel too: אולג,
# "'wlg", is Oleg, "lk".
_DIGRAPHS = (
    ("kh", "h"), ("gh", "k"), ("tsh", "x"), ("sh", "x"), ("ch", "x"), ("th", "s"),
    ("dh", "d"), ("zh", "j"), ("dj", "j"), ("ph", "f"), ("ck", "k"),
)  # fmt: skip
_LETTERS = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "x": "ks", "z": "d", "v": "w", "p": "b", "'": "a", "-": None}
)
_CONSONANTS = frozenset("bdfhjklmnrstx")
_ARTICLES = ("al", "el", "ul")


def _letter_classes(token: str) -> str:
    """The token with digraphs and letters folded to the skeleton's classes."""
    for digraph, letter in _DIGRAPHS:
        token = token.replace(digraph, letter.upper())
    return token.translate(_LETTERS).lower()


def _skeleton(token: str) -> str:
    token = _letter_classes(token)
    if not token:
        return ""
    keep = [token[0]] if token[0] in "yw" else []
    keep += [c for c in token[len(keep) :] if c in _CONSONANTS]
    out = "".join(c for i, c in enumerate(keep) if i == 0 or c != keep[i - 1])
    if len(out) > 1 and out.endswith("h"):
        out = out[:-1]  # Persian and Hebrew silent final h, Latin "-ah", "-eh"
    if len(out) > 1 and out.endswith("t"):
        out = out[:-1]  # Arabic ta marbuta: "asamt" (أسامة) is Osama, "hmzt" is Hamza
    return out


def _stripped(token: str) -> str:
    """Skeleton without a leading Arabic article, when enough is left to be a name."""
    for article in _ARTICLES:
        if token.startswith(article):
            rest = _skeleton(token[len(article) :])
            if len(rest) >= 2:
                return rest
    return _skeleton(token)


@lru_cache(maxsize=100_000)
def consonant_skeleton(latin_token: str) -> str:
    """Return the key on which a Latin spelling and a latinized abjad spelling agree.

    Arabic, Persian and Hebrew leave short vowels unwritten, so latinize gives
    "sdam hsyn" for صدام حسين where a list writes "Saddam Hussein". The key
    keeps the consonants both spellings write: vowels are dropped, and so are
    y and w after the first letter (long vowels and diphthongs: husayn,
    hsyn), a final h (nasrallah, نصرالله), a final t after a consonant (ta
    marbuta: asamt, Osama) and the article al-/el-/ul- in front of a longer
    word (altkryty, Tikriti). Doubled letters collapse (saddam), and letters
    lists use for one sound fold together: q/k/g/gh/c, kh/h, sh/ch/tsh, th/s,
    d/dh/z, zh/dj/j, v/w, p/b. Spellings in one class of the romanisation
    table share the most common key of the class (benjamin, binyamin).

    The key promises recall, not identity: "Saddam", "Hussein", "Husayn",
    "Mohammed", "Muhammad" and "Osama" meet their Arabic spelling, but
    different names can share a key (Mahmoud and Mohammed are both "mhmd"),
    so a scorer should count a shared key as weaker than a shared spelling.
    Keys of one or two letters (Ali, Osama) say little on their own. An abjad
    letter that stands for another sound (ف or ב for v) is `abjad_skeletons`' job.

    Args:
        latin_token: One lower-case ASCII word, as `latinize` gives it.

    Returns:
        A short lower-case key; empty when the word has no consonants.
    """
    token = latin_token.lower()
    members = _table().classes.get(token)
    if members is None:
        return _stripped(token)
    keys = Counter(_stripped(m) for m in members)
    return min(keys, key=lambda k: (-keys[k], len(k), k))


@lru_cache(maxsize=100_000)
def latin_skeletons(latin_token: str) -> frozenset[str]:
    """Return every key under which a Latin spelling may meet an abjad one.

    `consonant_skeleton` gives a spelling class one key, its most common member's, so
    Sergei is keyed "sr" after Serhii and Igor "hr" after Ihor; an Arabic سيرغي
    ("srk") and إيغور ("kr") write the Russian g. The word's own skeleton is a key
    too, with and without a leading al- (Alisher is "lxr", not an article and "xr").

    Args:
        latin_token: One lower-case ASCII word of a Latin-script name.
    """
    token = latin_token.lower()
    return frozenset(
        k for k in (consonant_skeleton(token), _stripped(token), _skeleton(token)) if k
    )


# Latin sounds an abjad letter may stand for, in skeleton classes: Arabic writes a
# foreign v as ف (f), Hebrew as ב (b); unpointed Hebrew ש is sh as often as s (and
# stands for צ׳, ch: `respell_geresh`), so an s may be an sh and an sh an s; Arabic
# ج is a g in Egypt and in many renderings of Russian names (جينادي, Gennady). A Latin
# v is "w" first in a key and dropped inside it (a w after the first letter is a vowel
# there: abramovich is "brmx").
_ABJAD_ALTERNATIVES = {"f": "w", "b": "w", "s": "x", "x": "s", "j": "k"}
_MAX_ABJAD_KEYS = 8


@lru_cache(maxsize=100_000)
def abjad_skeletons(abjad_token: str) -> frozenset[str]:
    """Return the skeletons a latinized Arabic-script or Hebrew word may share with
    Latin spellings (`latin_skeletons`).

    Besides the word's own keys, each letter of `_ABJAD_ALTERNATIVES` may stand for
    its other sound: "fldmr", فلاديمير, is Vladimir, "wldmr"; "lbrb", לברוב, is
    Lavrov, "lr"; "lsr", אלישר, is Alisher, "lxr".

    Args:
        abjad_token: One lower-case ASCII word, as `latinize` gives it.

    Returns:
        The word's own keys and, up to `_MAX_ABJAD_KEYS` in all, the first of the
        other readings; empty when the word has no consonants.
    """
    own = sorted(latin_skeletons(abjad_token), key=lambda k: (-len(k), k))
    found = list(own)
    for key in own:
        keys = [""]
        for i, letter in enumerate(key):
            other = _ABJAD_ALTERNATIVES.get(letter)
            if other == "w" and i > 0:
                other = ""
            choices = (letter,) if other is None else (letter, other)
            keys = [k + choice for k in keys for choice in choices]
        found += [k for k in keys if k and k not in found]
    return frozenset(found[: max(_MAX_ABJAD_KEYS, len(own))])


# Units of `vowels_agree`: the skeleton's consonant classes, Latin vowels, and what an
# abjad spelling writes where a Latin one has a vowel: alef "a", ya "y", waw "w", and
# "?" for an apostrophe (alef or ayn).
_LATIN_VOWELS = frozenset("aeiouy")


def _units(token: str) -> tuple[str, ...]:
    out: list[str] = []
    for letter in _letter_classes(token):
        if not (out and letter == out[-1] and letter not in _LATIN_VOWELS):
            out.append(letter)  # doubled consonants are one ("saddam", "sdam")
    return tuple(out)


@lru_cache(maxsize=100_000)
def vowels_agree(abjad_token: str, latin_token: str) -> bool:
    """Whether a latinized abjad word and a Latin word agree on their vowels too.

    Two spellings that share a consonant skeleton may still be two names: Persian
    حمیدی (Hamidi, "hmydy") and "Hamadeh" are both "hmd". Arabic, Persian and Hebrew
    write long vowels and the vowels of foreign names with alef, ya and waw
    (فلاديمير, "fladymyr", Vladimir; بوتين, "bwtyn", Putin), so where the abjad word
    writes one the Latin word must have a vowel of that kind: ya i, e or y (or j);
    waw o, u or a v; alef any vowel. The Latin word's other vowels are short vowels the abjad
    word leaves out. An initial alef, the article al-, an apostrophe (alef, ayn), a
    final h or t (ta marbuta) and an h inside (Persian ه for e) may stand for nothing.

    Args:
        abjad_token: One lower-case ASCII word, as `latinize` gives an abjad word.
        latin_token: One lower-case ASCII word of a Latin-script name.
    """
    ends_in_vowel = latin_token.endswith(("a", "e", "h"))
    if len(abjad_token) > 3 and abjad_token.endswith(("yh", "yt")) and not ends_in_vowel:
        return False  # ـیه, ـية end in a vowel after the i: Mahdieh (مهدیه) is not Mehdi
    # A hamza seated on ya or waw next to the long vowel is one vowel: ميخائيل,
    # "mykhayyl", is Mikhail.
    units = _units(abjad_token.replace("'", "?"))
    abjad = tuple(u for i, u in enumerate(units) if not (i and u in "yw" and u == units[i - 1]))
    latin = _units(latin_token)
    if abjad[:2] == ("a", "l") and len(abjad) > 4 and latin[:2] != ("a", "l"):
        abjad = abjad[2:]  # the article: "alzwahry" is Zawahiri
    return _aligned(abjad, latin)


def _long_vowels(abjad_token: str) -> tuple[str, ...]:
    """The alef, ya and waw an abjad word writes after its first letter and article."""
    units = _units(abjad_token)
    if units[:2] == ("a", "l") and len(units) > 4:
        units = units[2:]
    vowels = [u for u in units[1:] if u in "ayw"]
    return tuple(u for i, u in enumerate(vowels) if not (i and u in "yw" and u == vowels[i - 1]))


def same_long_vowels(abjad_a: str, abjad_b: str) -> bool:
    """Whether two abjad spellings write the same long vowels in the same order.

    Both words show their long vowels, so two spellings of one name keep them: حسن
    (Hassan) and حسنی (Hasani), جودي (Judi) and الجداوي (al-Jadawi) share consonant
    skeletons but not vowels, where فلاديمير and ولاديمير (Vladimir) share both. A first
    letter is left out (و is the consonant v there), and so is the article al-.

    Args:
        abjad_a, abjad_b: Lower-case ASCII words, as `latinize` gives abjad words.
    """
    return _long_vowels(abjad_a) == _long_vowels(abjad_b)


def _fits(unit: str, latin: str, last: bool) -> bool:
    """Whether one abjad unit may be written as one Latin unit."""
    if unit in "a?":
        return latin in _LATIN_VOWELS
    if unit == "y":
        # A consonant y is a j in some romanisations (בנימין, Benjamin); a final ى is
        # alef maqsura (عيسى, Isa).
        return latin in "iejy" or (last and latin == "a")
    if unit == "w":
        return latin in "ouw"
    return unit == latin or latin in _ABJAD_ALTERNATIVES.get(unit, "-")


def _aligned(abjad: tuple[str, ...], latin: tuple[str, ...]) -> bool:
    """Whether every abjad unit finds its Latin unit in order, the Latin vowels left
    over being short vowels (and a final h)."""

    @cache
    def match(i: int, j: int) -> bool:
        if i == len(abjad):
            rest = latin[j:]
            return all(u in _LATIN_VOWELS for u in rest[:-1]) and (
                not rest or rest[-1] in _LATIN_VOWELS or rest[-1] == "h"
            )
        unit = abjad[i]
        optional = unit == "?" or (unit == "h" and i > 0) or (i == 0 and unit == "a")
        if (optional or (unit in "ht" and i == len(abjad) - 1)) and match(i + 1, j):
            return True
        if j == len(latin):
            return False
        if latin[j] in _LATIN_VOWELS and match(i, j + 1):
            return True  # a short vowel the abjad word leaves out
        return _fits(unit, latin[j], i == len(abjad) - 1) and match(i + 1, j + 1)

    return match(0, 0)
