"""Which files make which list version: group paths by format, a multi-file list's
companions with their primary file, and hash each set so unchanged bytes load as a no-op."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kleptrace.exc import FormatNotRecognised, KleptraceError
from kleptrace.sources import detect
from kleptrace.sources.base import Format

Hashed = tuple[str, list[dict[str, object]]]
"""content_hash's answer: the set's digest and each file's name, path, SHA-256 and size."""


@dataclass(frozen=True)
class SourceFiles:
    """The files that together make one version of one source (e.g. the OFAC CSV set)."""

    format: Format
    primary: Path
    members: tuple[Path, ...]

    @property
    def source(self) -> str:
        return self.format.source_name(self.primary)

    @property
    def list_key(self) -> str:
        """The list these files are a form of (store.live): the source unless the format says."""
        key = self.format.list_key
        return key(self.primary) if key is not None else self.source


def plan(paths: Iterable[Path]) -> tuple[list[SourceFiles], list[Path]]:
    """Group paths into source file sets; return them with the files no format recognises.

    Directories are walked recursively and their non-list files skipped; a file named
    explicitly must be a list. A companion file (OFAC alt.csv, an EU act CSV) joins the
    set of its primary file, so each set is parsed once.
    """
    sets: dict[tuple[str, Path], SourceFiles] = {}
    skipped: list[Path] = []
    for given in map(Path, paths):
        if not given.exists():
            raise KleptraceError(f"{given}: no such file or directory")
        for path in _files_under(given) if given.is_dir() else [given]:
            fmt = detect(path)
            if fmt is None:
                if not given.is_dir():
                    empty = " (the file is empty)" if path.stat().st_size == 0 else ""
                    raise FormatNotRecognised(f"{path}: not a supported list format{empty}")
                skipped.append(path)
                continue
            primary = fmt.primary(path)
            key = (fmt.name, primary.resolve())
            if key not in sets:
                sets[key] = SourceFiles(fmt, primary, tuple(fmt.members(primary)))
    claimed = {m.resolve() for s in sets.values() for m in s.members}
    return list(sets.values()), [p for p in skipped if p.resolve() not in claimed]


def _files_under(folder: Path) -> list[Path]:
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def content_hash(members: Iterable[Path]) -> Hashed:
    """SHA-256 of every member file, and one hash over the set (names and contents)."""
    files = []
    combined = hashlib.sha256()
    for path in sorted(members, key=lambda p: p.name):
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        files.append(
            {
                "name": path.name,
                "path": str(path),
                "sha256": digest.hexdigest(),
                "bytes": path.stat().st_size,
            }
        )
        combined.update(f"{path.name}\0{digest.hexdigest()}\n".encode())
    return combined.hexdigest(), files
