"""Distinct news pages for the adverse-media speed benchmark, generated from our own text.

Repeating a handful of pages would let the linker answer every page after the first few
from its cache of screened names, so each generated page names its own mix of people,
companies and vessels: names and aliases of designated targets read from the store (Latin
and Cyrillic script, with possessives and Russian or German case endings as the press
writes them) and people and companies on no list, made up by Faker. Each story has the
parts real pages have (navigation, headline, byline, body, photo caption and credit,
related-story teasers, a comment thread, footer) and is rendered both as a plain-text
capture, like ../shared/articles/*.txt, and as an HTML page. Everything is seeded.
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from kleptrace.store import connect

_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'-]+$")
_CYRILLIC = re.compile(r"^[А-ЯЁ][А-Яа-яЁё .-]+$")


@dataclass(frozen=True)
class ListedNames:
    """Names and aliases of designated targets, as a journalist could write them."""

    people: tuple[str, ...]
    people_ru: tuple[str, ...]
    companies: tuple[str, ...]
    vessels: tuple[str, ...]


def listed_names(db_path: Path) -> ListedNames:
    """Every name or alias of a designated person, organisation or vessel of the store
    that reads like running text: two to four words, no comma, one script."""
    con = connect(db_path, read_only=True)
    try:
        rows = con.execute(
            """
            SELECT DISTINCT s.schema, s.value FROM current_statements s
            WHERE s.prop IN ('name', 'alias')
              AND s.entity_id IN (SELECT entity_id FROM current_designations)
            ORDER BY 1, 2
            """
        ).fetchall()
    finally:
        con.close()
    people, people_ru, companies, vessels = [], [], [], []
    for schema, value in rows:
        words = value.split()
        if not 2 <= len(words) <= 4 or len(value) > 40:
            continue
        if schema == "Person":
            if _LATIN.match(value):
                people.append(_title(value))
            elif _CYRILLIC.match(value):
                people_ru.append(_title(value))
        elif schema in ("Organization", "Company") and _LATIN.match(value):
            companies.append(value)
        elif schema == "Vessel" and _LATIN.match(value):
            vessels.append(_title(value))
    return ListedNames(tuple(people), tuple(people_ru), tuple(companies), tuple(vessels))


def _title(name: str) -> str:
    """'DERIPASKA Oleg' as the press writes it: 'Deripaska Oleg'."""
    return " ".join(w.capitalize() if w.isupper() else w for w in name.split())


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def genitive_ru(name: str) -> str:
    """A Russian name in the genitive, word by word ('Олег Дерипаска' -> 'Олега
    Дерипаски'): the case ending the linker must see through."""
    out = []
    for word in name.split():
        if word.endswith(("ский", "цкий", "ый")):  # Высоцкий -> Высоцкого
            out.append(word[:-2] + "ого")
        elif word.endswith("ая"):
            out.append(word[:-2] + "ой")
        elif word.endswith(("ова", "ева")):  # a woman's family name: Белова -> Беловой
            out.append(word[:-1] + "ой")
        elif word.endswith("а"):
            out.append(word[:-1] + ("и" if word[-2:-1] in "кгхжшщч" else "ы"))
        elif word.endswith("й"):
            out.append(word[:-1] + "я")
        elif word[-1] not in "аеёиоуыэюяь":
            out.append(word + "а")
        else:
            out.append(word)
    return " ".join(out)


def genitive_de(name: str) -> str:
    """'Alisher Usmanow' -> 'Alisher Usmanows' (German genitive, no apostrophe)."""
    return name if name.endswith(("s", "z", "x")) else name + "s"


EN_BODY = [
    "{p}, who has been under sanctions since the invasion of Ukraine, did not respond to "
    "questions sent through his lawyers.",
    "Court filings seen by this newspaper show that {c} paid {k} for consultancy work that "
    "{u} described as routine.",
    "{pos} spokesman said the businessman had sold his stake in {c} years ago.",
    "The tanker {v} switched off its transponder off the coast of Greece, according to "
    "tracking data compiled by {u}.",
    "{u}, a partner at {k}, said that banks were now checking every payment that named {p}.",
    "Investigators in {city} are looking at property linked to {p} and to a trust "
    "administered by {k}.",
    "The minister, {u}, told reporters that the government would not comment on individual cases.",
    "Documents show that {c} chartered the {v} twice last year.",
    "Analysts at {k} estimate that the group's revenue fell by a third after {p} was "
    "added to the list.",
    "Asked about {pos} links to the Kremlin, {u} said only that the matter was before the courts.",
    "The oligarch {p} owns a villa near {city}, according to the land registry.",
    "{u} of {k} said the fund had never dealt with {c}.",
    "Lawyers for {p} argued that the designation rested on press reports.",
    "Shipping records list {c} as the manager of the {v}.",
    "The chairman of {k}, {u}, resigned on Friday.",
    "A spokeswoman for {u} said she had met {p} only once, at a conference in {city}.",
]
EN_CAPTION = [
    "{p} at a forum in {city} last year.",
    "The {v} at anchor off {city}.",
    "{u}, left, with colleagues from {k}.",
    "Offices of {c} in {city}.",
]
EN_TEASER = [
    "How {p} moved his money before the sanctions",
    "{k} reports record profits",
    "Inside the fleet that carries oil for {c}",
    "{u}: what the new rules mean for small banks",
    "Court hears appeal by {p}",
    "Ten years of sanctions on {c}",
]
EN_COMMENT = [
    "Why has nobody asked {u} about this?",
    "{p} will find a way round it, as always.",
    "I worked for {k} for ten years and never heard of {c}.",
    "Good reporting. More of this please.",
    "The {v} was in port here last summer.",
]
EN_NAV = ["Home", "World", "Business", "Markets", "Opinion", "Investigations", "Log in"]
RU_BODY = [
    "Представитель {pgen} отказался от комментариев.",
    "По данным суда, компания, которую контролирует {p}, получила кредит через банк в Москве.",
    "Юрист {ugen} заявил, что решение будет обжаловано.",
    "Миллиардер {p}, находящийся под санкциями, на заседании не присутствовал.",
    "Дело {pgen} стало одним из самых заметных в этом году.",
    "Эксперт {u} считает, что санкции не изменят рынок.",
]
RU_NAV = ["Главная", "Политика", "Экономика", "Войти"]
RU_COMMENT = ["Интересно, что скажет {p}.", "Суд поступил правильно.", "{u} прав."]
DE_BODY = [
    "Die Luxusjacht des russischen Milliardärs {p} bleibt vorerst in {city}.",
    "Ein Anwalt {pgen} kündigte an, gegen die Festsetzung vorzugehen.",
    "Auch der Name des Unternehmers {u} tauchte in den Unterlagen von {k} auf.",
    "Nach Angaben von {c} wurde das Schiff {v} bereits im Herbst überholt.",
    "Der Oligarch {p} steht auf der Sanktionsliste der Europäischen Union.",
]
DE_NAV = ["Startseite", "Wirtschaft", "Politik", "Abo"]
SITES = {
    "en": ["The Harbour Ledger", "The Kyiv Courier", "Business Review", "The Evening Post"],
    "ru": ["Деловой вестник", "Новости недели"],
    "de": ["Nordkurier Wirtschaft", "Hamburger Abendblatt Online"],
}
CITIES = ["London", "Genoa", "Limassol", "Dubai", "Geneva", "Riga", "Monaco", "Vienna"]


@dataclass(frozen=True)
class Story:
    """One generated page, before rendering: each field is a part of the page."""

    lang: str
    site: str
    nav: list[str]
    headline: str
    byline: str
    date: str
    body: list[str]
    caption: str
    credit: str
    teasers: list[str]
    comments: list[tuple[str, str]]


class PageMaker:
    """Stories with a different cast each, from `names` and Faker, seeded."""

    def __init__(self, names: ListedNames, seed: int = 14) -> None:
        self.names = names
        self.rng = random.Random(seed)
        self.fake = Faker(["en_GB", "en_US", "de_DE", "fr_FR"])
        self.fake.seed_instance(seed)
        self.fake_ru = Faker("ru_RU")
        self.fake_ru.seed_instance(seed)

    def story(self, number: int) -> Story:
        lang = self.rng.choices(["en", "ru", "de"], weights=[8, 1, 1])[0]
        year = self.rng.randint(2014, 2025)
        date = f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        if lang == "ru" and self.names.people_ru:
            return self._ru(number, date)
        return self._latin(number, lang, date)

    def _cast(self) -> dict[str, str]:
        rng, fake, names = self.rng, self.fake, self.names
        person = rng.choice(names.people)
        return {
            "p": person,
            "pos": possessive(person),
            "pgen": genitive_de(person),
            "c": rng.choice(names.companies) if names.companies else fake.company(),
            "v": rng.choice(names.vessels) if names.vessels else fake.last_name(),
            "u": fake.name(),
            "k": fake.company(),
            "city": rng.choice(CITIES),
        }

    def _fill(self, templates: list[str], k: int) -> list[str]:
        """`k` sentences, each with a fresh cast: a page names several people."""
        return [t.format(**self._cast()) for t in self.rng.sample(templates, k)]

    def _latin(self, number: int, lang: str, date: str) -> Story:
        rng = self.rng
        body_templates = EN_BODY if lang == "en" else DE_BODY
        sentences = self._fill(body_templates, min(len(body_templates), rng.randint(5, 9)))
        body = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        lead = self._cast()
        headline = (
            f"Sanctions: {lead['p']} and the {lead['v']}"
            if lang == "en"
            else f"Jacht von {lead['p']} bleibt festgesetzt"
        )
        return Story(
            lang=lang,
            site=rng.choice(SITES[lang]),
            nav=EN_NAV if lang == "en" else DE_NAV,
            headline=f"{headline} ({number})",
            byline=self.fake.name(),
            date=date,
            body=body,
            caption=rng.choice(EN_CAPTION).format(**lead),
            credit=f"{self.fake.name()}/Reuters",
            teasers=self._fill(EN_TEASER, 3),
            comments=[(self.fake.user_name(), c) for c in self._fill(EN_COMMENT, 2)],
        )

    def _ru(self, number: int, date: str) -> Story:
        rng, fake = self.rng, self.fake_ru

        def cast() -> dict[str, str]:
            person, unlisted = rng.choice(self.names.people_ru), fake.name()
            return {
                "p": person,
                "pgen": genitive_ru(person),
                "u": unlisted,
                "ugen": genitive_ru(unlisted),
            }

        body = [t.format(**cast()) for t in rng.sample(RU_BODY, rng.randint(3, 6))]
        lead = cast()
        return Story(
            lang="ru",
            site=rng.choice(SITES["ru"]),
            nav=RU_NAV,
            headline=f"Суд отклонил иск {lead['pgen']} ({number})",
            byline=fake.name(),
            date=date,
            body=[" ".join(body[:3]), " ".join(body[3:])] if len(body) > 3 else body,
            caption=f"{lead['p']} в суде.",
            credit="Пресс-служба суда",
            teasers=["Как санкции изменили алюминиевый рынок", f"Интервью: {fake.name()}"],
            comments=[(fake.first_name(), rng.choice(RU_COMMENT).format(**cast()))],
        )


_HEADINGS = {
    "en": ("Related stories", "Comments", "Photo:", "All rights reserved."),
    "de": ("Mehr zum Thema", "Kommentare", "Foto:", "Alle Rechte vorbehalten."),
    "ru": ("Читайте также", "Комментарии", "Фото:", "Все права защищены."),
}


def render_text(story: Story) -> str:
    """The story as a plain-text capture, page furniture inline."""
    related, comments, photo, rights = _HEADINGS[story.lang]
    lines = [f"{story.site} | News", ""]
    lines += [f"  • {item}" for item in story.nav]
    lines += ["", story.headline, "", f"By {story.byline} / {story.date}", ""]
    for paragraph in story.body:
        lines += [paragraph, ""]
    lines += [f"{story.caption} {photo} {story.credit}", "", related, ""]
    lines += [*story.teasers, "", comments, ""]
    for i, (author, text) in enumerate(story.comments, 1):
        lines += [f"  {i}. {author}", f"    {story.date}", f"    {text}"]
    lines += ["", f"© {story.site}, {story.date[:4]}. {rights}", ""]
    return "\n".join(lines)


def render_html(story: Story) -> str:
    """The same story as an HTML page, parts in their usual markup."""
    e = html.escape
    related, comments, photo, rights = _HEADINGS[story.lang]
    nav = "".join(f'<li><a href="/{i}">{e(item)}</a></li>' for i, item in enumerate(story.nav))
    body = "".join(f"<p>{e(p)}</p>" for p in story.body)
    teasers = "".join(f"<li>{e(t)}</li>" for t in story.teasers)
    thread = "".join(
        f'<div class="comment"><p class="author">{e(a)}</p><p class="date">{story.date}</p>'
        f"<p>{e(t)}</p></div>"
        for a, t in story.comments
    )
    return (
        f'<!doctype html>\n<html lang="{story.lang}">\n<head><meta charset="utf-8">'
        f"<title>{e(story.headline)} | {e(story.site)}</title>"
        f'<meta property="article:published_time" content="{story.date}"></head>\n<body>'
        f"<header><nav><ul>{nav}</ul></nav></header>\n<main><article>"
        f'<h1>{e(story.headline)}</h1><p class="byline">By {e(story.byline)}</p>{body}'
        f"<figure><figcaption>{e(story.caption)} {photo} {e(story.credit)}</figcaption>"
        f"</figure></article>\n<aside><h3>{related}</h3><ul>{teasers}</ul></aside>\n"
        f'<section id="comments" class="comments"><h3>{comments}</h3>{thread}</section>'
        f"</main>\n<footer><p>© {e(story.site)} {story.date[:4]}. {rights}</p></footer>"
        "</body>\n</html>\n"
    )
