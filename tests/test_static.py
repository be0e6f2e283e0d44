"""Static checks run as part of the test suite (so the README's one test command covers them):
``mypy --strict pipespec`` and ``ruff check pipespec tests``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("tool,args", [("mypy", ["--strict", "pipespec"]), ("ruff", ["check", "pipespec", "tests"])])
def test_static_check_is_clean(tool: str, args: list[str]) -> None:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed (it is in the test extra: pip install '.[test]')")
    out = subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
