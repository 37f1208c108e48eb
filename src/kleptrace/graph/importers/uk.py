"""Companies House company numbers as node ids, so the UK sources (PSC, BasicCompanyData,
CCOD, BODS with GB-COH identifiers) describe one node per company and chains join."""

from __future__ import annotations

import re

COMPANIES_HOUSE = "GB-COH"
"""The org-id.guide scheme of Companies House numbers (BODS identifiers use it)."""

UK_REGISTERS = (
    "companies house",
    "england",
    "wales",
    "scotland",
    "northern ireland",
    "united kingdom",
    "uk",
    "great britain",
)
"""Words in a stated place of registration that mean the Companies House register."""


def company_number(text: str) -> str:
    """A company number as Companies House prints it: upper case, and eight characters
    (leading zeros restored, as spreadsheets drop them: 3530981 -> 03530981)."""
    number = re.sub(r"\s+", "", text).upper()
    return number.zfill(8) if number.isdigit() else number


def company_id(number: str) -> str:
    return f"gb-coh:{company_number(number)}"


def registered_in_uk(*places: str | None) -> bool:
    """Whether a stated country / place of registration is the Companies House register."""
    text = " ".join(p for p in places if p).lower()
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in UK_REGISTERS)
