"""Static checks run as part of the test suite (so the README's one test command covers them):
``mypy --strict pipespec`` and ``ruff check pipespec tests``."""

from __future__ import annotations

import ast
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


def _defines_named_tuple(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "NamedTuple"
                                                      for b in node.bases) for node in ast.walk(tree))


def test_modules_with_records_evaluate_their_annotations() -> None:
    """A module defining a named tuple does not turn its annotations into strings: typing makes a ForwardRef, one
    compile, of every string field annotation at every start-up (about 7 ms of a check's start-up here)."""
    trees = {str(p.relative_to(ROOT)): ast.parse(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "pipespec").rglob("*.py"))}
    modules = {name: tree for name, tree in trees.items() if _defines_named_tuple(tree)}
    assert len(modules) >= 15  # the reader finds them (model, errors, results, report, ...)
    stringy = [name for name, tree in modules.items()
               if any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                      and any(a.name == "annotations" for a in node.names) for node in tree.body)]
    assert stringy == []
