"""`easyread phrasebook check`: the checks a phrasebook edit must pass before a handout uses it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import spelling
from .match import applies, example_finding
from .phrasebook import Phrasebook
from .resources import templates_dir
from .yamlfile import LineDict, load

ALLOW_LIST = "welsh-allow.yaml"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_phrasebook(phrasebook: Phrasebook, max_words: dict[str, int]) -> list[Problem]:
    """Problems the loader cannot see alone: examples, lengths, terms, shadowed entries, Welsh spelling."""
    problems: list[Problem] = []
    rules = phrasebook.structure
    for entry in phrasebook.entries:
        def problem(message: str) -> None:
            problems.append(Problem(entry.path, entry.line, f"entry {entry.id}: {message}"))

        if applies(entry, example_finding(entry.example, entry, rules)) is None:
            problem(f"its example does not match it: {entry.example!r}")
        if applies(entry, example_finding(entry.counter_example, entry, rules)) is not None:
            problem(f"its counter-example matches it: {entry.counter_example!r}")
        for audience, text in entry.say.items():
            words = len(text.en_source.split())
            if words > max_words[audience]:
                problem(f"{audience} English has {words} words; the limit for {audience} is {max_words[audience]}")
    return problems + check_welsh_spelling(phrasebook)


def check_welsh_spelling(phrasebook: Phrasebook, templates: Path | None = None) -> list[Problem]:
    """Welsh words the cy_GB dictionary does not know, at the file and line that holds them.

    A handout prints this Welsh as it stands, and most readers of an easy-read handout cannot
    spot a slip, so a word must be in cy_GB, a gazetteer name, or on welsh-allow.yaml with a reason.
    Spelt: the phrasebook's topics, terms and hard words, and the fixed text of the handout
    (handout.yaml) and its pictures' alt text (pictures.yaml) in `templates` (default: the shipped ones).
    """
    allowed = allowed_words(phrasebook)
    problems = []
    templates = Path(templates) if templates else templates_dir()
    for path, start, keys, what, text in [*_welsh_texts(phrasebook), *_template_welsh(templates)]:
        for word in spelling.unknown_words(text, allowed):
            message = f"{what}: Welsh word '{word}' is not in the cy_GB dictionary (fix it, or add it to {ALLOW_LIST} with a reason)"
            problems.append(Problem(path, _line_of(path, start, (*keys, word)), message))
    return problems


def _welsh_texts(phrasebook: Phrasebook) -> Iterator[tuple[str, int, tuple[str, ...], str, str]]:
    """(file, line its record starts on, keys leading to the Welsh, what it is, Welsh text) for all a handout prints."""
    for topic in phrasebook.topics.values():
        yield topic.path, 1, ("title:", "cy:"), f"topic {topic.id} title", topic.title_cy
    for entry in phrasebook.entries:
        for audience, text in entry.say.items():
            yield entry.path, entry.line, (f"{audience}:", "cy:"), f"entry {entry.id} {audience}", text.cy_source
    root = Path(phrasebook.root)
    hard_words = root / "hard-words.yaml"
    for raw in (load(hard_words) or {}).get("words", []):
        yield str(hard_words), raw.line, ("cy:",), f"hard word {raw['en']['term']}", f"{raw['cy']['term']} {raw['cy']['explain']}"
    for path in sorted((root / "terms").glob("*.yaml")):
        for raw in (load(path) or {}).get("terms", []):
            if raw.get("cy"):
                yield str(path), raw.line, ("cy:",), f"term {raw['en']}", raw["cy"]


TEMPLATE_FILES = ("handout.yaml", "pictures.yaml")


def _template_welsh(templates: Path) -> Iterator[tuple[str, int, tuple[str, ...], str, str]]:
    """Every `cy:` text of the handout's fixed text and of the pictures' alt text."""
    for name in TEMPLATE_FILES:
        path = templates / name
        if path.is_file():
            yield from _cy_values(str(path), load(path), name)


def _cy_values(path: str, node: object, where: str) -> Iterator[tuple[str, int, tuple[str, ...], str, str]]:
    if isinstance(node, LineDict):
        if isinstance(node.get("cy"), str):
            yield path, node.line, ("cy:",), where, node["cy"]
        for key, value in node.items():
            yield from _cy_values(path, value, f"{where} {key}")
    elif isinstance(node, list):
        for item in node:
            yield from _cy_values(path, item, where)


def _line_of(path: str, start: int, steps: tuple[str, ...]) -> int:
    """Walk from line `start` to the first line holding each step in turn (keys, then the word).

    Gives the line of the word inside the record; `start` if a step is not found (a folded string).
    """
    lines = Path(path).read_text(encoding="utf-8").replace("’", "'").splitlines()
    line = start
    for step in steps:
        pattern = re.compile(rf"(?<![\w']){re.escape(step)}(?![\w'])" if step[-1] != ":" else rf"\b{re.escape(step)}")
        line = next((n for n, text in enumerate(lines[line - 1:], line) if pattern.search(text)), None)
        if line is None:
            return start
    return line


def allowed_words(phrasebook: Phrasebook, root: Path | None = None) -> set[str]:
    """Words the spelling check takes besides cy_GB's: welsh-allow.yaml's (of `root`, default the
    phrasebook's own folder) and the words of the gazetteer's Welsh names."""
    allowed = set(spelling.load_allow_list(Path(root or phrasebook.root) / ALLOW_LIST))
    return allowed | spelling.name_words(w for n in phrasebook.names for form in (n, *n.earlier) for w in (form.cy, form.short_cy))


def check_plain_words(phrasebook: Phrasebook) -> list[Problem]:
    """Welsh words of plain-words.yaml that the cy_GB dictionary does not know (as the phrasebook check spells)."""
    allowed = allowed_words(phrasebook)
    return [Problem(w.path, w.line, f"plain word '{w.hard_en}': Welsh word '{word}' is not in the cy_GB dictionary "
                    f"(fix it, or add it to {ALLOW_LIST} with a reason)")
            for w in phrasebook.plain_words for word in spelling.unknown_words(f"{w.hard_cy} {w.plain_cy}", allowed)]
