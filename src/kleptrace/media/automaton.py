"""Every name and alias on the loaded lists as a token automaton, run over an article's
words in one pass.

Built from the screening index (its parsed names, their tags and vocabulary), so media
and screening read names the same way. A person is anchored on the family name: at each
capitalised word that is a listed family name, the words around it are checked against
that person's given names, patronymic and initials ("Vladimir Putin", "Putin Vladimir",
"V. V. Putin", "Vladimir Vladimirovich Putin"); a family name with nothing around it is a
surname-only mention. An organisation, vessel or aircraft is anchored on its first two
words (or its only word) and checked word by word, legal forms left out. A capitalised
word no list spells is looked up through the index vocabulary's romanisation variants
and one-typo neighbours (Navalnyi, Deripsaka), so press spellings still anchor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kleptrace.media.tokens import Token, word_key
from kleptrace.screen.index import ScreenIndex, Target

_PERSON_SKIP = frozenset(["honorific", "initial", "particle", "legal"])
_MIN_SINGLE = 5
"""An organisation or vessel known by one word anchors only on words this long: shorter
ones ("ARIA", "STAR") are too often ordinary words."""
_MIN_FUZZY = 6
"""Shorter words are looked up as spelt only: one letter off a five-letter word is too often
another word ("Login" / "Logano")."""
_MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class Hit:
    """Words `first` to `last` (inclusive) of an article name a listed party.

    Attributes:
        kind: "person", "organisation" or "vessel".
        names: Index positions of the list names it matched.
        how: "full" (given and family name, or the whole organisation name),
            "initials", or "surname" (a family name alone).
    """

    first: int
    last: int
    kind: str
    names: tuple[int, ...]
    how: str


@dataclass(frozen=True)
class _Family:
    """The people who share one family name, by the other words of their names: at each
    mention of the family name, the words around it are looked up here, rather than every
    person of that name checked in turn (a common family name has hundreds)."""

    given: dict[str, list[int]]
    """Given or middle name key -> list name positions."""
    patronymic: dict[str, list[int]]
    initials: dict[str, list[int]]
    """First letter of a given name, patronymic or other non-family word -> positions."""


_KINDS = {"Person": "person", "Vessel": "vessel", "Airplane": "vessel"}


class NameAutomaton:
    """The look-up tables over every list name, and `find` to run them over a text."""

    def __init__(self, index: ScreenIndex, targets: Sequence[Target]) -> None:
        """`targets`: the index's targets, read once by the caller (71,000 of them cost a
        second to read) and shared with the linker."""
        self.index = index
        family_names: dict[str, list[int]] = {}
        self.by_start: dict[str, list[int]] = {}
        self.given: set[str] = set()
        self._words: dict[int, tuple[str, ...]] = {}
        self._families: dict[str, _Family] = {}
        self._alternatives: dict[str, tuple[str, ...]] = {}
        schemata = [t.schema for t in targets]
        names = index.names
        owners = index.name_target.tolist()
        for position, (tokens, tags) in enumerate(zip(names.tokens, names.tags, strict=True)):
            words, roles = tokens.split(), tags.split()
            if schemata[owners[position]] == "Person":
                keys = [word_key(word) for word in words]
                for key, role in zip(keys, roles, strict=True):
                    if role == "family" and len(key) > 1:
                        family_names.setdefault(key, []).append(position)
                        self._add_family(key, position, words, keys, roles)
                    elif role == "given":
                        self.given.add(key)
            else:
                keys = [word_key(w) for w, r in zip(words, roles, strict=True) if r != "legal"]
                keys = [k for k in keys if k]
                if len(keys) >= 2:
                    self.by_start.setdefault(f"{keys[0]} {keys[1]}", []).append(position)
                elif len(keys) == 1 and len(keys[0]) >= _MIN_SINGLE:
                    self.by_start.setdefault(keys[0], []).append(position)
        self.kinds = [_KINDS.get(schema, "organisation") for schema in schemata]
        self.by_family = {key: tuple(positions) for key, positions in family_names.items()}
        """Family name key -> the list names of people with it (shared by every surname
        hit, not copied)."""
        self.known = (
            set(self.by_family) | self.given | {k for key in self.by_start for k in key.split()}
        )
        self.places = frozenset(
            word
            for word, symbols in index.vocabulary.symbols.items()
            if any(s.startswith("LOC:") for s in symbols)
        )
        """List words that rigour also knows as places ("china", "washington", "georgia")."""

    def kind_of(self, position: int) -> str:
        """ "person", "organisation" or "vessel" for the list name at `position`."""
        return self.kinds[int(self.index.name_target[position])]

    def family_key(self, hit: Hit, words: Sequence[Token]) -> str:
        """The key of the word of a person hit that its list name tags as the family
        name ("DERIPASKA Oleg" -> "deripask"), else of its last word."""
        position = hit.names[0]
        tokens, tags = (
            self.index.names.tokens[position].split(),
            self.index.names.tags[position].split(),
        )
        family = {word_key(w) for w, r in zip(tokens, tags, strict=True) if r == "family"}
        span = words[hit.first : hit.last + 1]
        return next((w.key for w in span if w.key in family), span[-1].key)

    def list_form(self, hit: Hit, words: Sequence[Token]) -> str | None:
        """The words of a person hit as its first list name spells them ("Олегу Дерипаске"
        -> "oleg deripaska"), when every word matched by its own key rather than a near
        spelling; screening then compares names, not Russian case endings."""
        position = hit.names[0]
        spelt = {word_key(w): w for w in self.index.names.tokens[position].split()}
        out = []
        for word in words[hit.first : hit.last + 1]:
            if len(word.text) == 1:
                out.append(word.text.lower())
            elif word.key in spelt:
                out.append(spelt[word.key])
            else:
                return None
        return " ".join(out)

    def find(self, words: Sequence[Token]) -> list[Hit]:
        """Every listed name in `words`, longest first where two overlap."""
        alternatives = [self._keys(w) for w in words]
        hits: list[Hit] = []
        for i, word in enumerate(words):
            if not word.capital:
                continue
            hits.extend(self._organisations(words, alternatives, i))
            hits.extend(self._people_at(words, alternatives, i))
        return _longest(_merged(hits))

    def _keys(self, word: Token) -> tuple[str, ...]:
        """The keys a word may be: its own, or, for a capitalised word no list spells, the
        list words the vocabulary offers as its variants or one-typo neighbours."""
        if word.key in self.known or not word.capital or len(word.key) < _MIN_FUZZY:
            return (word.key,)
        found = self._alternatives.get(word.key)
        if found is None:
            vocabulary = self.index.vocabulary
            latin = "".join(ch for ch in word.text.lower() if ch.isalnum())
            near = sorted(vocabulary.expand(latin).items(), key=lambda kv: -kv[1])
            keys = [word_key(vocabulary.tokens[i]) for i, _ in near[:_MAX_ALTERNATIVES]]
            found = (
                word.key,
                *dict.fromkeys(k for k in keys if k in self.known and k[0] == word.key[0]),
            )
            self._alternatives[word.key] = found
        return found

    def _organisations(
        self, words: Sequence[Token], alternatives: list[tuple[str, ...]], i: int
    ) -> Iterable[Hit]:
        nexts = alternatives[i + 1] if i + 1 < len(words) else ()
        for first in alternatives[i]:
            starts = [f"{first} {second}" for second in nexts] + [first]
            for start in starts:
                for position in self.by_start.get(start, ()):
                    length = self._matches(position, alternatives, i)
                    if length:
                        kind = self.kind_of(position)
                        yield Hit(i, i + length - 1, kind, (position,), "full")

    def _matches(self, position: int, alternatives: list[tuple[str, ...]], i: int) -> int:
        """How many words from `i` spell the organisation name at `position` (0: none)."""
        keys = self._words.get(position)
        if keys is None:
            words = self.index.names.tokens[position].split()
            roles = self.index.names.tags[position].split()
            keys = tuple(
                k for w, r in zip(words, roles, strict=True) if r != "legal" and (k := word_key(w))
            )
            self._words[position] = keys
        if i + len(keys) > len(alternatives):
            return 0
        ok = all(k in alternatives[i + j] for j, k in enumerate(keys))
        return len(keys) if ok else 0

    def _add_family(
        self, key: str, position: int, words: list[str], keys: list[str], roles: list[str]
    ) -> None:
        """Index the list name at `position` under its family name `key` by its other
        words, once at start-up: built as pages came, this was a third of finding names."""
        found = self._families.get(key)
        if found is None:
            found = self._families[key] = _Family({}, {}, {})
        for word, other, role in zip(words, keys, roles, strict=True):
            if role in ("given", "middle"):
                found.given.setdefault(other, []).append(position)
            elif role == "patronymic":
                found.patronymic.setdefault(other, []).append(position)
            if role not in _PERSON_SKIP and role != "family":
                found.initials.setdefault(word[0], []).append(position)

    def _people_at(
        self, words: Sequence[Token], alternatives: list[tuple[str, ...]], i: int
    ) -> Iterable[Hit]:
        keys = [key for key in alternatives[i] if key in self.by_family]
        if not keys:
            return
        spans = _person_spans(words, alternatives, i, [self._families[key] for key in keys])
        if not spans:
            own = self.by_family.get(words[i].key)
            if own:  # a family name alone counts only as spelt, never as a near-spelling
                yield Hit(i, i, "person", own, "surname")
            return
        rank: dict[int, int] = {}
        for key in keys:
            for position in self.by_family[key]:
                rank.setdefault(position, len(rank))
        # In the order the list names come: the first is the one a mention is read by.
        found = [(sorted(positions, key=rank.__getitem__), span) for span, positions in spans]
        found.sort(key=lambda item: rank[item[0][0]])
        for positions, (first, last, how) in found:
            yield Hit(first, last, "person", tuple(positions), how)


def _has_neighbour(words: Sequence[Token], i: int) -> bool:
    """Whether a capitalised word stands right before or after word `i` (a family name
    with none is a surname alone, whatever the lists say)."""
    return (i > 0 and words[i - 1].capital) or (i + 1 < len(words) and words[i + 1].capital)


def _person_spans(
    words: Sequence[Token],
    alternatives: list[tuple[str, ...]],
    i: int,
    families: list[_Family],
) -> list[tuple[tuple[int, int, str], set[int]]]:
    """The spans around family name `i` that also spell other names of people of that
    family, each with the list names it spells: given name before or after, given name
    and patronymic, initials."""
    if not _has_neighbour(words, i):
        return []

    def given(j: int) -> set[int]:
        if not (0 <= j < len(words) and words[j].capital):
            return set()
        return {p for f in families for k in alternatives[j] for p in f.given.get(k, ())}

    def patronymic(j: int) -> set[int]:
        if not 0 <= j < len(words):
            return set()
        return {p for f in families for k in alternatives[j] for p in f.patronymic.get(k, ())}

    def initial(j: int) -> set[int]:
        if not (0 <= j < len(words) and len(words[j].text) == 1 and words[j].capital):
            return set()
        return {p for f in families for p in f.initials.get(words[j].key[0], ())}

    before = given(i - 1)
    spans = [((i - 1, i, "full"), before), ((i - 2, i, "full"), patronymic(i - 1) & given(i - 2))]
    if i + 1 < len(words) and not words[i + 1].opens:
        after = given(i + 1)
        spans += [((i, i + 1, "full"), after), ((i, i + 2, "full"), after & patronymic(i + 2))]
    first = initial(i - 1)
    both = first & initial(i - 2)
    spans += [((i - 2, i, "initials"), both), ((i - 1, i, "initials"), first - both)]
    return [(span, positions) for span, positions in spans if positions]


def _merged(hits: list[Hit]) -> list[Hit]:
    """One hit per span, kind and way, with the list names of all of them."""
    same: dict[tuple[int, int, str, str], list[Hit]] = {}
    for hit in hits:
        same.setdefault((hit.first, hit.last, hit.kind, hit.how), []).append(hit)
    return [
        group[0]
        if len(group) == 1
        else Hit(f, last, kind, tuple(dict.fromkeys(p for h in group for p in h.names)), how)
        for (f, last, kind, how), group in same.items()
    ]


def _longest(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hit where hits overlap (the earlier one on a tie); a full name
    beats a surname alone at the same place."""
    ranked = sorted(hits, key=lambda h: (-(h.last - h.first), h.how == "surname", h.first))
    taken: set[int] = set()
    kept = []
    for hit in ranked:
        span = set(range(hit.first, hit.last + 1))
        if span & taken:
            continue
        taken |= span
        kept.append(hit)
    return sorted(kept, key=lambda h: h.first)
