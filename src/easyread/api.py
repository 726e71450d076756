"""The library API the CLI is a thin layer over. Each function runs the stages it needs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .checks import Problem, check_phrasebook
from .errors import RuleError
from .findings import list_findings
from .match import Match, match_findings
from .model import Finding, Report
from .phrasebook import Phrasebook, load_phrasebook
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


@dataclass(frozen=True)
class Analysis:
    report: Report
    findings: tuple[Finding, ...]
    matches: tuple[Match, ...]


def analyse(path: str | Path, phrasebook: Phrasebook, force: bool = False) -> Analysis:
    """Read, structure, list findings and match them: everything before the handout is built."""
    report = find_structure(read_document(path), phrasebook, force=force)
    findings = list_findings(report, phrasebook.structure)
    return Analysis(report, tuple(findings), tuple(match_findings(findings, phrasebook)))


def check(phrasebook: Phrasebook, thresholds: dict) -> list[Problem]:
    limits = {audience: thresholds[audience]["max_words"] for audience in ("families", "children")}
    return check_phrasebook(phrasebook, limits)
