"""UN Security Council: one INDIVIDUAL or ENTITY record as its target, documents and
Sanction.

Name parts are positional, not semantic (Korean names put the family name first,
Arabic names chain a father's and grandfather's name), so FIRST..FOURTH_NAME go to
firstName, secondName, middleName and lastName as printed; `name` holds the whole name
in printed order and is what matching should use. FollowTheMoney has `unscId` only on
Sanction, so the target keeps the reference number as a labelled note ("unscId:
KPi.001"), counted in the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter
from kleptrace.sources.un.sc_birth_dates import add_birth_date
from kleptrace.sources.un.sc_comments import add_comment_ids, entity_schema
from kleptrace.sources.un.sc_documents import add_document
from kleptrace.sources.un.sc_fields import (
    Element,
    Fields,
    Target,
    children,
    fields,
    first,
    local,
    text,
    values,
)
from kleptrace.sources.un.sc_names import add_alias, script_of
from kleptrace.sources.un.sc_places import add_address, add_birth_place

# Fields of a record that this module reads itself; anything else is noted.
_RECORD_FIELDS = frozenset(
    {
        "DATAID",
        "VERSIONNUM",
        "FIRST_NAME",
        "SECOND_NAME",
        "THIRD_NAME",
        "FOURTH_NAME",
        "NAME_ORIGINAL_SCRIPT",
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "GENDER",
        "COMMENTS1",
        "TITLE",
        "DESIGNATION",
        "NATIONALITY",
        "LIST_TYPE",
        "LAST_DAY_UPDATED",
        "SORT_KEY",
        "SORT_KEY_LAST_MOD",
    }
)
_NAME_PARTS = (
    ("FIRST_NAME", "firstName"),
    ("SECOND_NAME", "secondName"),
    ("THIRD_NAME", "middleName"),
    ("FOURTH_NAME", "lastName"),
)
_LIST_PROPS = {"TITLE": "title", "DESIGNATION": "position", "NATIONALITY": "nationality"}
"""List fields whose VALUEs go straight to a property."""
_PART_READERS: tuple[tuple[str, Callable[[Target, Element], None]], ...] = (
    ("_ALIAS", add_alias),
    ("_ADDRESS", add_address),
    ("_DATE_OF_BIRTH", add_birth_date),
    ("_PLACE_OF_BIRTH", add_birth_place),
    ("_DOCUMENT", add_document),
)
"""Readers of the compound fields, by the end of their tag (INDIVIDUAL_ALIAS, ...)."""


def _reader_for(tag: str) -> Callable[[Target, Element], None] | None:
    return next((reader for end, reader in _PART_READERS if tag.endswith(end)), None)


def _add_names(
    target: Target, f: Fields, full_name: str, parts: list[tuple[str | None, str]]
) -> None:
    """The whole name, its parts (notes on non-persons, whose parts are not a person's)
    and the names in original script."""
    emitter, entity = target.emitter, target.entity
    emitter.add(entity, "name", full_name)
    if entity.schema.name == "Person":
        for value, prop in parts:
            emitter.add(entity, prop, value)
    else:
        for value, prop in parts[1:]:
            if value:
                emitter.note(entity, prop, value)
    for original in f.get("NAME_ORIGINAL_SCRIPT", []):
        emitter.add(entity, "alias", original)
        if script := script_of(original):
            emitter.note(entity, "nameScript", f"{original} ({script.title()})")


def _add_record_details(target: Target, f: Fields, ref: str | None) -> None:
    """Reference number, version, gender and sort keys."""
    emitter, entity = target.emitter, target.entity
    if ref:
        emitter.note(entity, "unscId", ref)
    for version in f.get("VERSIONNUM", []):
        emitter.note(entity, "versionNum", version)
    for gender in f.get("GENDER", []):
        emitter.add(entity, "gender", gender)
    for tag in ("SORT_KEY", "SORT_KEY_LAST_MOD"):
        for value in f.get(tag, []):
            emitter.note(entity, tag.lower(), value)


def _read_children(target: Target, el: Element) -> tuple[list[str], list[str]]:
    """Hand each child to its reader; returns the LIST_TYPE and LAST_DAY_UPDATED values,
    which belong to the Sanction."""
    emitter, entity = target.emitter, target.entity
    list_types: list[str] = []
    updated: list[str] = []
    for child in children(el):
        tag = local(child.tag)
        if tag in _LIST_PROPS:
            for value in values(child):
                emitter.add(entity, _LIST_PROPS[tag], value)
        elif tag == "LIST_TYPE":
            list_types.extend(values(child))
        elif tag == "LAST_DAY_UPDATED":
            updated.extend(values(child))
        elif reader := _reader_for(tag):
            reader(target, child)
        elif tag not in _RECORD_FIELDS and (printed := text(child)):
            emitter.note(entity, tag, printed)
    return list_types, updated


def _sanction(
    target: Target,
    f: Fields,
    ref: str | None,
    comments: str | None,
    list_types: list[str],
    updated: list[str],
) -> StatementEntity:
    """The designation: UN list type, reference number, COMMENTS1 as reason, dates."""
    emitter = target.emitter
    sanction = emitter.sanction(
        target.entity,
        first(f, "UN_LIST_TYPE"),
        source_ref=ref,
        unsc_id=ref,
        reason=comments,
    )
    # Dates go through add_date: xs:date offsets, and Sanction cannot hold a note.
    for listed in f.get("LISTED_ON", []):
        target.add_date(sanction, "listingDate", listed)
    emitter.add(sanction, "recordId", target.dataid)
    for list_type in list_types:
        emitter.add(sanction, "summary", list_type)
    for value in updated:
        target.add_date(sanction, "modifiedAt", value)
    return sanction


def build_record(
    emitter: Emitter, path: Path, el: Element, kind: str, seen: set[str]
) -> list[StatementEntity]:
    """The target, its documents and its Sanction; `kind` is INDIVIDUAL or ENTITY and
    `seen` the DATAIDs read so far, which must not repeat."""
    line = f"line {el.sourceline}"
    f = fields(el)
    dataid = first(f, "DATAID")
    if dataid is None:
        raise ParseError(path, f"{kind} without DATAID", position=line, field="DATAID")
    if dataid in seen:
        raise ParseError(path, f"duplicate DATAID {dataid}", position=line, field="DATAID")
    seen.add(dataid)

    parts = [(first(f, tag), prop) for tag, prop in _NAME_PARTS]
    full_name = " ".join(p for p, _ in parts if p)
    if not full_name:
        raise ParseError(path, f"{kind} {dataid} has no name", position=line, field="FIRST_NAME")
    comments = first(f, "COMMENTS1")
    schema = "Person" if kind == "INDIVIDUAL" else entity_schema(el, comments)
    target = Target(emitter, emitter.make(schema, dataid), dataid)

    _add_names(target, f, full_name, parts)
    ref = first(f, "REFERENCE_NUMBER")
    _add_record_details(target, f, ref)
    if comments:
        add_comment_ids(target, comments)
    list_types, updated = _read_children(target, el)
    sanction = _sanction(target, f, ref, comments, list_types, updated)
    return [target.entity, *target.documents.values(), sanction]
