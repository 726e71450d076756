"""Write the readability review (HTML for a person, JSON for CI) and the statements JSON."""
from __future__ import annotations

import json
from dataclasses import asdict

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from .model import Handout, Statement
from .readability import summary
from .resources import templates_dir


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


def review_data(handouts: list[Handout], thresholds: dict, unmatched: list, missing_terms: list, report: str) -> dict:
    return {
        "slug": handouts[0].slug,
        "report": report,
        "handouts": [
            {"audience": h.audience, "summary": summary(h), "limits": thresholds[h.audience],
             "statements": [statement_record(s, h.audience) | {"scores": s.scores, "sources": s.sources, "group": s.group}
                            for s in h.statements()]}
            for h in handouts
        ],
        "unmatched": [asdict(u) for u in unmatched],
        "missing_terms": [asdict(m) for m in missing_terms],
    }


def review_json(data: dict) -> str:
    plain = {**data, "handouts": [{k: v for k, v in h.items() if k != "statements"} | {
        "statements": [{k: v for k, v in s.items() if k not in ("scores", "sources")} for s in h["statements"]]}
        for h in data["handouts"]]}
    return json.dumps(plain, ensure_ascii=False, indent=2, default=str)


def review_html(data: dict) -> str:
    env = SandboxedEnvironment(loader=FileSystemLoader(str(templates_dir())), autoescape=select_autoescape(["html", "j2"]),
                               undefined=StrictUndefined)
    return env.get_template("review.html.j2").render(**data)
