"""Match findings to phrasebook entries and capture the slots an entry's patterns name."""
from __future__ import annotations

from dataclasses import dataclass

from .findings import kind_of, mentioned_agency, tone
from .model import CONTEXT, Finding, Report, Section
from .phrasebook import Entry, Phrasebook


@dataclass(frozen=True)
class Match:
    entry: Entry
    finding: Finding
    slots: tuple[tuple[str, str], ...]  # (slot, English text captured from the finding)


@dataclass(frozen=True)
class Analysis:
    """Everything read from a report before a handout is built."""

    report: Report
    findings: tuple[Finding, ...]
    matches: tuple[Match, ...]


def applies(entry: Entry, finding: Finding) -> dict | None:
    """The captured slots if `entry` applies to `finding`, else None."""
    if entry.role and finding.role not in entry.role:
        return None
    if entry.kind and not finding.kinds.intersection(entry.kind):
        return None
    if entry.agency and finding.agency not in entry.agency:
        return None
    if entry.theme and finding.theme not in entry.theme:
        return None
    text = finding.text
    slots: dict[str, str] = {}
    if entry.any:
        hit = next((m for p in entry.any if (m := p.search(text))), None)
        if hit is None:
            return None
        slots.update(hit.groupdict())
    for pattern in entry.all:
        if not (m := pattern.search(text)):
            return None
        slots.update(m.groupdict())
    if any(p.search(text) for p in entry.not_):
        return None
    return {k: v.strip() for k, v in slots.items() if v}


def match_findings(findings: list[Finding], phrasebook: Phrasebook) -> list[Match]:
    matches = []
    for finding in findings:
        for entry in phrasebook.entries:
            slots = applies(entry, finding)
            if slots is not None:
                matches.append(Match(entry, finding, tuple(sorted(slots.items()))))
    return matches


def example_finding(text: str, entry: Entry, rules: dict) -> Finding:
    """A finding as the entry's example would be read under a heading of the entry's own kind."""
    section = Section(
        heading="(example)", start=0, role=(entry.role or ("finding",))[0], theme=(entry.theme or (None,))[0],
        kind=(entry.kind or (CONTEXT,))[0], agency=None, blocks=(),
    )
    sentence_tone = tone(text, rules)
    agency = (entry.agency or (mentioned_agency(text, rules) or "partnership",))[0]
    return Finding(text, 0, len(text), section.role, section.theme, kind_of(section, sentence_tone), agency, section.heading, sentence_tone)
