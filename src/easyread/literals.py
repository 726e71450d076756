"""The words a pattern cannot match without: a cheap test that skips most regex searches.

Matching tries every entry's patterns on every finding, some 150,000 regex searches for one
report, and nearly all of them fail. `\\blisten(s|ed)? to\\b` cannot match a sentence without
"listen", and looking for a substring is far cheaper than a search. The needs are read from the
pattern as Python's own regex parser sees it, so they are exact: a sentence lacking all of them
cannot match, and a pattern whose needs cannot be read gets none (it is always searched).
"""
from __future__ import annotations

import re

from . import engine

try:  # the parser behind re.compile; private, so a Python without it simply skips the shortcut
    from re import _constants as _op
    from re import _parser
except ImportError:  # pragma: no cover - every CPython from 3.11 has them
    _parser = None

try:  # the letters the regex engine takes as one under IGNORECASE though their lower cases differ (s and ſ, σ and ς ...)
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - every CPython from 3.11 has it
    _EXTRA_CASES = {}

Needs = frozenset  # folded strings (`folded`); every match contains at least one of them

# İ lowers to i and a combining dot (the engine: to i), so the dot goes; each group of letters the
# engine takes as one becomes its first.
_FOLD = {0x307: None, **{lower: min(lower, *others) for lower, others in _EXTRA_CASES.items() if lower != min(lower, *others)}}
_FOLDED_AWAY = re.compile(f"[{''.join(map(chr, _FOLD))}]")  # found far faster than str.translate goes through a text


def folded(text: str) -> str:
    """`text` in lower case, with the letters the regex engine takes as one under IGNORECASE made one:
    a string a case-insensitive pattern needs is in the folded text wherever the pattern matches."""
    lowered = text.lower()
    return lowered.translate(_FOLD) if not lowered.isascii() and _FOLDED_AWAY.search(lowered) else lowered


def needs(pattern: re.Pattern) -> Needs | None:
    """The strings one of which every match of `pattern` contains, folded; None if unknown."""
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


SELECTIVE = 4  # letters: the shortest string, besides a pattern's most selective part, worth looking for


def needs_each_of_parsed(parsed) -> tuple[Needs, ...]:
    """The needs of the parts of a parsed pattern's sequence, the most selective first: a match holds
    one string of every one. `\\blisten(s|ed)? to the\\b` needs "listen" and " to the". Besides the
    most selective part, only parts of strings of SELECTIVE letters or more: a sentence nearly always
    holds a short string, and finding every short string costs more than the searches it saves."""
    parts = list(dict.fromkeys(_parts(list(parsed))))
    if not parts:
        return ()
    parts.sort(key=lambda options: -min(map(len, options)))
    return (parts[0], *(options for options in parts[1:] if min(map(len, options)) >= SELECTIVE))


def _sequence(items: list) -> Needs | None:
    """Each part of a sequence is needed, so the most selective part's needs stand for the whole."""
    return max(_parts(items), key=lambda options: min(map(len, options)), default=None)


def _parts(items: list) -> list[Needs]:
    """The needs of each part of a sequence that has known needs (a run of literals is one part)."""
    candidates: list[Needs] = []
    run: list[str] = []
    for op, value in items:
        if op is _op.LITERAL:
            run.append(chr(value))
            continue
        if run and (text := folded("".join(run))):  # a combining dot alone folds away: it needs nothing
            candidates.append(Needs({text}))
        run = []
        part = _part(op, value)
        if part:
            candidates.append(part)
    if run and (text := folded("".join(run))):
        candidates.append(Needs({text}))
    return candidates


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


def starts(parsed) -> tuple[frozenset[str], bool] | None:
    """Where a match of a parsed pattern can start: the characters its first consumed character can
    be (before case folding), and whether a word boundary (\\b) always comes first; None if unknown.

    `\\bneeds? to|\\bshould\\b|...` can only start at a word boundary, at an n, an s ... Searched
    as written, the engine tries each of its sixty branches at every character of a sentence;
    told the starts first (patterns.py), it tries them at a few word starts only."""
    found = _starts(list(parsed), False)
    return None if found is None or found[1] or not found[0] else (frozenset(found[0]), found[2])


def first_characters(items: list) -> set[str] | None:
    """The characters the first consumed character of a sequence of parsed items can be (before
    case folding); None if unknown or if the sequence can match without consuming any."""
    found = _starts(items, False)
    return None if found is None or found[1] else found[0]


def _starts(items: list, bounded: bool) -> tuple[set[str], bool, bool] | None:
    """(first characters, whether the sequence can match empty, whether every path to a first
    character passes a word boundary), or None. `bounded`: a word boundary comes before `items`."""
    chars: set[str] = set()
    every_bounded = True
    for op, value in items:
        if op is _op.AT:
            bounded = bounded or value is _op.AT_BOUNDARY
            continue
        if op in (_op.ASSERT, _op.ASSERT_NOT):  # looking around consumes nothing; leaving it out only widens the starts
            continue
        part = _starts_of(op, value, bounded)
        if part is None:
            return None
        chars |= part[0]
        every_bounded = every_bounded and part[2]
        if not part[1]:
            return chars, False, every_bounded
    return chars, True, every_bounded and bounded  # the empty path keeps only the boundaries met before it


