import os
import shutil
from pathlib import Path

import pytest

from easyread import api

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CARDIFF = SEEDS / "cardiff-2024-jicpa-report.md"
NPT = SEEDS / "neath-port-talbot-2021-jicpa-letter.txt"
OVERVIEW = SEEDS / "wales-2019-2024-jicpa-overview.txt"
REPORTS = [CARDIFF, NPT, OVERVIEW]


def topic_file(topic: str) -> str:
    """A phrasebook topic file with one entry that loads; tests break one thing in it at a time."""
    return f"""topic: {topic}
title: {{en: Test, cy: Prawf}}
entries:
  - id: {topic}.listen
    section: good-points
    when:
      any: ['\\blisten']
    families:
      en: listen to children
      cy: gwrando ar blant
    example: Staff listen to children.
    counter_example: Staff read reports.
"""


@pytest.fixture(scope="session", autouse=True)
def private_homes(tmp_path_factory):
    """The suite never reads or writes the user's easyread cache; subprocesses inherit the same folder."""
    saved = os.environ.get("EASYREAD_CACHE_DIR")
    os.environ["EASYREAD_CACHE_DIR"] = str(tmp_path_factory.mktemp("easyread-cache"))
    yield
    if saved is None:
        os.environ.pop("EASYREAD_CACHE_DIR", None)
    else:
        os.environ["EASYREAD_CACHE_DIR"] = saved


def tool_environment(tmp_path) -> dict:
    """For LibreOffice and Chromium: a home of their own, so they write nothing in the user's."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}


@pytest.fixture(scope="session")
def phrasebook():
    return api.open_phrasebook()


@pytest.fixture
def blank_phrasebook(tmp_path) -> Path:
    """A copy of the shipped phrasebook with no topic files, for a test to add its own."""
    from easyread.resources import phrasebook_dir

    root = tmp_path / "phrasebook"
    shutil.copytree(phrasebook_dir(), root)
    for topic in (root / "topics").glob("*.yaml"):
        topic.unlink()
    return root


@pytest.fixture(scope="session")
def analyses(phrasebook):
    return {path.name: api.analyse(path, phrasebook) for path in REPORTS}


def pytest_configure(config):
    """Hypothesis keeps files in ./.hypothesis from the moment its strategies are built: give it a
    temporary home before any test module is collected, so nothing is written into the tree."""
    import tempfile

    from hypothesis import configuration

    config.hypothesis_home = tempfile.mkdtemp(prefix="easyread-hypothesis-")
    configuration.set_hypothesis_home_dir(config.hypothesis_home)


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "hypothesis_home", ""), ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output (then review the diff)")
