"""Command line: a thin layer over easyread.api that turns domain errors into exit codes.

Exit codes: 0 done; 1 an unexpected error (a bug: please report it, with --debug output);
2 the report cannot be read or is not an inspection report; 3 a phrasebook, gazetteer,
template or threshold file is wrong; 4 the output cannot be written; 5 a check found problems.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .errors import CheckFailed, EasyReadError

AUDIENCES = ("families", "children")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show the full traceback of an error")
    parser = argparse.ArgumentParser(prog="easyread", description="Bilingual easy-read handouts from Welsh inspection reports.", parents=[common])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="write the handouts and the readability review for a report")
    build.add_argument("report", help="the inspection report (.txt, .md or .docx)")
    build.add_argument("--out", help="output folder (default: out/<place>-<year>/)")
    build.add_argument("--audience", choices=("children", "families", "both"), default="both")
    build.add_argument("--phrasebook", help="phrasebook folder (default: the one easyread ships)")
    build.add_argument("--force", action="store_true", help="overwrite existing handouts; build from a report that does not look like an inspection report")

    inspect = commands.add_parser("inspect", parents=[common], help="show the outline easyread reads from a report")
    inspect.add_argument("report")
    inspect.add_argument("--json", action="store_true", help="print the outline as JSON")
    inspect.add_argument("--phrasebook")
    inspect.add_argument("--force", action="store_true")

    book = commands.add_parser("phrasebook", parents=[common], help="check the phrasebook, or see how it covers reports")
    book_commands = book.add_subparsers(dest="book_command", required=True, metavar="ACTION")
    check = book_commands.add_parser("check", parents=[common], help="check every entry; exit 5 on any problem")
    check.add_argument("--phrasebook")
    coverage = book_commands.add_parser("coverage", parents=[common], help="which findings match which entry, and which match none")
    coverage.add_argument("reports", nargs="+")
    coverage.add_argument("--phrasebook")
    coverage.add_argument("--unmatched", action="store_true", help="list only the findings no entry matched")
    return parser


def _inspect(args: argparse.Namespace) -> int:
    from . import api, outline

    phrasebook = api.open_phrasebook(args.phrasebook)
    analysis = api.analyse(args.report, phrasebook, force=args.force)
    data = outline.outline(analysis, phrasebook)
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else outline.as_text(data))
    return 0


def _phrasebook(args: argparse.Namespace) -> int:
    from . import api, outline

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


def _build(args: argparse.Namespace) -> int:
    from . import api

    audiences = AUDIENCES if args.audience == "both" else (args.audience,)
    result = api.build(args.report, out=args.out, audiences=audiences, phrasebook_folder=args.phrasebook, force=args.force)
    for path in result.files:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    handlers = {"build": _build, "inspect": _inspect, "phrasebook": _phrasebook}
    try:
        return handlers[args.command](args)
    except EasyReadError as err:
        if args.debug:
            raise
        print(f"easyread: {err}", file=sys.stderr)
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
        print(f"easyread: internal error ({type(err).__name__}: {err}); run again with --debug and report it", file=sys.stderr)
        return 1
