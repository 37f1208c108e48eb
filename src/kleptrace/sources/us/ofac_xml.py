"""OFAC lists in the `sdnList` XML schema: sdn.xml (SDN list) and consolidated.xml (non-SDN).

Both files share one schema: a namespaced <sdnList> root, <publshInformation> with the
Publish_Date (US month-first, "03/28/2025"), then one <sdnEntry> per target with uid,
names, sdnType, programs, and typed lists (idList, akaList, addressList, nationalityList,
citizenshipList, dateOfBirthList, placeOfBirthList, vesselInfo). The idList types are the
same as the fragments of the legacy CSV remarks, so both go through ofac_remarks and the
one identifier table. The file is read twice with iterparse: a first pass collects every
uid and primary name (duplicate uids and broken XML fail before anything is yielded), so
that "Linked To: NAME" in the remarks resolves to an entry of the same file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity
from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.base import Emitter, Format, Head, is_empty
from kleptrace.sources.dates import parse_date
from kleptrace.sources.report import ParseReport
from kleptrace.sources.us.ofac_facts import Applied, FactWriter
from kleptrace.sources.us.ofac_remarks import Fact, id_fact, parse_remarks
from kleptrace.sources.us.ofac_targets import (
    AUTHORITY,
    PREFIX,
    SDN_TYPES,
    NameIndex,
    designated,
)

SDN = "us_ofac_sdn"
CONS = "us_ofac_cons"
NON_SDN_PROGRAMS = frozenset(
    {"NS-PLC", "CMIC-EO13959", "FSE-IR", "FSE-SY", "FSE-WMD", "FSE-SDGT", "NS-ISA", "NS-MBS"}
)
"""Program tags only the Consolidated (non-SDN) list carries, for telling the files apart."""
_ROOT = re.compile(r"<(?:[\w.-]+:)?sdnList\b")
_PUBLISH = re.compile(r"<(?:[\w.-]+:)?Publish_Date>\s*([^<]+?)\s*</", re.S)
_RECORD_COUNT = re.compile(r"<(?:[\w.-]+:)?Record_Count>\s*(\d+)\s*</")
_PROGRAM = re.compile(r"<(?:[\w.-]+:)?program>\s*([^<]+?)\s*</")
_VALUE_LISTS = {
    "nationalityList": ("country", ("nationality", "country"), "nationality"),
    "citizenshipList": ("country", ("citizenship", "country"), "citizenship"),
    "placeOfBirthList": ("placeOfBirth", ("birthPlace",), "placeOfBirth"),
}
"""Lists whose items hold one value: (the item's field, properties to try, note label)."""


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2]


def sniff(head: Head) -> bool:
    return bool(_ROOT.search(head.text)) and (
        "sdnEntry" in head.text or "publshInformation" in head.text
    )


def source_name(path: Path) -> str:
    """'us_ofac_cons' for the Consolidated (non-SDN) list, 'us_ofac_sdn' for sdn.xml.

    The file name decides when it says which list it is (OFAC publishes sdn.xml and
    consolidated.xml); otherwise a non-SDN-only program tag in the file's head does.
    """
    name = Path(path).name.lower()
    if "cons" in name or "non_sdn" in name or "nonsdn" in name:
        return CONS
    if re.search(r"(^|[^a-z])sdn", name):
        return SDN
    if not Path(path).is_file():
        return SDN
    programs = set(_PROGRAM.findall(Head.read(Path(path)).text))
    return CONS if programs & NON_SDN_PROGRAMS else SDN


def published(path: Path) -> str | None:
    """The <Publish_Date> of <publshInformation>, printed US month-first."""
    match = _PUBLISH.search(Head.read(Path(path)).text)
    if not match:
        return None
    parsed = parse_date(match.group(1), day_first=False)
    return parsed.values[0] if parsed else None


