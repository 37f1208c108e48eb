"""The README documents every CLI command, every source format and every setting."""

from __future__ import annotations

import re
from dataclasses import fields

from kleptrace.cli import app
from kleptrace.settings import Settings
from kleptrace.sources import FORMATS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"kleptrace {name}" in README, name
    for group in app.registered_groups:
        for command in group.typer_instance.registered_commands:  # type: ignore[union-attr]
            name = f"{group.name} {command.name or command.callback.__name__}"  # type: ignore[union-attr]
            assert f"kleptrace {name}" in README, name


def test_every_format_is_documented() -> None:
    for fmt in FORMATS:
        assert f"`{fmt.name}`" in README, fmt.name
        for url in fmt.urls:
            assert url.split("?")[0] in README or url.rsplit("/", 1)[0] in README, url


def test_every_setting_is_documented() -> None:
    source = (REPO / "src" / "kleptrace" / "settings.py").read_text()
    variables = set(re.findall(r"KLEPTRACE_[A-Z_]+", source))
    assert len(variables) >= len(fields(Settings))
    for variable in variables:
        assert f"`{variable}`" in README, variable


def test_readme_shows_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
