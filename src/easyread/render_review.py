"""Write the readability review (HTML for a person, JSON for CI) and the statements JSON.

The page and the JSON are rendered from one dictionary (`review_data`), so CI reads the same
figures and flags the reviewer sees. The page is one file with no network access and no script.
"""
from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from .jinja_cache import BytecodeCache
from .model import Handout, Statement
from .readability import THRESHOLD_FLAGS, all_flags, summary
from .resources import templates_dir

# Words the page marks inside a statement, and the figure that lists them.
MARKED = {"en": (("long", "long_words"), ("hedge", "hedges"), ("acronym", "acronyms")),
          "cy": (("long", "long_words"), ("acronym", "acronyms"))}
# Fields only the page needs: the JSON has the words they mark in `readability`.
_PAGE_ONLY = ("parts",)
# The records are trees, so the encoder's check for loops is skipped; one encoder serves every value.
_JSON = json.JSONEncoder(ensure_ascii=False, default=str, check_circular=False)


def _fields(record) -> dict:
    """A frozen record's fields as a dict. Its values are strings and numbers, so unlike
    dataclasses.asdict nothing needs copying."""
    return dict(vars(record))


def statement_record(statement: Statement, audience: str) -> dict:
    return {
        "audience": audience,
        "section": statement.section,
        "organisation": statement.group if statement.section == "good-points" else None,
        "group": statement.group,
        "en": statement.en,
        "cy": statement.cy,
        "entry": statement.entry,
        "source": [_fields(s) for s in statement.sources],
        "readability": statement.scores,
    }


def statements_json(handouts: list[Handout]) -> str:
    records = [statement_record(s, h.audience) for h in handouts for s in h.statements()]
    return json_text({"statements": records}, open_levels=2)


def json_text(value, open_levels: int, depth: int = 0) -> str:
    """JSON laid out over lines down to `open_levels` deep, each deeper value on one line: a statement
    a line, easy to read and to diff. (json's `indent` would do it in pure Python, ten times slower.)"""
    if depth < open_levels and isinstance(value, (dict, list)) and value:
        inner, outer = "  " * (depth + 1), "  " * depth
        if isinstance(value, dict):
            items = [f"{inner}{_JSON.encode(key)}: {json_text(item, open_levels, depth + 1)}" for key, item in value.items()]
            return "{\n" + ",\n".join(items) + f"\n{outer}}}"
        return "[\n" + ",\n".join(inner + json_text(item, open_levels, depth + 1) for item in value) + f"\n{outer}]"
    return _JSON.encode(value)


def marked_parts(text: str, marks: dict[str, str]) -> list[tuple[str, str | None]]:
    """The text cut into (piece, mark) where mark names why a word is marked, else None. Where marked
    words overlap, the one that starts first wins, then the longer. Found with str.find: compiling a
    pattern for each statement's words cost more than the rest of the review."""
    if not marks:
        return [(text, None)]
    found = sorted((start, -len(word), word) for word in marks for start in _standalone(text, word))
    parts, at = [], 0
    for start, _, word in found:
        if start < at:
            continue  # inside a word already marked
        if start > at:
            parts.append((text[at:start], None))
        parts.append((word, marks[word]))
        at = start + len(word)
    if at < len(text):
        parts.append((text[at:], None))
    return parts


def _standalone(text: str, word: str):
    """Where `word` stands in `text` as a word of its own, no part of a word touching either end."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if not (start > 0 and _in_word(text[start - 1])) and not (end < len(text) and _in_word(text[end])):
            yield start
        start = text.find(word, start + 1)


def _in_word(character: str) -> bool:
    """Whether a character can be part of a word: what the regex \\w matches, an apostrophe or a hyphen."""
    return character.isalnum() or character in "_'’-"


def _parts(statement: Statement, language: str) -> list[tuple[str, str | None]]:
    figures = statement.scores[language]
    marks = {word: mark for mark, key in reversed(MARKED[language]) for word in figures.get(key, [])}
    return marked_parts(getattr(statement, language), marks)


def review_data(handouts: list[Handout], thresholds: dict, unmatched: list, missing_terms: list, report: str) -> dict:
    return {
        "slug": handouts[0].slug,
        "report": report,
        "threshold_flags": sorted(THRESHOLD_FLAGS),
        "handouts": [
            {"audience": h.audience, "summary": summary(h), "limits": {k: v for k, v in thresholds[h.audience].items() if k != "advice"},
             "statements": [statement_record(s, h.audience)
                            | {"id": f"{h.audience}-{number}", "number": number, "flags": all_flags(s),
                               "passes": bool(s.scores.get("passes")),
                               "parts": {language: _parts(s, language) for language in ("cy", "en")}}
                            for number, s in enumerate(h.statements(), 1)]}
            for h in handouts
        ],
        "unmatched": [_fields(u) for u in unmatched],
        "missing_terms": [_fields(m) for m in missing_terms],
    }


def review_json(data: dict) -> str:
    plain = {**data, "handouts": [{k: v for k, v in h.items() if k != "statements"} | {
        "statements": [{k: v for k, v in s.items() if k not in _PAGE_ONLY} for s in h["statements"]]}
        for h in data["handouts"]]}
    return json_text(plain, open_levels=4)


@lru_cache(maxsize=1)
def _review_template():
    """Compiled once a process (a batch's workers inherit it), and its Python code kept in the cache
    folder (Jinja's bytecode cache) so later starts skip compiling it."""
    env = SandboxedEnvironment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(["html", "j2"]),
                               undefined=StrictUndefined, bytecode_cache=BytecodeCache())
    return env.get_template("review.html.j2")


def review_html(data: dict) -> str:
    return _review_template().render(**data)
