"""Rule patterns: checked once, remembered, and handed to the regex engine without compiling again.

re.compile does two jobs: it parses a pattern and turns it into the regex engine's code (slow, in
Python), then hands that code to the engine (fast, in C). For the phrasebook's 1,600 patterns the
first job costs a fifth of a second at every start. So the first run that meets a pattern does both,
and remembers the code, the pattern's needs (literals.py) and its group names in the user's cache
(checked.py); later runs hand the remembered code straight to the engine, which checks it.

The code is CPython's own and may change with any release, so the cache is keyed by the exact
Python version; a Python without these parts compiles every pattern as usual. A pattern not in the
cache is compiled at load, so a bad one is still refused with its file and line.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from . import literals
from .checked import Checked
from .errors import RuleError
from .literals import Needs, contains_any, needs, needs_of_parsed

try:  # the regex engine and the compiler in front of it: private, so used only where present
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - every CPython from 3.11 has them
    _sre = None

FLAGS = re.IGNORECASE


class Pattern:
    """A regular expression made on first use; searches and reads like re.Pattern.

    Pickled (in a snapshot, snapshot.py) as its text, needs, group names and engine code, never compiled."""

    __slots__ = ("pattern", "flags", "needs", "group_names", "code", "_compiled")

    def __init__(self, pattern: str, needs_: Needs | None, group_names: tuple[str, ...], code: list | None = None,
                 compiled: re.Pattern | None = None):
        self.pattern, self.flags, self.needs, self.group_names = pattern, FLAGS, needs_, group_names
        self.code, self._compiled = code, compiled

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = _from_code(self.pattern, self.code) if self.code else re.compile(self.pattern, self.flags)
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

    def __getstate__(self):
        return self.pattern, self.needs, self.group_names, self.code

    def __setstate__(self, state) -> None:
        self.__init__(*state)

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


def _engine_code(parsed) -> list:
    """What re.compile hands the engine for a parsed pattern, as JSON values (re._compiler.compile)."""
    state = parsed.state
    index_to_name = [None] * state.groups
    for name, index in state.groupdict.items():
        index_to_name[index] = name
    code = [int(op) for op in _compiler._code(parsed, FLAGS)]
    return [int(FLAGS | state.flags), code, state.groups - 1, dict(state.groupdict), index_to_name]


def _from_code(text: str, code: list) -> re.Pattern:
    """The pattern made from remembered engine code; compiled afresh if the engine refuses the code."""
    try:
        flags, ops, groups, name_to_index, index_to_name = code
        return _sre.compile(text, flags, ops, groups, name_to_index, tuple(index_to_name))
    except Exception:  # noqa: BLE001 - a damaged cache entry: the engine validates code and raises
        return re.compile(text, FLAGS)


def _compile(text: str) -> tuple[re.Pattern, Needs | None, list | None]:
    """The compiled pattern, its needs and its engine code (None where the engine's parts are missing)."""
    compiled = re.compile(text, FLAGS)  # raises re.error for a bad pattern
    if _sre is None:
        return compiled, needs(compiled), None
    try:
        parsed = _parser.parse(text, FLAGS)
        return compiled, needs_of_parsed(parsed), _engine_code(parsed)
    except Exception:  # noqa: BLE001 - a Python whose compiler has changed: compile every start, as re does
        return compiled, needs(compiled), None


# The key names what a pattern's check depends on: the engine (exact Python version) and literals.py's reading.
_checked = Checked("patterns.json", f"easyread patterns 3, Python {sys.version}, sre {getattr(_sre, 'MAGIC', None)}, "
                                    f"literals {hashlib.sha256(Path(literals.__file__).read_bytes()).hexdigest()[:16]}")


def compile_pattern(text: str, where) -> Pattern:
    """The pattern of a rule file entry (`where` has its path and line), case-insensitive."""
    if not isinstance(text, str):
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"a pattern must be text, not {text!r}")
    found = _checked.get(text)
    try:
        return Pattern(text, None if found["needs"] is None else Needs(found["needs"]), tuple(found["groups"]), found["code"])
    except (TypeError, KeyError):  # not checked before, or a damaged cache entry: check it now
        pass
    try:
        compiled, needs_, code = _compile(text)
    except re.error as err:
        raise RuleError(getattr(where, "path", "?"), getattr(where, "line", None), f"bad pattern {text!r}: {err}") from None
    pattern = Pattern(text, needs_, tuple(compiled.groupindex), code, compiled)
    _checked.learn(text, {"needs": None if needs_ is None else sorted(needs_), "groups": list(pattern.group_names), "code": code})
    return pattern
