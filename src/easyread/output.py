"""Write a build's files all or nothing: each to a temporary file, then moved into place.

An existing file is never overwritten without --force, and the folder is checked before work starts
(`check_folder`, which creates nothing) and again with the file names once they are known (`prepare`).
The folder is created only when the files are written, and removed again if writing fails.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


def _nearest_existing(folder: Path) -> Path:
    """The folder itself or, if it does not exist yet, the closest parent that does."""
    folder = folder.absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_folder(folder: Path) -> None:
    """Fail if files could not be written into `folder` (which need not exist yet); create nothing."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder; give a folder with --out")
    existing = _nearest_existing(folder)
    if not existing.is_dir():
        raise OutputError(f"{folder}: cannot create the output folder ({existing} is a file); choose another with --out")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "the output folder" if existing == folder.absolute() else f"{existing}, where the output folder would go,"
        raise OutputError(f"{folder}: {what} is not writable; choose another folder with --out")


def prepare(folder: Path, names: list[str], force: bool) -> None:
    """Fail before any work if the folder cannot be written or a file would be overwritten."""
    check_folder(folder)
    existing = [name for name in names if (folder / name).exists() or (folder / name).is_symlink()]
    if existing and not force:
        raise OutputError(f"{folder / existing[0]} already exists; use --force to overwrite it, or --out for another folder")
    for name in existing:
        if (folder / name).is_dir():
            raise OutputError(f"{folder / name} is a folder; move it away or choose another folder with --out")


def _make_folder(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return the ones created, deepest first."""
    created = []
    missing = folder
    while not missing.exists():
        created.append(missing)
        missing = missing.parent
    folder.mkdir(parents=True, exist_ok=True)
    return created


def _place_new(tmp: Path, path: Path) -> None:
    """Move `tmp` to `path` only if nothing is there: a hard link fails on an existing file, even one
    another process (a batch's other worker) wrote since `prepare` looked."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path} already exists; use --force to overwrite it, or --out for another folder") from None
    except OSError:  # a file system without hard links: look, then move
        if path.exists():
            raise OutputError(f"{path} already exists; use --force to overwrite it, or --out for another folder") from None
        os.replace(tmp, path)


def write_all(folder: Path, writers: dict[str, Callable[[Path], None]], force: bool = False) -> list[Path]:
    """Run each writer into a temporary file; move them all into place only when all succeeded.
    Without `force`, an existing file is never replaced, and a refusal takes back the files placed."""
    temporary: dict[str, Path] = {}
    created: list[Path] = []
    placed: list[Path] = []
    done = False
    try:
        created = _make_folder(folder)
        for name, write in writers.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            temporary[name] = Path(tmp)
            write(Path(tmp))
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes files private; handouts are ordinary files
        for name, tmp in temporary.items():
            if force:
                os.replace(tmp, folder / name)
            else:
                _place_new(tmp, folder / name)
                placed.append(folder / name)
        done = True
    except OSError as err:
        raise OutputError(f"{folder}: could not write the output ({err.strerror or err}); nothing was changed") from None
    finally:
        if not done:
            for path in placed:
                path.unlink(missing_ok=True)
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
        if not done:
            for path in created:  # deepest first; a folder someone else filled meanwhile stays
                try:
                    path.rmdir()
                except OSError:
                    break
    return [folder / name for name in writers]


def bytes_writer(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)
