"""Loaded rules kept whole in the cache (snapshot.py), and patterns made from remembered engine code (patterns.py).

A snapshot must give exactly what reading the files gives, must be dropped as soon as any rule file
changes, and must never be the reason a run fails.
"""
from __future__ import annotations

import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from easyread import api, cache, checked, patterns, phrasebook, render_review, snapshot
from easyread.errors import RuleError
from easyread.phrasebook import _read_phrasebook, load_phrasebook
from easyread.resources import phrasebook_dir


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    next_run()
    yield folder
    next_run()


def next_run():
    """What a new process sees: only what the cache folder holds."""
    for rules in checked._all:
        rules.forget_run()
    snapshot._loaded.clear()


@pytest.fixture
def book_copy(tmp_path):
    copy = tmp_path / "phrasebook"
    shutil.copytree(phrasebook_dir(), copy)
    return copy


def test_the_phrasebook_from_its_snapshot_is_the_phrasebook_read_from_its_files(fresh_cache):
    read = _read_phrasebook(phrasebook_dir())
    load_phrasebook(phrasebook_dir())  # makes the snapshot
    [saved] = fresh_cache.glob("phrasebook-*.pickle")
    *_, from_snapshot = pickle.loads(saved.read_bytes())
    assert from_snapshot.entries == read.entries and from_snapshot.names == read.names
    assert from_snapshot.terms == read.terms and from_snapshot.hard_words == read.hard_words
    assert from_snapshot.structure == read.structure and from_snapshot.plain_words == read.plain_words
    assert load_phrasebook(phrasebook_dir()).entries == read.entries


def test_the_templates_from_their_snapshot_are_the_templates_read_from_their_files(fresh_cache):
    first = api.load_templates()  # read from the files, then saved
    assert api.load_templates() is first  # asked again in the same process
    next_run()
    again = api.load_templates()  # from the snapshot
    assert first is not again
    assert again == first  # the style's widths, sizes and reference document; the thresholds; the fixed text; the pictures


def test_a_changed_rule_file_is_read_again(fresh_cache, book_copy):
    load_phrasebook(book_copy)
    topic = next((book_copy / "topics").glob("*.yaml"))
    text = topic.read_text(encoding="utf-8")
    first_id = re.search(r"- id: (\S+)", text).group(1)
    topic.write_text(text.replace(f"- id: {first_id}", "- id: renamed.entry", 1), encoding="utf-8")
    ids = {entry.id for entry in load_phrasebook(book_copy).entries}
    assert "renamed.entry" in ids and first_id not in ids


