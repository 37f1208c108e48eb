"""Identifier clean-up shared by parsers: IMO, INN, OGRN in the forms the ecosystem uses.

Sources print IMO numbers as "IMO 9220639", "IMO9220639" or bare digits, and Russian
numbers with spaces or labels. Matching across lists needs one form: "IMO" plus seven
digits (as OpenSanctions writes it), and bare digits for INN and OGRN.
"""

from __future__ import annotations

import re

from rigour.ids import IMO, INN, OGRN


def imo(value: str) -> str | None:
    """'IMO 9220639' -> 'IMO9220639'; None when no valid IMO number is present."""
    digits = re.findall(r"\d{7}", value)
    for candidate in digits:
        normal = IMO.normalize(candidate)
        if normal and IMO.is_valid(normal):
            return normal
    return None


def inn(value: str) -> str | None:
    """A Russian taxpayer number (10 digits for companies, 12 for people), or None."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (10, 12) and INN.is_valid(digits) else None


def ogrn(value: str) -> str | None:
    """A Russian state registration number (13 digits, 15 for sole traders), or None."""
    digits = re.sub(r"\D", "", value)
    return digits if len(digits) in (13, 15) and OGRN.is_valid(digits) else None
