"""Write the readability review (HTML for a person, JSON for CI) and the statements JSON.

The page and the JSON are rendered from one dictionary (`review_data`), so CI reads the same
figures and flags the reviewer sees. The page is one file with no network access and no script.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict
from functools import lru_cache

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from .model import Handout, Statement
from .readability import THRESHOLD_FLAGS, all_flags, summary
from .resources import templates_dir

# Words the page marks inside a statement, and the figure that lists them.
MARKED = {"en": (("long", "long_words"), ("hedge", "hedges"), ("acronym", "acronyms")),
          "cy": (("long", "long_words"), ("acronym", "acronyms"))}
# Fields only the page needs: the JSON has the same facts in `readability` and `source`.
_PAGE_ONLY = ("scores", "sources", "parts")


def statement_record(statement: Statement, audience: str) -> dict:
    return {
        "audience": audience,
        "section": statement.section,
        "organisation": statement.group if statement.section == "good-points" else None,
        "group": statement.group,
        "en": statement.en,
        "cy": statement.cy,
        "entry": statement.entry,
        "source": [asdict(s) for s in statement.sources],
        "readability": statement.scores,
    }


def statements_json(handouts: list[Handout]) -> str:
    records = [statement_record(s, h.audience) for h in handouts for s in h.statements()]
    return json.dumps({"statements": records}, ensure_ascii=False, indent=2)


def marked_parts(text: str, marks: dict[str, str]) -> list[tuple[str, str | None]]:
    """The text cut into (piece, mark) where mark names why a word is marked, else None."""
    if not marks:
        return [(text, None)]
    pattern = re.compile(r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(marks, key=len, reverse=True))) + r")(?![\w'’-])")
    parts, at = [], 0
    for match in pattern.finditer(text):
        if match.start() > at:
            parts.append((text[at:match.start()], None))
        parts.append((match.group(), marks[match.group()]))
        at = match.end()
    if at < len(text):
        parts.append((text[at:], None))
    return parts


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
                               "passes": bool(s.scores.get("passes")), "scores": s.scores, "sources": s.sources,
                               "parts": {language: _parts(s, language) for language in ("cy", "en")}}
                            for number, s in enumerate(h.statements(), 1)]}
            for h in handouts
        ],
        "unmatched": [asdict(u) for u in unmatched],
        "missing_terms": [asdict(m) for m in missing_terms],
    }


def review_json(data: dict) -> str:
    plain = {**data, "handouts": [{k: v for k, v in h.items() if k != "statements"} | {
        "statements": [{k: v for k, v in s.items() if k not in _PAGE_ONLY} for s in h["statements"]]}
        for h in data["handouts"]]}
    return json.dumps(plain, ensure_ascii=False, indent=2, default=str)


@lru_cache(maxsize=1)
def _review_template():
    """Compiled once a process (a batch's workers inherit it)."""
    env = SandboxedEnvironment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(["html", "j2"]),
                               undefined=StrictUndefined)
    return env.get_template("review.html.j2")


def review_html(data: dict) -> str:
    return _review_template().render(**data)
