"""Find a report's structure: its sections (theme, kind, agency), metadata and glossary.

Headings are read for what they say, not for their level: text extractions mark levels
inconsistently ("## Education" beside "### Education"), and letters mark none.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from .errors import InputError
from .model import CONTEXT, FINDING_ROLES, Block, Document, Metadata, Report, Section
from .phrasebook import Phrasebook

MONTHS = "January February March April May June July August September October November December".split()
_MONTH = "(?P<{}>" + "|".join(MONTHS) + ")"
_RANGE_SAME_MONTH = re.compile(r"\b[Bb]etween (?P<d1>\d{1,2}) and (?P<d2>\d{1,2}) " + _MONTH.format("m") + r" (?P<y>\d{4})")
_RANGE_TWO_MONTHS = re.compile(r"\b[Bb]etween (?P<d1>\d{1,2}) " + _MONTH.format("m1") + r"(?: (?P<y1>\d{4}))? and (?P<d2>\d{1,2}) " + _MONTH.format("m2") + r" (?P<y>\d{4})")
_DATE_LINE = re.compile(r"^Date:\s*(?P<d>\d{1,2}) " + _MONTH.format("m") + r" (?P<y>\d{4})", re.M)
_MONTH_YEAR_LINE = re.compile(r"^" + _MONTH.format("m") + r" (?P<y>\d{4})$")
_ISBN = re.compile(r"\bISBN[:\s]*(?P<isbn>(?:97[89][- ]?)?\d[\d -]{8,15}[\dX])")
_PROPORTION = re.compile(r"^(?P<word>[A-Z][A-Za-z ]{1,20}?)\s*=\s*(?P<value>.+)$")

_INSPECTION = re.compile(r"\binspect(?:ion|ions|ed|ors?|orates?)\b", re.I)  # the not-a-report check


_NUMBERING = re.compile(r"^(?:(?:part|section|chapter|theme)\s+)?(?:\d+(?:\.\d+)*[.):]?|[A-Za-z][.)]|[ivxIVX]+[.)])\s+|^(?:part|section|chapter|theme)\s+\w+\s*[:.–—-]\s*", re.I)
_GLOSSARY_LINE = re.compile(r"^(?P<term>[A-Z][A-Za-z0-9&/+]*[A-Z0-9+](?:'?s)?)\s+(?P<definition>\S.*)$")


def heading_words(text: str) -> str:
    """A heading without its numbering ("2.1", "Part 2:") and closing punctuation, as the rules read it."""
    text = text.strip().rstrip(",.:; ")
    return _NUMBERING.sub("", text, count=1).strip() or text


def classify_heading(text: str, rules: dict) -> dict:
    """What a heading says: its role, theme, kind and agency (any of them may be absent).

    A heading naming both kinds ("Strengths and areas for development") sets no kind.
    """
    text = heading_words(text)
    found: dict = {}
    for role, pattern in rules["roles"].items():
        if pattern.search(text):
            found["role"] = role
            break
    for theme, pattern in rules["themes"].items():
        if pattern.search(text):
            found["theme"] = theme
    kinds = [kind for kind, pattern in rules["kinds"].items() if pattern.search(text)]
    if len(kinds) == 1:
        found["kind"] = kinds[0]
    for agency, patterns in rules["agencies"].items():
        if patterns["heading"].search(text):
            found["agency"] = agency
            break
    if "theme" in found:
        found.pop("agency", None)  # "Partnership and Integration" is a theme, not the partnership
    if rules["individual_agencies"].search(text):
        found["individual"] = True
        found.pop("agency", None)
    return found


_TYPED_NUMBER = re.compile(r"\s*\(?\d+(?:\.\d+)*[.)]\s")


def _numbered_heading(document: Document, i: int, rules: dict) -> bool:
    """A numbered heading that a reader took for a list item ("1. Summary", "2. Well-being").

    It must name a part or a theme of the report and stand alone: no list item next to it, or a
    typed number on a line with blank lines around it. A list of the four themes in an introduction
    ("1. Well-being" / "2. People" on consecutive lines) stays a list.
    """
    blocks, text = document.blocks, document.text
    block = blocks[i]
    if len(block.text.split()) > 10 or block.text.rstrip()[-1:] in ".!?;,":
        return False
    info = classify_heading(block.text, rules)
    if "role" not in info and "theme" not in info:
        return False
    if all(not 0 <= j < len(blocks) or blocks[j].kind != "item" for j in (i - 1, i + 1)):
        return True
    line_start = text.rfind("\n", 0, block.start) + 1
    line_end = text.find("\n", block.start)
    line_end = len(text) if line_end == -1 else line_end
    before, next_line = text[:line_start], text[line_end + 1:].split("\n", 1)[0]
    blank_before = not before.strip() or before.endswith("\n\n")
    blank_after = not next_line.strip()
    return bool(_TYPED_NUMBER.match(text, line_start)) and blank_before and blank_after


# Roles whose sub-headings stay in that role: a summary split by agency is still the summary, and a
# signature line naming an inspectorate of probation after "Yours sincerely" is not a finding.
_KEEPS_ROLE = ("summary", "method", "glossary", "proportions", "next", "closing")


def find_sections(document: Document, rules: dict) -> tuple[list[Section], list[str]]:
    """Walk the headings, keeping the theme, kind and agency that each one sets or clears.

    Levels are not trusted, so nesting is read from order: an agency heading under a kind heading
    ("Strengths" / "Health board") is closed by the next kind heading, while a kind heading under an
    agency heading ("Health boards" / "Strengths" / "What needs to improve") stays with that agency.
    """
    sections: list[Section] = []
    unplaced: list[str] = []
    heading, start, role, theme, kind, agency = "(front)", 0, "front", None, CONTEXT, None
    group_kind = CONTEXT  # a kind set for all the agencies that follow ("Individual Agency - Strengths")
    agency_under_kind = False  # the agency heading came after the kind heading that holds it
    blocks: list[Block] = []

    def close() -> None:
        if blocks or heading != "(front)":
            sections.append(Section(heading, start, role, theme, kind, agency, tuple(blocks)))

    for i, block in enumerate(document.blocks):
        sign_off = block.kind == "paragraph" and len(block.text) < 40 and rules["roles"]["closing"].search(block.text.rstrip(",. "))
        if block.kind == "item" and _numbered_heading(document, i, rules):
            block = replace(block, kind="heading")
        if block.kind != "heading" and not sign_off:
            blocks.append(block)
            continue
        info = classify_heading(block.text, rules)
        if not info and role != "other":
            blocks.append(block)  # an unknown sub-heading (a named team, a table caption): keep reading
            if role in FINDING_ROLES:
                unplaced.append(block.text)
            continue
        if role == "front" and "agency" in info and not info.keys() & {"role", "theme", "kind"}:
            blocks.append(block)  # a title naming the bodies inspected
            continue
        close()
        heading, start, blocks = block.text, block.start, []
        if not info:
            role, theme, kind, agency, group_kind = "other", None, CONTEXT, None, CONTEXT
            unplaced.append(block.text)
        elif "role" in info and "theme" not in info and "agency" not in info:
            role, theme, kind, agency, group_kind = info["role"], None, CONTEXT, None, CONTEXT
            if role == "findings":
                role = "finding"
        elif "theme" in info:
            role, theme, kind, agency, group_kind = "finding", info["theme"], CONTEXT, None, CONTEXT
        else:
            if role not in _KEEPS_ROLE:
                role = "finding"
            if info.get("individual"):
                agency, agency_under_kind = None, False
            if "agency" in info:
                agency = info["agency"]
                kind = info.get("kind", group_kind)
                agency_under_kind = "kind" not in info and group_kind != CONTEXT
            elif "kind" in info:
                kind = info["kind"]
                if agency is None or agency_under_kind:
                    agency, group_kind, agency_under_kind = None, kind, False
    close()
    return sections, unplaced


def read_glossary(sections: list[Section]) -> list[tuple[str, str]]:
    """Term and definition, in report order.

    Two-column rows ("Term or Phrase / Definition") anywhere but the contents list; and, in a glossary
    section, lines that start with an acronym ("TAF Team Around the Family"), as text extractions
    leave rows whose tab was lost.
    """
    glossary = []
    for section in sections:
        if section.role in ("closing",) and re.search(r"contents", section.heading, re.I):
            continue
        for block in section.blocks:
            if block.kind == "row" and len(block.cells) >= 2:
                term, definition = block.cells[0], " ".join(block.cells[1:])
            elif section.role == "glossary" and block.kind in ("paragraph", "heading") and (m := _GLOSSARY_LINE.match(block.text)):
                term, definition = m["term"], m["definition"]
                if sum(ch.isupper() or ch.isdigit() for ch in term) < 2:
                    continue
            else:
                continue
            if re.fullmatch(r"term( or phrase)?|acronym|abbreviation", term, re.I) or re.fullmatch(r"\d+", definition):
                continue
            if len(term.split()) <= 6:
                glossary.append((term, definition))
    return glossary


def _date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS.index(month) + 1, int(day))


def _sentence_at(text: str, offset: int) -> tuple[int, str]:
    """The sentence (or line) around `offset`, for evidence."""
    full_stop = text.rfind(". ", 0, offset)
    start = max(full_stop + 2 if full_stop != -1 else 0, text.rfind("\n", 0, offset) + 1)
    stops = [i for i in (text.find(". ", offset), text.find("\n", offset)) if i != -1]
    end = min(stops) + 1 if stops else len(text)
    return start, text[start:end].strip()


def find_names(text: str, phrasebook: Phrasebook, types: tuple[str, ...]) -> list[tuple[int, str]]:
    """Gazetteer names of the given types in `text`: (offset of first mention, id), in order."""
    found = []
    for name in phrasebook.names:
        if name.type not in types:
            continue
        hits = [m.start() for p in name.aliases for m in p.finditer(text)]
        if hits:
            found.append((min(hits), name.id))
    found.sort()
    # a longer name that contains a shorter one ("Cardiff and Vale University Health Board" / "Cardiff")
    return found


def find_metadata(document: Document, sections: list[Section], phrasebook: Phrasebook) -> Metadata:
    text = document.text
    evidence: list[tuple[str, int, str]] = []
    start = end = letter = None
    if m := _RANGE_SAME_MONTH.search(text):
        start, end = _date(m["d1"], m["m"], m["y"]), _date(m["d2"], m["m"], m["y"])
    elif m := _RANGE_TWO_MONTHS.search(text):
        start, end = _date(m["d1"], m["m1"], m["y1"] or m["y"]), _date(m["d2"], m["m2"], m["y"])
    if m:
        evidence.append(("dates", *_sentence_at(text, m.start())))
    if d := _DATE_LINE.search(text):
        letter = _date(d["d"], d["m"], d["y"])
    if start is None:  # an overview has a publication month instead of fieldwork dates
        for block in document.blocks[:40]:
            if block.kind == "heading" and (m := _MONTH_YEAR_LINE.match(block.text)):
                start = _date("1", m["m"], m["y"])
                evidence.append(("dates", block.start, block.text))
                break
    # The sentence that says who inspected what, where: "Between ..., CIW, ... carried out a joint inspection ..."
    rules = phrasebook.structure
    joint = next((m for p in rules["joint_inspection"] if (m := p.search(text))), None)
    joint_at, joint_sentence = _sentence_at(text, joint.start()) if joint else (0, "")
    inspectorates = [i for _, i in find_names(joint_sentence, phrasebook, ("inspectorate",))]
    if inspectorates:
        evidence.append(("inspectorates", joint_at, joint_sentence))

    place = None
    if (m := rules["place_in"].search(joint_sentence)) and (hits := find_names(m["place"], phrasebook, ("place",))):
        place = hits[0][1]
        evidence.append(("place", joint_at, joint_sentence))
    if place is None:
        counts = Counter()
        for name in phrasebook.names:
            if name.type == "place":
                counts[name.id] = sum(len(p.findall(text)) for p in name.aliases)
        if counts and counts.most_common(1)[0][1] > 0:
            place = counts.most_common(1)[0][0]
            first = min(m.start() for p in phrasebook.name(place).aliases for m in p.finditer(text))
            evidence.append(("place", *_sentence_at(text, first)))

    # Bodies inspected: named in the front matter (title, subject line) before the first finding section.
    front_end = next((s.start for s in sections if s.role not in ("front", "introduction", "other")), len(text))
    front = text[:front_end]
    org_types = ("local-authority", "health-board", "police", "probation", "youth-justice")
    organisations = [i for _, i in find_names(front, phrasebook, org_types)]
    for at, org in find_names(front, phrasebook, org_types)[:1]:
        evidence.append(("organisations", *_sentence_at(text, at)))

    proportions = []
    for block in document.blocks:
        if (m := _PROPORTION.match(block.text)) and "%" in m["value"] or m and "exception" in m["value"]:
            proportions.append((m["word"].strip(), m["value"].strip()))
    isbn = m["isbn"] if (m := _ISBN.search(text)) else None
    link = m.group(0).rstrip(".") if (m := rules["report_link"].search(text)) else None
    return Metadata(
        place=place, start=start, end=end, inspectorates=tuple(inspectorates), organisations=tuple(organisations),
        letter_date=letter, isbn=isbn, link=link, proportions=tuple(proportions), evidence=tuple(evidence),
    )


def find_structure(document: Document, phrasebook: Phrasebook, force: bool = False) -> Report:
    rules = phrasebook.structure
    sections, unplaced = find_sections(document, rules)
    report = Report(
        document=document, metadata=find_metadata(document, sections, phrasebook), sections=tuple(sections),
        glossary=tuple(read_glossary(sections)), unplaced=tuple(unplaced),
    )
    has_themes = any(s.theme for s in sections)
    has_kinds = any(s.kind != CONTEXT for s in sections)
    # Every report of the family names an inspectorate (CIW, HIW, Estyn ...) or at least its inspection.
    about_inspection = bool(report.metadata.inspectorates or _INSPECTION.search(document.text)
                            or find_names(document.text, phrasebook, ("inspectorate",)))
    missing = [what for what, found in (("no themes, strengths or improvements", has_themes or has_kinds),
                                        ("no inspection or inspectorate named", about_inspection)) if not found]
    if not force and missing:
        raise InputError(
            f"{document.path}: this does not look like an inspection report ({' and '.join(missing)}); "
            "check the file, or use --force to build what can be built"
        )
    return report
