"""Adverse media: read news pages as published and link the people, companies and
vessels they name to the lists.

The flow is `extract` (HTML through trafilatura, text captures through `parts`, into a
`page.Page` whose every stretch is a part: body, navigation, teaser, caption, credit,
byline, comments, boilerplate) -> `mentions` (the list-name `automaton` over `tokens`,
the rules in `names` for names on no list, IMO numbers, repeats of an earlier full name)
-> `link` (the screening engine with the `context` the article gives, designations and
their dates from the store) -> `article` (the result and its JSON) and `report` (HTML).
"""

from kleptrace.media.article import Article, MediaReader, page_files
from kleptrace.media.extract import MediaError, read_page
from kleptrace.media.page import PARTS, Page
from kleptrace.media.report import render_html

__all__ = [
    "PARTS",
    "Article",
    "MediaError",
    "MediaReader",
    "Page",
    "page_files",
    "read_page",
    "render_html",
]
