"""HM Treasury OFSI Consolidated List, 2022 column format (ConList.xlsx and ConList.csv).

The list prints one row per name variant; rows sharing a Group ID are one target, so
rows are grouped before anything is emitted. Row 1 is "Last Updated, dd/mm/yyyy" (the
publication date), row 2 the header. Identifiers, gender, ship particulars and the UK
Sanctions List reference are not columns: they sit in "Other Information" as labelled
items such as `(UK Sanctions List Ref):RUS0270` and `(IMO number):7408873`, which are
parsed here. What cannot be placed in a typed property is kept as a labelled note.

OFSI retired this list in early 2026 in favour of the FCDO UK Sanctions List (see
uk_fcdo); the parser stays so that archived versions can be loaded and compared.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import phonenumbers
from followthemoney import StatementEntity
from python_calamine import CalamineWorkbook

from kleptrace.data import regime_of
from kleptrace.exc import ParseError
from kleptrace.sources import identifiers
from kleptrace.sources.base import EMPTY_MARKERS, Emitter, Format, Head, is_empty
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport

SOURCE = "gb_hmt_ofsi"
PREFIX = "gb-ofsi"
PUBLISHER = "HM Treasury Office of Financial Sanctions Implementation"

NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_PARTS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
COLUMNS = (
    "Name 6",
    *NAME_PARTS,
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    *ADDRESS_PARTS,
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
)
"""Every column of the 2022 format; all are required, so a renamed column fails loudly."""

SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
"""Group Type to FtM schema. Organization (not LegalEntity) because shipping companies
carry company IMO numbers, which only Organization can hold."""

COUNTRY_COLUMNS = (
    ("Country", "country"),
    ("Nationality", "nationality"),
    ("Country of Birth", "birthCountry"),
)
TEXT_COLUMNS = (("Title", "title"), ("Town of Birth", "birthPlace"), ("Position", "position"))

ALIAS_TYPES = {
    "primary name": "name",
    "prime alias": "name",
    "primary name variation": "alias",
    "aka": "alias",
    "alias": "alias",
    "fka": "previousName",
}

LANGUAGES = {
    "russian": "rus",
    "russia": "rus",
    "persian": "fas",
    "persian/farsi": "fas",
    "farsi": "fas",
    "arabic": "ara",
    "belarusian": "bel",
    "ukrainian": "ukr",
    "ukraine": "ukr",
    "chinese": "zho",
    "georgian": "kat",
    "hebrew": "heb",
    "korean": "kor",
    "bulgarian": "bul",
    "turkish": "tur",
    "kazakh": "kaz",
    "serbian": "srp",
    "spanish": "spa",
    "thai": "tha",
    "greek": "ell",
    "bosnian": "bos",
    "japanese": "jpn",
    "burmese": "mya",
    "romanian": "ron",
}
"""Non-Latin Script Language names to the ISO 639-3 codes FtM statements carry."""

# --- helpers shared with uk_fcdo -------------------------------------------------------

_MULTI = re.compile(r"(?:^|\s)\(\d{1,2}\)\s*")


def split_multi(value: object) -> list[str]:
    """'(1) Russia (2) Israel' -> ['Russia', 'Israel']; a plain value stays one value."""
    if is_empty(value):
        return []
    parts = [p.strip().strip(";,").strip() for p in _MULTI.split(str(value))]
    parts = [p[:-1].strip() if p.endswith(".") and not p.endswith("etc.") else p for p in parts]
    return [p for p in parts if not is_empty(p)]


def put(
    emitter: Emitter,
    entity: StatementEntity,
    prop: str,
    value: object,
    label: str | None = None,
    original: str | None = None,
) -> bool:
    """Add to `prop` when the schema has it, otherwise keep the value as a labelled note."""
    if is_empty(value):
        return False
    if entity.schema.get(prop) is None:
        emitter.note(entity, label or prop, str(value).strip())
        return False
    return emitter.add(entity, prop, value, original=original)


def fits(entity: StatementEntity, prop: str, value: str) -> bool:
    """Whether the property would accept the value, without adding or noting it."""
    schema_prop = entity.schema.get(prop)
    return schema_prop is not None and (
        schema_prop.type.clean_text(value, proxy=entity) is not None
    )


CONTACTS = {"Phone number": "phone", "Tel": "phone", "Email address": "email", "Website": "website"}
_CONTACT_TOKENS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "website": re.compile(
        r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?", re.I
    ),
    "phone": re.compile(r"\+?[\d(][\d()\s-]{5,}\d"),
}


def contacts(emitter: Emitter, entity: StatementEntity, prop: str, text: str, label: str) -> None:
    """Phones, emails and websites, several to a cell ("a@x.ru. b@y.ru", "www.a.by, www.b.com").

    The whole cell is noted as well when words are left over ("Social Media: ..."), so a
    label or a broken address is never lost.
    """
    text = text.strip().rstrip(".,;").strip()
    if is_empty(text):
        return
    if fits(entity, prop, text):
        emitter.add(entity, prop, text)
        return
    tokens = [t.group().rstrip(".,;") for t in _CONTACT_TOKENS[prop].finditer(text)]
    if prop == "phone":
        tokens = [_international(entity, t) or t for t in tokens]
    placed = [t for t in tokens if fits(entity, prop, t)]
    for value in placed:
        emitter.add(entity, prop, value, original=text)
    rest = _CONTACT_TOKENS[prop].sub(" ", text).replace("and", "")
    if not placed or len(placed) < len(tokens) or re.search(r"[^\W_]{2,}", rest):
        emitter.note(entity, label, text)


def _international(entity: StatementEntity, number: str) -> str | None:
    """A number printed without "+": '00375 17 ...' is international; '218 21 ...' is read
    as +218 and '8 (495) ...' as a domestic number only when that matches the entity's one
    country, which keeps a local number from being misread."""
    digits = re.sub(r"[^\d+]", "", number)
    countries = {c.upper() for c in entity.get("country", quiet=True)}
    candidate = "+" + digits[2:] if digits.startswith("00") else "+" + digits.lstrip("+")
    parsed = _phone(candidate, None)
    if parsed is not None:
        region = phonenumbers.region_code_for_number(parsed)
        if digits.startswith("00") or region in countries:
            return candidate
    if len(countries) == 1 and not digits.startswith("+"):  # a domestic number ("8 (495) ...")
        parsed = _phone(digits, next(iter(countries)))
        if parsed is not None:
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _phone(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


_COUNTRY_FIXES = {
    "congo (democratic republic)": "cd",
    "democratic republic of the congo": "cd",
    "occupied palestinian territories": "ps",
    "repubic of moldova": "md",
    "bosnia-herzegovina": "ba",
}
"""UK spellings FtM does not resolve; the printed wording stays the original value."""
_NOW = re.compile(r"\b(?:now|currently)\s+([A-Za-z][A-Za-z .'-]+)", re.I)


def country(emitter: Emitter, entity: StatementEntity, prop: str, text: str, label: str) -> None:
    """A country as the UK prints it, including "Ukrainian SSR (now Ukraine)" and
    "Germany. Russia"; what cannot be resolved is noted whole."""
    text = text.strip().rstrip(".").strip()
    if is_empty(text):
        return
    if entity.schema.get(prop) is None or fits(entity, prop, text):
        put(emitter, entity, prop, text, label)
        return
    fixed = _COUNTRY_FIXES.get(text.lower())
    if fixed is None and (now := _NOW.search(text)):
        fixed = now[1].strip()
    if fixed is None:
        bare = re.sub(r"\s*\([^)]*\)\s*", " ", text).strip()
        if bare != text and fits(entity, prop, bare):
            fixed = bare
    if fixed is not None and fits(entity, prop, fixed):
        emitter.add(entity, prop, fixed, original=text)
        return
    parts = [p.strip() for p in re.split(r"[.,;]\s*", text) if p.strip()]
    if len(parts) > 1 and all(fits(entity, prop, p) for p in parts):
        for part in parts:
            emitter.add(entity, prop, part, original=text)
        return
    emitter.note(entity, label, text)


# Labels printed before registry numbers, longest first; `kind` decides the property.
_ID_LABELS: tuple[tuple[str, str], ...] = (
    (r"Tax ID Number\s*/\s*INN", "tax"),
    (r"Registration Number\s*/\s*OGRN", "ogrn"),
    (r"Russian Tax Identification Number", "tax"),
    (r"Taxpayer Identification Number", "tax"),
    (r"Tax Identification Number", "tax"),
    (r"Tax ID(?:\s*No\.?|\s*Number)?", "tax"),
    (r"Taxpayer (?:ID|No\.?)", "tax"),
    (r"Tax Number", "tax"),
    (r"(?:УНН\s*/\s*)?ИНН|УНН", "tax"),
    (r"VAT (?:number|No\.?)", "vat"),
    (r"Commercial regist(?:er|ration) number", "reg"),
    (r"(?:Iran )?Registration No\.?", "reg"),
    (r"UID Number", "reg"),
    (r"BvD (?:ID )?number", "bvd"),
    (r"(?-i:INN)", "tax"),
    (r"(?-i:TIN)", "tax"),
    (r"(?-i:OGRNIP)", "ogrn"),
    (r"(?-i:OGRN)", "ogrn"),
    (r"(?-i:P?SRN)", "ogrn"),
    (r"State Registration Number", "ogrn"),
    (r"(?-i:KPP)", "kpp"),
    (r"(?-i:OKPO)", "okpo"),
    (r"Government Gazette Number", "okpo"),
    (r"(?-i:OKTMO)", "oktmo"),
    (r"(?:Kyrgyz |Kyrgz )?BIK(?:\s*\(RU\))?(?:\s*number)?", "bik"),
    (r"SWIFT\s*/\s*BI[CN]", "swift"),
    (r"SWIFT(?:\s*code)?", "swift"),
    (r"(?-i:BIC)", "swift"),
    (r"Legal Entity (?:Identifier|Number)", "lei"),
    (r"(?-i:LEI)", "lei"),
    (r"Unified Social Credit Code", "uscc"),
    (r"(?-i:USCC)", "uscc"),
    (r"BvD ID", "bvd"),
    (r"IMO(?:\s*number)?", "imo"),
    (r"(?:Trade )?Licen[cs]e(?:\s*No\.?|\s*number)?", "license"),
    (r"(?:UK )?Company (?:Registration )?(?:no\.?|number)", "reg"),
    (r"Registered company number", "reg"),
    (r"Company Registration Number", "reg"),
    (r"Business Registration Number", "reg"),
    (r"Business Identification Number", "reg"),
    (r"Trade Register(?:ed)? Number", "reg"),
    (r"Registration (?:Number|ID)", "reg"),
    (r"Registered Russian Bank No\.?", "reg"),
    (r"(?-i:CR(?:\s*No\.?)?)", "reg"),
    (r"(?:USREOU|EDRPOU)(?:\s*code)?", "reg"),
    (r"Iran National ID Number", "reg"),
    (r"(?-i:BIN)", "reg"),
    (r"(?-i:PPC)", "other"),
    (r"SPARK code", "other"),
    (r"ISN Number", "other"),
    (r"IP Identification", "other"),
    (r"China Organisation code", "other"),
)
_LABEL_RX = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(f"(?P<k{i}>{rx})" for i, (rx, _) in enumerate(_ID_LABELS))
    + r")(?![A-Za-z])",
    re.I,
)
_SEP_CHARS = " \t\r\n:;,.-–—=#№/()"
_DIGITS = re.compile(r"\d{4,20}")
_ALNUM = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-/]*[A-Za-z0-9])?")
_BARE = re.compile(r"[A-Za-z0-9]*\d(?:[A-Za-z0-9\-/.]*[A-Za-z0-9])?")
_SWIFT = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])")
_STOPWORDS = frozenset(
    {
        "russia",
        "russian",
        "federation",
        "no",
        "number",
        "code",
        "the",
        "and",
        "of",
        "ru",
        "rf",
        "id",
        "nr",
        "num",
    }
)
_DIGIT_KINDS = frozenset({"tax", "ogrn", "kpp", "okpo", "oktmo", "bik"})


def has_registry_label(text: str) -> bool:
    """Whether the text names a registry number ("OGRNIP: ...", "TIN - ...")."""
    return _LABEL_RX.search(text) is not None


def _residue(text: str) -> str:
    words = re.findall(r"[^\W_]+", text)
    return " ".join(w for w in words if w.lower() not in _STOPWORDS)


def add_registry_number(
    emitter: Emitter, entity: StatementEntity, kind: str, value: str, original: str, label: str
) -> bool:
    """Put one registry number where it belongs: INN/OGRN when the checksum holds.

    Returns False for numbers no property takes (KPP, OKTMO, a bank BIK, ...), which the
    caller keeps in a note.
    """
    prop = {
        "okpo": "okpoCode",
        "lei": "leiCode",
        "uscc": "uscCode",
        "bvd": "bvdId",
        "vat": "vatCode",
        "license": "licenseNumber",
        "reg": "registrationNumber",
    }.get(kind)
    if kind == "tax":
        inn = identifiers.inn(value)
        prop, value = ("innCode", inn) if inn else ("taxNumber", value)
    elif kind == "ogrn":
        ogrn = identifiers.ogrn(value)
        prop, value = ("ogrnCode", ogrn) if ogrn else ("registrationNumber", value)
    elif kind == "swift" and _SWIFT.fullmatch(value):  # a numeric "BIC" is a bank BIK
        prop = "swiftBic"
    elif kind == "imo":
        imo = identifiers.imo(value)
        prop, value = ("imoNumber", imo) if imo else (None, value)
    if prop is None or value is None:
        return False
    put(emitter, entity, prop, value, label, original)
    return True


def classify_bare(value: str) -> str:
    """An unlabelled number: OGRN or INN when its checksum proves it, else a registration."""
    digits = re.sub(r"\D", "", value)
    if digits == value.strip():
        if identifiers.ogrn(digits):
            return "ogrn"
        if identifiers.inn(digits):
            return "tax"
    return "reg"


def registry_numbers(
    emitter: Emitter,
    entity: StatementEntity,
    text: str,
    label: str,
    *,
    bare: str | None = "auto",
    keep_residue: bool = True,
) -> int:
    """Parse labelled registry numbers ("OGRN: 1027700...; INN/TIN: 77...; KPP: ...").

    Args:
        bare: how to read a number printed without a label: "auto" (checksum decides),
            a kind such as "tax", or None to ignore it (free text).
        keep_residue: note the whole text when words are left that are not labels or
            numbers, so nothing printed is lost.
    Returns:
        How many numbers were placed.
    """
    if is_empty(text):
        return 0
    text = str(text).replace("\xa0", " ")
    matches = list(_LABEL_RX.finditer(text))
    found = 0
    residue: list[str] = []
    bounds = [0, *(m.start() for m in matches), len(text)]
    segments: list[tuple[str | None, str]] = [(None, text[: bounds[1]])]
    for i, m in enumerate(matches):
        group = m.lastgroup or "k0"  # always set: every alternative is a named group
        segments.append((_ID_LABELS[int(group[1:])][1], text[m.end() : bounds[i + 2]]))
    for label_kind, segment in segments:
        body = segment.lstrip(_SEP_CHARS)
        if label_kind is None:
            token = _BARE.search(body) if bare is not None else None
            if token is None or bare is None:
                residue.append(segment)
                continue
            residue.append(body[: token.start()])
            kind = classify_bare(token.group()) if bare == "auto" else bare
        else:
            kind = label_kind
            pattern = _DIGITS if kind in _DIGIT_KINDS else _ALNUM
            token = pattern.match(body)
            if token is None or (not re.search(r"\d", token.group()) and kind != "swift"):
                residue.append(segment)
                continue
        if add_registry_number(emitter, entity, kind, token.group(), text.strip(), label):
            found += 1
            residue.append(body[token.end() :])
        else:
            residue.append(segment)
    if keep_residue and _residue(" ".join(residue)):
        emitter.note(entity, label, text.strip())
    return found


# --- reading the file ------------------------------------------------------------------


Numbered = list[tuple[int, list[str]]]
"""Rows with their 1-based row (xlsx) or starting line (csv) number."""


@dataclass
class _Table:
    header: list[str]
    unit: str
    rows: Numbered
    """Every data row after the header, with its position."""


def _text(value: object) -> str:
    """A cell as text: integral floats lose ".0", dates become ISO dates."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _is_xlsx(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _xlsx_rows(path: Path, nrows: int | None = None) -> Numbered:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    first = sheet.start[0] if sheet.start else 0
    rows = sheet.to_python(nrows=nrows) if nrows else sheet.to_python()
    return [(first + i + 1, [_text(c) for c in row]) for i, row in enumerate(rows)]


