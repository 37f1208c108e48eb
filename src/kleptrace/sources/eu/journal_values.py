"""Printed values of the EU journal transcription, read for what they mean.

The transcription keeps the annexes' wording, so one cell may enumerate alternative
dates ("(a) 1955, (b) 1960") or hold several labelled numbers ("1207700324941, KPP
772901001"). Both the entity builder and the merge read them through here, so that a
number counts as the same INN, OGRN or IMO number in both.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kleptrace.sources import identifiers
from kleptrace.sources.dates import parse_date

ID_PROP = {"inn": "innCode", "ogrn": "ogrnCode", "kpp": "kppCode", "okpo": "okpoCode",
           "imo": "imoNumber"}  # fmt: skip
SPECIFIC = {"innCode": ("inn",), "ogrnCode": ("ogrn",), "kppCode": ("kpp",),
            "okpoCode": ("okpo",), "imoNumber": ("imo",)}  # fmt: skip
"""Identifier columns normalised to their system; an unlabelled number is of that system."""
GENERIC = {"taxNumber": ("inn",), "registrationNumber": ("ogrn", "inn")}
"""Columns kept as printed that often hold a Russian number (INN, OGRN) as well."""
STRONG = frozenset({"inn", "ogrn", "imo"})
"""Systems whose checksum-valid numbers are strong enough to join rows into one target."""

ENUMERATION = re.compile(r"\(\s*(?:[a-h]|i{1,3}|iv|vi{0,3})\s*\)|(?<![\w(])[a-h]\)", re.I)
"""Enumeration markers "(a)", "b)", "(ii)" that separate alternatives in a date or country."""
_DATE_SPLIT = re.compile(r"\s*(?:[;,/]|\bor\b)\s*", re.I)

# A number in an identifier cell: digits, or digits grouped by spaces ("9 102 157 783").
_NUMBER = re.compile(r"(?<![\w-])(\d{1,3}(?: \d{3})+|\d+)(?![\w-])")
_NEUTRAL = re.compile(r"russia|russian federation", re.I)
_AFTER = re.compile(r"\s*\(([^)]*)\)")


def norm_name(name: str) -> str:
    """A name or number reduced for comparison: NFKC, case-folded, punctuation as spaces."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@lru_cache(maxsize=4096)
def iso_dates(text: str) -> tuple[str, ...]:
    """ISO dates in a printed date, also when alternatives are enumerated ("(a) 1955, (b) 1960")."""
    parsed = parse_date(text)
    if parsed:
        return parsed.values
    parts = [p for p in _DATE_SPLIT.split(ENUMERATION.sub(";", text)) if p.strip()]
    found = [parse_date(p) for p in parts]
    if len(parts) < 2 or not all(found):
        return ()
    return tuple(dict.fromkeys(v for p in found for v in p.values))


def id_numbers(value: str, defaults: tuple[str, ...]) -> list[tuple[str, str]]:
    """Validated (system, number) pairs in one identifier value.

    A number takes the system its label names: the text before it ("KPP 772901001",
    "(OGRN) 1237700341801") or a parenthesis right after it ("7704730655 (Tax ID/INN)").
    An unlabelled number is tried against the column's `defaults` in order.
    """
    found: list[tuple[str, str]] = []
    previous = 0
    for match in _NUMBER.finditer(value):
        if match.start() < previous:  # inside the parenthesis of the previous number
            continue
        label = value[previous : match.start()]
        after = _AFTER.match(value, match.end())
        if not re.search(r"[^\W\d_]", label):
            label = after[1] if after else ""
        previous = after.end() if after else match.end()
        kind = _label(label)
        if kind == "other":
            continue
        number = match[1].replace(" ", "")
        for candidate in (kind,) if kind else defaults:
            normal = _validate(candidate, number)
            if normal:
                found.append((candidate, normal))
                break
    return found


def _validate(kind: str, number: str) -> str | None:
    if kind == "inn":
        return identifiers.inn(number)
    if kind == "ogrn":
        return identifiers.ogrn(number)
    if kind == "imo":
        return identifiers.imo(number) if len(number) == 7 else None
    if kind == "kpp":
        return number if len(number) == 9 else None
    return identifiers.okpo(number)


