"""Welsh spelling: the one adapter for spylls and the Bangor cy_GB hunspell dictionary.

Every Welsh word a handout prints comes from the phrasebook, so the phrasebook check spells them
against cy_GB (Prifysgol Bangor / techiaith), the dictionary that ships inside the cymraeg-mcp
package; spylls reads it in pure Python. Both are installed without their dependencies
(``pip install --no-deps cymraeg-mcp spylls``): cymraeg-mcp's own (mcp, pydantic) serve its server,
which easyread does not use. Loading takes a moment, so it happens once, when first needed.
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import welsh
from .errors import RuleError
from .yamlfile import check_keys, load

INSTALL = "pip install --no-deps cymraeg-mcp spylls"

_SLOT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)  # jinja: slot values are checked elsewhere
_TOKEN = re.compile(r"[\w'’-]+")
_EDGES = "'’-"
_ARTICLE = re.compile(r"^(?:y|yr|'r)$", re.I)


@lru_cache(maxsize=1)
def dictionary():
    """The cy_GB hunspell dictionary, read once."""
    try:
        import cymraeg_mcp
        from spylls.hunspell import Dictionary, readers
        from spylls.hunspell.readers.file_reader import BaseReader
    except ImportError:
        raise RuleError("Welsh spelling", None, f"the cy_GB dictionary is not installed; install it with: {INSTALL}") from None

    class Reader(BaseReader):
        """spylls' FileReader leaves its files open; this one reads each file whole and closes it."""

        def __init__(self, path: Path, encoding: str = "Windows-1252"):
            self.path = path
            super().__init__(self._read(encoding))

        def reset_encoding(self, encoding: str) -> None:
            self.reset_io(self._read(encoding))

        def _read(self, encoding: str) -> io.StringIO:
            return io.StringIO(self.path.read_text(encoding=encoding, errors="surrogateescape"))

    base = Path(cymraeg_mcp.__file__).parent / "data" / "dictionaries" / "cy_GB"
    if not base.with_suffix(".dic").is_file():
        raise RuleError("Welsh spelling", None, f"cymraeg-mcp has no cy_GB dictionary at {base}; reinstall it with: {INSTALL}")
    aff, context = readers.read_aff(Reader(base.with_suffix(".aff")))
    dic = readers.read_dic(Reader(base.with_suffix(".dic"), context.encoding), aff=aff, context=context)
    return Dictionary(aff, dic)


@lru_cache(maxsize=None)
def known(word: str) -> bool:
    """Whether cy_GB knows `word`, as written, in lower case, or with a capital (sentence start)."""
    lookup = dictionary().lookup
    return lookup(word) or lookup(word.lower()) or lookup(word[:1].upper() + word[1:])


def _word_ok(word: str, allowed: frozenset[str]) -> bool:
    if word.lower() in allowed or known(word):
        return True
    # "gwasanaethau'n", "o'r", "Pen-y-bont": a clitic or hyphen joins words the dictionary knows.
    parts = [p for p in re.split(r"['-]", word) if p]
    if len(parts) > 1:
        return all(p.lower() in allowed or known(p) or known("'" + p) for p in parts)
    return False


def unknown_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Words of Welsh `text` that cy_GB does not know and `allowed` does not list, each once, in order.

    Ignored: jinja slots and tags, numbers and words with digits, acronyms (all capitals), and any
    word in `allowed` (case-insensitive). Apostrophes may be typographic (’).
    """
    allowed = frozenset(a.lower() for a in allowed)
    found: list[str] = []
    for token in _TOKEN.findall(_SLOT.sub(" ", text)):
        word = token.replace("’", "'").strip(_EDGES)
        if not word or any(c.isdigit() or c == "_" for c in word) or (len(word) > 1 and word.isupper()):
            continue
        if not _word_ok(word, allowed) and word not in found:
            found.append(word)
    return found


def name_words(names: Iterable[str]) -> set[str]:
    """Words of Welsh names (gazetteer, terms) in every form a trigger word can give them."""
    words: set[str] = set()
    for name in names:
        for word in _TOKEN.findall(name or ""):
            word = word.replace("’", "'").strip(_EDGES)
            if not word or _ARTICLE.match(word):
                continue
            words.add(word)
            words.update(welsh.mutate(word, kind) for kind in welsh.TABLES)
    return words


def load_allow_list(path: Path) -> dict[str, str]:
    """`welsh-allow.yaml`: Welsh words that are right but unknown to cy_GB -> why. No file: none."""
    if not Path(path).is_file():
        return {}
    data = load(Path(path)) or {}
    allowed = {}
    for raw in data.get("words", []):
        check_keys(raw, {"word", "reason"}, {"word", "reason"}, what="allowed word")
        if not str(raw["reason"]).strip():
            raise RuleError(raw.path, raw.line, f"allowed word '{raw['word']}' needs a reason")
        allowed[str(raw["word"])] = str(raw["reason"])
    return allowed
