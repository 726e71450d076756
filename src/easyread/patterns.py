"""Rule patterns: checked when first seen, compiled only when a sentence first needs them.

Compiling the phrasebook's thousand-odd regular expressions costs a fifth of a second at every
start, yet a build searches with few of them: most sentences are turned away by a pattern's needs
(literals.py). A pattern that re.compile has accepted once is remembered, with its needs, in the
user's cache (checked.py); later runs check it by looking it up and compile it on first search. A
pattern not in the cache is compiled at load, so a bad one is still refused with its file and line.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from . import literals
from .checked import Checked
from .errors import RuleError
from .literals import Needs, contains_any, needs

FLAGS = re.IGNORECASE


class Pattern:
    """A regular expression compiled on first use; searches and reads like re.Pattern."""

    __slots__ = ("pattern", "flags", "needs", "group_names", "_compiled")

    def __init__(self, pattern: str, needs_: Needs | None, group_names: tuple[str, ...], compiled: re.Pattern | None = None):
        self.pattern, self.flags, self.needs, self.group_names, self._compiled = pattern, FLAGS, needs_, group_names, compiled

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str, *span: int) -> re.Match | None:
        """re.Pattern.search, skipped (None) when the text has none of the strings the pattern needs."""
        if not span and not contains_any(self.needs, _lower(text)):
            return None
        return self.compiled.search(text, *span)

    def __getattr__(self, name: str):  # finditer, sub, groupindex ... of the compiled pattern
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"


_lowered: tuple[str, str] = ("", "")  # the last text searched, lower-cased: many patterns search the same sentence


def _lower(text: str) -> str:
    global _lowered
    if _lowered[0] is not text:
        _lowered = (text, text.lower())
    return _lowered[1]


# The key names what a pattern's check depends on: re's syntax (the Python version) and literals.py's reading.
_checked = Checked("patterns.json", f"easyread patterns 2, Python {sys.version_info[0]}.{sys.version_info[1]}, "
                                    f"literals {hashlib.sha256(Path(literals.__file__).read_bytes()).hexdigest()[:16]}")
def compile_pattern(text: str, where) -> Pattern:
    """The pattern of a rule file entry (`where` has its path and line), case-insensitive."""
    if not isinstance(text, str):
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"a pattern must be text, not {text!r}")
    found = _checked.get(text)
    try:
        return Pattern(text, None if found["needs"] is None else Needs(found["needs"]), tuple(found["groups"]))
    except (TypeError, KeyError):  # not checked before, or a damaged cache entry: check it now
        pass
    try:
        compiled = re.compile(text, FLAGS)
    except re.error as err:
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"bad pattern {text!r}: {err}") from None
    pattern = Pattern(text, needs(compiled), tuple(compiled.groupindex), compiled)
    _checked.learn(text, {"needs": None if pattern.needs is None else sorted(pattern.needs), "groups": list(pattern.group_names)})
    return pattern
