"""A pattern's regex engine code: made once, kept, and handed straight back to the engine.

re.compile does two jobs: it parses a pattern and turns it into the regex engine's code (slow, in
Python), then hands that code to the engine (fast, in C). Keeping the code (in the user's cache, or
in a snapshot) skips the first job at every later start. The code is CPython's own and may change
with any release: whoever keeps it keys it by the exact Python version (`VERSION`), the engine
checks code it is handed, and any surprise falls back to re.compile. A Python without these
private parts (`AVAILABLE` is False) compiles every pattern as usual.
"""
from __future__ import annotations

import re
import sys
from array import array
from functools import lru_cache

try:  # the regex engine and the compiler in front of it: private, so used only where present
    import _sre
    from re import _compiler, _constants, _parser
    from re._casefix import _EXTRA_CASES  # letters taken as one under IGNORECASE though their lower cases differ
except ImportError:  # pragma: no cover - every CPython from 3.11 has them
    _sre = None

AVAILABLE = _sre is not None
VERSION = f"Python {sys.version}, sre {getattr(_sre, 'MAGIC', None)}"


def parse(text: str, flags: int):
    """The pattern as the regex parser reads it (re._parser.parse)."""
    return _parser.parse(text, flags)


def code_of(parsed, flags: int, start: tuple[frozenset[str], bool] | None = None) -> list:
    """What re.compile hands the engine for a parsed pattern, as JSON values (re._compiler.compile).

    `start` (literals.starts: the characters a match can start with, and whether a word boundary
    comes first) puts a look ahead first: `(?=\\b[ns...])`. It consumes nothing and every match
    passes it, so the pattern matches as written, but the engine leaves most characters after one
    test instead of trying every branch of a long alternation there. `parsed` is changed."""
    state = parsed.state
    index_to_name = [None] * state.groups
    for name, index in state.groupdict.items():
        index_to_name[index] = name
    ignore_case = bool((flags | state.flags) & _constants.SRE_FLAG_IGNORECASE)
    if start:
        chars, bounded = start
        probe = [(_constants.AT, _constants.AT_BOUNDARY)] if bounded else []
        probe.append(_one_of(_codes(chars, ignore_case), state))
        parsed.data.insert(0, (_constants.ASSERT, (1, _parser.SubPattern(state, probe))))
    code = _compiler._code(parsed, flags)
    if start:
        code = _skipping_to(_codes(start[0], ignore_case), code)
    return [int(flags | state.flags), [int(op) for op in code], state.groups - 1, dict(state.groupdict), index_to_name]


def _codes(chars: frozenset[str], ignore_case: bool) -> set[int]:
    """The characters, and under IGNORECASE every character the engine takes as one of them."""
    return {kin for char in chars for kin in (cases(ord(char)) if ignore_case else (ord(char),))}


def _one_of(codes: set[int], state) -> tuple:
    """A parsed item matching exactly one of `codes`, whatever the flags around it: a plain set of
    the first 256 characters, and each other one on its own (a set of a few would take a table of
    90 numbers; the regex compiler's own case-blind set misses cased letters beyond U+FFFF)."""
    latin = [(_constants.LITERAL, code) for code in sorted(codes) if code < 256]
    branches = [[(_constants.IN, latin)]] if latin else []
    branches += [[(_constants.LITERAL, code)] for code in sorted(codes) if code >= 256]
    one = branches[0] if len(branches) == 1 else [(_constants.BRANCH, (None, [_parser.SubPattern(state, b) for b in branches]))]
    return _constants.SUBPATTERN, (None, 0, _constants.SRE_FLAG_IGNORECASE, _parser.SubPattern(state, one))


def _skipping_to(codes: set[int], code: list) -> list:
    """The code with an information block that names the characters a match can start with (in
    every case), as re.compile writes one for `[ab]c|d`: the engine then skips through the text
    to the next such character in a tight loop, instead of trying the pattern at every character.
    Beyond the first 256 characters the set takes them all: a few more tries in a rare text, and
    a set of 11 numbers instead of 90 in each of 1,600 patterns. Code whose block already holds a
    prefix or a set, or that can match empty, is left as it is."""
    if code[0] != _constants.INFO or code[2] != 0 or code[3] == 0:
        return code
    latin = bytearray(256)  # the set as a bitmap of the first 256 characters, and all the others (a few more tries)
    for each in codes:
        if each < 256:
            latin[each] = 1
    charset = [(_constants.CHARSET, _compiler._mk_bitmap(latin))]
    if max(codes) >= 256:
        charset.append((_constants.RANGE, (256, sys.maxunicode)))
    info = [_constants.INFO, 0, _constants.SRE_INFO_CHARSET, code[3], code[4]]
    _compiler._compile_charset(charset, 0, info)
    info[1] = len(info) - 1
    return info + code[code[1] + 1:]


@lru_cache(maxsize=None)
def cases(code: int) -> tuple[int, ...]:
    """Every character the engine takes as character `code` under IGNORECASE (as re._compiler
    does: those it lowers to the same letter, or to one of that letter's extra cases)."""
    lower = _sre.unicode_tolower(code)
    kin = (lower, *_EXTRA_CASES.get(lower, ()))
    return tuple(sorted({*kin, *(upper for each in kin for upper in _lowered_to().get(each, ()))}))


@lru_cache(maxsize=1)
def _lowered_to() -> dict[int, list[int]]:
    """lower case → the characters the engine lowers to it: a walk through all of Unicode (0.15 s),
    made only in a run that compiles a pattern anew."""
    table: dict[int, list[int]] = {}
    for code in range(0x110000):
        lower = _sre.unicode_tolower(code)
        if lower != code:
            table.setdefault(lower, []).append(code)
    return table


def packed(code: list) -> list:
    """The code with its operations as bytes (four a number), for a pickle: a snapshot holds some
    300,000 of them, which unpickle in a millisecond as bytes and in eight as a list of ints."""
    flags, ops, *rest = code
    return [flags, array("I", ops).tobytes(), *rest] if isinstance(ops, list) and array("I").itemsize == 4 else code


def from_code(text: str, flags: int, code: list | None) -> re.Pattern:
    """The pattern made from kept engine code (packed or not); compiled afresh if there is none or
    the engine refuses it."""
    if code and AVAILABLE:
        try:
            engine_flags, ops, groups, name_to_index, index_to_name = code
            if isinstance(ops, bytes):
                ops = array("I", ops).tolist()
            return _sre.compile(text, engine_flags, ops, groups, name_to_index, tuple(index_to_name))
        except Exception:  # noqa: BLE001 - damaged code: the engine validates what it is handed and raises
            pass
    return re.compile(text, flags)
