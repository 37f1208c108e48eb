"""The shared report page: hostile text stays text, charts are inline, nothing is fetched."""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import Markup

from kleptrace.report import Section, Table, bar_chart, render, write

HOSTILE = '<script>alert("x")</script> & "Ivanov" <img src=http://evil/x.png>'


def test_every_value_is_escaped_and_markup_is_kept() -> None:
    html = render(
        HOSTILE,
        [
            Section(
                title=HOSTILE,
                intro=HOSTILE,
                tables=[
                    Table(
                        columns=["name", "lists"], rows=[[HOSTILE, 3]], numeric=frozenset({"lists"})
                    )
                ],
                html=Markup("<p><mark>Deripaska</mark></p>"),
            )
        ],
        facts=[("us_ofac_sdn", HOSTILE)],
        warnings=[HOSTILE],
    )
    assert "<script>" not in html
    assert "<img" not in html
    # <title>, <h1>, <h2>, intro, table cell, fact, warning
    assert html.count("&lt;script&gt;") == 7
    assert "<mark>Deripaska</mark>" in html
    assert '<td class="num">3</td>' in html


def test_a_chart_is_inline_svg_with_text_labels(tmp_path: Path) -> None:
    chart = bar_chart(["UK", "US", "EU"], [2146, 3977, 2410], title="Russia designations")
    assert chart.startswith("<svg")
    assert ">UK<" in chart or "UK</text>" in chart
    path = write(
        tmp_path / "report.html", render("Report", [Section(title="Chart", charts=[chart])])
    )
    page = path.read_text(encoding="utf-8")
    assert page.count("<svg") == 1
    # Nothing on the page loads from elsewhere: no src or href pointing off the page.
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert not list(tmp_path.glob(".report*"))
    umask = os.umask(0)
    os.umask(umask)
    # The usual permissions of a new file, not a temporary file's private 0600.
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
