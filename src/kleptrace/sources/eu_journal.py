"""EU sanctions annexes from the Official Journal, as OpenSanctions transcribes them.

EUR-Lex publishes each sanctions act as legal text, not as one downloadable list, and the
official FSF export is too large for the shared data set. This source is therefore
OpenSanctions' transcription of the annexes (datasets/eu/journal_sanctions), fetched with
the OpenSanctions dataset rather than from an official publisher, hence `urls=()`.

One list version is a folder: consolidated/{celex}.csv (a snapshot of each framework act,
pinned to a consolidated version in eu_journal_sanctions.yml), amendments/{celex}.csv
(designations of amending acts not yet consolidated) and that YAML. FORMAT.md beside the
files is the contract: a departure from it raises ParseError rather than a guess. An
amending act the YAML marks as absorbed by a pinned snapshot is not emitted again (its
rows go to the report), as the OpenSanctions crawler does: the snapshot is authoritative,
delistings included.

A target listed under several acts or programs is one entity with one Sanction per
(program, framework act, measure). Rows of one schema family join when they share a
checksum-valid INN, OGRN or IMO number, or the normalised name plus a birth date or
registration number; a row with neither joins its only namesake. Joins the data
contradicts (different numbers or birth dates, two entries of one annex) are refused, so a
misprinted identifier does not fuse two targets. LegalEntity, Organization and Company
rows of one target become the common schema (Company).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from followthemoney import StatementEntity, model
from followthemoney.schema import Schema

from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, Format, Head, hashed_key
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport

NAME = "eu_journal"
PUBLISHER = "Council of the European Union (Official Journal)"
AUTHORITY = "Council of the European Union"
METADATA = "eu_journal_sanctions.yml"
FOLDERS = ("consolidated", "amendments")
EURLEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{}"

ENTITY_COLUMNS = (
    "schema", "name", "alias", "weakAlias", "previousName", "country", "nationality",
    "jurisdiction", "birthDate", "birthPlace", "position", "passportNumber", "gender",
    "appearance", "ethnicity", "fatherName", "motherName", "incorporationDate", "legalForm",
    "sector", "registrationNumber", "taxNumber", "idNumber", "innCode", "ogrnCode", "kppCode",
    "okpoCode", "leiCode", "swiftBic", "ticker", "imoNumber", "mmsi", "flag", "address",
    "phone", "email", "website", "notes",
)  # fmt: skip
_SANCTION_COLUMNS = ("recordId", "programKey", "annex", "measure", "startDate", "reason")
CONSOLIDATED_HEADER = ("celex", *_SANCTION_COLUMNS, *ENTITY_COLUMNS)
AMENDMENT_HEADER = ("amendedCelex", "amendmentCelex", *_SANCTION_COLUMNS, *ENTITY_COLUMNS)

FAMILY = {
    "Person": "person",
    "LegalEntity": "org",
    "Organization": "org",
    "Company": "org",
    "Vessel": "vessel",
    "Asset": "asset",
}
"""Schemata FORMAT.md allows; rows of one family may be the same target."""

_CELEX = re.compile(r"^\d{5}[A-Z]{1,2}\d{4}$")
_PIN = re.compile(r"^0\d{4}[A-Z]{1,2}\d{4}-(\d{4})(\d{2})(\d{2})$")
_COUNTRIES = ("nationality", "country", "jurisdiction", "flag")
_NAMES = ("alias", "weakAlias", "previousName")
_DATES = ("birthDate", "incorporationDate")
_ID_PROP = {"inn": "innCode", "ogrn": "ogrnCode", "kpp": "kppCode", "okpo": "okpoCode",
            "imo": "imoNumber"}  # fmt: skip
_SPECIFIC = {"innCode": ("inn",), "ogrnCode": ("ogrn",), "kppCode": ("kpp",),
             "okpoCode": ("okpo",), "imoNumber": ("imo",)}  # fmt: skip
"""Identifier columns normalised to their system; an unlabelled number is of that system."""
_GENERIC = {"taxNumber": ("inn",), "registrationNumber": ("ogrn", "inn")}
"""Columns kept as printed that often hold a Russian number (INN, OGRN) as well."""
_STRONG = frozenset({"inn", "ogrn", "imo"})
_HANDLED = {"schema", "name", *_NAMES, *_COUNTRIES, *_DATES, *_SPECIFIC, *_GENERIC, "address"}
_PLAIN = tuple(c for c in ENTITY_COLUMNS if c not in _HANDLED)

# A number in an identifier cell: digits, or digits grouped by spaces ("9 102 157 783").
_NUMBER = re.compile(r"(?<![\w-])(\d{1,3}(?: \d{3})+|\d+)(?![\w-])")
_LABELS = (
    ("kpp", re.compile(r"\bKPP\b", re.I)),
    ("okpo", re.compile(r"\bOKPO\b", re.I)),
    ("ogrn", re.compile(r"\bOGRN|\bP?SRN\b", re.I)),
    ("inn", re.compile(r"\bINN\b|\bTIN\b|\btax\s*(?:id|identification|payer)|ИНН", re.I)),
    ("imo", re.compile(r"\bIMO\b", re.I)),
)
_NEUTRAL = re.compile(r"russia|russian federation", re.I)
_AFTER = re.compile(r"\s*\(([^)]*)\)")
# Enumeration markers "(a)", "b)", "(ii)" that separate alternatives in a date or country.
_ENUM = re.compile(r"\(\s*(?:[a-h]|i{1,3}|iv|vi{0,3})\s*\)|(?<![\w(])[a-h]\)", re.I)
_DATE_SPLIT = re.compile(r"\s*(?:[;,/]|\bor\b)\s*", re.I)
_COUNTRY_SPLIT = re.compile(r"\s*(?:[;,/]|\band/or\b|\band\b)\s*", re.I)
_CONTACT_SPLIT = re.compile(r"[\s,;]+(?:and\s+)?")
_SPLIT = {
    **dict.fromkeys(_COUNTRIES, _COUNTRY_SPLIT),
    "phone": re.compile(r"\s*(?:[,;]|\band\b)\s*", re.I),
    "email": _CONTACT_SPLIT,
    "website": _CONTACT_SPLIT,
}
"""How a value that holds several countries or contacts is divided."""


@dataclass
class Row:
    """One validated data row and what decides which entity it belongs to."""

    path: Path
    line: int
    cells: dict[str, str]
    framework: str
    act: str | None
    family: str = ""
    name: str = ""
    dobs: frozenset[str] = frozenset()
    strong: frozenset[tuple[str, str]] = frozenset()
    weak: frozenset[str] = frozenset()

    @property
    def keyed(self) -> bool:
        return bool(self.dobs or self.strong or self.weak)

    def key(self) -> tuple[str, str, str]:
        """family, name and the strongest evidence: the parts of the stable entity id."""
        evidence = min(self.dobs) if self.dobs else ""
        for kind in ("imo", "inn", "ogrn"):
            found = sorted(v for k, v in self.strong if k == kind)
            if found and not evidence:
                evidence = f"{kind}:{found[0]}"
        if not evidence and self.weak:
            evidence = f"reg:{min(self.weak)}"
        return (self.family, self.name, evidence)


# -- the file set ------------------------------------------------------------------------


def _is_root(path: Path) -> bool:
    folder = path / "consolidated"
    if not folder.is_dir():
        return False
    first = next(iter(sorted(folder.glob("*.csv"))), None)
    return first is not None and _sniff_file(Head.read(first))


def primary(path: Path) -> Path:
    """The eu_journal_opensanctions folder for any of its files; a lone CSV stays itself."""
    if path.is_dir():
        if path.name in FOLDERS and _is_root(path.parent):
            return path.parent
        return path
    if path.name == METADATA:
        return path.parent
    if path.parent.name in FOLDERS and (path.parent.parent / "consolidated").is_dir():
        return path.parent.parent
    return path


def members(root: Path) -> list[Path]:
    """Every CSV of the set plus the YAML that pins the consolidated versions."""
    if not root.is_dir():
        return [root]
    files = [f for folder in FOLDERS for f in sorted((root / folder).glob("*.csv"))]
    if (root / METADATA).is_file():
        files.append(root / METADATA)
    return files


def _sniff_file(head: Head) -> bool:
    line = head.first_line
    return line in (",".join(CONSOLIDATED_HEADER), ",".join(AMENDMENT_HEADER))


def sniff(head: Head) -> bool:
    return _is_root(head.path) if head.is_dir else _sniff_file(head)


def _metadata(root: Path) -> dict[str, Any]:
    """The `config` section of the dataset YAML ({} when the file is absent)."""
    path = root / METADATA
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParseError(path, f"not readable YAML: {exc}") from None
    config = data.get("config") if isinstance(data, dict) else None
    return config if isinstance(config, dict) else {}


def _pins(config: dict[str, Any], key: str) -> dict[str, str]:
    table = config.get(key) or {}
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _pin_date(version: str | None) -> str | None:
    """'02014R0833-20260717' -> '2026-07-17'."""
    match = _PIN.match(version or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def published(path: Path) -> str | None:
    """The latest consolidated version pinned for the set, or the pin of one act's file
    (its framework's version, or the version that absorbed an amending act)."""
    if path.is_dir():
        root = primary(path)
        dates = [_pin_date(v) for v in _pins(_metadata(root), "consolidation").values()]
        return max((d for d in dates if d), default=None)
    root = path.parent.parent
    if path.parent.name not in FOLDERS or not (root / METADATA).is_file():
        return None
    table = "consolidation" if path.parent.name == "consolidated" else "consolidated_amendments"
    return _pin_date(_pins(_metadata(root), table).get(path.stem))


def source_name(path: Path) -> str:
    return NAME


# -- reading and validating --------------------------------------------------------------


def _header_error(path: Path, header: list[str]) -> ParseError:
    expected = CONSOLIDATED_HEADER if header[:1] == ["celex"] else AMENDMENT_HEADER
    kind = "consolidated" if expected is CONSOLIDATED_HEADER else "amendment"
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    repeated = sorted({c for c in header if header.count(c) > 1})
    parts = [f"missing {', '.join(missing)}" if missing else "",
             f"unexpected {', '.join(extra)}" if extra else "",
             f"repeated {', '.join(repeated)}" if repeated else ""]  # fmt: skip
    detail = "; ".join(p for p in parts if p) or "columns out of order"
    return ParseError(path, f"header is not the {kind} contract: {detail}", position="line 1")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ParseError(path, "empty file")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 (byte 0x{data[exc.start]:02x})"
        raise ParseError(path, message, f"line {line}") from None


def _read(path: Path) -> list[Row]:
    """Every data row of one CSV, checked against FORMAT.md."""
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        return _rows(path, reader)
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", f"line {reader.line_num}") from None


def _rows(path: Path, reader: Any) -> list[Row]:
    header = next(reader)
    if tuple(header) == CONSOLIDATED_HEADER:
        source = "celex"
    elif tuple(header) == AMENDMENT_HEADER:
        source = "amendmentCelex"
    else:
        raise _header_error(path, header)
    folder = "consolidated" if source == "celex" else "amendments"
    if path.parent.name in FOLDERS and path.parent.name != folder:
        raise ParseError(path, f"a {folder} header in {path.parent.name}/", position="line 1")
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not cells:
            continue
        where = f"line {line}"
        if len(cells) != len(header):
            raise ParseError(path, f"{len(cells)} cells, header has {len(header)}", where)
        if tuple(cells) in seen:
            raise ParseError(path, f"exact duplicate of line {seen[tuple(cells)]}", where)
        seen[tuple(cells)] = line
        row = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        if row[source] != path.stem:
            msg = f"CELEX {row[source]!r} does not equal the file name {path.stem!r}"
            raise ParseError(path, msg, where, field=source)
        framework = row["celex"] if source == "celex" else row["amendedCelex"]
        if not _CELEX.match(framework):
            msg = f"{framework!r} is not a bare CELEX number"
            raise ParseError(path, msg, where, field="amendedCelex")  # celex equals the stem
        if row["schema"] not in FAMILY:
            raise ParseError(path, f"unknown schema {row['schema']!r}", where, field="schema")
        if row["startDate"] and not parse_date(row["startDate"]):
            msg = f"startDate {row['startDate']!r} is not a bare date"
            raise ParseError(path, msg, where, field="startDate")
        act = row[source] if source == "amendmentCelex" else None
        rows.append(Row(path, line, row, framework, act))
    if source == "amendmentCelex" and not rows:
        raise ParseError(path, "an amendment file needs at least one data row")
    return rows


def _raw(row: Row) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row.cells.values())
    return out.getvalue()


