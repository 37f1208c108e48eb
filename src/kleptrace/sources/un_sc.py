"""Placeholder until the un_sc parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="un_sc",
    title="un_sc",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "un_sc",
    published=lambda path: None,
)
