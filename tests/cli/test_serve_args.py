"""``pipespec serve`` option errors and a port that cannot be listened on: one clear line, exit 2, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _serve(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipespec", "serve", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def _one_error_line(out: subprocess.CompletedProcess[str], *words: str) -> str:
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr
    errors = [line for line in out.stderr.splitlines() if "error" in line.lower()]
    assert len(errors) == 1, out.stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.mark.parametrize("args, word", [
    (["--port", "70000"], "port"), (["--port", "65536"], "port"), (["--port", "-1"], "port"),
    (["--port", "x"], "port"),
    (["--timeout", "nan"], "timeout"), (["--timeout", "inf"], "timeout"), (["--timeout", "-inf"], "timeout"),
    (["--timeout", "0"], "timeout"), (["--timeout", "1e400"], "timeout"),
    (["--workers", "0"], "worker"), (["--workers", "x"], "worker"),
    (["--queue", "-1"], "queue"), (["--queue", "100000000000"], "queue"),
    (["--max-document-bytes", "0"], "document size"), (["--max-document-bytes", str((20 << 20) + 1)], "20971520"),
    (["--draft-timeout", "nan"], "draft timeout"), (["--draft-timeout", "0"], "draft timeout"),
])
def test_bad_options_are_usage_errors(args: list[str], word: str) -> None:
    _one_error_line(_serve(*args), word)


def test_a_port_in_use_is_one_error_line() -> None:
    pytest.importorskip("uvicorn")
    pytest.importorskip("starlette")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        out = _serve("--host", "127.0.0.1", "--port", str(port), "--workers", "1")
    line = _one_error_line(out, f"cannot listen on 127.0.0.1:{port}")
    assert line.startswith("pipespec: error: "), line
    assert "serving on" not in out.stderr, out.stderr


def test_too_many_workers_are_clamped_with_a_note() -> None:
    from pipespec.batch import MAX_JOBS_PER_CORE, default_jobs
    from pipespec.cli.serve import workers_of

    cores = default_jobs()
    import argparse

    assert workers_of(argparse.Namespace(workers=None)) is None
    assert workers_of(argparse.Namespace(workers=1)) == 1
    assert workers_of(argparse.Namespace(workers=MAX_JOBS_PER_CORE * cores + 1)) == MAX_JOBS_PER_CORE * cores
