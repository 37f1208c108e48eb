"""Page parts of the two real captures in ../shared/articles, checked against lines the
test finds in the raw files itself, and of small captures written here."""

from __future__ import annotations

from pathlib import Path

from kleptrace.media.extract import text_page
from tests.conftest import REPO

ARTICLES = REPO.parent / "shared" / "articles"
PROSPECT = ARTICLES / "prospect-2017-03-16-how-should-britain-engage-with-russia.txt"
PROGRESS = ARTICLES / "progress-2018-03-how-do-we-deal-with-russia.txt"


def _parts_of_lines(path: Path) -> list[tuple[str, str]]:
    """(line, part) for every non-blank line, the part read at the line's first letter."""
    text = path.read_text(encoding="utf-8")
    page = text_page(str(path), text)
    out, offset = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            out.append((stripped, page.part_at(offset + line.index(stripped[0]))))
        offset += len(line)
    return out


def test_the_prospect_comment_thread_is_comments_and_nothing_else_is() -> None:
    lines = _parts_of_lines(PROSPECT)
    texts = [t for t, _ in lines]
    # the thread runs from the "Comments" heading to the newsletter box after it
    start = texts.index("Comments")
    end = next(i for i in range(start, len(texts)) if "newsletter" in texts[i].casefold())
    thread = {i for i in range(start, end)}
    assert any("Peter Sullivan" in texts[i] for i in thread)
    for i, (text, part) in enumerate(lines):
        assert (part == "comments") == (i in thread), (text, part)


def test_prospect_title_byline_caption_credit_and_body() -> None:
    page = text_page(str(PROSPECT), PROSPECT.read_text(encoding="utf-8"))
    assert page.title == "How should Britain engage with Russia?"
    assert page.date == "2017-03-16"
    parts = dict(_parts_of_lines(PROSPECT))
    assert parts["by Crispin Blunt / March 16, 2017 / Leave a comment"] == "byline"
    caption = next(p for t, p in _parts_of_lines(PROSPECT) if t.startswith("Theresa May and"))
    assert caption == "caption"
    credit = PROSPECT.read_text(encoding="utf-8").index("©Stefan Rousseau")
    assert page.part_at(credit) == "credit"
    assert parts["YOU’VE HIT THE LIMIT"] == "boilerplate"
    assert parts["Related articles"] == "teaser"
    assert parts["Editor: Tom Clark"] == "boilerplate"
    body = [t for t, p in _parts_of_lines(PROSPECT) if p == "body"]
    assert any(t.startswith("When Theresa May visited Donald Trump") for t in body)
    assert all(not t.startswith("•") for t in body)


def test_progress_body_runs_past_a_sign_up_line_and_stops_at_the_author_note() -> None:
    lines = _parts_of_lines(PROGRESS)
    parts = dict(lines)
    page = text_page(str(PROGRESS), PROGRESS.read_text(encoding="utf-8"))
    assert page.title == "How do we deal with Russia?"
    assert page.date == "2018-03"  # no date in the text: the file name's
    assert parts["✉\xa0Sign up to our daily roundup email"] == "boilerplate"
    assert (
        parts[
            "📖\xa0What a\xa030-year-old letter tells us about our politicians’ attitudes to Russia"
        ]
        == "teaser"
    )
    after_sign_up = next(t for t, _ in lines if t.startswith("Vast sums are stashed"))
    assert parts[after_sign_up] == "body"
    assert (
        parts["Mike Gapes is member of parliament for Ilford South. He tweets\xa0@MikeGapes"]
        == "byline"
    )
    assert parts["Our work depends on you."] == "boilerplate"


def test_a_capture_without_comments_heading_followed_by_dates_has_no_comments() -> None:
    text = (
        "Most Popular\n\nA headline about markets\n\n5 Comments\n\nAnother headline\n\n2 Comments\n"
    )
    page = text_page("popular.txt", text)
    assert all(b.part != "comments" for b in page.blocks)


def test_a_capture_with_unindented_comments_ends_them_at_furniture() -> None:
    text = (
        "Headline of the piece here\n\nBy A. Writer / 2 May 2024\n\n"
        "This is the first paragraph of the article, long enough to read as prose in any case.\n\n"
        "Comments\n\nJane Doe\n3 May 2024 at 10:00\nI disagree with this.\n\n"
        "Sign up to our newsletter\n"
    )
    page = text_page("flat.txt", text)
    assert page.part_at(text.index("I disagree")) == "comments"
    assert page.part_at(text.index("Sign up")) == "boilerplate"
    assert page.date == "2024-05-02"
