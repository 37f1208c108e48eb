"""Placeholder until the uk_ofsi parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="uk_ofsi",
    title="uk_ofsi",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "uk_ofsi",
    published=lambda path: None,
)