def _entries(path: Path) -> Iterator[tuple[int, etree._Element]]:
    """(record number, <sdnEntry>) with element clearing; XML errors become ParseError."""
    if path.stat().st_size == 0:
        raise ParseError(path, "empty file")
    if not _ROOT.search(Head.read(path).text):
        raise ParseError(path, "not an OFAC sdnList XML document (no <sdnList> root)")
    number = 0
    try:
        for _event, element in etree.iterparse(
            str(path), events=("end",), tag="{*}sdnEntry", resolve_entities=False
        ):
            number += 1
            yield number, element
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(path, f"invalid XML: {exc.msg}", position=f"line {exc.lineno}") from exc


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = re.sub(r"\s+", " ", element.text).strip()
    return text or None


def _fields(element: etree._Element) -> dict[str, str]:
    """Child elements' texts by local name (the leaf fields of a list item)."""
    return {_local(c.tag): t for c in element if (t := _text(c)) is not None}


def _items(entry: etree._Element, name: str) -> list[etree._Element]:
    for child in entry:
        if _local(child.tag) == name:
            return list(child)
    return []


def _values(items: list[etree._Element], field: str) -> list[str]:
    """The non-empty `field` of each list item."""
    return [value for item in items if (value := _fields(item).get(field))]


def _uid(path: Path, number: int, entry: etree._Element) -> str:
    for child in entry:
        if _local(child.tag) == "uid":
            uid = _text(child)
            if uid and uid.isdigit():
                return uid
            raise ParseError(path, f"uid {uid!r} is not a number", f"record {number}", "uid")
    raise ParseError(path, "sdnEntry without uid", position=f"record {number}", field="uid")


def _full_name(fields: dict[str, str], person: bool) -> str | None:
    last, first = fields.get("lastName"), fields.get("firstName")
    if last and first:
        return f"{last}, {first}" if person else f"{last} {first}"
    return last or first


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    path = Path(path)
    report = report if report is not None else ParseReport()
    emitter = Emitter(
        source_name(path), PREFIX, path, report, jurisdiction="us", authority=AUTHORITY
    )
    return _parse(path, emitter)


def _parse(path: Path, emitter: Emitter) -> Iterator[StatementEntity]:
    index = NameIndex()
    seen: dict[str, int] = {}
    for number, entry in _entries(path):
        uid = _uid(path, number, entry)
        if uid in seen:
            raise ParseError(
                path,
                f"duplicate uid {uid} (first at record {seen[uid]})",
                position=f"record {number}",
                field="uid",
            )
        seen[uid] = number
        fields = _fields(entry)
        name = _full_name(fields, (fields.get("sdnType") or "").lower() == "individual")
        if name:
            index.add(name, uid)
    stated = _RECORD_COUNT.search(Head.read(path).text)
    if stated and int(stated.group(1)) != len(seen):
        emitter.report.warnings.append(
            f"{path.name}: Record_Count says {stated.group(1)} entries, the file has {len(seen)}"
        )
    writer = FactWriter(emitter)
    for number, entry in _entries(path):
        emitter.report.records += 1
        yield from _entity(path, emitter, writer, index, number, entry)


