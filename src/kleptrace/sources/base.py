"""What every source format shares: the Format record the registry holds, the file head
the sniffer looks at, and the Emitter that turns source values into FtM entities."""

from __future__ import annotations

import gzip
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import Dataset, StatementEntity

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport

EMPTY_MARKERS = frozenset({"", "-0-", "n/a"})
"""Printed placeholders for "no value". Not "NA": it is also a Korean family name."""
HEAD_BYTES = 64 * 1024
NOTE_PROPS = ("notes", "summary", "description")
MAX_VALUE_CHARS = 1_000_000
"""No real list value comes near this; a larger one is a broken or hostile file."""


@dataclass(frozen=True)
class Head:
    """The first bytes of a file (decompressed when gzipped), for format sniffing."""

    path: Path
    text: str
    is_dir: bool = False

    @property
    def suffix(self) -> str:
        name = self.path.name.lower()
        return (
            name[:-3].rsplit(".", 1)[-1] if name.endswith(".gz") else self.path.suffix.lower()[1:]
        )

    @property
    def is_markup(self) -> bool:
        """Starts like XML: a description of a format that quotes its tags does not."""
        return self.text.lstrip("\ufeff \t\r\n").startswith("<")

    @property
    def first_line(self) -> str:
        return self.text.lstrip("\ufeff").split("\n", 1)[0].strip("\r")

    @classmethod
    def read(cls, path: Path) -> Head:
        if path.is_dir():
            return cls(path, "", is_dir=True)
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        try:
            with opener(path, "rb") as fh:
                raw = fh.read(HEAD_BYTES)
        except (EOFError, gzip.BadGzipFile, zlib.error):
            return cls(path, "")  # a broken .gz is no list: every sniffer declines it
        if raw[:4] == b"PK\x03\x04":
            return cls(path, "<zip>")
        return cls(path, raw.decode("utf-8", errors="replace"))


def same(path: Path) -> Path:
    return path


def single(path: Path) -> list[Path]:
    return [path]


@dataclass(frozen=True)
class Format:
    """One published format: how to recognise it, parse it and name the list it carries.

    `primary` maps any file of a multi-file set (OFAC alt.csv, an EU act CSV) to the
    path that `parse` reads; `members` lists every file of that set, which together make
    one list version and are hashed together. `list_key` names the list a source is one
    form of, when the publisher prints that list in more than one form (OFAC's advanced
    and legacy XML): of the forms loaded, the store keeps the newest one live.
    """

    name: str
    title: str
    sniff: Callable[[Head], bool]
    parse: Callable[..., Iterator[StatementEntity]]
    source_name: Callable[[Path], str]
    published: Callable[[Path], str | None]
    jurisdiction: str | None = None
    publisher: str | None = None
    primary: Callable[[Path], Path] = same
    members: Callable[[Path], list[Path]] = single
    urls: tuple[str, ...] = field(default=())
    list_key: Callable[[Path], str] | None = None


def slug(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def hashed_key(*parts: object) -> str:
    """A stable short key for records that carry no identifier of their own."""
    raw = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in EMPTY_MARKERS)


class Emitter:
    """Builds the entities of one source file and accounts for every value.

    Each value goes through the property's own cleaning. A value the property rejects
    is kept as a labelled note ("birthDate: some day in 1960") and counted in the
    report, never dropped. Every statement records the file it came from (origin).
    """

    def __init__(
        self,
        dataset: str,
        prefix: str,
        path: Path,
        report: ParseReport | None = None,
        jurisdiction: str | None = None,
        authority: str | None = None,
    ) -> None:
        self.dataset = Dataset.make({"name": dataset, "title": dataset})
        self.prefix = prefix
        self.path = path
        self.origin = path.name
        self.report = report if report is not None else ParseReport()
        self.jurisdiction = jurisdiction
        self.authority = authority

    def make(self, schema: str, *key: object) -> StatementEntity:
        entity = StatementEntity(self.dataset, {"schema": schema})
        entity.id = "-".join([self.prefix, *(slug(k) for k in key)])
        return entity

    def add(
        self,
        entity: StatementEntity,
        prop: str,
        value: object,
        *,
        lang: str | None = None,
        original: str | None = None,
    ) -> bool:
        """Add a value; returns False (and keeps it as a note) when the property rejects it."""
        if is_empty(value):
            return False
        text = str(value)
        if len(text) > MAX_VALUE_CHARS:
            raise ParseError(
                self.path,
                f"value of {len(text):,} characters, over the {MAX_VALUE_CHARS:,} limit",
                position=f"record {self.report.records}",
                field=prop,
            )
        text = re.sub(r"\s+", " ", text).strip()
        schema_prop = entity.schema.get(prop)
        if schema_prop is None:
            raise KeyError(f"{entity.schema.name} has no property {prop!r}")
        clean = schema_prop.type.clean_text(text, proxy=entity)
        if clean is None:
            self.note(entity, prop, text)
            return False
        entity.unsafe_add(
            schema_prop,
            clean,
            cleaned=True,
            lang=lang,
            original_value=original or text,
            origin=self.origin,
        )
        return True

    def add_date(
        self, entity: StatementEntity, prop: str, value: object, *, day_first: bool = True
    ) -> bool:
        """Add every date a printed value holds, each keeping the printed wording."""
        if is_empty(value):
            return False
        parsed = parse_date(value, day_first=day_first)
        if not parsed:
            self.note(entity, prop, str(value))
            return False
        original = value if isinstance(value, str) else None
        for iso in parsed.values:
            self.add(entity, prop, iso, original=original)
        return True

    def note(self, entity: StatementEntity, label: str, value: str) -> None:
        """Keep a value that fits no property, labelled, and count it.

        Schemata without `notes` (Sanction, Passport, ...) keep it in `summary` or
        `description`; if a schema has none of them the value goes to the report's
        rejected rows, still verbatim.
        """
        self.report.unplaced[label] += 1
        for name in NOTE_PROPS:
            prop = entity.schema.get(name)
            if prop is not None:
                entity.unsafe_add(prop, f"{label}: {value}", cleaned=True, origin=self.origin)
                return
        self.report.reject(
            self.origin,
            f"record {self.report.records}",
            f"{entity.schema.name} has no notes property",
            f"{label}: {value}",
        )

    def sanction(
        self,
        entity: StatementEntity,
        program: str | None,
        *,
        listing_date: object = None,
        source_ref: str | None = None,
        unsc_id: str | None = None,
        reason: str | None = None,
        authority: str | None = None,
        key: object = None,
    ) -> StatementEntity:
        """One Sanction entity per designation of `entity` under `program`.

        Programs the regime table does not know are counted, so the table gets fixed.
        """
        sanction = StatementEntity(self.dataset, {"schema": "Sanction"})
        suffix = slug(key if key is not None else program or "")
        sanction.id = f"{entity.id}-sanction" + (f"-{suffix}" if suffix else "")
        self.add(sanction, "entity", entity.id)
        self.add(sanction, "authority", authority or self.authority)
        if program and not is_empty(program):
            self.add(sanction, "program", program)
            if self.jurisdiction and regime_of(self.jurisdiction, program).key == "other":
                self.report.unmapped_programs[program.strip()] += 1
        self.add_date(sanction, "listingDate", listing_date)
        self.add(sanction, "authorityId", source_ref)
        self.add(sanction, "unscId", unsc_id)
        self.add(sanction, "reason", reason)
        if self.jurisdiction:
            self.add(sanction, "country", self.jurisdiction)
        return sanction
