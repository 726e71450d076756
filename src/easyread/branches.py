"""Long alternations regrouped by first letter, so the regex engine tries a few branches at a word
instead of sixty.

`\\bneeds? to|\\bshould\\b|\\bnot (always|clear)\\b|...` is tried branch by branch at every word.
Here branches that start with the same letter become one branch that starts with that letter, and
the word boundary they share goes before them all: `\\b(?:n(?:eeds? to|ot (?:always|clear)\\b)|s...)`.
Each branch then starts with its letter as a plain set of characters (every case the engine takes
as that letter), which the engine tests before it enters the branch at all. A pattern matches as
it did: the first branch that can match still wins, since a branch only moves ahead of branches
that cannot match where it does (their first letters differ).
"""
from __future__ import annotations

from . import engine
from .literals import first_characters, folded

if engine.AVAILABLE:
    from re import _constants as _op
    from re import _parser

MIN_BRANCHES = 3  # fewer branches gain nothing from regrouping


def grouped(parsed):
    """The parsed pattern (re._parser.parse) with its alternations regrouped; changed in place."""
    flags = parsed.state.flags
    if not (flags & _op.SRE_FLAG_LOCALE or flags & _op.SRE_FLAG_ASCII):  # their \\b and cases are not the ones below
        parsed.data[:] = _Regrouping(parsed.state, bool(flags & _op.SRE_FLAG_IGNORECASE)).items(list(parsed.data))
    return parsed


class _Regrouping:
    def __init__(self, state, ignore_case: bool):
        self.state, self.ignore_case = state, ignore_case

    def sub(self, items: list):
        return _parser.SubPattern(self.state, items)

    def items(self, items: list) -> list:
        """The items with every alternation in them, at any depth, regrouped."""
        out = []
        for op, value in items:
            if op is _op.BRANCH:
                out.append(self.branch([self.items(list(branch)) for branch in value[1]]))
                continue
            if op is _op.SUBPATTERN:
                group, added, removed, inner = value
                if not (added or removed):  # (?i:...), (?a:...) change what a letter matches: left as written
                    value = (group, added, removed, self.sub(self.items(list(inner))))
            elif op in (_op.MAX_REPEAT, _op.MIN_REPEAT, getattr(_op, "POSSESSIVE_REPEAT", None)):
                low, high, inner = value
                value = (low, high, self.sub(self.items(list(inner))))
            elif op in (_op.ASSERT, _op.ASSERT_NOT):
                direction, inner = value
                value = (direction, self.sub(self.items(list(inner))))
            out.append((op, value))
        return out

    def branch(self, branches: list[list]) -> tuple:
        """A BRANCH item that matches what BRANCH(branches) matches, its branches grouped by first letter."""
        if len(branches) < MIN_BRANCHES:
            return _op.BRANCH, (None, [self.sub(branch) for branch in branches])
        groups: list[tuple[tuple | None, list[list]]] = []  # (lead: boundaries and letter, or None; branches), in order
        for branch in branches:
            lead = self.lead(branch)
            home = next((i for i in range(len(groups) - 1, -1, -1) if lead is not None and groups[i][0] == lead), None)
            if home is not None and not any(self.may_start_alike(other_lead, members, lead) for other_lead, members in groups[home + 1:]):
                groups[home][1].append(branch)
            else:
                groups.append((lead, [branch]))
        made = [(lead, members[0] if lead is None else self.joined(lead, members)) for lead, members in groups]
        return _op.BRANCH, (None, [self.sub(branch) for branch in self.hoisted(made)])

    def lead(self, branch: list) -> tuple[int, str] | None:
        """(how many word boundaries the branch starts with, then its first letter as matched), if it starts so."""
        at = 0
        while at < len(branch) and branch[at] == (_op.AT, _op.AT_BOUNDARY):
            at += 1
        if at < len(branch) and branch[at][0] is _op.LITERAL:
            return at, self.letter(branch[at][1])
        return None

    def letter(self, code: int) -> str:
        return folded(chr(code)) if self.ignore_case else chr(code)

    def may_start_alike(self, other_lead: tuple | None, members: list[list], lead: tuple) -> bool:
        """Whether branches `members` (of `other_lead`) could match where a branch of `lead` does."""
        if other_lead is not None:
            return other_lead[1] == lead[1]
        for member in members:
            chars = first_characters(member)
            if chars is None or lead[1] in {self.letter(ord(char)) for char in chars}:
                return True
        return False

    def joined(self, lead: tuple, members: list[list]) -> list:
        """One branch for the branches (one or more) that start with the same boundaries and letter:
        those, then the letter as a plain set of its cases (which the engine tests before entering a
        branch), then the rests, regrouped in turn."""
        boundaries, _ = lead
        first = members[0][boundaries]
        if self.ignore_case:
            cases = [(_op.LITERAL, code) for code in engine.cases(first[1])]
            first = (_op.SUBPATTERN, (None, 0, _op.SRE_FLAG_IGNORECASE, self.sub([(_op.IN, cases)])))
        rests = [member[boundaries + 1:] for member in members]
        return [*members[0][:boundaries], first, *(rests[0] if len(rests) == 1 else [self.branch(rests)])]

    def hoisted(self, made: list[tuple[tuple | None, list]]) -> list[list]:
        """The branches, with the word boundary that next branches start with put before them once:
        `\\ba...|\\bb...` becomes `\\b(?:a...|b...)`, so each starts with its letter, which the
        engine tests before entering it."""
        out: list[list] = []
        run: list[list] = []
        for lead, branch in [*made, (None, None)]:
            if lead is not None and lead[0] == 1:
                run.append(branch[1:])
                continue
            if len(run) > 1:
                out.append([(_op.AT, _op.AT_BOUNDARY), (_op.BRANCH, (None, [self.sub(each) for each in run]))])
            elif run:
                out.append([(_op.AT, _op.AT_BOUNDARY), *run[0]])
            run = []
            if branch is not None:
                out.append(branch)
        return out
