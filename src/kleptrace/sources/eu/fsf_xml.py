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
from kleptrace.sources.xml_stream import line, local, raw, root_children, syntax_error

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
ROOT = "export"
ENTITY = "sanctionEntity"
RAW_CHARS = 20_000
"""How much of a rejected element the report keeps (real entities are under 10 kB)."""

Element = etree._Element


def records(path: Path, report: ParseReport) -> Iterator[Record]:
    """Every sanctionEntity in document order; errors may surface mid-iteration."""
    with open(path, "rb") as fh:
        for el in root_children(path, fh, lambda root: _check_root(path, root)):
            if local(el.tag) == ENTITY:
                report.records += 1
                record = _record(el)
                if record.problem():
                    record.raw = raw(el, RAW_CHARS)
                yield record
            else:
                reason = f"unexpected <{local(el.tag)}> in <{ROOT}>"
                report.reject(path.name, line(el), reason, raw(el, RAW_CHARS))


def generation_date(path: Path) -> str | None:
    """The export's generationDate attribute, as printed."""
    with open(path, "rb") as fh:
        try:
            for _, el in etree.iterparse(fh, events=("start",), resolve_entities=False):
                stamp = el.get("generationDate")
                return None if stamp is None else str(stamp)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
    return None


def _check_root(path: Path, el: Element) -> None:
    expected = f"{{{NAMESPACE}}}{ROOT}"
    if el.tag != expected:
        raise ParseError(
            path,
            f"root element is <{el.tag}>, expected <{ROOT}> in namespace {NAMESPACE}",
            position=f"line {el.sourceline}",
            field=local(el.tag),
        )


def _attrs(el: Element) -> dict[str, str]:
    return {str(k): str(v) for k, v in el.attrib.items()}


def _text(el: Element) -> str:
    return "".join(str(t) for t in el.itertext()).strip()


def _record(el: Element) -> Record:
    record = Record(_attrs(el), position=f"line {el.sourceline}", raw="")
    for child in el:
        tag = local(child.tag)
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
            record.unknown.append(raw(child, RAW_CHARS))
    return record


def _detail(kind: str, el: Element) -> Detail:
    detail = Detail(kind, _attrs(el))
    for child in el:
        tag = local(child.tag)
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
            detail.extra.append((f"<{tag}>", raw(child, RAW_CHARS)))
    return detail
