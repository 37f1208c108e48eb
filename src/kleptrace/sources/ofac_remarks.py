"""OFAC's remarks grammar and identifier types, shared by the SDN CSV, sdnList XML and CSL.

OFAC prints most of what it knows about a target as typed fragments: in sdn.csv they are
packed into one free-text Remarks cell ("DOB 07 Apr 1981; POB St. Petersburg, Russia;
Passport 640848350 (Russia); Linked To: ROTENBERG, Boris Romanovich."), in sdn.xml they
sit in <idList> as idType/idNumber/idCountry, and the trade.gov CSL flattens them into
"RU, 640848350, Passport". One table (data/ofac_id_types.yml) says what each type is, so
the three parsers put the same value in the same FtM property.

`parse_remarks` turns a remarks string into Facts; `FactWriter` writes Facts onto an
entity: typed properties, Identification/Passport and CryptoWallet entities, the
sanction provisions and "Linked To" names the caller resolves. Whatever the table does
not know stays on the entity as a labelled note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from followthemoney import StatementEntity
from followthemoney.types import registry

from kleptrace.data import load_table
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, hashed_key, is_empty, slug
from kleptrace.sources.dates import parse_date

KINDS = frozenset(
    {"id", "date", "country", "text", "gender", "name", "link", "crypto", "provision", "note"}
)
ENTITY_SCHEMATA = ("LegalEntity", "Organization", "Company")
"""Schemata an untyped OFAC 'entity' may take, most general first."""

_IMO_VALUE = re.compile(r"^IMO\s*\d{7}$", re.I)
_DATE = r"(?:\d{1,2}\s+)?(?:[A-Za-z]{3,9}\.?\s+)?\d{4}"
_ID_VALUE = re.compile(
    rf"^(?P<body>.*?)(?:\s+issued\s+(?P<issued>{_DATE}))?(?:\s+expires\s+(?P<expires>{_DATE}))?$",
    re.I | re.S,
)

_TRAILING_COUNTRY = re.compile(r"^(?P<number>.*?)\s*\((?P<country>[^()]+)\)$", re.S)
_ALT = re.compile(r"^alt\.\s+", re.I)
_SEGMENT_SPLIT = re.compile(r";\s+|;$")


def norm_label(label: str) -> str:
    """The table key of a printed label: spaces collapsed, trailing ':' or ' -' dropped."""
    text = re.sub(r"\s+", " ", label).strip()
    text = re.sub(r"\s*[:\-]+$", "", text).strip()
    return text.casefold()


@dataclass(frozen=True)
class IdType:
    """One row of data/ofac_id_types.yml."""

    label: str
    kind: str
    props: tuple[str, ...]
    russia: str | None = None
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
    return IdType(label, kind, props, row.get("russia"), row.get("document"), row.get("requires"))


@cache
def _table() -> tuple[dict[str, IdType], tuple[tuple[re.Pattern[str], IdType], ...]]:
    raw = load_table("ofac_id_types")
    fixed = {norm_label(str(k)): _id_type(str(k), v) for k, v in raw["types"].items()}
    patterns = tuple(
        (re.compile(row["label"], re.I), _id_type(row["label"], row)) for row in raw["patterns"]
    )
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


def _is_russia(country: str | None) -> bool:
    return country is None or registry.country.clean_text(country) == "ru"


def _okpo(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (8, 10) and digits == value.strip() else None


RUSSIAN = {"innCode": identifiers.inn, "ogrnCode": identifiers.ogrn, "okpoCode": _okpo}


def _phone(value: str) -> str:
    """OFAC prints international numbers without '+' ('982188526300', '00972...')."""
    digits = re.sub(r"[^\d+]", "", value)
    if digits.startswith("00"):
        return "+" + digits[2:]
    return digits if digits.startswith("+") else "+" + digits


@dataclass
class Applied:
    """What writing facts produced beyond the entity's own properties."""

    extras: dict[str, StatementEntity] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    identifiers: int = 0
    aliases: int = 0


