"""What a new user meets first on the command line: install hints, write errors, summaries, usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipespec.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "metrics-e3" / "example-2.pipe"


def run(*args: str, stdout: int | None = subprocess.PIPE, pre: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    code = f"{pre}\nimport sys\nfrom pipespec.cli import console_main\nsys.exit(console_main())"
    return subprocess.run([sys.executable, "-c", code, *args], stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=env, cwd=ROOT, timeout=120)


# ------------------------------------------------------------------ extras: both install forms
def test_serve_without_its_extra_names_both_install_forms() -> None:
    out = run("serve", "--port", "0", pre="import sys; sys.modules['uvicorn'] = None")
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert "needs the serve extra" in line
    assert "pip install 'pipespec[serve]'" in line and 'pip install ".[serve]"' in line


def test_the_strategies_without_hypothesis_name_both_install_forms() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = ("import sys; sys.modules['hypothesis'] = None\ntry:\n    import pipespec.strategies\n"
            "except ImportError as exc:\n    print(exc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert "needs the test extra" in out.stdout
    assert "pip install 'pipespec[test]'" in out.stdout and 'pip install ".[test]"' in out.stdout


def test_serve_help_names_both_install_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "pip install 'pipespec[serve]'" in text and 'pip install ".[serve]"' in text


# ------------------------------------------------------------------ standard output that cannot be written
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("check", str(EXAMPLE)), ("fmt", str(EXAMPLE)), ("rules",),
                                  ("check", str(EXAMPLE), "--format", "json")])
def test_a_full_standard_output_is_a_one_line_write_error(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        out = run(*args, stdout=full.fileno())
    assert out.returncode == 2
    assert out.stderr == "pipespec: error: cannot write standard output: No space left on device\n", out.stderr


@pytest.mark.parametrize("args", [("check", str(EXAMPLE)), ("rules",), ("explain", "C501")])
def test_a_closed_standard_output_is_a_one_line_write_error(args: tuple[str, ...]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "pipespec", *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, env=env, timeout=120,
                         preexec_fn=lambda: os.close(1))
    assert out.returncode == 2
    assert out.stderr == "pipespec: error: cannot write standard output: it is closed\n", out.stderr


def test_a_closed_standard_output_does_not_matter_when_nothing_is_written_there(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    report = tmp_path / "r.txt"
    out = subprocess.run([sys.executable, "-m", "pipespec", "check", str(EXAMPLE), "-o", str(report)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, timeout=120,
                         preexec_fn=lambda: os.close(1))
    assert out.returncode == 0 and out.stderr == "" and "1 passed" in report.read_text()


def test_a_closed_pipe_is_a_quiet_end() -> None:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "pipespec", "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0 and err == ""


# ------------------------------------------------------------------ the summary of a batch nothing was judged in
def test_a_batch_whose_only_file_has_an_input_error_prints_no_verdict_counts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pipe"
    bad.write_text('pipeline "x" {\n  input a XR\n}\n')
    assert main(["check", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "1 file(s) checked: 0 passed, 0 with errors, 1 with input errors" in out
    assert "verdicts" not in out


def test_a_batch_with_one_judged_file_still_counts_its_verdicts(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pipe"
    bad.write_text('pipeline "x" {\n  input a XR\n}\n')
    assert main(["check", str(bad), str(EXAMPLE)]) == 2
    out = capsys.readouterr().out
    assert "  condition 5 verdicts: yes 1, no 0, review 0" in out
