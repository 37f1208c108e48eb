"""Perturbations of real list names, one small function per evaluation class.

Screening has to survive what customer data does to a listed name: typos, another
surname first, a dropped patronymic, initials, titles, look-alike letters, invisible
characters, a different legal form (other romanisations are in `romanise.py`, as they
need the Cyrillic original). Each function takes a name and a seeded
`random.Random` and returns the perturbed name, or None when the perturbation does not
apply to that name. A returned name always differs from the input, so no case claims a
perturbation it does not carry. Nothing here reads kleptrace's own tables: look-alikes
and invisible characters come from ICU's Unicode data (`writing.py`), the legal forms and
particles are typed below.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

from benchmarks.evaluation.writing import invisibles, lookalikes

Perturbation = Callable[[str, random.Random], str | None]

_WORD = re.compile(r"[^\W\d_]+")
_PATRONYMIC = re.compile(
    r"\w{3,}(ovich|evich|ovych|evych|avich|ovna|evna|ivna|ichna|ogly|oglu|kyzy|qizi)$",
    re.IGNORECASE,
)

# Equivalent spellings of one legal form, from the abbreviations and local-language names
# of GLEIF's ISO 20275 Entity Legal Forms code list (Russian, Ukrainian, English, German,
# UAE free-zone forms); the first group member is only a label.
LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("LLC", "L.L.C.", "Limited Liability Company", "OOO", "ООО", "TOV", "ТОВ"),
    ("PJSC", "PAO", "ПАО", "Public Joint Stock Company", "Public Joint-Stock Company"),
    ("CJSC", "ZAO", "ЗАО", "Closed Joint Stock Company", "Closed Joint-Stock Company"),
    ("OJSC", "OAO", "ОАО", "Open Joint Stock Company", "Open Joint-Stock Company"),
    ("JSC", "AO", "АО", "Joint Stock Company", "Joint-Stock Company"),
    ("Ltd", "Ltd.", "Limited"),
    ("Co., Ltd.", "Co. Ltd", "Company Limited"),
    ("Inc", "Inc.", "Incorporated"),
    ("Corp", "Corp.", "Corporation"),
    ("LLP", "Limited Liability Partnership"),
    ("PLC", "Public Limited Company"),
    ("GmbH", "Gesellschaft mit beschränkter Haftung"),
    ("FZE", "Free Zone Establishment"),
    ("FZCO", "FZ-CO", "Free Zone Company"),
)
_FORM_GROUP = {form.casefold(): group for group in LEGAL_FORMS for form in group}
_FORM_PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(_FORM_GROUP, key=len)[::-1])
    + r")(?![\w.])",
    re.IGNORECASE,
)

HONORIFICS = ("Dr", "Dr.", "General", "Colonel", "Sheikh", "Haji", "Mullah", "Prof.")
_GENDERED = {"male": ("Mr", "Mr."), "female": ("Mrs", "Ms")}
# Name particles that go with the next word ("bin Laden", "van der Berg"), so dropping a
# middle name never leaves one dangling; the usual Arabic, Dutch, German, Romance ones.
PARTICLES = frozenset(
    {"al", "el", "bin", "ben", "ibn", "bint", "abu", "abd", "van", "von", "der", "den"}
    | {"de", "da", "di", "del", "della", "dos", "das", "du", "la", "le"}
)


def _recase(new: str, like: str) -> str:
    """Write `new` in the case style of `like` (UPPER, Title or lower)."""
    if like.isupper() and len(like) > 1:
        return new.upper()
    if like[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _form_spans(name: str) -> list[tuple[int, int]]:
    """Character spans of the legal forms in a name, which typos must not touch."""
    return [m.span() for m in _FORM_PATTERN.finditer(name)]


def typo(name: str, rng: random.Random) -> str | None:
    """One keyboard slip (substitution, insertion, deletion or transposition) in a word of
    at least five letters, never in a legal form and never in the first letter, where
    real typos are rare."""
    spans = _form_spans(name)
    words = [
        m
        for m in _WORD.finditer(name)
        if len(m.group()) >= 5
        and m.group().casefold() not in _FORM_GROUP
        and not any(s <= m.start() < e for s, e in spans)
    ]
    if not words:
        return None
    word = rng.choice(words)
    text = word.group()
    edit = rng.choice(("substitute", "insert", "delete", "transpose"))
    swaps = [i for i in range(1, len(text) - 1) if text[i] != text[i + 1]]
    if edit == "transpose" and swaps:
        pos = rng.choice(swaps)
        new = text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    elif edit == "insert":
        pos = rng.randrange(1, len(text))
        new = text[:pos] + _recase(rng.choice(string.ascii_lowercase), text[pos]) + text[pos:]
    elif edit == "delete":
        pos = rng.randrange(1, len(text))
        new = text[:pos] + text[pos + 1 :]
    else:
        pos = rng.randrange(1, len(text))
        letter = rng.choice([c for c in string.ascii_lowercase if c != text[pos].lower()])
        new = text[:pos] + _recase(letter, text[pos]) + text[pos + 1 :]
    return _replace_span(name, word.start(), word.end(), new)


def split_person(name: str) -> tuple[list[str], list[str], str] | None:
    """Split a person name into (given words, surname words, style).

    Style is "comma" ("PUTIN, Vladimir"), "surname_first" ("PUTIN Vladimir", "Putin
    Vladimir Vladimirovich") or "given_first" ("Vladimir PUTIN", "Vladimir Putin"),
    judged the way lists write names: a comma, upper-case surnames among mixed-case
    words, or a trailing patronymic. None for a single word.
    """
    if name.count(",") == 1:
        surname, given = (part.split() for part in name.split(","))
        return (given, surname, "comma") if given and surname else None
    words = name.split()
    if len(words) < 2:
        return None
    caps = [w.isupper() and sum(c.isalpha() for c in w) > 1 for w in words]
    if any(caps) and not all(caps):
        lead = next(i for i, c in enumerate(caps) if not c)
        if lead > 0 and not any(caps[lead:]):
            return words[lead:], words[:lead], "surname_first"
        trail = next(i for i, c in enumerate(caps) if c)
        if all(caps[trail:]):
            return words[:trail], words[trail:], "given_first"
    if len(words) >= 3 and _PATRONYMIC.match(words[-1]) and not _PATRONYMIC.match(words[-2]):
        return words[1:], words[:1], "surname_first"
    return words[:-1], words[-1:], "given_first"


def _join(given: list[str], surname: list[str], style: str) -> str:
    if style == "comma":
        return " ".join(surname) + ", " + " ".join(given)
    if style == "surname_first":
        return " ".join(surname + given)
    return " ".join(given + surname)


def order(name: str, rng: random.Random) -> str | None:
    """Surname first becomes given name first and back, with or without a comma: customer
    records rarely follow a list's convention."""
    split = split_person(name)
    if split is None:
        return None
    given, surname, style = split
    if style == "given_first":
        new = _join(given, surname, rng.choice(("comma", "surname_first")))
    else:
        new = _join(given, surname, "given_first")
    return new if new != name else None


def drop_middle(name: str, rng: random.Random) -> str | None:
    """Drop the patronymic or one middle name of a person with at least three words, as
    Western forms without a middle-name field do."""
    split = split_person(name)
    if split is None or len(split[0]) + len(split[1]) < 3 or len(split[0]) < 2:
        return None
    given, surname, style = split
    patronymics = [i for i, w in enumerate(given) if i > 0 and _PATRONYMIC.match(w)]
    middles = [i for i, w in enumerate(given) if i > 0 and w.lower() not in PARTICLES]
    choices = patronymics or middles
    if not choices:
        return None
    drop = rng.choice(choices)
    dropped = {drop, drop - 1} if given[drop - 1].lower() in PARTICLES else {drop}
    kept = [w for i, w in enumerate(given) if i not in dropped]
    return _join(kept, surname, style) if kept else None


def _initial(word: str) -> str:
    return word[0].upper() + "."


def initials(name: str, rng: random.Random) -> str | None:
    """The given name (and a patronymic, half the time) cut to initials: "V. Putin",
    "PUTIN, V. V."."""
    split = split_person(name)
    if split is None:
        return None
    given, surname, style = split
    if not given[0][:1].isalpha() or len(given[0].rstrip(".")) < 2:
        return None
    new_given = [_initial(given[0])]
    for word in given[1:]:
        shorten = _PATRONYMIC.match(word) and rng.random() < 0.5
        new_given.append(_initial(word) if shorten else word)
    return _join(new_given, surname, style)


def title(name: str, rng: random.Random, gender: str | None = None) -> str | None:
    """An honorific or rank in front of the given name (Dr, General, Sheikh, Haji ...; Mr
    or Mrs when the gender is known), as customer records and news reports carry them."""
    honorific = rng.choice(HONORIFICS + _GENDERED.get(gender or "", ()))
    if name.count(",") == 1:
        surname, given = name.split(",")
        return f"{surname}, {honorific} {given.strip()}"
    return f"{honorific} {name}"


def homoglyph(name: str, rng: random.Random) -> str | None:
    """One or two Latin letters replaced by Greek, Cyrillic or Armenian letters that
    Unicode's confusables table (UTS #39, via ICU) says look the same (a -> а, o -> ο),
    the classic way to slip a name past an exact-match filter."""
    table = lookalikes()
    positions = [i for i, c in enumerate(name) if c in table]
    if not positions:
        return None
    chars = list(name)
    for i in rng.sample(positions, min(len(positions), rng.choice((1, 2)))):
        chars[i] = rng.choice(table[chars[i]])
    return "".join(chars)


def invisible(name: str, rng: random.Random) -> str | None:
    """One or two of Unicode's default-ignorable format characters (zero-width space and
    joiners, soft hyphen, bidi marks ...) inside words: pasted text carries them and they
    defeat naive string comparison."""
    inside = [i for i in range(1, len(name)) if name[i - 1].isalpha() and name[i].isalpha()]
    if not inside:
        return None
    chars = list(name)
    for i in sorted(rng.sample(inside, min(len(inside), rng.choice((1, 2)))), reverse=True):
        chars.insert(i, rng.choice(invisibles()))
    return "".join(chars)


def legal_form(name: str, rng: random.Random) -> str | None:
    """An organisation's legal form swapped for an equivalent (LLC <-> Limited Liability
    Company <-> OOO <-> ООО, JSC <-> AO <-> АО, PJSC <-> ПАО, Ltd <-> Limited ...) or, one
    time in four, dropped: lists and customer files spell the form every way."""
    found = list(_FORM_PATTERN.finditer(name))
    if not found or not _WORD.search(_FORM_PATTERN.sub(" ", name)):
        return None
    match = rng.choice(found)
    current = " ".join(match.group().split())
    if rng.random() < 0.25:
        rest = _replace_span(name, match.start(), match.end(), " ")
        rest = re.sub(r"\s*,\s*(?=,|$)|^\s*,", " ", rest)
        new = " ".join(rest.split()).strip(" ,;-")
        return new if new != name else None
    group = _FORM_GROUP[current.casefold()]
    others = [f for f in group if f.casefold() != current.casefold()]
    replacement = rng.choice(others)
    if name.isupper() and replacement.isascii():
        replacement = replacement.upper()
    new = _replace_span(name, match.start(), match.end(), replacement)
    return new if new != name else None


PERSON_ONLY = frozenset({"order", "drop_middle", "initials", "title"})
ORGANISATION_ONLY = frozenset({"legal_form"})
PERTURBATIONS: dict[str, Perturbation] = {
    "typo": typo,
    "order": order,
    "drop_middle": drop_middle,
    "initials": initials,
    "title": title,
    "homoglyph": homoglyph,
    "invisible": invisible,
    "legal_form": legal_form,
}
