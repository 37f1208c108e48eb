"""The scoring configuration: one file, checked on load, versioned by its content."""

from __future__ import annotations

from importlib.resources import files

import pytest
import yaml

from kleptrace.exc import ConfigError
from kleptrace.screen import DEFAULT_THRESHOLD
from kleptrace.screen.config import SCORING, ScoringConfig
from kleptrace.screen.similarity import UNMATCHED_COST

SHIPPED = files("kleptrace.data").joinpath("scoring.yml").read_text("utf-8")


def test_the_shipped_file_is_what_scoring_uses() -> None:
    raw = yaml.safe_load(SHIPPED)
    assert raw["default_threshold"] == DEFAULT_THRESHOLD
    assert raw["similarity"]["unmatched_cost"] == UNMATCHED_COST
    assert SCORING.evidence.date_near == raw["evidence"]["date_near"]
    assert ScoringConfig.from_yaml(SHIPPED) == SCORING


def test_version_follows_the_content() -> None:
    changed = SHIPPED.replace("cap: 0.8", "cap: 0.75")
    assert changed != SHIPPED
    assert ScoringConfig.from_yaml(changed).version != SCORING.version
    assert len(SCORING.version) == 12


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list", "expected a mapping"),
        (
            SHIPPED.replace(f"default_threshold: {DEFAULT_THRESHOLD}", "default_threshold: 1.5"),
            "(0, 1]",
        ),
        (SHIPPED.replace("cap: 0.8", "cap: 0.9"), "below default_threshold"),
        (SHIPPED.replace("  top_names: 40\n", ""), "top_names"),
        (SHIPPED.replace("  top_names: 40\n", "  top_names: 40\n  extra: 1\n"), "extra"),
        (SHIPPED.replace("candidates:", "candidate:"), "'candidates'"),
    ],
)
def test_bad_files_are_named_errors(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"my\.yml") as raised:
        ScoringConfig.from_yaml(text, "my.yml")
    assert message in str(raised.value)
