"""Labelled identifiers: one grammar (data/identifiers.yml) and the clean-up every parser shares.

Sources print identifiers after labels ("Tax ID No.", "OGRN:", "SWIFT/BIC", "IMO"), each
list with its own wording. The table maps every label to a kind, and the kind to the FtM
properties that take the number and the rigour.ids validator that checks it, so every
parser puts the same number in the same property. Numbers are also brought to one form
for matching across lists: "IMO" plus seven digits (as OpenSanctions writes it), bare
digits for INN, OGRN and OKPO.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from followthemoney.types import registry
from rigour.ids import IMO, INN, OGRN, get_identifier_format

from kleptrace.data import load_table


def imo(value: str) -> str | None:
    """'IMO 9220639' -> 'IMO9220639'; None when no valid IMO number is present."""
    digits = re.findall(r"\d{7}", value)
    for candidate in digits:
        normal = IMO.normalize(candidate)
        if normal and IMO.is_valid(normal):
            return normal
    return None


def inn(value: str) -> str | None:
    """A Russian taxpayer number (10 digits for companies, 12 for people), or None."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (10, 12) and INN.is_valid(digits) else None


def ogrn(value: str) -> str | None:
    """A Russian state registration number (13 digits, 15 for sole traders), or None."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (13, 15) and OGRN.is_valid(digits) else None


def okpo(value: str) -> str | None:
    """A Russian OKPO code (8 digits for companies, 10 for sole traders; no checksum in
    rigour), printed bare, or None."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (8, 10) and digits == value.strip() else None


_CLEANERS: dict[str, Callable[[str], str | None]] = {
    "imo": imo,
    "inn": inn,
    "ogrn": ogrn,
    "okpo": okpo,
}
"""Validators that also bring the number to its one form (the rest: rigour.ids as is)."""


def validate(validator: str, value: str) -> str | None:
    """The value when it passes the named validator, else None: in its one form for the
    cleaners here, as printed for rigour's formats ("ROSYRU2PXXX" stays, not "ROSYRU2P")."""
    cleaner = _CLEANERS.get(validator)
    if cleaner is not None:
        return cleaner(value)
    fmt = get_identifier_format(validator)
    if fmt is None:
        raise ValueError(f"identifiers.yml: unknown validator {validator!r}")
    normal = fmt.normalize(value.strip())
    return value.strip() if normal and fmt.is_valid(normal) else None  # as printed


@dataclass(frozen=True)
class Kind:
    """What a labelled number is: a row of the `kinds` table, with the label's `requires`."""

    name: str
    props: tuple[str, ...]
    validator: str | None = None
    checked: str | None = None
    document: str | None = None
    requires: str | None = None

    def properties(self, value: str, country: str | None = None) -> list[tuple[str, str]]:
        """The (property, value) choices for a number, most precise first.

        A Russian number (country Russia or not printed) valid for `checked` comes first
        in its normal form; a number failing the `validator` of the first property skips
        it. Empty when no property may take the number (it is kept as a note).
        """
        out: list[tuple[str, str]] = []
        russian = self.checked and self.validator and _is_russian(country)
        if russian and (valid := validate(str(self.validator), value)) is not None:
            out.append((str(self.checked), valid))
        props = self.props
        if self.validator and not self.checked and props:
            valid = validate(self.validator, value)
            out.extend([(props[0], valid)] if valid is not None else [])
            props = props[1:]
        out.extend((prop, value) for prop in props)
        return out


def _is_russian(country: str | None) -> bool:
    return country is None or registry.country.clean_text(country) == "ru"


def norm_label(label: str) -> str:
    """The table key of a printed label: spaces collapsed, trailing ':' or ' -' dropped."""
    text = re.sub(r"\s+", " ", label).strip()
    text = re.sub(r"\s*[:\-]+$", "", text).strip()
    return text.casefold()


@dataclass(frozen=True)
class Grammar:
    """The table read: fixed labels by key, the patterns in table order, the kinds by
    name, and each scheme's coded types."""

    labels: dict[str, Kind]
    patterns: tuple[tuple[re.Pattern[str], Kind], ...]
    kinds: dict[str, Kind]
    codes: dict[str, dict[str, Kind]]


def is_validator(name: str) -> bool:
    """Whether `validate` knows the name: one of rigour.ids' formats, or a cleaner here."""
    return name in _CLEANERS or get_identifier_format(name) is not None


def _kind(name: str, row: dict[str, Any]) -> Kind:
    props = row.get("props") or ()
    validator = row.get("validator")
    if validator is not None and not is_validator(validator):
        raise ValueError(f"identifiers.yml: kind {name!r}: unknown validator {validator!r}")
    return Kind(name, tuple(props), validator, row.get("checked"), row.get("document"))


@cache
def grammar() -> Grammar:
    raw = load_table("identifiers")
    kinds = {name: _kind(name, row or {}) for name, row in raw["kinds"].items()}

    def entry(where: str, value: str | dict[str, str]) -> Kind:
        row = {"kind": value} if isinstance(value, str) else value
        if row["kind"] not in kinds:
            raise ValueError(f"identifiers.yml: {where}: unknown kind {row['kind']!r}")
        return replace(kinds[row["kind"]], requires=row.get("requires"))

    labels = {norm_label(str(k)): entry(str(k), v) for k, v in raw["labels"].items()}
    patterns = tuple(  # a label is a whole word: "BIN" never matches the start of "BINARY"
        (re.compile(f"(?:{row['pattern']})(?![A-Za-z])", re.I), entry(row["pattern"], row))
        for row in raw["patterns"]
    )
    codes = {
        scheme: {str(code).casefold(): entry(f"{scheme}/{code}", v) for code, v in rows.items()}
        for scheme, rows in raw["codes"].items()
    }
    return Grammar(labels, patterns, kinds, codes)


def lookup(label: str) -> Kind | None:
    """The kind of a label printed on its own (a column, an XML idType), or None."""
    table = grammar()
    key = norm_label(label)
    if key in table.labels:
        return table.labels[key]
    for pattern, kind in table.patterns:
        if pattern.fullmatch(key) or pattern.fullmatch(label.strip()):
            return kind
    return None


def coded(scheme: str, code: str) -> Kind | None:
    """The kind of a coded type ("passport" in the EU FSF), or None when the code is new."""
    return grammar().codes[scheme].get(code.strip().casefold())


@cache
def label_finder() -> tuple[re.Pattern[str], tuple[Kind, ...]]:
    """One regex finding any label as a whole word in free text, and each group's kind.

    Patterns come first (they hold the longer forms, "Tax ID Number / INN"), then the
    fixed labels, longest first; group `k<i>` matched means kind i.
    """
    table = grammar()
    alternatives = [(p.pattern, k) for p, k in table.patterns]
    fixed = sorted(table.labels.items(), key=lambda item: len(item[0]), reverse=True)
    for key, kind in fixed:
        alternatives.append((r"\s+".join(re.escape(w) for w in key.split(" ")), kind))
    regex = re.compile(
        r"(?<![A-Za-z])(?:"
        + "|".join(f"(?P<k{i}>{rx})" for i, (rx, _) in enumerate(alternatives))
        + r")(?![A-Za-z])",
        re.I,
    )
    return regex, tuple(kind for _, kind in alternatives)


def found_kind(match: re.Match[str]) -> Kind:
    """The kind of a label found by `label_finder`'s regex."""
    _, kinds = label_finder()
    return kinds[int((match.lastgroup or "k0")[1:])]