def test_a_rule_file_rewritten_with_its_old_size_and_time_is_read_again(fresh_cache, book_copy):
    """An edit that keeps the file's size and modification time (a copy that keeps times) still counts."""
    load_phrasebook(book_copy)
    next_run()
    topic = next((book_copy / "topics").glob("*.yaml"))
    before, text = topic.stat(), topic.read_text(encoding="utf-8")
    first_id = re.search(r"- id: (\S+)", text).group(1)
    same_length = "x" * len(first_id)
    topic.write_text(text.replace(f"- id: {first_id}", f"- id: {same_length}", 1), encoding="utf-8")
    os.utime(topic, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert topic.stat().st_size == before.st_size and topic.stat().st_mtime_ns == before.st_mtime_ns
    assert same_length in {entry.id for entry in load_phrasebook(book_copy).entries}


def test_a_rule_file_touched_but_unchanged_keeps_its_snapshot(fresh_cache, book_copy, monkeypatch):
    first = [entry.id for entry in load_phrasebook(book_copy).entries]
    next_run()
    os.utime(next((book_copy / "topics").glob("*.yaml")))  # as a checkout does
    monkeypatch.setattr(phrasebook, "_read_phrasebook", lambda root: pytest.fail("read again"))
    assert [entry.id for entry in load_phrasebook(book_copy).entries] == first
    next_run()
    monkeypatch.setattr(snapshot, "key_for", lambda *args, **kwargs: pytest.fail("the key worked out again"))
    assert [entry.id for entry in load_phrasebook(book_copy).entries] == first  # kept under the new stamp


def test_a_library_installed_anew_means_the_rules_are_read_again(fresh_cache, book_copy, monkeypatch):
    load_phrasebook(book_copy)
    next_run()
    read_again = []
    real_read = phrasebook._read_phrasebook
    monkeypatch.setattr(phrasebook, "_read_phrasebook", lambda root: read_again.append(root) or real_read(root))
    monkeypatch.setattr(snapshot, "_libraries", lambda: (("jinja2", "/a/new/jinja2/__init__.py", 1, 2),))
    monkeypatch.setattr(snapshot, "_code_digest", lambda: b"as the new library makes it")  # worked out in a new process
    load_phrasebook(book_copy)
    assert read_again == [book_copy]


def test_the_stamp_describes_the_code_loaded_not_files_changed_since(fresh_cache, book_copy, monkeypatch):
    """A process still running when easyread is upgraded must not save its old code's snapshot under
    the new files' stamp; nor fail when a module it loaded is gone."""
    load_phrasebook(book_copy)
    before = snapshot._stamp(book_copy, [])
    monkeypatch.setattr(snapshot, "_modules", lambda: (Path("/no/such/module.py"),))  # the files changed under it
    assert snapshot._stamp(book_copy, []) == before


def test_a_broken_rule_file_is_refused_even_after_a_snapshot(fresh_cache, book_copy):
    load_phrasebook(book_copy)
    (book_copy / "gazetteer.yaml").write_text("names: [\n", encoding="utf-8")
    with pytest.raises(RuleError, match="gazetteer.yaml"):
        load_phrasebook(book_copy)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("a stamp", "another key", "a string")), pickle.dumps(("another key", "a string"))])
def test_a_damaged_snapshot_is_rebuilt(fresh_cache, damage):
    expected = [entry.id for entry in load_phrasebook(phrasebook_dir()).entries]
    [saved] = fresh_cache.glob("phrasebook-*.pickle")
    saved.write_bytes(damage)
    next_run()
    assert [entry.id for entry in load_phrasebook(phrasebook_dir()).entries] == expected
    assert pickle.loads(saved.read_bytes())[1] != "another key"


