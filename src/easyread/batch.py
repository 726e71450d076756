"""Build several reports at once, in parallel processes, reporting each one as it finishes.

The phrasebook is loaded once, before the worker processes start: where processes are forked
(Linux), every worker inherits it instead of loading it again. One report's failure is reported
and the others still build.

With several jobs a report is two tasks: its analysis (reading and matching, about half the work),
then the rest (handouts, scores, files). Three reports on two workers then end together: whole
reports would leave one worker idle while the other builds the third. The analysis passes from one
worker to the next as bytes, its phrasebook entries by id: every worker has the same phrasebook.
"""
from __future__ import annotations

import gc
import io
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import api, workers
from .errors import EasyReadError, InputError
from .phrasebook import Entry, Phrasebook
from .readers import SUFFIXES

_phrasebook: Phrasebook | None = None  # set in the parent before workers fork; see _build_one


@dataclass(frozen=True)
class Outcome:
    """What became of one report: the files written, or the one-line error and its exit code."""

    report: Path
    files: tuple[Path, ...] = ()
    error: str | None = None
    exit_code: int = 0


def expand(paths: list[str | Path]) -> list[Path]:
    """The report files named, a folder standing for the report files directly inside it."""
    reports: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
            if not found:
                raise InputError(f"{path}: no report files (.txt, .md, .docx, .pdf) in this folder")
            reports += found
        else:
            reports.append(path)
    return list(dict.fromkeys(reports))


def _failed(report: Path, err: Exception) -> Outcome:
    if isinstance(err, EasyReadError):
        return Outcome(report, error=str(err), exit_code=err.exit_code)
    return Outcome(report, error=f"{report}: internal error ({type(err).__name__}: {err}); build it alone with --debug and report it",
                   exit_code=1)


def _phrasebook_for(options: dict) -> Phrasebook:
    global _phrasebook
    if _phrasebook is None:  # a worker started without forking loads its own copy
        _phrasebook = api.open_phrasebook(options.get("phrasebook_folder"))
    return _phrasebook


def _build_one(report: Path, options: dict, analysis: bytes | None = None) -> Outcome:
    """Build the report, from its analysis when one is given (from `_analyse_one`)."""
    try:
        phrasebook = _phrasebook_for(options)
        made = _AnalysisReader(io.BytesIO(analysis), phrasebook).load() if analysis else None
        return Outcome(report, files=api.build(report, phrasebook=phrasebook, analysis=made, **options).files)
    except Exception as err:  # noqa: BLE001 - a bug with one report must not stop the others
        return _failed(report, err)
    finally:
        # A report leaves a few cycles (some 0.4 MB); with the collector off during a command
        # (cli.main), they would add up over a long batch. One sweep per report frees them: what
        # was loaded before the reports is frozen (build_many), so the sweep looks at little else.
        gc.collect()


def _analyse_one(report: Path, options: dict) -> bytes | Outcome:
    """The report's analysis, as bytes for `_build_one` in another worker."""
    try:
        analysis = api.analyse(report, _phrasebook_for(options), force=options.get("force", False))
        out = io.BytesIO()
        _AnalysisWriter(out, pickle.HIGHEST_PROTOCOL).dump(analysis)
        return out.getvalue()
    except Exception as err:  # noqa: BLE001 - as in _build_one
        return _failed(report, err)


class _AnalysisWriter(pickle.Pickler):
    """Pickles an analysis with its matches' phrasebook entries as their ids."""

    def persistent_id(self, value):
        return value.id if type(value) is Entry else None


class _AnalysisReader(pickle.Unpickler):
    def __init__(self, file, phrasebook: Phrasebook):
        super().__init__(file)
        self.phrasebook = phrasebook

    def persistent_load(self, entry_id: str) -> Entry:
        return self.phrasebook.entries_by_id[entry_id]


def _load_shared_parts() -> None:
    """What every build loads (the templates and DOCX writer, textstat and the syllable table, the
    review page's template), loaded once here so that forked workers inherit it instead of each
    loading it again."""
    from . import readability, render_review

    readability.load()
    render_review._review_template()
    api.load_templates()


def build_many(reports: list[Path], out_parent: Path | None = None, jobs: int = 1,
               on_done: Callable[[Outcome, int, int], None] = lambda outcome, done, total: None, **options) -> list[Outcome]:
    """Build each report into `<out_parent or out>/<slug>/`, `jobs` at a time; outcomes in input order.

    `on_done(outcome, done, total)` is called in this process as each report finishes. With several
    jobs, the workers analyse the reports, the longest first, then build each from its analysis; at
    most twice `jobs` reports are under way at once, so a long batch keeps few analyses in memory.
    """
    global _phrasebook
    _phrasebook = api.open_phrasebook(options.get("phrasebook_folder"))
    options = {**options, "out_parent": out_parent}
    outcomes: dict[Path, Outcome] = {}

    def finished(outcome: Outcome) -> None:
        outcomes[outcome.report] = outcome
        on_done(outcome, len(outcomes), len(reports))

    _load_shared_parts()
    gc.freeze()  # never swept again: in workers, what they inherit so stays shared, not copied
    try:
        if jobs <= 1 or len(reports) == 1:
            for report in reports:
                finished(_build_one(report, options))
            return _same_folder_refused([outcomes[report] for report in reports])
        count = min(jobs, len(reports))
        try:
            started = workers.start(count)
        except OSError as err:
            raise InputError(f"could not start {count} worker processes ({err.strerror or err}); use a smaller --jobs") from None
        with started as pool:
            waiting = sorted(reports, key=_size, reverse=True)[::-1]  # the largest last, to pop first
            building = 0  # reports started and not finished, each an analysis kept until its build

            def start_more() -> None:
                nonlocal building
                while waiting and building < 2 * count:
                    report = waiting.pop()
                    pool.submit(report, _analyse_one, report, options)
                    building += 1

            start_more()
            for report, result in pool.results():
                if isinstance(result, bytes):  # an analysis: the rest of the build is the next task
                    pool.submit(report, _build_one, report, options, result)
                else:
                    finished(_failed(report, result) if isinstance(result, workers.WorkerLost) else result)
                    building -= 1
                    start_more()
    finally:
        gc.unfreeze()
    return _same_folder_refused([outcomes[report] for report in reports])


def _size(report: Path) -> int:
    """The report's size in bytes, which stands for its building time; 0 if unreadable (its build says why)."""
    try:
        return report.stat().st_size
    except OSError:
        return 0


def _same_folder_refused(outcomes: list[Outcome]) -> list[Outcome]:
    """Two reports with one place and year write the same files: with --force the later replaced the
    earlier, so it is reported as an error (without --force the later was refused already)."""
    seen: dict[Path, Path] = {}
    checked = []
    for outcome in outcomes:
        folder = outcome.files[0].parent if outcome.files else None
        if folder in seen:
            outcome = Outcome(outcome.report, outcome.files, f"{outcome.report}: wrote into {folder}, as {seen[folder]} did, "
                              "replacing its handouts; build these reports one at a time with --out", 4)
        elif folder:
            seen[folder] = outcome.report
        checked.append(outcome)
    return checked
