"""Canada SEMA: the free-text <Aliases> field as separate names.

SEMA prints every other name of a listing in one field, separated by ";" or "," (which
also sit inside names), with "or" between variants and "Russian: ..." labels before
names in another script. `split_aliases` takes that text apart.
"""

from __future__ import annotations

import re

# Labels that introduce names in another script inside <Aliases>.
_LANG_LABELS = {
    "belarusian": "bel",
    "belarussian": "bel",
    "russian": "rus",
    "ukrainian": "ukr",
    "arabic": "ara",
    "persian": "fas",
    "farsi": "fas",
    "chinese": "zho",
}
_LABEL_RE = re.compile(r"\b(" + "|".join(_LANG_LABELS) + r")\s*:", re.I)
# Legal forms that SEMA writes after a comma ("Радиоавтоматика, ООО"): a piece that is
# only a legal form belongs to its neighbour, it is not a name of its own.
# fmt: off
_LEGAL_FORMS = frozenset(form.casefold() for form in (
    "ООО", "АО", "ОАО", "ЗАО", "ПАО", "НАО", "МК", "ФГУП", "ФГБУ", "(АО)", "Акционерное общество",
    "OOO", "AO", "OAO", "ZAO", "PAO", "JSC", "PJSC", "OJSC", "CJSC", "FSUE", "LLC", "Ltd",
    "Limited", "Inc", "Co", "Corp", "GmbH", "SA", "S.A",
))
# fmt: on
_OPEN = "(«“["
_CLOSE = ")»”]"
_OR_RE = re.compile(r"\s+or\s+")
_OR_AND_RE = re.compile(r"\s+(?:or|and)\s+")
_PATRONYMIC_RE = re.compile(r"(?:vich|vna|ich|вич|вна|ич)$", re.I)
_LEADING_WORD_RE = re.compile(r"^(?:also|or|and)\s+", re.I)


def _split_depth0(text: str, sep: str) -> list[str]:
    """Split on `sep` outside brackets and guillemets (commas inside a quoted name stay)."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _is_legal_form(piece: str) -> bool:
    return piece.strip().strip(".").casefold() in _LEGAL_FORMS


def _merge_fragments(pieces: list[str], sep: str, continuation: bool = True) -> list[str]:
    """Rejoin pieces that are not names of their own: a bare legal form, or (with
    `continuation`) a piece that continues the previous one (lower case, or "or ...")."""
    out: list[str] = []
    pending = ""
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        if pending:
            piece = f"{pending}{sep} {piece}"
            pending = ""
        # A lower-case start continues a Cyrillic name ("..., соотечественников, ...");
        # Latin names may start in lower case ("the Basij", "al-Masri").
        continues = continuation and (
            (piece[0].islower() and not piece[0].isascii())
            or piece.casefold().startswith(("or ", "and "))
        )
        if out and (_is_legal_form(piece) or continues):
            out[-1] = f"{out[-1]}{sep} {piece}"
        elif _is_legal_form(piece):
            pending = piece
        else:
            out.append(piece)
    if pending:
        out.append(pending)
    return out


def word_count(text: str) -> int:
    """The number of words: a one-word alias of a person is weak."""
    return len(text.split())


def _split_or(piece: str, person: bool) -> list[str]:
    """Split "X or Y". For entities "or" always separates names ("and" may be part of one);
    for people "or" and "and" separate only whole names ("Katsiaryna or Katerina
    Smuschkovich" is one name with a variant)."""
    splitter = _OR_AND_RE if person else _OR_RE
    parts = [p.strip() for p in splitter.split(piece) if p.strip()]
    if len(parts) < 2:
        return [piece]
    if person and any(word_count(p) < 2 or "/" in p for p in parts):
        return [piece]
    if person and any(_PATRONYMIC_RE.search(p) for p in parts[:-1]):
        return [piece]  # "Aleksandr Evgenyevich or Evgenievich Kon'kov": a variant part
    return _merge_fragments(parts, " or", continuation=False)


def _newlines(text: str) -> str:
    """A line break is a wrap inside a name unless the script changes across it."""

    def latin(ch: str) -> bool:
        return ord(ch) < 0x250

    out = []
    for i, ch in enumerate(text):
        if ch != "\n":
            out.append(ch)
            continue
        before = next((c for c in reversed(text[:i]) if c.isalpha()), "")
        after = next((c for c in text[i + 1 :] if c.isalpha()), "")
        out.append(";" if before and after and latin(before) != latin(after) else " ")
    return "".join(out)


def _tidy(name: str) -> str:
    """Drop separators and brackets left dangling at the ends by the split."""
    name = name.strip(" ,;")
    while name and (
        name[-1] == "("
        or name[0] == ")"
        or (name[-1] == ")" and "(" not in name)
        or (name[0] == "(" and ")" not in name)
    ):
        name = (name[:-1] if name[-1] in "()" else name[1:]).strip(" ,;")
    return name


def split_aliases(text: str, person: bool) -> list[tuple[str, str | None]]:
    """Split the free-text <Aliases> field into (name, language) pairs.

    SEMA separates names with ";" or ",", but commas also sit inside names ("Радиоавтоматика,
    ООО", "Федеральное агентство ..., соотечественников, ..."), so a comma piece that is only
    a legal form or continues in lower case is joined back. "Russian: ..." labels give the
    language of the names that follow. A person's "Баранов, Олег Анатольевич" (surname,
    given names) stays one name.
    """
    text = _newlines(text)
    sections: list[tuple[str | None, str]] = []
    pos = 0
    lang: str | None = None
    for m in _LABEL_RE.finditer(text):
        sections.append((lang, text[pos : m.start()]))
        lang = _LANG_LABELS[m.group(1).casefold()]
        pos = m.end()
    sections.append((lang, text[pos:]))

    out: list[tuple[str, str | None]] = []
    for section_lang, section in sections:
        for semi in _split_depth0(section, ";"):
            commas = [p for p in _split_depth0(semi, ",") if p.strip()]
            inverted = (
                person
                and len(commas) == 2
                and word_count(commas[0]) == 1
                and 2 <= word_count(commas[1]) <= 3
            )
            pieces = [semi.strip()] if inverted else _merge_fragments(commas, ",")
            for piece in pieces:
                for name in _split_or(piece, person):
                    name = _tidy(_LEADING_WORD_RE.sub("", name))
                    if not name:
                        continue
                    name_lang = section_lang if section_lang and not name.isascii() else None
                    out.append((name, name_lang))
    return out
