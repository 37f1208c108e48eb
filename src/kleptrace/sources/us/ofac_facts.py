"""Writing OFAC Facts (ofac_remarks) onto FtM entities, never dropping a value.

Each Fact goes where the identifier table says: a typed property, a Russian INN/OGRN/OKPO
checked before it is stored as one, an Identification or Passport entity keeping the
document's country and dates, a CryptoWallet, a sanction provision, or a "Linked To" name
the caller resolves. A value no property accepts stays on the entity as a labelled note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from followthemoney import StatementEntity

from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, hashed_key, is_empty, slug
from kleptrace.sources.dates import parse_date
from kleptrace.sources.us.ofac_remarks import Fact, IdType, is_country

ENTITY_SCHEMATA = ("LegalEntity", "Organization", "Company")
"""Schemata an untyped OFAC 'entity' may take, most general first."""

_IMO_VALUE = re.compile(r"^IMO\s*\d{7}$", re.I)


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
        props = t.props
        if not placed and t.identifier is not None:
            choices = t.identifier.properties(number, fact.country)
            if choices and choices[0][0] == t.identifier.checked:
                prop, valid = choices.pop(0)
                if entity.schema.get(prop) is not None:
                    placed = self.emitter.add(entity, prop, valid, original=number)
            props = tuple(prop for prop, _ in choices)
        if not placed:
            value = _phone(number) if "phone" in t.props else number
            placed = self.put(entity, props, value, label=fact.label, original=number)
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
