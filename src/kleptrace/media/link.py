"""Link each mention to the designated target it names, if any, with the screening engine.

Each distinct name is screened once (`Screener.screen_many`) as a person, organisation
or vessel, with the countries its context gives; only designated targets count, and only
down to the threshold less `same_target_margin` (no weaker match can matter). The
best match is then weighed by what the article says: a family name alone is capped
below any threshold, and a match nothing around the mention supports (no role word,
no country the target shares, no identifier) loses `unsupported_penalty`, so a namesake
on a list is not linked on the name alone. The same person on other lists (within
`same_target_margin` of the best score, with no contradicting birth date) is folded into
one target, whose designations, with their listing dates, are read from the store; a
target first listed after the article's date is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from kleptrace.data import load_table
from kleptrace.media.context import Context, article_countries, context_of
from kleptrace.media.mentions import Mention
from kleptrace.media.page import Page
from kleptrace.media.tokens import word_key
from kleptrace.screen import DEFAULT_THRESHOLD, Match, Query, Screener
from kleptrace.screen.evidence import normalise_identifier
from kleptrace.screen.index import Target as IndexTarget
from kleptrace.store import connect

_SCHEMA = {"person": "Person", "organisation": "Organization", "vessel": "Vessel"}
_LIMIT = 25
_CACHE_SIZE = 100_000


@dataclass(frozen=True)
class LinkConfig:
    same_target_margin: float
    unsupported_penalty: float
    surname_cap: float


@cache
def link_config() -> LinkConfig:
    table = load_table("media")["linking"]
    return LinkConfig(**{k: float(v) for k, v in table.items()})


@dataclass(frozen=True)
class Designation:
    list: str
    jurisdiction: str | None
    regime: str
    program: str | None
    listed: str | None


@dataclass(frozen=True)
class Target:
    """The designated target a mention names, across every list that designates it."""

    id: str
    caption: str
    score: float
    jurisdictions: tuple[str, ...]
    regimes: tuple[str, ...]
    lists: tuple[str, ...]
    designations: tuple[Designation, ...]
    explanation: str
    same_as: tuple[str, ...] = ()
    designated_after_article: bool = False
    first_listed: str | None = None


@dataclass(frozen=True)
class Linked:
    """A mention and what it links to. `status` says why when `target` is None."""

    mention: Mention
    target: Target | None
    status: str
    best: tuple[str, float] | None = None
    context: Context = field(default_factory=lambda: Context((), ()))


class Linker:
    """Links the mentions of pages to designated targets of one store."""

    def __init__(
        self,
        screener: Screener,
        db_path: Path,
        targets: Sequence[IndexTarget],
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        """`targets`: the screening index's targets, read once (see `NameAutomaton`)."""
        self.screener = screener
        self.targets = targets
        self.db_path = db_path
        self.threshold = threshold
        self.config = link_config()
        self.floor = max(0.0, threshold - self.config.same_target_margin)
        """Candidates are screened down to this score and no further: a weaker match can
        neither link nor be folded into a linked target, and scoring it cost most of the
        time (the candidates of a name grow fast as the floor falls)."""
        self._cache: dict[Query, list[Match]] = {}
        self._designations: dict[str, list[Designation]] | None = None
        self._positions: dict[str, int] = {}
        self._imo: dict[str, list[str]] = {}
        for position, target in enumerate(targets):
            self._positions[target.entity_id] = position
            for value in target.identifiers:
                number = normalise_identifier(value)
                if len(number) == 7 and number.isdigit():
                    self._imo.setdefault(number, []).append(target.entity_id)

    def link(self, page: Page, mentions: Sequence[Mention]) -> list[Linked]:
        """One `Linked` per mention that stays (a one-word organisation name with no
        supporting context is dropped), in the mentions' order."""
        contexts = _merged(_contexts(page, mentions), mentions)
        about = article_countries(page)
        queries = {
            i: Query(
                _names(m),
                _SCHEMA[m.kind],
                countries=tuple(dict.fromkeys((*c.countries, *about))),
                identifiers=(m.identifier,) if m.identifier else (),
            )
            for i, (m, c) in enumerate(zip(mentions, contexts, strict=True))
            if m.how not in ("repeat", "alone")
        }
        found = self._screen(queries)
        for i, query in queries.items():
            if mentions[i].identifier:
                found[i] = self._by_identifier(query)
        linked: list[Linked | None] = [
            None
            if m.refers_to is not None
            else Linked(m, None, "name alone, never linked", context=ctx)
            if m.how == "alone"
            else self._decide(page, m, ctx, found[i])
            for i, (m, ctx) in enumerate(zip(mentions, contexts, strict=True))
        ]
        for i, (mention, ctx) in enumerate(zip(mentions, contexts, strict=True)):
            if mention.refers_to is not None:  # after the others: a headline's refers ahead
                linked[i] = _repeat(mention, linked[mention.refers_to], ctx)
        return [item for item in linked if item is not None]

    def _screen(self, queries: dict[int, Query]) -> dict[int, list[Match]]:
        """Matches per query, each distinct query screened once per process: the same
        names (a president, an oligarch in the news) come back page after page."""
        todo = list(dict.fromkeys(q for q in queries.values() if q not in self._cache))
        if len(self._cache) + len(todo) > _CACHE_SIZE:
            self._cache.clear()
        results = self.screener.screen_many(
            todo, threshold=self.floor, limit=_LIMIT, keep=_designated
        )
        self._cache.update(zip(todo, results, strict=True))
        return {i: self._cache[q] for i, q in queries.items()}

    def _by_identifier(self, query: Query) -> list[Match]:
        """The vessels that carry the mention's IMO number, whatever their name."""
        by_number = []
        for entity_id in self._imo.get(query.identifiers[0], ()):
            caption = self._target(entity_id).caption
            named = Query((caption,), "Vessel", identifiers=query.identifiers)
            found = self.screener.score(named, entity_id)
            if found is not None:
                by_number.append(found)
        return sorted(by_number, key=lambda m: -m.score)

    def _decide(
        self, page: Page, mention: Mention, ctx: Context, matches: list[Match]
    ) -> Linked | None:
        if not matches:
            if mention.needs_context:
                return None
            status = "listed name, not designated" if mention.listed else "not listed"
            return Linked(mention, None, status, context=ctx)
        best = matches[0]
        score, notes = best.score, [_name_detail(best)]
        notes += [f.detail for f in best.features if f.name != "name"]
        shared = set(ctx.countries) & set(self._target(best.entity_id).countries)
        identified = any(f.name == "identifier" and f.value >= 1.0 for f in best.features)
        supported = bool(ctx.roles or shared or identified)
        if mention.needs_context and not supported:
            return None
        if mention.how == "surname":
            score = min(score, self.config.surname_cap)
            notes.append("a family name alone never links")
        if ctx.roles or shared:
            notes.append(f"context: {', '.join((*ctx.roles, *sorted(shared)))}")
        if not supported:
            score -= self.config.unsupported_penalty
            notes.append("no role word, shared country or identifier around the mention")
        if score < self.threshold:
            return Linked(mention, None, "below threshold", (best.caption, round(score, 4)), ctx)
        group = self._same_target(best, matches)
        designations = self.designations([m.entity_id for m in group])
        dates = sorted(d.listed for d in designations if d.listed)
        first = dates[0] if dates else None
        after = bool(page.date and first and first[: len(page.date)] > page.date)
        if after:
            notes.append(f"first designated {first}, after the article ({page.date})")
        target = Target(
            id=best.entity_id,
            caption=best.caption,
            score=round(score, 4),
            jurisdictions=tuple(sorted({d.jurisdiction for d in designations if d.jurisdiction})),
            regimes=tuple(sorted({d.regime for d in designations})),
            lists=tuple(sorted({d.list for d in designations})),
            designations=tuple(designations),
            explanation="; ".join(notes),
            same_as=tuple(m.entity_id for m in group[1:]),
            designated_after_article=after,
            first_listed=first,
        )
        return Linked(mention, target, "linked", (best.caption, round(score, 4)), ctx)

    def _same_target(self, best: Match, matches: list[Match]) -> list[Match]:
        """The best match and the entries on other lists that are the same target."""
        close = [
            m
            for m in matches
            if m.schema == best.schema
            and m.score >= best.score - self.config.same_target_margin
            and _same_name(m, best)
        ]
        mine = self._birth_years(best.entity_id)
        return [
            m
            for m in close
            if m is best
            or not (mine and (theirs := self._birth_years(m.entity_id)) and not mine & theirs)
        ]

    def _target(self, entity_id: str) -> IndexTarget:
        """What the screening index knows of a target: countries, dates."""
        return self.targets[self._positions[entity_id]]

    def _birth_years(self, entity_id: str) -> set[str]:
        return {d[:4] for d in self._target(entity_id).dates}

    def designations(self, ids: Iterable[str]) -> list[Designation]:
        """Every designation of the targets `ids`, read once from the store per process."""
        if self._designations is None:
            con = connect(self.db_path, read_only=True)
            try:
                rows = con.execute(
                    "SELECT DISTINCT entity_id, source, jurisdiction, regime, program, "
                    "listing_date FROM current_designations"
                ).fetchall()
            finally:
                con.close()
            self._designations = {}
            for entity_id, *values in rows:
                self._designations.setdefault(entity_id, []).append(Designation(*values))
        found = {d for i in ids for d in self._designations.get(i, ())}
        return sorted(
            found,
            key=lambda d: (d.jurisdiction or "", d.list, d.listed or "", d.regime, d.program or ""),
        )


