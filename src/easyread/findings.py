"""List the findings: each sentence of a finding section, with its kind, tone and agency."""
from __future__ import annotations

import re

from .model import CONTEXT, FINDING_ROLES, IMPROVE, STRENGTH, Finding, Report, Section

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "St.", "Dr.", "Mr.", "Mrs.", "Ms.", "No.", "vs.", "approx.", "Co.")
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


# "It is positive that police attendance ..." is no pronoun for the subject before: an "It" sentence
# carries that subject only when it names no body of its own anywhere.
_IT = re.compile(r"It\b")
_WELL_BEING = re.compile(r"\bwell[- ]being\b", re.I)


# The longest sentence of the seeds has about 600 characters. A longer run with no full stop (a list pasted
# without punctuation, a damaged file) is read in parts: some patterns take time that grows with the
# square of a sentence's length.
MAX_SENTENCE_CHARS = 1200


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets in `text`; abbreviations such as "e.g." do not end one."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SPLIT.finditer(text):
        candidate = text[start:m.start()].strip()
        if candidate.endswith(_ABBREVIATIONS) or len(candidate) < 3:
            continue
        out += _in_parts(start, candidate)
        start = m.end()
    if tail := text[start:].strip():
        out += _in_parts(start, tail)
    return out


def _in_parts(start: int, sentence: str) -> list[tuple[int, str]]:
    """`sentence` cut at spaces into parts of at most MAX_SENTENCE_CHARS, with their offsets."""
    parts = []
    while len(sentence) > MAX_SENTENCE_CHARS:
        cut = sentence.rfind(" ", 0, MAX_SENTENCE_CHARS) + 1 or MAX_SENTENCE_CHARS
        parts.append((start, sentence[:cut].rstrip()))
        start, sentence = start + cut, sentence[cut:]
    return parts + [(start, sentence)]


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


def plainly_positive(sentence: str, rules: dict) -> bool:
    """Positive words and nothing that qualifies them: no "not", "must", "will", "although" ..."""
    if rules["qualifiers"].search(sentence):
        return False
    return bool(rules["strength_cues"].search(_WELL_BEING.sub("", sentence) if "being" in sentence.lower() else sentence))


def kind_of(section: Section, sentence_tone: str, plain: bool = False) -> str:
    """The kind a sentence has: its heading's, unless its own words say otherwise.

    Improvement sections also credit what works ("Notifications are received promptly by schools"):
    a `plain`ly positive sentence there is a strength, so it is never told as something to fix.
    """
    if section.kind == IMPROVE:
        return STRENGTH if sentence_tone == "positive" and plain else IMPROVE
    if sentence_tone == "negative":
        return IMPROVE
    if section.kind == STRENGTH or sentence_tone == "positive":
        return STRENGTH
    return CONTEXT if sentence_tone != "mixed" else STRENGTH


class AgencyMentions:
    """Where a text first names each agency (structure.yaml `agencies`): each text is searched once,
    however many questions are asked of it (a sentence's subject, its opening's, each entry's)."""

    def __init__(self, rules: dict):
        self.agencies = rules["agencies"]
        self._seen: dict[str, dict[str, int]] = {}

    def __call__(self, text: str) -> dict[str, int]:
        if text not in self._seen:
            self._seen[text] = {agency: m.start() for agency, patterns in self.agencies.items() if (m := patterns["mention"].search(text))}
        return self._seen[text]

    def first(self, text: str, skip: tuple[str, ...] = ()) -> str | None:
        """The agency the text names first (its likely subject), leaving out the agencies in `skip`."""
        named = [(start, agency) for agency, start in self(text).items() if agency not in skip]
        return min(named, key=lambda found: found[0])[1] if named else None

    def only_shared(self, text: str) -> bool:
        """True when the only body `text` names is "partners" or "multi-agency" work (the partnership
        mention's group `shared`): such words name no body of their own."""
        if "partnership" not in self(text) or self.first(text, skip=("partnership",)):
            return False
        return all(m.lastgroup == "shared" for m in self.agencies["partnership"]["mention"].finditer(text))


def mentioned_agency(text: str, rules: dict, skip: tuple[str, ...] = ()) -> str | None:
    """The agency the text names first (its likely subject), leaving out the agencies in `skip`."""
    return AgencyMentions(rules).first(text, skip)


def list_findings(report: Report, rules: dict) -> list[Finding]:
    text = report.document.text
    findings: list[Finding] = []
    mentions = AgencyMentions(rules)
    for section in report.sections:
        for block in section.blocks:
            if block.kind not in ("paragraph", "item") or rules["not_findings"].search(block.text):
                continue
            paragraph_agency = mentions.first(block.text)
            previous_agency = None
            for offset, sentence in split_sentences(block.text):
                start = text.find(sentence[:40], block.start)
                start = start if start != -1 else block.start + offset
                sentence_tone = tone(sentence, rules)
                agency = section.agency
                if agency is None and section.role in FINDING_ROLES:
                    opening = sentence if _IT.match(sentence) else sentence[:30]
                    if previous_agency and rules["carries_subject"].match(sentence) and (
                            not mentions.first(opening) or mentions.only_shared(opening)):
                        agency = previous_agency  # "They identify children ..." is about the previous sentence's subject
                    elif mentions.only_shared(sentence):
                        agency = paragraph_agency  # "... despite multi-agency information": the paragraph's body
                    else:
                        agency = mentions.first(sentence) or paragraph_agency or "partnership"
                previous_agency = agency
                findings.append(Finding(
                    text=sentence, start=start, end=start + len(sentence), role=section.role, theme=section.theme,
                    kind=kind_of(section, sentence_tone, plainly_positive(sentence, rules)), agency=agency, section=section.heading, tone=sentence_tone,
                ))
    return findings
