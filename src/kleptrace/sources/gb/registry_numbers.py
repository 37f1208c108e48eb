"""Registry numbers as UK lists print them: "OGRN: 1027700132195; INN/TIN: 7707083893".

A number goes to the property its label names (innCode, ogrnCode, swiftBic, leiCode,
...); INN and OGRN only when the checksum holds, else to the plain tax or registration
number. Numbers no property takes (KPP, OKTMO, a bank's BIK) stay in the caller's note.
"""

from __future__ import annotations

import re

from followthemoney import StatementEntity

from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, is_empty
from kleptrace.sources.gb.values import put

# Labels printed before registry numbers, longest first; `kind` decides the property.
_ID_LABELS: tuple[tuple[str, str], ...] = (
    (r"Tax ID Number\s*/\s*INN", "tax"),
    (r"Registration Number\s*/\s*OGRN", "ogrn"),
    (r"Russian Tax Identification Number", "tax"),
    (r"Taxpayer Identification Number", "tax"),
    (r"Tax Identification Number", "tax"),
    (r"Tax ID(?:\s*No\.?|\s*Number)?", "tax"),
    (r"Taxpayer (?:ID|No\.?)", "tax"),
    (r"Tax Number", "tax"),
    (r"(?:УНН\s*/\s*)?ИНН|УНН", "tax"),
    (r"VAT (?:number|No\.?)", "vat"),
    (r"Commercial regist(?:er|ration) number", "reg"),
    (r"(?:Iran )?Registration No\.?", "reg"),
    (r"UID Number", "reg"),
    (r"BvD (?:ID )?number", "bvd"),
    (r"(?-i:INN)", "tax"),
    (r"(?-i:TIN)", "tax"),
    (r"(?-i:OGRNIP)", "ogrn"),
    (r"(?-i:OGRN)", "ogrn"),
    (r"(?-i:P?SRN)", "ogrn"),
    (r"State Registration Number", "ogrn"),
    (r"(?-i:KPP)", "kpp"),
    (r"(?-i:OKPO)", "okpo"),
    (r"Government Gazette Number", "okpo"),
    (r"(?-i:OKTMO)", "oktmo"),
    (r"(?:Kyrgyz |Kyrgz )?BIK(?:\s*\(RU\))?(?:\s*number)?", "bik"),
    (r"SWIFT\s*/\s*BI[CN]", "swift"),
    (r"SWIFT(?:\s*code)?", "swift"),
    (r"(?-i:BIC)", "swift"),
    (r"Legal Entity (?:Identifier|Number)", "lei"),
    (r"(?-i:LEI)", "lei"),
    (r"Unified Social Credit Code", "uscc"),
    (r"(?-i:USCC)", "uscc"),
    (r"BvD ID", "bvd"),
    (r"IMO(?:\s*number)?", "imo"),
    (r"(?:Trade )?Licen[cs]e(?:\s*No\.?|\s*number)?", "license"),
    (r"(?:UK )?Company (?:Registration )?(?:no\.?|number)", "reg"),
    (r"Registered company number", "reg"),
    (r"Company Registration Number", "reg"),
    (r"Business Registration Number", "reg"),
    (r"Business Identification Number", "reg"),
    (r"Trade Register(?:ed)? Number", "reg"),
    (r"Registration (?:Number|ID)", "reg"),
    (r"Registered Russian Bank No\.?", "reg"),
    (r"(?-i:CR(?:\s*No\.?)?)", "reg"),
    (r"(?:USREOU|EDRPOU)(?:\s*code)?", "reg"),
    (r"Iran National ID Number", "reg"),
    (r"(?-i:BIN)", "reg"),
    (r"(?-i:PPC)", "other"),
    (r"SPARK code", "other"),
    (r"ISN Number", "other"),
    (r"IP Identification", "other"),
    (r"China Organisation code", "other"),
)
_LABEL_RX = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<k{i}>{rx})" for i, (rx, _) in enumerate(_ID_LABELS))
    + r")(?![A-Za-z])",
    re.I,
)
_SEP_CHARS = " \t\r\n:;,.-–—=#№/()"
_DIGITS = re.compile(r"\d{4,20}")
_ALNUM = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-/]*[A-Za-z0-9])?")
_BARE = re.compile(r"[A-Za-z0-9]*\d(?:[A-Za-z0-9\-/.]*[A-Za-z0-9])?")
_SWIFT = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])")
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
_DIGIT_KINDS = frozenset({"tax", "ogrn", "kpp", "okpo", "oktmo", "bik"})
_PROPS = {
    "okpo": "okpoCode",
    "lei": "leiCode",
    "uscc": "uscCode",
    "bvd": "bvdId",
    "vat": "vatCode",
    "license": "licenseNumber",
    "reg": "registrationNumber",
}
"""The property of each kind whose number needs no checksum or format check."""


def has_registry_label(text: str) -> bool:
    """Whether the text names a registry number ("OGRNIP: ...", "TIN - ...")."""
    return _LABEL_RX.search(text) is not None


def _residue(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    return " ".join(w for w in words if w.lower() not in _STOPWORDS)


def add_registry_number(
    emitter: Emitter, entity: StatementEntity, kind: str, value: str, original: str, label: str
) -> bool:
    """Put one registry number where it belongs: INN/OGRN when the checksum holds.

    Returns False for numbers no property takes (KPP, OKTMO, a bank BIK, ...), which the
    caller keeps in a note.
    """
    prop = _PROPS.get(kind)
    if kind == "tax":
        inn = identifiers.inn(value)
        prop, value = ("innCode", inn) if inn else ("taxNumber", value)
    elif kind == "ogrn":
        ogrn = identifiers.ogrn(value)
        prop, value = ("ogrnCode", ogrn) if ogrn else ("registrationNumber", value)
    elif kind == "swift" and _SWIFT.fullmatch(value):  # a numeric "BIC" is a bank BIK
        prop = "swiftBic"
    elif kind == "imo":
        imo = identifiers.imo(value)
        prop, value = ("imoNumber", imo) if imo else (None, value)
    if prop is None or value is None:
        return False
    put(emitter, entity, prop, value, label, original)
    return True


def _classify_bare(value: str) -> str:
    """An unlabelled number: OGRN or INN when its checksum proves it, else a registration."""
    digits = re.sub(r"\D", "", value)
    if digits == value.strip():
        if identifiers.ogrn(digits):
            return "ogrn"
        if identifiers.inn(digits):
            return "tax"
    return "reg"


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
    matches = list(_LABEL_RX.finditer(text))
    found = 0
    residue: list[str] = []
    bounds = [0, *(m.start() for m in matches), len(text)]
    segments: list[tuple[str | None, str]] = [(None, text[: bounds[1]])]
    for i, m in enumerate(matches):
        group = m.lastgroup or "k0"  # always set: every alternative is a named group
        segments.append((_ID_LABELS[int(group[1:])][1], text[m.end() : bounds[i + 2]]))
    for label_kind, segment in segments:
        body = segment.lstrip(_SEP_CHARS)
        if label_kind is None:
            token = _BARE.search(body) if bare is not None else None
            if token is None or bare is None:
                residue.append(segment)
                continue
            residue.append(body[: token.start()])
            kind = _classify_bare(token.group()) if bare == "auto" else bare
        else:
            kind = label_kind
            pattern = _DIGITS if kind in _DIGIT_KINDS else _ALNUM
            token = pattern.match(body)
            if token is None or (not re.search(r"\d", token.group()) and kind != "swift"):
                residue.append(segment)
                continue
        if add_registry_number(emitter, entity, kind, token.group(), text.strip(), label):
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
