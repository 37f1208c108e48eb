"""Placeholder until the us_csl parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="us_csl",
    title="us_csl",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "us_csl",
    published=lambda path: None,
)
