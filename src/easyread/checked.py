"""Rule texts already checked, remembered in the user's cache so an unchanged rule skips its check.

Checking a rule means compiling it (a pattern, a template); for a thousand rules that costs a good
part of a second at every start. What a check found (a pattern's needs, a template's slots) is kept
under the rule's own text, in a file per kind of rule whose key names everything else the check
depended on (the Python version, the filters' code). A rule not found is checked as before, so a
bad one is still refused with its file and line.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from . import cache

_all: list["Checked"] = []


class Checked:
    """What checking each rule text found, as JSON values, for one kind of rule.

    `key` is worked out when the file is first read: a run that loads its rules from a snapshot
    (snapshot.py) never reads the file, and never hashes the code the key names."""

    def __init__(self, name: str, key: Callable[[], str]):
        self.name, self._key = name, key
        self._known: dict | None = None
        self._learned: dict = {}
        _all.append(self)

    @cached_property
    def key(self) -> str:
        return self._key()

    def _read(self) -> dict:
        if self._known is None:
            try:
                data = json.loads(cache.read_text(self.name))
                self._known = data["found"] if data.get("key") == self.key and isinstance(data.get("found"), dict) else {}
            except (OSError, ValueError, AttributeError, KeyError):
                self._known = {}
        return self._known

    def get(self, text: str, default=None):
        known = self._read()
        return known[text] if text in known else self._learned.get(text, default)

    def __contains__(self, text: str) -> bool:
        return text in self._read()

    def learn(self, text: str, found) -> None:
        self._learned[text] = found

    def save(self) -> None:
        """Add what this run learned to the cache; quietly skipped if it cannot be written."""
        if not self._learned:
            return
        known = {**self._read(), **self._learned}
        try:
            cache.write_text(self.name, json.dumps({"key": self.key, "found": known}, ensure_ascii=False))
        except OSError:
            return
        self._known, self._learned = known, {}

    def forget_run(self) -> None:
        """Start again as a new process would (for tests)."""
        self._known, self._learned = None, {}


class CodeDigest:
    """A digest of the files of `modules` as this process loaded them, for a key: their statuses are
    noted now (at import), their contents hashed only when asked (when a cache file is read). If a
    file was written meanwhile (an upgrade while a run goes on), the digest names no code at all, so
    what the running code checked is never kept for the new code."""

    def __init__(self, *modules):
        self.paths = [Path(module.__file__) for module in modules]
        self.loaded = self._statuses()

    def _statuses(self) -> list:
        return [(s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns) for s in map(os.stat, self.paths)]

    def __str__(self) -> str:
        import hashlib

        digest = hashlib.sha256(b"".join(path.read_bytes() for path in self.paths)).hexdigest()[:16]
        return digest if self._statuses() == self.loaded else "changed while this run went on"


def save_all() -> None:
    for checked in _all:
        checked.save()
