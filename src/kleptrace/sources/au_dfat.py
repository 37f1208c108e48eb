"""Australia: the DFAT Consolidated List (regulation8_consolidated.xlsx).

One sheet, one row per name. A primary row has a numeric Reference ("2780", stored by
Excel as 2780.0); the rows of its other names carry the same number plus a suffix ("3a",
"2672a10") and a Name Type ("aka", "Original Script"). They are merged into one entity.
Identifiers have no columns of their own: they sit in "Additional Information" as
labelled text ("Registration ID: 1027800000084 (Russia)", "SWIFT/BIC: ROSYRU2P",
"Passport no.: ..."), which is parsed here; what is not placed stays on the entity as a
note. "Committees" names the regime (UN committee or Australian autonomous regime).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followthemoney import StatementEntity, registry
from python_calamine import CalamineWorkbook

from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.base import Emitter, Format, Head, is_empty
from kleptrace.sources.dates import MONTHS, parse_date
from kleptrace.sources.report import ParseReport

NAME = "au_dfat"
PREFIX = "au-dfat"
JURISDICTION = "au"
PUBLISHER = "Department of Foreign Affairs and Trade"
URL = "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"

REFERENCE = "Reference"
NAME_COL = "Name of Individual or Entity"
TYPE = "Type"
NAME_TYPE = "Name Type"
DOB = "Date of Birth"
POB = "Place of Birth"
CITIZENSHIP = "Citizenship"
ADDRESS = "Address"
INFO = "Additional Information"
LISTING = "Listing Information"
COMMITTEES = "Committees"
CONTROL_DATE = "Control Date"
COLUMNS = (
    REFERENCE, NAME_COL, TYPE, NAME_TYPE, DOB, POB, CITIZENSHIP, ADDRESS, INFO, LISTING,
    COMMITTEES, CONTROL_DATE,
)  # fmt: skip
HEADER_SCAN_ROWS = 10

SCHEMAS = {"individual": "Person", "entity": "LegalEntity", "vessel": "Vessel"}
SCHEMAS.update({"ship": "Vessel", "aircraft": "Airplane"})
ALIAS_PROPS = {
    "aka": "alias",
    "original script": "alias",
    "formerly known as": "previousName",
    "previously listed as": "previousName",
    "fka": "previousName",
}

_REF_RE = re.compile(r"^(\d+)([a-z]*\d*)$")
_ENUM_RE = re.compile(r"(?:^|(?<=\s)|(?<=;))\(?[a-z]\)\s*", re.I)
# "1970 (Libya) 1973 (Libya)": two committees in one cell.
_COMMITTEE_SPLIT_RE = re.compile(r"[;\n]+|(?<=\))\s+(?=\d{3,4}(?:/\d+)*\s*\(|Autonomous\s*\()")
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if m.isascii()), key=len, reverse=True))
_TEXT_DATE_RE = re.compile(
    rf"(?<!\d)\d{{1,2}}(?:st|nd|rd|th)?\.?\s*(?:{_MONTH_NAMES})\.?,?\s+\d{{4}}(?!\d)"
    r"|(?<!\d)\d{1,2}/\d{1,2}/\d{4}(?!\d)|(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)",
    re.I,
)
_LISTING_WORD_RE = re.compile(r"\b(?:listed|listing|designated|designation|declared)\b", re.I)


# --- Additional Information -------------------------------------------------------------

# Labels DFAT (and the UN text it copies) writes before values, by kind. Order matters:
# the longer form of a label comes first.
_LABELS: tuple[tuple[str, str], ...] = (
    ("ogrn", r"Registration ID \(OGRN no\.?\)"),
    ("fax", r"Tel/Fax|Fax|Facsimile(?: numbers?)?"),
    (
        "reg",
        r"(?:Business |State |Hong Kong company )?[Rr]egistration (?:ID|[Nn]o\.?|[Nn]umber)"
        r"|Registered company number|Company [Ii]dentification (?:[Nn]o\.?|[Nn]umber)"
        r"|Company (?:[Nn]o\.?|[Nn]umber)|Government Gazette Number",
    ),
    ("tax", r"Tax ID(?: No\.?)?|Tax Identification Number|INN"),
    (
        "tax_other",
        r"(?:Pakistan )?National Tax Number|(?:Italian )?Fiscal [Cc]ode|N\.I\.F\."
        r"|(?:Federal )?Employer Identification Number(?: \(United States of America\))?",
    ),
    ("vat", r"V\.A\.T\. Number|VAT Number"),
    ("swift", r"SWIFT/BIC|SWIFT|Bank Identifier Code \(BIC\)"),
    ("lei", r"Legal Entity Identifier(?: \(LEI\))?|LEI"),
    (
        "imo",
        r"International Maritime Organization \(IMO\)(?: Ship)? (?:[Nn]umber|No\.?)"
        r"|IMO(?: [Ii]dentification)? (?:[Nn]umber|No\.?)|IMO",
    ),
    ("email", r"E-?mail(?: address(?:es)?)?|Emails?"),
    ("website", r"(?:alt\. )?[Ww]ebsites?|Web site"),
    ("phone", r"Tel(?:ephone)?(?: numbers?)?|Phone|Mob(?:ile)?"),
    (
        "national_id",
        r"National (?:[Ii]dentification|ID|[Ii]dentity|[Ii]dentifier) "
        r"(?:[Nn]o\.?|[Nn]umber|[Cc]ard(?: [Nn]o\.?| [Nn]umber)?)"
        r"|(?:Spanish )?Identity Card No\.?|ID Card No\.?",
    ),
    ("passport", r"(?:[A-Z][a-z]+ )?[Pp]assport (?:[Nn]o\.?|[Nn]umber)"),
    ("passport_bare", r"(?:[A-Z][a-z]+ )?[Pp]assport(?: [Ii]nformation)?"),
    ("title", r"Title"),
    ("designation", r"Designation"),
    ("gender", r"Gender"),
)
_LABEL_RE = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _LABELS)
    + r")(?![A-Za-z])(?P<colon>\s*:)?\s*"
)
# These labels are ordinary words too: only read them when a colon follows.
_COLON_REQUIRED = frozenset({"title", "designation", "gender", "passport_bare"})
# Kinds whose value is one token right after the label.
_SINGLE = {
    "ogrn": r"\d{1,3}(?: \d{3}){3,}(?!\d)|\d{13,15}",
    "reg": r"\d{1,3}(?: \d{3}){3,}(?!\d)|[A-Z0-9](?:[A-Z0-9./-]*[A-Z0-9])?",
    "tax": r"[A-Z0-9](?:[A-Z0-9./-]*[A-Z0-9])?",
    "tax_other": r"[A-Z0-9](?:[A-Z0-9./-]*[A-Z0-9])?",
    "vat": r"[A-Z0-9]{6,}",
    "swift": r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Z0-9])",
    "lei": r"[A-Z0-9]{18,20}(?![A-Z0-9])",
    "imo": r"\d{7}(?!\d)",
}
# A passport or ID number: five or more characters with a digit ("OR 1961825", "H 236483",
# "14.884.849", "640120-01-5529"); dates and years are filtered out after matching.
_DOC_NUMBER = (
    r"(?<![\w./-])(?:(?!ID |NO |NR )[A-Z]{1,3} (?=\d{5}))?[A-Z]{0,3}\d[\dA-Z./-]{3,}[\dA-Z]"
    r"(?![\w/])"
)
# Kinds whose values are found anywhere in the labelled stretch.
_MULTI = {
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "website": r"(?:https?:/{1,2})?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/[^\s;,]*)?",
    "phone": r"\+?\s?\d[\d ()./-]{4,}\d",
    "passport": _DOC_NUMBER,
    "passport_bare": _DOC_NUMBER,
    "national_id": _DOC_NUMBER,
}
_TEXT_KINDS = frozenset({"title", "designation", "gender"})
_STOP_AT_SENTENCE = frozenset(
    {"passport", "passport_bare", "national_id", "title", "designation", "gender"}
)
_LIST_LINE_RE = re.compile(r"\s*(?:https?:|www\.|[\w.+-]+@|\+?\d)")
_URL_LINE_RE = re.compile(r"^(?:https?:/{1,2})?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")
_ANY_EMAIL_RE = re.compile(_MULTI["email"])
_DATE_LIKE_RE = re.compile(r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$")
_YEARS_RE = re.compile(r"^\d{4}-\d{4}$")
_ENUM_TAIL_RE = re.compile(r"(?<![A-Za-z])[a-z]\)\s*$")
_LEFTOVER_RE = re.compile(r"\([^)]*\)|\b(?:and|or)\b|[a-z]\)|[\s,;.:]+", re.I)
_ABBREVIATIONS = frozenset({"no", "nos", "dr", "mr", "mrs", "st", "co", "ltd", "inc", "jr", "sr"})
_ABBREVIATIONS |= frozenset(m for m in MONTHS if m.isascii() and len(m) <= 4)

PROPS = {
    "swift": "swiftBic",
    "lei": "leiCode",
    "vat": "vatCode",
    "imo": "imoNumber",
    "email": "email",
    "website": "website",
    "phone": "phone",
    "passport": "passportNumber",
    "passport_bare": "passportNumber",
    "national_id": "idNumber",
    "title": "title",
    "designation": "position",
    "gender": "gender",
    "tax_other": "taxNumber",
}


@dataclass
class Info:
    """What "Additional Information" holds: typed values and the text left over."""

    values: list[tuple[str, str, str]] = field(default_factory=list)
    """(kind, value, the labelled text it was read from)."""
    rest: str = ""


def _sentence_end(text: str, start: int, stop: int) -> int:
    """Where the sentence that runs at `start` ends ('. ' before a capital), skipping
    abbreviations such as "No." and "Feb."."""
    for m in re.finditer(r"\.\s+(?=[A-Z])", text[start:stop]):
        before = text[start : start + m.start()]
        word = re.findall(r"[A-Za-z]+$", before)
        initial = word and len(word[0]) == 1 and not before.lower().endswith("n/a")
        if word and (word[0].lower() in _ABBREVIATIONS or initial):
            continue
        return start + m.start()
    return stop


def _region_end(text: str, kind: str, start: int, stop: int) -> int:
    """The end of a label's value: the next label, the end of the line (lists of web
    sites, e-mails and phones may run over lines), or the end of the sentence."""
    end = stop
    pos = start
    while True:
        nl = text.find("\n", pos, stop)
        if nl < 0:
            break
        if kind in ("website", "email", "phone") and _LIST_LINE_RE.match(text, nl + 1):
            pos = nl + 1
            continue
        end = nl
        break
    if kind in _STOP_AT_SENTENCE:
        end = _sentence_end(text, start, end)
    if kind in _SINGLE and (semi := text.find(";", start, end)) >= 0:
        end = semi
    return end


def _is_identifier(token: str) -> bool:
    return (
        any(c.isdigit() for c in token)
        and not _DATE_LIKE_RE.match(token)
        and not _YEARS_RE.match(token)
    )


def _enum_parts(text: str) -> list[str]:
    """'a) Mullah b) Haji' -> ['Mullah', 'Haji']; text without enumeration -> [text]."""
    parts = [p.strip(" ;,.") for p in _ENUM_RE.split(text)]
    return [p for p in parts if p]


def parse_info(text: str) -> Info:
    """Read labelled values out of an "Additional Information" cell.

    A labelled stretch that is wholly consumed (label, value, an optional "(Russia)"
    qualifier) is removed from the text; one that also carries prose ("Passport no.:
    A123, issued on ...") or is one item of an "a) ... b) ..." list stays in the text, so
    the note keeps every word the list printed, and the value is still placed in its
    property (with the labelled text as its original value).
    """
    info = Info()
    # Long runs of spaces are line breaks of the cell layout ("Syria.      Tel: ...").
    text = re.sub(r"[ \t\xa0]{3,}", "\n", text)
    matches = []
    kinds = []
    for m in _LABEL_RE.finditer(text):
        kind = next(k for k, _ in _LABELS if m.group(k) is not None)
        if kind in _COLON_REQUIRED and not m.group("colon"):
            continue  # an ordinary word, not a label
        matches.append(m)
        kinds.append(kind)
    consumed: list[tuple[int, int]] = []
    for i, (m, kind) in enumerate(zip(matches, kinds, strict=True)):
        if kind == "fax":
            continue  # fax numbers fit no property: they stay in the note
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        end = _region_end(text, kind, m.end(), stop)
        # "a) 101423404 b) Kuwaiti passport number ...": the next item's "b)" is not ours.
        in_list = bool(_ENUM_TAIL_RE.search(text, 0, m.start()))
        if tail := _ENUM_TAIL_RE.search(text, m.end(), end):
            end = tail.start()
            in_list = True
        region = text[m.end() : end]
        found: list[str] = []
        leftover = region
        if kind in _SINGLE:
            vm = re.match(r"\s*(?:[a-z]\)\s*)?(" + _SINGLE[kind] + r")", region)
            if vm and (kind == "swift" or any(c.isdigit() for c in vm.group(1))):
                found.append(vm.group(1))
                leftover = region[vm.end() :]
        elif kind in _MULTI:
            pieces = []
            last = 0
            for vm in re.finditer(_MULTI[kind], region):
                value = vm.group(0).strip()
                if kind in ("passport", "passport_bare", "national_id") and not _is_identifier(
                    value
                ):
                    continue
                found.append(value)
                pieces.append(region[last : vm.start()])
                last = vm.end()
            pieces.append(region[last:])
            leftover = " ".join(pieces)
        elif kind in _TEXT_KINDS:
            found = _enum_parts(region)
            leftover = ""
        if not found:
            continue
        source = text[m.start() : end].strip()
        for value in found:
            info.values.append((kind, value.rstrip("."), source))
        if not in_list and not _LEFTOVER_RE.sub("", leftover):
            consumed.append((m.start(), end))

    rest = []
    pos = 0
    for start, end in consumed:
        rest.append(text[pos:start])
        pos = end
    rest.append(text[pos:])
    kept = []
    for line in re.split(r"([\n;])", "".join(rest)):
        bare = line.strip(" \t\xa0.,")
        if bare and _URL_LINE_RE.match(bare) and "." in bare and not bare[0].isdigit():
            info.values.append(("website", bare, line.strip()))
            continue
        kept.append(line)
    rest_text = "".join(kept)
    placed = {v for k, v, _ in info.values if k == "email"}
    for em in _ANY_EMAIL_RE.finditer(rest_text):
        if em.group(0) not in placed:
            info.values.append(("email", em.group(0), em.group(0)))
    rest_text = re.sub(r"[ \t\xa0]+", " ", re.sub(r"\s*\n\s*", "\n", rest_text))
    rest_text = re.sub(r"([;,.])(?:[ \t]*[;,.])+", r"\1", rest_text)
    info.rest = rest_text.lstrip(" \n;,.").rstrip(" \n;,")
    return info


# --- Cells and rows -----------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """Calamine values as the list means them: 1961.0 is the year 1961, blanks are None."""
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime | date):
        return value
    text = str(value).replace("\xa0", " ").strip()
    return None if is_empty(text) else text


def _text(value: Any) -> str | None:
    value = _cell(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_rows(path: Path) -> tuple[dict[str, int], int, list[tuple[int, list[Any]]]]:
    """The header map, its row number, and the data rows (with 1-based sheet row numbers)."""
    if not path.exists():
        raise ParseError(path, "file not found")
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ParseError(path, "workbook has no sheets")
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except ParseError:
        raise
    except Exception as exc:  # calamine raises its own types for zip and XML damage
        raise ParseError(path, f"not a readable xlsx workbook: {exc}") from exc
    if not rows:
        raise ParseError(path, "empty worksheet")
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = [str(c).strip() if c is not None else "" for c in row]
        if REFERENCE in cells and NAME_COL in cells:
            header = {name: cells.index(name) for name in COLUMNS if name in cells}
            missing = [name for name in COLUMNS if name not in header]
            if missing:
                raise ParseError(
                    path,
                    f"missing column(s): {', '.join(missing)}",
                    position=f"row {index + 1}",
                    field=", ".join(missing),
                )
            extra = {
                i: name or f"column {i + 1}" for i, name in enumerate(cells) if name not in COLUMNS
            }
            header.update({f"\x00{label}": i for i, label in extra.items()})
            data = [(index + 2 + n, list(r)) for n, r in enumerate(rows[index + 1 :])]
            return header, index + 1, data
    raise ParseError(
        path,
        f"no header row with {REFERENCE!r} and {NAME_COL!r} in the first {HEADER_SCAN_ROWS} rows",
        position="row 1",
        field=REFERENCE,
    )


@dataclass
class Row:
    number: int
    ref: str
    cells: dict[str, Any]
    extra: dict[str, str]
    raw: str

    def get(self, column: str) -> Any:
        return self.cells.get(column)


@dataclass
class Group:
    key: str
    primary: Row | None = None
    aliases: list[Row] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return ([self.primary] if self.primary else []) + self.aliases


def _ref(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip().lower()
    return text or None


def _raw(row: list[Any]) -> str:
    return " | ".join("" if c is None else str(c) for c in row)


def _groups(path: Path, report: ParseReport) -> list[Group]:
    """Rows grouped by the leading number of their Reference, primary rows checked unique."""
    header, _, data = _read_rows(path)
    groups: dict[str, Group] = {}
    seen_refs: dict[str, int] = {}
    blank = 0
    for number, original in data:
        row = [_cell(c) for c in original]
        if all(c is None for c in row):
            blank += 1
            continue
        report.records += 1

        def at(i: int, row: list[Any] = row) -> Any:
            return row[i] if i < len(row) else None

        ref = _ref(at(header[REFERENCE]))
        match = _REF_RE.match(ref) if ref else None
        if not match or not ref:
            report.reject(path.name, f"row {number}", "unreadable Reference", _raw(original))
            continue
        if ref in seen_refs:
            if not match.group(2):
                raise ParseError(
                    path,
                    f"duplicate primary Reference {ref} (first at row {seen_refs[ref]})",
                    position=f"row {number}",
                    field=REFERENCE,
                )
            report.warnings.append(
                f"{path.name} row {number}: Reference {ref} repeats row {seen_refs[ref]}"
            )
        seen_refs.setdefault(ref, number)
        cells = {name: at(header[name]) for name in COLUMNS}
        extra = {
            key[1:]: text
            for key, i in header.items()
            if key.startswith("\x00") and (text := _text(at(i)))
        }
        item = Row(number, ref, cells, extra, _raw(original))
        group = groups.setdefault(match.group(1), Group(match.group(1)))
        if match.group(2):
            group.aliases.append(item)
        else:
            group.primary = item
    if blank:
        report.warnings.append(f"{path.name}: {blank} blank row(s) skipped")
    if not groups:
        raise ParseError(path, "no data rows under the header")
    return list(groups.values())


# --- Entities -------------------------------------------------------------------------------


def _add_date(emitter: Emitter, entity: StatementEntity, prop: str, value: Any) -> None:
    """Add every date a cell holds, keeping the printed wording. Reads DFAT's own
    separators ("alt DOB:", ">>"); when some parts of an enumeration cannot be read
    ("c) 24/06/1402 (Hijri Calendar)"), the readable ones are added and the whole cell is
    also kept as a note."""
    value = _cell(value)
    if value is None:
        return
    if not isinstance(value, str):
        emitter.add_date(entity, prop, value)
        return
    text = re.sub(r"\s*(?:>>|;?\s*alt\.? DOB:?)\s*", "; ", value, flags=re.I)
    parsed = parse_date(text)
    values = list(parsed.values)
    if not parsed:
        for part in _enum_parts(text):
            values.extend(v for v in parse_date(part).values if v not in values)
        emitter.note(entity, prop, value)
    for iso in values:
        emitter.add(entity, prop, iso, original=value)


def listing_date(value: Any) -> str | None:
    """The listing date in "Listing Information": the first date after "listed" /
    "designated", else the first date not preceded by "after" ("Assets received on or
    after 23 May 2003 ..." is no listing date)."""
    value = _cell(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    dates = list(_TEXT_DATE_RE.finditer(text))
    if not dates:
        return None
    keyword = _LISTING_WORD_RE.search(text)
    chosen = None
    if keyword:
        chosen = next((d for d in dates if d.start() >= keyword.end()), None)
    if chosen is None:
        chosen = next(
            (d for d in dates if not re.search(r"after\s*$", text[: d.start()], re.I)), None
        )
    if chosen is None:
        return None
    parsed = parse_date(re.sub(r"(\d)\.?\s*([A-Za-z])", r"\1 \2", chosen.group(0), count=1))
    return parsed.values[0] if parsed else None


def committees(value: Any) -> list[str]:
    text = _text(value)
    if not text:
        return []
    return [c.strip() for c in _COMMITTEE_SPLIT_RE.split(text) if c and c.strip()]


def _distinct(rows: list[Row], column: str) -> list[Any]:
    out: list[Any] = []
    for row in rows:
        value = row.get(column)  # cells were cleaned when the rows were read
        if value is not None and value not in out:
            out.append(value)
    return out


def _split_list(text: str) -> list[str]:
    """Values listed in one cell: "a) X b) Y", "X; Y", "X and Y"."""
    parts: list[str] = []
    for part in _enum_parts(text):
        parts.extend(p.strip() for p in re.split(r";|\n|\s+and\s+|/|,(?=\s*[A-Z])", part))
    return [p for p in parts if p]


def _place_info(emitter: Emitter, entity: StatementEntity, info: Info, person: bool) -> None:
    """Put the values read from Additional Information into their properties."""
    for kind, value, source in info.values:
        if kind in ("ogrn", "reg"):
            ogrn = identifiers.ogrn(value) if "Gazette" not in source else None
            if ogrn:
                emitter.add(entity, "ogrnCode", ogrn, original=source)
            else:
                emitter.add(entity, "registrationNumber", value, original=source)
        elif kind == "tax":
            inn = identifiers.inn(value)
            prop = "innCode" if inn else "taxNumber"
            emitter.add(entity, prop, inn or value, original=source)
        elif kind == "imo":
            imo = identifiers.imo(value)
            if imo and entity.schema.get("imoNumber"):
                emitter.add(entity, "imoNumber", imo, original=source)
            else:
                emitter.note(entity, "imoNumber", source)
        else:
            prop = PROPS[kind]
            if entity.schema.get(prop) is None or (
                kind in ("passport", "passport_bare", "national_id", "title", "gender")
                and not person
            ):
                emitter.note(entity, prop, source)
            else:
                emitter.add(entity, prop, value, original=source)


def _schema(path: Path, group: Group, infos: list[Info]) -> str:
    assert group.primary is not None
    raw_type = _text(group.primary.get(TYPE)) or ""
    schema = SCHEMAS.get(raw_type.strip().lower())
    if schema is None:
        raise ParseError(
            path, f"unknown Type {raw_type!r}", position=f"row {group.primary.number}", field=TYPE
        )
    # DFAT gives shipping companies their IMO company number; FtM keeps that on Organization.
    if schema == "LegalEntity" and any(k == "imo" for info in infos for k, _, _ in info.values):
        schema = "Organization"
    return schema


def _entity(path: Path, emitter: Emitter, group: Group) -> Iterator[StatementEntity]:
    assert group.primary is not None
    rows = group.rows
    infos = [parse_info(str(text)) for text in _distinct(rows, INFO)]
    schema = _schema(path, group, infos)
    person = schema == "Person"
    entity = emitter.make(schema, group.key)
    emitter.add(entity, "name", _text(group.primary.get(NAME_COL)))
    for row in group.aliases:
        name = _text(row.get(NAME_COL))
        name_type = (_text(row.get(NAME_TYPE)) or "").strip().lower()
        prop = ALIAS_PROPS.get(name_type)
        if prop is None:
            prop = "alias"
            emitter.report.warnings.append(
                f"{path.name} row {row.number}: Name Type {name_type!r} read as alias"
            )
        emitter.add(entity, prop, name)
        row_type = (_text(row.get(TYPE)) or "").strip().lower()
        primary_type = (_text(group.primary.get(TYPE)) or "").strip().lower()
        if row_type and row_type != primary_type:
            emitter.report.warnings.append(
                f"{path.name} row {row.number}: Type {row_type!r} differs from primary"
            )
    if not name_type_ok(group.primary):
        emitter.report.warnings.append(
            f"{path.name} row {group.primary.number}: primary Reference with Name Type "
            f"{_text(group.primary.get(NAME_TYPE))!r}"
        )

    for value in _distinct(rows, DOB):
        if person:
            _add_date(emitter, entity, "birthDate", value)
        else:
            emitter.note(entity, DOB, _text(value) or "")
    for value in _distinct(rows, POB):
        text = _text(value) or ""
        if person:
            for place in _enum_parts(text):
                emitter.add(entity, "birthPlace", place, original=text)
        else:
            emitter.note(entity, POB, text)
    for value in _distinct(rows, CITIZENSHIP):
        prop = "nationality" if person else "country"
        text = str(value)
        # "Trinidad and Tobago" is one country, "Russian and Ukrainian" two.
        whole = registry.country.clean_text(text)
        for country in [text] if whole else _split_list(text):
            emitter.add(entity, prop, country, original=text)
    for value in _distinct(rows, ADDRESS):
        for address in _enum_parts(str(value)):
            for line in re.split(r";\s*\n\s*|\n\s*\n", address):
                emitter.add(entity, "address", line, original=str(value))
    for info in infos:
        _place_info(emitter, entity, info, person)
        if info.rest:
            emitter.note(entity, INFO, info.rest)
    for row in rows:
        for label, text in row.extra.items():
            emitter.note(entity, label, text)

    programs: list[str | None] = []
    for row in rows:
        for committee in committees(row.get(COMMITTEES)):
            if committee not in programs:
                programs.append(committee)
    listings = _distinct(rows, LISTING)
    control = _distinct(rows, CONTROL_DATE)
    sanctions = []
    if not programs:
        programs.append(None)
    for program in programs:
        sanction = emitter.sanction(entity, program, source_ref=group.key)
        for text in listings:
            iso = listing_date(text)
            original = _text(text)
            if iso:
                emitter.add(sanction, "listingDate", iso, original=original)
            emitter.add(sanction, "summary", original)
        for value in control:
            _add_date(emitter, sanction, "modifiedAt", value)
        sanctions.append(sanction)
    if programs == [None]:
        emitter.report.warnings.append(
            f"{path.name} row {group.primary.number}: no Committees; sanction without program"
        )
    yield entity
    yield from sanctions


def name_type_ok(row: Row) -> bool:
    return (_text(row.get(NAME_TYPE)) or "").strip().lower() in ("primary name", "")


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Yield one entity per primary Reference (its alias rows merged) and its Sanctions."""
    path = Path(path)
    emitter = Emitter(NAME, PREFIX, path, report, jurisdiction=JURISDICTION, authority=PUBLISHER)
    for group in _groups(path, emitter.report):
        if group.primary is None:
            for row in group.aliases:
                emitter.report.reject(
                    path.name,
                    f"row {row.number}",
                    f"alias row {row.ref} has no primary row {group.key}",
                    row.raw,
                )
            continue
        yield from _entity(path, emitter, group)


def published(path: Path) -> str | None:
    """The workbook states no publication date; the latest Control Date (the date DFAT
    last changed any entry) stands in for it."""
    header, _, data = _read_rows(Path(path))
    column = header[CONTROL_DATE]
    latest: str | None = None
    for _, row in data:
        value = _cell(row[column]) if column < len(row) else None
        if value is None:
            continue
        parsed = parse_date(value)
        if parsed:
            top = max(parsed.values)
            latest = top if latest is None or top > latest else latest
    return latest


def sniff(head: Head) -> bool:
    """An xlsx whose first sheet has DFAT's header (Reference, Name of Individual or
    Entity, Name Type, Committees)."""
    if head.is_dir or head.text != "<zip>":
        return False
    try:
        sheet = CalamineWorkbook.from_path(str(head.path)).get_sheet_by_index(0)
        for n, row in enumerate(sheet.iter_rows()):
            cells = {str(c).strip() for c in row if c is not None}
            if {REFERENCE, NAME_COL, NAME_TYPE, COMMITTEES} <= cells:
                return True
            if n + 1 >= HEADER_SCAN_ROWS:
                break
    except Exception:  # not a workbook, or a damaged one: not ours to claim
        return False
    return False


FORMAT = Format(
    name=NAME,
    title="Australia: DFAT Consolidated List (autonomous and UN sanctions)",
    sniff=sniff,
    parse=parse,
    source_name=lambda path: NAME,
    published=published,
    jurisdiction=JURISDICTION,
    publisher=PUBLISHER,
    urls=(URL,),
)
