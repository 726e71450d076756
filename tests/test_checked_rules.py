"""Rule patterns and templates are checked once, remembered in the cache, and compiled only when first used."""
from __future__ import annotations

import types
from pathlib import Path

import pytest

from easyread import branches, cache, checked, engine, literals, patterns, phrasebook
from easyread.errors import RuleError
from easyread.yamlfile import LineDict


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    for rules in checked._all:
        rules.forget_run()
    yield tmp_path
    for rules in checked._all:
        rules.forget_run()


def where(line=7):
    rule = LineDict()
    rule.path, rule.line = "phrasebook/topics/training.yaml", line
    return rule


def next_run():
    """What a new process sees: only what the cache remembers."""
    for rules in checked._all:
        rules.forget_run()


def test_a_new_pattern_is_compiled_at_once_and_remembered(fresh_cache):
    first = patterns.compile_pattern(r"\btrain(ed|ing)\b", where())
    assert first.code is not None and first.needs == {"train"}  # checked by re.compile now; the engine code kept
    assert first.search("Staff are trained well").group(1) == "ed"
    checked.save_all()
    next_run()
    again = patterns.compile_pattern(r"\btrain(ed|ing)\b", where())
    assert again._compiled is None and again.needs == {"train"}
    assert again.search("Staff are trained well").group(1) == "ed"


@pytest.mark.parametrize("text, expected", [
    ("Most staff received TRAINING in 2023.", "TRAINING"),
    ("Staff were supported.", None),
])
def test_a_remembered_pattern_searches_as_re_does(fresh_cache, text, expected):
    patterns.compile_pattern(r"\btraining\b", where())
    checked.save_all()
    next_run()
    match = patterns.compile_pattern(r"\btraining\b", where()).search(text)
    assert (match.group(0) if match else None) == expected


@pytest.mark.parametrize("bad", [r"(unclosed", r"[z-a]", r"x{2,1}", 42, ["a list"]])
def test_a_bad_pattern_is_refused_with_its_file_and_line(fresh_cache, bad):
    with pytest.raises(RuleError) as refused:
        patterns.compile_pattern(bad, where(31))
    assert str(refused.value).startswith("phrasebook/topics/training.yaml:31:")


def test_a_damaged_cache_is_ignored(fresh_cache):
    (fresh_cache / "patterns.json").write_text("{not json", encoding="utf-8")
    assert patterns.compile_pattern(r"\bMASH\b", where()).search("the MASH team")


def test_a_cache_from_another_python_is_ignored(fresh_cache):
    (fresh_cache / "patterns.json").write_text('{"key": "easyread patterns 1, Python 2.7", "found": {"(unclosed": null}}', encoding="utf-8")
    with pytest.raises(RuleError):
        patterns.compile_pattern("(unclosed", where())


@pytest.mark.parametrize("module", [branches, engine, literals, patterns])
def test_remembered_patterns_are_forgotten_when_the_code_that_read_them_changes(module):
    """Engine code and needs made by older code must not be handed to newer code (an upgrade, an edit)."""
    assert Path(module.__file__) in patterns._code.paths


def test_a_code_digest_names_the_code_as_this_run_loaded_it(tmp_path):
    module = types.SimpleNamespace(__file__=str(tmp_path / "rules.py"))
    Path(module.__file__).write_text("a = 1\n", encoding="utf-8")
    loaded = checked.CodeDigest(module)
    first = str(loaded)
    assert first == str(checked.CodeDigest(module))  # the same code, the same digest
    Path(module.__file__).write_text("a = 2\n", encoding="utf-8")  # an upgrade while the run goes on
    assert str(loaded) == "changed while this run went on"  # what this run checks is kept under no code's key
    assert str(checked.CodeDigest(module)) not in (first, str(loaded))  # the next run's key names the new code


def test_an_unwritable_cache_is_not_an_error(fresh_cache, monkeypatch):
    blocked = fresh_cache / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    patterns.compile_pattern(r"\bpolice\b", where())
    checked.save_all()
    next_run()
    assert r"\bpolice\b" not in patterns._checked


TEMPLATE = {"en": "Staff in {{ place }} listen.", "cy": "Mae staff {{ place | after('yn') }} yn gwrando."}


def test_a_template_checked_once_is_not_parsed_again(fresh_cache, monkeypatch):
    first = phrasebook.compile_text(dict(TEMPLATE), where(), "families")
    checked.save_all()
    next_run()

    def no_parsing(*args, **kwargs):
        raise AssertionError("the template was parsed again")

    monkeypatch.setattr(phrasebook.ENV, "parse", no_parsing)
    again = phrasebook.compile_text(dict(TEMPLATE), where(), "families")
    assert again == first and again.slots == {"place"}
    assert again.cy.render(place=phrasebook.welsh.WelshName("Caerdydd")) == "Mae staff yng Nghaerdydd yn gwrando."


@pytest.mark.parametrize("cy, problem", [
    ("Mae staff {{ place | after('yn') }", "template error"),
    ("Mae staff {{ ''.__class__.__mro__ }} yn gwrando.", "cannot be filled"),
    ("Mae staff yn gwrando.", "slots differ"),
])
def test_a_bad_template_is_refused_even_beside_checked_ones(fresh_cache, cy, problem):
    phrasebook.compile_text(dict(TEMPLATE), where(), "families")
    checked.save_all()
    next_run()
    with pytest.raises(RuleError) as refused:
        phrasebook.compile_text({"en": TEMPLATE["en"], "cy": cy}, where(12), "families")
    assert "training.yaml:12" in str(refused.value) and problem in str(refused.value)


def test_the_template_loader_knows_only_the_phrasebook_texts_asked_for():
    """Templates are named by their source for the bytecode cache; any other name is unknown."""
    from jinja2 import TemplateNotFound

    with pytest.raises(TemplateNotFound):
        phrasebook.ENV.get_template("Staff {{ listen }} to a name nobody asked for.")
    assert phrasebook._template("Staff {{ verb }} well.").render(verb="listen") == "Staff listen well."