def values(cell: str) -> list[str]:
    """Split a multi-valued cell the way FORMAT.md defines: ';'-separated, CSV-quoted."""
    if not cell:
        return []
    if ";" not in cell and '"' not in cell:
        return [cell]
    reader = csv.reader(io.StringIO(cell), delimiter=";", skipinitialspace=True)
    return [v.strip() for record in reader for v in record if v.strip()]


# -- values --------------------------------------------------------------------------------


def _norm_name(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@lru_cache(maxsize=4096)
def _dates(text: str) -> tuple[str, ...]:
    """ISO dates in a printed date, also when alternatives are enumerated ("(a) 1955, (b) 1960")."""
    parsed = parse_date(text)
    if parsed:
        return parsed.values
    parts = [p for p in _DATE_SPLIT.split(_ENUM.sub(";", text)) if p.strip()]
    found = [parse_date(p) for p in parts]
    if len(parts) < 2 or not all(found):
        return ()
    return tuple(dict.fromkeys(v for p in found for v in p.values))


def _validate(kind: str, number: str) -> str | None:
    if kind == "inn":
        return identifiers.inn(number)
    if kind == "ogrn":
        return identifiers.ogrn(number)
    if kind == "imo":
        return identifiers.imo(number) if len(number) == 7 else None
    if kind == "kpp":
        return number if len(number) == 9 else None
    return number if len(number) in (8, 10) else None  # okpo


def _label(text: str) -> str | None:
    """The identifier system a printed label names; None when it names none, "other" when
    it names something else ("CR No.", "Ukraine")."""
    if not re.search(r"[^\W\d_]", text):
        return None
    for kind, pattern in _LABELS:
        if pattern.search(text):
            return kind
    return None if _NEUTRAL.fullmatch(text.strip(" ,;:/()")) else "other"


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


# -- grouping rows into targets ------------------------------------------------------------


def _evidence(row: Row) -> None:
    cells = row.cells
    row.family = FAMILY[cells["schema"]]
    row.name = _norm_name(cells["name"])
    if row.family == "person":
        row.dobs = frozenset(d for v in values(cells["birthDate"]) for d in _dates(v))
    strong: set[tuple[str, str]] = set()
    for column, defaults in (*_SPECIFIC.items(), *_GENERIC.items()):
        for value in values(cells[column]):
            strong.update((k, n) for k, n in id_numbers(value, defaults) if k in _STRONG)
    row.strong = frozenset(strong)
    row.weak = frozenset(_norm_name(v) for v in values(cells["registrationNumber"]))


def _entry(row: Row) -> str | None:
    """The annex entry a row transcribes: two entries of one annex are two designations."""
    cells = row.cells
    if not cells["recordId"]:
        return None
    return "|".join((row.path.name, cells["annex"], cells["programKey"], cells["measure"]))


def _compatible(kind: str, left: set[str], right: set[str]) -> bool:
    if kind == "dob":  # "1960" agrees with "1960-04-11"
        return any(a.startswith(b) or b.startswith(a) for a in left for b in right)
    return bool(left & right)


@dataclass
class _Facts:
    """What one group of rows says about its target."""

    ids: dict[str, set[str]]
    """Identifiers (inn, ogrn, imo) and birth dates ("dob"); groups must agree on each."""
    entries: dict[str, str]
    """Annex entry -> its record number; a group holds one entry per annex."""
    names: set[str]

    def conflicts(self, other: _Facts) -> bool:
        common = self.ids.keys() & other.ids.keys()
        if not all(_compatible(k, self.ids[k], other.ids[k]) for k in common):
            return True
        shared = self.entries.keys() & other.entries.keys()
        if all(self.entries[e] == other.entries[e] for e in shared):
            return False
        # The annex lists one target twice: same IMO, or the same INN and OGRN.
        strong = {k: v for k, v in self.ids.items() if k in _STRONG}
        same = strong == {k: v for k, v in other.ids.items() if k in _STRONG}
        return not (same and strong and (len(strong) > 1 or self.names & other.names))

    def absorb(self, other: _Facts) -> None:
        for kind, found in other.ids.items():
            self.ids.setdefault(kind, set()).update(found)
        self.entries.update(other.entries)
        self.names |= other.names


class _Groups:
    """Union-find over row indices that refuses joins the data contradicts: different INN,
    OGRN or IMO numbers (different targets, or a misprint that a merge would hide), birth
    dates that cannot be the same day, or two entries of one annex."""

    def __init__(self, rows: list[Row]) -> None:
        self.parent = list(range(len(rows)))
        self.facts: list[_Facts] = []
        for row in rows:
            ids: dict[str, set[str]] = {}
            for kind, number in row.strong:
                ids.setdefault(kind, set()).add(number)
            if row.dobs:
                ids["dob"] = set(row.dobs)
            entry = _entry(row)
            entries = {entry: row.cells["recordId"]} if entry else {}
            self.facts.append(_Facts(ids, entries, {row.name}))
        self.vetoed = 0

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = sorted((self.find(a), self.find(b)))
        if a == b:
            return
        if self.facts[a].conflicts(self.facts[b]):
            self.vetoed += 1
            return
        self.parent[b] = a
        self.facts[a].absorb(self.facts[b])


def group(rows: list[Row]) -> tuple[list[int], int]:
    """The group (lowest row index) of every row, and how many joins the data vetoed.

    Rows of one family join when they share a checksum-valid identifier (one the row
    prints alone for its system: a row listing two INNs names a parent or a successor
    too), or the name plus a birth date or registration number. A row with none of these
    joins its namesake when exactly one group bears that name.
    """
    groups = _Groups(rows)
    first: dict[tuple[str, ...], int] = {}

    def link(i: int, key: tuple[str, ...]) -> None:
        groups.union(first.setdefault(key, i), i)

    for i, row in enumerate(rows):
        kinds = Counter(kind for kind, _ in row.strong)
        for kind, number in sorted(row.strong):
            if kinds[kind] == 1:
                link(i, (row.family, kind, number))
        for dob in sorted(row.dobs):
            link(i, (row.family, row.name, "dob", dob))
        for reg in sorted(row.weak):
            link(i, (row.family, row.name, "reg", reg))
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        by_name.setdefault((row.family, row.name), []).append(i)
    for indices in by_name.values():
        keyless = [i for i in indices if not rows[i].keyed]
        targets = {groups.find(i) for i in indices if rows[i].keyed}
        if keyless:
            anchor = targets.pop() if len(targets) == 1 else keyless[0]
            for i in keyless:
                groups.union(anchor, i)
    return [groups.find(i) for i in range(len(rows))], groups.vetoed


# -- building entities ---------------------------------------------------------------------


class _Builder:
    """Fills one row's values into an entity through the file's Emitter."""

    def __init__(self, em: Emitter) -> None:
        self.em = em

    def put(
        self, entity: StatementEntity, prop: str, value: str, original: str | None = None
    ) -> None:
        if entity.schema.get(prop) is None:
            self.em.note(entity, prop, value)
            return
        self.em.add(entity, prop, value, original=original)

    def divided(self, entity: StatementEntity, prop: str, value: str) -> None:
        """A country, phone, e-mail or web address as printed. A value the transcription
        left combined ("Russian, Ukrainian", "a@x.ru, b@x.ru") is split only when every
        part is valid on its own; otherwise the whole value goes to notes."""
        schema_prop = entity.schema.get(prop)
        if schema_prop is None or schema_prop.type.clean_text(value, proxy=entity):
            self.put(entity, prop, value)
            return
        text = _ENUM.sub(";", value)
        parts = [p.strip(" .") for p in _SPLIT[prop].split(text) if p.strip(" .")]
        if len(parts) > 1 and all(schema_prop.type.clean_text(p, proxy=entity) for p in parts):
            for part in parts:
                self.em.add(entity, prop, part, original=value)
        else:
            self.put(entity, prop, value)

    def date(self, entity: StatementEntity, prop: str, value: str) -> None:
        if entity.schema.get(prop) is None:
            self.em.note(entity, prop, value)
            return
        found = _dates(value)
        if not found:
            self.em.note(entity, prop, value)
        for iso in found:
            self.em.add(entity, prop, iso, original=value)

    def identifier(self, entity: StatementEntity, column: str, value: str) -> None:
        """Specific columns hold the validated numbers, generic ones keep the print too."""
        if column in _GENERIC:
            self.put(entity, column, value)
            for kind, number in id_numbers(value, _GENERIC[column]):
                if entity.schema.get(_ID_PROP[kind]) is not None:
                    self.em.add(entity, _ID_PROP[kind], number, original=value)
            return
        found = id_numbers(value, _SPECIFIC[column])
        for kind, number in found:
            self.put(entity, _ID_PROP[kind], number, original=value)
        if not found:
            if re.search(r"\d", value):
                self.put(entity, column, value)
            else:
                self.em.note(entity, column, value)

    def fill(self, entity: StatementEntity, cells: dict[str, str]) -> None:
        self.em.add(entity, "name", cells["name"])
        for column in _NAMES:
            for value in values(cells[column]):
                self.put(entity, column, value)
        for column in _COUNTRIES:
            for value in values(cells[column]):
                self.divided(entity, column, value)
        for value in values(cells["address"]):
            self.put(entity, "address", value)
        for column in _DATES:
            for value in values(cells[column]):
                self.date(entity, column, value)
        for column in (*_SPECIFIC, *_GENERIC):
            for value in values(cells[column]):
                self.identifier(entity, column, value)
        for column in _PLAIN:
            for value in values(cells[column]):
                if column in _SPLIT:
                    self.divided(entity, column, value)
                else:
                    self.put(entity, column, value)

    def sanction(self, entity: StatementEntity, row: Row) -> StatementEntity:
        cells = row.cells
        program, measure = cells["programKey"], cells["measure"]
        sanction = self.em.sanction(
            entity,
            program or None,
            listing_date=cells["startDate"] or None,
            source_ref=row.framework,
            reason=cells["reason"] or None,
            key=f"{program} {row.framework} {measure}",
        )
        self.em.add(sanction, "provisions", measure)
        self.em.add(sanction, "recordId", cells["recordId"])
        if cells["annex"]:
            self.em.add(sanction, "summary", f"Annex {cells['annex']}")
        self.em.add(sanction, "sourceUrl", EURLEX.format(row.framework))
        if row.act:
            self.em.add(sanction, "authorityId", row.act)
            self.em.add(sanction, "sourceUrl", EURLEX.format(row.act))
        return sanction


def _superseded(config: dict[str, Any]) -> dict[str, str]:
    """Amending acts whose designations a pinned consolidated snapshot already holds."""
    pins = _pins(config, "consolidation")
    absorbed = _pins(config, "consolidated_amendments")
    return {act: version for act, version in absorbed.items() if version in pins.values()}


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Entities and their Sanctions from the folder (every act) or from one act's CSV."""
    report = report if report is not None else ParseReport()
    files = [p for p in members(path) if p.suffix == ".csv"]
    if not files:
        raise ParseError(path, "no CSV files under consolidated/ or amendments/")
    superseded = _superseded(_metadata(path)) if path.is_dir() else {}
    rows: list[Row] = []
    for file in files:
        for row in _read(file):
            report.records += 1
            if row.act in superseded:
                reason = f"superseded by consolidated version {superseded[row.act]}"
                report.reject(file.name, row.line, reason, _raw(row))
            elif not row.cells["name"]:
                report.reject(file.name, row.line, "row has no name", _raw(row))
            else:
                _evidence(row)
                rows.append(row)
    yield from _build(rows, report)


def _build(rows: list[Row], report: ParseReport) -> Iterator[StatementEntity]:
    roots, vetoed = group(rows)
    if vetoed:
        report.warnings.append(
            f"{vetoed} joins of rows with a shared name or identifier vetoed: their INN, "
            "OGRN, IMO or birth dates disagree, or they are two entries of one annex"
        )
    schemata: dict[int, Schema] = {}
    keys: dict[int, tuple[str, ...]] = {}
    places: dict[int, list[str]] = {}
    files: dict[int, set[str]] = {}
    for row, root in zip(rows, roots, strict=True):
        schema = model.get(row.cells["schema"])
        assert schema is not None
        current = schemata.get(root)
        schemata[root] = model.common_schema(current, schema) if current else schema
        keys[root] = min(keys.get(root, row.key()), row.key())
        entry = _entry(row) or f"{row.path.name}|line {row.line}"
        places.setdefault(root, []).append(f"{entry}|{row.cells['recordId']}")
        files.setdefault(root, set()).add(row.path.name)
    # Targets kept apart that still share name and evidence (an annex listing a namesake
    # born the same day) are told apart by their first annex entry.
    counts = Counter(keys.values())
    for root, key in keys.items():
        if counts[key] > 1:
            keys[root] = (*key, min(places[root]))
    builders: dict[Path, _Builder] = {}
    entities: dict[int, StatementEntity] = {}
    sanctions: dict[int, dict[str, StatementEntity]] = {}
    for row, root in zip(rows, roots, strict=True):
        builder = builders.get(row.path)
        if builder is None:
            em = Emitter(NAME, "eu", row.path, report, jurisdiction="eu", authority=AUTHORITY)
            builder = builders[row.path] = _Builder(em)
        fragment = builder.em.make(schemata[root].name, hashed_key(*keys[root]))
        builder.fill(fragment, row.cells)
        sanction = builder.sanction(fragment, row)
        if root in entities:
            entities[root].merge(fragment)
        else:
            entities[root] = fragment
        held = sanctions.setdefault(root, {})
        if sanction.id in held:
            held[sanction.id].merge(sanction)
        else:
            held[str(sanction.id)] = sanction
    multi = sum(1 for names in files.values() if len(names) > 1)
    if multi:
        report.warnings.append(f"{multi} targets are listed in more than one act file")
    for root, entity in entities.items():
        yield entity
        yield from sanctions[root].values()


FORMAT = Format(
    name=NAME,
    title="EU Official Journal sanctions annexes (OpenSanctions transcription)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="eu",
    publisher=PUBLISHER,
    primary=primary,
    members=members,
    urls=(),
)
