"""Build several reports at once, in parallel processes, reporting each one as it finishes.

The phrasebook is loaded once, before the worker processes start: where processes are forked
(Linux), every worker inherits it instead of loading it again. One report's failure is reported
and the others still build.
"""
from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import api
from .errors import EasyReadError, InputError
from .phrasebook import Phrasebook
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


def _build_one(report: Path, options: dict) -> Outcome:
    try:
        return Outcome(report, files=api.build(report, phrasebook=_phrasebook_for(options), **options).files)
    except Exception as err:  # noqa: BLE001 - a bug with one report must not stop the others
        return _failed(report, err)


def _plan_one(report: Path, options: dict) -> api.BuildPlan | Outcome:
    try:
        return api.plan_build(report, phrasebook=_phrasebook_for(options), **options)
    except Exception as err:  # noqa: BLE001 - as in _build_one
        return _failed(report, err)


def _render_one(plan: api.BuildPlan, name: str) -> bytes | Outcome:
    try:
        return api.render(plan, name)
    except Exception as err:  # noqa: BLE001 - as in _build_one
        return _failed(Path(plan.report), err)


def _write_one(report: Path, plan: api.BuildPlan, contents: dict[str, bytes]) -> Outcome:
    try:
        return Outcome(report, files=api.write(plan, contents).files)
    except Exception as err:  # noqa: BLE001 - as in _build_one
        return _failed(report, err)


def _load_shared_parts() -> None:
    """What every build loads (python-docx, textstat and the syllable table, the review page's
    template), loaded once here so that forked workers inherit it instead of each loading it again."""
    from . import readability, render_docx, render_review  # noqa: F401 - imported for the workers

    readability.load()
    render_review._review_template()
    api.load_templates()


def build_many(reports: list[Path], out_parent: Path | None = None, jobs: int = 1,
               on_done: Callable[[Outcome, int, int], None] = lambda outcome, done, total: None, **options) -> list[Outcome]:
    """Build each report into `<out_parent or out>/<slug>/`, `jobs` at a time; outcomes in input order.

    `on_done(outcome, done, total)` is called in this process as each report finishes. With several
    jobs, a report is two steps of work for the workers: its plan (reading, matching, the handouts
    and their scores), then each of its files rendered; this process writes a report's files when
    all are rendered. Three reports on two workers then keep both busy to the end.
    """
    global _phrasebook
    _phrasebook = api.open_phrasebook(options.get("phrasebook_folder"))
    options = {**options, "out_parent": out_parent}
    outcomes: dict[Path, Outcome] = {}

    def finished(outcome: Outcome) -> None:
        outcomes[outcome.report] = outcome
        on_done(outcome, len(outcomes), len(reports))

    if jobs <= 1 or len(reports) == 1:
        for report in reports:
            finished(_build_one(report, options))
        return _same_folder_refused([outcomes[report] for report in reports])

    _load_shared_parts()
    gc.freeze()  # what the workers inherit is never swept by their collectors, so its memory stays shared, not copied
    try:
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        with ProcessPoolExecutor(max_workers=min(jobs, len(reports)), mp_context=context) as pool:
            waiting = {pool.submit(_plan_one, report, options): (report, None) for report in reports}
            plans: dict[Path, api.BuildPlan] = {}
            rendered: dict[Path, dict[str, bytes]] = {}
            while waiting:
                done, _ = wait(waiting, return_when=FIRST_COMPLETED)
                for future in done:
                    report, name = waiting.pop(future)
                    result = future.result()
                    if report in outcomes:  # an earlier file of this report failed
                        continue
                    if isinstance(result, Outcome):
                        finished(result)
                    elif name is None:  # a plan: render its files
                        plans[report], rendered[report] = result, {}
                        waiting |= {pool.submit(_render_one, result, file_name): (report, file_name) for file_name in result.files}
                    else:
                        rendered[report][name] = result
                        if len(rendered[report]) == len(plans[report].files):
                            finished(_write_one(report, plans[report], rendered.pop(report)))
    finally:
        gc.unfreeze()
    return _same_folder_refused([outcomes[report] for report in reports])


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
