"""Jinja's bytecode cache in the user's cache folder (cache.py), for every template easyread compiles.

Jinja turns a template into Python code, then runs it. Keeping that code lets a later start skip
the compiling. Jinja keys each template's code by its name and the sha1 of its source, and drops
code made by another Jinja or Python. A cache folder that cannot be read or written means the
template is compiled at every start, as without a cache.
"""
from __future__ import annotations

from jinja2 import FileSystemBytecodeCache

from . import cache


class BytecodeCache(FileSystemBytecodeCache):
    """The folder is looked up at each use, so it follows $EASYREAD_CACHE_DIR as it is now."""

    def __init__(self):
        super().__init__(directory=".")

    @property
    def directory(self) -> str:
        return str(cache.cache_dir() / "jinja")

    @directory.setter
    def directory(self, _: str) -> None:  # set by FileSystemBytecodeCache.__init__; the property decides
        pass

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - unreadable or damaged: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            (cache.cache_dir() / "jinja").mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass
