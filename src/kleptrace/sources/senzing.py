"""Placeholder until the senzing parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="senzing",
    title="senzing",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "senzing",
    published=lambda path: None,
)
