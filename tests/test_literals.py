"""The strings a pattern needs: a sentence without any of them cannot match, so it is not searched."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from easyread import patterns
from easyread.literals import Index, contains_any, folded, needs, needs_each_of_parsed, starts

# pattern → the needs worked out by hand: the most selective part of the sequence (longest shortest option).
NEEDS = [
    (r"\blisten(s|ed|ing)? to\b", {"listen"}),
    (r"\bMASH\b", {"mash"}),
    (r"\b(police|health board)\b", {"police", "health board"}),
    (r"early help hub", {"early help hub"}),
    (r"(record|note)s? (are|were) (poor|weak)", {"record", "note"}),
    (r"\bwaiting( list)?s?\b", {"waiting"}),
    (r"(\w+ ){0,2}training", {"training"}),
    (r"(?:training){1,3}", {"training"}),
]
# Patterns whose needs cannot be known: every sentence is searched.
UNKNOWN = [r"\w+", r"(a|)b?", r"[A-Z]{2,}", r"(?=foo)\w+", r"(x)?y?"]


@pytest.mark.parametrize("pattern, expected", NEEDS)
def test_needs_of_a_pattern(pattern, expected):
    assert needs(re.compile(pattern, re.IGNORECASE)) == expected


# pattern → what each part of it needs, the most selective first, worked out by hand.
NEEDS_EACH = [
    (r"\blisten(s|ed|ing)? to the\b", ({" to the"}, {"listen"})),  # the longer first
    (r"\blisten(s|ed|ing)? to\b", ({"listen"},)),  # " to" is too short to be worth finding
    (r"(record|note)s? (are|were) (poor|weak)", ({"record", "note"}, {"poor", "weak"})),  # a tie: the first first
    (r"\b(police|health board)\b", ({"police", "health board"},)),
    (r"\bno\b", ({"no"},)),  # the most selective part, however short
    (r"\w+", ()),
]


@pytest.mark.parametrize("pattern, expected", NEEDS_EACH)
def test_needs_of_each_part_of_a_pattern(pattern, expected):
    assert needs_each_of_parsed(re._parser.parse(pattern, re.IGNORECASE)) == tuple(map(frozenset, expected))


@pytest.mark.parametrize("pattern", UNKNOWN)
def test_a_pattern_with_no_needs_is_always_searched(pattern):
    assert needs(re.compile(pattern, re.IGNORECASE)) is None
    assert contains_any(None, "anything")


def test_needs_never_turn_away_a_sentence_the_pattern_matches(phrasebook, analyses):
    """Over every finding of every seed, each pattern of the shipped phrasebook and its needs agree."""
    patterns = {p.pattern: p for entry in phrasebook.entries for p in (*entry.any, *entry.all, *entry.not_)}
    sentences = [finding.text for analysis in analyses.values() for finding in analysis.findings]
    assert len(patterns) > 500 and len(sentences) > 1000
    for pattern in patterns.values():
        fresh = needs(pattern.compiled)  # read again, not taken from the cache
        assert pattern.needs == fresh, pattern.pattern
        assert pattern.needs_each == needs_each_of_parsed(re._parser.parse(pattern.pattern, re.IGNORECASE)), pattern.pattern
        for sentence in sentences:
            if pattern.compiled.search(sentence):  # the plain regex, with no needs in front of it
                assert contains_any(fresh, folded(sentence)), (pattern.pattern, sentence)
                assert all(contains_any(part, folded(sentence)) for part in pattern.needs_each), (pattern.pattern, sentence)


# (pattern, text it matches) where str.lower alone would part what the regex engine takes as one letter
CASE_FOLDS = [
    (r"\blist\b", "a L\u0130ST of names"),  # İ lowers to i and a combining dot
    (r"\bthis\b", "th\u0131s"),  # dotless ı
    (r"\bcase\b", "ca\u017fe"),  # long ſ
    (r"\bca\u017fe\b", "CASE"),
    (r"\bο\u03b4ος\b", "ΟΔΟΣ"),  # Σ lowers to a final ς at the end of a word
    (r"\b\u00b5g\b", "10 \u03bcg"),  # the micro sign and mu
    (r"\bŵyr\b", "ei \u0174YR"),  # Welsh ŵ, upper and lower
    (r"[a-z]\u0307", "e\u0307"),  # a combining dot alone folds away: the pattern needs nothing, not ""
]


@pytest.mark.parametrize("pattern, text", CASE_FOLDS)
def test_needs_hold_for_letters_the_regex_engine_takes_as_one(pattern, text):
    assert re.search(pattern, text, re.IGNORECASE)
    made = patterns.compile_pattern(pattern, None)
    assert made.search(text)
    index = Index([(made.needs, (), ())], made.needs or ())
    assert index.lookup(folded(text))[0] == [0]


def test_folding_makes_one_what_the_regex_engine_takes_as_one():
    """Under IGNORECASE the engine takes two letters as one when their simple lower cases are equal,
    or when its table of extra cases joins them (re._casefix): `folded` must make them equal too."""
    from re._casefix import _EXTRA_CASES

    import _sre
    for point in range(0x110000):
        if 0xD800 <= point < 0xE000:
            continue
        assert folded(chr(point)) == folded(chr(_sre.unicode_tolower(point))), hex(point)
    for lower, others in _EXTRA_CASES.items():
        assert {folded(chr(other)) for other in others} == {folded(chr(lower))}, hex(lower)


def test_matching_through_the_index_finds_what_trying_every_entry_finds(phrasebook, analyses):
    from easyread.match import applies, match_findings, subject_agency

    for name, analysis in analyses.items():
        indexed = {(m.entry.id, m.finding.start, m.slots, m.agency) for m in match_findings(list(analysis.findings), phrasebook)
                   if not m.follows}
        every = set()
        for finding in analysis.findings:
            for entry in phrasebook.entries:
                agency = subject_agency(entry, finding, phrasebook.structure)
                if (slots := applies(entry, finding, agency)) is not None:
                    every.add((entry.id, finding.start, tuple(sorted(slots.items())), agency))
        assert indexed == every, name


# pattern → where a match can start, worked out by hand: (first characters, a word boundary first), or None.
STARTS = [
    (r"\blisten(s|ed)? to\b", ({"l"}, True)),
    (r"\bneeds? to|\bshould\b", ({"n", "s"}, True)),
    (r"(?<!without )(?<!avoid )\bdelay(s|ed)?\b", ({"d"}, True)),  # looking behind consumes nothing
    (r"(This|These|It)\b", ({"T", "I"}, False)),
    (r"(?:re)?view", ({"r", "v"}, False)),
    (r"\b(?:a|b)|c", ({"a", "b", "c"}, False)),  # one branch has no boundary
    (r"(?:\bfoo)?bar", ({"f", "b"}, False)),  # "bar" may start anywhere
    (r"\b(?:foo)?bar", ({"f", "b"}, True)),
    (r"[A-C]x|^y", ({"A", "B", "C", "y"}, False)),
    (r"(?a:\bé)", None), (r"x|(?-i:\bA)", None),  # a group with its own flags: its \b or case is not the pattern's
    (r"\w+", None), (r"(a|)b?", None), (r"x?", None), (r"[^a]b", None), (r".x", None), (r"\sand", None),
]


@pytest.mark.parametrize("pattern, expected", STARTS)
def test_where_a_match_can_start(pattern, expected):
    found = starts(re._parser.parse(pattern, re.IGNORECASE))
    assert found == (None if expected is None else (frozenset(expected[0]), expected[1]))


# Text from few characters, with the ones case folding joins (K and the Kelvin sign, s and the long s).
TEXT = st.text(alphabet="abcdefhilnorstuvwxyKkS\u212a\u017fé -'.,", max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, pattern=st.sampled_from([p for p, _ in STARTS] + [r"\bk(?:s|elvin)\b", r"(?<=a )\bso\b|x[yz]", r"\bno(?! doubt)\b", r"(?a:\bé)"]))
@example(text="xé", pattern=r"(?a:\bé)")  # a boundary in ASCII, none in Unicode
@example(text="\U00010401", pattern="\U00010400a|\U00010428b|\U00010401")  # cased letters beyond U+FFFF (Deseret)
def test_a_pattern_with_its_starts_looked_at_first_finds_what_re_finds(text, pattern):
    made = patterns.compile_pattern(pattern, None)
    plain = re.compile(pattern, patterns.FLAGS)
    assert [(m.span(), m.groups(), m.lastindex) for m in made.compiled.finditer(text)] == [(m.span(), m.groups(), m.lastindex) for m in plain.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="abcd ", max_size=30))
def test_the_index_finds_every_needed_string_a_text_holds(text):
    """Needed strings that overlap, start alike or hold one another are all found."""
    wanted = ["ab", "abcd", "bc", "c", "d d", "abd", "ca"]
    every = [frozenset({"ab", "c"}), frozenset({"dd"})]  # a rule with `all` patterns only: it needs one of each
    index = Index([(frozenset({w}), (), ()) for w in wanted] + [(None, tuple(every), ())])
    assert index.present(text) == {w for w in [*wanted, "dd"] if w in text}
    expected = [i for i, w in enumerate(wanted) if w in text] + ([len(wanted)] if all(any(w in text for w in n) for n in every) else [])
    assert index.lookup(text)[0] == expected
