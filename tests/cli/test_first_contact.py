"""What a new user meets first on the command line: install hints, write errors, summaries, usage errors."""

from __future__ import annotations

import argparse
import os
import re
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


# ------------------------------------------------------------------ usage errors and help
def _subparsers() -> dict[str, argparse.ArgumentParser]:
    from pipespec.cli import build_parser

    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: build_parser(name)._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr,index]
            for name in sub.choices}


@pytest.mark.parametrize("args,error", [
    (["check"], "the following arguments are required: PATH"),
    (["check", "x.pipe", "--format", "xml"], "invalid choice: 'xml'"),
    (["convert", "x.pipe", "--to", "toml"], "invalid format 'toml'"),
    (["bogus"], "invalid choice: 'bogus'"),
    ([], "the following arguments are required: COMMAND"),
])
def test_an_argument_mistake_is_one_usage_line_and_the_error(args: list[str], error: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2, err
    assert err[0].startswith("usage: pipespec") and "--help" in err[0]
    assert err[1].startswith("pipespec: error: ") and error in err[1]


def test_every_option_and_argument_of_every_command_has_a_help_text() -> None:
    missing = [f"{name} {action.option_strings or action.dest}"
               for name, parser in _subparsers().items() for action in parser._actions
               if not action.help or action.help == argparse.SUPPRESS]
    assert not missing, missing


# ------------------------------------------------------------------ --format concise
def test_concise_is_one_line_per_finding(capsys: pytest.CaptureFixture[str]) -> None:
    fused = ROOT / "examples" / "fused-handcrafted-deep.pipe"
    assert main(["check", str(fused), "--format", "concise"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{fused}:12:55: L101 model 'mlp' is labelled end-to-end but is fed extracted features (fuse), "
                     "not images [error]", lines[1]]
    assert re.fullmatch(rf"{re.escape(str(fused))}:17:11: C501 .* \[error\]", lines[1])


def test_concise_shows_input_errors_and_reviews_and_nothing_for_a_clean_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pipe"
    bad.write_text('pipeline "x" {\n  input a XR\n}\n')
    review = tmp_path / "review.pipe"
    review.write_text('pipeline "r" {\n  input xr: XR image2d\n  model clf: "in-house AI model" { task: classification }'
                      '\n  output y: classification\n  flow xr -> clf -> y\n  declare condition5 = yes\n}\n')
    assert main(["check", str(bad), str(review), str(EXAMPLE), "--format", "concise"]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"{re.escape(str(bad))}:2:\d+: PS101 .* \[error\]", lines[0])
    assert any(re.fullmatch(rf"{re.escape(str(review))}:1:1: D\d+ Condition #5 left to review: .* \[review\]", x)
               for x in lines)
    assert not any(str(EXAMPLE) in x for x in lines)


# ------------------------------------------------------------------ the API's words are JSON's
def test_the_api_names_json_types() -> None:
    pytest.importorskip("starlette")
    from pipespec.cli.web.app import ApiError, fields

    with pytest.raises(ApiError) as exc:
        fields({"text": 3}, {"text": str}, {})
    assert exc.value.message == "the field 'text' must be a string"
    with pytest.raises(ApiError) as exc:
        fields({"text": "x", "format": 1}, {"text": str}, {"format": (str, type(None))})
    assert "must be a string or null" in exc.value.message


def test_the_api_takes_yml_wherever_it_takes_yaml() -> None:
    pytest.importorskip("starlette")
    from pipespec.cli.web.app import FORMATS, fields

    doc = fields({"text": "x", "format": "yml", "to": "yml"}, {"text": str, "to": str},
                 {"format": (str, type(None))}, {"format": FORMATS, "to": FORMATS})
    assert doc["format"] == "yaml" and doc["to"] == "yaml"


# ------------------------------------------------------------------ excerpts in every format that shows them
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_source_excerpts_escape_bidirectional_and_invisible_characters(fmt: str, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bidi.pipe"
    f.write_text('pipeline "t" {\n  input ct: CT image3d\n  model n\u202eet: CNN  # x\u200by\n'
                 '  output y: classification\n  flow ct -> net -> y\n}\n', encoding="utf-8")
    if fmt == "html":
        out_file = tmp_path / "r.html"
        assert main(["report", str(f), "--html", str(out_file)]) == 2
        out = out_file.read_text(encoding="utf-8")
        assert "&lt;U+202E&gt;" in out and "&lt;U+200B&gt;" in out
    else:
        assert main(["check", str(f)]) == 2
        out = capsys.readouterr().out
        assert "  3 |   model n<U+202E>et: CNN  # x<U+200B>y" in out
    assert "\u202e" not in out and "\u200b" not in out


# ------------------------------------------------------------------ C201 without any segmentation
def test_c201_on_a_pipeline_with_no_segmentation_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "noseg.pipe"
    f.write_text('pipeline "t" {\n  input xr: XR image2d\n  model net: ResNet-18 { task: classification }\n'
                 "  output y: classification\n  flow xr -> net -> y\n  declare condition2 = yes\n"
                 "  declare condition5 = yes\n}\n")
    assert main(["check", str(f), "--format", "concise"]) == 1
    [line] = [x for x in capsys.readouterr().out.splitlines() if " C201 " in x]
    assert "the pipeline has no segmentation" in line and "with a human step" not in line
    g = tmp_path / "human.pipe"  # a human step keeps the rule's own words
    g.write_text('pipeline "t" {\n  input ct: CT image3d\n  preprocessing seg: segmentation(mode: manual)\n'
                 "  feature_extraction rad: handcrafted PyRadiomics\n  model svm: SVM\n  output y: classification\n"
                 "  flow ct -> seg -> rad -> svm -> y\n  declare condition2 = yes\n  declare condition5 = no\n}\n")
    assert main(["check", str(g), "--format", "concise"]) == 1
    [line] = [x for x in capsys.readouterr().out.splitlines() if " C201 " in x]
    assert "fully automated with a human step" in line


# ------------------------------------------------------------------ an unmet expectation is a finding of check
UNMET = ('pipeline "t" {\n  input xr: XR image2d\n  model net: ResNet-18 { task: classification }\n'
         '  output y: classification\n  flow xr -> net -> y\n  declare condition5 = yes\n  expect condition5 = no\nEXTRA}\n')


def test_an_unmet_expectation_is_a_counted_warning_of_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "e.pipe"
    f.write_text(UNMET.replace("EXTRA", ""))
    assert main(["check", str(f)]) == 0  # a warning: the default threshold is error
    out = capsys.readouterr().out
    assert f"{f}:7:10: T101 expectation condition5 = no not met: the verdict is yes (D501: " in out
    assert "  findings: T101 x1" in out
    assert main(["check", str(f), "--fail-on", "warning"]) == 1
    capsys.readouterr()
    assert main(["check", str(f), "--format", "json"]) == 0
    import json

    [finding] = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert finding["code"] == "T101" and finding["severity"] == "warning"
    assert main(["test", str(f)]) == 1  # pipespec test as before
    assert "0 passed, 1 failed" in capsys.readouterr().out


def test_a_met_expectation_is_no_finding_and_an_unmet_one_can_be_waived(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "e.pipe"
    f.write_text(UNMET.replace("expect condition5 = no", "expect condition5 = yes").replace("EXTRA", ""))
    assert main(["check", str(f), "--fail-on", "warning"]) == 0
    assert "T101" not in capsys.readouterr().out
    f.write_text(UNMET.replace("EXTRA", '  waive T101 "the expectation records the old rule set"\n'))
    assert main(["check", str(f), "--fail-on", "warning"]) == 0


def test_the_language_server_without_its_extra_names_both_install_forms() -> None:
    out = run("lsp", pre="import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None")
    assert out.returncode == 2
    [line] = out.stderr.splitlines()
    assert "needs the lsp extra" in line
    assert "pip install 'pipespec[lsp]'" in line and 'pip install ".[lsp]"' in line


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_an_unmet_expectation_is_said_once_as_its_finding(fmt: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "e.pipe"
    f.write_text(UNMET.replace("EXTRA", ""))
    out_file = tmp_path / f"r.{fmt}"
    args = ["report", str(f), "--html", str(out_file)] if fmt == "html" else \
        ["check", str(f), "--format", fmt, "-o", str(out_file)]
    assert main(args) == 0
    text = out_file.read_text(encoding="utf-8")
    assert text.count("T101") == 1 and "expectation condition5 = no not met" in text
