"""How many statements of the official Cardiff easy-read have a counterpart in our families handout.

Why: the acceptance measure is "at least 70% of the statements in the official Cardiff easy-read
have a counterpart of the same meaning in the English of the families handout". People wrote the
official easy-read. tests/data/cardiff-official-statements.yaml lists every statement in it, and
regular expressions that say what each one means. Those were written from the official text alone.
Our output was only ever used to tighten them, where a statement with a different meaning passed.
They are never loosened to let our wording through, so the figure can go down as well as up.

A statement of ours is a counterpart of an official statement when:
- it is in the same section. For an official main finding only, one of our good points also counts
  (the official easy-read puts in its findings some things that we list as good points);
- for an official good point with an organisation, it is in that organisation's group;
- its English matches every regular expression (case-insensitive) of one of the alternatives.
One statement of ours may be the counterpart of several official statements.

    python bench/counterparts.py STATEMENTS_JSON [--official YAML] [--show]

The last line printed is `counterparts: N of M (P%)`. Only the standard library and PyYAML.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = ROOT / "tests" / "data" / "cardiff-official-statements.yaml"
SECTIONS = ("hello", "we-checked", "we-inspected", "what-we-did", "main-findings", "good-points", "improve",
            "next-steps")
ORGANISATIONS = (None, "health", "education", "police", "childrens-services")
# The sections of ours where the counterpart of an official statement may be, by official section.
MAY_BE_IN = {"main-findings": ("main-findings", "good-points")}


def load_official(path: str | Path = OFFICIAL) -> list[dict]:
    return prepare(yaml.safe_load(Path(path).read_text(encoding="utf-8"))["statements"])


def prepare(statements: list[dict]) -> list[dict]:
    """Check the official statements and compile each one's meaning into `patterns`."""
    for s in statements:
        if s["section"] not in SECTIONS:
            raise ValueError(f"{s['text']!r}: unknown section {s['section']!r}")
        if s.get("organisation") not in (ORGANISATIONS if s["section"] == "good-points" else (None,)):
            raise ValueError(f"{s['text']!r}: organisation {s.get('organisation')!r} in {s['section']}")
        if not s["meaning"] or not all(s["meaning"]):
            raise ValueError(f"{s['text']!r}: every statement needs at least one non-empty alternative")
        s["patterns"] = [[re.compile(p, re.IGNORECASE) for p in alt] for alt in s["meaning"]]
    return statements


def load_ours(path: str | Path, audience: str = "families") -> list[dict]:
    records = json.loads(Path(path).read_text(encoding="utf-8"))["statements"]
    return [r for r in records if r["audience"] == audience]


def means(official: dict, english: str) -> bool:
    """True when the English matches all the patterns of one alternative."""
    return any(all(p.search(english) for p in alt) for alt in official["patterns"])


def counterpart(official: dict, ours: list[dict]) -> dict | None:
    """The first statement of ours that is a counterpart of the official statement, or None."""
    sections = MAY_BE_IN.get(official["section"], (official["section"],))
    for s in ours:
        if s["section"] not in sections:
            continue
        if official["section"] == "good-points" and official.get("organisation") \
                and s.get("organisation") != official["organisation"]:
            continue
        if means(official, s["en"]):
            return s
    return None


def pair_up(officials: list[dict], ours: list[dict]) -> list[tuple[dict, dict | None]]:
    return [(o, counterpart(o, ours)) for o in officials]


def share(pairs: list[tuple[dict, dict | None]]) -> float:
    return sum(c is not None for _, c in pairs) / len(pairs) if pairs else 0.0


def report(pairs: list[tuple[dict, dict | None]], show: bool = False) -> str:
    lines = []
    for section in SECTIONS:
        here = [(o, c) for o, c in pairs if o["section"] == section]
        if show and here:
            lines.append(f"\n[{section}]")
            for o, c in here:
                where = f" ({o['organisation']})" if o.get("organisation") else ""
                found = f"-> {c['en']}  [{c['section']}/{c.get('organisation') or '-'}]" if c else "-> MISSING"
                lines.append(f"  {o['text']}{where}\n      {found}")
        if here:
            found = sum(c is not None for _, c in here)
            lines.append(f"{section:14} {found:3} of {len(here):3}")
    found = sum(c is not None for _, c in pairs)
    lines.append(f"counterparts: {found} of {len(pairs)} ({100 * share(pairs):.0f}%)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("statements", help="the <slug>-statements.json that `easyread build` wrote")
    parser.add_argument("--official", default=str(OFFICIAL), help="the official statements (YAML)")
    parser.add_argument("--show", action="store_true", help="list each official statement and its counterpart")
    args = parser.parse_args(argv)
    print(report(pair_up(load_official(args.official), load_ours(args.statements)), show=args.show))


if __name__ == "__main__":
    main()
