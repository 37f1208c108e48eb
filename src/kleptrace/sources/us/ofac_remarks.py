"""OFAC's remarks grammar and identifier types, shared by the SDN CSV, sdnList XML and CSL.

OFAC prints most of what it knows about a target as typed fragments: in sdn.csv they are
packed into one free-text Remarks cell ("DOB 07 Apr 1981; POB St. Petersburg, Russia;
Passport 640848350 (Russia); Linked To: ROTENBERG, Boris Romanovich."), in sdn.xml they
sit in <idList> as idType/idNumber/idCountry, and the trade.gov CSL flattens them into
"RU, 640848350, Passport". Two tables say what each type is, so the three parsers put
the same value in the same FtM property: the identifier labels every parser shares
(data/identifiers.yml, through sources/identifiers.py) and OFAC's other features
(data/ofac_id_types.yml).

`parse_remarks` turns a remarks string into Facts and `id_fact` types a structured
identifier; ofac_facts writes Facts onto entities. A fragment the table does not know
is a Fact of kind 'unknown', kept as a labelled note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from followthemoney.types import registry

from kleptrace.data import load_table
from kleptrace.sources import identifiers
from kleptrace.sources.base import is_empty
from kleptrace.sources.identifiers import norm_label

KINDS = frozenset(
    {"id", "date", "country", "text", "gender", "name", "link", "crypto", "provision", "note"}
)
_DATE = r"(?:\d{1,2}\s+)?(?:[A-Za-z]{3,9}\.?\s+)?\d{4}"
_ID_VALUE = re.compile(
    rf"^(?P<body>.*?)(?:\s+issued\s+(?P<issued>{_DATE}))?(?:\s+expires\s+(?P<expires>{_DATE}))?$",
    re.I | re.S,
)

_TRAILING_COUNTRY = re.compile(r"^(?P<number>.*?)\s*\((?P<country>[^()]+)\)$", re.S)
_ALT = re.compile(r"^alt\.\s+", re.I)
_SEGMENT_SPLIT = re.compile(r";\s+|;$")


@dataclass(frozen=True)
class IdType:
    """One row of data/ofac_id_types.yml, or an identifier label (kind 'id') with its
    identifiers.yml kind in `identifier`."""

    label: str
    kind: str
    props: tuple[str, ...]
    identifier: identifiers.Kind | None = None
    document: str | None = None
    requires: str | None = None


def _id_type(label: str, row: dict[str, Any]) -> IdType:
    kind = row.get("kind", "id")
    if kind not in KINDS:
        raise ValueError(f"ofac_id_types.yml: {label!r}: unknown kind {kind!r}")
    props = row.get("prop") or ()
    props = (props,) if isinstance(props, str) else tuple(props)
    if kind in {"id", "date", "country", "text", "gender", "name"} and not props:
        raise ValueError(f"ofac_id_types.yml: {label!r}: kind {kind!r} needs a prop")
    return IdType(label, kind, props)


def _identifier_type(label: str, kind: identifiers.Kind) -> IdType:
    return IdType(label, "id", kind.props, kind, kind.document, kind.requires)


@cache
def _table() -> tuple[dict[str, IdType], tuple[tuple[re.Pattern[str], IdType], ...]]:
    """OFAC's own feature types and every shared identifier label, fixed and patterns."""
    raw = load_table("ofac_id_types")
    shared = identifiers.grammar()
    fixed = {key: _identifier_type(key, kind) for key, kind in shared.labels.items()}
    fixed |= {norm_label(str(k)): _id_type(str(k), v) for k, v in raw["types"].items()}
    patterns = tuple(
        (re.compile(row["label"], re.I), _id_type(row["label"], row)) for row in raw["patterns"]
    ) + tuple((p, _identifier_type(p.pattern, kind)) for p, kind in shared.patterns)
    return fixed, patterns


@cache
def _by_first_word() -> dict[str, tuple[str, ...]]:
    """Fixed labels grouped by their first word, longest first, for prefix matching."""
    fixed, _ = _table()
    out: dict[str, list[str]] = {}
    for key in fixed:
        out.setdefault(key.split(" ", 1)[0], []).append(key)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def lookup(label: str) -> IdType | None:
    """The type of a label printed on its own (XML idType, CSL ids), or None."""
    fixed, patterns = _table()
    key = norm_label(label)
    if key in fixed:
        return fixed[key]
    for pattern, id_type in patterns:
        if pattern.fullmatch(key):
            return id_type
    return None


