"""Which language a report is written in, from its commonest small words.

easyread reads the English version of a report (its phrasebook matches English sentences) and
writes the Welsh itself, so a report in Welsh only is refused with a message that says so.
"""
from __future__ import annotations

import re
from collections import Counter

from .errors import InputError
from .model import Document

_WORD = re.compile(r"[a-zâêîôûŵŷáéíóúàèìòùäëïöüẁẃẅỳý']+")
SAMPLE = 200_000  # characters read: enough to tell, and quick on a report of any length


def word_counts(text: str, language_words: dict) -> tuple[int, int]:
    """How many of the text's words are common Welsh words, and how many common English ones
    (`language_words`: structure.yaml's, {"cy": ..., "en": ...})."""
    words = Counter(_WORD.findall(text[:SAMPLE].lower()))
    return tuple(sum(n for w, n in words.items() if w in language_words[lang]) for lang in ("cy", "en"))


def main_language(text: str, language_words: dict) -> str | None:
    """"cy" or "en" when one clearly leads (a bilingual text has both), else None."""
    welsh, english = word_counts(text, language_words)
    if welsh + english < 20:
        return None
    if welsh > 2 * english:
        return "cy"
    if english > 2 * welsh:
        return "en"
    return None


def check_english(document: Document, language_words: dict) -> None:
    """Refuse a report written in Welsh only: easyread reads the English version."""
    if main_language(document.text, language_words) == "cy":
        raise InputError(f"{document.path}: this report is in Welsh; easyread reads the English version of a report "
                         "and writes the Welsh itself: give the English report")
