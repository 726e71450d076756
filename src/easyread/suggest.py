"""Plain English for findings no entry covers, and draft phrasebook entries for a person to finish.

The simplifier swaps a report's hard words for the plain words of plain-words.yaml, leaves out
hedges and bracketed asides, and cuts the sentence to the audience's word limit at a clause break.
It never writes Welsh: a draft's Welsh is left empty for a translator, and the entry does not load
until it is filled, so a draft cannot reach a handout by mistake.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .match import Analysis, applies, example_finding, unmatched
from .model import FINDING_ROLES, Finding
from .phrasebook import Entry, Phrasebook, PlainWord, Simplifier, load_entry
from .yamlfile import LineDict

# Asides the simplifier leaves out: an acronym in brackets, "(PCC)", or a lower-case aside, "(the Act)".
# A bracket that is part of a name, "(Wales)", stays.
_BRACKETS = re.compile(r"\s*\((?:[A-Z][A-Z0-9&/]+s?|[a-z][^()]*)\)")
_MIN_HEAD = 4  # fewer words than this is not a statement


@dataclass(frozen=True)
class Draft:
    """A draft entry for one unmatched finding, as YAML text ready to paste into a topic file."""

    topic: str
    entry_id: str
    text: str
    finding: Finding


# ---- the simplifier -----------------------------------------------------------------------------------

def _swaps(text: str, words: tuple[PlainWord, ...]) -> list[tuple[int, int, PlainWord]]:
    """Non-overlapping plain-word matches, leftmost first and, at one place, the longest."""
    found = sorted(((m.start(), m.end(), w) for w in words for m in w.pattern.finditer(text) if m.end() > m.start()),
                   key=lambda hit: (hit[0], hit[0] - hit[1]))
    chosen, end = [], 0
    for start, stop, word in found:
        if start >= end:
            chosen.append((start, stop, word))
            end = stop
    return chosen


def _article(before: str, word: str) -> str:
    """`before` with a trailing "a"/"an" fitted to the word that now follows it."""
    m = re.search(r"(?:^|\s)(an?)\s*$", before, re.I)
    if not m or not word:
        return before
    right = "an" if word[0].lower() in "aeiou" else "a"
    if m.group(1)[0].isupper():
        right = right.capitalize()
    return before[:m.start(1)] + right + before[m.end(1):]


def swap_plain_words(text: str, words: tuple[PlainWord, ...]) -> tuple[str, list[PlainWord]]:
    """`text` with each hard word replaced by its plain word; the plain words used."""
    out, used, last = "", [], 0
    for start, stop, word in _swaps(text, words):
        replacement = word.plain_en
        if replacement and text[start].isupper() and (start == 0 or not text[start:stop].isupper()):
            replacement = replacement[0].upper() + replacement[1:]
        out = _article(out + text[last:start], replacement) + replacement
        last = stop
        used.append(word)
    return out + text[last:], used


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"^[\s,;:]+", "", text)
    return text.strip()


def cut_to(text: str, max_words: int, simplifier: Simplifier) -> str:
    """`text` cut to at most `max_words` words: at the latest clause break that fits, else at the limit."""
    words = text.rstrip(".!?").split()
    if len(words) <= max_words:
        return text
    heads = [text[:m.start()] for m in simplifier.cut_before.finditer(text)] if simplifier.cut_before else []
    fitting = [h for h in heads if _MIN_HEAD <= len(h.split()) <= max_words]
    if fitting:
        return max(fitting, key=len)
    kept = words[:max_words]
    while len(kept) > _MIN_HEAD and (kept[-1].lower().strip(",;:") in simplifier.not_last or kept[-1].endswith(("'s", "’s"))):
        kept.pop()  # a cut must not end on a word that needs the next one
    return " ".join(kept)


def plain_english(text: str, phrasebook: Phrasebook, max_words: int | None = None) -> str:
    """A plain English version of a report sentence: plain words, no asides, within `max_words`.

    For findings no entry covers: a person checks it says what the finding says before using it.
    """
    sentence = _BRACKETS.sub("", text.strip())
    sentence, _ = swap_plain_words(sentence, phrasebook.plain_words)
    sentence = _tidy(sentence)
    if max_words:
        sentence = _tidy(cut_to(sentence, max_words, phrasebook.simplifier))
    sentence = sentence.rstrip(",;:.!? ")
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""


# ---- drafts ------------------------------------------------------------------------------------------

def _content_words(text: str, common: frozenset[str]) -> list[str]:
    seen = []
    for word in re.findall(r"[A-Za-z][a-z]+(?:-[a-z]+)*", text):
        lower = word.lower()
        if len(lower) >= 4 and lower not in common and lower not in seen:
            seen.append(lower)
    return seen


def _word_pattern(word: str) -> str:
    """A pattern for `word` that also finds its singular or plural ("plan" finds "plans")."""
    if word.endswith("ies"):
        return rf"\b{word[:-3]}(y|ies)\b"
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return rf"\b{word[:-1]}(y|ies)\b"
    if word.endswith(("ing", "ed", "ly", "ss", "us", "is", "ful")):
        return rf"\b{word}\b"
    if word.endswith("s"):
        return rf"\b{word[:-1]}s?\b"
    return rf"\b{word}s?\b"


def _pick_words(finding: Finding, others: list[Finding], common: frozenset[str]) -> list[str]:
    """Two or three words of the finding that few other findings share: its applies-when words."""
    frequency = Counter(w for f in others for w in set(_content_words(f.text, common)))
    words = sorted(_content_words(finding.text, common), key=lambda w: frequency[w])  # rarest first; stable: in text order
    picked: list[str] = []
    for word in words:
        picked.append(word)
        sharing = [f for f in others if all(re.search(_word_pattern(w), f.text, re.I) for w in picked)]
        if (len(picked) >= 2 and not sharing) or len(picked) == 3:
            break
    return picked


def _guess_topic(finding: Finding, phrasebook: Phrasebook) -> str:
    """The topic whose entries' examples share most words with the finding (and its organisation)."""
    common = phrasebook.simplifier.too_common
    words = set(_content_words(finding.text, common))
    scores: Counter = Counter()
    for entry in phrasebook.entries:
        score = len(words & set(_content_words(entry.example, common))) + (finding.agency in (entry.agency or ()))
        scores[entry.topic] = max(scores[entry.topic], score)
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] else next(iter(phrasebook.topics), "drafts")


