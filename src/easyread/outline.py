"""The outline `easyread inspect` shows and the coverage `easyread phrasebook coverage` lists."""
from __future__ import annotations

from collections import defaultdict

from .match import Analysis
from .model import FINDING_ROLES
from .phrasebook import Phrasebook




def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def outline(analysis: Analysis, phrasebook: Phrasebook) -> dict:
    """What easyread read from a report, as a user checks it: facts, sections with their counts, findings.

    A finding is one sentence of a paragraph or list item in the summary or a findings section;
    sentences of the front matter, scope, method, next steps and appendices are not findings.
    """
    report, meta = analysis.report, analysis.report.metadata
    source = report.document.text
    place = phrasebook.name(meta.place) if meta.place else None
    findings = [f for f in analysis.findings if f.role in FINDING_ROLES]
    counts: dict[int, int] = defaultdict(int)
    for finding in findings:
        section = next(s for s in reversed(report.sections) if s.start <= finding.start)
        counts[section.start] += 1
    return {
        "file": report.document.path,
        "place": place.en if place else meta.place,
        "month_year": meta.start.strftime("%B %Y") if meta.start else None,
        "dates": {"start": meta.start and meta.start.isoformat(), "end": meta.end and meta.end.isoformat(),
                  "letter": meta.letter_date and meta.letter_date.isoformat()},
        "inspection_dates": [meta.start.isoformat(), meta.end.isoformat()] if meta.start and meta.end else None,
        "letter_date": meta.letter_date and meta.letter_date.isoformat(),
        "inspectorates": [phrasebook.name(i).en for i in meta.inspectorates],
        "organisations": [phrasebook.name(o).en for o in meta.organisations],
        "isbn": meta.isbn,
        "link": meta.link,
        "proportions": dict(meta.proportions),
        "glossary": dict(report.glossary),
        "sections": [
            {"heading": s.heading, "line": _line(source, s.start), "role": s.role, "theme": s.theme, "kind": s.kind,
             "organisation": s.agency, "findings": counts.get(s.start, 0)}
            for s in report.sections
        ],
        "findings": [
            {"text": f.text, "section": f.section, "theme": f.theme, "kind": f.kind, "tone": f.tone,
             "organisation": f.agency, "start": f.start, "line": _line(source, f.start)}
            for f in findings
        ],
        "unplaced": list(report.unplaced),
    }


def as_text(data: dict) -> str:
    lines = [
        f"file: {data['file']}",
        f"place: {data['place']}    when: {data['month_year']}",
        f"inspectorates: {', '.join(data['inspectorates']) or '(none found)'}",
        f"organisations: {', '.join(data['organisations']) or '(none found)'}",
        f"glossary: {len(data['glossary'])} terms",
        "",
        f"{'line':>5} {'findings':>8}  {'kind':<8} {'organisation':<18} {'theme':<13} heading",
    ]
    for s in data["sections"]:
        lines.append(f"{s['line']:>5} {s['findings']:>8}  {s['kind']:<8} {s['organisation'] or '-':<18} {s['theme'] or '-':<13} {s['heading']}")
    if data["unplaced"]:
        lines += ["", "headings not placed: " + "; ".join(data["unplaced"])]
    return "\n".join(lines)


def coverage_text(analysis: Analysis, only_unmatched: bool = False) -> str:
    by_finding: dict[int, list[str]] = defaultdict(list)
    for match in analysis.matches:
        by_finding[id(match.finding)].append(match.entry.id)
    counted = [f for f in analysis.findings if f.role in FINDING_ROLES]
    matched = sum(1 for f in counted if by_finding.get(id(f)))
    lines = [f"# {analysis.report.document.path}: {matched} of {len(counted)} findings matched "
             f"({100 * matched / max(len(counted), 1):.0f}%)"]
    for finding in counted:
        entries = by_finding.get(id(finding), [])
        if only_unmatched and entries:
            continue
        label = ", ".join(entries) if entries else "UNMATCHED"
        lines.append(f"[{finding.kind}/{finding.agency}] {label}: {finding.text}")
    return "\n".join(lines)
