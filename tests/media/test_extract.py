"""Reading inputs: HTML through trafilatura with the furniture it leaves out labelled from
the markup, and clear errors for what is not a page."""

from __future__ import annotations

from pathlib import Path

import pytest
import trafilatura

from kleptrace.media import MediaError, page_files, read_page

HTML = b"""<!doctype html><html><head><title>Fund manager charged | Daily Ledger</title>
<meta property="article:published_time" content="2021-07-02"></head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article><h1>Fund manager charged</h1>
<p>Prosecutors charged a fund manager on Friday with hiding the assets of a client whose
accounts had been frozen, the court in London heard during a short hearing this week.</p>
<figure><figcaption>The court building. Photo: Ann Lee/Reuters</figcaption></figure>
<p>The manager denies the charges and will appear again next month, his lawyer said after
the hearing, adding that his client had cooperated with the investigation throughout.</p>
</article>
<aside><p>Read more: banks and frozen accounts</p></aside>
<div class="comments"><h3>Comments</h3><p>Reader One: long overdue.</p></div>
<footer>Copyright 2021 Daily Ledger</footer></body></html>"""


def test_html_parts_come_from_trafilatura_and_the_markup() -> None:
    page = read_page("ledger.html", HTML)
    assert page.title == "Fund manager charged"
    assert page.date == "2021-07-02"
    where = {part: page.text[b.start : b.end] for b in page.blocks for part in [b.part]}
    assert "Prosecutors charged a fund manager" in where["body"]
    assert "Reader One" in where["comments"]
    assert where["navigation"] == "Home\nMarkets"
    assert where["caption"].startswith("The court building.")
    assert where["credit"] == "Photo: Ann Lee/Reuters"
    assert "banks and frozen accounts" in where["teaser"]
    assert where["boilerplate"] == "Copyright 2021 Daily Ledger"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"   \n", "the page is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary content"),
        (b"caf\xe9 au lait\n", "byte 3 is not UTF-8"),
    ],
)
def test_what_is_not_a_page_is_refused_with_the_file_named(data: bytes, message: str) -> None:
    with pytest.raises(MediaError, match=rf"^bad\.txt: .*{message}"):
        read_page("bad.txt", data)


def test_folders_give_their_page_files_and_a_missing_path_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<html></html>")
    (tmp_path / "notes.csv").write_text("x")
    assert [p.name for p in page_files([tmp_path])] == ["a.txt", "b.html"]
    with pytest.raises(MediaError, match="nope: no such file or folder"):
        list(page_files([tmp_path / "nope"]))
    (tmp_path / "empty").mkdir()
    with pytest.raises(MediaError, match="no page files"):
        list(page_files([tmp_path / "empty"]))


_BODY = (
    "<p>Prosecutors charged a fund manager on Friday with hiding the assets of a client whose"
    " accounts had been frozen, the court in London heard during a short hearing.</p>"
    "<p>The manager denies the charges and will appear again next month, his lawyer said"
    " after the hearing, adding that his client had cooperated throughout.</p>"
)


@pytest.mark.parametrize(
    ("source", "head", "article"),
    [
        (  # JSON-LD headline and publication date, a different <title>
            "ledger.html",
            '<title>Daily Ledger - Markets</title><script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": '
            '"Fund manager charged over frozen accounts", "datePublished": '
            '"2021-07-02T09:00:00Z"}</script>',
            "<h1>Charged</h1>",
        ),
        (  # Open Graph title, a <time> element, no published-time tag
            "ledger.html",
            '<meta property="og:title" content="Fund manager charged &amp; bailed">',
            '<h1>Charged</h1><time datetime="2020-11-30">30 November</time>',
        ),
        (  # no metadata at all: the <h1> and a date in the URL
            "https://ledger.example/2019/03/14/fund-manager-charged",
            "",
            "<h1>Fund manager charged</h1>",
        ),
    ],
)
def test_html_title_and_date_are_trafilaturas(source: str, head: str, article: str) -> None:
    """kleptrace reads only the title and date of trafilatura's metadata, by its own
    steps: the answer must stay the one its whole metadata gives."""
    data = f"<!doctype html><html><head>{head}</head><body><article>{article}{_BODY}"
    data += "</article></body></html>"
    full = trafilatura.bare_extraction(
        data,
        url=source if source.startswith("https://") else None,
        include_comments=True,
        with_metadata=True,
    )
    assert isinstance(full, trafilatura.settings.Document)
    page = read_page(source, data.encode())
    assert (page.title, page.date) == (full.title, full.date)
    assert page.title and page.date
