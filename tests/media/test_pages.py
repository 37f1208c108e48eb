"""The generated pages of the adverse-media benchmark: distinct, seeded, naming listed
names as the press inflects them, and read into the parts they were written as.

No store is needed: the listed names are a handful written here."""

from __future__ import annotations

from benchmarks.media_pages import (
    ListedNames,
    PageMaker,
    genitive_ru,
    possessive,
    render_html,
    render_text,
)
from kleptrace.media import read_page

NAMES = ListedNames(
    people=("Oleg Deripaska", "Alisher Usmanov", "Gennady Timchenko", "Arkady Rotenberg"),
    people_ru=("Олег Дерипаска", "Алишер Усманов", "Аркадий Ротенберг"),
    companies=("Sovcomflot PJSC", "Rosneft Oil Company"),
    vessels=("Sci Pearl", "Lady Maria"),
)
PAGES = 200


def test_pages_are_distinct_and_seeded() -> None:
    maker, again_maker = PageMaker(NAMES, 7), PageMaker(NAMES, 7)
    first = [render_text(maker.story(i)) for i in range(PAGES)]
    again = [render_text(again_maker.story(i)) for i in range(PAGES)]
    other = PageMaker(NAMES, 8)
    assert len(set(again)) == PAGES
    assert again == first
    assert [render_text(other.story(i)) for i in range(PAGES)] != again


def test_each_page_names_listed_and_unlisted_people() -> None:
    maker = PageMaker(NAMES, 7)
    listed = {*NAMES.people, *NAMES.people_ru}
    stems = {word[:5] for name in listed for word in name.split()[-1:]}
    languages = set()
    for i in range(PAGES):
        story = maker.story(i)
        languages.add(story.lang)
        text = render_text(story)
        assert any(stem in text for stem in stems), text
    assert languages == {"en", "ru", "de"}


def test_inflections() -> None:
    assert possessive("Alisher Usmanov") == "Alisher Usmanov's"
    assert possessive("Boris Rotenbergs") == "Boris Rotenbergs'"
    assert genitive_ru("Олег Дерипаска") == "Олега Дерипаски"
    assert genitive_ru("Аркадий Ротенберг") == "Аркадия Ротенберга"
    assert genitive_ru("Анна Белова") == "Анны Беловой"
    assert genitive_ru("Дмитрий Медведев") == "Дмитрия Медведева"
    assert genitive_ru("Владимир Высоцкий") == "Владимира Высоцкого"


def test_text_and_html_pages_keep_their_parts() -> None:
    """The comment thread, menu and teasers are read as such, in both renderings."""
    maker = PageMaker(NAMES, 7)
    for i in range(20):
        story = maker.story(i)
        for source, data in (("p.txt", render_text(story)), ("p.html", render_html(story))):
            page = read_page(source, data.encode())
            comment = story.comments[0][1]
            at = page.text.find(comment)
            assert at >= 0, (source, comment)
            assert page.part_at(at) == "comments", (source, comment)
            body = page.text.find(story.body[0][:40])
            assert page.part_at(body) == "body", source