def _label(text: str) -> str | None:
    """The identifier system a printed label names; None when it names none, "other" when
    it names something else ("CR No.", "Ukraine").

    The label is found with the shared grammar (data/identifiers.yml); its kind's
    validator (inn, ogrn, okpo, imo) or, for KPP, its name is the system.
    """
    if not re.search(r"[^\W\d_]", text):
        return None
    finder, _ = identifiers.label_finder()
    if found := finder.search(text):
        kind = identifiers.found_kind(found)
        system = kind.validator or kind.name
        return system if system in ID_PROP else "other"
    return None if _NEUTRAL.fullmatch(text.strip(" ,;:/()")) else "other"


_INLINE = re.compile(
    r"\(\s*(?P<label>(?:good quality |low quality )?a\.k\.a\.?|f\.k\.a\.?"
    r"|formerly known as|formerly\.?)\s*",
    re.I,
)
_ALTERNATIVES = re.compile(r"\s*(?:,|;|\bor\b)\s*")


def _label_prop(label: str) -> str:
    label = label.lower()
    if label.startswith("low quality"):
        return "weakAlias"
    return "alias" if "a.k.a" in label else "previousName"


def _closing(text: str, start: int) -> int:
    """Index of the bracket closing the one opened before `start`, or len(text)."""
    depth = 1
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def inline_names(name: str) -> list[tuple[str, str]]:
    """The other names a name cell writes inside itself, as (property, name).

    The annexes print "Iyad (a.k.a. Eyad) MAKHLOUF" and "Larisa Leonidovna AIRAPETYAN
    (a.k.a. Larysa AYRAPETYAN, Larisa AIRAPETYAN)" in the name. Each gives the name
    without its brackets, and each alternative: a word inside the name stands for the
    word before its bracket ("Eyad MAKHLOUF"); whole names in a bracket are names of
    their own, and so is a name in another script printed after them ("... TROSHEV
    (a.k.a. Andrei Mykolayvych TROSHEV) Андрей Николаевич ТРОШЕВ"). a.k.a. is an alias,
    "low quality a.k.a." a weak one, f.k.a. and "formerly" a former name. The printed
    cell stays the name; none of these replaces it.
    """
    groups = []
    for match in _INLINE.finditer(name):
        end = _closing(name, match.end())
        inner = name[match.end() : end]
        alternatives = [a.strip(" ‘’“”\"'") for a in _ALTERNATIVES.split(inner.strip())]
        alternatives = [_balanced(a) for a in alternatives if a]
        groups.append((match.start(), end, _label_prop(match.group("label")), alternatives))
    if not groups:
        return []
    out: list[tuple[str, str]] = []
    kept, last = [], 0
    for start, end, _, alternatives in groups:
        kept.append(name[last:start])
        last = end + 1
        rest = name[last:].strip()
        if any(" " in a for a in alternatives) and rest and not rest[0].islower():
            out.append(("alias", rest))  # whole names, then another name: it ends here
            last = len(name)
    kept.append(name[last:])
    base = " ".join(" ".join(kept).split())
    base = re.split(r"\s+a\.k\.a\.", base, maxsplit=1, flags=re.I)[0].strip(" ()")
    words = base.split()
    if base:
        out.insert(0, ("alias", base))
    for start, end, prop, alternatives in groups:
        before = name[:start].split()
        inside = name[end + 1 :].strip() != "" and before and before[-1] in words
        for alternative in alternatives:
            if inside and " " not in alternative:
                at = words.index(before[-1])
                out.append((prop, " ".join([*words[:at], alternative, *words[at + 1 :]])))
            else:
                out.append((prop, alternative))
    return list(dict.fromkeys(out))


_BRACKETED = re.compile(r"\(([^()]+)\)")
_VESSEL_NAME = re.compile(r"(?P<current>[^()]+?)(?P<former>(?:\s*\([^()]+\))+)")


def vessel_former_names(name: str) -> list[tuple[str, str]]:
    """The names a vessel's name cell prints after its current one, in brackets without
    a label, as (property, name): the annexes print a renamed ship as "Ryong Rim (Jon Jin
    2)" and "Chong Bong (Greenlight) (Blue Nouvelle)", the name it bears now first (OFAC
    lists IMO 8018912 as JON JIN 2, designated in 2016 under that name). The current name
    is an alias and each bracketed one a former name; the printed cell stays the name.
    Labelled brackets (a.k.a., f.k.a.) are `inline_names`' to read."""
    found = _VESSEL_NAME.fullmatch(name.strip())
    if found is None or _INLINE.search(name):
        return []
    former = [("previousName", inner.strip()) for inner in _BRACKETED.findall(found["former"])]
    return [("alias", found["current"].strip()), *former]


def _balanced(text: str) -> str:
    """Text without a closing bracket it never opened ("Hussain)")."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text
