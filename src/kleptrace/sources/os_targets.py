"""Placeholder until the os_targets parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="os_targets",
    title="os_targets",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "os_targets",
    published=lambda path: None,
)
