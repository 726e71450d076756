"""`easyread phrasebook check`: the checks a phrasebook edit must pass before a handout uses it."""
from __future__ import annotations

from dataclasses import dataclass

from .match import applies, example_finding
from .phrasebook import Phrasebook


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_phrasebook(phrasebook: Phrasebook, max_words: dict[str, int]) -> list[Problem]:
    """Problems the loader cannot see alone: examples, lengths, terms, shadowed entries."""
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
    return problems
