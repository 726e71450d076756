"""Rule patterns: checked once, remembered, and handed to the regex engine without compiling again.

For the phrasebook's 1,600 patterns, re.compile's parsing costs a fifth of a second at every start.
So the first run that meets a pattern compiles it, and remembers its engine code (engine.py), its
needs (literals.py) and its group names in the user's cache (checked.py); later runs hand the
remembered code straight to the engine. A pattern not in the cache is compiled at load, so a bad
one is still refused with its file and line.
"""
from __future__ import annotations

import re
import sys

from . import branches, engine, literals
from .checked import Checked, CodeDigest
from .errors import RuleError
from .literals import Needs, contains_any, needs, needs_each_of_parsed

FLAGS = re.IGNORECASE


class Pattern:
    """A regular expression made on first use; searches and reads like re.Pattern.

    Pickled (in a snapshot, snapshot.py) as its text, needs, group names and engine code, never compiled."""

    __slots__ = ("pattern", "flags", "needs", "needs_each", "group_names", "code", "_compiled")

    def __init__(self, pattern: str, needs_: Needs | None, group_names: tuple[str, ...], code: list | None = None,
                 compiled: re.Pattern | None = None, needs_each: tuple[Needs, ...] = ()):
        self.pattern, self.flags, self.needs, self.group_names = pattern, FLAGS, needs_, group_names
        self.needs_each = needs_each or ((needs_,) if needs_ else ())  # literals.needs_each_of_parsed: `needs` is its first
        self.code, self._compiled = code, compiled

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = engine.from_code(self.pattern, self.flags, self.code)
        return self._compiled

    def search(self, text: str, *span: int) -> re.Match | None:
        """re.Pattern.search, skipped (None) when the text has none of the strings the pattern needs."""
        if not span and not contains_any(self.needs, _folded(text)):
            return None
        return self.compiled.search(text, *span)

    def split(self, text: str) -> list[str]:
        """re.Pattern.split; a text with none of the strings the pattern needs is not cut, as re finds."""
        if not contains_any(self.needs, _folded(text)):
            return [text]
        return self.compiled.split(text)

    def __getattr__(self, name: str):  # finditer, sub, groupindex ... of the compiled pattern
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __getstate__(self):
        return self.pattern, self.needs, self.group_names, self.code and engine.packed(self.code), None, self.needs_each

    def __setstate__(self, state) -> None:
        self.__init__(*state)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"


_last_folded: tuple[str, str] = ("", "")  # the last text searched, folded: many patterns search the same sentence


def _folded(text: str) -> str:
    global _last_folded
    if _last_folded[0] is not text:
        _last_folded = (text, literals.folded(text))
    return _last_folded[1]


def _compile(text: str) -> tuple[re.Pattern, tuple[Needs, ...], list | None]:
    """The compiled pattern, the needs of each part (literals.needs_each_of_parsed; the first is its
    `needs`) and its engine code (None where the engine's parts are missing)."""
    compiled = re.compile(text, FLAGS)  # raises re.error for a bad pattern
    if not engine.AVAILABLE:
        return compiled, _known(needs(compiled)), None
    try:
        parsed = engine.parse(text, FLAGS)
        needs_each = needs_each_of_parsed(parsed)
        start = literals.starts(parsed)  # of the pattern as written: regrouped, its first letters are sets without case
        return compiled, needs_each, engine.code_of(branches.grouped(parsed), FLAGS, start)
    except Exception:  # noqa: BLE001 - a Python whose compiler has changed: compile every start, as re does
        return compiled, _known(needs(compiled)), None


def _known(needs_: Needs | None) -> tuple[Needs, ...]:
    return (needs_,) if needs_ else ()


# The key names what a pattern's check depends on: the engine (exact Python version) and the code that reads patterns.
_code = CodeDigest(branches, engine, literals, sys.modules[__name__])
_checked = Checked("patterns.json", lambda: f"easyread patterns 5, {engine.VERSION}, code {_code}")


def compile_pattern(text: str, where) -> Pattern:
    """The pattern of a rule file entry (`where` has its path and line), case-insensitive."""
    if not isinstance(text, str):
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"a pattern must be text, not {text!r}")
    found = _checked.get(text)
    try:
        needs_each = tuple(Needs(needs_) for needs_ in found["needs"])
        return Pattern(text, needs_each[0] if needs_each else None, tuple(found["groups"]), found["code"], needs_each=needs_each)
    except (TypeError, KeyError):  # not checked before, or a damaged cache entry: check it now
        pass
    try:
        compiled, needs_each, code = _compile(text)
    except re.error as err:
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"bad pattern {text!r}: {err}") from None
    pattern = Pattern(text, needs_each[0] if needs_each else None, tuple(compiled.groupindex), code, None if code else compiled,
                      needs_each)  # as later runs make it
    _checked.learn(text, {"needs": [sorted(needs_) for needs_ in needs_each], "groups": list(pattern.group_names), "code": code})
    return pattern
