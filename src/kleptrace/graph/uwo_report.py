"""The HTML page of `kleptrace uwo --out`: the ranking, each title's flags with their
points, and the weights with the reasons for them."""

from __future__ import annotations

from markupsafe import Markup

from kleptrace.graph.uwo import Flag, TitleScore, Weights
from kleptrace.report import Section, Table, bar_chart, render


def flag_lines(flags: list[Flag]) -> Markup | str:
    """One line per flag, its points first, so a title's score reads as a sum."""
    lines = [Markup("<b>+{}</b> {}: {}").format(f"{f.points:g}", f.name, f.detail) for f in flags]
    return Markup("<br>").join(lines) if lines else "none"


def page(ranked: list[TitleScore], scored: int, w: Weights) -> str:
    labels = [t.name or t.title_id for t in ranked]
    ranking = Table(
        columns=("rank", "title", "score", "proprietors", "flags"),
        rows=[
            (
                i,
                t.name or t.title_id,
                f"{t.score:g}",
                ", ".join(t.proprietors),
                flag_lines(t.flags),
            )
            for i, t in enumerate(ranked, 1)
        ],
        numeric=frozenset({"rank", "score"}),
    )
    explained = Table(
        columns=("flag", "weight", "why it counts"),
        rows=[(name, f"{w.points[name]:g}", w.reasons[name]) for name in w.points],
        numeric=frozenset({"weight"}),
    )
    sections = [
        Section(
            "Ranking",
            intro="Scores rank titles for a human to review; they are not findings.",
            tables=[ranking],
            charts=[bar_chart(labels, [t.score for t in ranked], xlabel="score")] if ranked else [],
        ),
        Section(
            "Weights and reasons", intro="From kleptrace/data/uwo_weights.yml.", tables=[explained]
        ),
    ]
    return render(
        "Unexplained-wealth triage of property titles",
        sections,
        subtitle="Titles ranked by the red flags the ownership data explains",
        facts=[
            ("Titles scored", f"{scored:,}"),
            ("Shown", f"top {len(ranked)}"),
            ("Chain followed", f"{w.depth} levels above each proprietor"),
        ],
        warnings=[
            "Not in the data, so not scored: the owner's known means (income, declared "
            "assets) and whether the property stands empty. Politically exposed persons "
            "score only where a loaded list marks them (FtM topic role.pep)."
        ],
    )