def _same_name(a: Match, b: Match) -> bool:
    """Whether two list names are one name, order, script and case endings aside ("PUTIN,
    Vladimir" and "Владимир Владимирович Путин"): all words of the shorter but one shared,
    and at least two ("USMANOV, Alisher Burhanovich" and "Alisher Burkhanovich USMANOV")."""

    def same(left: frozenset[str], right: frozenset[str]) -> bool:
        shared, shortest = len(left & right), min(len(left), len(right))
        return shared >= min(2, shortest) and shared >= shortest - 1

    return same(_words(a.matched_name), _words(b.matched_name)) or same(
        _words(a.caption), _words(b.caption)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def _words(name: str) -> frozenset[str]:
    """The word keys of a list name, remembered: the names of a famous target are compared
    page after page."""
    return frozenset(word_key(w) for w in name.replace(",", " ").split())


def _contexts(page: Page, mentions: Sequence[Mention]) -> list[Context]:
    """Each mention's context, bounded by the people named just before and after it."""
    people = [m for m in mentions if m.kind == "person"]
    out = []
    for m in mentions:
        left = max((p.end for p in people if p.end <= m.start), default=0)
        right = min((p.start for p in people if p.start >= m.end), default=len(page.text))
        out.append(context_of(page.text, m.start, m.end, left, right))
    return out


def _merged(contexts: list[Context], mentions: Sequence[Mention]) -> list[Context]:
    """Each name's context gathered over all its mentions, so a headline naming a person
    without a role word is read with the paragraph that calls him "the billionaire"."""
    roles: dict[int, dict[str, None]] = {}
    countries: dict[int, dict[str, None]] = {}
    for i, (m, c) in enumerate(zip(mentions, contexts, strict=True)):
        first = i if m.refers_to is None else m.refers_to
        roles.setdefault(first, {}).update(dict.fromkeys(c.roles))
        countries.setdefault(first, {}).update(dict.fromkeys(c.countries))
    return [
        c
        if m.refers_to is not None
        else Context(tuple(roles.get(i, ())), tuple(countries.get(i, ())))
        for i, (m, c) in enumerate(zip(mentions, contexts, strict=True))
    ]


def _names(mention: Mention) -> tuple[str, ...]:
    """The names to screen a mention by: as written and, when inflected, as the list spells
    it; once when the two differ only in case ("Vladimir Putin", "Vladimir PUTIN"), as
    both would score every candidate alike, twice over."""
    form = mention.list_form
    if form is None or form.casefold() == mention.name.casefold():
        return (mention.name,)
    return (mention.name, form)


def _designated(target: IndexTarget) -> bool:
    return bool(target.regimes)


def _name_detail(match: Match) -> str:
    return f"{match.query_name!r} ~ {match.matched_name!r} ({match.score:.2f})"


def _repeat(mention: Mention, earlier: Linked | None, ctx: Context) -> Linked:
    if earlier is None:
        return Linked(mention, None, "repeat", context=ctx)
    status = earlier.status if earlier.target is None else "linked (repeat)"
    return Linked(mention, earlier.target, status, earlier.best, ctx)
