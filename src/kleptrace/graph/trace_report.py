"""The HTML page of `kleptrace trace --html`: the chain drawn as a graph (one column per
hop), then every hop with its stake, jurisdiction, source and date."""

from __future__ import annotations

from kleptrace.graph.jurisdictions import place_name
from kleptrace.graph.owned import share_text
from kleptrace.graph.trace import Node, Trace
from kleptrace.report import Section, Table, render
from kleptrace.report.network import Arrow, Box, layered_graph

MAX_DRAWN = 60
"""Nodes drawn at most; the table below the drawing lists every hop."""


def style(node: Node) -> str:
    if node.designated:
        return "designated"
    if node.schema == "RealEstate":
        return "title"
    if node.schema == "Person":
        return "person"
    return "secrecy" if node.secrecy else "company"


def hop_label(kind: str, low: float | None, high: float | None) -> str:
    """The text on an arrow: the stake, and the kind when it is not plain ownership."""
    if kind == "proprietor":
        return "proprietor"
    stake = share_text(low, high)
    return stake if kind == "ownership" else f"{kind} {stake}".replace(" share not stated", "")


def page(result: Trace) -> str:
    drawn = result.nodes[:MAX_DRAWN]
    keys = {n.node_id for n in drawn}
    boxes = [Box(n.node_id, n.name or n.node_id, n.depth, style(n)) for n in drawn]
    arrows = [
        Arrow(h.owner_id, h.asset_id, hop_label(h.kind, h.share_min, h.share_max))
        for h in result.hops
        if h.owner_id in keys and h.asset_id in keys
    ]
    names = {n.node_id: n.name or n.node_id for n in result.nodes}
    hops = Table(
        columns=("hop", "holder", "holds", "interest", "jurisdiction", "source", "since"),
        rows=[
            (
                h.depth,
                names.get(h.owner_id, h.owner_id),
                names.get(h.asset_id, h.asset_id),
                hop_label(h.kind, h.share_min, h.share_max),
                place_name(h.jurisdiction),
                f"{h.dataset} ({h.record})",
                h.start_date or "not stated",
            )
            for h in result.hops
        ],
        numeric=frozenset({"hop"}),
    )
    titles = Table(
        columns=("title", "reached in hops"),
        rows=[(t.name or t.node_id, t.depth) for t in result.titles],
        numeric=frozenset({"reached in hops"}),
    )
    secret = sorted({n.secrecy for n in result.nodes if n.secrecy})
    warnings = []
    if len(result.nodes) > MAX_DRAWN:
        warnings.append(
            f"{len(result.nodes)} nodes reached; the drawing shows the first {MAX_DRAWN}"
        )
    return render(
        f"Ownership trace: {result.query}",
        [
            Section(
                "Chain",
                intro=f"Start found as: {result.how}.",
                charts=[layered_graph(boxes, arrows)],
            ),
            Section("Property titles reached", tables=[titles]),
            Section("Every hop", tables=[hops]),
        ],
        subtitle="From a person down through the companies they hold to property titles",
        facts=[
            ("Start", ", ".join(n.name or n.node_id for n in result.nodes if n.depth == 0)),
            (
                "Reached",
                f"{len(result.nodes) - 1 - len(result.titles)} companies or people held, "
                f"{len(result.titles)} property titles",
            ),
            ("Secrecy jurisdictions on the way", ", ".join(secret) or "none"),
        ],
        warnings=warnings,
    )