@dataclass
class Fact:
    """One typed fragment about a target, as printed."""

    label: str
    value: str
    text: str
    id_type: IdType | None
    country: str | None = None
    issued: str | None = None
    expires: str | None = None
    date: str | None = None
    """A document date the source does not say is an issue or an expiry date (CSL)."""

    @property
    def kind(self) -> str:
        return self.id_type.kind if self.id_type else "unknown"


def is_country(text: str | None) -> bool:
    return bool(text) and registry.country.clean_text(str(text)) is not None


def _split_id_value(fact: Fact) -> Fact:
    """'640848350 (Russia) issued 01 Jan 2010 expires 2020' -> number, country, dates."""
    match = _ID_VALUE.match(fact.value)
    body = fact.value
    if match:
        body = match["body"]
        fact.issued = match["issued"]
        fact.expires = match["expires"]
    country = _TRAILING_COUNTRY.match(body)
    if country and is_country(country["country"]):
        body, fact.country = country["number"], country["country"].strip()
    fact.value = body.strip()
    return fact


def _is_prose(value: str) -> bool:
    """Two or more lower-case words: prose that merely starts like an identifier ("Passport
    4117921 issued under the name ..."), kept as a note rather than read as a number."""
    words = [t for t in value.split() if len(t) >= 3 and t.isalpha() and t.islower()]
    return len(words) >= 2


def split_remarks(text: str) -> list[str]:
    """Split a remarks cell into its ';'-separated segments, without the final period."""
    text = re.sub(r"\s+", " ", text).strip()
    if text.endswith("."):
        text = text[:-1]
    segments = []
    for part in _SEGMENT_SPLIT.split(text):
        part = _unwrap(part.strip())
        if part:
            segments.append(part)
    return segments


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _unwrap(part: str) -> str:
    """Drop the parentheses the CSL and sdn.xml put around remarks: '(Linked To: X)', and
    '(Linked To: A; Linked To: B)' whose parentheses span two segments."""
    if part.startswith("(") and part.endswith(")") and _balanced(part[1:-1]):
        return part[1:-1].strip()
    if part.startswith("(") and not _balanced(part) and _balanced(part[1:]):
        return part[1:].strip()
    if part.endswith(")") and not _balanced(part) and _balanced(part[:-1]):
        return part[:-1].strip()
    return part


def parse_segment(segment: str) -> Fact:
    """Classify one remarks segment by the longest known label it starts with."""
    body = _ALT.sub("", segment)
    folded = body.casefold()
    fixed, patterns = _table()
    id_type: IdType | None = None
    label_len = 0
    for key in _by_first_word().get(folded.split(" ", 1)[0].rstrip(":"), ()):
        if folded.startswith(key) and (len(folded) == len(key) or folded[len(key)] in " :-("):
            id_type, label_len = fixed[key], len(key)
            break
    if id_type is None:
        for pattern, candidate in patterns:
            if m := pattern.match(body):
                id_type, label_len = candidate, m.end()
                break
    if id_type is None:
        return Fact("remarks", segment, segment, None)
    label = body[:label_len].strip()
    value = body[label_len:].lstrip(" :-").strip()
    fact = Fact(label, value, segment, id_type)
    if id_type.kind != "id":
        return fact
    fact = _split_id_value(fact)
    if _is_prose(fact.value):
        return Fact("remarks", segment, segment, None)
    return fact


def parse_remarks(text: str | None) -> list[Fact]:
    """Every segment of a remarks string as a Fact (unknown ones with kind 'unknown')."""
    if is_empty(text):
        return []
    return [parse_segment(s) for s in split_remarks(str(text))]


def id_fact(
    label: str,
    number: str,
    country: str | None = None,
    issued: str | None = None,
    expires: str | None = None,
    date: str | None = None,
) -> Fact:
    """A Fact from a structured identifier (XML <id>, CSL ids), typed by the same table."""
    label = re.sub(r"\s+", " ", label).strip()
    number = re.sub(r"\s+", " ", number or "").strip()
    id_type = lookup(label)
    if id_type is None:
        # a label with a variable tail ("Digital Currency Address - XBT") reads as remarks
        fact = parse_segment(f"{label} {number}".strip())
        if fact.id_type is not None and fact.kind != "id":
            return fact
    sep = " " if label.endswith((":", "-")) else ": "
    text = f"{label}{sep}{number}" if number else label
    fact = Fact(label, number, text, id_type)
    if id_type is not None and id_type.kind == "id":
        # a number may still carry its country: <idNumber>33556474 (Russia)</idNumber>
        _split_id_value(fact)
        fact.country = fact.country if is_empty(country) else country
        fact.issued = fact.issued if is_empty(issued) else issued
        fact.expires = fact.expires if is_empty(expires) else expires
        fact.date = None if is_empty(date) else date
        if not fact.value:
            fact.id_type = None
    return fact
