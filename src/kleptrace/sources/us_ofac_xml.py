"""Placeholder until the us_ofac_xml parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="us_ofac_xml",
    title="us_ofac_xml",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "us_ofac_xml",
    published=lambda path: None,
)
