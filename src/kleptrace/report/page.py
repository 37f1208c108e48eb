"""The page every report shares: a header with what the figures rest on, then sections of
prose, tables and charts. Jinja2 escapes every value, so hostile names from a list or an
article cannot inject markup."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kleptrace import __version__
from kleptrace.files.paths import staged

_ENV = Environment(
    loader=PackageLoader("kleptrace.report", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class Table:
    """Rows under a header; `numeric` columns are right-aligned. A `Markup` cell is kept as
    markup (a link, a highlighted span); every other cell is escaped."""

    columns: Sequence[str]
    rows: Sequence[Sequence[object]]
    numeric: frozenset[str] = frozenset()
    caption: str | None = None


@dataclass
class Section:
    title: str
    intro: str | None = None
    """Plain text above the content, escaped."""
    tables: list[Table] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)
    """Inline SVG from `charts.svg`."""
    html: Markup | None = None
    """Free markup the caller built and escaped itself (e.g. an article with highlights)."""
    warning: str | None = None
    anchor: str | None = None


def render(
    title: str,
    sections: Sequence[Section],
    *,
    subtitle: str | None = None,
    facts: Sequence[tuple[str, str]] = (),
    warnings: Sequence[str] = (),
) -> str:
    """The whole page. `facts` are the key/value lines a reader must see first (the
    sources and their publication dates); `warnings` go right under them."""
    return _ENV.get_template("page.html").render(
        title=title,
        subtitle=subtitle,
        facts=facts,
        warnings=warnings,
        sections=sections,
        version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write(path: Path, html: str) -> Path:
    """Write the report without leaving a half-written file if the disk fills."""
    with staged(path) as temporary:
        temporary.write_text(html, encoding="utf-8")
        # A report is for sharing: the usual permissions, not the private ones of a
        # temporary file.
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
    return path
