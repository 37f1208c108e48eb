"""Alignment of the jurisdictions' lists: who designates each canonical target, under
which regimes, since when; overlaps, gap lists, lags, Magnitsky-type regimes side by side,
and the changes between loaded versions (issue 12, part 3).

Every figure is a function of two inputs: designations (one row per target and program
of every loaded official list version) and clusters (entity id -> canonical target), so
the figures can be checked against counts computed directly from those two tables.
"""

from kleptrace.align.alignment import Alignment, align, from_store
from kleptrace.align.model import Designation, config

__all__ = ["Alignment", "Designation", "align", "config", "from_store"]
