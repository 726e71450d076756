"""The frozen records that pass between pipeline stages.

read -> Document -> structure -> Report -> findings -> Finding[] -> match -> Statement[]
-> handout -> Handout -> readability -> scored Handout -> render.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Kinds of finding a section holds.
STRENGTH, IMPROVE, CONTEXT = "strength", "improve", "context"
FINDING_ROLES = ("finding", "summary")  # the parts of a report that say what inspectors found

# Characters XML 1.0, and so a DOCX, cannot hold: C0 controls but tab and line ends, lone surrogates,
# U+FFFE and U+FFFF. The readers drop them from a report, the DOCX writer from phrasebook text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Block:
    """One unit of a source document: a heading, a paragraph, a list item or a table row."""

    kind: str  # "heading" | "paragraph" | "item" | "row"
    text: str
    start: int  # character offset in Document.text
    level: int = 0  # heading level where the source marks it (0: unknown)
    cells: tuple[str, ...] = ()  # table rows only


@dataclass(frozen=True)
class Document:
    """What a reader gives: the report's text and its blocks, whatever the file format."""

    path: str
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Section:
    """A run of blocks under one heading, with what the heading tells about them."""

    heading: str
    start: int
    role: str  # what the section is for: "finding", "summary", "scope", "method", "next", "glossary", "front", "other"
    theme: str | None
    kind: str  # STRENGTH | IMPROVE | CONTEXT
    agency: str | None  # agency key ("health", "police", ...) or None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Metadata:
    place: str | None  # gazetteer id of the place, or its English name if not in the gazetteer
    start: dt.date | None  # first day of the fieldwork, or the publication month
    end: dt.date | None
    inspectorates: tuple[str, ...]  # gazetteer ids, in the order the report names them
    organisations: tuple[str, ...]  # gazetteer ids of the bodies inspected
    letter_date: dt.date | None = None
    isbn: str | None = None
    link: str | None = None
    proportions: tuple[tuple[str, str], ...] = ()  # ("Most", "90% or more"), ...
    evidence: tuple[tuple[str, int, str], ...] = ()  # (fact, offset, sentence) the facts were read from

    def source_of(self, fact: str) -> tuple[int, str] | None:
        for name, offset, sentence in self.evidence:
            if name == fact:
                return offset, sentence
        return None


@dataclass(frozen=True)
class Report:
    document: Document
    metadata: Metadata
    sections: tuple[Section, ...]
    glossary: tuple[tuple[str, str], ...]  # (term, definition) in report order
    unplaced: tuple[str, ...] = ()  # headings the structure stage could not classify


@dataclass(frozen=True)
class Finding:
    """One sentence of the report that says something about the services."""

    text: str
    start: int
    end: int
    role: str
    theme: str | None
    kind: str
    agency: str | None
    section: str  # the heading it sits under
    tone: str = "neutral"  # "positive" | "negative" | "mixed" | "neutral"

    @property
    def kinds(self) -> frozenset[str]:
        """Kinds an entry may take it as: a mixed sentence is both a strength and something to improve."""
        return frozenset((self.kind, IMPROVE)) if self.tone == "mixed" else frozenset((self.kind,))


@dataclass(frozen=True)
class Source:
    text: str
    start: int


@dataclass(frozen=True)
class Statement:
    """One bilingual line of a handout and what it rests on."""

    section: str  # handout section id ("hello", "good-points", "improve", ...)
    en: str
    cy: str
    entry: str  # phrasebook entry id, or "fixed:<name>" for the handout's fixed text
    sources: tuple[Source, ...]
    group: str | None = None  # agency key in good points, topic id in main findings
    picture: str | None = None
    weight: int = 1  # how many findings support it: used to pick the children's points
    scores: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class HandoutSection:
    id: str
    title_en: str
    title_cy: str
    groups: tuple[HandoutGroup, ...]


@dataclass(frozen=True)
class HandoutGroup:
    """A heading-less or headed run of statements: a themed paragraph, an agency's good points."""

    title_en: str | None
    title_cy: str | None
    intro: tuple[Statement, ...]  # sentences shown as a paragraph
    bullets: tuple[Statement, ...]  # statements shown as a list
    lead_en: str | None = None  # "They:" / "Maen nhw'n:" before the bullets
    lead_cy: str | None = None


@dataclass(frozen=True)
class Handout:
    audience: str  # "families" | "children"
    slug: str
    title_en: str
    title_cy: str
    sections: tuple[HandoutSection, ...]
    hard_words: tuple[tuple[str, str, str, str], ...]  # (term_en, explain_en, term_cy, explain_cy)
    hard_words_title: tuple[str, str] = ("Hard words", "Geiriau anodd")  # (en, cy)

    def statements(self) -> list[Statement]:
        out: list[Statement] = []
        for section in self.sections:
            for group in section.groups:
                out.extend(group.intro)
                out.extend(group.bullets)
        return out
