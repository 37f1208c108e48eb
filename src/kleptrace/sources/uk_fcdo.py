"""Placeholder until the uk_fcdo parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="uk_fcdo",
    title="uk_fcdo",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "uk_fcdo",
    published=lambda path: None,
)