def _starts_of(op, value, bounded: bool) -> tuple[set[str], bool, bool] | None:
    if op is _op.LITERAL:
        return {chr(value)}, False, bounded
    if op is _op.IN:
        chars = set()
        for kind, item in value:
            if kind is _op.LITERAL:
                chars.add(chr(item))
            elif kind is _op.RANGE and item[1] - item[0] < 64:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            else:  # a negated set, a category (\\w, \\s ...), a wide range: too many to list
                return None
        return chars, False, bounded
    if op is _op.SUBPATTERN:
        _, added_flags, removed_flags, items = value
        if added_flags or removed_flags:  # (?a:...), (?-i:...): its \b or case is not the look ahead's
            return None
        return _starts(list(items), bounded)
    if op is getattr(_op, "ATOMIC_GROUP", None):
        return _starts(list(value), bounded)
    if op is _op.BRANCH:
        branches = [_starts(list(branch), bounded) for branch in value[1]]
        if any(b is None for b in branches):
            return None
        return set().union(*(b[0] for b in branches)), any(b[1] for b in branches), all(b[2] for b in branches)
    if op in (_op.MAX_REPEAT, _op.MIN_REPEAT, getattr(_op, "POSSESSIVE_REPEAT", None)):
        inner = _starts(list(value[2]), bounded)
        return None if inner is None else (inner[0], inner[1] or value[0] == 0, inner[2])
    return None


def contains_any(needs_: Needs | None, folded_text: str) -> bool:
    return needs_ is None or any(need in folded_text for need in needs_)


def entry_needs(entry) -> tuple[Needs | None, tuple[Needs | None, ...], tuple[Needs | None, ...]]:
    """What a text must contain for a phrasebook entry to apply: one of the strings some `any`
    pattern needs, and what each `all` pattern needs; and what its `not` patterns need to refuse
    it. None where nothing is known."""
    either = [getattr(p, "needs", None) for p in entry.any]
    return ((None if not either or None in either else Needs().union(*either)), tuple(getattr(p, "needs", None) for p in entry.all),
            tuple(getattr(p, "needs", None) for p in entry.not_))


class Index:
    """Which of many rules could apply to a text, from the strings their patterns need.

    A rule is (needs of its `any` patterns, needs of each `all` pattern, needs of each `not`
    pattern), None for unknown. A text is looked up once: the needed strings it contains, then the
    rules those strings open (a rule's `any` needs, else one of its `all` patterns' needs), in rule
    order, with every `all` need met. The needed strings are found
    by one pattern (`finder`), a trie of them all tried at every position of the text: at each, it
    finds the longest needed string starting there, which holds the shorter ones that start there.
    Its engine code is made with the index and kept with it (engine.py), in the phrasebook's snapshot.
    """

    def __init__(self, rules: list[tuple[Needs | None, tuple[Needs | None, ...], tuple[Needs | None, ...]]], more: set[str] = frozenset()):
        self.each = [tuple(needs for needs in each if needs is not None) for _, each, _ in rules]  # `all` needs known
        opened_by: dict[str, set[int]] = {}
        always = set()  # rules no needed string opens
        wanted: set[str] = set(more)  # besides the rules' needs, other strings to find (`more`)
        for i, (either, each, refusing) in enumerate(rules):
            # a rule is opened by the strings its `any` patterns need, else by those of its most selective `all` pattern
            opener = either if either is not None else min(self.each[i], key=len, default=None)
            if opener is None:
                always.add(i)
            for text in opener or ():
                opened_by.setdefault(text, set()).add(i)
            wanted.update(*(needs for needs in (either, *each, *refusing) if needs))
        self.always = frozenset(always)
        self.opened_by = {text: frozenset(rules) for text, rules in opened_by.items()}
        self.held = {text: frozenset(text[:end] for end in range(1, len(text) + 1) if text[:end] in wanted) for text in wanted}
        self.finder_text = f"(?=({_trie(wanted)}))" if wanted else ""
        self.finder_code = None
        if wanted and engine.AVAILABLE:
            try:
                self.finder_code = engine.code_of(engine.parse(self.finder_text, 0), 0)
            except Exception:  # noqa: BLE001 - a Python whose compiler has changed: compiled at first use instead
                pass
        self._finder: re.Pattern | None = None

    @classmethod
    def for_entries(cls, entries) -> Index:
        """The index of phrasebook entries; it finds every string any part of their patterns needs
        (`needs_each`), so that a pattern lacking one part is not searched either (match.py)."""
        parts = {text for entry in entries for pattern in (*entry.any, *entry.all, *entry.not_)
                 for needs in getattr(pattern, "needs_each", ()) for text in needs}
        return cls([entry_needs(entry) for entry in entries], parts)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_finder": None, "finder_code": self.finder_code and engine.packed(self.finder_code)}  # kept as its code

    def present(self, folded_text: str) -> set[str]:
        """The needed strings `folded_text` (folded: `folded`) contains."""
        if not self.finder_text:
            return set()
        if self._finder is None:
            self._finder = engine.from_code(self.finder_text, 0, self.finder_code)
        return set().union(*map(self.held.__getitem__, set(self._finder.findall(folded_text))))

    def lookup(self, folded_text: str, among: frozenset[int] | None = None) -> tuple[list[int], set[str]]:
        """The indexes of the rules (of those `among`, if given) that could apply to `folded_text`, in
        order, and the needed strings it holds."""
        present = self.present(folded_text)
        opened_by = self.opened_by
        opened = self.always.union(*[opened_by[text] for text in present if text in opened_by])
        if among is not None:
            opened &= among
        each = self.each
        return [i for i in sorted(opened) if not each[i] or all(not needs.isdisjoint(present) for needs in each[i])], present


def _trie(strings: set[str]) -> str:
    """A pattern matching each of `strings`, branching one character at a time, longest first."""
    tree: dict = {}
    for text in strings:
        node = tree
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a string ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{either})?" if "" in node else either

    return pattern(tree)
