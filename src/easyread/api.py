"""The library API the CLI is a thin layer over. Each function runs the stages it needs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import output, yamlfile
from .checks import Problem, check_phrasebook
from .errors import RuleError
from .findings import list_findings
from .match import Analysis, match_findings
from .handout import build_handout, slug_for, unmatched_findings
from .phrasebook import Phrasebook, load_handout_text, load_phrasebook
from .readability import score_handout
from .render_review import review_data, review_html, review_json, statements_json
from .readers import read_document
from .resources import phrasebook_dir, templates_dir
from .structure import find_structure


def load_thresholds(path: Path | None = None) -> dict:
    path = path or templates_dir() / "readability.yaml"
    data = yamlfile.load(path)
    for audience in ("families", "children"):
        if not isinstance(data, dict) or not isinstance(data.get(audience), dict):
            raise RuleError(path, 1, f"thresholds need a '{audience}' section")
    return data


def open_phrasebook(folder: str | Path | None = None) -> Phrasebook:
    return load_phrasebook(Path(folder) if folder else phrasebook_dir())


def analyse(path: str | Path, phrasebook: Phrasebook, force: bool = False) -> Analysis:
    """Read, structure, list findings and match them: everything before the handout is built."""
    report = find_structure(read_document(path), phrasebook, force=force)
    findings = list_findings(report, phrasebook.structure)
    return Analysis(report, tuple(findings), tuple(match_findings(findings, phrasebook)))


def check(phrasebook: Phrasebook, thresholds: dict) -> list[Problem]:
    limits = {audience: thresholds[audience]["max_words"] for audience in ("families", "children")}
    return check_phrasebook(phrasebook, limits)


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    files: tuple[Path, ...]
    handouts: tuple
    unmatched: tuple
    missing_terms: tuple


def build(report: str | Path, out: str | Path | None = None, audiences: tuple[str, ...] = ("families", "children"),
          phrasebook_folder: str | Path | None = None, force: bool = False) -> BuildResult:
    """Read a report and write its handouts, statements and readability review into one folder."""
    from .render_docx import load_pictures, write_docx  # python-docx is loaded only when a handout is written

    phrasebook = open_phrasebook(phrasebook_folder)
    thresholds = load_thresholds()
    fixed = load_handout_text(templates_dir() / "handout.yaml")
    style = yamlfile.load(templates_dir() / "style.yaml")
    pictures = load_pictures(templates_dir() / "pictures.yaml")
    analysis = analyse(report, phrasebook, force=force)
    slug = slug_for(analysis, phrasebook)
    folder = Path(out) if out else Path("out") / slug
    docx_names = {audience: f"{slug}-{audience}.docx" for audience in audiences}
    statements_name, review_json_name, review_html_name = (f"{slug}-{n}" for n in ("statements.json", "readability.json", "readability.html"))
    output.prepare(folder, [*docx_names.values(), statements_name, review_json_name, review_html_name], force)

    handouts, missing = [], []
    official_names = [n for name in phrasebook.names for n in (name.en, name.cy, name.short_en, name.short_cy) if n]
    for audience in audiences:
        handout, missing_terms = build_handout(analysis, phrasebook, fixed, audience)
        handouts.append(score_handout(handout, thresholds, official_names))
        missing += [m for m in missing_terms if m not in missing]
    unmatched = unmatched_findings(analysis)
    review = review_data(handouts, thresholds, unmatched, missing, str(report))

    writers = {docx_names[h.audience]: (lambda path, h=h: write_docx(h, path, style, pictures)) for h in handouts}
    writers[statements_name] = output.text_writer(statements_json(handouts))
    writers[review_json_name] = output.text_writer(review_json(review))
    writers[review_html_name] = output.text_writer(review_html(review))
    files = output.write_all(folder, writers)
    return BuildResult(folder, tuple(files), tuple(handouts), tuple(unmatched), tuple(missing))
