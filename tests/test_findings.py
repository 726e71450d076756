"""Sentences: where a finding starts and ends."""
from __future__ import annotations

import pytest

from easyread.findings import MAX_SENTENCE_CHARS, split_sentences

SENTENCES = [
    ("Staff listen. Police share information.", ["Staff listen.", "Police share information."]),
    ("Partners, e.g. schools, share well. They meet often.", ["Partners, e.g. schools, share well.", "They meet often."]),
    ("The MASH (Multi-Agency Safeguarding Hub) works well. 2023 saw more referrals.",
     ["The MASH (Multi-Agency Safeguarding Hub) works well.", "2023 saw more referrals."]),
    ("no full stop at the end", ["no full stop at the end"]),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_sentences(text, expected):
    assert [sentence for _, sentence in split_sentences(text)] == expected


@pytest.mark.parametrize("words", [10, 400, 1000])
def test_a_run_with_no_full_stop_is_read_in_parts_that_keep_their_place(words):
    text = "Staff listen. " + " ".join(f"Word{i}" for i in range(words)) + "."
    first, *parts = split_sentences(text)
    assert first == (0, "Staff listen.")
    assert len(parts) in (-(-len(text[14:]) // MAX_SENTENCE_CHARS), -(-len(text[14:]) // MAX_SENTENCE_CHARS) + 1)
    assert all(len(sentence) <= MAX_SENTENCE_CHARS for _, sentence in parts)
    assert all(text[offset:offset + len(sentence)] == sentence for offset, sentence in parts)
    assert " ".join(sentence for _, sentence in parts).split() == text[14:].split()
