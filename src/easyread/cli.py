"""Command line: a thin layer over easyread.api that turns domain errors into exit codes.

Exit codes: 0 done; 1 an unexpected error (a bug: please report it, with --debug output);
2 the report cannot be read or is not an inspection report; 3 a phrasebook, gazetteer,
template or threshold file is wrong; 4 the output cannot be written; 5 a check found problems.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from .errors import CheckFailed, EasyReadError, OutputError

AUDIENCES = ("families", "children")


def _parser(build_only: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; with `build_only`, the build command's alone: the others' parsers
    take a few milliseconds to make, and a build is to take a fraction of a second."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the full traceback of an error")
    parser = argparse.ArgumentParser(prog="easyread", description="Bilingual easy-read handouts from Welsh inspection reports.", parents=[common])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _build_arguments(commands, common)
    if not build_only:
        _other_arguments(commands, common)
    return parser


def _build_arguments(commands, common: argparse.ArgumentParser) -> None:
    build = commands.add_parser("build", parents=[common], help="write the handouts and the readability review for a report")
    build.add_argument("reports", nargs="+", metavar="REPORT", help="inspection reports (.txt, .md, .docx, .pdf), or folders of them")
    build.add_argument("--out", help="output folder (default: out/<place>-<year>/); with several reports, the folder that gets one <place>-<year>/ folder each (default: out/)")
    build.add_argument("--jobs", type=_positive, default=1, metavar="N", help="build N reports at a time, in parallel processes (default: 1)")
    build.add_argument("--quiet", action="store_true", help="print no progress and no file names, only errors")
    build.add_argument("--audience", choices=("children", "families", "both"), default="both")
    build.add_argument("--phrasebook", help="phrasebook folder (default: the one easyread ships)")
    build.add_argument("--layout", choices=("side-by-side", "sequential", "separate"), default="side-by-side",
                       help="side-by-side: the languages in columns (default); sequential: the whole first-language version, then the other; separate: a file per language")
    build.add_argument("--first", choices=("cy", "en"), default="cy", help="the language that leads (default: cy, Welsh)")
    build.add_argument("--force", action="store_true", help="overwrite existing handouts; build from a report that does not look like an inspection report")


def _other_arguments(commands, common: argparse.ArgumentParser) -> None:
    inspect = commands.add_parser("inspect", parents=[common], help="show the outline easyread reads from a report")
    inspect.add_argument("report")
    inspect.add_argument("--json", action="store_true", help="print the outline as JSON")
    inspect.add_argument("--phrasebook")
    inspect.add_argument("--force", action="store_true")

    check = commands.add_parser("check", parents=[common], help="score an existing easy-read statement by statement")
    check.add_argument("file", help="the easy-read (.docx, .txt or .md)")
    check.add_argument("--audience", choices=AUDIENCES, default="families", help="whose thresholds to apply (default: families)")
    check.add_argument("--thresholds", help="threshold file (default: templates/readability.yaml)")
    check.add_argument("--phrasebook", help="phrasebook folder, for the official names that are not scored")
    check.add_argument("--strict", action="store_true", help="exit 5 if any statement breaks a threshold")
    check.add_argument("--json", action="store_true", help="print the scores as JSON")

    book = commands.add_parser("phrasebook", parents=[common], help="check the phrasebook, or see how it covers reports")
    book_commands = book.add_subparsers(dest="book_command", required=True, metavar="ACTION")
    check = book_commands.add_parser("check", parents=[common], help="check every entry; exit 5 on any problem")
    check.add_argument("--phrasebook")
    coverage = book_commands.add_parser("coverage", parents=[common], help="which findings match which entry, and which match none")
    coverage.add_argument("reports", nargs="+")
    coverage.add_argument("--phrasebook")
    coverage.add_argument("--unmatched", action="store_true", help="list only the findings no entry matched")
    export_po = book_commands.add_parser("export-po", parents=[common], help="write the phrasebook's Welsh as a PO file for translators")
    export_po.add_argument("out", metavar="OUT.po")
    export_po.add_argument("--phrasebook")
    import_po = book_commands.add_parser("import-po", parents=[common], help="put a translated PO file's Welsh back into the phrasebook")
    import_po.add_argument("po_file", metavar="IN.po")
    import_po.add_argument("--phrasebook")
    import_po.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    suggest = book_commands.add_parser("suggest", parents=[common], help="draft entries for the findings of a report that no entry matched")
    suggest.add_argument("report")
    suggest.add_argument("--phrasebook")
    suggest.add_argument("--limit", type=_positive, metavar="N", help="draft at most N entries")


def _inspect(args: argparse.Namespace) -> int:
    from . import api, outline

    phrasebook = api.open_phrasebook(args.phrasebook)
    analysis = api.analyse(args.report, phrasebook, force=args.force)
    data = outline.outline(analysis, phrasebook)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else outline.as_text(data))
    return 0


def _phrasebook(args: argparse.Namespace) -> int:
    from . import api, outline

    if args.book_command in ("export-po", "import-po", "suggest"):
        return _translate(args)
    phrasebook = api.open_phrasebook(args.phrasebook)
    if args.book_command == "check":
        problems = api.check(phrasebook, api.load_thresholds())
        for problem in problems:
            print(problem)
        if problems:
            raise CheckFailed(f"{len(problems)} problem(s) in the phrasebook at {phrasebook.root}")
        print(f"phrasebook OK: {len(phrasebook.entries)} entries in {len(phrasebook.topics)} topics")
        return 0
    for report in args.reports:
        analysis = api.analyse(report, phrasebook)
        print(outline.coverage_text(analysis, only_unmatched=args.unmatched))
    return 0


def _translate(args: argparse.Namespace) -> int:
    """`phrasebook export-po`, `import-po` and `suggest`."""
    from . import api
    from .po import ImportRefused

    if args.book_command == "export-po":
        count = api.export_po(args.out, args.phrasebook)
        print(f"{args.out}: {count} Welsh texts for translators")
        return 0
    if args.book_command == "suggest":
        print(api.suggest(args.report, args.phrasebook, args.limit), end="")
        return 0
    try:
        result = api.import_po(args.po_file, args.phrasebook, dry_run=args.dry_run)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem)
        raise
    for line in result.skipped:
        print(line)
    for unit, new in result.changed:
        print(f"{unit.path}:{unit.line}: {unit.key}: {unit.welsh!r} -> {new!r}")
    done = "would change" if args.dry_run else "changed"
    print(f"{done} {len(result.changed)} Welsh text(s) in {len(result.files)} file(s); "
          f"{result.untranslated} untranslated, {len(result.skipped)} skipped")
    return 0


def _check(args: argparse.Namespace) -> int:
    from . import api, check_handout

    result = api.check_file(args.file, args.audience, args.thresholds, args.phrasebook)
    data = check_handout.check_data(result)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else check_handout.as_text(result))
    failing = [s for s in result.statements if not s.passes]
    if args.strict and failing:
        raise CheckFailed(f"{args.file}: {len(failing)} of {len(result.statements)} statements break a {args.audience} threshold")
    return 0


def _build(args: argparse.Namespace) -> int:
    from . import api

    audiences = AUDIENCES if args.audience == "both" else (args.audience,)
    options = {"audiences": audiences, "phrasebook_folder": args.phrasebook, "force": args.force, "layout": args.layout, "first": args.first}
    if len(args.reports) == 1 and not Path(args.reports[0]).is_dir():  # one report: --out is its folder
        for path in api.build(args.reports[0], out=args.out, **options).files:
            _say(args, path)
        return 0
    from . import batch  # the batch and its workers are loaded only for several reports

    reports = batch.expand(args.reports)
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty())

    def on_done(outcome: batch.Outcome, done: int, total: int) -> None:
        progress.clear()
        for path in outcome.files:
            _say(args, path)
        progress.show(done, total, outcome.report.name)

    outcomes = batch.build_many(reports, args.out and Path(args.out), args.jobs, on_done, **options)
    progress.clear()
    failed = [o for o in outcomes if o.error]
    for outcome in failed:  # at the end, in the order given, where a progress bar cannot hide them
        print(f"easyread: {outcome.error}", file=sys.stderr)
    if failed:
        print(f"easyread: {len(failed)} of {len(outcomes)} reports failed (see above)", file=sys.stderr)
        return failed[0].exit_code
    return 0


def _say(args: argparse.Namespace, line: object) -> None:
    if not args.quiet:
        print(line, flush=True)


class _Progress:
    """A one-line progress bar on stderr, redrawn in place; only on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def show(self, done: int, total: int, name: str) -> None:
        if self.enabled:
            filled = round(20 * done / total)
            print(f"\r[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {name}", end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.enabled:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{text}'")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = _parser(build_only=given[:1] == ["build"]).parse_args(argv)
    args.debug = getattr(args, "debug", False)
    handlers = {"build": _build, "check": _check, "inspect": _inspect, "phrasebook": _phrasebook}
    # A command makes many objects and frees few until it ends, and hardly any in cycles (a batch of
    # the three seeds peaks at the same memory either way): the garbage collector's sweeps cost a
    # twentieth of a build and free nothing. So none while the command runs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return handlers[args.command](args)
    except EasyReadError as err:
        if args.debug:
            raise
        print(_one_line(f"easyread: {err}"), file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # the reader went away (`easyread ... | head`): not an error
        sys.stdout = open(os.devnull, "w")
        return 0
    except KeyboardInterrupt:
        print("easyread: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as err:  # a bug: say so in one line, unless asked for the traceback
        if args.debug:
            raise
        print(_one_line(f"easyread: internal error ({type(err).__name__}: {err}); run again with --debug and report it"), file=sys.stderr)
        return 1
    finally:
        if collecting:
            gc.enable()


def run() -> None:
    """The `easyread` command: main(), then the process ends at once, once what it printed is out.
    Freeing a build's objects one by one, as the interpreter does at exit, takes longer than the
    operating system's freeing them all. The collector stays off to the end: main() turns back on
    only what it found on, and turned on after a build it would first sweep everything the build made."""
    gc.disable()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed
                stream.flush()
        except BrokenPipeError:  # the reader went away (`easyread ... | head`): not an error
            pass
        except OSError as err:  # a full disk, say: the output is incomplete, and the exit code says so
            code = code or OutputError.exit_code
            if stream is sys.stdout and sys.stderr is not None:
                try:
                    print(_one_line(f"easyread: could not write the output ({err.strerror or err}); free some space or write elsewhere"),
                          file=sys.stderr, flush=True)
                except OSError:
                    pass
    os._exit(code)


def _one_line(message: str) -> str:
    """An error is one line, even when a file name or a library's message holds a line break."""
    return " ".join(message.splitlines())
