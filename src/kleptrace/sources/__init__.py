"""Source formats, one subpackage per publisher (us, un, gb, eu, ca, au, opensanctions),
each format's entry module registered in FORMATS.

`sniff(path)` recognises a file from its content (and, for multi-file sets, its
companions); `parse(path)` yields FollowTheMoney entities. The modules at this level are
what every format shares: the Format record and Emitter (base), dates, identifiers,
strict CSV reading and the parse report. No module here knows about the store or the
matcher.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from followthemoney import StatementEntity

from kleptrace.exc import FormatNotRecognised
from kleptrace.sources.au import dfat as au_dfat
from kleptrace.sources.base import Format, Head
from kleptrace.sources.ca import sema as ca_sema
from kleptrace.sources.eu import fsf as eu_fsf
from kleptrace.sources.eu import journal as eu_journal
from kleptrace.sources.gb import fcdo as uk_fcdo
from kleptrace.sources.gb import ofsi as uk_ofsi
from kleptrace.sources.gb import uk_list as uk_fcdo_list
from kleptrace.sources.opensanctions import ftm_json, senzing
from kleptrace.sources.opensanctions import targets as os_targets
from kleptrace.sources.report import ParseReport
from kleptrace.sources.un import sc as un_sc
from kleptrace.sources.us import csl as us_csl
from kleptrace.sources.us import ofac_advanced as us_ofac_advanced
from kleptrace.sources.us import ofac_csv as us_ofac_csv
from kleptrace.sources.us import ofac_xml as us_ofac_xml

FORMATS: tuple[Format, ...] = (
    us_ofac_csv.FORMAT,
    us_ofac_xml.FORMAT,
    us_ofac_advanced.FORMAT,
    us_csl.FORMAT,
    un_sc.FORMAT,
    uk_ofsi.FORMAT,
    uk_fcdo.FORMAT,
    uk_fcdo_list.FORMAT,
    eu_fsf.FORMAT,
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
