"""The publishers' format notes and schemas beside the lists quote their tags and columns;
no sniffer may take them for a list (`kleptrace load DIR` would then fail on them)."""

from __future__ import annotations

from pathlib import Path

from kleptrace.sources import detect


def test_no_format_claims_the_notes_and_schemas(data_dir: Path) -> None:
    notes = [
        p
        for p in data_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in (".md", ".xsd", ".yml")
    ]
    assert any(p.name == "FORMAT.md" for p in notes)
    claimed = {str(p.relative_to(data_dir)): fmt.name for p in notes if (fmt := detect(p))}
    assert claimed == {}
