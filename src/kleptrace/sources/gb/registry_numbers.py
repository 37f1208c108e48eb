"""Registry numbers as UK lists print them: "OGRN: 1027700132195; INN/TIN: 7707083893".

The labels and what they mean come from the shared grammar (sources/identifiers.py): a
number goes to the property its label's kind names (innCode, ogrnCode, swiftBic,
leiCode, ...); INN and OGRN only when the checksum holds, else to the plain tax or
registration number. Numbers no property takes (KPP, OKTMO, ...) stay in the caller's
note. What is UK-specific here is reading them out of free text.
"""

from __future__ import annotations

import re

from followthemoney import StatementEntity

from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, is_empty
from kleptrace.sources.gb.values import put

_SEP_CHARS = " \t\r\n:;,.-–—=#№/()"
_DIGITS = re.compile(r"\d{4,20}")
_GROUPED = re.compile(r"\d{1,4}(?: \d{2,4}){2,}(?!\d)")
"""A Russian number printed in groups ("OGRN: 114 237 300 24 30"), read as one number."""
_ALNUM = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-/]*[A-Za-z0-9])?")
_BARE = re.compile(r"[A-Za-z0-9]*\d(?:[A-Za-z0-9\-/.]*[A-Za-z0-9])?")
_STOPWORDS = frozenset(
    {
        "russia",
        "russian",
        "federation",
        "no",
        "number",
        "code",
        "the",
        "and",
        "of",
        "ru",
        "rf",
        "id",
        "nr",
        "num",
    }
)
_DIGIT_KINDS = frozenset({"tax", "kpp", "okpo", "oktmo", "bik"})
"""Kinds whose numbers UK lists print as digits only (a label's value stops at a letter)."""


def has_registry_label(text: str) -> bool:
    """Whether the text names a registry number ("OGRNIP: ...", "TIN - ...")."""
    finder, _ = identifiers.label_finder()
    return finder.search(text) is not None


def _residue(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    return " ".join(w for w in words if w.lower() not in _STOPWORDS)


def add_registry_number(
    emitter: Emitter,
    entity: StatementEntity,
    kind: identifiers.Kind | str,
    value: str,
    original: str,
    label: str,
) -> bool:
    """Put one registry number where its kind (or kind name) says: INN/OGRN when the
    checksum holds, a SWIFT/BIC or IMO number only when valid.

    Returns False for numbers no property of the entity's schema takes (KPP, OKTMO, an
    invalid BIC, a bank's BIK on an Organization), which the caller keeps in a note.
    """
    if isinstance(kind, str):
        kind = identifiers.grammar().kinds[kind]
    held = [(p, v) for p, v in kind.properties(value) if entity.schema.get(p) is not None]
    if not held:
        return False
    put(emitter, entity, *held[0], label, original)
    return True


def _classify_bare(value: str) -> str:
    """An unlabelled number: OGRN or INN when its checksum proves it, else a registration."""
    digits = re.sub(r"\D", "", value)
    if digits == value.strip():
        if identifiers.ogrn(digits):
            return "registration"
        if identifiers.inn(digits):
            return "tax"
    return "registration_other"


def registry_numbers(
    emitter: Emitter,
    entity: StatementEntity,
    text: str,
    label: str,
    *,
    bare: str | None = "auto",
    keep_residue: bool = True,
) -> int:
    """Parse labelled registry numbers ("OGRN: 1027700...; INN/TIN: 77...; KPP: ...").

    Args:
        bare: how to read a number printed without a label: "auto" (checksum decides),
            a kind such as "tax", or None to ignore it (free text).
        keep_residue: note the whole text when words are left that are not labels or
            numbers, so nothing printed is lost.
    Returns:
        How many numbers were placed.
    """
    if is_empty(text):
        return 0
    text = str(text).replace("\xa0", " ")
    finder, _ = identifiers.label_finder()
    matches = list(finder.finditer(text))
    found = 0
    residue: list[str] = []
    bounds = [0, *(m.start() for m in matches), len(text)]
    segments: list[tuple[identifiers.Kind | None, str]] = [(None, text[: bounds[1]])]
    for i, m in enumerate(matches):
        segments.append((identifiers.found_kind(m), text[m.end() : bounds[i + 2]]))
    for label_kind, segment in segments:
        body = segment.lstrip(_SEP_CHARS)
        if label_kind is None:
            token = _BARE.search(body) if bare is not None else None
            if token is None or bare is None:
                residue.append(segment)
                continue
            residue.append(body[: token.start()])
            name = _classify_bare(token.group()) if bare == "auto" else bare
            kind = identifiers.grammar().kinds[name]
        else:
            kind = label_kind
            pattern = _DIGITS if kind.name in _DIGIT_KINDS else _ALNUM
            token = (_GROUPED.match(body) if kind.checked else None) or pattern.match(body)
            if token is None or (not re.search(r"\d", token.group()) and kind.name != "swift"):
                residue.append(segment)
                continue
        number = token.group().replace(" ", "")
        if add_registry_number(emitter, entity, kind, number, text.strip(), label):
            found += 1
            residue.append(body[token.end() :])
        else:
            residue.append(segment)
    if keep_residue and _residue(" ".join(residue)):
        emitter.note(entity, label, text.strip())
    return found


def add_imo(emitter: Emitter, entity: StatementEntity, value: str, label: str) -> None:
    """An IMO number in the one form lists match on; a value holding none is noted."""
    imo = identifiers.imo(value)
    if imo:
        put(emitter, entity, "imoNumber", imo, label, value)
    else:
        emitter.note(entity, label, value)
