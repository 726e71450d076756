"""Build the handout model for one audience from the matched findings and the fixed text.

Pure: no files. Each statement keeps the report sentences it rests on; a statement whose slot has
no Welsh is left out and reported, so English never appears inside a Welsh sentence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .match import Analysis, unmatched
from .model import Handout, HandoutGroup, HandoutSection, Source, Statement
from .phrasebook import HandoutText, Phrasebook, Text
from .welsh import WelshName, month_year


@dataclass(frozen=True)
class MissingTerm:
    term: str
    entry: str
    source: str


@dataclass(frozen=True)
class Unmatched:
    text: str
    start: int
    kind: str
    agency: str | None


# Names Windows keeps for devices, whatever the extension: a folder called "con" cannot be made there.
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}


def slug_for(analysis: Analysis, phrasebook: Phrasebook) -> str:
    """The name of the output folder and files: ASCII letters, digits and hyphens only, so a place
    name can never make a path ("../", "/") or a name a file system refuses."""
    meta = analysis.report.metadata
    place = phrasebook.name(meta.place).en if meta.place and phrasebook.name(meta.place) else (meta.place or "report")
    date = meta.start or meta.letter_date
    ascii_place = unicodedata.normalize("NFKD", place).encode("ascii", "ignore").decode()  # "Môn" -> "Mon"
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_place.lower())[:60].strip("-") or "report"
    slug = f"{slug}-{date.year}" if date else slug
    return f"{slug}-report" if slug in _WINDOWS_DEVICES else slug


def _render(text: Text, slots: dict) -> tuple[str, str]:
    en = text.en.render({k: v[0] for k, v in slots.items()})
    cy = text.cy.render({k: v[1] for k, v in slots.items()})
    return en, cy


def _slot_key(value: tuple[str, str]) -> tuple:
    """What a filled slot renders from. A WelshName equals its plain text whatever its flags, so
    the flags the Welsh filters read are part of the key."""
    en, cy = value
    return en, str(cy), getattr(cy, "mutate", True), getattr(cy, "feminine", False)


class _Builder:
    def __init__(self, analysis: Analysis, phrasebook: Phrasebook, fixed: HandoutText, audience: str):
        self.analysis, self.phrasebook, self.fixed, self.audience = analysis, phrasebook, fixed, audience
        self.meta = analysis.report.metadata
        self.missing: list[MissingTerm] = []
        place = phrasebook.name(self.meta.place) if self.meta.place else None
        self.place = (place.en, WelshName(place.cy, place.mutate)) if place else None
        self._rendered: dict[tuple, tuple[str, str]] = {}
        self._agency_names: dict[str, tuple[str, str]] = {}

    def global_slots(self) -> dict:
        """The slots every template may use, in a new dict the caller may add to."""
        return {"place": self.place} if self.place else {}

    def render(self, text: Text, slots: dict) -> tuple[str, str]:
        """_render, once per template and values of the slots it uses: a report makes the same
        point in many sentences, and each sentence's match would fill the entry's templates again.
        (A slot it uses but is not given is not in the key: the fill raises, and nothing is kept.)"""
        key = (text, *((name, *_slot_key(slots[name])) for name in sorted(text.slots) if name in slots))
        if key not in self._rendered:
            self._rendered[key] = _render(text, slots)
        return self._rendered[key]

    def agency_name(self, agency: str) -> tuple[str, str]:
        """The name of the body inspected for this agency, or the agency's generic name."""
        if agency not in self._agency_names:  # asked once per good point: look it up once
            self._agency_names[agency] = self._find_agency_name(agency)
        return self._agency_names[agency]

    def _find_agency_name(self, agency: str) -> tuple[str, str]:
        for org_id in self.meta.organisations:
            org = self.phrasebook.name(org_id)
            if org and org.agency == agency:
                return org.en, WelshName(org.cy, org.mutate)
        return self.render(self.fixed.agencies[agency], {})

    def fixed_statement(self, section: str, text: Text, fact: str | None, name: str, extra: dict | None = None) -> Statement | None:
        evidence = self.meta.source_of(fact) if fact else None
        if fact and evidence is None:
            return None
        en, cy = self.render(text, {**self.global_slots(), **(extra or {})})
        sources = (Source(evidence[1], evidence[0]),) if evidence else ()
        return Statement(section, en, cy, f"fixed:{name}", sources)

    def matched_statements(self) -> list[Statement]:
        """One statement per (entry, group, wording), carrying every finding it rests on; made once
        its findings are all gathered, not again for each."""
        first: dict[tuple, tuple] = {}  # (section, group, English) -> (entry, Welsh) of its first match
        sources: dict[tuple, list[Source]] = {}
        weights: dict[tuple, int] = {}
        for match in self.analysis.matches:
            entry, finding = match.entry, match.finding
            text = entry.say.get(self.audience)
            if text is None:
                continue
            group = (match.agency or finding.agency) if entry.section == "good-points" else entry.topic if entry.section == "main-findings" else None
            if entry.section == "good-points" and group in (None, "partnership"):
                continue
            slots = self.global_slots()
            if group and entry.section == "good-points":
                slots["organisation"] = self.agency_name(group)
            if not self._fill(match.slots, entry.id, finding.text, slots):
                continue
            if text.slots - set(slots):
                continue  # a global slot the report does not give (no place found)
            en, cy = self.render(text, slots)
            key = (entry.section, group, en)
            source = Source(finding.text, finding.start)
            weight = 0 if match.follows else 1  # "This means ..." explains a point; it does not make it again
            if key not in first:
                first[key], sources[key], weights[key] = (entry, cy), [source], max(weight, 1)
            elif source not in sources[key]:
                sources[key].append(source)
                weights[key] += weight
        return [Statement(section, en, cy, entry.id, tuple(sources[section, group, en]), group, entry.picture, weights[section, group, en])
                for (section, group, en), (entry, cy) in first.items()]

    def _fill(self, captured: tuple, entry_id: str, finding: str, slots: dict) -> bool:
        for slot, english in captured:
            term = self.phrasebook.term(english)
            if term is None or not term.cy:
                self.missing.append(MissingTerm(english, entry_id, finding))
                return False
            slots[slot] = (english, term.welsh)
        return True


