"""Split a name into tagged parts so two names compare part by part.

"PUTIN, Vladimir Vladimirovich" (surname first, as the UN and OFSI write it)
and "Владимир Путин" (natural order, as in EU Cyrillic aliases) share a given
name and a family name; only once each part is tagged can a scorer line them
up and see that the second simply lacks the patronymic.

rigour's `analyze_names` tokenises, latinizes and tags legal forms and
symbols; this module adds the order rules lists follow. Its first call in a
process takes several seconds while rigour loads its tagger; later calls take
tens of microseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rigour._core import person_name_prefixes_list
from rigour.names import NamePartTag, NameTypeTag, analyze_names, tokenize_name

from kleptrace.names.normalize import clean, fold_homoglyphs

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


@dataclass(frozen=True)
class Part:
    """One word of a name with its role.

    Attributes:
        form: The word as rigour keeps it (lower case, original script).
        comparable: Its lower-case Latin form.
        tag: "given", "middle", "patronymic", "family", "particle", "initial",
            "honorific", "legal" or "unknown".
    """

    form: str
    comparable: str
    tag: str


@cache
def _honorifics() -> frozenset[str]:
    words = {p.casefold().rstrip(".") for p in person_name_prefixes_list() if " " not in p}
    return frozenset(words | _EXTRA_HONORIFICS)


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
    patronymic = [i for i, c in enumerate(comparables) if _PATRONYMIC.match(c)]
    if family_first:
        family = set(range(min(family_first, n - 1)))
    elif patronymic and patronymic[-1] == n - 1 and n >= 3:
        family = {0}  # "Путин Владимир Владимирович"
    elif any(caps) and not all(caps):
        family = {i for i in range(n) if caps[i]}  # "PUTIN Vladimir"
    else:
        family = {n - 1}
    given = [i for i in range(n) if i not in family and i not in patronymic]
    for i in patronymic:
        tags[i] = "patronymic"
    for i in family:
        tags[i] = "family"
    for k, i in enumerate(given):
        tags[i] = "given" if k == 0 else "middle"
    return tags


def _role(comparable: str, position: int, count: int) -> str | None:
    """Tag a person-name word that is a role rather than a name, or None."""
    if comparable in _honorifics() and position < count - 1:
        return "honorific"
    if comparable in PARTICLES and 0 < position < count - 1:
        return "particle"
    if len(comparable) == 1 and comparable.isalpha():
        return "initial"
    return None


@lru_cache(maxsize=20_000)
def _parse(name: str, schema: str) -> tuple[Part, ...]:
    text = fold_homoglyphs(clean(name))
    type_tag = _SCHEMA_TYPES.get(schema, NameTypeTag.ENT)
    person = type_tag == NameTypeTag.PER
    names = analyze_names(type_tag, [text], symbols=not person, phonetics=False, rewrite=not person)
    if not names:
        return ()
    parts = list(next(iter(names)).parts)
    tags = ["legal" if p.tag == NamePartTag.LEGAL else "unknown" for p in parts]
    if person:
        tokens = tokenize_name(text)
        aligned = len(tokens) == len(parts)
        head = len(tokenize_name(text.split(",", 1)[0])) if "," in text and aligned else 0
        core: list[int] = []
        for i, part in enumerate(parts):
            role = _role(part.comparable, i, len(parts))
            if role is None:
                core.append(i)
            else:
                tags[i] = role
        caps = [aligned and tokens[i].isupper() and len(tokens[i]) > 1 for i in core]
        first = sum(1 for i in core if i < head)
        for i, tag in zip(
            core, _person_tags([parts[i].comparable for i in core], first, caps), strict=True
        ):
            tags[i] = tag
        if len(core) == 1 and "initial" in tags:
            tags[core[0]] = "family"  # "J. Smith"
    return tuple(Part(p.form, p.comparable, t) for p, t in zip(parts, tags, strict=True))


def name_parts(name: str, schema: str = "Person") -> list[Part]:
    """Split a name into tagged parts.

    For people, a comma means surname first ("PUTIN, Vladimir Vladimirovich");
    an upper-case word among mixed-case ones is the surname ("PUTIN
    Vladimir"); a trailing Russian patronymic means surname first ("Путин
    Владимир Владимирович"); otherwise the last word is taken as the family
    name. Honorifics (Dr, Sheikh), particles (al, bin, van der) and single
    letters (initials) are tagged as such. Organisation names only get their
    legal forms tagged; other parts are "unknown".

    Args:
        name: A name in any script.
        schema: The FollowTheMoney schema of the named thing ("Person",
            "Organization", "Company", "Vessel", ...); others are treated as
            a generic legal entity.

    Returns:
        The parts in written order; empty for a name with no letters or digits.
    """
    return list(_parse(name, schema))
