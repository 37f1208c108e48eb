"""Australia DFAT: the labelled items of the "Additional Information" column.

Identifiers have no columns of their own: they sit in this free text after labels
("Registration ID: 1027800000084 (Russia)", "SWIFT/BIC: ROSYRU2P", "Passport no.: ...").
`parse_info` reads them out by kind; what is not read stays as text for a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kleptrace.sources import identifiers
from kleptrace.sources.dates import MONTHS

# The "a) ... b) ..." items DFAT enumerates values with.
_ENUM_RE = re.compile(r"(?:^|(?<=\s)|(?<=;))\(?[a-z]\)\s*", re.I)

# Labels of what is not an identifier (identifier labels come from data/identifiers.yml).
_CONTACT_LABELS: tuple[tuple[str, str], ...] = (
    ("fax", r"Tel/Fax|Fax|Facsimile(?: numbers?)?"),
    ("email", r"E-?mail(?: address(?:es)?)?|Emails?"),
    ("website", r"(?:alt\. )?[Ww]ebsites?|Web site"),
    ("phone", r"Tel(?:ephone)?(?: numbers?)?|Phone|Mob(?:ile)?"),
    ("title", r"Title"),
    ("designation", r"Designation"),
    ("gender", r"Gender"),
)
_TEXT_KINDS = frozenset({"title", "designation", "gender"})
_NAMES_A_NUMBER = re.compile(r"(?:no\.?|number|card)\s*$", re.I)
_NUMBER_FOLLOWS = re.compile(r"(?:no\.?|number)(?![A-Za-z])", re.I)
"""A document label that names a number ("Passport no.", "diplomatic passport number") is
a label without a colon too; a bare "Passport" is an ordinary word unless a colon follows."""
# An identifier: digits grouped by spaces ("1 027 800 000 084") or one token.
_SINGLE = r"\d{1,3}(?: \d{3}){3,}(?!\d)|[A-Z0-9](?:[A-Z0-9./-]*[A-Z0-9])?"
# A passport or ID number: five or more characters with a digit ("OR 1961825", "H 236483",
# "14.884.849", "640120-01-5529"); dates and years are filtered out after matching.
_DOC_NUMBER = (
    r"(?<![\w./-])(?:(?!ID |NO |NR )[A-Z]{1,3} (?=\d{5}))?[A-Z]{0,3}\d[\dA-Z./-]{3,}[\dA-Z]"
    r"(?![\w/])"
)
# Kinds whose values are found anywhere in the labelled stretch.
_MULTI = {
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "website": r"(?:https?:/{1,2})?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/[^\s;,]*)?",
    "phone": r"\+?\s?\d[\d ()./-]{4,}\d",
}
_LIST_LINE_RE = re.compile(r"\s*(?:https?:|www\.|[\w.+-]+@|\+?\d)")
_URL_LINE_RE = re.compile(r"^(?:https?:/{1,2})?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
_ANY_EMAIL_RE = re.compile(_MULTI["email"])
_DATE_LIKE_RE = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$")
_YEARS_RE = re.compile(r"^\d{4}-\d{4}$")
_ENUM_TAIL_RE = re.compile(r"(?<![A-Za-z])[a-z]\)\s*$")
_LEFTOVER_RE = re.compile(r"\([^)]*\)|\b(?:and|or)\b|[a-z]\)|[\s,;.:]+", re.I)
_ABBREVIATIONS = frozenset({"no", "nos", "dr", "mr", "mrs", "st", "co", "ltd", "inc", "jr", "sr"})
_ABBREVIATIONS |= frozenset(m for m in MONTHS if m.isascii() and len(m) <= 4)


Label = str | identifiers.Kind
"""What a label names: a contact or text kind ("email", "title"), or an identifier's kind
as the shared grammar gives it (with the schema its label implies)."""


def kind_name(label: Label) -> str:
    return label if isinstance(label, str) else label.name


@dataclass
class Info:
    """What "Additional Information" holds: typed values and the text left over."""

    values: list[tuple[Label, str, str]] = field(default_factory=list)
    """(kind, value, the labelled text it was read from)."""
    rest: str = ""


def enum_parts(text: str) -> list[str]:
    """'a) Mullah b) Haji' -> ['Mullah', 'Haji']; text without enumeration -> [text]."""
    parts = [p.strip(" ;,.") for p in _ENUM_RE.split(text)]
    return [p for p in parts if p]


def _sentence_end(text: str, start: int, stop: int) -> int:
    """Where the sentence that runs at `start` ends ('. ' before a capital), skipping
    abbreviations such as "No." and "Feb."."""
    for m in re.finditer(r"\.\s+(?=[A-Z])", text[start:stop]):
        before = text[start : start + m.start()]
        word = re.findall(r"[A-Za-z]+$", before)
        initial = word and len(word[0]) == 1 and not before.lower().endswith("n/a")
        if word and (word[0].lower() in _ABBREVIATIONS or initial):
            continue
        return start + m.start()
    return stop


@cache
def _label_re() -> re.Pattern[str]:
    """The shared identifier labels and the contact and text labels, in one regex."""
    finder, _ = identifiers.label_finder()
    local = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _CONTACT_LABELS)
    return re.compile(
        f"(?:(?i:{finder.pattern})|(?<![A-Za-z])(?:{local})(?![A-Za-z]))(?P<colon>\\s*:)?\\s*"
    )


def _document(kind: str) -> bool:
    shared = identifiers.grammar().kinds.get(kind)
    return shared is not None and shared.document is not None


def _region_end(text: str, kind: str, start: int, stop: int) -> int:
    """The end of a label's value: the next label, the end of the line (lists of web
    sites, e-mails and phones may run over lines), or the end of the sentence."""
    end = stop
    pos = start
    while True:
        nl = text.find("\n", pos, stop)
        if nl < 0:
            break
        if kind in _MULTI and _LIST_LINE_RE.match(text, nl + 1):
            pos = nl + 1
            continue
        end = nl
        break
    if kind in _TEXT_KINDS or _document(kind):
        end = _sentence_end(text, start, end)
    elif kind not in _MULTI and (semi := text.find(";", start, end)) >= 0:
        end = semi
    return end


def _is_identifier(token: str) -> bool:
    return (
        any(c.isdigit() for c in token)
        and not _DATE_LIKE_RE.match(token)
        and not _YEARS_RE.match(token)
    )


def _labels(text: str) -> list[tuple[re.Match[str], Label]]:
    """The labels in the text with their kinds, leaving out ordinary words."""
    labels = []
    for m in _label_re().finditer(text):
        local = next((k for k, _ in _CONTACT_LABELS if m.group(k) is not None), None)
        label: Label = local or identifiers.found_kind(m)
        kind = kind_name(label)
        word = kind in _TEXT_KINDS or (
            _document(kind)
            and not _NAMES_A_NUMBER.search(m.group(0).split(":")[0])
            and not _NUMBER_FOLLOWS.match(text, m.end())
        )
        if word and not m.group("colon"):
            continue  # an ordinary word, not a label
        labels.append((m, label))
    return labels


def _read_values(kind: str, region: str) -> tuple[list[str], str]:
    """The values of one kind in the text after its label, and what is left of that text."""
    found: list[str] = []
    leftover = region
    if kind in _TEXT_KINDS:
        return enum_parts(region), ""
    if kind in _MULTI or _document(kind):
        pieces = []
        last = 0
        for vm in re.finditer(_MULTI.get(kind, _DOC_NUMBER), region):
            value = vm.group(0).strip()
            if _document(kind) and not _is_identifier(value):
                continue
            found.append(value)
            pieces.append(region[last : vm.start()])
            last = vm.end()
        pieces.append(region[last:])
        return found, " ".join(pieces)
    validator = identifiers.grammar().kinds[kind].validator
    token = re.match(r"\s*(?:[a-z]\)\s*)?(" + _SINGLE + r")", region)
    if token and (
        any(c.isdigit() for c in token.group(1))
        or (validator and identifiers.validate(validator, token.group(1)))
    ):
        found.append(token.group(1))
        leftover = region[token.end() :]
    return found, leftover


def _rest(text: str, consumed: list[tuple[int, int]], info: Info) -> str:
    """The text without its consumed stretches, tidied; bare web sites and e-mails still
    in it are added to `info` as values."""
    rest = []
    pos = 0
    for start, end in consumed:
        rest.append(text[pos:start])
        pos = end
    rest.append(text[pos:])
    kept = []
    for line in re.split(r"([\n;])", "".join(rest)):
        bare = line.strip(" \t\xa0.,")
        if bare and _URL_LINE_RE.match(bare) and "." in bare and not bare[0].isdigit():
            info.values.append(("website", bare, line.strip()))
            continue
        kept.append(line)
    rest_text = "".join(kept)
    placed = {v for k, v, _ in info.values if k == "email"}
    for em in _ANY_EMAIL_RE.finditer(rest_text):
        if em.group(0) not in placed:
            info.values.append(("email", em.group(0), em.group(0)))
    rest_text = re.sub(r"[ \t\xa0]+", " ", re.sub(r"\s*\n\s*", "\n", rest_text))
    rest_text = re.sub(r"([;,.])(?:[ \t]*[;,.])+", r"\1", rest_text)
    return rest_text.lstrip(" \n;,.").rstrip(" \n;,")


def parse_info(text: str) -> Info:
    """Read labelled values out of an "Additional Information" cell.

    A labelled stretch that is wholly consumed (label, value, an optional "(Russia)"
    qualifier) is removed from the text; one that also carries prose ("Passport no.:
    A123, issued on ...") or is one item of an "a) ... b) ..." list stays in the text, so
    the note keeps every word the list printed, and the value is still placed in its
    property (with the labelled text as its original value).
    """
    info = Info()
    # Long runs of spaces are line breaks of the cell layout ("Syria.      Tel: ...").
    text = re.sub(r"[ \t\xa0]{3,}", "\n", text)
    labels = _labels(text)
    consumed: list[tuple[int, int]] = []
    for i, (m, label) in enumerate(labels):
        kind = kind_name(label)
        if kind == "fax":
            continue  # fax numbers fit no property: they stay in the note
        stop = labels[i + 1][0].start() if i + 1 < len(labels) else len(text)
        end = _region_end(text, kind, m.end(), stop)
        # "a) 101423404 b) Kuwaiti passport number ...": the next item's "b)" is not ours.
        in_list = bool(_ENUM_TAIL_RE.search(text, 0, m.start()))
        if tail := _ENUM_TAIL_RE.search(text, m.end(), end):
            end = tail.start()
            in_list = True
        found, leftover = _read_values(kind, text[m.end() : end])
        if not found:
            continue
        source = text[m.start() : end].strip()
        for value in found:
            info.values.append((label, value.rstrip("."), source))
        if not in_list and not _LEFTOVER_RE.sub("", leftover):
            consumed.append((m.start(), end))
    info.rest = _rest(text, consumed, info)
    return info
