"""Alternations regrouped by first letter, and the engine told where a match can start: a pattern
finds exactly what re finds, only sooner."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from easyread import branches, engine, patterns
from easyread.literals import starts

_op = re._constants


def _top(pattern: str, flags: int = re.IGNORECASE) -> list:
    return list(branches.grouped(re._parser.parse(pattern, flags)))


def _branches_of(items: list) -> list:
    [branch] = [value[1] for op, value in items if op is _op.BRANCH]
    return branch


# pattern → how many branches are left at the top, once regrouped (worked out by hand)
GROUPS = [
    (r"\bneeds? to|\bshould\b|\bnot (always|clear)\b|\bshort notice\b", 2),  # n..., s...
    (r"\bgood\b|\bpositive\b|\bstrong\b|\beffective\b|\bgreat\b", 4),  # g (good, great), p, s, e
    (r"\bNo\b|\bnot\b|\bnone\b", 1),  # N and n are one letter here
    (r"(?<!without )\bdelay\b|\bdata\b|\bdoes not\b", 2),  # the delay branch may start with d: data cannot move ahead of it
    (r"\bdata\b|(?<!without )\bdelay\b|\bdoes not\b", 3),  # ... nor does not
    (r"\bdata\b|\bsome\b|\bdoes not\b", 2),  # some cannot start with d: does not joins data
    (r"\bdata\b|(x|s)ome|\bdoes not\b", 2),
    (r"\bdata\b|(\w)ome|\bdoes not\b", 3),  # (\w)ome may start with d
    (r"data|\bdoes|\bdone", 2),  # data has no boundary before it: done and does may not move ahead of it ...
    (r"\bdoes|data|\bdone", 3),  # ... nor behind it
]


@pytest.mark.parametrize("pattern, expected", GROUPS)
def test_branches_that_start_alike_are_one(pattern, expected):
    items = _top(pattern)
    found = items if items[0] != (_op.AT, _op.AT_BOUNDARY) else items[1:]  # one boundary before all the branches
    assert len(_branches_of(found)) == expected


def test_a_case_sensitive_pattern_keeps_its_cases_apart():
    assert len(_branches_of(_top(r"\bNo\b|\bnot\b|\bnone\b", 0)[1:])) == 2


@pytest.mark.parametrize("pattern", [r"a|b|c", r"\ba\b|\bb\b"])
def test_short_or_single_letter_alternations_are_left_as_written(pattern):
    parsed = re._parser.parse(pattern, re.IGNORECASE)
    before = repr(list(parsed))
    assert repr(_top(pattern)) == before


@pytest.mark.parametrize("letter", ["k", "s", "i", "a", "\u03c3", "\u03a9", "\u00e5"])
def test_the_cases_of_a_letter_are_the_ones_the_engine_takes_as_it(letter):
    """Walks all of Unicode: every character re matches as `letter` under IGNORECASE, and no other."""
    matcher = re.compile(re.escape(letter), re.IGNORECASE).fullmatch
    expected = tuple(code for code in range(0x110000) if matcher(chr(code)))
    assert engine.cases(ord(letter)) == expected


def test_a_pattern_that_starts_at_known_letters_skips_to_them():
    parsed = re._parser.parse(r"\bneeds? to|\bshould\b", re.IGNORECASE)
    code = engine.code_of(parsed, re.IGNORECASE, starts(re._parser.parse(r"\bneeds? to|\bshould\b", re.IGNORECASE)))
    info = code[1]
    assert info[0] == _op.INFO and info[2] == _op.SRE_INFO_CHARSET


# Alternations of words from few letters, with those case folding joins (K and the Kelvin sign, s and
# the long s, i and the dotted capital I), boundaries, groups and looking behind.
WORD = st.text(alphabet="adeiknos", min_size=1, max_size=5)
BRANCH = st.tuples(st.sampled_from(["", r"\b", r"(?<!x )\b", "(", r"\b(", "(?P<n>"]), WORD, st.sampled_from(["", r"\b", "s?", r"\w*", " " + "x"])).map(
    lambda parts: parts[0] + parts[1] + (")" if parts[0].endswith(("(", ">")) else "") + parts[2])
PATTERN = st.lists(BRANCH, min_size=3, max_size=9).map("|".join).filter(lambda p: p.count("(?P<n>") <= 1)
TEXT = st.text(alphabet="adeiknosKS\u212a\u017f\u0130\u0131\U00010400\U00010428 x-", max_size=40)


@settings(max_examples=400, deadline=None)
@given(pattern=PATTERN, text=TEXT)
@example(pattern=r"\bkind|\bknow|\bsaid", text="\u212aind of")  # the Kelvin sign starts a match
@example(pattern=r"\bno|(?<!x )\bnot|\bnone", text="x not, none")
@example(pattern="\\b\U00010400a|\\bd|\\bdo", text="\U00010400a do")  # cased beyond U+FFFF (Deseret)
@example(pattern=r"\bdax|(\w+)|\bdata", text="data")  # \bdata may not move ahead of a branch that may start with d ...
@example(pattern=r"\bdax|da(ta)|\bdata", text="data")  # ... nor of one that starts with d at no boundary
def test_a_regrouped_pattern_finds_what_re_finds(pattern, text):
    made = patterns.compile_pattern(pattern, None).compiled
    plain = re.compile(pattern, patterns.FLAGS)
    assert [(m.span(), m.groups(), m.lastindex, m.lastgroup) for m in made.finditer(text)] == [
        (m.span(), m.groups(), m.lastindex, m.lastgroup) for m in plain.finditer(text)]
