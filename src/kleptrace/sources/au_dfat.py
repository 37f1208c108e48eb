"""Placeholder until the au_dfat parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="au_dfat",
    title="au_dfat",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "au_dfat",
    published=lambda path: None,
)
