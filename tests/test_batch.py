"""Batch checking: directories, stable order across job counts, bad files, PS199, exit codes, the summary."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipespec import batch
from pipespec.batch import check_paths, chunk_size
from pipespec.checker import Options
from pipespec.cli import main
from pipespec.cli.terminal import TerminalProgress

ROOT = Path(__file__).resolve().parent.parent
BATCH = ROOT / "tests" / "data" / "batch"
GOOD = ["good-e2e.pipe", "good-radiomics.pipe"]
BAD = ["broken-schema.yaml", "broken-syntax.pipe"]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipespec", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """More files than the parallel threshold, in nested directories, good and bad mixed."""
    names = sorted(os.listdir(BATCH))
    for k in range(batch.PARALLEL_THRESHOLD + 30):
        sub = tmp_path / f"group{k % 3}"
        sub.mkdir(exist_ok=True)
        src = names[k % len(names)]
        stem, ext = os.path.splitext(src)
        shutil.copy(BATCH / src, sub / f"{k:03d}-{stem}{ext}")
    (tmp_path / "notes.txt").write_text("not a pipeline\n")
    return tmp_path


def test_directory_is_expanded_sorted_and_bad_files_do_not_stop_the_batch() -> None:
    reports = check_paths([str(BATCH)], Options(), jobs=1)
    assert [os.path.basename(r.path) for r in reports] == sorted(os.listdir(BATCH))
    by_name = {os.path.basename(r.path): r for r in reports}
    assert [d.code for d in by_name["broken-syntax.pipe"].errors] == ["PS101"]
    assert [d.code for d in by_name["broken-schema.yaml"].errors] == ["PS102"]
    for name in GOOD:
        assert by_name[name].ok and by_name[name].findings == []
    assert by_name["misclassified.pipe"].conditions[5].verdict == "no"


def test_paths_keep_the_order_given() -> None:
    order = ["warn.pipe", "good-e2e.pipe", "broken-syntax.pipe", "misclassified.pipe"]
    reports = check_paths([str(BATCH / n) for n in order], Options())
    assert [os.path.basename(r.path) for r in reports] == order


def test_order_and_results_are_the_same_with_one_or_two_jobs(many: Path) -> None:
    one = check_paths([str(many)], Options(), jobs=1)
    two = check_paths([str(many)], Options(), jobs=2)
    assert len(one) == batch.PARALLEL_THRESHOLD + 30
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
    assert [r.path for r in one] == sorted(r.path for r in one)


def test_cli_output_is_identical_across_job_counts(many: Path) -> None:
    a = run("check", str(many), "--format", "json", "--jobs", "1")
    b = run("check", str(many), "--format", "json", "--jobs", "2")
    assert a.returncode == b.returncode == 2
    assert a.stdout == b.stdout
    assert b.stderr == ""  # no progress when stderr is not a terminal
    doc = json.loads(b.stdout)
    assert doc["summary"]["files"] == len(doc["files"]) == batch.PARALLEL_THRESHOLD + 30


def test_an_exception_in_a_worker_becomes_ps199(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_file
    victim = sorted(str(p) for p in many.rglob("*good-e2e.pipe"))[3]
    healthy = sum(1 for r in check_paths([str(many)], jobs=1) if r.ok)

    def flaky(path: str, options: Options, regular_only: bool = False) -> object:
        if path == victim:
            raise RuntimeError("boom")
        return real(path, options, regular_only)

    monkeypatch.setattr(batch, "check_file", flaky)  # workers are forked, so they see the patch
    for jobs in (1, 2):
        reports = check_paths([str(many)], Options(), jobs=jobs)
        bad = [r for r in reports if r.path == victim]
        assert len(bad) == 1 and [d.code for d in bad[0].errors] == ["PS199"]
        assert "RuntimeError: boom" in bad[0].errors[0].message
        assert sum(1 for r in reports if r.ok) == healthy - 1


@pytest.mark.skipif(sys.platform != "linux", reason="relies on forked workers")
def test_a_dying_worker_does_not_lose_files(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = batch.check_file
    parent = os.getpid()
    victim = sorted(str(p) for p in many.rglob("*good-radiomics.pipe"))[0]

    def dies_in_worker(path: str, options: Options, regular_only: bool = False) -> object:
        if path == victim and os.getpid() != parent:
            os._exit(3)  # a worker killed outright (e.g. out of memory)
        return real(path, options, regular_only)

    monkeypatch.setattr(batch, "check_file", dies_in_worker)
    reports = check_paths([str(many)], Options(), jobs=2)
    expected = check_paths([str(many)], Options(), jobs=1)
    assert [r.to_dict() for r in reports] == [r.to_dict() for r in expected]
    assert not any(d.code == "PS199" for r in reports for d in r.errors)


def test_chunks_are_bounded_and_balanced() -> None:
    assert chunk_size(10, 4) == 1
    assert chunk_size(1000, 2) == 64
    assert chunk_size(200, 2) == 25


def test_summary_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(BATCH), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 2
    s = doc["summary"]
    assert s["files"] == 6 and s["input_errors"] == 2 and s["failed"] == 1
    assert s["verdicts"]["5"] == {"yes": 1, "no": 2, "review": 1}
    assert s["verdicts"]["1"] == {"yes": 1, "no": 3, "review": 0}
    assert s["findings"] == {"C502": 1, "PS101": 1, "PS102": 1, "R501": 1, "V101": 1}


def test_text_summary_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(BATCH), "--no-color"])
    out = capsys.readouterr().out.splitlines()
    assert "6 file(s) checked: 3 passed, 1 with errors, 2 with input errors" in out
    assert "  condition 5 verdicts: yes 1, no 2, review 1" in out


@pytest.mark.parametrize("files, fail_on, code", [
    (GOOD, "error", 0),
    (["warn.pipe"], "error", 0),
    (["warn.pipe"], "warning", 1),
    (["warn.pipe"], "never", 0),
    (["misclassified.pipe"], "error", 1),
    (["misclassified.pipe"], "never", 0),
    (["good-e2e.pipe", "broken-syntax.pipe"], "never", 2),
    (["misclassified.pipe", "broken-schema.yaml"], "error", 2),
])
def test_fail_on(files: list[str], fail_on: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *[str(BATCH / f) for f in files], "--fail-on", fail_on]) == code


def test_empty_directory_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "README.txt").write_text("nothing here\n")
    r = run("check", str(tmp_path), str(BATCH / "good-e2e.pipe"))
    assert r.returncode == 2
    assert "PS100 directory holds no pipeline files" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_bad_job_count_is_a_usage_error() -> None:
    r = run("check", str(BATCH), "--jobs", "many")
    assert r.returncode == 2 and "invalid job count" in r.stderr and "Traceback" not in r.stderr


def test_progress_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        p = TerminalProgress(stream, minimum=5)
        for k in range(1, 11):
            p(k, 10)
        p.clear()
    assert "checked 10/10 files (100%)" in tty.getvalue() and tty.getvalue().endswith("\r\x1b[K")
    assert pipe.getvalue() == ""
    short = Tty()
    p = TerminalProgress(short, minimum=20)
    p(1, 3)
    assert short.getvalue() == ""


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    r = run("check", str(BATCH / "good-e2e.pipe"), "--format", "json", "--output", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads(out.read_text())["summary"]["files"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left behind


def test_long_escaped_messages_are_the_same_with_one_or_two_jobs(tmp_path: Path) -> None:
    """A worker process pickles its reports: an unpickled finding, verdict or input error is the one the worker made
    (its text, made safe once, is not cut a second time), so the report does not depend on --jobs."""
    long = "x\\n" + "b" * 250  # an escaped line break in a value longer than an echo: cut, then escaped
    for k in range(batch.PARALLEL_THRESHOLD + 6):
        if k % 2:  # an input error quoting the value
            (tmp_path / f"{k:03d}.yaml").write_text(
                f'pipeline: "t"\nstages:\n  - {{name: img, kind: input, modality: CT, form: image3d}}\n'
                f'  - {{name: net, kind: model, architecture: ResNet, task: "{long}", from: [img]}}\n',
                encoding="utf-8")
        else:  # a judged file whose verdict reasons and findings quote a long architecture name
            (tmp_path / f"{k:03d}.pipe").write_text(
                'pipeline "t" {\n  input img: CT image3d\n'
                f'  model net: "{long}" {{ task: classification }}\n  output y: classification\n'
                "  flow img -> net -> y\n}\n", encoding="utf-8")
    one = check_paths([str(tmp_path)], Options(), jobs=1)
    two = check_paths([str(tmp_path)], Options(), jobs=2)
    assert any(len(d.message) > 200 and "\\n" in d.message for r in one for d in r.errors + r.findings)
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
