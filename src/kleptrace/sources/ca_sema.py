"""Placeholder until the ca_sema parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="ca_sema",
    title="ca_sema",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "ca_sema",
    published=lambda path: None,
)
