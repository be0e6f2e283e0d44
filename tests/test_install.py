"""`pip install .` (not editable) into a fresh virtual environment, then the command from another directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_command_finds_grammar_and_schemas_from_any_directory(tmp_path: Path) -> None:
    src = tmp_path / "src"
    # a clean copy of the tracked files, so nothing generated in the work tree leaks into the build
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(src)],
                   check=True, env=env, cwd=tmp_path, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = src / "examples" / "metrics-e3" / "example-2.yaml"
    out = subprocess.run([str(venv / "bin" / "pipespec"), "check", str(example)], capture_output=True, text=True,
                         cwd=elsewhere, env=env, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "#5 end-to-end deep learning  YES" in out.stdout
    where = subprocess.run([str(py), "-c", "from pipespec.resources import resource_path as r; "
                                           "print(r('grammar', 'pipespec.lark')); print(r('schema', 'pipeline.schema.json'));"
                                           "print(r('schema', 'report.schema.json'))"],
                           capture_output=True, text=True, cwd=elsewhere, env=env, check=True)
    for line in where.stdout.split():
        assert str(venv) in line, line
    dsl = subprocess.run([str(py), "-m", "pipespec", "check", str(src / "examples" / "metrics-e3" / "example-1.pipe")],
                         capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert dsl.returncode == 0, dsl.stdout + dsl.stderr
