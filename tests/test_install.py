"""`pip install .` (not editable) into a fresh virtual environment, then the command from another directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# what a clean copy of the source leaves out: version control, caches, build output, virtual environments and
# the generated parser (the build makes its own), so nothing generated in the work tree leaks into the build
SKIP_NAMES = {".git", ".hg", ".svn", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
              "build", "dist", ".venv", "venv", ".tox", ".nox", "node_modules", "_work"}
SKIP_SUFFIXES = (".pyc", ".pyo", ".egg-info", ".lark.bin")
SKIP_PATHS = {Path("pipespec") / "data" / "grammar", Path("pipespec") / "data" / "schema"}


def copy_source(root: Path, dest: Path) -> None:
    """Copy the source tree (a clone or an unpacked archive: no git needed), skipping generated files."""
    for here, dirs, files in os.walk(root):
        rel = Path(here).relative_to(root)
        dirs[:] = sorted(d for d in dirs if d not in SKIP_NAMES and not d.endswith(SKIP_SUFFIXES)
                         and rel / d not in SKIP_PATHS and not (Path(here) / d / "pyvenv.cfg").exists())
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for name in files:
            if name not in SKIP_NAMES and not name.endswith(SKIP_SUFFIXES) and (Path(here) / name).is_file():
                shutil.copy2(Path(here) / name, dest / rel / name)


class Installed:
    def __init__(self, src: Path, venv: Path, env: dict[str, str], elsewhere: Path):
        self.src, self.venv, self.env, self.elsewhere = src, venv, env, elsewhere
        self.python = venv / "bin" / "python"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """``pip install`` (not editable) of a clean copy of the source into a fresh venv."""
    tmp_path = tmp_path_factory.mktemp("install")
    src = tmp_path / "src"
    copy_source(ROOT, src)
    assert (src / "pyproject.toml").is_file() and (src / "grammar" / "pipespec.lark").is_file()
    assert not (src / ".git").exists() and not list(src.rglob("__pycache__"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(src)],
                   check=True, env=env, cwd=tmp_path, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return Installed(src, venv, env, elsewhere)


def test_installed_command_finds_grammar_and_schemas_from_any_directory(installed: Installed) -> None:
    src, venv, env, elsewhere, py = installed.src, installed.venv, installed.env, installed.elsewhere, installed.python
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


def test_installed_check_uses_the_generated_parser(installed: Installed) -> None:
    """The build generates a stand-alone parser: an installed check neither imports lark nor compiles the grammar."""
    probe = ("import sys; from pipespec.cli import main; "
             f"code = main(['check', {str(installed.src / 'examples' / 'metrics-e3' / 'example-1.pipe')!r}]); "
             "print('LARK' if 'lark' in sys.modules else 'NOLARK', file=sys.stderr); sys.exit(code)")
    out = subprocess.run([str(installed.python), "-c", probe], capture_output=True, text=True,
                         cwd=installed.elsewhere, env=installed.env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "NOLARK" in out.stderr, out.stderr[-500:]