def _priority(statement: Statement, phrasebook: Phrasebook) -> tuple:
    """Most important first: the entry's priority, how often the report makes the point, then the
    report's order. Among an organisation's good points, what any body may do (an entry open to all
    agencies: "work well with other services") counts one step less than what that kind of body does
    (an entry for named agencies): families learn more from the second."""
    entry = phrasebook.entry(statement.entry)
    generic = statement.section == "good-points" and entry is not None and entry.agency is None
    return ((entry.priority if entry else 2) + generic, -statement.weight, generic, statement.sources[0].start)


def _keep(statements: list[Statement], limit: int | None, phrasebook: Phrasebook, once: bool = False) -> list[Statement]:
    """The most important points, up to the handout's limit, in the report's order.

    With `once` (an organisation's good points), a statement resting on exactly the sentences of a
    more important one says the same thing again in other words: it waits until every other point
    has had its turn. (A main finding often makes several points in one sentence: not there.)
    """
    if limit is None or len(statements) <= limit:
        return statements
    ranked = sorted(statements, key=lambda s: _priority(s, phrasebook))
    seen: set[frozenset] = set()
    fresh, repeats = [], []
    for s in ranked:
        sources = frozenset(src.start for src in s.sources)
        (repeats if once and sources in seen else fresh).append(s)
        seen.add(sources)
    chosen = set(id(s) for s in (fresh + repeats)[:limit])
    return [s for s in statements if id(s) in chosen]


