"""Placeholder until the ftm_json parser lands (never matches a file)."""

from kleptrace.sources.base import Format

FORMAT = Format(
    name="ftm_json",
    title="ftm_json",
    sniff=lambda head: False,
    parse=lambda path, report=None: iter(()),
    source_name=lambda path: "ftm_json",
    published=lambda path: None,
)
