"""Score an existing easy-read (one written by people, or one easyread built) statement by statement.

A statement is what a reader takes in as one: a sentence of a paragraph, a bullet, or the text of a
table cell (in a side-by-side handout, the Welsh and the English of a row are two statements, each
other's counterpart). Headings are not scored. Each statement is scored with the same functions and
thresholds as a built handout, in its own language, decided by a rule: Welsh function words against
English ones (in a side-by-side row of names, the column order of the document's other rows). An acronym counts as explained once the document has spelled it out, earlier or in
the same statement, as "Pupil Referral Unit (PRU)" or "CAMHS (Child and ...)".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .language import word_counts
from .model import Block, Document
from .readability import THRESHOLD_FLAGS, score_english, score_welsh, sentences
from .readers.lines import looks_like_heading

# Spellings English words hardly have, for a text with no function words (a name): "Caerdydd", "Conwy".
_WELSH_LETTERS = re.compile(r"[ŵŷâêîôû]|\w{2,}dd\b|\bll|\bff|\brh|wy", re.I)
_ACRONYM_EXPLAINED = (
    re.compile(r"\(([A-Z]{2,}s?)\)"),  # Long Form (ABC)
    re.compile(r"\b([A-Z]{2,}s?)\s+\((?=[^)]*[a-z])"),  # ABC (long form)
    re.compile(r"^([A-Z]{2,}s?)\s*[:–—-]\s+\w"),  # ABC: what it means (a list of hard words)
)


@dataclass(frozen=True)
class CheckedStatement:
    number: int  # 1, 2, ... in reading order
    language: str  # "en" | "cy"
    kind: str  # "sentence" (of a paragraph) | "bullet" | "cell"
    text: str
    start: int  # character offset of its block in the document
    counterpart: int | None  # the number of the other language's statement in the same table row
    scores: dict

    @property
    def passes(self) -> bool:
        return not THRESHOLD_FLAGS.intersection(self.scores["flags"])


@dataclass(frozen=True)
class CheckResult:
    path: str
    audience: str
    limits: dict
    statements: tuple[CheckedStatement, ...]


def language_score(text: str, words: dict) -> int:
    """Above zero: Welsh; below: English; zero: the words do not tell (`words`: structure.yaml's language_words)."""
    welsh, english = word_counts(text.replace("’", "'"), words)
    return 2 * (welsh - english) + (1 if _WELSH_LETTERS.search(text) else 0)


def language_of(text: str, words: dict) -> str:
    """"cy" or "en" by function words; a tie with no Welsh letters (a name, a number) is English."""
    return "cy" if language_score(text, words) > 0 else "en"


def row_languages(cells: tuple[str, ...], words: dict, welsh_first: bool | None = None) -> list[str]:
    """Languages of a table row's cells. Two cells that differ in score are one Welsh, one English;
    two that do not (names: "Arolygiaeth Gofal Cymru" | "Care Inspectorate Wales") follow the column
    order the document's other rows show (`welsh_first`), when they show one."""
    if len(cells) == 2:
        first, second = (language_score(cell, words) for cell in cells)
        if first != second:
            return ["cy", "en"] if first > second else ["en", "cy"]
        if welsh_first is not None and cells[0] != cells[1]:
            return ["cy", "en"] if welsh_first else ["en", "cy"]
    return [language_of(cell, words) for cell in cells]


def welsh_column_first(document: Document, words: dict) -> bool | None:
    """Whether the document's two-cell rows put Welsh first, by the rows whose languages are plain; None if none are."""
    votes = []
    for block in document.blocks:
        if block.kind == "row" and len(block.cells) == 2:
            first, second = (language_score(cell, words) for cell in block.cells)
            if first != second:
                votes.append(first > second)
    return sum(votes) * 2 > len(votes) if votes else None


_LINK = re.compile(r"^\S*[/@]\S*$|^\S+\.(?:wales|uk|com|org|gov)\S*$", re.I)


def _is_title(text: str) -> bool:
    """A heading or a bare link: not something a reader reads as a statement."""
    return looks_like_heading(text) or bool(_LINK.match(text.strip()))


def block_statements(block: Block, words: dict, welsh_first: bool | None = None) -> list[tuple[str, str, str, int | None]]:
    """(language, kind, text, counterpart) for each statement of a block; counterpart is +1 or -1
    for the other cell of a side-by-side row, else None."""
    if block.kind == "heading":
        return []
    if block.kind == "row":  # a row of titles is a heading; otherwise every cell but a bare link is a statement
        if all(_is_title(c) for c in block.cells):
            return []
        cells = [c for c in block.cells if not _LINK.match(c.strip())]
        languages = row_languages(tuple(cells), words, welsh_first)
        paired = len(cells) == 2 and set(languages) == {"cy", "en"}
        return [(language, "cell", cell, (1 - 2 * i) if paired else None) for i, (cell, language) in enumerate(zip(cells, languages))]
    if block.kind == "item":
        return [(language_of(block.text, words), "bullet", block.text, None)]
    if _is_title(block.text):
        return []
    return [(language_of(sentence, words), "sentence", sentence, None) for sentence in sentences(block.text) or [block.text]]


def explained_in(block: Block) -> set[str]:
    return {a for text in (block.text, *block.cells) for pattern in _ACRONYM_EXPLAINED for a in pattern.findall(text)}


def check_document(document: Document, audience: str, limits: dict, words: dict, names: list[str] = ()) -> CheckResult:
    """Score every statement of a document against one audience's thresholds (`words`: the language words)."""
    names = sorted(names, key=len, reverse=True)
    explained: set[str] = set()  # grows as the reader goes: headings explain acronyms too
    statements: list[CheckedStatement] = []
    welsh_first = welsh_column_first(document, words)
    for block in document.blocks:
        explained |= explained_in(block)
        for language, kind, text, pair in block_statements(block, words, welsh_first):
            score = score_welsh if language == "cy" else score_english
            number = len(statements) + 1
            statements.append(CheckedStatement(number, language, kind, text, block.start, number + pair if pair else None,
                                               score(text, limits, explained, names)))
    return CheckResult(document.path, audience, limits, tuple(statements))


def summary(result: CheckResult) -> dict:
    """Per language: how many statements, how many pass every threshold, which are over the word limit."""
    out = {}
    for language, limit_key in (("en", "max_words"), ("cy", "max_words_cy")):
        mine = [s for s in result.statements if s.language == language]
        if mine:
            out[language] = {
                "statements": len(mine),
                "passing": sum(s.passes for s in mine),
                "word_limit": result.limits[limit_key],
                "over_word_limit": [s.number for s in mine if "too long" in s.scores["flags"]],
            }
    return out


def check_data(result: CheckResult) -> dict:
    return {
        "file": result.path,
        "audience": result.audience,
        "limits": {k: v for k, v in result.limits.items() if k != "advice"},
        "summary": summary(result),
        "statements": [{"number": s.number, "language": s.language, "kind": s.kind, "text": s.text, "start": s.start,
                        "counterpart": s.counterpart, "passes": s.passes, "readability": s.scores}
                       for s in result.statements],
    }


LANGUAGE_NAMES = {"en": "English", "cy": "Welsh"}


def as_text(result: CheckResult, width: int = 60) -> str:
    """A table, one statement a line, then the summary with the statements over the word limit in full."""
    lines = [f"{'#':>4}  lang  {'words':>5}  {'Flesch':>6}  {'grade':>5}  {'statement':<{width}}  flags"]
    for s in result.statements:
        figures = s.scores
        measured = figures.get("measured", False)  # Welsh has no Flesch; a short English statement is not judged
        flesch = f"{figures['flesch']:6.1f}" if measured else f"{'-':>6}"
        grade = f"{figures['grade']:5.1f}" if measured else f"{'-':>5}"
        text = s.text if len(s.text) <= width else s.text[: width - 1] + "…"
        lines.append(f"{s.number:>4}  {s.language:<4}  {figures['words_per_sentence']:>5}  {flesch}  {grade}  {text:<{width}}  "
                     + ", ".join(figures["flags"]))
    lines.append("")
    by_number = {s.number: s for s in result.statements}
    for language, figures in summary(result).items():
        over = figures["over_word_limit"]
        lines.append(f"{LANGUAGE_NAMES[language]}: {figures['passing']} of {figures['statements']} statements pass every "
                     f"threshold ({result.audience}); {len(over)} over {figures['word_limit']} words a sentence"
                     + (":" if over else "."))
        for number in over:
            s = by_number[number]
            lines.append(f"  #{number} ({s.scores['words_per_sentence']} words, "
                         + (f"Flesch {s.scores['flesch']}, grade {s.scores['grade']}" if s.language == "en"
                            else f"{s.scores['syllables_per_word']} syllables a word")
                         + f"): {s.text}")
    if not result.statements:
        lines.append("No statements found: the file has only headings.")
    return "\n".join(lines)
