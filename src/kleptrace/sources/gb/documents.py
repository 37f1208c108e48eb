"""Passports and national identifiers as the FCDO list prints them: a number cell that
may hold a sentence ("Russian number: 0258399") or a labelled tax or registry number,
and a cell of details. Shared by the FCDO list and its third-party transform."""

from __future__ import annotations

import re

from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, is_empty
from kleptrace.sources.gb.registry_numbers import has_registry_label, registry_numbers
from kleptrace.sources.gb.values import put

_TAX_HINT = re.compile(r"(?<![A-Za-z])(INN|TIN|tax|taxpayer)(?![A-Za-z])", re.I)
_DOC_NUMBER = re.compile(r"(?:number|No\.?)\s*:?\s*([A-Z0-9][A-Z0-9\-/.]*[A-Z0-9])", re.I)
_PLAIN_DOC = re.compile(r"[A-Za-z0-9\u0400-\u04FF][A-Za-z0-9\u0400-\u04FF \-/._()\[\]°№]*")


def add_document(
    emitter: Emitter, entity: StatementEntity, prop: str, raw: str, info: str, label: str
) -> None:
    """A passport or national ID: the number, with its printed details kept as a note."""
    value = raw.strip().lstrip("'").strip()
    if is_empty(value):
        if not is_empty(info):
            emitter.note(entity, label, info)
        return
    if prop == "idNumber" and (_TAX_HINT.search(info) or _TAX_HINT.search(value)):
        registry_numbers(emitter, entity, value, label, bare="tax")
    elif prop == "idNumber" and has_registry_label(value):  # "OGRNIP: 321547600026521"
        registry_numbers(emitter, entity, value, label)
    elif _PLAIN_DOC.fullmatch(value) and not _DOC_NUMBER.search(value):
        put(emitter, entity, prop, value, label)
    elif m := _DOC_NUMBER.search(value):  # "Russian number: 0258399", "Kuwait, number 123"
        put(emitter, entity, prop, m[1], label, original=value)
        emitter.note(entity, label, value)
    else:
        put(emitter, entity, prop, value, label)
    if not is_empty(info):
        emitter.note(entity, label, f"{value}: {info}")
