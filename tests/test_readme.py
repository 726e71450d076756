"""The README's Quick start is what CI runs, and the commands it names exist."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from easyread import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
QUICK_START = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
COMMANDS = re.findall(r"```sh\n(.+?)\n```", QUICK_START)


def test_the_readme_names_commands():
    assert re.findall(r"`easyread ((?:phrasebook )?[a-z-]+)", README), "no `easyread ...` command found in the README"


def test_quick_start_has_exactly_two_commands():
    assert len(COMMANDS) == 2


def test_ci_runs_the_second_quick_start_command():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert lines[-1] == COMMANDS[1]


def test_the_first_command_builds_a_seed_that_exists():
    report = re.search(r"easyread build (\S+)", COMMANDS[0]).group(1)
    assert (ROOT / report).is_file()


@pytest.mark.parametrize("command", sorted(set(re.findall(r"`easyread ((?:phrasebook )?[a-z-]+)", README))))
def test_every_command_the_readme_names_exists(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([*command.split(), "--help"])
    assert done.value.code == 0, command
