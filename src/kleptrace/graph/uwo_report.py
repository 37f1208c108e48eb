"""The HTML page of `kleptrace uwo --out`: the ranking, each title's flags with their
points, and the weights with the reasons for them."""

from __future__ import annotations

from kleptrace.graph.uwo import TitleScore, Weights
from kleptrace.report import Section, Table, bar_chart, render


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
                "; ".join(f"{f.name} +{f.points:g} ({f.detail})" for f in t.flags) or "none",
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
            "Not in the data, so not scored: politically exposed persons, the owner's "
            "known means, and vacancy."
        ],
    )
