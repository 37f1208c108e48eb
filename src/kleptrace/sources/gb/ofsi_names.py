"""The names of an OFSI target: one row per name, in six parts or a non-Latin script.

The Alias Type column says what a row's name is (primary name, a variation of it, an
alias, a former name) and Alias Quality marks weak aliases; the same name is printed
again for every regime, and kept once.
"""

from __future__ import annotations

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter
from kleptrace.sources.gb.ofsi_table import NAME_PARTS, Row, filled
from kleptrace.sources.gb.values import NameTypes, add_name_parts, name_prop, promote_name

ALIAS_TYPES = NameTypes(
    {
        "primary name": "name",
        "prime alias": "name",
        "primary name variation": "alias",
        "aka": "alias",
        "alias": "alias",
        "fka": "previousName",
    },
    variation="primary name variation",
    column="Alias Type",
)

LANGUAGES = {
    "russian": "rus",
    "russia": "rus",
    "persian": "fas",
    "persian/farsi": "fas",
    "farsi": "fas",
    "arabic": "ara",
    "belarusian": "bel",
    "ukrainian": "ukr",
    "ukraine": "ukr",
    "chinese": "zho",
    "georgian": "kat",
    "hebrew": "heb",
    "korean": "kor",
    "bulgarian": "bul",
    "turkish": "tur",
    "kazakh": "kaz",
    "serbian": "srp",
    "spanish": "spa",
    "thai": "tha",
    "greek": "ell",
    "bosnian": "bos",
    "japanese": "jpn",
    "burmese": "mya",
    "romanian": "ron",
}
"""Non-Latin Script Language names to the ISO 639-3 codes FtM statements carry."""

SCRIPTS = frozenset(
    {
        "cyrillic",
        "cryillic",
        "cyrilic",
        "arabic",
        "chinese",
        "georgian",
        "hebrew",
        "hangul",
        "greek",
        "thai",
        "burmese",
        "latin",
    }
)
"""Script names printed in the language column, which need no note of their own."""


def add_names(emitter: Emitter, entity: StatementEntity, gid: str, rows: list[Row]) -> None:
    """Every distinct name of the group's rows, in the property its Alias Type names."""
    schema = entity.schema.name
    where = f"{emitter.origin}: Group ID {gid}"
    names: dict[str, list[tuple[str, Row]]] = {}
    for row in rows:
        full = _full_name(row, schema)
        if not full:
            continue
        kind = ALIAS_TYPES.kind(emitter, row["Alias Type"], row["Alias Quality"], where)
        names.setdefault(kind, []).append((full, row))
    promote_name(names)
    added: set[tuple[str, str]] = set()
    for kind, items in names.items():
        for full, row in items:
            if (kind, full) in added:  # the same name is printed once per regime
                continue
            added.add((kind, full))
            emitter.add(entity, name_prop(kind), full)
            if schema == "Person" and kind == "name":
                add_name_parts(emitter, entity, [row[c] for c in (*NAME_PARTS, "Name 6")])


def add_non_latin_name(emitter: Emitter, entity: StatementEntity, row: Row) -> None:
    """The name in its own script, with its language when the columns name one."""
    name = row["Name Non-Latin Script"]
    lang = _script_lang(row)
    emitter.add(entity, "alias", name, lang=lang)
    language = row["Non-Latin Script Language"]
    if filled(language) and language.lower() not in SCRIPTS and lang is None:
        emitter.note(entity, "Non-Latin Script Language", f"{name}: {language}")


def _full_name(row: Row, schema: str) -> str:
    """Given names then family name (Name 6) for people; Name 6 first for the rest.

    Every non-blank part counts: "Na" is a name here, not a "n/a" marker."""
    parts = [row[c] for c in NAME_PARTS if row[c]]
    last = row["Name 6"]
    if schema == "Person":
        return " ".join([*parts, last] if last else parts)
    return " ".join([last, *parts] if last else parts)


def _script_lang(row: Row) -> str | None:
    """The ISO 639-3 code of a non-Latin name; the two columns are sometimes swapped."""
    language = row["Non-Latin Script Language"].lower()
    return LANGUAGES.get(language) or LANGUAGES.get(row["Non-Latin Script Type"].lower())
