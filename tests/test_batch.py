"""`easyread build` with several reports or a folder: parallel processes, progress, one failure not stopping the rest."""
from __future__ import annotations

import json
import multiprocessing
import os
import pty
import shutil
import subprocess
import sys

import pytest

from conftest import CARDIFF, REPORTS, SEEDS
from easyread import api, cli, workers


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
def test_an_interrupted_batch_ends_its_workers(tmp_path, monkeypatch, capsys):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(workers.select, "select", interrupted)
    assert cli.main(["build", *map(str, REPORTS), "--out", str(tmp_path), "--jobs", "2", "--quiet"]) == 130
    assert "interrupted" in capsys.readouterr().err
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no worker is left running, or left unreaped


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
