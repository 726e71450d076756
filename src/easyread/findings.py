"""List the findings: each sentence of a finding section, with its kind, tone and agency."""
from __future__ import annotations

import re

from .model import CONTEXT, IMPROVE, STRENGTH, Finding, Report, Section

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "St.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "vs.", "approx.", "Co.")
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets in `text`; abbreviations such as "e.g." do not end one."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SPLIT.finditer(text):
        candidate = text[start:m.start()].strip()
        if candidate.endswith(_ABBREVIATIONS) or len(candidate) < 3:
            continue
        out.append((start, candidate))
        start = m.end()
    if tail := text[start:].strip():
        out.append((start, tail))
    return out


def tone(sentence: str, rules: dict) -> str:
    """'positive', 'negative', 'mixed' or 'neutral', judged clause by clause.

    A clause after "but" or "however" is a reservation when it says "not", "no", "limited" ...
    """
    parts = rules["clause_breaks"].split(sentence)  # text, connector, text, connector, text ...
    negative = positive = False
    for i in range(0, len(parts), 2):
        clause, connector = parts[i], parts[i - 1].lower() if i else ""
        if rules["improve_cues"].search(clause) or (connector in ("but", "however") and rules["reservation_cues"].search(clause)):
            negative = True
        elif rules["strength_cues"].search(clause):
            positive = True
    if negative and positive:
        return "mixed"
    return "negative" if negative else "positive" if positive else "neutral"


def kind_of(section: Section, sentence_tone: str) -> str:
    """The kind a sentence has: its heading's, unless its own words say otherwise."""
    if section.kind == IMPROVE:
        return IMPROVE
    if sentence_tone == "negative":
        return IMPROVE
    if section.kind == STRENGTH or sentence_tone == "positive":
        return STRENGTH
    return CONTEXT if sentence_tone != "mixed" else STRENGTH


def mentioned_agency(text: str, rules: dict) -> str | None:
    best: tuple[int, str] | None = None
    for agency, patterns in rules["agencies"].items():
        if m := patterns["mention"].search(text):
            if best is None or m.start() < best[0]:
                best = (m.start(), agency)
    return best[1] if best else None


def list_findings(report: Report, rules: dict) -> list[Finding]:
    text = report.document.text
    findings: list[Finding] = []
    for section in report.sections:
        for block in section.blocks:
            if block.kind not in ("paragraph", "item") or rules["not_findings"].search(block.text):
                continue
            paragraph_agency = mentioned_agency(block.text, rules)
            for offset, sentence in split_sentences(block.text):
                start = text.find(sentence[:40], block.start)
                start = start if start != -1 else block.start + offset
                sentence_tone = tone(sentence, rules)
                agency = section.agency
                if agency is None and section.role in ("finding", "summary"):
                    agency = mentioned_agency(sentence, rules) or paragraph_agency or "partnership"
                findings.append(Finding(
                    text=sentence, start=start, end=start + len(sentence), role=section.role, theme=section.theme,
                    kind=kind_of(section, sentence_tone), agency=agency, section=section.heading, tone=sentence_tone,
                ))
    return findings
