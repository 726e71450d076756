"""The user's cache folder: data easyread derives once and reads fast at later starts.

Everything here can be deleted at any time; it is rebuilt when missing, damaged or out of date,
and easyread still works (more slowly) where the folder cannot be written.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "EASYREAD_CACHE_DIR"


def cache_dir() -> Path:
    """$EASYREAD_CACHE_DIR, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "easyread"


def write_bytes(name: str, data: bytes) -> None:
    """Write a cache file whole (a temporary file moved into place); OSError when it cannot be written."""
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
        pass
    try:
        Path(tmp.name).write_bytes(data)
        os.replace(tmp.name, folder / name)
    except BaseException:
        Path(tmp.name).unlink(missing_ok=True)
        raise


def read_bytes(name: str) -> bytes:
    return (cache_dir() / name).read_bytes()


def write_text(name: str, text: str) -> None:
    write_bytes(name, text.encode("utf-8"))


def read_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")
