"""Split a name into tagged parts so two names compare part by part.

"PUTIN, Vladimir Vladimirovich" (surname first, as the UN and OFSI write it)
and "Владимир Путин" (natural order, as in EU Cyrillic aliases) share a given
name and a family name; only once each part is tagged can a scorer line them
up and see that the second simply lacks the patronymic.

rigour's `analyze_names` tokenises, latinizes and tags legal forms and
symbols; this module adds the order rules lists follow. Chinese, Korean and
Japanese names in their own script put the family name first and write the
given name as one word ("习近平" is "XI Jinping"), so they are split here, not
by rigour. Its first call in a process takes several seconds while rigour
loads its tagger; later calls take tens of microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rigour._core import person_name_prefixes_list
from rigour.names import NamePartTag, NameTypeTag, Symbol, analyze_names, tokenize_name
from rigour.text.scripts import codepoint_script

from kleptrace.data import load_table
from kleptrace.names.normalize import clean, fold_homoglyphs
from kleptrace.names.translit import latinize, respell_geresh, spelling_class

_SCHEMA_TYPES = {
    "Person": NameTypeTag.PER,
    "Organization": NameTypeTag.ORG,
    "Company": NameTypeTag.ORG,
    "PublicBody": NameTypeTag.ORG,
    "LegalEntity": NameTypeTag.ENT,
    "Vessel": NameTypeTag.OBJ,
    "Airplane": NameTypeTag.OBJ,
}

# Russian, Ukrainian and Belarusian patronymics, on the latinized part.
_PATRONYMIC = re.compile(r"\w{3,}(ovich|evich|ovych|evych|avich|ovna|evna|ivna|ichna)$")

# Particles that join a family name rather than name anyone themselves.
PARTICLES = frozenset(
    [
        "al",
        "el",
        "ul",
        "bin",
        "ibn",
        "bint",
        "binti",
        "ben",
        "abu",
        "abou",
        "ould",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "dos",
        "das",
        "le",
        "la",
        "ter",
        "ten",
        "zu",
    ]
)

# Honorifics rigour's prefix list lacks, common on counter-terrorism lists.
_EXTRA_HONORIFICS = frozenset(
    [
        "sheikh",
        "shaykh",
        "shaikh",
        "sheik",
        "haji",
        "hajji",
        "mullah",
        "mulla",
        "maulana",
        "mawlawi",
        "maulvi",
        "sayyid",
        "sayed",
        "syed",
        "imam",
        "hafiz",
        "qari",
        "emir",
        "amir",
    ]
)

# Honorifics that are also given names ("Amir Khan", "Imam Hussain"): a title only
# when at least two name words follow it ("Hafiz Muhammad Saeed").
_TITLES_ALSO_NAMES = frozenset(["syed", "sayed", "sayyid", "imam", "hafiz", "emir", "amir"])

_NAME = Symbol.Category.NAME
# Person-name words that are roles, not names, get no name symbols.
_NO_SYMBOLS = frozenset({"particle", "honorific", "initial"})

# Scripts of names written family name first (Japanese names are Han, or Han with kana).
_FAMILY_FIRST = frozenset({"Han", "Hangul"})
_EAST_ASIAN = _FAMILY_FIRST | {"Hiragana", "Katakana"}
# Chinese and Japanese write foreign names given name first, joined by a middle dot.
_FOREIGN_NAME_DOTS = frozenset("·・•")


@dataclass(frozen=True)
class Part:
    """One word of a name with its role.

    Attributes:
        form: The word as rigour keeps it (lower case, original script).
        comparable: Its lower-case Latin form, without spaces.
        tag: "given", "middle", "patronymic", "family", "particle", "initial",
            "honorific", "legal" or "unknown".
        symbols: rigour's symbols for the word ("NAME:Q2253934", "ORGCLS:LLC"):
            for people the name identities (Wikidata given and family names,
            shared by Vladimir, Wladimir, Volodymyr and Владимир), for
            organisations every symbol rigour finds (legal-form class, domain,
            location, number). Empty when rigour knows none.
    """

    form: str
    comparable: str
    tag: str
    symbols: frozenset[str] = frozenset()


@cache
def _honorifics() -> frozenset[str]:
    words = {p.casefold().rstrip(".") for p in person_name_prefixes_list() if " " not in p}
    return frozenset(words | _EXTRA_HONORIFICS)


def _patronymic_position(comparables: list[str]) -> int | None:
    """Where the patronymic is: a name has at most one, the first word shaped like one
    that follows a word that is not (a given name). Many Belarusian and Ukrainian
    surnames end like patronymics: in "Nikolay Nikolaevich Varpakhovich" the surname is
    the last word, and in "Varpakhovich Nikolay Nikolaevich" the first."""
    shaped = [bool(_PATRONYMIC.match(c)) for c in comparables]
    for i in range(1, len(comparables)):
        if shaped[i] and not shaped[i - 1]:
            return i
    return None


def _person_tags(comparables: list[str], family_first: int, caps: list[bool]) -> list[str]:
    """Tag the words of a person name that are not honorifics, particles or initials.

    Args:
        comparables: Latin forms of the words, in written order.
        family_first: How many leading words form the surname (before a comma), or 0.
        caps: Whether each word was written all in upper case.
    """
    n = len(comparables)
    tags = ["unknown"] * n
    if n < 2:
        return tags
    patronymic = _patronymic_position(comparables)
    if family_first:
        family = set(range(min(family_first, n - 1)))
    elif patronymic == n - 1 and n >= 3:
        family = {0}  # "Путин Владимир Владимирович"
    elif any(caps) and not all(caps):
        family = {i for i in range(n) if caps[i]}  # "PUTIN Vladimir"
    else:
        family = {n - 1}
    given = [i for i in range(n) if i not in family and i != patronymic]
    if patronymic is not None:
        tags[patronymic] = "patronymic"
    for i in family:
        tags[i] = "family"
    for k, i in enumerate(given):
        tags[i] = "given" if k == 0 else "middle"
    return tags


def _role(comparable: str, position: int, count: int) -> str | None:
    """Tag a person-name word that is a role rather than a name, or None."""
    if comparable in _honorifics() and position < count - 1:
        if comparable in _TITLES_ALSO_NAMES and position >= count - 2:
            return None
        return "honorific"
    if comparable in PARTICLES and 0 < position < count - 1:
        return "particle"
    if len(comparable) == 1 and comparable.isalpha():
        return "initial"
    return None


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(str(s) for s in load_table("compound_surnames")["compound"])


def _symbol_key(symbol: Symbol) -> str:
    return str(symbol)[1:-1]  # "[NAME:Q2253934]" -> "NAME:Q2253934"


@lru_cache(maxsize=20_000)
def _class_symbols(comparable: str) -> frozenset[str]:
    """Name symbols of the other spellings in a word's romanisation class.

    rigour gives Vladimir and Volodymyr different Wikidata names (only the
    Cyrillic Владимир carries both); the class table says they are one name.
    """
    others = sorted(spelling_class(comparable) - {comparable})
    if not others:
        return frozenset()
    names = analyze_names(NameTypeTag.PER, [" ".join(others)], phonetics=False, rewrite=False)
    return frozenset(
        _symbol_key(span.symbol)
        for name in names
        for span in name.spans
        if len(span.parts) == 1 and span.symbol.category == _NAME
    )


def _east_asian(text: str) -> tuple[Part, ...] | None:
    """Split a Chinese, Korean or Japanese person name written in its own script.

    The family name comes first: the first word when the name has spaces
    ("安倍 晋三"), else the first character of a 2-4 character name, or its
    first two when they are a compound surname (欧阳, 남궁). The rest is the
    given name, one part, its syllables joined as lists write them ("jinping").
    """
    if not text or codepoint_script(ord(text[0])) not in _FAMILY_FIRST:
        return None  # katakana first: a foreign name, given name first
    scripts = {codepoint_script(ord(c)) for c in text if c.isalpha()}
    if not scripts <= _EAST_ASIAN or _FOREIGN_NAME_DOTS & set(text):
        return None
    words = text.split()
    if len(words) == 1:
        word = words[0]
        if not 2 <= len(word) <= 4 or not word.isalpha():
            return None
        cut = 2 if len(word) > 2 and word[:2] in _compound_surnames() else 1
        words = [word[:cut], word[cut:]]
    tags = ["family", "given"] + ["middle"] * (len(words) - 2)
    parts = []
    for word, tag in zip(words, tags, strict=True):
        comparable = "".join(c for c in latinize(word) if c.isalnum())
        parts.append(Part(word, comparable, tag))
    return tuple(parts)


def _symbols(
    name_symbols: list[set[str]], tags: list[str], comparables: list[str], person: bool
) -> list[frozenset[str]]:
    """Per part, the symbols a scorer may match on: for people only name identities,
    widened to the part's romanisation class, and none for titles, particles, initials."""
    if not person:
        return [frozenset(s) for s in name_symbols]
    return [
        frozenset() if tag in _NO_SYMBOLS else frozenset(s) | _class_symbols(comparable)
        for s, tag, comparable in zip(name_symbols, tags, comparables, strict=True)
    ]


