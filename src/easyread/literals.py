"""The words a pattern cannot match without: a cheap test that skips most regex searches.

Matching tries every entry's patterns on every finding, some 150,000 regex searches for one
report, and nearly all of them fail. `\\blisten(s|ed)? to\\b` cannot match a sentence without
"listen", and looking for a substring is far cheaper than a search. The needs are read from the
pattern as Python's own regex parser sees it, so they are exact: a sentence lacking all of them
cannot match, and a pattern whose needs cannot be read gets none (it is always searched).
"""
from __future__ import annotations

import re

try:  # the parser behind re.compile; private, so a Python without it simply skips the shortcut
    from re import _constants as _op
    from re import _parser
except ImportError:  # pragma: no cover - every CPython from 3.11 has them
    _parser = None

Needs = frozenset  # lower-case strings; every match contains at least one of them


def needs(pattern: re.Pattern) -> Needs | None:
    """The strings one of which every match of `pattern` contains, in lower case; None if unknown."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - a pattern re.compile accepted; be safe rather than clever
        return None
    return needs_of_parsed(parsed)


def needs_of_parsed(parsed) -> Needs | None:
    """needs() of a pattern the regex parser has already read (re._parser.parse)."""
    return _sequence(list(parsed))


def _sequence(items: list) -> Needs | None:
    """Each part of a sequence is needed, so the most selective part's needs stand for the whole."""
    candidates: list[Needs] = []
    run: list[str] = []
    for op, value in items:
        if op is _op.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append(Needs({"".join(run).lower()}))
            run = []
        part = _part(op, value)
        if part:
            candidates.append(part)
    if run:
        candidates.append(Needs({"".join(run).lower()}))
    return max(candidates, key=lambda options: min(map(len, options)), default=None)


def _part(op, value) -> Needs | None:
    if op is _op.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op is _op.BRANCH:
        branches = [_sequence(list(branch)) for branch in value[1]]
        return None if any(b is None for b in branches) else Needs().union(*branches)
    if op in (_op.MAX_REPEAT, _op.MIN_REPEAT, getattr(_op, "POSSESSIVE_REPEAT", None)) and value[0] >= 1:
        return _sequence(list(value[2]))
    if op is getattr(_op, "ATOMIC_GROUP", None):
        return _sequence(list(value))
    return None


def contains_any(needs_: Needs | None, lowered_text: str) -> bool:
    return needs_ is None or any(need in lowered_text for need in needs_)


class Index:
    """Which of many rules could apply to a text, from the strings their patterns need.

    A rule is (needs of its `any` patterns, needs of each `all` pattern, needs of each `not`
    pattern), None for unknown. A text is looked up once: the needed strings it contains (found
    through their first three letters), then the rules those strings open, in rule order, with every
    `all` need met.
    """

    def __init__(self, rules: list[tuple[Needs | None, tuple[Needs | None, ...], tuple[Needs | None, ...]]]):
        self.always = [i for i, (either, _, _) in enumerate(rules) if either is None]  # no `any` needs known
        self.each = [tuple(needs for needs in each if needs is not None) for _, each, _ in rules]  # `all` needs known
        self.opened_by: dict[str, list[int]] = {}
        wanted: set[str] = set()
        for i, (either, each, refusing) in enumerate(rules):
            for text in either or ():
                self.opened_by.setdefault(text, []).append(i)
            wanted.update(*(needs for needs in (either, *each, *refusing) if needs))
        self.by_start: dict[str, list[str]] = {}  # first three letters -> the needed strings that start so
        for text in wanted:
            self.by_start.setdefault(text[:3], []).append(text)
        self.short = [text for text in wanted if len(text) < 3]  # one or two letters: looked for one by one

    def present(self, lowered: str) -> set[str]:
        """The needed strings `lowered` contains: the three-letter pieces of the text pick the few
        strings worth looking for (a set intersection, in C)."""
        found = {text for text in self.short if text in lowered}
        for start in self.by_start.keys() & {lowered[i:i + 3] for i in range(len(lowered) - 2)}:
            found.update(text for text in self.by_start[start] if text in lowered)
        return found

    def lookup(self, lowered: str) -> tuple[list[int], set[str]]:
        """The indexes of the rules that could apply to `lowered`, in order, and the needed strings it holds."""
        present = self.present(lowered)
        opened = set(self.always)
        for text in present:
            opened.update(self.opened_by.get(text, ()))
        each = self.each
        return [i for i in sorted(opened) if not each[i] or all(not needs.isdisjoint(present) for needs in each[i])], present