def _read_xlsx(path: Path) -> Numbered:
    try:
        return _xlsx_rows(path)
    except Exception as exc:
        raise ParseError(path, f"cannot read the workbook (truncated or corrupt): {exc}") from exc


def _csv_rows(text: str, limit: int | None = None) -> Numbered:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: Numbered = []
    while limit is None or len(rows) < limit:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        rows.append((line, [_text(c) for c in row]))
    return rows


def _read_csv(path: Path) -> Numbered:
    raw = path.read_bytes()
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ParseError(
            path, f"bytes that are not UTF-8 ({exc.reason})", position=f"line {line}"
        ) from exc
    try:
        return _csv_rows(text)
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}") from exc


def _header_index(rows: Sequence[tuple[int, Sequence[object]]]) -> int | None:
    for i, (_, row) in enumerate(rows[:5]):
        cells = {_text(c) for c in row}
        if "Name 6" in cells and "Group ID" in cells:
            return i
    return None


def _unique(header: list[str]) -> list[str]:
    """Blank and repeated header cells get names of their own, so no cell overwrites another."""
    out: list[str] = []
    for i, name in enumerate(header, start=1):
        name = name or f"column {i}"
        out.append(name if name not in out else f"{name} (column {i})")
    return out


def _read(path: Path) -> _Table:
    xlsx = _is_xlsx(path)
    rows = _read_xlsx(path) if xlsx else _read_csv(path)
    unit = "row" if xlsx else "line"
    if not any(not is_empty(c) for _, r in rows for c in r):
        raise ParseError(path, "the file is empty")
    at = _header_index(rows)
    if at is None:
        number, first = rows[0]
        start = ", ".join(_text(c) for c in first[:4])
        raise ParseError(
            path,
            f"no OFSI header row ('Name 6' ... 'Group ID'); the file starts with: {start}",
            position=f"{unit} {number}",
        )
    number, cells = rows[at]
    header = _unique([_text(c) for c in cells])
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ParseError(
            path,
            f"missing required column(s): {', '.join(missing)}",
            position=f"{unit} {number}",
            field=missing[0],
        )
    return _Table(header, unit, rows[at + 1 :])


