"""The VS Code extension: its grammar test (npm test: tokens of a sample against a committed snapshot) and its
packing into a .vsix, run as a developer would run them (npm ci, npm test, vsce package)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"

pytestmark = pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None,
                                reason="the VS Code extension's tests need Node.js and npm")


def _npm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["npm", *args], cwd=EXTENSION, capture_output=True, text=True, timeout=600,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed() -> None:
    out = _npm("ci", "--no-audit", "--no-fund")
    assert out.returncode == 0, out.stdout + out.stderr


def test_grammar_tokens_match_the_snapshot(installed: None) -> None:
    out = _npm("test")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "# fail 0" in out.stdout and "# pass 2" in out.stdout


def test_the_extension_packs_into_a_vsix(installed: None, tmp_path: Path) -> None:
    vsix = tmp_path / "pipespec.vsix"
    out = subprocess.run(["npx", "--no-install", "vsce", "package", "--out", str(vsix)], cwd=EXTENSION,
                         capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stdout + out.stderr
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert {"extension/extension.js", "extension/syntaxes/pipespec.tmLanguage.json",
            "extension/language-configuration.json"} <= names
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
    assert manifest["contributes"]["languages"][0]["extensions"] == [".pipe"]


def test_the_lockfile_is_committed_and_pins_a_vsce_that_runs_on_node_20() -> None:
    lock = json.loads((EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    vsce = lock["packages"]["node_modules/@vscode/vsce"]["version"]
    assert vsce.startswith("3.9."), vsce
