"""Labelled screening cases built from the loaded sanctions lists, nothing hand-picked.

    .venv/bin/python benchmarks/evaluation/cases.py --db PATH --out cases.jsonl

The truth comes from the lists themselves: two records on different lists that share a
UN reference number, IMO, INN or OGRN are the same target, so a query made from one
record's name must find the other (identifiers held back, names do the work). Classes:

- cross_list: one list's record (primary name, birth dates, countries) must find the
  linked records on other lists;
- alias: one Latin alias of a linked record must find the linked records on other lists;
  alias_weak: the same where the alias drawn is one the list itself flags as weak (OFAC's
  "weak" a.k.a.s, the UN's "low quality" ones: nicknames, kunyas, one word), which a
  screen must not alert on by the name alone (issue 10, part 3), so they are counted
  apart from the alias recall target;
- typo, order, drop_middle, initials, title, homoglyph, invisible, legal_form: a list
  name perturbed by `perturb.py` must find its own record and its linked ones;
- translit: a record's Russian Cyrillic name in a published romanisation
  (`romanise.py`) must find linked records that carry no Cyrillic name;
- cross_script_<script>: a name in that script must find linked records, on other
  lists, with Latin names and none in that script: always two different records,
  never a record's own name against itself;
- dob_near: a person's own name with a listed birth date moved a little (a year, a few
  days, day and month swapped) must still find the person;
- country_other: a name with a country the target is not listed with must still find it;
- dob_far: a namesake: a person's own name with a birth date decades from every
  date listed on the person and on every linked record (each must list one), which
  must NOT find any of them;
- neg_similar: a list name against a record with a similar name that is provably someone
  else (birth dates more than two years apart, or clashing identifiers of one kind);
- neg_customer: synthetic customers (`customers.py`); neg_common: customers with the
  most common real names (`common_names.py`): any hit is a false alert.

Every case carries a `group` (the linked records it is about, or the customer) and a
`split` drawn from a hash of it, "tune" or "test": thresholds are tuned on one and
reported on the other, and no target is on both sides. Nothing here reads kleptrace's
own tables: scripts and Latin forms come from ICU (`writing.py`). Queries come from the
official lists; targets may be on any loaded source. The output is deterministic for a
seed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np
import orjson
from rapidfuzz import fuzz, process

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.evaluation.common_names import common_name_customers
from benchmarks.evaluation.customers import synthetic_customers
from benchmarks.evaluation.perturb import ORGANISATION_ONLY, PERSON_ONLY, PERTURBATIONS, title
from benchmarks.evaluation.romanise import SYSTEMS, is_russian_cyrillic
from benchmarks.evaluation.writing import name_key, script_of, transliterate

T = TypeVar("T")

OFFICIAL = frozenset(
    {
        "us_ofac_sdn",
        "us_ofac_cons",
        "us_trade_csl",
        "un_sc",
        "gb_hmt_ofsi",
        "gb_fcdo",
        "eu_journal",
        "ca_sema",
        "au_dfat",
    }
)
SCHEMAS = ("Person", "Vessel", "Airplane", "Company", "Organization", "LegalEntity")
ALIAS_PROPS = ("alias", "weakAlias", "previousName")
COUNTRY_PROPS = {"nationality", "citizenship", "country", "jurisdiction"}
ID_PROPS = {"innCode": "inn", "ogrnCode": "ogrn", "imoNumber": "imo", "registrationNumber": "reg"}
LINK_KINDS = ("unsc", "imo", "inn", "ogrn")
PROOF_KINDS = ("inn", "ogrn", "imo", "reg")
CAPS = {"cross_list": 1_500, "alias": 500, "perturbation": 300, "script": 500, "fields": 400}
# Countries a listed party may live or trade in without being listed with them.
OTHER_COUNTRIES = ("ae", "cy", "tr", "gb", "ch", "lv", "hk", "sg", "de", "us")
# neg_similar per broad type, mostly people and firms: vessel and aircraft names repeat
# across unrelated ships and planes. A type short of its quota passes the rest on.
NEG_QUOTAS = {"airplane": 150, "vessel": 300, "organisation": 450, "person": 600}
SIMILAR = 70
# Countries whose names lists write family name first with nothing to show it ("MUN
# KYONG HWAN"): dropping a "middle" word or cutting the "given" name to an initial would
# break the given name rather than shorten it.
FAMILY_FIRST = frozenset({"kp", "kr", "cn", "tw", "hk", "mo", "jp", "vn", "mm", "kh"})
_DIGIT_LENGTHS = {"inn": (10, 12), "ogrn": (13, 15), "imo": (7,)}
_UNSC = re.compile(r"^[A-Z]{2}[IE]\.\d{3}$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Entity:
    """One record of the screened schemas, with what the cases need of it."""

    id: str
    schema: str
    sources: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    birth_dates: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    gender: str | None = None
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def kind(self) -> str:
        """Broad type: a person never matches a vessel, whatever the names say."""
        return {"Person": "person", "Vessel": "vessel", "Airplane": "airplane"}.get(
            self.schema, "organisation"
        )

    @property
    def source(self) -> str:
        """The official list(s) holding the record, for stratification."""
        return "+".join(sorted(self.sources & OFFICIAL) or sorted(self.sources))

    @property
    def latin_name(self) -> str | None:
        """The first Latin-script 'name', the one a query from this record uses."""
        return next((n for n in self.names if script_of(n) == "Latin"), None)

    def all_names(self) -> list[str]:
        return self.names + [a for _, a in self.aliases]


def normalise_identifier(kind: str, value: str) -> str | None:
    """One spelling per identifier, None when the value is not a valid one of its kind."""
    if kind == "unsc":
        ref = value.strip().upper()
        return ref if _UNSC.match(ref) else None
    if kind == "reg":
        reg = re.sub(r"[\W_]", "", value).upper()
        return reg if len(reg) >= 5 else None
    # INN and OGRN fields sometimes carry a label or a second number (KPP): take the
    # first run of the right length. IMO numbers are written "IMO 9953523".
    runs = re.findall(r"\d+", value) if kind != "imo" else [re.sub(r"\D", "", value)]
    return next((d for d in runs if len(d) in _DIGIT_LENGTHS[kind] and d.strip("0")), None)


def _labelled_kind(value: str) -> str:
    """EU registration numbers often say what they are: "7703469600 (INN)", "ОГРН ..."."""
    low = value.casefold()
    if re.search(r"\b(inn|инн)\b", low):
        return "inn"
    if re.search(r"\b(ogrn|огрн)\b", low):
        return "ogrn"
    return "reg"


def _numbers(entity: Entity) -> set[str]:
    """Every identifier value and the digit runs inside registration numbers, to see
    whether two records share any number whatever its kind."""
    values = {v for vs in entity.ids.values() for v in vs}
    runs = (re.findall(r"\d{5,}", v) for v in entity.ids.get("reg", ()))
    return values | set(chain.from_iterable(runs))


def _shape(value: str) -> tuple[int, bool]:
    return len(value), value.isdigit()


UNRELIABLE_DATES = frozenset({"gb_fcdo"})
"""Sources whose birth dates prove nothing. uk_fcdo_derived (a third party's relational
transform of the FCDO list, not an official format) attaches dates to the wrong people:
GHR0050, Alexander Lukashenko (OFSI group 13918, born 1954-08-30), carries ten dates
and not his own, and 502 of its 982 dated records with an OFSI twin are more than two
years from the twin's dates. Used as proof, they turn the same person on two lists
into "provably different" records and judge right answers false."""


def load_entities(db_path: Path | str) -> dict[str, Entity]:
    """Read the current records of the screened schemas, and UN references via Sanctions
    (without the birth dates of UNRELIABLE_DATES sources)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT s.entity_id, v.source, s.schema, s.prop, s.value
            FROM current_statements s JOIN current_versions v USING (version_id)
            WHERE list_contains(?, s.schema)
            ORDER BY s.entity_id, v.source, s.prop, s.value
            """,
            [list(SCHEMAS)],
        ).fetchall()
        refs = con.execute(
            """
            SELECT e.value, r.value
            FROM current_statements r
            JOIN current_statements e
              ON e.entity_id = r.entity_id AND e.version_id = r.version_id
            WHERE r.schema = 'Sanction' AND r.prop = 'unscId' AND e.prop = 'entity'
            ORDER BY 1, 2
            """
        ).fetchall()
    finally:
        con.close()
    entities: dict[str, Entity] = {}
    for entity_id, source, schema, prop, value in rows:
        entity = entities.get(entity_id)
        if entity is None:
            entity = entities[entity_id] = Entity(entity_id, schema)
        elif SCHEMAS.index(schema) < SCHEMAS.index(entity.schema):
            entity.schema = schema
        entity.sources.add(source)
        if prop == "name" and value not in entity.names:
            entity.names.append(value)
        elif prop in ALIAS_PROPS:
            entity.aliases.append((prop, value))
        elif prop == "birthDate":
            if source not in UNRELIABLE_DATES:
                entity.birth_dates.add(value)
        elif prop in COUNTRY_PROPS:
            entity.countries.add(value)
        elif prop == "gender":
            entity.gender = value
        elif prop in ID_PROPS:
            kind = _labelled_kind(value) if prop == "registrationNumber" else ID_PROPS[prop]
            normalised = normalise_identifier(kind, value)
            if normalised:
                entity.ids[kind].add(normalised)
    for entity_id, ref in refs:
        normalised = normalise_identifier("unsc", ref)
        if entity_id in entities and normalised:
            entities[entity_id].ids["unsc"].add(normalised)
    return {k: e for k, e in entities.items() if e.all_names()}


def _years(entity: Entity, full: bool = False) -> set[int]:
    dates = (d for d in entity.birth_dates if not full or _FULL_DATE.match(d))
    return {int(d[:4]) for d in dates if d[:4].isdigit()}


def _years_apart(a: Entity, b: Entity) -> bool:
    """Both have full birth dates and every pair is more than two years apart."""
    ya, yb = _years(a, full=True), _years(b, full=True)
    return bool(ya and yb) and min(abs(x - y) for x in ya for y in yb) > 2


def link_graph(entities: dict[str, Entity]) -> dict[str, dict[str, set[str]]]:
    """Records linked by a shared identifier: entity id -> linked id -> identifier kinds.

    A number two records of one list share (a branch and its parent, a duplicate) proves
    nothing, so such numbers are not used; links join records of one broad type only,
    and never two people whose birth dates are years apart.
    """
    holders: dict[tuple[str, str, str], list[Entity]] = defaultdict(list)
    for entity in entities.values():
        for kind in LINK_KINDS:
            for value in entity.ids.get(kind, ()):
                holders[(kind, value, entity.kind)].append(entity)
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for (kind, _, _), group in holders.items():
        per_source = Counter(s for e in group for s in e.sources)
        if len(group) < 2 or max(per_source.values()) > 1:
            continue
        for a in group:
            for b in group:
                if a is not b and not _years_apart(a, b):
                    links[a.id][b.id].add(kind)
    return links


def elsewhere(
    entity: Entity, links: dict[str, dict[str, set[str]]], entities: dict[str, Entity]
) -> list[str]:
    """Linked records on at least one list the entity is not on."""
    return sorted(
        other for other in links.get(entity.id, {}) if entities[other].sources - entity.sources
    )


def stratified(
    items: Iterable[T], key: Callable[[T], tuple[str, str]], rng: random.Random
) -> Iterator[T]:
    """Order items so that every first-level key, and within it every second-level key,
    takes its turn: small strata (a rare identifier, a rare list pair) are not drowned."""
    groups: dict[str, dict[str, list[T]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        outer, inner = key(item)
        groups[outer][inner].append(item)

    def interleave(lists: list[list[T]]) -> Iterator[T]:
        for row in zip_longest(*lists):
            yield from (x for x in row if x is not None)

    streams = []
    for outer in sorted(groups):
        lists = [groups[outer][inner] for inner in sorted(groups[outer])]
        for items_ in lists:
            rng.shuffle(items_)
        streams.append(list(interleave(lists)))
    return interleave(streams)


def _by_source(entity: Entity) -> tuple[str, str]:
    return "", entity.source


def make_query(entity: Entity, name: str, context: bool = True) -> dict[str, Any]:
    """A query as a customer record would hold it: name, and (with context) birth dates
    and countries, never identifiers."""
    person = entity.schema == "Person"
    return {
        "schema": entity.schema,
        "names": [name],
        "birth_dates": sorted(entity.birth_dates) if context and person else [],
        "countries": sorted(entity.countries) if context else [],
        "identifiers": [],
    }


def make_case(
    cls: str, entity: Entity, query: dict[str, Any], targets: list[str], label: bool = True
) -> dict[str, Any]:
    return {
        "case": f"{cls}:{entity.id}",
        "class": cls,
        "label": label,
        "query": query,
        "target_ids": targets,
        "source_id": entity.id,
    }


class Builder:
    """Holds the records and their links while the classes are drawn from them."""

    def __init__(self, entities: dict[str, Entity], seed: int, scale: float = 1.0) -> None:
        self.entities = entities
        self.seed = seed
        self.scale = scale
        self.caps = {k: max(1, int(v * scale)) for k, v in CAPS.items()}
        self.links = link_graph(entities)
        self.queries = [
            e for e in entities.values() if e.sources & OFFICIAL and e.latin_name is not None
        ]
        self.groups = groups(entities, self.links)

    def rng(self, *parts: str) -> random.Random:
        """A random source per class (and per case), so classes do not shift each other."""
        return random.Random(":".join([str(self.seed), *parts]))

    def elsewhere(self, entity: Entity) -> list[str]:
        return elsewhere(entity, self.links, self.entities)

    def cross_list(self) -> list[dict[str, Any]]:
        candidates = []
        rng = self.rng("cross_list")
        for entity in self.queries:
            targets = self.elsewhere(entity)
            if not targets:
                continue
            kinds = sorted({k for t in targets for k in self.links[entity.id][t]})
            kind = rng.choice(kinds)
            target_sources = {s for t in targets for s in self.entities[t].sources}
            pair = entity.source + ">" + "+".join(sorted(target_sources - entity.sources))
            candidates.append((kind, pair, entity, targets))
        order = stratified(candidates, lambda c: (c[0], c[1]), rng)
        return [
            make_case("cross_list", entity, make_query(entity, entity.latin_name or ""), targets)
            for _, _, entity, targets in list(order)[: self.caps["cross_list"]]
        ]

    def alias(self) -> list[dict[str, Any]]:
        rng = self.rng("alias")
        candidates = []
        for entity in self.queries:
            targets = self.elsewhere(entity)
            own = {name_key(n) for n in entity.names}
            aliases = [
                (prop, a)
                for prop, a in entity.aliases
                if script_of(a) == "Latin" and name_key(a) not in own
            ]
            if targets and aliases:
                candidates.append((entity, rng.choice(aliases), targets))
        order = stratified(candidates, lambda c: ("", c[0].source), rng)
        return [
            make_case(
                "alias_weak" if prop == "weakAlias" else "alias",
                entity,
                make_query(entity, alias),
                targets,
            )
            for entity, (prop, alias), targets in list(order)[: self.caps["alias"]]
        ]

    def perturbations(self) -> list[dict[str, Any]]:
        cases = []
        for cls, perturb in PERTURBATIONS.items():
            pool = self.queries
            if cls in PERSON_ONLY or cls == "translit":
                pool = [e for e in pool if e.kind == "person"]
            if cls in ("drop_middle", "initials"):
                pool = [e for e in pool if not e.countries & FAMILY_FIRST]
            elif cls in ORGANISATION_ONLY:
                pool = [e for e in pool if e.kind == "organisation"]
            made = []
            for entity in stratified(pool, _by_source, self.rng(cls)):
                name = entity.latin_name or ""
                rng = self.rng(cls, entity.id)
                if cls == "title":
                    perturbed = title(name, rng, entity.gender)
                else:
                    perturbed = perturb(name, rng)
                if perturbed is None or perturbed == name:
                    continue
                targets = [entity.id, *self.elsewhere(entity)]
                made.append(make_case(cls, entity, make_query(entity, perturbed), targets))
                if len(made) == self.caps["perturbation"]:
                    break
            cases += made
        return cases

    def translit(self) -> list[dict[str, Any]]:
        """Russian Cyrillic names romanised by published systems, each system in turn."""
        rng = self.rng("translit")
        candidates = []
        for entity in self.entities.values():
            if entity.kind != "person":
                continue
            russian = [n for n in entity.all_names() if is_russian_cyrillic(n)]
            targets = [t for t in self.elsewhere(entity) if self._latin_only(t, "Cyrillic")]
            if russian and targets:
                candidates.append((entity, rng.choice(russian), targets))
        systems = sorted(SYSTEMS)
        cases: list[dict[str, Any]] = []
        for entity, name, targets in stratified(candidates, lambda c: ("", c[0].source), rng):
            # Systems in turn; one that writes a target's own name is passed over.
            known = {n.casefold() for t in targets for n in self.entities[t].all_names()}
            turn = len(cases) % len(systems)
            for system in systems[turn:] + systems[:turn]:
                romanised = SYSTEMS[system](name)
                if romanised.casefold() not in known:
                    case = make_case("translit", entity, make_query(entity, romanised), targets)
                    cases.append({**case, "system": system})
                    break
            if len(cases) == self.caps["perturbation"]:
                break
        return cases

    def cross_script(self) -> list[dict[str, Any]]:
        """Names in each non-Latin script against linked Latin-only records elsewhere."""
        by_script: dict[str, list[tuple[Entity, str, list[str]]]] = defaultdict(list)
        rng = self.rng("cross_script")
        for entity in self.entities.values():
            written: dict[str, list[str]] = defaultdict(list)
            for n in entity.all_names():
                script = script_of(n)
                if script not in (None, "Latin"):
                    written[script].append(n)
            for script, names in sorted(written.items()):
                targets = [t for t in self.elsewhere(entity) if self._latin_only(t, script)]
                if targets:
                    by_script[script].append((entity, rng.choice(names), targets))
        cases = []
        for script, linked in sorted(by_script.items()):
            cls = "cross_script_" + script.lower()
            order = stratified(linked, lambda c: (c[0].kind, c[0].source), self.rng(cls))
            for entity, name, targets in list(order)[: self.caps["script"]]:
                cases.append(make_case(cls, entity, make_query(entity, name), targets))
        return cases

    def fields(self) -> list[dict[str, Any]]:
        """dob_near, dob_far and country_other: the same names, other dates or countries."""
        people = [e for e in self.queries if e.kind == "person" and _full_dates(e)]
        cases: list[dict[str, Any]] = []
        for cls, make in (("dob_near", _near_date), ("dob_far", _far_date)):
            made = []
            for entity in stratified(people, _by_source, self.rng(cls)):
                targets = [entity.id, *self.links.get(entity.id, {})]
                date = make(sorted(_full_dates(entity)), self.rng(cls, entity.id))
                records = [self.entities[t] for t in targets]
                if date is None or (cls == "dob_far" and not _far_from_all(date, records)):
                    continue
                query = make_query(entity, entity.latin_name or "", context=False)
                query["birth_dates"] = [date]
                label = cls == "dob_near"
                query["countries"] = sorted(entity.countries) if label else []
                made.append(make_case(cls, entity, query, targets, label))
                if len(made) == self.caps["fields"]:
                    break
            cases += made
        made = []
        with_country = [e for e in self.queries if e.countries]
        for entity in stratified(with_country, _by_source, self.rng("country_other")):
            rng = self.rng("country_other", entity.id)
            others = [c for c in OTHER_COUNTRIES if c not in entity.countries]
            query = make_query(entity, entity.latin_name or "", context=False)
            query["countries"] = [rng.choice(others)]
            targets = [entity.id, *self.elsewhere(entity)]
            made.append(make_case("country_other", entity, query, targets))
            if len(made) == self.caps["fields"]:
                break
        return cases + made

    def _latin_only(self, entity_id: str, script: str) -> bool:
        """A target with Latin names and none in the query's script: only a cross-script
        comparison can find it."""
        scripts = {script_of(n) for n in self.entities[entity_id].all_names()}
        return "Latin" in scripts and script not in scripts

    def neg_similar(self) -> list[dict[str, Any]]:
        """Similar names, different targets: the best-scoring provably different record for
        each sampled list record, compared on Latin forms with token_sort_ratio."""
        choices: dict[str, dict[str, list[Entity]]] = defaultdict(lambda: defaultdict(list))
        for entity in self.entities.values():
            if self._provable(entity):
                for name in entity.all_names():
                    if script_of(name) == "Latin":
                        choices[entity.kind][_ascii(name)].append(entity)
        # One record per name: the same person on two lists would repeat the query.
        unique = {name_key(e.latin_name or ""): e for e in reversed(self.queries)}
        queries = [e for e in unique.values() if self._provable(e)]
        cases: list[dict[str, Any]] = []
        wanted = 0
        for kind, share in NEG_QUOTAS.items():
            wanted += max(1, int(share * self.scale))
            quota = wanted - len(cases)
            keys = list(choices[kind])
            rng = self.rng("neg_similar", kind)
            order = list(stratified((e for e in queries if e.kind == kind), _by_source, rng))
            made: list[dict[str, Any]] = []
            for start in range(0, len(order), 500):
                chunk = order[start : start + 500]
                scores = process.cdist(
                    [_ascii(e.latin_name or "") for e in chunk],
                    keys,
                    scorer=fuzz.token_sort_ratio,
                    score_cutoff=SIMILAR,
                    dtype=np.uint8,
                    workers=-1,
                )
                for entity, row in zip(chunk, scores, strict=True):
                    other = self._most_similar(entity, row, keys, choices[kind])
                    if other is not None and len(made) < quota:
                        query = make_query(entity, entity.latin_name or "", context=False)
                        made.append(make_case("neg_similar", entity, query, [other.id], False))
                if len(made) == quota:
                    break
            cases += made
        return cases

    @staticmethod
    def _provable(entity: Entity) -> bool:
        """Whether anything could prove this record is not another: a full birth date or
        an identifier of a kind others carry too."""
        return bool(_years(entity, full=True)) or any(entity.ids.get(k) for k in PROOF_KINDS)

    def _most_similar(
        self,
        entity: Entity,
        row: np.ndarray,
        keys: list[str],
        owners: dict[str, list[Entity]],
    ) -> Entity | None:
        query_key = name_key(entity.latin_name or "")
        linked = self.links.get(entity.id, {})
        hits = np.nonzero(row)[0]
        for index in hits[np.argsort(-row[hits], kind="stable")]:
            for other in owners[keys[index]]:
                if other.id == entity.id or other.id in linked:
                    continue
                if any(name_key(n) == query_key for n in other.all_names()):
                    continue
                if different(entity, other):
                    return other
        return None


def different(a: Entity, b: Entity) -> bool:
    """No number in common, and birth years or identifiers of one kind that clash
    (registration numbers only when written alike: lists use different registers)."""
    if _numbers(a) & _numbers(b):
        return False
    if _years_apart(a, b):
        return True
    if any(a.ids.get(k) and b.ids.get(k) for k in PROOF_KINDS if k != "reg"):
        return True
    shapes = {_shape(v) for v in a.ids.get("reg", ())}
    return bool(shapes & {_shape(v) for v in b.ids.get("reg", ())})


def _ascii(name: str) -> str:
    return transliterate(name, "Any-Latin; Latin-ASCII; Lower")


def _full_dates(entity: Entity) -> set[str]:
    return {d for d in entity.birth_dates if _FULL_DATE.match(d)}


def _near_date(dates: list[str], rng: random.Random) -> str | None:
    """One listed date a little off: a year either way, one to three days, or day and
    month swapped (where that is still a date and a different one)."""
    year, month, day = (int(p) for p in rng.choice(dates).split("-"))
    kind = rng.choice(("year", "days", "swap"))
    if kind == "swap" and day <= 12 and day != month:
        return f"{year:04d}-{day:02d}-{month:02d}"
    if kind == "days":
        moved = date(year, month, day) + timedelta(days=rng.choice((-3, -2, -1, 1, 2, 3)))
        return moved.isoformat()
    shift = rng.choice((-1, 1))
    return f"{year + shift:04d}-{month:02d}-{min(day, 28):02d}"


def _far_date(dates: list[str], rng: random.Random) -> str | None:
    """A date at least 15 years from every listed one (a namesake a generation apart),
    never in the future."""
    years = [int(d[:4]) for d in dates]
    for _ in range(10):
        year = rng.choice(years) + rng.choice((-1, 1)) * rng.randint(15, 35)
        if 1900 < year < 2008 and min(abs(year - y) for y in years) >= 15:
            return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return None


def _far_from_all(date: str, records: list[Entity]) -> bool:
    """Whether a date contradicts every record of a target: each lists a birth date
    (one that proves something: not from UNRELIABLE_DATES) and every one is 15 years or
    more away. A linked record without one, or with other dates than the record the date
    was made from, could rightly match."""
    years = [[int(d[:4]) for d in r.birth_dates if d[:4].isdigit()] for r in records]
    return all(ys and min(abs(int(date[:4]) - y) for y in ys) >= 15 for ys in years)


def groups(entities: dict[str, Entity], links: dict[str, dict[str, set[str]]]) -> dict[str, str]:
    """Entity id -> the smallest id of its linked component: one group per target."""
    parent = {k: k for k in entities}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, linked in links.items():
        for b in linked:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in entities}


def split_of(group: str) -> str:
    """ "tune" or "test" from a hash of the group: stable across runs and machines."""
    return "tune" if hashlib.sha1(group.encode()).digest()[0] % 2 == 0 else "test"


def build_cases(
    db_path: Path | str,
    seed: int = 7,
    customers: int = 10_000,
    common: int = 5_000,
    scale: float = 1.0,
    entities: dict[str, Entity] | None = None,
) -> list[dict[str, Any]]:
    """Build every class of case from the store at db_path (opened read-only).

    Args:
        db_path: The kleptrace DuckDB store.
        seed: Fixes every sample; the same seed and store give the same cases.
        customers: How many synthetic customers (class neg_customer).
        common: How many common-name customers (class neg_common).
        scale: Shrinks every per-class cap (0.2 for a quick run).
        entities: The store's records as `load_entities` reads them, if already read.

    Returns:
        Case dicts, see the module docstring for the classes, each with its group and
        split.
    """
    builder = Builder(entities or load_entities(db_path), seed, scale)
    exclude = {name_key(n) for e in builder.entities.values() for n in e.all_names()}
    listed = [
        *builder.cross_list(),
        *builder.alias(),
        *builder.perturbations(),
        *builder.translit(),
        *builder.cross_script(),
        *builder.fields(),
        *builder.neg_similar(),
    ]
    for case in listed:
        case["group"] = builder.groups[case["source_id"]]
    unlisted = [
        *synthetic_customers(customers, seed, exclude=exclude),
        *common_name_customers(common, seed),
    ]
    for case in unlisted:
        case["group"] = case["case"]
    cases = listed + unlisted
    for case in cases:
        case["split"] = split_of(case["group"])
    return cases


def summary(cases: list[dict[str, Any]]) -> str:
    """Cases per class, positives and negatives, as a plain-text table."""
    counts: dict[str, Counter[bool]] = defaultdict(Counter)
    for case in cases:
        counts[case["class"]][bool(case["label"])] += 1
    lines = [f"{'class':<24}{'cases':>8}{'positive':>10}{'negative':>10}"]
    for cls, c in counts.items():
        lines.append(f"{cls:<24}{c.total():>8,}{c[True]:>10,}{c[False]:>10,}")
    lines.append(f"{'total':<24}{len(cases):>8,}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--common", type=int, default=5_000)
    args = parser.parse_args()
    started = time.perf_counter()
    cases = build_cases(args.db, seed=args.seed, customers=args.customers, common=args.common)
    with args.out.open("wb") as out:
        for case in cases:
            out.write(orjson.dumps(case) + b"\n")
    print(summary(cases))
    print(f"{len(cases):,} cases written to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