def _entity(
    path: Path,
    emitter: Emitter,
    writer: FactWriter,
    index: NameIndex,
    number: int,
    entry: etree._Element,
) -> Iterator[StatementEntity]:
    uid = _uid(path, number, entry)
    fields = _fields(entry)
    sdn_type = (fields.get("sdnType") or "").lower()
    if sdn_type not in SDN_TYPES:
        raise ParseError(
            path, f"unknown sdnType {fields.get('sdnType')!r}", f"record {number}", "sdnType"
        )
    facts: list[Fact] = parse_remarks(fields.get("remarks"))
    for item in _items(entry, "idList"):
        f = _fields(item)
        facts.append(
            id_fact(
                f.get("idType") or "id",
                f.get("idNumber") or "",
                f.get("idCountry"),
                f.get("issueDate"),
                f.get("expirationDate"),
            )
        )
    schema = writer.schema_for(SDN_TYPES[sdn_type], facts)
    entity = emitter.make(schema, uid)
    person = schema == "Person"
    emitter.add(entity, "name", _full_name(fields, person))
    if person:
        emitter.add(entity, "firstName", fields.get("firstName"))
        emitter.add(entity, "lastName", fields.get("lastName"))
    if fields.get("title"):
        writer.put(entity, ("position",), fields["title"], label="title")
    applied = writer.apply(entity, facts, Applied())

    for child in entry:
        tag = _local(child.tag)
        if tag in {"uid", "firstName", "lastName", "sdnType", "title", "remarks"}:
            continue
        if tag in {"idList", "programList"}:
            continue
        items = list(child)
        if tag == "akaList":
            _akas(emitter, entity, items, person, applied)
        elif tag == "addressList":
            for item in items:
                _address(emitter, writer, entity, _fields(item))
        elif tag in _VALUE_LISTS:
            field, props, label = _VALUE_LISTS[tag]
            for value in _values(items, field):
                writer.put(entity, props, value, label=label)
        elif tag == "dateOfBirthList":
            for dob in _values(items, "dateOfBirth"):
                writer.add_date(entity, ("birthDate",), dob, label="dateOfBirth")
        elif tag == "vesselInfo":
            _vessel(writer, entity, _fields(child))
        else:
            text = _text(child) or " ".join(f"{k}={v}" for k, v in _fields(child).items())
            if text:
                emitter.note(entity, tag, text)

    programs = [p for item in _items(entry, "programList") if (p := _text(item))]
    yield from designated(emitter, entity, uid, programs, applied, index)


def _akas(
    emitter: Emitter,
    entity: StatementEntity,
    items: list[etree._Element],
    person: bool,
    applied: Applied,
) -> None:
    """a.k.a. strong -> alias, a.k.a. weak -> weakAlias, f.k.a. -> previousName."""
    for item in items:
        f = _fields(item)
        name = _full_name(f, person)
        if not name:
            continue
        kind = (f.get("type") or "").lower()
        weak = (f.get("category") or "").lower() == "weak"
        prop = "previousName" if kind == "f.k.a." else ("weakAlias" if weak else "alias")
        if kind not in {"a.k.a.", "f.k.a.", "n.k.a."}:
            emitter.note(entity, f"aka ({f.get('type')})", name)
        elif emitter.add(entity, prop, name):
            applied.aliases += 1


def _address(
    emitter: Emitter, writer: FactWriter, entity: StatementEntity, f: dict[str, str]
) -> None:
    keys = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
    full = ", ".join(f[k] for k in keys if f.get(k))
    if full:
        emitter.add(entity, "address", full)
    if f.get("country"):
        writer.put(entity, ("country",), f["country"], label="address country")
    for key, value in f.items():
        if key not in keys and key != "uid" and not is_empty(value):
            emitter.note(entity, f"address {key}", value)


def _vessel(writer: FactWriter, entity: StatementEntity, f: dict[str, str]) -> None:
    props = {
        "callSign": ("callSign",),
        "vesselType": ("type",),
        "vesselFlag": ("flag",),
        "vesselOwner": (),
        "tonnage": ("tonnage",),
        "grossRegisteredTonnage": ("grossRegisteredTonnage",),
    }
    for key, value in f.items():
        clean = value.replace(",", "") if key.endswith("onnage") else value
        writer.put(entity, props.get(key, ()), clean, label=key, original=value)


FORMAT = Format(
    name="us_ofac_xml",
    title="OFAC SDN or Consolidated (non-SDN) list, sdnList XML (sdn.xml, consolidated.xml)",
    sniff=sniff,
    parse=parse,
    source_name=source_name,
    published=published,
    jurisdiction="us",
    publisher=AUTHORITY,
    # No download: fetch takes both OFAC lists in the advanced XML form (us_ofac_advanced).
)
