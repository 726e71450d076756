"""The library API the CLI is a thin layer over. Each function runs the stages it needs."""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from . import checked, output, snapshot, yamlfile
from .errors import InputError, RuleError
from .findings import list_findings
from .match import Analysis, match_findings
from .handout import build_handout, slug_for, unmatched_findings
from .language import check_english
from .phrasebook import Phrasebook, load_handout_text, load_phrasebook
from .readability import ADVICE_LISTS, advice_patterns, score_handout
from .render_review import review_data, review_html, review_json, statements_json
from .readers import read_document
from .readers.text import check_length
from .resources import phrasebook_dir, templates_dir
from .structure import find_structure


THRESHOLDS = ("max_words", "max_words_cy", "min_flesch", "max_grade", "long_word_letters")  # per audience


def load_thresholds(path: Path | None = None) -> dict:
    path = path or templates_dir() / "readability.yaml"
    data = yamlfile.load(path)
    for section in ("families", "children", "advice"):
        if not isinstance(data, dict) or not isinstance(data.get(section), dict):
            raise RuleError(path, 1, f"thresholds need a '{section}' section")
    for audience in ("families", "children"):
        yamlfile.check_keys(data[audience], set(THRESHOLDS), set(THRESHOLDS), what=f"'{audience}' thresholds")
        for name, value in data[audience].items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RuleError(path, data[audience].line, f"'{audience}' threshold '{name}' must be a number, not {value!r}")
    for name in ADVICE_LISTS:
        words = data["advice"].get(name)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise RuleError(path, data["advice"].line, f"advice needs '{name}': a list of words")
    advice = advice_patterns(data["advice"])
    return {audience: {**data[audience], "advice": advice} for audience in ("families", "children")}


@dataclass(frozen=True)
class Templates:
    """templates/ as a build needs it."""

    fixed: object  # phrasebook.HandoutText: the handout's fixed text
    thresholds: dict  # readability.yaml, per audience
    style: object  # render_docx.Style: style.yaml and reference.docx
    pictures: object  # render_docx.Pictures


def load_templates() -> Templates:
    """templates/, from the cache's snapshot while no file there has changed."""
    folder = templates_dir()

    def read() -> Templates:
        from .render_docx import load_pictures, load_style

        return Templates(load_handout_text(folder / "handout.yaml"), load_thresholds(folder / "readability.yaml"),
                         load_style(folder / "style.yaml"), load_pictures(folder / "pictures.yaml"))

    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return snapshot.cached("templates", folder, files, read)


def open_phrasebook(folder: str | Path | None = None) -> Phrasebook:
    phrasebook = load_phrasebook(Path(folder) if folder else phrasebook_dir())
    checked.save_all()  # rules checked in this run need no checking at the next start
    return phrasebook


MAX_FINDINGS = 2_500  # sentences to match; a report has about 500, and matching is the slow stage


def analyse(path: str | Path, phrasebook: Phrasebook, force: bool = False) -> Analysis:
    """Read, structure, list findings and match them: everything before the handout is built."""
    document = read_document(path)
    check_length(document)  # the limits that keep every later stage to a few seconds, whatever the format
    check_english(document, phrasebook.structure["language_words"])
    report = find_structure(document, phrasebook, force=force)
    findings = list_findings(report, phrasebook.structure)
    if not findings and not force:
        raise InputError(f"{document.path}: no findings under the report's headings (strengths, what needs to improve ...); "
                         "check the file, or use --force to build what can be built")
    if len(findings) > MAX_FINDINGS:
        raise InputError(f"{document.path}: the report has {len(findings):,} sentences of findings; easyread reads up to "
                         f"{MAX_FINDINGS:,} (a report has about 500): give one report at a time")
    return Analysis(report, tuple(findings), tuple(match_findings(findings, phrasebook)))


def check(phrasebook: Phrasebook, thresholds: dict) -> list:
    """The phrasebook's problems (checks.Problem): examples, spelling, sentence length ..."""
    from .checks import check_phrasebook, check_plain_words  # loads the Welsh dictionary's reader: only for this command

    limits = {audience: thresholds[audience]["max_words"] for audience in ("families", "children")}
    return check_phrasebook(phrasebook, limits) + check_plain_words(phrasebook)


def export_po(out: str | Path, phrasebook_folder: str | Path | None = None) -> int:
    """Write the phrasebook's Welsh to a PO file for translators; the number of texts written."""
    from . import po

    return po.export_po(open_phrasebook(phrasebook_folder), out)


def import_po(po_file: str | Path, phrasebook_folder: str | Path | None = None, dry_run: bool = False):
    """Put a translated PO file's Welsh back into the phrasebook's YAML (po.ImportResult); po.ImportRefused on any problem."""
    from . import po

    return po.import_po(Path(phrasebook_folder) if phrasebook_folder else phrasebook_dir(), po_file, dry_run=dry_run)


def suggest(report: str | Path, phrasebook_folder: str | Path | None = None, limit: int | None = None) -> str:
    """Draft phrasebook entries (YAML text) for the findings of `report` that no entry matched."""
    from . import suggest as drafts

    phrasebook = open_phrasebook(phrasebook_folder)
    analysis = analyse(report, phrasebook)
    found = drafts.suggest(analysis, phrasebook, load_thresholds()["families"]["max_words"], limit)
    return drafts.drafts_text(found, str(report))


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    files: tuple[Path, ...]
    handouts: tuple
    unmatched: tuple
    missing_terms: tuple