def _line_dict(data: dict, path: str) -> LineDict:
    out = LineDict((k, _line_dict(v, path) if isinstance(v, dict) else v) for k, v in data.items())
    out.path, out.line = path, 1
    return out


def _entry(raw: dict, topic: str, phrasebook: Phrasebook) -> Entry:
    """The draft as the loader would read it once its Welsh is filled in."""
    filled = {**raw, "families": {"en": raw["families"]["en"], "cy": "Cymraeg"}}
    return load_entry(_line_dict(filled, "(draft)"), topic, phrasebook.structure)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _counter_example(entry: Entry, finding: Finding, findings: list[Finding], phrasebook: Phrasebook) -> str | None:
    """A finding of the same report the draft must not match: one sharing its words if there is one."""
    rules = phrasebook.structure
    candidates = [f for f in findings if f is not finding and f.role in FINDING_ROLES]
    near = sorted(candidates, key=lambda f: -sum(bool(p.search(f.text)) for p in entry.all))
    return next((f.text for f in near if applies(entry, example_finding(f.text, entry, rules)) is None), None)


def draft_for(finding: Finding, findings: list[Finding], phrasebook: Phrasebook, max_words: int, taken: set[str]) -> Draft:
    others = [f for f in findings if f is not finding]
    words = _pick_words(finding, others, phrasebook.simplifier.too_common)
    topic = _guess_topic(finding, phrasebook)
    slug = "-".join(words[:2]) or "finding"
    entry_id, n = f"{topic}.{slug}", 2
    while entry_id in taken or phrasebook.entry(entry_id):
        entry_id, n = f"{topic}.{slug}-{n}", n + 1
    taken.add(entry_id)
    english = plain_english(finding.text, phrasebook, max_words)
    _, used = swap_plain_words(_BRACKETS.sub("", finding.text), phrasebook.plain_words)
    when = {"all": [_word_pattern(w) for w in words], "kind": finding.kind}
    if finding.agency:
        when["agency"] = [finding.agency]
    raw = {"id": entry_id, "section": "main-findings", "when": when, "families": {"en": english, "cy": ""},
           "example": finding.text, "counter_example": ""}
    counter = _counter_example(_entry(raw, topic, phrasebook), finding, findings, phrasebook)
    hints = "; ".join(dict.fromkeys(f"{w.plain_en} = {w.plain_cy}" for w in used if w.plain_en and w.plain_en.lower() in english.lower()))
    lines = [
        f"  # paste into topics/{topic}.yaml; from [{finding.kind}/{finding.agency}] under \"{finding.section}\"",
        "  # English simplified by machine: check it says what the finding says, and no more",
        f"  - id: {entry_id}",
        "    section: main-findings",
        "    when:",
        f"      all: [{', '.join(_quote(p) for p in when['all'])}]",
        f"      kind: {finding.kind}",
        *([f"      agency: [{finding.agency}]"] if finding.agency else []),
        "    families:",
        f"      en: {_quote(english)}",
        "      cy: ''  # TODO: Welsh by a translator; the entry does not load until this is filled",
        *([f"      #   plain Welsh: {hints}"] if hints else []),
        f"    example: {_quote(finding.text)}",
        f"    counter_example: {_quote(counter)}" if counter else "    counter_example: ''  # TODO: a finding this entry must not match",
    ]
    return Draft(topic, entry_id, "\n".join(lines) + "\n", finding)


def suggest(analysis: Analysis, phrasebook: Phrasebook, max_words: int, limit: int | None = None) -> list[Draft]:
    """Draft entries for the findings of `analysis` that no entry matched, in report order."""
    findings = list(analysis.findings)
    taken: set[str] = set()
    drafted = [f for f in unmatched(analysis) if _content_words(f.text, phrasebook.simplifier.too_common)]  # "They do this well." has no word of its own to match
    return [draft_for(f, findings, phrasebook, max_words, taken) for f in drafted[:limit]]


def drafts_text(drafts: list[Draft], report: str) -> str:
    head = [f"# Draft phrasebook entries for {len(drafts)} finding(s) of {report} that no entry matched.",
            "# Each goes at the end of the topic file its first line names. Fill in the Welsh, read the",
            "# English against the finding, then run: easyread phrasebook check"]
    return "\n".join(head) + "\n\n" + "\n".join(d.text for d in drafts)
