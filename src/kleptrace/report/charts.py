"""Charts as inline SVG, drawn with matplotlib's Agg backend so a report needs no
display, no JavaScript and no network. Text stays text (not paths), so the page can be
searched and the figure prints sharply."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_INK = "#1d2733"
_ACCENT = "#1f5f8b"


def figure(width: float = 7.5, height: float = 3.2) -> Figure:
    """A blank figure in the report's style (matplotlib is imported only when drawing)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    fig.patch.set_alpha(0)
    return fig


def svg(fig: Figure) -> Markup:
    """The figure as an <svg> element for a `Section`'s charts."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 9, "text.color": _INK}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return Markup(text[text.index("<svg") :])


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str | None = None,
    xlabel: str | None = None,
    horizontal: bool = True,
) -> Markup:
    """The chart most report sections need: one bar per label, value printed at its end."""
    height = max(1.6, 0.28 * len(labels) + 0.8) if horizontal else 3.2
    fig = figure(height=height)
    ax = fig.add_subplot()
    if horizontal:
        positions = list(range(len(labels)))[::-1]
        bars = ax.barh(positions, values, color=_ACCENT)
        ax.set_yticks(positions, labels)
        if xlabel:
            ax.set_xlabel(xlabel)
    else:
        bars = ax.bar(range(len(labels)), values, color=_ACCENT)
        ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        if xlabel:
            ax.set_ylabel(xlabel)
    ax.bar_label(bars, fmt="{:,.0f}", padding=2, fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return svg(fig)