def _head_text(path: Path) -> str:
    """The first 64 KiB as text; UTF-16 (Excel's "Unicode" CSV) is told by its BOM."""
    with open(path, "rb") as fh:
        raw = fh.read(64 * 1024)
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return raw.decode(encoding, errors="replace")


def _published(path: Path) -> str | None:
    """The "Last Updated" date printed in row 1, as an ISO date (None when not printed)."""
    if _is_xlsx(path):
        try:
            rows = _xlsx_rows(path, nrows=3)
        except Exception as exc:
            raise ParseError(path, f"cannot read the workbook: {exc}") from exc
    else:
        rows = _csv_rows(_head_text(path), limit=3)
    for _, row in rows:
        if row and _text(row[0]).lower() == "last updated" and len(row) > 1:
            parsed = parse_date(row[1], day_first=True)
            return parsed.values[0] if parsed else None
    return None


def _sniff(head: Head) -> bool:
    """Recognise the list by its header row ('Name 6' ... 'Group Type' ... 'Group ID')."""
    if head.is_dir:
        return False
    if head.text == "<zip>":
        try:
            rows = _xlsx_rows(head.path, nrows=3)
        except Exception:
            return False
    else:
        text = _head_text(head.path) if "\x00" in head.text else head.text.lstrip("\ufeff")
        try:
            rows = _csv_rows(text, limit=3)
        except csv.Error:
            return False
    at = _header_index(rows)
    return at is not None and "Group Type" in {_text(c) for c in rows[at][1]}


