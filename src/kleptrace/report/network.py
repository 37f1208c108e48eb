"""A layered network chart as inline SVG: who holds what, drawn left to right, one column
per hop (ownership chains in `trace --html`). Boxes are coloured by kind, arrows carry
their label (a stake), and text stays text so the page can be searched."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from kleptrace.report.charts import figure, svg

STYLES = {
    "designated": ("#f6d5d5", "#a12a2a", "designated person or entity"),
    "person": ("#e8eef5", "#1f5f8b", "person"),
    "company": ("#eef2e8", "#4d6b2f", "company"),
    "secrecy": ("#fbe9cf", "#b25f00", "company in a secrecy jurisdiction"),
    "title": ("#e6e1f3", "#4b3b8f", "property title"),
}


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    column: int
    style: str
    """One of STYLES."""


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    label: str


def layered_graph(boxes: Sequence[Box], arrows: Sequence[Arrow]) -> Markup:
    """Draw `boxes` in their columns and `arrows` between them (both ends must be boxes)."""
    columns: dict[int, list[Box]] = defaultdict(list)
    for box in boxes:
        columns[box.column].append(box)
    tallest = max((len(c) for c in columns.values()), default=1)
    width = max(7.5, 2.5 * len(columns))  # room between columns for the arrow labels
    fig = figure(width=width, height=max(2.0, 0.62 * tallest + 0.9))
    ax = fig.add_subplot()
    where: dict[str, tuple[float, float]] = {}
    for column, members in columns.items():
        for i, box in enumerate(members):
            where[box.key] = (float(column), (len(members) - 1) / 2 - i)
    drawn = {}
    for box in boxes:
        fill, edge, _ = STYLES[box.style]
        x, y = where[box.key]
        drawn[box.key] = ax.text(
            x,
            y,
            textwrap.fill(box.label, 18),
            ha="center",
            va="center",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.35", "fc": fill, "ec": edge, "lw": 1.0},
        )
    for arrow in arrows:
        (x0, y0), (x1, y1) = where[arrow.source], where[arrow.target]
        forward = x1 > x0
        ax.annotate(  # from the source box's right edge to the target box's left edge
            "",
            xy=(0.0 if forward else 0.5, 0.5 if forward else 1.0),
            xycoords=drawn[arrow.target],
            xytext=(1.0 if forward else 0.5, 0.5 if forward else 0.0),
            textcoords=drawn[arrow.source],
            arrowprops={"arrowstyle": "->", "color": "#5a6470", "lw": 0.9},
        )
        if arrow.label:
            ax.text(  # past the middle of the gap, where fanned-out arrows are apart
                x0 + (x1 - x0) * 0.56,
                y0 + (y1 - y0) * 0.56 + 0.08,
                arrow.label,
                ha="center",
                fontsize=8,
                color="#333",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    ax.set_xlim(-0.55, max(columns, default=0) + 0.55)
    ax.set_ylim(-tallest / 2 - 0.2, tallest / 2 + 0.2)
    ax.axis("off")
    used = {box.style for box in boxes}
    handles = [
        _legend_patch(fill, edge, label)
        for style, (fill, edge, label) in STYLES.items()
        if style in used
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7.5)
    return svg(fig)


def _legend_patch(fill: str, edge: str, label: str) -> object:
    from matplotlib.patches import Patch

    return Patch(facecolor=fill, edgecolor=edge, label=label)
