"""The acceptance measure: at least 70% of the statements in the official Cardiff easy-read have a
counterpart of the same meaning in the English of our families handout. bench/counterparts.py does
the counting; tests/data/cardiff-official-statements.yaml holds the official statements."""
import importlib.util
from pathlib import Path

import pytest

from easyread import api

ROOT = Path(__file__).resolve().parents[1]
CARDIFF = ROOT / "seeds" / "cardiff-2024-jicpa-report.md"
_spec = importlib.util.spec_from_file_location("counterparts", ROOT / "bench" / "counterparts.py")
counterparts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(counterparts)

LISTEN = {"section": "good-points", "organisation": "health", "text": "listen to children and young people",
          "meaning": [[r"\blisten", r"\b(children|young people|child)"]]}
IT = {"section": "improve", "organisation": None, "text": "Make sure all IT systems can connect and share information better.",
      "meaning": [[r"\b((?-i:IT)|computers?|systems?)\b", r"\b(connect|share|work together|talk to each other)"]]}
FINDING = {"section": "main-findings", "organisation": None, "text": "listen to children and involve them in decisions",
           "meaning": [[r"\blisten", r"\binvolve", r"\bdecisions?\b"]]}
QUOTE = {"section": "good-points", "organisation": None, "text": "Parents and children say staff are supportive.",
         "meaning": [[r"\bparents\b.{0,30}\bsay\b", r"\bsupport"]]}


def ours(section, en, organisation=None):
    return {"audience": "families", "section": section, "organisation": organisation, "en": en}


CASES = [
    # official, our statement, is it a counterpart?
    (LISTEN, ours("good-points", "Listen to children and young people", "health"), True),
    (LISTEN, ours("good-points", "listen to what young people say", "health"), True),
    (LISTEN, ours("good-points", "listen to children and young people", "police"), False),        # wrong organisation
    (LISTEN, ours("good-points", "share information with children's services", "health"), False),  # wrong idea
    (LISTEN, ours("improve", "Listen to children more.", None), False),                           # wrong section
    (LISTEN, ours("main-findings", "Staff listen to children.", None), False),                    # main finding, not good point
    (IT, ours("improve", "Make sure computer systems can share information.", None), True),
    (IT, ours("improve", "Make sure it is shared with the police.", None), False),                # "it" is not IT
    (IT, ours("improve", "Share information better across services.", None), False),             # wrong idea
    (FINDING, ours("main-findings", "Staff listen to children and involve them in decisions.", None), True),
    (FINDING, ours("good-points", "listen to children and involve them in decisions", "education"), True),
    (FINDING, ours("main-findings", "Staff listen to children.", None), False),                   # half the meaning
    (QUOTE, ours("good-points", "Parents say staff give good support.", "police"), True),         # any organisation
]


@pytest.mark.parametrize("official, statement, expected", CASES)
def test_counting(official, statement, expected):
    official = counterparts.prepare([dict(official)])[0]
    assert (counterparts.counterpart(official, [statement]) is not None) is expected


def test_report_ends_with_the_share():
    officials = counterparts.prepare([dict(LISTEN), dict(IT)])
    pairs = counterparts.pair_up(officials, [ours("good-points", "listen to children", "health")])
    assert counterparts.share(pairs) == 0.5
    assert counterparts.report(pairs, show=True).splitlines()[-1] == "counterparts: 1 of 2 (50%)"


GENERIC = [
    "Services keep children safe.", "Staff work hard to help children and families.", "Here are some good things we found.",
    "Children and young people are kept safe in Cardiff.", "Staff know how to keep children safe.", "Services must improve.",
    "Make sure children get the right support.", "support children and young people", "Some things need to get better.",
]


def test_official_statements_are_sound():
    officials = counterparts.load_official()
    assert {s["section"] for s in officials} == set(counterparts.SECTIONS)
    # Each official statement is its own counterpart, except those whose subject is only in the heading ("They ...").
    assert all(s["text"].startswith("They ") for s in officials if not counterparts.means(s, s["text"]))
    # A generic statement is the counterpart of nothing.
    assert [(g, s["text"]) for g in GENERIC for s in officials if counterparts.means(s, g)] == []


@pytest.fixture(scope="module")
def cardiff_pairs(tmp_path_factory):
    result = api.build(CARDIFF, out=tmp_path_factory.mktemp("counterparts"), audiences=("families",))
    [statements] = [f for f in result.files if f.name.endswith("-statements.json")]
    return counterparts.pair_up(counterparts.load_official(), counterparts.load_ours(statements))


def test_cardiff_families_handout_has_counterparts(cardiff_pairs):
    assert counterparts.share(cardiff_pairs) >= 0.70, "\n" + counterparts.report(cardiff_pairs)
