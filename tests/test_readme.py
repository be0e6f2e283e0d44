"""The README's first minutes: the commands a new user copies work as written, and its claims match the program."""

from __future__ import annotations

import re
from pathlib import Path

from pipespec.errors import InputError
from pipespec.language import load_text

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else len(README)]


def _commands(text: str) -> list[str]:
    return [c.strip() for c in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_the_readme_starts_with_a_virtual_environment_before_any_pip_install() -> None:
    # a stock Debian/Ubuntu Python refuses pip outside a virtual environment (externally-managed-environment)
    commands = _commands(_section("Two commands"))
    assert commands[0].startswith("python3 -m venv ") and "/bin/activate" in commands[0]
    assert "\n" not in commands[0]  # one line
    assert all("pip install" not in c for c in commands[:1]) and "pip install" in commands[1]


def test_the_readme_says_the_suite_takes_minutes_and_how_to_run_a_quick_subset() -> None:
    section = _section("Two commands")
    assert re.search(r"takes a few minutes", section)
    quick = [line for c in _commands(section) for line in c.splitlines()
             if line.startswith("python3 -m pytest ") and len(line.split()) > 3]
    assert quick, "no quick subset command"
    for line in quick:  # every path a quick command names exists
        for word in line.split()[3:]:
            if word.startswith("tests/"):
                assert (ROOT / word.split("::")[0]).exists(), word


def test_the_readme_names_the_code_an_over_long_identifier_really_gets() -> None:
    m = re.search(r"identifier\s+over 128 characters is (PS\d+)", README)
    assert m, "the Safety section no longer says which code an over-long identifier gets"
    name = "a" * 129
    text = f'pipeline "t" {{\n  input {name}: CT image3d\n  model m: CNN\n  output y: classification\n' \
           f"  flow {name} -> m -> y\n}}\n"
    try:
        load_text(text, "t.pipe")
    except InputError as exc:
        assert {d.code for d in exc.diagnostics} == {m.group(1)}
    else:
        raise AssertionError("a 129-character identifier was accepted")