# --- Other Information -----------------------------------------------------------------

_OI_LABELS = (
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "IMO number",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
    "Current owners",
)
_OI_SPLIT = re.compile(r"\((" + "|".join(re.escape(x) for x in _OI_LABELS) + r")\)\s*:")
_UK_REF = re.compile(r"[A-Z]{3}\d{4}")
_UK_REFS = re.compile(r"^\s*([A-Z]{3}\d{4}(?:\s*(?:and|,|&|/)\s*[A-Z]{3}\d{4})*)\.?")
_UN_REF = re.compile(r"([A-Z]{2}[ie])\.\s?(\d{3})", re.I)
_UN_REFS = re.compile(
    r"^\s*([A-Z]{2}[ie]\.\s?\d{3}(?:\s*(?:and|,|&|/)\s*[A-Z]{2}[ie]\.\s?\d{3})*)\.?", re.I
)
_MEASURES = re.compile(
    r"Financial sanctions imposed in addition to an asset freeze:\s*(?P<list>.*?)"
    r"(?=Date trust services sanctions imposed|The prohibition on|$)",
    re.S,
)
_TRUST_DATE = re.compile(r"Date trust services sanctions imposed:\s*(\d{1,2}/\d{1,2}/\d{4})\.?")
_CB_DATE = re.compile(
    r"The prohibition on correspondent banking relationships etc\.? measure was imposed on"
    r"\s*(\d{1,2}/\d{1,2}/\d{4})\.?"
)
_ESTABLISHED = re.compile(
    r"(?:Organi[sz]ation )?(?:Established|Incorporation) Date:?\s*"
    r"(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4})"
)
_UN_PREFIX = {
    "QD": "Al-Qaida",
    "TA": "Taliban",
    "KP": "DPRK",
    "IR": "Iran",
    "IQ": "Iraq",
    "CD": "DRC",
    "LY": "Libya",
    "SO": "Somalia",
    "CF": "CAR",
    "HT": "Haiti",
    "YE": "Yemen",
    "GB": "GB",
    "SD": "Sudan",
    "SS": "SouthSudan",
    "ML": "Mali",
}
"""UN reference prefixes to the UN committee names regimes.yml knows, to pair a UN
reference with the right UK regime when a target is listed under several."""


