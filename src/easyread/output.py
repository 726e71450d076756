"""Write a build's files all or nothing: each to a temporary file, then moved into place.

An existing file is never overwritten without --force, and the folder is checked before work starts.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


def prepare(folder: Path, names: list[str], force: bool) -> None:
    """Fail before any work if the folder cannot be written or a file would be overwritten."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the output folder ({err.strerror}); choose another with --out") from None
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{folder}: the output folder is not writable; choose another with --out")
    existing = [name for name in names if (folder / name).exists()]
    if existing and not force:
        raise OutputError(f"{folder / existing[0]} already exists; use --force to overwrite it, or --out for another folder")


def write_all(folder: Path, writers: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Run each writer into a temporary file; move them all into place only when all succeeded."""
    temporary: dict[str, Path] = {}
    try:
        for name, write in writers.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            temporary[name] = Path(tmp)
            write(Path(tmp))
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; handouts are ordinary files
        for name, tmp in temporary.items():
            os.replace(tmp, folder / name)
    except OSError as err:
        raise OutputError(f"{folder}: could not write the output ({err.strerror}); nothing was changed") from None
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
    return [folder / name for name in writers]


def text_writer(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")