@dataclass(frozen=True)
class BuildPlan:
    """A build with everything worked out and nothing written: the handouts scored, the review's
    figures, and what goes in each file."""

    report: str
    folder: Path
    force: bool
    layout: str
    labels: dict  # templates/handout.yaml labels, and the cover's subtitle
    handouts: tuple
    unmatched: tuple
    missing_terms: tuple
    review: dict
    files: dict  # file name -> ("docx", handout index, languages) | ("statements",) | ("review-json",) | ("review-html",)
    templates: Templates  # as loaded for this build: its DOCX files take their look and pictures from it


def plan_build(report: str | Path, out: str | Path | None = None, audiences: tuple[str, ...] = ("families", "children"),
               phrasebook_folder: str | Path | None = None, force: bool = False,
               phrasebook: Phrasebook | None = None, out_parent: str | Path | None = None, layout: str = "side-by-side",
               first: str = "cy", analysis: Analysis | None = None) -> BuildPlan:
    """Everything `build` does before rendering files; the folder is checked and no file would be overwritten.
    `analysis`: the report's, already made (`analyse`), as a batch's worker may hand it on."""
    from .render_docx import docx_files

    output.check_folder(Path(out) if out else Path(out_parent or "out"))  # before any work: an unwritable folder fails at once
    phrasebook = phrasebook or open_phrasebook(phrasebook_folder)
    templates = load_templates()
    fixed, thresholds = templates.fixed, templates.thresholds
    analysis = analysis or analyse(report, phrasebook, force=force)
    slug = slug_for(analysis, phrasebook)
    folder = Path(out) if out else Path(out_parent or "out") / slug
    files: dict[str, tuple] = {name: ("docx", i, languages)
                               for i, audience in enumerate(audiences) for name, languages in docx_files(slug, audience, layout, first).items()}
    files |= {f"{slug}-statements.json": ("statements",), f"{slug}-readability.json": ("review-json",),
              f"{slug}-readability.html": ("review-html",)}
    output.prepare(folder, list(files), force)

    handouts, missing = [], []
    for audience in audiences:
        handout, missing_terms = build_handout(analysis, phrasebook, fixed, audience)
        handouts.append(score_handout(handout, thresholds, phrasebook.official_names()))
        missing += [m for m in missing_terms if m not in missing]
    checked.save_all()  # words first hyphenated in this scoring need no hyphenating at the next start
    unmatched = unmatched_findings(analysis)
    labels = {**fixed.labels, "subtitle": {"en": fixed.subtitle.en.render(), "cy": fixed.subtitle.cy.render()}}
    return BuildPlan(str(report), folder, force, layout, labels, tuple(handouts), tuple(unmatched), tuple(missing),
                     review_data(handouts, thresholds, unmatched, missing, str(report)), files, templates)


def render(plan: BuildPlan, name: str) -> bytes:
    """The content of one of the plan's files."""
    kind, *what = plan.files[name]
    if kind == "docx":
        from .render_docx import write_docx  # python-docx is loaded only when a handout is written

        index, languages = what
        document = BytesIO()
        write_docx(plan.handouts[index], document, plan.templates.style, plan.templates.pictures, languages, plan.layout, labels=plan.labels)
        return document.getvalue()
    if kind == "statements":
        return statements_json(plan.handouts).encode("utf-8")
    return (review_json(plan.review) if kind == "review-json" else review_html(plan.review)).encode("utf-8")


def write(plan: BuildPlan, contents: dict[str, bytes]) -> BuildResult:
    """Write the rendered files all or nothing (output.write_all)."""
    files = output.write_all(plan.folder, {name: output.bytes_writer(contents[name]) for name in plan.files}, plan.force)
    return BuildResult(plan.folder, tuple(files), plan.handouts, plan.unmatched, plan.missing_terms)


def build(report: str | Path, out: str | Path | None = None, audiences: tuple[str, ...] = ("families", "children"),
          phrasebook_folder: str | Path | None = None, force: bool = False,
          phrasebook: Phrasebook | None = None, out_parent: str | Path | None = None, layout: str = "side-by-side",
          first: str = "cy", analysis: Analysis | None = None) -> BuildResult:
    """Read a report and write its handouts, statements and readability review into one folder.

    The folder is `out`, else `<out_parent or out>/<slug>/`. A caller building many reports passes
    the phrasebook it has already loaded. `layout`: "side-by-side" (a DOCX per audience, the languages
    in columns), "sequential" (the whole first-language version, then the other) or "separate" (a DOCX
    per language); `first`: the language that leads, "cy" or "en"; `analysis`: as for `plan_build`.
    """
    plan = plan_build(report, out, audiences, phrasebook_folder, force, phrasebook, out_parent, layout, first, analysis)
    return write(plan, {name: render(plan, name) for name in plan.files})


def check_file(path: str | Path, audience: str = "families", thresholds_file: str | Path | None = None,
               phrasebook_folder: str | Path | None = None):
    """Score an existing easy-read (DOCX, text or Markdown) statement by statement, as a build scores its own."""
    from .check_handout import check_document

    phrasebook = open_phrasebook(phrasebook_folder)
    thresholds = load_thresholds(Path(thresholds_file) if thresholds_file else None)
    return check_document(read_document(path), audience, thresholds[audience], phrasebook.structure["language_words"],
                          phrasebook.official_names())
