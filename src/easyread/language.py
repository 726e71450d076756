"""Which language a report is written in, from its commonest small words.

easyread reads the English version of a report (its phrasebook matches English sentences) and
writes the Welsh itself, so a report in Welsh only is refused with a message that says so.
"""
from __future__ import annotations

import re
from collections import Counter

from .errors import InputError
from .model import Document

# Words that are frequent in one language and (nearly) never words of the other.
_WELSH = frozenset(
    "yn y yr ac mae maen bod fod eu ei gyda wedi hyn ar gan mewn ond neu hefyd nad sydd oedd roedd "
    "rydym ydy dylai ym yng i'r o'r a'r ein eich nhw ni chi fel ddim gael cael rhai iawn drwy trwy".split()
)
_ENGLISH = frozenset(
    "the and of to is that for with are was this be have not on by were has their which from it as".split()
)
_WORD = re.compile(r"[a-zâêîôûŵŷáéíóúàèìòùäëïöüẁẃẅỳý']+")
SAMPLE = 200_000  # characters read: enough to tell, and quick on a report of any length


def word_counts(text: str) -> tuple[int, int]:
    """How many of the text's words are common Welsh words, and how many common English ones."""
    words = Counter(_WORD.findall(text[:SAMPLE].lower()))
    return sum(n for w, n in words.items() if w in _WELSH), sum(n for w, n in words.items() if w in _ENGLISH)


def main_language(text: str) -> str | None:
    """"cy" or "en" when one clearly leads (a bilingual text has both), else None."""
    welsh, english = word_counts(text)
    if welsh + english < 20:
        return None
    if welsh > 2 * english:
        return "cy"
    if english > 2 * welsh:
        return "en"
    return None


def check_english(document: Document) -> None:
    """Refuse a report written in Welsh only: easyread reads the English version."""
    if main_language(document.text) == "cy":
        raise InputError(f"{document.path}: this report is in Welsh; easyread reads the English version of a report "
                         "and writes the Welsh itself: give the English report")
