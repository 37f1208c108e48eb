"""Stakes as sources print them ("50", "50%", "25-50%", ">25%", "more than 50%") read as
a `Share`: an exact stake, a band with open or closed ends, or None when unreadable."""

from __future__ import annotations

import re

from kleptrace.graph.importers.rows import Share

NUMBER = r"(\d+(?:[.,]\d+)?)"
EXACT = re.compile(rf"^{NUMBER}\s*%?$")
BAND = re.compile(rf"^{NUMBER}\s*%?\s*(?:-|–|to)\s*{NUMBER}\s*%?$")
ABOVE = re.compile(rf"^(?:>|more than|over|above)\s*(=)?\s*{NUMBER}\s*%?$")
AT_LEAST = re.compile(rf"^(?:≥|at least|not less than)\s*{NUMBER}\s*%?$")
BELOW = re.compile(rf"^(?:<|less than|under|below)\s*(=)?\s*{NUMBER}\s*%?$")


def _float(text: str) -> float:
    return float(text.replace(",", "."))


def parse_share(text: str) -> Share | None:
    """The stake a printed percentage states; None if it is not one (kept by the caller)."""
    value = " ".join(text.lower().split())
    if found := EXACT.match(value):
        return Share.exact(_float(found.group(1)))
    if found := BAND.match(value):
        return Share(_float(found.group(1)), _float(found.group(2)))
    if found := ABOVE.match(value):
        return Share(_float(found.group(2)), 100.0, low_open=not found.group(1))
    if found := AT_LEAST.match(value):
        return Share(_float(found.group(1)), 100.0)
    if found := BELOW.match(value):
        return Share(0.0, _float(found.group(2)), high_open=not found.group(1))
    return None