class FactWriter:
    """Writes Facts onto FtM entities through an Emitter, never dropping a value."""

    def __init__(self, emitter: Emitter) -> None:
        self.emitter = emitter

    def child(self, schema: str, parent: StatementEntity, *key: object) -> StatementEntity:
        """An entity that belongs to `parent`, its id derived from the parent's."""
        entity = self.emitter.make(schema)
        entity.id = "-".join([str(parent.id), *(slug(k) for k in key)])
        return entity

    @staticmethod
    def schema_for(base: str, facts: list[Fact]) -> str:
        """Upgrade an untyped 'entity' to Organization/Company when a value implies it."""
        if base != "LegalEntity":
            return base
        rank = 0
        for fact in facts:
            if fact.id_type is None:
                continue
            need = fact.id_type.requires
            if fact.id_type.kind == "id" and _IMO_VALUE.match(fact.value):
                need = "Organization"
            if need in ENTITY_SCHEMATA:
                rank = max(rank, ENTITY_SCHEMATA.index(need))
        return ENTITY_SCHEMATA[rank]

    def put(
        self,
        entity: StatementEntity,
        props: tuple[str, ...],
        value: str,
        *,
        label: str,
        original: str | None = None,
    ) -> bool:
        """Add to the first property the schema has and accepts; else keep a note."""
        available = [sp for p in props if (sp := entity.schema.get(p)) is not None]
        if len(available) == 1:
            return self.emitter.add(entity, available[0].name, value, original=original)
        for schema_prop in available:
            if schema_prop.type.clean_text(value, proxy=entity) is not None:
                return self.emitter.add(entity, schema_prop.name, value, original=original)
        self.emitter.note(entity, label, original or value)
        return False

    def add_date(
        self, entity: StatementEntity, props: tuple[str, ...], printed: str, *, label: str
    ) -> bool:
        """Add a date (US month-first when numeric), keeping the printed wording."""
        available = [p for p in props if entity.schema.get(p) is not None]
        parsed = parse_date(reduce_range(printed), day_first=False)
        if not available or not parsed:
            self.emitter.note(entity, available[0] if available else label, printed)
            return False
        for iso in parsed.values:
            self.emitter.add(entity, available[0], iso, original=printed)
        return True

    def apply(
        self, entity: StatementEntity, facts: list[Fact], applied: Applied | None = None
    ) -> Applied:
        applied = applied if applied is not None else Applied()
        for fact in facts:
            self.apply_one(entity, fact, applied)
        return applied

    def apply_one(self, entity: StatementEntity, fact: Fact, applied: Applied) -> None:
        t = fact.id_type
        if t is None or (not fact.value and t.kind not in {"provision", "note"}):
            self.emitter.note(entity, "remarks", fact.text)
            return
        if t.kind == "id":
            self._identifier(entity, fact, t, applied)
        elif t.kind == "date":
            self.add_date(entity, t.props, fact.value, label=fact.label)
        elif t.kind in {"country", "text", "gender"}:
            self.put(entity, t.props, fact.value, label=fact.label)
        elif t.kind == "name":
            name = fact.value
            if len(name) > 1 and name[0] == name[-1] and name[0] in "'\"":
                name = name[1:-1].strip()
            if self.put(entity, t.props, name, label=fact.label):
                applied.aliases += 1
        elif t.kind == "link":
            applied.links.append(fact.value)
        elif t.kind == "crypto":
            self._wallet(entity, fact, applied)
        elif t.kind == "provision":
            applied.provisions.append(fact.text)
        else:
            self.emitter.note(entity, fact.label, fact.value or fact.text)

    def _identifier(self, entity: StatementEntity, fact: Fact, t: IdType, applied: Applied) -> None:
        number = fact.value
        placed = False
        if _IMO_VALUE.match(number) or "imoNumber" in t.props:
            imo = identifiers.imo(number)
            if imo and entity.schema.get("imoNumber") is not None:
                placed = self.emitter.add(entity, "imoNumber", imo, original=fact.text)
            elif "imoNumber" in t.props and not imo:
                self.emitter.note(entity, f"{fact.label} (not a valid IMO number)", number)
                placed = True
        if not placed and t.russia and _is_russia(fact.country):
            check = RUSSIAN.get(t.russia)
            valid = check(number) if check else None
            if valid and entity.schema.get(t.russia) is not None:
                placed = self.emitter.add(entity, t.russia, valid, original=number)
        if not placed:
            value = _phone(number) if "phone" in t.props else number
            placed = self.put(entity, t.props, value, label=fact.label, original=number)
        if placed:
            applied.identifiers += 1
        if t.document or fact.country or fact.issued or fact.expires or fact.date:
            self._document(entity, fact, t, applied)

    def _document(self, entity: StatementEntity, fact: Fact, t: IdType, applied: Applied) -> None:
        """An Identification/Passport entity keeping the document's country and dates."""
        schema = "Passport" if t.document == "Passport" else "Identification"
        doc = self.child(
            schema,
            entity,
            t.label,
            hashed_key(fact.label, fact.value, fact.country, fact.issued, fact.expires),
        )
        if str(doc.id) in applied.extras:
            return
        self.emitter.add(doc, "holder", entity.id)
        self.emitter.add(doc, "number", fact.value)
        self.emitter.add(doc, "type", fact.label)
        if fact.country:
            if is_country(fact.country):
                self.emitter.add(doc, "country", fact.country)
            else:
                self.emitter.note(entity, f"{fact.label} country", fact.country)
        for prop, value in (
            ("startDate", fact.issued),
            ("endDate", fact.expires),
            ("date", fact.date),
        ):
            if is_empty(value):
                continue
            if parse_date(value, day_first=False):
                self.emitter.add_date(doc, prop, value, day_first=False)
            else:
                self.emitter.note(entity, f"{fact.label} {prop}", str(value))
        applied.extras[str(doc.id)] = doc

    def _wallet(self, entity: StatementEntity, fact: Fact, applied: Applied) -> None:
        parts = fact.value.split(None, 1)
        if len(parts) != 2:
            self.emitter.note(entity, fact.label, fact.value)
            return
        currency, address = parts
        wallet = self.child("CryptoWallet", entity, currency, hashed_key(address))
        if str(wallet.id) in applied.extras:
            return
        self.emitter.add(wallet, "publicKey", address)
        self.emitter.add(wallet, "currencySymbol", currency)
        self.emitter.add(wallet, "holder", entity.id)
        applied.extras[str(wallet.id)] = wallet
        applied.identifiers += 1


_DAY_RANGE = re.compile(
    r"^(?P<d1>\d{1,2}) (?P<m1>[A-Za-z]{3}) (?P<y1>\d{4}) to (?P<d2>\d{1,2}) (?P<m2>[A-Za-z]{3}) "
    r"(?P<y2>\d{4})$"
)


def reduce_range(value: str) -> str:
    """'01 Jan 1961 to 31 Dec 1962' -> '1961 to 1962'; '01 Feb 1960 to 29 Feb 1960' ->
    'Feb 1960'. OFAC writes year and month ranges as day ranges; other text is returned
    unchanged."""
    m = _DAY_RANGE.match(value.strip())
    if not m:
        return value
    d1, d2 = int(m["d1"]), int(m["d2"])
    m1, m2 = m["m1"].title(), m["m2"].title()
    if d1 == 1 and m1 == "Jan" and d2 == 31 and m2 == "Dec":
        return m["y1"] if m["y1"] == m["y2"] else f"{m['y1']} to {m['y2']}"
    if d1 == 1 and m1 == m2 and m["y1"] == m["y2"] and d2 >= 28:
        return f"{m1} {m['y1']}"
    return value
