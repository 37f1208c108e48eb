"""Self-contained HTML reports: one look for `align`, `uwo`, `trace --html` and `media --html`.

A report is one file with its styles and charts inline and no network access, readable
on a laptop and printable (ARCHITECTURE.md, `report/`).
"""

from kleptrace.report.charts import bar_chart, distributions, svg, upset
from kleptrace.report.page import Section, Table, render, write

__all__ = [
    "Section",
    "Table",
    "bar_chart",
    "distributions",
    "render",
    "svg",
    "upset",
    "write",
]