def test_an_unwritable_cache_still_loads(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    assert snapshot.cached("test", tmp_path, [blocked], lambda: "built") == "built"
    assert load_phrasebook(phrasebook_dir()).entries


def test_each_phrasebook_folder_has_its_own_snapshot(fresh_cache, book_copy):
    load_phrasebook(phrasebook_dir())
    load_phrasebook(book_copy)
    assert len(list(fresh_cache.glob("phrasebook-*.pickle"))) == 2
    assert load_phrasebook(book_copy).root == str(book_copy)


def test_every_pattern_made_from_remembered_code_finds_what_re_compile_finds(fresh_cache, analyses):
    """The engine code kept in the cache (with its look ahead at where a match can start, engine.py)
    finds every match re.compile's pattern finds, with the same groups, over every seed sentence."""
    load_phrasebook(phrasebook_dir())
    checked.save_all()
    next_run()
    texts = list(patterns._checked._read())
    sentences = [finding.text for analysis in analyses.values() for finding in analysis.findings]
    sentences += [sentence.upper() for sentence in sentences[::7]]
    assert len(texts) > 1000 and len(sentences) > 1000
    for text in texts:
        made = patterns.compile_pattern(text, None)
        assert made.code is not None and made._compiled is None
        plain = re.compile(text, patterns.FLAGS)
        assert made.compiled.groupindex == plain.groupindex
        for sentence in sentences:
            assert [(m.span(), m.groups()) for m in made.finditer(sentence)] == [(m.span(), m.groups()) for m in plain.finditer(sentence)], text


def test_a_pattern_pickled_keeps_its_code_packed_and_finds_the_same(fresh_cache):
    made = patterns.compile_pattern(r"\blisten(s|ed)? to (?P<who>children|families)\b", None)
    again = pickle.loads(pickle.dumps(made))
    assert isinstance(again.code[1], bytes) and again._compiled is None
    text = "Staff listened to children, and they listen to families."
    assert [m.groupdict() for m in again.finditer(text)] == [m.groupdict() for m in made.finditer(text)] == [{"who": "children"}, {"who": "families"}]


@pytest.mark.parametrize("damage", [
    lambda code: [code[0], [9999] * len(code[1]), *code[2:]],  # code the engine refuses
    lambda code: code[:2],  # a part missing
    lambda code: "not code",
    lambda code: [code[0], b"\x01\x02\x03", *code[2:]],  # packed code cut short (engine.packed)
])
def test_damaged_engine_code_is_compiled_afresh(fresh_cache, damage):
    made = patterns.compile_pattern(r"\blisten(s|ed)? to (?P<who>children)\b", None)
    damaged = patterns.Pattern(made.pattern, made.needs, made.group_names, damage(made.code))
    assert damaged.search("Staff listened to children").group("who") == "children"


def test_a_phrasebook_given_by_a_relative_path_is_not_taken_for_the_same_folder_given_whole(fresh_cache, book_copy, monkeypatch):
    monkeypatch.chdir(book_copy.parent)
    assert load_phrasebook(Path(book_copy.name)).root == book_copy.name
    monkeypatch.chdir("/")
    assert load_phrasebook(book_copy).root == str(book_copy)


def test_an_editors_dangling_lock_link_beside_the_rules_does_not_stop_a_load(fresh_cache, book_copy):
    (book_copy / ".#gazetteer.yaml").symlink_to(book_copy / "no-such-file")
    assert load_phrasebook(book_copy).entries


def test_a_damaged_template_cache_is_compiled_again(fresh_cache):
    render_review._review_template.cache_clear()
    try:
        render_review._review_template()  # compiles, and keeps the bytecode
        [kept] = (fresh_cache / "jinja").glob("*.cache")
        kept.write_bytes(kept.read_bytes()[:40])
        render_review._review_template.cache_clear()
        assert render_review._review_template().render  # compiled again, not a crash
    finally:
        render_review._review_template.cache_clear()


def test_a_statement_templates_code_is_kept_and_a_damaged_copy_compiled_again(fresh_cache):
    """A phrasebook template with Jinja markup is compiled once; its code is kept in the cache folder."""
    source = "Services in {{ place }} were checked (a template made for this test)."

    def fill() -> str:
        phrasebook.ENV.cache.clear()  # what a new process has in memory
        phrasebook._template.cache_clear()
        return phrasebook._template(source).render(place="Cardiff")

    assert fill() == "Services in Cardiff were checked (a template made for this test)."
    [kept] = (fresh_cache / "jinja").glob("*.cache")
    kept.write_bytes(kept.read_bytes()[:40])
    assert fill() == "Services in Cardiff were checked (a template made for this test)."
    assert len(kept.read_bytes()) > 40  # compiled again, and kept again


@pytest.mark.parametrize("change", ["written", "gone"])
def test_code_changed_during_a_run_gives_a_key_nothing_was_saved_under(fresh_cache, book_copy, monkeypatch, tmp_path, change):
    """The code's digest is worked out only when a stamp changes, from the modules as loaded: a module
    written or removed since (an upgrade while a build runs) gives a digest that names no code."""
    module = tmp_path / "module.py"
    module.write_text("a = 1\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "_modules", lambda: (module,))
    monkeypatch.setattr(snapshot, "PACKAGE", tmp_path)
    for cached in (snapshot._loaded_code, snapshot._code_digest):
        cached.cache_clear()
    try:
        snapshot._stamp(book_copy, [])  # notes the modules as loaded
        if change == "written":
            module.write_text("a = 2\n", encoding="utf-8")
        else:
            module.unlink()
        assert snapshot._code_digest() == snapshot.CHANGED
    finally:
        for cached in (snapshot._loaded_code, snapshot._code_digest):
            cached.cache_clear()
