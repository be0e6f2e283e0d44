"""Author conveniences: `pipespec init`, the pre-commit hook, and `python -m pipespec` for every command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipespec.batch import check_paths
from pipespec.checker import Options
from pipespec.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/metrics-e3/example-2.pipe"


def pm(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    return subprocess.run([sys.executable, "-m", "pipespec", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("kind", ["e2e", "radiomics", "hybrid"])
def test_init_writes_a_commented_starter_that_passes_check(kind: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"{kind}.pipe"
    assert main(["init", str(target), "--kind", kind]) == 0
    text = target.read_text()
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) >= 8  # commented
    assert f"pipespec check {kind}.pipe" in text
    [report] = check_paths([str(target)], Options())
    assert report.ok and report.findings == []  # no errors, no warnings, no infos
    assert all(v.declared == v.verdict for v in report.conditions.values() if v.declared)
    assert main(["check", str(target), "--fail-on", "warning"]) == 0
    declared_5 = report.conditions[5].declared
    assert declared_5 == {"e2e": "yes", "radiomics": "no", "hybrid": "yes"}[kind]


@pytest.mark.parametrize("kind", ["e2e", "radiomics", "hybrid"])
def test_init_writes_a_starter_that_the_fmt_hook_accepts(kind: str, tmp_path: Path) -> None:
    # the shipped pre-commit `pipespec-fmt` hook must pass on a fresh project
    target = tmp_path / f"{kind}.pipe"
    assert pm("init", str(target), "--kind", kind).returncode == 0
    [hook] = [h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == "pipespec-fmt"]
    entry = hook["entry"].split()
    assert entry[0] == "pipespec" and re.search(hook["files"], target.name)
    r = pm(*entry[1:], str(target))
    assert r.returncode == 0 and r.stdout == "" and r.stderr == "1 file would be left unchanged\n", r.stdout + r.stderr
    formatted = pm("fmt", str(target))
    assert formatted.returncode == 0 and formatted.stdout == target.read_text()


def test_init_does_not_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "pipeline.pipe"
    target.write_text("mine\n")
    r = pm("init", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "already exists" in r.stderr
    assert target.read_text() == "mine\n"
    r = pm("init", "--force", "--kind", "radiomics", cwd=tmp_path)
    assert r.returncode == 0 and "hand-crafted radiomics" in target.read_text()


def test_init_to_stdout_and_bad_places(tmp_path: Path) -> None:
    r = pm("init", "-", "--kind", "hybrid")
    assert r.returncode == 0 and r.stdout.startswith("# A pipespec pipeline")
    r = pm("init", str(tmp_path / "missing" / "x.pipe"))
    assert r.returncode == 2 and "is not a directory" in r.stderr and "Traceback" not in r.stderr
    r = pm("init", "--kind", "cnn")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_pre_commit_hook_runs_pipespec_check(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    [hook] = [h for h in hooks if h["id"] == "pipespec-check"]
    assert {"id", "name", "entry", "language", "files"} <= set(hook)
    assert hook["language"] == "python"
    matched = [p for p in ["a.pipe", "dir/b.pipe", "c.yaml", "d.json", "e.pipe.bak"] if re.search(hook["files"], p)]
    assert matched == ["a.pipe", "dir/b.pipe"]
    # what pre-commit runs: the entry followed by the staged file names
    entry = hook["entry"].split()
    assert entry[0] == "pipespec"
    good = pm(*entry[1:], EXAMPLE, "examples/metrics-e3/example-3.pipe")
    assert good.returncode == 0
    bad = pm(*entry[1:], EXAMPLE, "tests/data/batch/misclassified.pipe")
    assert bad.returncode == 1 and "C502" in bad.stdout


def _subcommands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_every_command_has_help_through_python_dash_m() -> None:
    commands = _subcommands()
    assert {"check", "test", "convert", "fmt", "rules", "explain", "graph", "report", "init"} <= set(commands)
    for c in commands:
        r = pm(c, "--help")
        assert r.returncode == 0 and r.stdout.startswith(f"usage: pipespec {c}"), (c, r.stderr)
    v = pm("--version")
    assert v.returncode == 0 and v.stdout.startswith("pipespec ")


def test_every_command_works_through_python_dash_m(tmp_path: Path) -> None:
    (tmp_path / "methods.txt").write_text("Methods\n\nCT images were classified by a fine-tuned ResNet-50.\n",
                                          encoding="utf-8")
    checks = {
        ("check", EXAMPLE, "-f", "json"): lambda r: json.loads(r.stdout)["summary"]["files"] == 1,
        ("test", "examples/metrics-e3"): lambda r: "0 failed" in r.stdout,
        ("convert", EXAMPLE, "--to", "yaml"): lambda r: "stages:" in r.stdout,
        ("fmt", EXAMPLE): lambda r: "\npipeline " in r.stdout or r.stdout.startswith("pipeline "),
        ("rules",): lambda r: "C501" in r.stdout,
        ("explain", "C501"): lambda r: r.stdout.startswith("C501:"),
        ("graph", EXAMPLE): lambda r: "flowchart LR" in r.stdout,
        ("report", EXAMPLE, "--html", str(tmp_path / "r.html")): lambda r: (tmp_path / "r.html").exists(),
        ("init", str(tmp_path / "p.pipe")): lambda r: (tmp_path / "p.pipe").exists(),
        ("score", "examples/sheets"): lambda r: "9 row(s) scored" in r.stdout,
        ("serve", "--help"): lambda r: "--workers" in r.stdout,  # a server: its run is tested in tests/cli/
        ("lsp", "--help"): lambda r: "--stdio" in r.stdout,  # a language server: tests/cli/test_lsp.py runs it
        ("draft", str(tmp_path / "methods.txt")): lambda r: "model  net: ResNet-50" in r.stdout,
    }
    assert {k[0] for k in checks} == set(_subcommands())
    for args, ok in checks.items():
        r = pm(*args)
        assert r.returncode == 0, (args, r.stderr)
        assert ok(r), (args, r.stdout[:500])
        assert "Traceback" not in r.stderr


def test_bad_inputs_to_the_new_commands_are_one_line_errors(tmp_path: Path) -> None:
    for args in (["graph", "no-such.pipe"], ["report", "no-such.pipe", "--html", str(tmp_path / "x.html")],
                 ["graph", EXAMPLE, "--format", "png"], ["check", EXAMPLE, "--format", "pdf"],
                 ["report", EXAMPLE]):
        r = pm(*args)
        assert r.returncode == 2, args
        assert "Traceback" not in r.stderr + r.stdout
    r = pm("graph", "no-such.pipe")
    assert r.stderr.splitlines()[0].startswith("no-such.pipe:1:1: PS100")
