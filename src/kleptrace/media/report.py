"""The HTML view of `kleptrace media --html`: who is designated where, then each article
with every mention highlighted in the part of the page it is in and linked to its
target's designations. Built on `kleptrace.report`; every article string is escaped
here with markupsafe before it becomes markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from kleptrace.media.article import Article
from kleptrace.media.link import Linked, Target
from kleptrace.report import Section, Table, render

_STYLE = Markup(
    "<style>"
    ".article{border:1px solid #d8dee4;padding:8px 14px;border-radius:4px}"
    ".part{white-space:pre-wrap;margin:2px 0;padding:2px 8px;border-left:4px solid #d8dee4}"
    ".part::before{content:attr(data-part);float:right;font-size:11px;color:#5b6875;"
    "text-transform:uppercase;letter-spacing:.05em}"
    ".part-body,.part-title{border-left-color:#1f5f8b}.part-title{font-weight:600}"
    ".part-comments{border-left-color:#8a4b00;background:#fffaf2}"
    ".part-navigation,.part-boilerplate{color:#8a96a3;font-size:12.5px}"
    ".part-teaser,.part-caption,.part-credit,.part-byline{color:#3d4a57;font-style:italic}"
    "mark.linked{background:#ffb3a7;font-weight:600}mark.flagged{background:#ffd59a}"
    "mark.candidate{background:#fff0b3}mark.unlisted{background:#e3ecf5}"
    "mark a{color:inherit}"
    ".legend mark{margin-right:10px}"
    "</style>"
)


@dataclass
class _Seen:
    target: Target
    pages: dict[str, None] = field(default_factory=dict)
    mentions: int = 0


def render_html(articles: Sequence[Article], threshold: float) -> str:
    """The whole report page."""
    seen = _targets(articles)
    sections = [_summary(seen, threshold), *(_article(a, i) for i, a in enumerate(articles))]
    sections += [_target(s) for s in seen.values()]
    dated = [a.page.date for a in articles if a.page.date]
    return render(
        "Adverse media: who the articles name, and who is designated",
        sections,
        subtitle=f"{len(articles)} page(s); links at or above score {threshold}",
        facts=[
            ("Pages", ", ".join(a.page.source for a in articles)),
            ("Article dates", ", ".join(dated) or "none found"),
        ],
        warnings=[
            f"{s.target.caption} was designated only after the article that names them "
            f"(first listing {s.target.first_listed})."
            for s in seen.values()
            if s.target.designated_after_article
        ],
    )


def _targets(articles: Sequence[Article]) -> dict[str, _Seen]:
    seen: dict[str, _Seen] = {}
    for article in articles:
        for item in article.mentions:
            if item.target is not None:
                entry = seen.setdefault(item.target.id, _Seen(item.target))
                entry.pages[article.page.source] = None
                entry.mentions += 1
    return seen


def _summary(seen: dict[str, _Seen], threshold: float) -> Section:
    rows = [
        (
            Markup('<a href="#t-{0}">{1}</a>').format(s.target.id, s.target.caption),
            ", ".join(s.target.jurisdictions),
            ", ".join(s.target.regimes),
            s.target.first_listed or "",
            "designated after the article" if s.target.designated_after_article else "",
            s.mentions,
            len(s.pages),
        )
        for s in seen.values()
    ]
    columns = ("target", "jurisdictions", "regimes", "first listed", "flag", "mentions", "pages")
    return Section(
        "Who is designated where",
        intro=None if rows else f"No mention links to a designated target at {threshold}.",
        tables=[Table(columns, rows, numeric=frozenset({"mentions", "pages"}))] if rows else [],
        anchor="summary",
    )


def _article(article: Article, number: int) -> Section:
    page = article.page
    rows = [
        (
            item.mention.text,
            item.mention.part,
            item.mention.kind,
            item.status,
            _target_cell(item),
            f"{item.target.score:.2f}" if item.target else "",
        )
        for item in article.mentions
        if item.mention.how != "repeat"
    ]
    legend = Markup(
        '<p class="legend"><mark class="linked">designated</mark>'
        '<mark class="flagged">designated after the article</mark>'
        '<mark class="candidate">list name, not linked</mark>'
        '<mark class="unlisted">not listed</mark></p>'
    )
    return Section(
        page.title or page.source,
        intro=f"{page.source}; published {page.date or 'on an unknown date'}",
        tables=[Table(("mention", "part", "kind", "status", "target", "score"), rows)],
        html=_STYLE + legend + _highlighted(article),
        anchor=f"a{number}",
    )


def _target_cell(item: Linked) -> Markup | str:
    if item.target is None:
        return f"(best: {item.best[0]}, {item.best[1]:.2f})" if item.best else ""
    return Markup('<a href="#t-{0}">{1}</a>').format(item.target.id, item.target.caption)


def _highlighted(article: Article) -> Markup:
    """The page text, block by block, each mention wrapped in a mark."""
    page = article.page
    marks = sorted(article.mentions, key=lambda i: i.mention.start)
    out = [Markup('<div class="article">')]
    cursor = 0
    for block in page.blocks:
        inside = [i for i in marks if block.start <= i.mention.start < block.end]
        pieces, cursor = [], block.start
        for item in inside:
            m = item.mention
            pieces.append(escape(page.text[cursor : m.start]))
            pieces.append(_mark(item, page.text[m.start : m.end]))
            cursor = m.end
        pieces.append(escape(page.text[cursor : block.end]))
        out.append(
            Markup('<div class="part part-{0}" data-part="{0}">{1}</div>').format(
                block.part, Markup("").join(pieces)
            )
        )
    out.append(Markup("</div>"))
    return Markup("").join(out)


def _mark(item: Linked, text: str) -> Markup:
    target = item.target
    if target is None:
        kind = "candidate" if item.mention.listed or item.best else "unlisted"
        tip = item.status + (f"; best {item.best[0]} {item.best[1]:.2f}" if item.best else "")
        return Markup('<mark class="{0}" title="{1}">{2}</mark>').format(kind, tip, text)
    kind = "flagged" if target.designated_after_article else "linked"
    tip = f"{target.caption} ({target.score:.2f}): {', '.join(target.jurisdictions)}"
    return Markup('<mark class="{0}" title="{1}"><a href="#t-{2}">{3}</a></mark>').format(
        kind, tip, target.id, text
    )


def _target(seen: _Seen) -> Section:
    t = seen.target
    rows = [
        (d.list, d.jurisdiction or "", d.regime, d.program or "", d.listed or "")
        for d in t.designations
    ]
    return Section(
        f"{t.caption}",
        intro=(
            f"Entity {t.id} (same target on other lists: {', '.join(t.same_as) or 'none'}). "
            f"Score {t.score:.2f}: {t.explanation}"
        ),
        tables=[Table(("list", "jurisdiction", "regime", "program", "listed"), rows)],
        anchor=f"t-{t.id}",
    )
