"""Every format sniffer says "not mine" to any bytes it cannot read, never raising, so one
stray file in a folder cannot stop the lists beside it from loading (issue 15.3)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kleptrace.cli import app
from kleptrace.sources import FORMATS, Head, detect

SUFFIXES = (".csv", ".xml", ".json", ".jsonl", ".xlsx", ".txt", ".png", ".csv.gz", "")
PNG_WITH_EARLY_CR = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))


def every_sniffer_declines_or_accepts(path: Path) -> None:
    head = Head.read(path)
    for fmt in FORMATS:
        assert fmt.sniff(head) in (True, False), fmt.name
    detect(path)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    every_sniffer_declines_or_accepts(path)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("image.png", PNG_WITH_EARLY_CR),
        ("image.csv", PNG_WITH_EARLY_CR),
        ("quote.csv", b'1,"a\r2,b\r\n3,"c'),
        ("list.csv.gz", gzip.compress(b"1,2,3\n" * 100)[:40]),
        ("list.xml.gz", b"\x1f\x8b\x08\x00garbage"),
        ("book.xlsx", b"PK\x03\x04" + b"\x00" * 50),
        ("nul.xml", b"<?xml version='1.0'?>\x00\x00<sdnList"),
        ("utf16.csv", "1,Putin,individual".encode("utf-16")),
    ],
)
def test_binary_and_broken_files_never_raise(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    every_sniffer_declines_or_accepts(path)


def test_every_real_list_truncated_never_raises(tmp_path: Path, data_dir: Path) -> None:
    files = [p for p in sorted(data_dir.rglob("*")) if p.is_file() and p.stat().st_size > 200]
    assert len(files) > 20
    for number, source in enumerate(files):
        data = source.read_bytes()
        for cut in (len(data) // 2, 97):
            path = tmp_path / f"{number}-{cut}-{source.name}"
            path.write_bytes(data[:cut])
            every_sniffer_declines_or_accepts(path)


def test_load_skips_a_broken_file_and_loads_the_list_beside_it(
    tmp_path: Path, data_dir: Path
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "scan.png").write_bytes(PNG_WITH_EARLY_CR)
    (folder / "consolidated.xml").symlink_to(data_dir / "un_sc" / "consolidated.xml")
    result = CliRunner().invoke(app, ["load", str(folder), "--db", str(tmp_path / "store.duckdb")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "un_sc" in result.output and "1 sources loaded" in " ".join(result.output.split())


def test_load_of_every_truncated_list_is_a_one_line_error_or_a_load(
    tmp_path: Path, data_dir: Path
) -> None:
    """Each real list cut in half, loaded on its own: a clean load or one-line errors,
    never a traceback."""
    lists = [p for p in sorted(data_dir.rglob("*")) if p.is_file() and detect(p) is not None]
    assert len(lists) > 10
    for number, source in enumerate(lists):
        folder = tmp_path / str(number)
        folder.mkdir()
        cut = folder / source.name
        data = source.read_bytes()
        cut.write_bytes(data[: len(data) // 2])
        result = CliRunner().invoke(app, ["load", str(cut), "--db", str(folder / "store.duckdb")])
        assert result.exit_code in (0, 1), (source, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            source,
            repr(result.exception),
        )
        assert "Traceback" not in result.output, source
