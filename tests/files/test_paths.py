"""Outputs never overwrite the input or an existing file unasked, and a failed run leaves
no file behind (issue 15.2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kleptrace.files.paths import OutputPathError, check_outputs, staged


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "customers.csv"
    path.write_text("name\nVladimir Putin\n", encoding="utf-8")
    return path


def test_the_input_itself_is_refused(source: Path) -> None:
    with pytest.raises(OutputPathError, match=r"customers\.csv: is the input"):
        check_outputs(source, [source], overwrite=True)


def test_the_input_through_a_symlink_or_hard_link_is_refused(source: Path) -> None:
    soft, hard = source.with_name("soft.csv"), source.with_name("hard.csv")
    soft.symlink_to(source)
    os.link(source, hard)
    for link in (soft, hard):
        with pytest.raises(OutputPathError, match="is the input"):
            check_outputs(source, [link], overwrite=True)
    with pytest.raises(OutputPathError, match="is the input"):
        check_outputs(source, [source.parent / "." / source.name], overwrite=True)


def test_two_outputs_on_one_file_are_refused(source: Path) -> None:
    out = source.with_name("out.csv")
    with pytest.raises(OutputPathError, match="is another output"):
        check_outputs(source, [out, out])


def test_an_existing_output_needs_overwrite(source: Path) -> None:
    out = source.with_name("out.csv")
    out.write_text("earlier results")
    with pytest.raises(OutputPathError, match="already exists; use --overwrite"):
        check_outputs(source, [out])
    check_outputs(source, [out], overwrite=True)


def test_a_folder_or_a_missing_folder_is_refused(source: Path) -> None:
    with pytest.raises(OutputPathError, match="is a folder"):
        check_outputs(source, [source.parent])
    with pytest.raises(OutputPathError, match=r"the folder .*nowhere does not exist"):
        check_outputs(source, [source.parent / "nowhere" / "out.csv"])


def test_staged_output_appears_only_on_success(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    out.write_text("earlier results")
    with pytest.raises(RuntimeError), staged(out) as temporary:
        assert temporary.parent == tmp_path and temporary.suffix == ".csv"
        temporary.write_text("half")
        raise RuntimeError("screening failed")
    assert out.read_text() == "earlier results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with staged(out) as temporary:
        temporary.write_text("new results")
    assert out.read_text() == "new results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
