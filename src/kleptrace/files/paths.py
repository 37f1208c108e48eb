"""Where results go: never over the input, never over an existing file unless asked,
and never a half-written file that looks like "no hits".

Outputs are written to a temporary file in the same folder and renamed into place
only when the whole run succeeded, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kleptrace.exc import KleptraceError


class OutputPathError(KleptraceError):
    """An output path that would destroy the input or another file, or cannot be made."""


def check_outputs(source: Path, outputs: Sequence[Path], overwrite: bool = False) -> None:
    """Refuse outputs that are the input (also through links), each other, a folder, in
    a missing folder, or (without `overwrite`) an existing file."""
    seen: list[tuple[Path, tuple[int, int] | None]] = [(source, _identity(source))]
    for path in outputs:
        if path.is_dir():
            raise OutputPathError(f"{path}: is a folder; name a file to write")
        if not path.parent.is_dir():
            raise OutputPathError(f"{path}: the folder {path.parent} does not exist")
        identity = _identity(path)
        for other, other_identity in seen:
            if (identity and identity == other_identity) or path.absolute() == other.absolute():
                what = "the input" if other is source else "another output"
                raise OutputPathError(f"{path}: is {what} ({other}); name a different file")
        if identity and not overwrite:
            raise OutputPathError(f"{path}: already exists; use --overwrite to replace it")
        seen.append((path, identity))


def _identity(path: Path) -> tuple[int, int] | None:
    """The (device, inode) the path leads to, following links; None if nothing is there."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` (same extension), renamed to `path` when the block
    succeeds and deleted when it fails."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
