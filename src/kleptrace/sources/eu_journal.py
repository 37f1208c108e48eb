"""Placeholder until the eu_journal parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="eu_journal",
    title="eu_journal",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "eu_journal",
    published=lambda path: None,
)
