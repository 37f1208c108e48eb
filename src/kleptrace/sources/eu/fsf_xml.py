"""The EU FSF XML v1.1 export read as a stream of records.

The full export is about 25 MB; lxml's iterparse hands over one sanctionEntity at a
time and each is freed once read, so memory stays flat whatever the file size. A file
whose root is not the FSF `export` in its namespace, or that is not XML, is refused
whole (ParseError naming the line); a stray element beside the entities is kept
verbatim among the rejected rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from kleptrace.exc import ParseError
from kleptrace.sources.eu.fsf_record import DETAIL_KINDS, Detail, Record
from kleptrace.sources.report import ParseReport

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
ENTITY = "sanctionEntity"
RAW_CHARS = 20_000
"""How much of a rejected element the report keeps (real entities are under 10 kB)."""

Element = etree._Element


def records(path: Path, report: ParseReport) -> Iterator[Record]:
    """Every sanctionEntity in document order; errors may surface mid-iteration."""
    depth = 0
    with open(path, "rb") as fh:
        try:
            events = etree.iterparse(
                fh, events=("start", "end"), remove_comments=True, resolve_entities=False
            )
            for event, el in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        _check_root(path, el)
                    continue
                depth -= 1
                if depth != 1:
                    continue
                if _local(el.tag) == ENTITY:
                    report.records += 1
                    record = _record(el)
                    if record.problem():
                        record.raw = _raw(el)
                    yield record
                else:
                    reason = f"unexpected <{_local(el.tag)}> in <{ROOT}>"
                    report.reject(path.name, el.sourceline or 0, reason, _raw(el))
                _release(el)
        except etree.XMLSyntaxError as exc:
            line = f"line {exc.lineno}" if exc.lineno else "line 1"
            raise ParseError(path, f"not well-formed XML: {exc.msg}", position=line) from exc


def generation_date(path: Path) -> str | None:
    """The export's generationDate attribute, as printed."""
    with open(path, "rb") as fh:
        try:
            for _, el in etree.iterparse(fh, events=("start",), resolve_entities=False):
                stamp = el.get("generationDate")
                return None if stamp is None else str(stamp)
        except etree.XMLSyntaxError as exc:
            raise ParseError(path, f"not well-formed XML: {exc.msg}", position="line 1") from exc
    return None


def _check_root(path: Path, el: Element) -> None:
    expected = f"{{{NAMESPACE}}}{ROOT}"
    if el.tag != expected:
        raise ParseError(
            path,
            f"root element is <{el.tag}>, expected <{ROOT}> in namespace {NAMESPACE}",
            position=f"line {el.sourceline}",
            field=_local(el.tag),
        )


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attrs(el: Element) -> dict[str, str]:
    return {str(k): str(v) for k, v in el.attrib.items()}


def _text(el: Element) -> str:
    return "".join(str(t) for t in el.itertext()).strip()


def _raw(el: Element) -> str:
    return etree.tostring(el, encoding="unicode")[:RAW_CHARS]


def _release(el: Element) -> None:
    """Free a read element and the siblings read before it."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _record(el: Element) -> Record:
    record = Record(_attrs(el), position=f"line {el.sourceline}", raw="")
    for child in el:
        tag = _local(child.tag)
        if tag == "remark":
            record.remarks.append(_text(child))
        elif tag == "additionalInformation":
            record.extra.append((child.get("key", ""), child.get("value", "")))
        elif tag == "subjectType":
            record.subject = _attrs(child)
        elif tag == "regulation" or tag in DETAIL_KINDS:
            detail = _detail(tag, child)
            (record.regulations if tag == "regulation" else record.details).append(detail)
        else:
            record.unknown.append(_raw(child))
    return record


def _detail(kind: str, el: Element) -> Detail:
    detail = Detail(kind, _attrs(el))
    for child in el:
        tag = _local(child.tag)
        if tag == "remark":
            detail.remarks.append(_text(child))
        elif tag == "regulationSummary":
            detail.regulation = _attrs(child)
        elif tag == "publicationUrl":
            detail.attrs["publicationUrl"] = _text(child)
        elif tag == "corrigendum":
            detail.corrigenda.append(_attrs(child))
        elif tag in ("contactInfo", "additionalInformation"):
            pairs = detail.contacts if tag == "contactInfo" else detail.extra
            pairs.append((child.get("key", ""), child.get("value", "")))
        else:
            detail.extra.append((f"<{tag}>", _raw(child)))
    return detail
