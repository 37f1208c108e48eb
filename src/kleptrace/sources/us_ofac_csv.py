"""Placeholder until the us_ofac_csv parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="us_ofac_csv",
    title="us_ofac_csv",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "us_ofac_csv",
    published=lambda path: None,
)
