"""Values as the UK lists print them, shared by the OFSI and FCDO parsers.

Both lists come from the same UK designation records, so they share conventions:
numbered multi-value cells ("(1) Russia (2) Israel"), UK spellings of countries, UN
references, and names in six parts (Name 6 is the family name). `put` is the
common way in: a value goes to its property when the schema has one, else to a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, is_empty

_MULTI = re.compile(r"(?:^|\s)\(\d{1,2}\)\s*")


def split_multi(value: object) -> list[str]:
    """'(1) Russia (2) Israel' -> ['Russia', 'Israel']; a plain value stays one value."""
    if is_empty(value):
        return []
    parts = [p.strip().strip(";,").strip() for p in _MULTI.split(str(value))]
    parts = [p[:-1].strip() if p.endswith(".") and not p.endswith("etc.") else p for p in parts]
    return [p for p in parts if not is_empty(p)]


def put(
    emitter: Emitter,
    entity: StatementEntity,
    prop: str,
    value: object,
    label: str | None = None,
    original: str | None = None,
) -> bool:
    """Add to `prop` when the schema has it, otherwise keep the value as a labelled note."""
    if is_empty(value):
        return False
    if entity.schema.get(prop) is None:
        emitter.note(entity, label or prop, str(value).strip())
        return False
    return emitter.add(entity, prop, value, original=original)


def fits(entity: StatementEntity, prop: str, value: str) -> bool:
    """Whether the property would accept the value, without adding or noting it."""
    schema_prop = entity.schema.get(prop)
    return schema_prop is not None and (
        schema_prop.type.clean_text(value, proxy=entity) is not None
    )


_COUNTRY_FIXES = {
    "congo (democratic republic)": "cd",
    "democratic republic of the congo": "cd",
    "occupied palestinian territories": "ps",
    "repubic of moldova": "md",
    "bosnia-herzegovina": "ba",
}
"""UK spellings FtM does not resolve; the printed wording stays the original value."""
_NOW = re.compile(r"\b(?:now|currently)\s+([A-Za-z][A-Za-z .'-]+)", re.I)


def country(emitter: Emitter, entity: StatementEntity, prop: str, text: str, label: str) -> None:
    """A country as the UK prints it, including "Ukrainian SSR (now Ukraine)" and
    "Germany. Russia"; what cannot be resolved is noted whole."""
    text = text.strip().rstrip(".").strip()
    if is_empty(text):
        return
    if entity.schema.get(prop) is None or fits(entity, prop, text):
        put(emitter, entity, prop, text, label)
        return
    fixed = _COUNTRY_FIXES.get(text.lower())
    if fixed is None and (now := _NOW.search(text)):
        fixed = now[1].strip()
    if fixed is None:
        bare = re.sub(r"\s*\([^)]*\)\s*", " ", text).strip()
        if bare != text and fits(entity, prop, bare):
            fixed = bare
    if fixed is not None and fits(entity, prop, fixed):
        emitter.add(entity, prop, fixed, original=text)
        return
    parts = [p.strip() for p in re.split(r"[.,;]\s*", text) if p.strip()]
    if len(parts) > 1 and all(fits(entity, prop, p) for p in parts):
        for part in parts:
            emitter.add(entity, prop, part, original=text)
        return
    emitter.note(entity, label, text)


def un_reference(letters: str, number: str) -> str:
    """('QDE', '145') -> 'QDe.145': the UN prints the third letter of its code in lower case."""
    return f"{letters[:2].upper()}{letters[2].lower()}.{number}"


_UN_REFERENCE = re.compile(r"([A-Za-z]{3})\.\s?(\d{3})")


def un_reference_text(value: str) -> str:
    """A printed UN reference as the UN prints it ('QDE.145' -> 'QDe.145'); else as given."""
    m = _UN_REFERENCE.fullmatch(value.strip())
    return un_reference(m[1], m[2]) if m else value.strip()


# --- names -----------------------------------------------------------------------------

Named = TypeVar("Named")


@dataclass(frozen=True)
class NameTypes:
    """A list's words for the types of name it prints, and the property of each."""

    props: Mapping[str, str]
    variation: str
    """The type of a variation of the primary name."""
    column: str
    """The column the type is printed in, for the warning about an unknown type."""

    def kind(self, emitter: Emitter, printed: str, strength: str, where: str) -> str:
        """Where a name goes: a low-quality alias is a weakAlias, and a variation of the
        primary name is kept apart as "variation" until `promote_name` has run. An unknown
        type is read as an alias, with a warning saying `where` it was printed."""
        name_type = printed.lower()
        prop = self.props.get(name_type)
        if prop is None:
            emitter.report.warnings.append(
                f"{where}: unknown {self.column} {printed!r} read as an alias"
            )
            prop = "alias"
        if prop != "alias":
            return prop
        if strength.lower().startswith("low"):
            return "weakAlias"
        return "variation" if name_type == self.variation else "alias"


def promote_name(names: dict[str, list[Named]]) -> None:
    """A target needs a name: without a primary name row (two OFSI groups print only
    variations), the variations stand in, else the first alias."""
    if names.get("name"):
        return
    if names.get("variation"):
        names["name"] = names.pop("variation")
    elif names.get("alias"):
        names["name"] = names["alias"][:1]
        names["alias"] = names["alias"][1:]


def name_prop(kind: str) -> str:
    """The property of a name kind once `promote_name` has run: variations are aliases."""
    return "alias" if kind == "variation" else kind


def add_name_parts(emitter: Emitter, entity: StatementEntity, parts: Sequence[str]) -> None:
    """A person's primary name in the six UK parts: 1 given, 2 second, 3-5 middle, 6 family."""
    first, second, *middle, last = parts
    emitter.add(entity, "firstName", first)
    emitter.add(entity, "secondName", second)
    for name in middle:
        emitter.add(entity, "middleName", name)
    emitter.add(entity, "lastName", last)
