"""A name reduced to what scoring compares: its parts, their roles, weights and symbols."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kleptrace.names import (
    Reading,
    is_abjad,
    latinize,
    name_parts,
    readings,
    script_of,
    transcription_readings,
)

_NO_SYMBOLS: frozenset[str] = frozenset()
SYLLABIC_SCRIPTS = frozenset({"Han", "Hangul"})
# Schemas whose names may be a person's: a Russian person's name is transcribed letter
# by letter, a firm's mostly translated (and "Moscow", "Crown" are no German spelling).
PERSON_SCHEMAS = frozenset({"Person", "LegalEntity"})


@dataclass(frozen=True, slots=True)
class NameForm:
    """One name as the scorer sees it.

    Attributes:
        text: The name as written on the list or in the query, original script.
        tokens: Comparable (latinized, lower-case) parts, in written order.
        tags: Role of each part ("given", "family", "patronymic", "legal" ...).
        symbols: Per part, rigour's symbols (given-name identities, legal-form
            classes), so Vladimir and Volodymyr agree without spelling alike.
        abjad: Written in Arabic, Persian or Hebrew script, where short vowels
            are left out.
        syllabic: Written in Chinese characters or Hangul, a character per
            syllable: two romanised words a letter apart ("dongmei", "rongmei")
            are different characters, so different names, not a typing error.
        lossy: The script a reading was read back from when it writes several Latin
            letters alike (a foreign name in katakana or Thai: `names.phonetic`), else
            "": words that script writes alike match.
    """

    text: str
    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    symbols: tuple[frozenset[str], ...]
    abjad: bool
    syllabic: bool = False
    lossy: str = ""


def name_form(
    text: str, schema: str, known_symbols: Mapping[str, frozenset[str]] | None = None
) -> NameForm:
    """Parse a name into its comparable form (cached in `name_parts`).

    Args:
        text: The name.
        schema: FollowTheMoney schema of what it names.
        known_symbols: Symbols by word, from the index: when given, the words'
            symbols are looked up there instead of asking rigour's person-name
            tagger, which would cost seconds to load in every process.
    """
    parts = []
    for part in name_parts(text, schema, symbols=known_symbols is None):
        comparable = part.comparable if part.comparable.isascii() else latinize(part.comparable)
        if comparable:
            parts.append((comparable.replace(" ", ""), part))
    script = script_of(text)
    return NameForm(
        text=text,
        tokens=tuple(c for c, _ in parts),
        tags=tuple(p.tag for _, p in parts),
        symbols=tuple(
            p.symbols if known_symbols is None else known_symbols.get(c, _NO_SYMBOLS)
            for c, p in parts
        ),
        abjad=script is not None and is_abjad(script),
        syllabic=script in SYLLABIC_SCRIPTS,
    )


def name_forms(
    text: str, schema: str, known_symbols: Mapping[str, frozenset[str]] | None = None
) -> list[NameForm]:
    """The comparable form of a name and one more for each other Latin reading it has
    (Japanese kanji read as Japanese, Thai in RTGS, Greek as it sounds: see
    `kleptrace.names.readings`; a person's Russian name in German, French or ISO 9
    spelling, or in its Ukrainian or Belarusian form, read the lists' way:
    `kleptrace.names.transcriptions`), each keeping the name as written for display."""
    forms = [name_form(text, schema, known_symbols)]
    transcribed = (
        (Reading(r) for r in transcription_readings(text)) if schema in PERSON_SCHEMAS else ()
    )
    for reading in (*readings(text), *transcribed):
        form = name_form(reading.text, schema, known_symbols)
        if reading.lossy and form.tokens == forms[0].tokens:
            # Read as written (スホーイ is "suhoi" either way): still a katakana word.
            forms[0] = replace(forms[0], lossy=reading.lossy)
        elif form.tokens and form.tokens != forms[0].tokens:
            # A Korean reading spells the same syllables: it stays syllabic. A foreign
            # name read back from Hangul is spelt in words, like a Latin one.
            syllabic = reading.syllabic and forms[0].syllabic
            forms.append(
                replace(
                    form, text=text, abjad=forms[0].abjad, syllabic=syllabic, lossy=reading.lossy
                )
            )
    return forms


class NameTable:
    """The indexed names, kept as plain columns and parsed into a NameForm on first use.

    Building 166,000 NameForm objects would add seconds to every index load; a
    query only ever looks at a few dozen names.
    """

    def __init__(
        self,
        texts: Sequence[str],
        tokens: Sequence[str],
        tags: Sequence[str],
        abjad: Sequence[bool],
        symbols: Mapping[str, frozenset[str]],
    ) -> None:
        self.texts, self.tokens, self.tags, self.abjad = texts, tokens, tags, abjad
        self._symbols = symbols
        self._forms: dict[int, NameForm] = {}

    @classmethod
    def of(cls, forms: list[NameForm], symbols: dict[str, frozenset[str]]) -> NameTable:
        """A table of already parsed names."""
        return cls(
            [f.text for f in forms],
            [" ".join(f.tokens) for f in forms],
            [" ".join(f.tags) for f in forms],
            [f.abjad for f in forms],
            symbols,
        )

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, position: int) -> NameForm:
        form = self._forms.get(position)
        if form is None:
            tokens = tuple(self.tokens[position].split())
            form = NameForm(
                self.texts[position],
                tokens,
                tuple(self.tags[position].split()),
                tuple(self._symbols.get(t, _NO_SYMBOLS) for t in tokens),
                self.abjad[position],
            )
            self._forms[position] = form
        return form
