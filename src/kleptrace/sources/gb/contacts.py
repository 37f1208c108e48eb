"""Phones, emails and websites as OFSI prints them in "Other Information": several to a
cell, separated by anything, phones often without their "+" or country code."""

from __future__ import annotations

import re

import phonenumbers
from followthemoney import StatementEntity

from kleptrace.sources.base import Emitter, is_empty
from kleptrace.sources.gb.values import fits

CONTACTS = {"Phone number": "phone", "Tel": "phone", "Email address": "email", "Website": "website"}
"""The "Other Information" labels of contact items, and the property each one fills."""
_CONTACT_TOKENS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "website": re.compile(
        r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?", re.I
    ),
    "phone": re.compile(r"\+?[\d(][\d()\s-]{5,}\d"),
}


def contacts(emitter: Emitter, entity: StatementEntity, prop: str, text: str, label: str) -> None:
    """Phones, emails and websites, several to a cell ("a@x.ru. b@y.ru", "www.a.by, www.b.com").

    The whole cell is noted as well when words are left over ("Social Media: ..."), so a
    label or a broken address is never lost.
    """
    text = text.strip().rstrip(".,;").strip()
    if is_empty(text):
        return
    if fits(entity, prop, text):
        emitter.add(entity, prop, text)
        return
    tokens = [t.group().rstrip(".,;") for t in _CONTACT_TOKENS[prop].finditer(text)]
    if prop == "phone":
        tokens = [_international(entity, t) or t for t in tokens]
    placed = [t for t in tokens if fits(entity, prop, t)]
    for value in placed:
        emitter.add(entity, prop, value, original=text)
    rest = _CONTACT_TOKENS[prop].sub(" ", text).replace("and", "")
    if not placed or len(placed) < len(tokens) or re.search(r"[^\W_]{2,}", rest):
        emitter.note(entity, label, text)


def _international(entity: StatementEntity, number: str) -> str | None:
    """A number printed without "+": '00375 17 ...' is international; '218 21 ...' is read
    as +218 and '8 (495) ...' as a domestic number only when that matches the entity's one
    country, which keeps a local number from being misread."""
    digits = re.sub(r"[^\d+]", "", number)
    countries = {c.upper() for c in entity.get("country", quiet=True)}
    candidate = "+" + digits[2:] if digits.startswith("00") else "+" + digits.lstrip("+")
    parsed = _phone(candidate, None)
    if parsed is not None:
        region = phonenumbers.region_code_for_number(parsed)
        if digits.startswith("00") or region in countries:
            return candidate
    if len(countries) == 1 and not digits.startswith("+"):  # a domestic number ("8 (495) ...")
        parsed = _phone(digits, next(iter(countries)))
        if parsed is not None:
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _phone(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None
