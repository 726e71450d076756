"""End to end: `easyread build` writes five files. The DOCX rules, read back per layout: test_layout.py."""
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from easyread import api
from easyread.cli import main
from easyread.readers.lines import clean_inline

from conftest import CARDIFF, REPORTS

FILES = ["{slug}-families.docx", "{slug}-children.docx", "{slug}-statements.json", "{slug}-readability.json", "{slug}-readability.html"]


@pytest.fixture(scope="module")
def cardiff(tmp_path_factory):
    out = tmp_path_factory.mktemp("cardiff")
    return api.build(CARDIFF, out=out)


def test_writes_the_five_files(cardiff):
    assert sorted(p.name for p in cardiff.folder.iterdir()) == sorted(f.format(slug="cardiff-2024") for f in FILES)


def _plain(text):
    """The report's words with Markdown marks and line breaks taken out."""
    return clean_inline(text.replace("\n", " "))


def test_every_statement_has_welsh_and_a_source(cardiff):
    report = _plain(CARDIFF.read_text(encoding="utf-8"))
    records = json.loads((cardiff.folder / "cardiff-2024-statements.json").read_text())["statements"]
    assert len(records) > 20
    for record in records:
        assert record["en"].strip() and record["cy"].strip()
        assert record["en"] != record["cy"] or record["entry"].startswith("fixed:")  # names such as Estyn
        assert record["source"], record
        for source in record["source"]:
            assert _plain(source["text"]) in report
        assert "flags" in record["readability"]["en"] and "flags" in record["readability"]["cy"]


def test_children_handout_is_shorter(cardiff):
    families, children = cardiff.handouts
    assert families.audience == "families" and children.audience == "children"
    assert len(children.statements()) <= 0.7 * len(families.statements())


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.name)
def test_every_seed_builds(report, tmp_path):
    result = api.build(report, out=tmp_path)
    assert len(result.files) == 5
    assert all(s.sources for h in result.handouts for s in h.statements())


def test_existing_handout_is_not_overwritten(tmp_path, capsys):
    assert main(["build", str(CARDIFF), "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main(["build", str(CARDIFF), "--out", str(tmp_path)]) == 4
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "already exists" in err and "--force" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert main(["build", str(CARDIFF), "--out", str(tmp_path), "--force"]) == 0


BAD_INPUTS = [
    ("empty.txt", b"", 2, "empty"),
    ("binary.txt", b"\x00\x01PK\x00\x00", 2, "binary"),
    ("letter.txt", b"Dear Sam,\n\nThanks for the cake. See you on Tuesday.\n", 2, "does not look like an inspection report"),
    ("report.odt", b"whatever", 2, "cannot read"),
]


@pytest.mark.parametrize("name, content, code, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, name, content, code, message):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "easyread", "build", str(source), "--out", str(out)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == code
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_debug_shows_the_traceback(tmp_path):
    source = tmp_path / "empty.txt"
    source.write_bytes(b"")
    result = subprocess.run([sys.executable, "-m", "easyread", "--debug", "build", str(source)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode != 0 and "Traceback" in result.stderr


@pytest.mark.parametrize("enabled", [True, False])
def test_a_command_leaves_the_garbage_collector_as_it_found_it(tmp_path, enabled):
    """A command runs without the collector's sweeps (cli.main); a program that calls it gets its collector back."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert main(["build", str(tmp_path / "missing.md"), "--out", str(tmp_path / "out")]) != 0
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_program_prints_all_it_has_to_say_before_it_ends(capsys):
    """The program ends without the interpreter's clean-up (cli.run): what it printed is flushed first, to a pipe too."""
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # as a user's shell has it
    result = subprocess.run([sys.executable, "-m", "easyread", "inspect", str(CARDIFF)], capture_output=True, text=True, timeout=300,
                            env=buffered)
    assert main(["inspect", str(CARDIFF)]) == result.returncode == 0
    assert result.stdout == capsys.readouterr().out


def test_the_program_says_when_its_output_cannot_be_written():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full to stand for a full disk")
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "easyread", "inspect", str(CARDIFF)], stdout=full, stderr=subprocess.PIPE, text=True,
                                timeout=300, env=buffered)
    assert result.returncode == 4
    assert result.stderr.startswith("easyread: could not write the output (No space left on device)") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_the_program_keeps_its_exit_code_with_a_stream_closed(tmp_path, closed):
    result = subprocess.run(f"'{sys.executable}' -m easyread build '{tmp_path / 'missing.md'}' {closed}", shell=True, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr


@pytest.mark.parametrize("argv", [
    ["build", "a.md"],
    ["build", "a.md", "b.txt", "--jobs", "2", "--quiet", "--audience", "children", "--layout", "separate", "--first", "en", "--force"],
    ["build", "--debug", "a.md", "--out", "x", "--phrasebook", "book"],
])
def test_a_build_reads_its_command_line_as_the_whole_parser_does(argv):
    """A build makes only the build command's parser (cli._parser): it must read a build's arguments
    as the whole parser does."""
    from easyread.cli import _parser

    assert _parser(build_only=True).parse_args(argv) == _parser().parse_args(argv)
