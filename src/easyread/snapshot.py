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

import importlib.util
import pickle
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from . import cache

PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


LIBRARIES = ("jinja2", "yaml", "docx", "babel", "textstat")  # what reads and checks the rules besides easyread


CHANGED = b"the code changed while this run went on"  # a digest no saved key was made with


@lru_cache(maxsize=None)
def _code_digest() -> bytes:
    """The code that reads rule files: every module of the package by content, and the libraries it
    uses by their installed files' size and time (found without importing them). Worked out only
    when a stamp has changed, from the modules as this process loaded them (`_loaded_code`): if one
    was written since (an upgrade while a build runs), or is gone, the digest is CHANGED."""
    import hashlib

    loaded = _loaded_code()
    digest = hashlib.sha256(sys.version.encode())
    try:
        for path in _modules():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
        if _statuses(_modules()) != loaded:
            return CHANGED
    except OSError:
        return CHANGED
    digest.update(repr(_libraries()).encode())
    return digest.digest()


@lru_cache(maxsize=None)
def _libraries() -> tuple:
    """Each library's installed file, size and time: a new version installed changes them."""
    found = []
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        status = origin.stat() if origin and origin.is_file() else None
        found.append((name, str(origin), status and status.st_size, status and status.st_mtime_ns))
    return tuple(found)


@lru_cache(maxsize=None)
def _modules() -> tuple[Path, ...]:
    return tuple(sorted(PACKAGE.rglob("*.py")))


def key_for(files: list[Path], identity: str = "") -> str:
    """A key that changes when any of `files` (by path and content), `identity` or the code changes."""
    import hashlib

    digest = hashlib.sha256(_code_digest() + identity.encode() + b"\0")
    for path in files:
        digest.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp(folder: Path, files: list[Path]) -> tuple:
    """The files' and the package's modules' sizes and times, with the Python version and the
    libraries' files (`_libraries`). While it holds, no file has been written since (a write, even
    one that restores the old modification time, changes the status-change time), so the key need
    not be worked out from their contents again."""
    return sys.version, str(folder), _libraries(), _loaded_code(), _statuses(files)


def _statuses(files) -> tuple:
    return tuple((str(path), status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns) for path in files for status in (path.stat(),))


@lru_cache(maxsize=None)
def _loaded_code() -> tuple:
    """The modules' statuses when this process first asked, once it has loaded them: the code that
    runs, even if the files change meanwhile (an upgrade while a build runs)."""
    return _statuses(_modules())


def cached(kind: str, folder: Path, files: list[Path], build: Callable[[], T]) -> T:
    """What `build()` makes from `files` (in `folder`): the saved snapshot while their key holds, else
    built now and saved. An error from `build` is raised as it is, and nothing is saved. `folder` as
    given is part of the key: what was built holds paths as given, relative ones included.

    A snapshot is saved with its key and the files' stamp (`_stamp`). While the stamp holds, the
    snapshot is used at once; when it does not, the key is worked out from the files' contents, and a
    snapshot whose files were only touched (a checkout, a copy) is kept under the new stamp."""
    # one per folder; two folders sharing a name only rebuild each other's snapshot, since the stamp names the folder
    name = f"{kind}-{zlib.crc32(str(Path(folder).resolve()).encode()):08x}.pickle"
    stamp = _stamp(folder, files)
    if _loaded.get(name, (None,))[0] == stamp:  # asked before in this process, and no file has been touched since
        return _loaded[name][1]
    try:
        saved_stamp, saved_key, value = pickle.loads(cache.read_bytes(name))
    except Exception:  # noqa: BLE001 - missing, damaged or from another version: build it again
        saved_stamp = saved_key = None
    if saved_stamp != stamp:
        key = key_for(files, identity=str(folder))
        if saved_key != key:
            value = build()
        _save(name, stamp, key, value)
    _loaded[name] = stamp, value
    return value


def _save(name: str, stamp: tuple, key: str, value: object) -> None:
    try:
        cache.write_bytes(name, pickle.dumps((stamp, key, value), pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - an unwritable cache, or a value pickle cannot keep: load the files next time too
        pass


_loaded: dict[str, tuple[tuple, object]] = {}  # snapshot file name -> (its files' stamp, what it holds), in this process