@lru_cache(maxsize=20_000)
def _parse(name: str, schema: str, symbols: bool) -> tuple[Part, ...]:
    text = respell_geresh(fold_homoglyphs(clean(name)))
    type_tag = _SCHEMA_TYPES.get(schema, NameTypeTag.ENT)
    person = type_tag == NameTypeTag.PER
    if person:
        east_asian = _east_asian(text)
        if east_asian is not None:
            return east_asian
    if not symbols and type_tag == NameTypeTag.ENT:
        # Only the legal-form tags are wanted. The organisation tagger gives the same
        # parts and tags as the entity one (checked on 40,000 list names) and loads
        # in a fraction of a second; the entity one also loads the person tagger.
        type_tag = NameTypeTag.ORG
    names = analyze_names(
        type_tag, [text], symbols=symbols or not person, phonetics=False, rewrite=not person
    )
    if not names:
        return ()
    analysed = next(iter(names))
    parts = list(analysed.parts)
    comparables = [
        p.comparable if p.comparable.isascii() else latinize(p.comparable).replace(" ", "")
        for p in parts
    ]
    found: list[set[str]] = [set() for _ in parts]
    for span in analysed.spans:
        symbol = span.symbol
        # A person's name symbol counts for a word only when it names that word alone:
        # one for "Jong Un" on both words would make "jong" and "un" alike with every
        # word of every two-word name carrying it (Yong, Jun, Chan ...).
        if not person or (symbol.category == _NAME and len(span.parts) == 1):
            key = _symbol_key(symbol)
            for part in span.parts:
                found[part.index].add(key)
    tags = ["legal" if p.tag == NamePartTag.LEGAL else "unknown" for p in parts]
    if person:
        tokens = tokenize_name(text)
        aligned = len(tokens) == len(parts)
        head = len(tokenize_name(text.split(",", 1)[0])) if "," in text and aligned else 0
        core: list[int] = []
        for i, comparable in enumerate(comparables):
            role = _role(comparable, i, len(parts))
            if role is None:
                core.append(i)
            else:
                tags[i] = role
        caps = [aligned and tokens[i].isupper() and len(tokens[i]) > 1 for i in core]
        first = sum(1 for i in core if i < head)
        for i, tag in zip(
            core, _person_tags([comparables[i] for i in core], first, caps), strict=True
        ):
            tags[i] = tag
        if len(core) == 1 and "initial" in tags:
            tags[core[0]] = "family"  # "J. Smith"
    found_symbols = (
        _symbols(found, tags, comparables, person) if symbols else [frozenset()] * len(parts)
    )
    return tuple(
        Part(p.form, c, t, s)
        for p, c, t, s in zip(parts, comparables, tags, found_symbols, strict=True)
    )


def name_parts(name: str, schema: str = "Person", symbols: bool = True) -> list[Part]:
    """Split a name into tagged parts.

    For people, a comma means surname first ("PUTIN, Vladimir Vladimirovich");
    an upper-case word among mixed-case ones is the surname ("PUTIN
    Vladimir"); a trailing Russian patronymic means surname first ("Путин
    Владимир Владимирович"); otherwise the last word is taken as the family
    name. Honorifics (Dr, Sheikh), particles (al, bin, van der) and single
    letters (initials) are tagged as such. A Chinese, Korean or Japanese name
    in Han or Hangul is family name first, its given name one part
    ("习近平" -> xi, jinping). Organisation names only get their legal forms
    tagged; other parts are "unknown".

    Args:
        name: A name in any script.
        schema: The FollowTheMoney schema of the named thing ("Person",
            "Organization", "Company", "Vessel", ...); others are treated as
            a generic legal entity.
        symbols: Attach rigour's name symbols. For people this needs rigour's
            person-name tagger, which takes about 7 s to load in each process;
            a caller that knows the symbols of the words already (the screening
            index does) passes False.

    Returns:
        The parts in written order; empty for a name with no letters or digits.
    """
    return list(_parse(name, schema, symbols))