@dataclass
class _Designation:
    """What "Other Information" says about the designation rather than the target."""

    refs: list[str] = field(default_factory=list)
    un_refs: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)


def _split_other_information(text: str) -> tuple[str, list[tuple[str, str]]]:
    parts = _OI_SPLIT.split(text)
    return parts[0], [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def _provisions(free: str, out: _Designation) -> str:
    """Pull the additional financial measures out of the free text; return what is left."""
    m = _MEASURES.search(free)
    if m is None:
        return free
    trust = _TRUST_DATE.search(free)
    banking = _CB_DATE.search(free)
    items = [i.strip().rstrip(".") for i in re.split(r"(?<=\.)\s+", m["list"].strip())]
    for item in filter(None, items):
        if item.lower().startswith("trust services") and trust:
            item = f"{item} (imposed {trust[1]})"
        elif item.lower().startswith("correspondent banking") and banking:
            item = f"{item} (imposed {banking[1]})"
        out.provisions.append(item)
    rest = free[: m.start()] + free[m.end() :]
    for rx in (_TRUST_DATE, _CB_DATE):
        rest = rx.sub("", rest)
    return rest


def _free_text(emitter: Emitter, entity: StatementEntity, text: str) -> None:
    """Keep free text as a note, and lift the registry numbers and dates it labels."""
    text = text.strip().strip(".").strip()
    if is_empty(text):
        return
    registry_numbers(emitter, entity, text, "Other Information", bare=None, keep_residue=False)
    for m in _ESTABLISHED.finditer(text):
        if entity.schema.get("incorporationDate") is not None:
            emitter.add_date(entity, "incorporationDate", m[1])
    emitter.note(entity, "Other Information", text)


def _other_information(
    emitter: Emitter, entity: StatementEntity, text: str, out: _Designation
) -> None:
    """Parse the labelled items of "Other Information" into properties and designation data."""
    lead, items = _split_other_information(text)
    _free_text(emitter, entity, lead)
    for label, raw in items:
        value = raw.strip()
        if label == "UK Sanctions List Ref":
            m = _UK_REFS.match(value)
            if m:
                out.refs.extend(r for r in _UK_REF.findall(m[1]) if r not in out.refs)
                value = value[m.end() :]
            _free_text(emitter, entity, _provisions(value, out))
        elif label == "UN Ref":
            m = _UN_REFS.match(value)
            if m:
                refs = [f"{a[:2].upper()}{a[2].lower()}.{b}" for a, b in _UN_REF.findall(m[1])]
                out.un_refs.extend(r for r in refs if r not in out.un_refs)
                value = value[m.end() :]
            _free_text(emitter, entity, value)
        elif label == "UK Statement of Reasons":
            if not is_empty(value) and value not in out.reasons:
                out.reasons.append(value)
        elif label == "Gender":
            put(emitter, entity, "gender", value.rstrip("."), "Gender")
        elif label in ("Phone number", "Tel", "Email address", "Website"):
            prop = CONTACTS[label]
            for item in split_multi(value):
                contacts(emitter, entity, prop, item, label)
        elif label == "Fax":
            emitter.note(entity, "Fax", value)
        elif label == "Type of entity":
            put(emitter, entity, "legalForm", value.rstrip("."), "Type of entity")
        elif label == "Business Reg No":
            for item in split_multi(value):
                registry_numbers(emitter, entity, item, "Business Reg No")
        elif label == "IMO number":
            imo = identifiers.imo(value)
            if imo:
                put(emitter, entity, "imoNumber", imo, "IMO number", value)
            else:
                emitter.note(entity, "IMO number", value)
        elif label == "Flag of ship":
            put(emitter, entity, "flag", value.rstrip("."), "Flag of ship")
        elif label == "Previous flags":
            for flag in re.split(r"\.\s+|;|,", value):
                put(emitter, entity, "pastFlags", flag.strip().rstrip("."), "Previous flags")
        elif label == "Type of ship":
            put(emitter, entity, "type", value, "Type of ship")
        elif label == "Tonnage of ship":
            put(emitter, entity, "tonnage", value, "Tonnage of ship")
        elif label == "Year built":
            if entity.schema.get("buildDate") is not None:
                emitter.add_date(entity, "buildDate", value)
            else:
                emitter.note(entity, "Year built", value)
        else:  # Parent company, Subsidiaries, Length of ship, Current owners
            for item in split_multi(value) or [value]:
                emitter.note(entity, label, item)


# --- building targets ------------------------------------------------------------------


def _has(value: str) -> bool:
    """is_empty for cells already read as stripped text, cheap enough for every cell."""
    return bool(value) and value.lower() not in EMPTY_MARKERS


def _full_name(row: dict[str, str], schema: str) -> str:
    """Given names then family name (Name 6) for people; Name 6 first for the rest.

    Every non-blank part counts: "Na" is a name here, not a "n/a" marker."""
    parts = [row[c] for c in NAME_PARTS if row[c]]
    last = row["Name 6"]
    if schema == "Person":
        return " ".join([*parts, last] if last else parts)
    return " ".join([last, *parts] if last else parts)


def _address(row: dict[str, str]) -> str:
    """The printed address lines; a bare Country is not an address (it goes to `country`)."""
    parts = [row[c] for c in (*ADDRESS_PARTS, "Post/Zip Code") if _has(row[c])]
    if not parts:
        return ""
    return ", ".join([*parts, row["Country"]] if _has(row["Country"]) else parts)


def _pairs(
    emitter: Emitter, entity: StatementEntity, numbers: str, details: str, prop: str, label: str
) -> None:
    """Numbers and their details are parallel "(1) .. (2) .." lists; pair them when they match."""
    values = split_multi(numbers)
    infos = split_multi(details)
    paired = len(infos) == len(values)
    for i, value in enumerate(values):
        info = infos[i] if paired else details
        if prop == "idNumber" and re.search(r"\b(INN|TIN|tax|taxpayer)\b", info, re.I):
            add_registry_number(emitter, entity, "tax", value, value, label)
        else:
            put(emitter, entity, prop, value, label)
    if infos and len(infos) == len(values):
        for value, info in zip(values, infos, strict=True):
            emitter.note(entity, label, f"{value}: {info}")
    elif not is_empty(details):
        emitter.note(entity, label, str(details))


SCRIPTS = frozenset(
    {
        "cyrillic",
        "cryillic",
        "cyrilic",
        "arabic",
        "chinese",
        "georgian",
        "hebrew",
        "hangul",
        "greek",
        "thai",
        "burmese",
        "latin",
    }
)


def _script_lang(row: dict[str, str]) -> str | None:
    """The ISO 639-3 code of a non-Latin name; the two columns are sometimes swapped."""
    language = row["Non-Latin Script Language"].strip().lower()
    return LANGUAGES.get(language) or LANGUAGES.get(row["Non-Latin Script Type"].strip().lower())


def promote_name(names: dict[str, list[Any]]) -> None:
    """A target needs a name: without a primary name row (two OFSI groups print only
    variations), the variations stand in, else the first alias."""
    if names.get("name"):
        return
    if names.get("variation"):
        names["name"] = names.pop("variation")
    elif names.get("alias"):
        names["name"] = names["alias"][:1]
        names["alias"] = names["alias"][1:]


def _build(
    emitter: Emitter, gid: str, schema: str, rows: list[dict[str, str]], extras: list[str]
) -> Iterator[StatementEntity]:
    """One target from its name rows; `extras` are columns the 2022 format does not have."""
    entity = emitter.make(schema, gid)
    names: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for row in rows:
        full = _full_name(row, schema)
        if not full:
            continue
        prop = ALIAS_TYPES.get(row["Alias Type"].strip().lower())
        if prop is None:
            emitter.report.warnings.append(
                f"{emitter.origin}: Group ID {gid}: unknown Alias Type {row['Alias Type']!r}"
                " read as an alias"
            )
            prop = "alias"
        if prop == "alias" and row["Alias Quality"].strip().lower().startswith("low"):
            prop = "weakAlias"
        variant = prop == "alias" and row["Alias Type"].strip().lower() == "primary name variation"
        names.setdefault("variation" if variant else prop, []).append((full, row))
    promote_name(names)
    added: set[tuple[str, str]] = set()
    for kind, items in names.items():
        prop = "alias" if kind == "variation" else kind
        for full, row in items:
            if (kind, full) in added:  # the same name is printed once per regime
                continue
            added.add((kind, full))
            emitter.add(entity, prop, full)
            if schema == "Person" and kind == "name":
                emitter.add(entity, "firstName", row["Name 1"])
                emitter.add(entity, "secondName", row["Name 2"])
                for part in ("Name 3", "Name 4", "Name 5"):
                    emitter.add(entity, "middleName", row[part])
                emitter.add(entity, "lastName", row["Name 6"])

    seen: set[tuple[str, str]] = set()

    def once(column: str, value: str) -> bool:
        key = (column, value)
        if not _has(value) or key in seen:
            return False
        seen.add(key)
        return True

    for row in rows:
        nonlatin = row["Name Non-Latin Script"]
        if once("Name Non-Latin Script", nonlatin):
            emitter.add(entity, "alias", nonlatin, lang=_script_lang(row))
            lang = row["Non-Latin Script Language"]
            if _has(lang) and lang.lower() not in SCRIPTS and _script_lang(row) is None:
                emitter.note(entity, "Non-Latin Script Language", f"{nonlatin}: {lang}")
        for column, prop in COUNTRY_COLUMNS:
            if once(column, row[column]):
                for value in split_multi(row[column]):
                    country(emitter, entity, prop, value, column)
        for column, prop in TEXT_COLUMNS:
            if once(column, row[column]):
                for value in split_multi(row[column]):
                    put(emitter, entity, prop, value, column)
        if once("DOB", row["DOB"]):
            if entity.schema.get("birthDate") is not None:
                for value in split_multi(row["DOB"]):
                    emitter.add_date(entity, "birthDate", value)
            else:
                emitter.note(entity, "DOB", row["DOB"])
        address = _address(row)
        if once("address", address):
            put(emitter, entity, "address", address, "address")
        if once("passport", row["Passport Number"] + "\x1f" + row["Passport Details"]):
            _pairs(
                emitter,
                entity,
                row["Passport Number"],
                row["Passport Details"],
                "passportNumber",
                "Passport Details",
            )
        national = row["National Identification Number"]
        national_details = row["National Identification Details"]
        if once("national", national + "\x1f" + national_details):
            _pairs(
                emitter,
                entity,
                national,
                national_details,
                "idNumber",
                "National Identification Details",
            )
        for column in extras:
            if once(column, row[column]):
                emitter.note(entity, column, row[column])

    designation = _Designation()
    for text in dict.fromkeys(row["Other Information"] for row in rows):
        if not is_empty(text):
            _other_information(emitter, entity, text, designation)
    yield entity
    yield from _sanctions(emitter, entity, gid, rows, designation)


def _matching(refs: list[str], regime_key: str, single: bool, key_of: dict[str, str]) -> list[str]:
    if single:
        return refs
    return [r for r in refs if key_of.get(r) == regime_key]


def _sanctions(
    emitter: Emitter,
    entity: StatementEntity,
    gid: str,
    rows: list[dict[str, str]],
    designation: _Designation,
) -> Iterator[StatementEntity]:
    """One Sanction per regime; each gets the references whose prefix names that regime."""
    by_regime: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_regime.setdefault(row["Regime"].strip(), []).append(row)
    single = len(by_regime) == 1
    ref_key = {r: regime_of("gb", r[:3]).key for r in designation.refs}
    un_key = {
        r: regime_of("un", _UN_PREFIX.get(r[:2].upper(), "")).key for r in designation.un_refs
    }
    for regime, regime_rows in by_regime.items():
        key = regime_of("gb", regime).key if regime else ""
        refs = _matching(designation.refs, key, single, ref_key)
        un_refs = _matching(designation.un_refs, key, single, un_key)
        sanction = emitter.sanction(
            entity,
            regime or None,
            listing_date=regime_rows[0]["Listed On"],
            source_ref=refs[0] if refs else None,
            unsc_id=un_refs[0] if un_refs else None,
            reason=designation.reasons[0] if designation.reasons else None,
        )
        for ref in refs[1:]:
            emitter.add(sanction, "authorityId", ref)
        for ref in un_refs[1:]:
            emitter.add(sanction, "unscId", ref)
        for reason in designation.reasons[1:]:
            emitter.add(sanction, "reason", reason)
        for provision in designation.provisions:
            emitter.add(sanction, "provisions", provision)
        emitter.add(sanction, "recordId", gid)
        for value in dict.fromkeys(r["Listed On"] for r in regime_rows[1:]):
            emitter.add_date(sanction, "listingDate", value)
        for value in dict.fromkeys(r["UK Sanctions List Date Designated"] for r in regime_rows):
            emitter.add_date(sanction, "startDate", value)
        for value in dict.fromkeys(r["Last Updated"] for r in regime_rows):
            emitter.add_date(sanction, "modifiedAt", value)
        yield sanction


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Group the name rows by Group ID and yield one target plus its Sanctions per group."""
    path = Path(path)
    report = report if report is not None else ParseReport()
    table = _read(path)
    emitter = Emitter(SOURCE, PREFIX, path, report, jurisdiction="gb", authority=PUBLISHER)
    groups: dict[str, tuple[str, str, list[dict[str, str]]]] = {}
    width = len(table.header)
    extras = [h for h in dict.fromkeys(table.header) if h not in COLUMNS]
    for number, cells in table.rows:
        if not any(cells):
            continue
        report.records += 1
        position = f"{table.unit} {number}"
        if len(cells) > width and any(not is_empty(c) for c in cells[width:]):
            report.reject(path.name, position, "more cells than header columns", " | ".join(cells))
            continue
        cells = cells + [""] * (width - len(cells))
        row = dict(zip(table.header, cells, strict=False))
        gid = row["Group ID"]
        if is_empty(gid):
            report.reject(path.name, position, "row without a Group ID", " | ".join(cells))
            continue
        schema = SCHEMAS.get(row["Group Type"].strip().lower())
        if schema is None:
            reason = f"unknown Group Type {row['Group Type']!r}"
            report.reject(path.name, position, reason, " | ".join(cells))
            continue
        if gid in groups and groups[gid][0] != schema:
            raise ParseError(
                path,
                f"Group ID {gid} is both {groups[gid][1]} and {row['Group Type']}",
                position=position,
                field="Group Type",
            )
        groups.setdefault(gid, (schema, row["Group Type"], []))[2].append(row)
    for gid, (schema, _, rows) in groups.items():
        yield from _build(emitter, gid, schema, rows, extras)


def source_name(path: Path) -> str:
    return SOURCE


FORMAT = Format(
    name="uk_ofsi",
    title="UK OFSI Consolidated List (ConList.xlsx / ConList.csv, 2022 format)",
    sniff=_sniff,
    parse=parse,
    source_name=source_name,
    published=_published,
    jurisdiction="gb",
    publisher=PUBLISHER,
    urls=(
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
        "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx",
    ),
)
