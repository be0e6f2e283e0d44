"""Memory per byte of input: a MiB of blank lines, of comment lines or one unterminated string took 370-420 MB
(a regular expression's repeated group kept a backtracking entry per line or character: the DSL's line-break and
string terminals, and the API's skipping of leading comments).  Each case runs in a fresh process and its peak
resident memory may grow by at most 100 MB per MiB of input, and about linearly (half a MiB, then one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PER_MIB = 100  # MB of peak memory per MiB of input, at most

SCRIPT = r"""
import resource, sys
kind, n = sys.argv[1], int(sys.argv[2])
texts = {
    "blank-lines": lambda: 'pipeline "x" {\n' + "\n" * n + "}\n",
    "crlf-lines": lambda: 'pipeline "x" {\n' + "\r\n" * (n // 2) + "}\n",
    "comment-lines": lambda: 'pipeline "x" {\n' + "  # c\n" * (n // 6) + "}\n",
    "unterminated-string": lambda: 'pipeline "' + "x" * n,
    "unterminated-escapes": lambda: 'pipeline "x" {\n  input a: CT image3d { source: "' + "\\x" * (n // 2),
    "api-blank-lines": lambda: "\n" * n,
    "api-comment-lines": lambda: "#\n" * (n // 2),
}
from pipespec.checker import Options, check_text
from pipespec.cli.web import jobs
check_text('pipeline "w" {\n}\n', "<t>", "dsl", Options(use_config=False))  # imports and tables first
jobs.check({"text": "# w\n"})
text = texts[kind]()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if kind.startswith("api-"):
    jobs.check({"text": text, "svg": True})
else:
    check_text(text, "<t>", "dsl", Options(use_config=False, drawing=True))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""


def _growth(kind: str, size: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, kind, str(size)], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return int(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
@pytest.mark.parametrize("kind", ["blank-lines", "crlf-lines", "comment-lines", "unterminated-string",
                                  "unterminated-escapes", "api-blank-lines", "api-comment-lines"])
def test_memory_per_mib_of_hostile_input_is_bounded(kind: str) -> None:
    mib = 1 << 20
    half, whole = _growth(kind, mib // 2), _growth(kind, mib - 4096)  # under the 1 MiB file limit
    assert whole <= PER_MIB * mib, (kind, whole >> 20)
    assert whole <= 2.5 * half + (8 << 20), (kind, half >> 20, whole >> 20)
