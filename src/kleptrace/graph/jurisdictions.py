"""Secrecy jurisdictions (data/secrecy_jurisdictions.yml): which places `trace` marks
and which `uwo` counts as a British Overseas Territory or Crown Dependency."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kleptrace.data import load_table

GROUPS = ("territory", "dependency", "other")
GROUP_LABELS = {
    "territory": "British Overseas Territory",
    "dependency": "Crown Dependency",
    "other": "secrecy jurisdiction",
}


@dataclass(frozen=True)
class Secrecy:
    code: str
    name: str
    group: str

    @property
    def label(self) -> str:
        return f"{self.name} ({GROUP_LABELS[self.group]})"


@cache
def secrecy_jurisdictions() -> dict[str, Secrecy]:
    table = load_table("secrecy_jurisdictions")
    out: dict[str, Secrecy] = {}
    for code, row in table.items():
        if row["group"] not in GROUPS:
            raise ValueError(f"secrecy_jurisdictions.yml: {code}: unknown group {row['group']!r}")
        out[str(code)] = Secrecy(str(code), row["name"], row["group"])
    return out


def place_name(code: str | None) -> str:
    """'Cyprus' for 'cy' (rigour's territory names), the secrecy label where one applies,
    the code itself when rigour does not know it, 'not stated' for none."""
    if not code:
        return "not stated"
    marked = secrecy(code)
    if marked:
        return marked.label
    from rigour.territories import get_territory

    territory = get_territory(code.lower())
    return territory.name if territory is not None and territory.name else code


def secrecy(code: str | None) -> Secrecy | None:
    """The secrecy jurisdiction a node's jurisdiction code names, or None."""
    return secrecy_jurisdictions().get((code or "").lower())
