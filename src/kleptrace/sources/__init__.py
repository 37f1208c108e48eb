"""Source formats: one module per published format, all registered in FORMATS.

`sniff(path)` recognises a file from its content (and, for multi-file sets, its
companions); `parse(path)` yields FollowTheMoney entities. No module here knows about
the store or the matcher.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import FormatNotRecognised
from kleptrace.sources import (
    au_dfat,
    ca_sema,
    eu_journal,
    ftm_json,
    os_targets,
    senzing,
    uk_fcdo,
    uk_ofsi,
    un_sc,
    us_csl,
    us_ofac_csv,
    us_ofac_xml,
)
from kleptrace.sources.base import Format, Head
from kleptrace.sources.report import ParseReport

FORMATS: tuple[Format, ...] = (
    us_ofac_csv.FORMAT,
    us_ofac_xml.FORMAT,
    us_csl.FORMAT,
    un_sc.FORMAT,
    uk_ofsi.FORMAT,
    uk_fcdo.FORMAT,
    eu_journal.FORMAT,
    ca_sema.FORMAT,
    au_dfat.FORMAT,
    ftm_json.FORMAT,
    os_targets.FORMAT,
    senzing.FORMAT,
)
"""Every supported format, in sniffing order (first match wins)."""


def detect(path: Path) -> Format | None:
    """The format of a file or directory, or None when no format recognises it."""
    head = Head.read(path)
    for fmt in FORMATS:
        if fmt.sniff(head):
            return fmt
    return None


def sniff(path: Path) -> Format:
    """The format of a file, or FormatNotRecognised naming the file."""
    fmt = detect(path)
    if fmt is None:
        names = ", ".join(f.name for f in FORMATS)
        raise FormatNotRecognised(f"{path}: not a supported sanctions list format ({names})")
    return fmt


def get_format(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise FormatNotRecognised(f"unknown format {name!r}")


def parse(path: Path, report: ParseReport | None = None) -> Iterator[StatementEntity]:
    """Parse any supported file into FtM entities (a multi-file set from its primary file)."""
    fmt = sniff(path)
    return fmt.parse(fmt.primary(path), report)
