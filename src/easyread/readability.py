"""Score statements for readability, in English (textstat) and Welsh.

The one module that imports textstat. Figures are measured per statement: a handout's bullets
have no full stops, so scoring the whole text at once would read it as a few huge sentences.
There is no published Welsh readability formula; sentence length, long words (Welsh digraphs
counting as one letter) and Welsh syllables per word stand in for one.
"""
from __future__ import annotations

import re
import sys
import types
from dataclasses import dataclass, replace
from functools import lru_cache

from .model import Handout, HandoutSection, Statement
from .patterns import Pattern, compile_pattern
from .syllables import hyphenator, syllable_table, syllables

WELSH_DIGRAPHS = re.compile(r"ch|dd|ff|ng|ll|ph|rh|th", re.I)
_WELSH_GLIDES = re.compile(r"(?<=g|h)w(?=[aeiouyâêîôûŵŷlnr])|i(?=[aeouwyâêôûŵŷ])")
WELSH_VOWEL_GROUPS = re.compile(r"(?:aw|ew|iw|ow|uw|yw|ae|ai|au|ei|eu|oe|oi|ou|wy|[aeiouwyâêîôûŵŷ])", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_NOT_ENGLISH_LETTERS = re.compile(r"['’]s$|['’-]")  # a possessive 's, apostrophes and hyphens
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_EXPLAINED_INLINE = re.compile(r"\(([A-Z]{2,}s?)\)")  # "Pupil Referral Unit (PRU)" explains PRU
_EXPLAINED_AFTER = re.compile(r"\b([A-Z]{2,}s?)\s+\((?=[^)]*[a-z])")  # "CAMHS (Child and Adolescent ...)" explains CAMHS
# Flags that mean a statement breaks a threshold; the others are advice for the reviewer.
THRESHOLD_FLAGS = {"too long", "hard to read", "high grade"}
MIN_MEASURED_WORDS = 5  # words of its own (names aside) a statement needs for its Flesch and grade to count


@dataclass(frozen=True)
class Advice:
    """The advice flags' patterns, made from the word lists of templates/readability.yaml."""

    passive: Pattern
    hedges: Pattern
    two_ideas: Pattern


ADVICE_LISTS = ("hedges", "not_a_hedge_after", "irregular_participles", "not_participles", "clause_openers",
                "after_and", "new_subject_or_verb")


def advice_patterns(words: dict) -> Advice:
    """Patterns from the word lists (names in ADVICE_LISTS; the loader has checked they are there)."""
    def either(key: str) -> str:
        return "|".join(map(re.escape, words[key]))

    not_after = "".join(f"(?<!{re.escape(w)} )" for w in words["not_a_hedge_after"])
    return Advice(
        passive=compile_pattern(rf"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?(?!(?:{either('not_participles')})\b)"
                                rf"(?:\w+(?:ed|en|wn|ught)|{either('irregular_participles')})\b", words),
        hedges=compile_pattern(rf"{not_after}\b(?:{either('hedges')})\b", words),
        two_ideas=compile_pattern(rf"\b(?:{either('clause_openers')})\b|,\s+and\b"
                                  rf"|\band\s+(?:(?:{either('after_and')})\s+)?(?:{either('new_subject_or_verb')})s?\b", words),
    )


class _StressedPhones:
    """The shape textstat reads from NLTK's CMU dictionary (word → pronunciations → phones), answered
    from syllables.py: one pronunciation with one stressed phone a syllable. It knows every word
    (syllables.py counts the CMU dictionary's missing words as textstat would), so textstat never
    falls back to hyphenation itself."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * syllables(word)]


def _cmu_dictionary(lang: str) -> _StressedPhones | None:
    return _StressedPhones() if lang.startswith("en") else None


class _Hyphenator:
    """What textstat asks for at every count: loaded only if a word is ever hyphenated."""

    def __init__(self, lang: str):
        self.lang = lang

    def positions(self, word: str) -> list:
        return hyphenator(self.lang).positions(word)


@lru_cache(maxsize=1)
def _textstat():
    """textstat, counting English syllables from the compact table instead of through NLTK.

    textstat imports NLTK only to reach the CMU dictionary, which costs most of a second at every
    start and downloads the data on first use (failing offline). Its one door to the dictionary is
    the module `textstat.backend.utils._get_cmudict`: a module of ours registered under that name
    before textstat is imported keeps NLTK out of the process. `_get_pyphen` likewise, so the
    hyphenation patterns are not loaded at every start.
    """
    for module, name, function in (("_get_cmudict", "get_cmudict", _cmu_dictionary), ("_get_pyphen", "get_pyphen", _Hyphenator)):
        door = types.ModuleType(f"textstat.backend.utils.{module}")
        setattr(door, name, function)
        sys.modules.setdefault(door.__name__, door)
    import textstat
    from textstat.backend.counts import _count_syllables

    _count_syllables.get_cmudict, _count_syllables.get_pyphen = _cmu_dictionary, _Hyphenator  # if imported before us
    textstat.set_lang("en_GB")
    return textstat


def load() -> None:
    """Load textstat and the syllable table now rather than at the first statement."""
    _textstat()
    syllable_table()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if words(s)]


def longest_sentence(text: str) -> int:
    """Words in the text's longest sentence (0 if it has no words)."""
    return max(len(words(s)) for s in _SENTENCE_END.split(text.strip()))


_WELSH_CLITIC = re.compile(r"['’](?:n|r|i|w|u|m|th|ch)$", re.I)  # gwasanaethau'n = gwasanaethau + 'n (yn)


def welsh_letters(word: str) -> int:
    """Letters in a Welsh word, each digraph counting as one; a clitic ('n, 'r, ...) is a word of its own."""
    word = _WELSH_CLITIC.sub("", word)
    return len(WELSH_DIGRAPHS.sub("_", word.replace("'", "").replace("’", "").replace("-", "")))


def english_letters(word: str) -> int:
    """Letters in an English word: apostrophes, hyphens and a possessive 's do not count ("children's" has 8)."""
    return len(_NOT_ENGLISH_LETTERS.sub("", word))


@lru_cache(maxsize=None)  # a handout says its few hundred Welsh words again and again
def welsh_syllables(word: str) -> int:
    """Vowel groups, after taking out the w and i that are consonants: w after g or ch before a vowel
    or l, n, r (gwlad, chwarae), and i before a vowel (iaith, dyddiad). "diolch" comes out one short."""
    return max(1, len(WELSH_VOWEL_GROUPS.findall(_WELSH_GLIDES.sub("_", word.lower()))))


@lru_cache(maxsize=4)
def _name_openings(names: tuple[str, ...]) -> re.Pattern:
    """One pattern for the first three letters of every name: a text without any of them (most
    statements) holds no name, and is spared a search for each of the many names. The openings
    compile in a tenth of the time the whole names would, at every start."""
    return re.compile("|".join(sorted({re.escape(name[:3]) for name in names})))


def without_names(text: str, names: list[str]) -> str:
    """The text a writer could change: official names of places and bodies taken out, in the order given."""
    if not _name_openings(tuple(names)).search(text):
        return text
    for name in names:
        text = text.replace(name, "")
    return text


def unexplained_acronyms(text: str, explained: set[str]) -> list[str]:
    acronyms = _ACRONYM.findall(text)
    if not acronyms:  # most statements: no need to look for explanations
        return []
    known = explained | set(_EXPLAINED_INLINE.findall(text)) | set(_EXPLAINED_AFTER.findall(text))
    return sorted({a for a in acronyms if a not in known and a.rstrip("s") not in known})


def _words_of_at_least(minimum: int, candidates: list[str], count_letters) -> list[str]:
    """The candidates of `minimum` letters or more. A word never has more letters than characters,
    so the shorter words (nearly all) need no counting."""
    return [w for w in candidates if len(w) >= minimum and count_letters(w) >= minimum]


def score_english(text: str, limits: dict, explained: set[str], names: list[str] = ()) -> dict:
    ts = _textstat()
    advice = limits["advice"]
    longest = longest_sentence(text)
    all_words = words(text)
    own = without_names(text, names)
    own_words = all_words if own == text else words(own)  # most statements name nobody
    sample = own if own.rstrip().endswith((".", "!", "?", ":")) else own + "."
    long_words = _words_of_at_least(limits["long_word_letters"], own_words, english_letters)
    acronyms = unexplained_acronyms(text, explained)
    figures = {
        "words": len(all_words),
        "words_per_sentence": longest,
        "flesch": round(ts.flesch_reading_ease(sample), 1),
        "grade": round(ts.flesch_kincaid_grade(sample), 1),
        "long_words": long_words,
        "acronyms": acronyms,
        "passive": bool(advice.passive.search(text)),
        # search first: unlike findall, it skips the texts that have none of the hedge words
        "hedges": advice.hedges.findall(text) if advice.hedges.search(text) else [],
        "two_ideas": bool(advice.two_ideas.search(text)),
        # Flesch and grade say little about a few words (or a statement that is only names): not judged then
        "measured": len(own_words) >= MIN_MEASURED_WORDS,
    }
    flags = []
    if longest > limits["max_words"]:
        flags.append("too long")
    if figures["flesch"] < limits["min_flesch"] and figures["measured"]:
        flags.append("hard to read")
    if figures["grade"] > limits["max_grade"] and figures["measured"]:
        flags.append("high grade")
    if long_words:
        flags.append("long words")
    if acronyms:
        flags.append("acronym not explained")
    if figures["passive"]:
        flags.append("passive")
    if figures["hedges"]:
        flags.append("hedge")
    if figures["two_ideas"]:
        flags.append("more than one idea")
    figures["flags"] = flags
    return figures


def score_welsh(text: str, limits: dict, explained: set[str], names: list[str] = ()) -> dict:
    longest = longest_sentence(text)
    all_words = words(text)
    own = without_names(text, names)
    own_words = all_words if own == text else words(own)  # most statements name nobody
    long_words = _words_of_at_least(limits["long_word_letters"], own_words, welsh_letters)
    acronyms = unexplained_acronyms(text, explained)
    figures = {
        "words": len(all_words),
        "words_per_sentence": longest,
        "syllables_per_word": round(sum(map(welsh_syllables, all_words)) / max(len(all_words), 1), 2),
        "long_words": long_words,
        "acronyms": acronyms,
    }
    flags = []
    if longest > limits["max_words_cy"]:
        flags.append("too long")
    if long_words:
        flags.append("long words")
    if acronyms:
        flags.append("acronym not explained")
    figures["flags"] = flags
    return figures


def score_statement(statement: Statement, limits: dict, explained: set[str], names: list[str]) -> Statement:
    scores = {"en": score_english(statement.en, limits, explained, names), "cy": score_welsh(statement.cy, limits, explained, names)}
    scores["passes"] = not THRESHOLD_FLAGS.intersection(scores["en"]["flags"] + scores["cy"]["flags"])
    return replace(statement, scores=scores)


def score_handout(handout: Handout, thresholds: dict, names: list[str] = ()) -> Handout:
    """The same handout with figures on every statement. `names` (official names) are not scored."""
    limits = thresholds[handout.audience]
    names = sorted(names, key=len, reverse=True)
    explained = {term for term, *_ in handout.hard_words} | {term for _, _, term, _ in handout.hard_words}
    sections = []
    for section in handout.sections:
        groups = tuple(
            replace(g, intro=tuple(score_statement(s, limits, explained, names) for s in g.intro),
                    bullets=tuple(score_statement(s, limits, explained, names) for s in g.bullets))
            for g in section.groups
        )
        sections.append(HandoutSection(section.id, section.title_en, section.title_cy, groups))
    return replace(handout, sections=tuple(sections))


def all_flags(statement: Statement) -> list[str]:
    return sorted(set(statement.scores["en"]["flags"] + statement.scores["cy"]["flags"]))


def summary(handout: Handout) -> dict:
    """What the review page and JSON open with. Statements are named by `number`, their place in the handout from 1."""
    statements = handout.statements()
    en_lengths = [s.scores["en"]["words_per_sentence"] for s in statements]

    def badness(numbered: tuple[int, Statement]) -> tuple:
        s = numbered[1]
        return (-len(THRESHOLD_FLAGS.intersection(all_flags(s))), -len(all_flags(s)), -s.scores["en"]["words_per_sentence"])

    worst = sorted(enumerate(statements, 1), key=badness)
    flag_counts: dict[str, int] = {}
    for s in statements:
        for flag in all_flags(s):
            flag_counts[flag] = flag_counts.get(flag, 0) + 1
    return {
        "statements": len(statements),
        "passing": sum(1 for s in statements if s.scores.get("passes")),
        "flagged": sum(1 for s in statements if all_flags(s)),
        "over_word_limit": sum(1 for s in statements if "too long" in s.scores["en"]["flags"]),
        "over_word_limit_cy": sum(1 for s in statements if "too long" in s.scores["cy"]["flags"]),
        "median_words": sorted(en_lengths)[len(en_lengths) // 2] if en_lengths else 0,
        "flag_counts": dict(sorted(flag_counts.items(), key=lambda item: -item[1])),
        "worst": [{"number": n, "en": s.en, "cy": s.cy, "flags": all_flags(s)} for n, s in worst[:10] if all_flags(s)],
    }
