"""Match findings to phrasebook entries and capture the slots an entry's patterns name."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import AgencyMentions, kind_of, mentioned_agency, plainly_positive, tone
from .literals import folded
from .model import CONTEXT, FINDING_ROLES, STRENGTH, Finding, Report, Section
from .phrasebook import Entry, Phrasebook


@dataclass(frozen=True)
class Match:
    entry: Entry
    finding: Finding
    slots: tuple[tuple[str, str], ...]  # (slot, English text captured from the finding)
    agency: str | None = None  # the body the statement is about (a good point's group)
    follows: bool = False  # the finding only goes on from the one before ("This means ...") and shares its entries


@dataclass(frozen=True)
class Analysis:
    """Everything read from a report before a handout is built."""

    report: Report
    findings: tuple[Finding, ...]
    matches: tuple[Match, ...]


def subject_agency(entry: Entry, finding: Finding, rules: dict | None, mentions: AgencyMentions | None = None) -> str | None:
    """The body a statement of `entry` is about.

    A partnership finding about one body's work ("a crisis response to children presenting in
    hospital") is a good point of that body. For an entry written for some bodies only, the first of
    them the finding names; for an entry open to any body, the finding must name exactly one
    ("Independent Reviewing Officers and conference chairs ..." names two: it stays with the
    partnership, which has no good points).
    """
    if not (rules and entry.section == "good-points" and finding.agency == "partnership"):
        return finding.agency
    mentions = mentions or AgencyMentions(rules)
    wanted = [a for a in entry.agency or () if a != "partnership"]
    if wanted:
        skip = tuple(a for a in rules["agencies"] if a not in wanted)
        return mentions.first(finding.text, skip=skip) or finding.agency
    named = [a for a in mentions(finding.text) if a != "partnership"]
    return named[0] if len(named) == 1 else finding.agency


def _search(pattern, text: str, present: set[str] | None) -> re.Match | None:
    """pattern.search(text); where `present` holds the needed strings the text contains (the entries'
    index, literals.py), a pattern lacking any part it needs is not searched, and the rest skip
    their own test of needs."""
    if present is None:
        return pattern.search(text)
    for needs in pattern.needs_each:
        if needs.isdisjoint(present):
            return None
    return pattern.compiled.search(text)


def fits(entry: Entry, finding: Finding) -> bool:
    """Whether the finding has a role, kind and theme the entry is for (its agency aside)."""
    return ((not entry.role or finding.role in entry.role) and (not entry.kind or not finding.kinds.isdisjoint(entry.kind))
            and (not entry.theme or finding.theme in entry.theme))


def applies(entry: Entry, finding: Finding, agency: str | None = None, present: set[str] | None = None) -> dict | None:
    """The captured slots if `entry` applies to `finding` (about `agency`, default its own), else None.

    `present`, when given, holds the strings the entry's patterns need (literals.py) that the finding
    contains."""
    agency = agency or finding.agency
    if not fits(entry, finding) or (entry.agency and agency not in entry.agency):
        return None
    return _captured(entry, finding.text, present)


def _captured(entry: Entry, text: str, present: set[str] | None) -> dict | None:
    """The slots the entry's patterns capture from `text`, or None if its patterns do not match it."""
    slots: dict[str, str] = {}
    if entry.any:
        for pattern in entry.any:
            if hit := _search(pattern, text, present):
                break
        else:
            return None
        slots.update(hit.groupdict())
    for pattern in entry.all:
        if not (hit := _search(pattern, text, present)):
            return None
        slots.update(hit.groupdict())
    for pattern in entry.not_:
        if _search(pattern, text, present):
            return None
    return {k: v.strip() for k, v in slots.items() if v}


def goes_on(finding: Finding, previous: Finding | None, rules: dict) -> bool:
    """True when `finding` continues `previous` (same heading, same kind) and says nothing of its own
    against it: a strength is never carried on by a sentence that denies something (structure.yaml)."""
    return (previous is not None and bool(rules["goes_on"].match(finding.text)) and finding.section == previous.section
            and finding.kind == previous.kind and not (finding.kind == STRENGTH and rules["denies"].search(finding.text)))


class _Fitting:
    """The indexes of the entries that fit a finding (`fits`), worked out once for each role, kind
    and theme a finding has: an entry fits where it names the finding's role, one of its kinds and
    its theme, or names none of that sort."""

    def __init__(self, entries: list[Entry]):
        everyone = frozenset(range(len(entries)))
        self.by = {field: {} for field in ("role", "kind", "theme")}
        self.open_to_all = {}
        for field, named in self.by.items():
            for i, entry in enumerate(entries):
                for value in getattr(entry, field) or ():
                    named.setdefault(value, set()).add(i)
            self.open_to_all[field] = everyone.difference(*named.values()) if named else everyone
        self._shapes: dict[tuple, frozenset[int]] = {}

    def _open(self, field: str, values) -> frozenset[int]:
        return self.open_to_all[field].union(*(self.by[field].get(value, ()) for value in values))

    def __call__(self, finding: Finding) -> frozenset[int]:
        shape = (finding.role, finding.kinds, finding.theme)
        if shape not in self._shapes:
            self._shapes[shape] = self._open("role", (finding.role,)) & self._open("kind", finding.kinds) & self._open("theme", (finding.theme,))
        return self._shapes[shape]


def match_findings(findings: list[Finding], phrasebook: Phrasebook) -> list[Match]:
    """Each finding's entries. A finding no entry matches, that only goes on from the one before
    ("This means opportunities may be missed."), rests on the same entries: it becomes one more
    source of the statements the sentence before it gave."""
    matches: list[Match] = []
    previous: tuple[Finding, list[Match]] | None = None
    entries = phrasebook.entries
    index = phrasebook.index()  # a finding lacking what an entry's patterns need is not searched
    mentions = AgencyMentions(phrasebook.structure)
    fitting = _Fitting(entries)
    for finding in findings:
        own = []
        candidates, present = index.lookup(folded(finding.text), among=fitting(finding))
        for i in candidates:
            entry = entries[i]
            agency = subject_agency(entry, finding, phrasebook.structure, mentions)
            if entry.agency and agency not in entry.agency:
                continue
            slots = _captured(entry, finding.text, present)
            if slots is not None:
                own.append(Match(entry, finding, tuple(sorted(slots.items())), agency))
        if not own and previous and goes_on(finding, previous[0], phrasebook.structure):
            own = [Match(m.entry, finding, m.slots, m.agency, follows=True) for m in previous[1]]
        matches.extend(own)
        previous = (finding, own)
    return matches


def unmatched(analysis: Analysis) -> list[Finding]:
    """The findings of the report's finding sections that no entry matched, in report order."""
    matched = {id(m.finding) for m in analysis.matches}
    return [f for f in analysis.findings if f.role in FINDING_ROLES and id(f) not in matched]


def example_finding(text: str, entry: Entry, rules: dict) -> Finding:
    """A finding as the entry's example would be read under a heading of the entry's own kind."""
    section = Section(
        heading="(example)", start=0, role=(entry.role or ("finding",))[0], theme=(entry.theme or (None,))[0],
        kind=(entry.kind or (CONTEXT,))[0], agency=None, blocks=(),
    )
    sentence_tone = tone(text, rules)
    agency = (entry.agency or (mentioned_agency(text, rules) or "partnership",))[0]
    return Finding(text, 0, len(text), section.role, section.theme, kind_of(section, sentence_tone, plainly_positive(text, rules)), agency, section.heading, sentence_tone)
