"""Loaded rules kept whole in the user's cache, so unchanged rule files load in milliseconds.

Loading the phrasebook reads some thirty YAML files and checks every entry: a tenth of a second at
every start. What it makes depends only on those files, on the code that read them (easyread and
the libraries it uses) and on the Python version, so it is pickled under a key made of them all and
read back while the key still holds. Editing any rule file, or updating easyread or a library, makes
a new key and the files are read and checked again. A snapshot that is missing, damaged or cannot
be written is simply rebuilt.
(The cache folder is the user's own, trusted as the installed code is, which pickle needs.)
"""
from __future__ import annotations

import hashlib
import importlib.util
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from . import cache

PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


LIBRARIES = ("jinja2", "yaml", "docx", "babel", "textstat")  # what reads and checks the rules besides easyread


@lru_cache(maxsize=None)
def _code_digest() -> bytes:
    """The code that reads rule files: every module of the package by content, and the libraries it
    uses by their installed files' size and time (found without importing them)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        status = origin.stat() if origin and origin.is_file() else None
        digest.update(f"{name} {origin} {status and status.st_size} {status and status.st_mtime_ns}\0".encode())
    return digest.digest()


def key_for(files: list[Path], identity: str = "") -> str:
    """A key that changes when any of `files` (by path and content), `identity` or the code changes."""
    digest = hashlib.sha256(_code_digest() + identity.encode() + b"\0")
    for path in files:
        digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached(kind: str, folder: Path, files: list[Path], build: Callable[[], T]) -> T:
    """What `build()` makes from `files` (in `folder`): the saved snapshot while their key holds, else
    built now and saved. An error from `build` is raised as it is, and nothing is saved. `folder` as
    given is part of the key: what was built holds paths as given, relative ones included."""
    name = f"{kind}-{hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:12]}.pickle"  # one per folder
    stamp = (str(folder), tuple((str(path), status.st_size, status.st_mtime_ns) for path in files for status in (path.stat(),)))
    if _loaded.get(name, (None,))[0] == stamp:  # asked before in this process, and no file has been touched since
        return _loaded[name][1]
    key = key_for(files, identity=str(folder))
    try:
        saved_key, value = pickle.loads(cache.read_bytes(name))
        if saved_key == key:
            _loaded[name] = stamp, value
            return value
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: build it again
        pass
    value = build()
    _loaded[name] = stamp, value
    try:
        cache.write_bytes(name, pickle.dumps((key, value), pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an unwritable cache, or a value pickle cannot keep: load the files next time too
        pass
    return value


_loaded: dict[str, tuple[tuple, object]] = {}  # snapshot file name -> (its files' sizes and times, what it holds), in this process
