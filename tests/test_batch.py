"""`easyread build` with several reports or a folder: parallel processes, progress, one failure not stopping the rest."""
from __future__ import annotations

import errno
import gc
import json
import multiprocessing
import os
import pty
import resource
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time

from pathlib import Path

import pytest

from conftest import CARDIFF, REPORTS, SEEDS
from easyread import api, cli, output, workers
from easyread import batch as batch_module


def slug_folders(root):
    return sorted(p.name for p in root.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("batch")
    code = cli.main(["build", *map(str, REPORTS), "--out", str(out), "--jobs", "2"])
    return code, out


def test_each_report_gets_its_own_folder_of_five_files(batch):
    code, out = batch
    assert code == 0
    assert slug_folders(out) == ["cardiff-2024", "neath-port-talbot-2021", "wales-2024"]
    for folder in out.iterdir():
        assert len(list(folder.iterdir())) == 5, folder


def test_a_parallel_build_says_what_a_single_build_says(batch, tmp_path):
    _, out = batch
    assert cli.main(["build", str(CARDIFF), "--out", str(tmp_path)]) == 0
    single = json.loads((tmp_path / "cardiff-2024-statements.json").read_text(encoding="utf-8"))
    parallel = json.loads((out / "cardiff-2024" / "cardiff-2024-statements.json").read_text(encoding="utf-8"))
    assert parallel == single


def test_a_folder_builds_its_reports_and_names_the_file_that_failed(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(CARDIFF, folder)
    shutil.copy(SEEDS / "cardiff-2024-jicpa-easyread.txt", folder)  # an easy-read, not an inspection report
    code = cli.main(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert slug_folders(tmp_path / "out") == ["cardiff-2024"]
    assert len(err) == 2 and "cardiff-2024-jicpa-easyread.txt" in err[0] and "1 of 2" in err[1]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="the workers inherit the patched renderer only when forked")
def test_a_file_that_fails_to_render_fails_its_report_alone(tmp_path, monkeypatch, capsys):
    """With several jobs, a file of one report that fails to render fails that report alone, and none
    of its files is written."""
    real = api.render

    def render(plan, name):
        if name == "neath-port-talbot-2021-children.docx":
            raise RuntimeError("a bug in rendering")
        return real(plan, name)

    monkeypatch.setattr(api, "render", render)
    code = cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "2", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert "neath-port-talbot-2021-jicpa-letter.txt: internal error (RuntimeError: a bug in rendering)" in err[0]
    assert slug_folders(tmp_path) == ["cardiff-2024", "wales-2024"]
    assert all(len(list((tmp_path / slug).iterdir())) == 5 for slug in ("cardiff-2024", "wales-2024"))


FORKED = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked (and inherit the patch) on Linux")


@FORKED
def test_a_worker_that_dies_fails_its_report_alone(tmp_path, monkeypatch, capsys):
    """A worker killed mid-task (out of memory, say) fails the report it was reading; the other
    worker builds the rest."""
    real = api.analyse

    def analyse(report, *args, **kwargs):
        if "neath" in str(report):
            os._exit(9)  # as a process killed by the system ends: no answer, no clean-up
        return real(report, *args, **kwargs)

    monkeypatch.setattr(api, "analyse", analyse)
    code = cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "2", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert "neath-port-talbot-2021-jicpa-letter.txt: internal error (WorkerLost: a worker process ended" in err[0]
    assert slug_folders(tmp_path) == ["cardiff-2024", "wales-2024"]


@FORKED
def test_when_every_worker_dies_every_report_is_reported_and_nothing_hangs(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(api, "analyse", lambda *args, **kwargs: os._exit(9))
    code = cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "2", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == len(REPORTS) + 1 and all("WorkerLost" in line for line in err[:-1])
    assert not list(tmp_path.iterdir())


@FORKED
def test_an_interrupted_batch_ends_its_workers_and_their_half_written_files(tmp_path, monkeypatch, capsys):
    """Ctrl-C while workers write: each worker ends, its temporary files removed, and nothing is placed.
    The workers get the terminal's SIGINT and then the parent's SIGTERM: the second must not cut short
    the clean-up the first began."""
    writing = tmp_path / "writing"
    out = tmp_path / "out"

    def slow_writer(content):
        def write(path):
            path.write_bytes(content)
            writing.touch()
            time.sleep(60)  # ended by the interrupt long before this
        return write

    real_poll = select.poll

    class InterruptedOnceWriting:
        def __init__(self):
            self.pipes = real_poll()

        def register(self, *args):
            self.pipes.register(*args)

        def unregister(self, *args):
            self.pipes.unregister(*args)

        def poll(self, *args):
            if writing.exists():  # Ctrl-C at a terminal: every worker is interrupted too, then stopped by the parent
                for pid in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split():
                    os.kill(int(pid), signal.SIGINT)
                raise KeyboardInterrupt
            return self.pipes.poll(10)  # milliseconds: a worker may start writing meanwhile

    monkeypatch.setattr(output, "bytes_writer", slow_writer)
    monkeypatch.setattr(workers.select, "poll", InterruptedOnceWriting)
    assert cli.main(["build", *map(str, REPORTS), "--out", str(out), "--jobs", "2", "--quiet"]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert writing.exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no worker is left running, or left unreaped
    assert [str(p.relative_to(out)) for p in out.rglob("*")] == []


@FORKED
def test_workers_that_cannot_all_start_give_a_one_line_error_and_leave_none_running(tmp_path, monkeypatch, capsys):
    real_fork, forks = os.fork, []

    def fork():
        forks.append(1)
        if len(forks) > 1:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(workers.os, "fork", fork)
    code = cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "3", "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "could not start 3 worker processes (Resource temporarily unavailable); use a smaller --jobs" in err[0]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the worker that started was ended and reaped
    assert not list(tmp_path.iterdir())


@FORKED
def test_workers_are_waited_on_whatever_their_pipes_are_numbered(tmp_path):
    """select.select takes no pipe numbered 1024 or more; with many files open, workers' pipes are."""
    script = tmp_path / "many.py"
    script.write_text(textwrap.dedent("""
        import os, resource
        from easyread import workers
        resource.setrlimit(resource.RLIMIT_NOFILE, (2048, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
        with workers.start(2) as pool:
            for number in (1, 2, 3):
                pool.submit(number, abs, -number)
            print(sorted(result for _, result in pool.results()))
    """))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 2048:
        pytest.skip("this machine allows fewer than 2048 open files")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip() == "[1, 2, 3]", done.stderr


def test_a_long_batch_keeps_few_reports_under_way(tmp_path, monkeypatch):
    """Analyses wait in memory for their builds: a batch of many reports starts more only as reports finish."""
    under_way, most = set(), []

    class InOrder:  # runs each task in this process, in the order submitted
        def __init__(self, count):
            self.tasks = []

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

        def submit(self, key, function, *args):
            self.tasks.append((key, function, args))

        def results(self):
            while self.tasks:
                key, function, args = self.tasks.pop(0)
                yield key, function(*args)

    def analyse(report, options):
        under_way.add(report)
        most.append(len(under_way))
        return b"analysis"

    def build(report, options, analysis):
        under_way.discard(report)
        return batch_module.Outcome(report)

    reports = [tmp_path / f"report-{n}.md" for n in range(20)]
    monkeypatch.setattr(workers, "start", InOrder)
    monkeypatch.setattr(batch_module, "_analyse_one", analyse)
    monkeypatch.setattr(batch_module, "_build_one", build)
    outcomes = batch_module.build_many(reports, tmp_path, jobs=2)
    assert [outcome.report for outcome in outcomes] == reports
    assert max(most) == 4


def test_the_standard_pool_goes_on_after_a_worker_dies():
    """A worker that dies breaks the standard pool: its tasks are lost, and the next task gets a new pool."""
    with workers._Pooled(1) as pool:
        pool.submit("killed", os._exit, 9)
        results = dict(pool.results())
        pool.submit("next", abs, -4)
        results.update(pool.results())
    assert isinstance(results["killed"], workers.WorkerLost) and results["next"] == 4


def test_the_standard_pool_builds_what_the_forked_workers_build(tmp_path, monkeypatch, batch):
    """Where forking is not safe (macOS) or possible (Windows), the standard process pool runs the same tasks."""
    monkeypatch.setattr(workers, "start", workers._Pooled)
    assert cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "2", "--quiet"]) == 0
    _, forked = batch
    for slug in slug_folders(forked):
        name = f"{slug}-statements.json"
        assert json.loads((tmp_path / slug / name).read_text(encoding="utf-8")) == json.loads((forked / slug / name).read_text(encoding="utf-8"))


def test_quiet_prints_nothing_when_all_is_well(tmp_path, capsys):
    assert cli.main(["build", str(CARDIFF), str(SEEDS / "wales-2019-2024-jicpa-overview.txt"), "--out", str(tmp_path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_no_progress_bar_when_not_a_terminal(tmp_path, capsys):
    assert cli.main(["build", str(CARDIFF), str(SEEDS / "wales-2019-2024-jicpa-overview.txt"), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "\r" not in captured.err and captured.out.count(".docx") == 4


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(jobs, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", str(CARDIFF), "--jobs", jobs])
    assert exit_.value.code == 2
    assert "at least 1" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_a_terminal_sees_a_progress_bar(tmp_path):
    leader, follower = pty.openpty()
    reports = [str(CARDIFF), str(SEEDS / "wales-2019-2024-jicpa-overview.txt")]
    process = subprocess.run([sys.executable, "-m", "easyread", "build", *reports, "--out", str(tmp_path), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=follower, check=False, timeout=300)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0
    assert b"2/2" in shown and b"[####################]" in shown


@pytest.mark.parametrize("force", [False, True])
def test_two_reports_of_one_place_and_year_never_silently_replace_each_other(tmp_path, capsys, force):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        shutil.copy(CARDIFF, folder / name)
    code = cli.main(["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "2", "--quiet", *(["--force"] if force else [])])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 4
    assert len(err) == 2 and ("already exists" in err[0] or "replacing its handouts" in err[0]), err
    assert len(list((tmp_path / "out" / "cardiff-2024").iterdir())) == 5  # one whole build, nothing half-written


def test_each_report_of_a_batch_leaves_no_cycles_behind(tmp_path):
    """The collector is off during a command (cli.main): a batch sweeps after each report instead."""
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        outcome = batch_module._build_one(CARDIFF, {"out_parent": tmp_path})
        assert not outcome.error and outcome.files
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
