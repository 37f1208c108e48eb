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


def upset(
    sets: Sequence[str],
    sizes: Sequence[int],
    combinations: Sequence[tuple[Sequence[str], int]],
    *,
    title: str | None = None,
    limit: int = 20,
) -> Markup:
    """An UpSet plot: the sizes of the `limit` largest exact combinations of `sets` as
    columns, a dot matrix below naming the sets in each, and each set's size on the left.
    Unlike a Venn diagram it stays readable for six sets."""
    shown = list(combinations)[:limit]
    fig = figure(height=1.9 + 0.3 * len(sets))
    grid = fig.add_gridspec(
        2, 2, width_ratios=(1, 4.5), height_ratios=(2.2, 0.35 * len(sets)), wspace=0.02
    )
    bars = fig.add_subplot(grid[0, 1])
    matrix = fig.add_subplot(grid[1, 1], sharex=bars)
    totals = fig.add_subplot(grid[1, 0], sharey=matrix)
    fig.add_subplot(grid[0, 0]).axis("off")
    xs = range(len(shown))
    drawn = bars.bar(xs, [n for _, n in shown], color=_ACCENT, width=0.6)
    bars.bar_label(drawn, fmt="{:,.0f}", padding=2, fontsize=7)
    bars.set_ylabel("targets")
    rows = {name: len(sets) - 1 - i for i, name in enumerate(sets)}
    for x, (combo, _) in enumerate(shown):
        matrix.scatter([x] * len(sets), list(rows.values()), color="#d8dee4", s=28, zorder=1)
        ys = sorted(rows[s] for s in combo)
        matrix.plot([x, x], [ys[0], ys[-1]], color=_INK, linewidth=1.5, zorder=2)
        matrix.scatter([x] * len(ys), ys, color=_INK, s=28, zorder=3)
    matrix.set_yticks(list(rows.values()), list(rows))
    matrix.set_xticks([])
    matrix.tick_params(axis="y", length=0)
    totals.barh(list(rows.values()), list(sizes), color="#8aa9c1", height=0.6)
    totals.invert_xaxis()
    totals.set_xlabel("all targets", fontsize=8)
    totals.tick_params(axis="y", left=False, labelleft=False)
    for ax in (bars, matrix, totals):
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        matrix.spines[side].set_visible(False)
    totals.spines["left"].set_visible(False)
    bars.tick_params(axis="x", bottom=False, labelbottom=False)
    if title:
        bars.set_title(title, loc="left", fontsize=10)
    return svg(fig)


def distributions(
    groups: Sequence[tuple[str, Sequence[float]]], *, xlabel: str, title: str | None = None
) -> Markup:
    """One horizontal box plot per group (median, quartiles, whiskers at 1.5 IQR) with
    every value drawn as a faint dot, and the group size in its label."""
    fig = figure(height=max(1.8, 0.42 * len(groups) + 0.9))
    ax = fig.add_subplot()
    positions = list(range(len(groups)))[::-1]
    data = [list(values) for _, values in groups]
    ax.boxplot(
        data,
        positions=positions,
        orientation="horizontal",
        widths=0.55,
        showfliers=False,
        medianprops={"color": "#b3541e", "linewidth": 1.6},
        boxprops={"color": _ACCENT},
        whiskerprops={"color": _ACCENT},
        capprops={"color": _ACCENT},
    )
    for y, values in zip(positions, data, strict=True):
        ax.scatter(values, [y] * len(values), s=4, alpha=0.25, color=_INK, zorder=0)
    ax.set_yticks(positions, [f"{label} (n={len(v):,})" for label, v in groups])
    ax.set_xlabel(xlabel)
    ax.axvline(0, color="#d8dee4", linewidth=1, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, loc="left", fontsize=10)
    return svg(fig)