def build_handout(analysis: Analysis, phrasebook: Phrasebook, fixed: HandoutText, audience: str) -> tuple[Handout, list[MissingTerm]]:
    b = _Builder(analysis, phrasebook, fixed, audience)
    meta = analysis.report.metadata
    limit = fixed.limits[audience].get
    matched = b.matched_statements()

    def of(section: str) -> list[Statement]:
        return [s for s in matched if s.section == section]

    def title(section: str) -> tuple[str, str]:
        return b.render(fixed.sections[section], {})

    def lead(section: str) -> dict:
        en, cy = b.render(fixed.leads[section], {})
        return {"lead_en": en, "lead_cy": cy}

    sections: list[HandoutSection] = []

    def add(section: str, groups: list[HandoutGroup]) -> None:
        groups = [g for g in groups if g.intro or g.bullets]
        if groups:
            sections.append(HandoutSection(section, *title(section), tuple(groups)))

    # Hello: when and where, and who inspected.
    hello_intro = []
    extra = {"month_year": (meta.start.strftime("%B %Y"), month_year(meta.start))} if meta.start and meta.end else {}
    for needs, text in fixed.hello:
        facts_known = all(meta.source_of(n) for n in needs) and ("dates" not in needs or extra) and ("place" not in needs or b.place)
        if facts_known:
            statement = b.fixed_statement("hello", text, needs[0], "hello-" + needs[0], extra)
            if statement:
                hello_intro.append(statement)
    inspectorates = []
    evidence = meta.source_of("inspectorates")
    for name_id in meta.inspectorates:
        name = phrasebook.name_as_used(name_id, meta)  # "Her Majesty's ..." in a report from before September 2022
        en = f"{name.en} ({name.short_en})" if name.short_en else name.en
        cy = f"{name.cy} ({name.short_cy})" if name.short_cy else name.cy  # no English acronym inside Welsh
        inspectorates.append(Statement("hello", en, cy, f"fixed:inspectorate:{name_id}", (Source(evidence[1], evidence[0]),)))
    add("hello", [HandoutGroup(None, None, tuple(hello_intro), tuple(inspectorates))])

    add("we-checked", [HandoutGroup(None, None, (), tuple(_keep(of("we-checked"), limit("we-checked"), phrasebook)), **lead("we-checked"))])

    organisations = []
    evidence = meta.source_of("organisations")
    for org_id in meta.organisations:
        org = phrasebook.name(org_id)
        organisations.append(Statement("we-inspected", org.en, org.cy, f"fixed:organisation:{org_id}", (Source(evidence[1], evidence[0]),)))
    add("we-inspected", [HandoutGroup(None, None, (), tuple(organisations), **lead("we-inspected"))])

    add("what-we-did", [HandoutGroup(None, None, tuple(_keep(of("what-we-did"), limit("what-we-did"), phrasebook)), ())])

    # Main findings: a short paragraph per topic, topics in the order the report first raises them.
    findings = _keep(of("main-findings"), limit("main-findings"), phrasebook)
    topics = sorted({s.group for s in findings}, key=lambda t: min(s.sources[0].start for s in findings if s.group == t))
    add("main-findings", [
        HandoutGroup(phrasebook.topics[t].title_en, phrasebook.topics[t].title_cy, tuple(s for s in findings if s.group == t), ())
        for t in topics
    ])

    # Good points: one group per agency, bodies inspected first.
    order = [phrasebook.name(o).agency for o in meta.organisations if phrasebook.name(o).agency]
    if any(phrasebook.name(o).type == "local-authority" for o in meta.organisations):
        order += ["education", "childrens-services"]
    points = of("good-points")
    agencies = sorted({s.group for s in points}, key=lambda a: (order.index(a) if a in order else len(order), a))
    groups = []
    for agency in agencies:
        name = b.agency_name(agency)
        intro_en, intro_cy = b.render(fixed.good_points_intro, {"organisation": name})
        bullets = _keep([s for s in points if s.group == agency], limit("good-points"), phrasebook, once=True)
        intro = Statement("good-points", intro_en, intro_cy, "fixed:good-points-intro", bullets[0].sources[:1], agency)
        groups.append(HandoutGroup(name[0], str(name[1]), (intro,), tuple(bullets), **lead("good-points")))
    add("good-points", groups)

    improve = sorted(_keep(of("improve"), limit("improve"), phrasebook), key=lambda s: _priority(s, phrasebook))
    add("improve", [HandoutGroup(None, None, (), tuple(improve), **lead("improve"))])

    next_steps = _keep(of("next-steps"), limit("next-steps"), phrasebook)
    if meta.link:
        en, cy = b.render(fixed.link, {})
        at = analysis.report.document.text.find(meta.link)
        next_steps.append(Statement("next-steps", f"{en} {meta.link}", f"{cy} {meta.link}", "fixed:link", (Source(meta.link, at),)))
    add("next-steps", [HandoutGroup(None, None, tuple(next_steps), ())])

    title_en, title_cy = b.render(fixed.title if b.place else fixed.subtitle, b.global_slots())
    handout = Handout(audience, slug_for(analysis, phrasebook), title_en, title_cy, tuple(sections), (), title("hard-words"))
    return _with_hard_words(handout, phrasebook), b.missing


def _with_hard_words(handout: Handout, phrasebook: Phrasebook) -> Handout:
    """The hard words the handout's English uses, in order of first use."""
    text = "\n".join(s.en for s in handout.statements())
    used = sorted((m.start(), w) for w in phrasebook.hard_words if (m := w.pattern.search(text)))
    words = tuple((w.term_en, w.explain_en, w.term_cy, w.explain_cy) for _, w in used)
    return replace(handout, hard_words=words)


def unmatched_findings(analysis: Analysis) -> list[Unmatched]:
    return [Unmatched(f.text, f.start, f.kind, f.agency) for f in unmatched(analysis)]
