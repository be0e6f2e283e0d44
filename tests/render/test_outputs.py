"""Every output format on the shipped examples, each parsed back by a real parser; golden text and markdown.

Regenerate the golden files after an intended change with ``PIPESPEC_UPDATE_GOLDEN=1 python -m pytest
tests/render/test_outputs.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from pipespec import __version__
from pipespec.analysis.rules import RULES, RULESET_VERSION
from pipespec.batch import check_paths
from pipespec.checker import Options
from pipespec.cli import main
from pipespec.render import CHECK_FORMATS, RenderOptions, render
from pipespec.report import Report

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-2.1.0-rtm.5.json"
UPDATE = bool(os.environ.get("PIPESPEC_UPDATE_GOLDEN"))
BATCH = "tests/data/batch"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the outputs are relative to the repository root
    monkeypatch.delenv("NO_COLOR", raising=False)


def report_of(*paths: str) -> Report:
    return Report(check_paths(list(paths), Options()), __version__, RULESET_VERSION)


def examples_report() -> Report:
    return report_of("examples", BATCH)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def _problems(report: Report) -> list[tuple[str, str, int]]:
    out = []
    for f in report.files:
        for d in f.errors:
            out.append((f.path, d.code, d.span.line))
        for fd in f.findings:
            out.append((f.path, fd.code, fd.span.line))
    return out


# ------------------------------------------------------------------ json
def test_json_is_one_document_valid_against_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(capsys, "check", "examples", BATCH, "--format", "json")
    assert code == 2  # the batch fixtures include unreadable files
    doc = json.loads(out)
    assert doc["ruleset_version"] == RULESET_VERSION
    assert [f["path"] for f in doc["files"]] == [f.path for f in examples_report().files]
    schema_path = ROOT / "schema" / "report.schema.json"
    if schema_path.exists():
        jsonschema.validate(doc, json.loads(schema_path.read_text()))


# ------------------------------------------------------------------ sarif
def test_sarif_validates_against_the_official_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli(capsys, "check", "examples", BATCH, "--format", "sarif")
    assert code == 2
    doc = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_sarif_content_matches_the_report() -> None:
    from pipespec.render.sarif import to_sarif

    report = examples_report()
    doc = to_sarif(report)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for r in rules:
        assert r["help"]["text"].startswith(f"{r['id']}: ") and "Fix" in r["help"]["text"]
        assert r["shortDescription"]["text"] == RULES[r["id"]].title
    results = run["results"]
    reviews = [(f.path, c, v.rule) for f in report.files for c, v in sorted(f.conditions.items())
               if v.verdict == "review"]
    assert reviews and len(results) == len(_problems(report)) + len(reviews)
    assert sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["properties"]["condition"],
                   r["ruleId"]) for r in results if r.get("kind") == "review") == sorted(reviews)
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note") or (res["kind"], res["level"]) == ("review", "none")
        loc = res["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert not uri.startswith("/") and not uri.startswith("file:")  # relative to the checked tree
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert (ROOT / uri).is_file()
        assert loc["region"]["startLine"] >= 1
    c502 = next(r for r in results if r["ruleId"] == "C502")
    assert c502["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"{BATCH}/misclassified.pipe"
    assert c502["locations"][0]["physicalLocation"]["region"]["startLine"] == 8
    assert c502["level"] == "error" and "Fix: " in c502["message"]["text"]
    syntax = next(r for r in results if r["ruleId"] == "PS101")
    assert syntax["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    arts = {a["location"]["uri"]: a for a in run["artifacts"]}
    assert arts["examples/metrics-e3/example-4.pipe"]["properties"]["verdicts"]["5"] == "yes"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")


def test_sarif_uri_outside_the_working_directory_is_absolute(tmp_path: Path) -> None:
    from pipespec.render.sarif import to_sarif

    bad = tmp_path / "weird name.pipe"
    bad.write_text("pipeline {\n")
    doc = to_sarif(report_of(str(bad)))
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc["uri"].startswith("file:///") and "weird%20name.pipe" in loc["uri"] and "uriBaseId" not in loc


def test_sarif_waived_findings_are_suppressed(tmp_path: Path) -> None:
    from pipespec.render.sarif import to_sarif

    src = (ROOT / BATCH / "warn.pipe").read_text().replace(
        "declare condition5 = yes", 'declare condition5 = yes\n  waive V101 "vendor model, family documented in S2"')
    p = tmp_path / "waived.pipe"
    p.write_text(src)
    results = to_sarif(report_of(str(p)))["runs"][0]["results"]
    v101 = [r for r in results if r["ruleId"] == "V101"]
    assert v101 and v101[0]["suppressions"] == [{"kind": "inSource",
                                                 "justification": "vendor model, family documented in S2"}]


# ------------------------------------------------------------------ junit
def test_junit_is_xml_with_a_case_per_file_and_condition(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", "examples", BATCH, "--format", "junit")
    root = ET.fromstring(out)
    report = examples_report()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f.path for f in report.files]
    for s in suites:
        names = [c.get("name") for c in s.findall("testcase")]
        assert names[:5] == ["condition1 segmentation", "condition2 fully automated segmentation",
                             "condition3 hand-crafted features", "condition4 tabular data",
                             "condition5 end-to-end deep learning"]
        assert int(s.get("tests", "0")) == len(names) == 6
    total = sum(int(s.get("tests", "0")) for s in suites)
    assert int(root.get("tests", "0")) == total == 6 * len(report.files)
    mis = next(s for s in suites if s.get("name") == f"{BATCH}/misclassified.pipe")
    c5 = mis.findall("testcase")[4]
    assert c5.find("failure") is not None and c5.find("failure").get("type") == "C502"  # type: ignore[union-attr]
    assert all(c.find("failure") is None for c in mis.findall("testcase")[:4])
    broken = next(s for s in suites if s.get("name") == f"{BATCH}/broken-syntax.pipe")
    assert broken.get("errors") == "6" and all(c.find("error") is not None for c in broken.findall("testcase"))
    good = next(s for s in suites if s.get("name") == f"{BATCH}/good-e2e.pipe")
    assert good.get("failures") == "0" and good.get("errors") == "0"
    props = {p.get("name"): p.get("value") for p in good.findall("testcase")[4].iter("property")}
    assert props == {"verdict": "yes", "declared": "yes", "rule": "D501"}
    fails = sum(int(s.get("failures", "0")) for s in suites)
    assert int(root.get("failures", "0")) == fails > 0


def test_junit_survives_control_characters() -> None:
    from pipespec.errors import Diagnostic, Span
    from pipespec.render.junit import render
    from pipespec.report import FileReport

    r = Report([FileReport("x.pipe", errors=[Diagnostic("PS101", "bad \x01 byte", Span("x.pipe", 1, 1))])])
    root = ET.fromstring(render(r))
    text = root.find("testsuite/testcase[@name='findings']/error").text or ""  # type: ignore[union-attr]
    assert "\x01" not in text and "\\x01" in text  # escaped once, where the problem is made


# ------------------------------------------------------------------ github
_ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+)(,endLine=\d+)?"
                         r"(,endColumn=\d+)?,title=([^:]*)::(.+)$")


def test_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "check", "examples", BATCH, "--format", "github")
    lines = out.splitlines()
    report = examples_report()
    reviews = sum(1 for r in report.files for v in (r.conditions or {}).values() if v.verdict == "review")
    assert len(lines) == len([p for p in _problems(report)]) + reviews  # a review verdict is a notice
    seen = set()
    for line in lines:
        m = _ANNOTATION.match(line)
        assert m, line
        assert (ROOT / m.group(2)).is_file()
        assert "\n" not in m.group(8)
        seen.add((m.group(2), m.group(7).split("%3A")[0].removeprefix("pipespec "), int(m.group(3))))
    assert (f"{BATCH}/misclassified.pipe", "C502", 8) in seen
    assert (f"{BATCH}/broken-syntax.pipe", "PS101", 2) in seen
    warn = next(line for line in lines if "V101" in line)
    assert warn.startswith("::warning ") and "%0AFix: " in warn


def test_github_escaping() -> None:
    from pipespec.render.github import _data, _prop

    assert _prop("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert _data("50% done\r\n") == "50%25 done%0D%0A"


# ------------------------------------------------------------------ markdown and text (golden)
def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE and os.environ.get("CI"):
            pytest.fail(f"missing golden file {path}")
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file; if intended, rerun with PIPESPEC_UPDATE_GOLDEN=1")


GOLDEN_SETS = {
    "metrics-e3": ["examples/metrics-e3"],
    "batch": [BATCH],
}


@pytest.mark.parametrize("name", sorted(GOLDEN_SETS))
def test_text_golden(name: str) -> None:
    text = render(report_of(*GOLDEN_SETS[name]), "text", RenderOptions(colour=False))
    assert "\x1b[" not in text
    _golden(f"{name}.txt", text)


@pytest.mark.parametrize("name", sorted(GOLDEN_SETS))
def test_markdown_golden(name: str) -> None:
    _golden(f"{name}.md", render(report_of(*GOLDEN_SETS[name]), "markdown"))


def test_markdown_structure_and_escaping(tmp_path: Path) -> None:
    p = tmp_path / "tricky.pipe"
    p.write_text((ROOT / BATCH / "good-e2e.pipe").read_text().replace(
        "end-to-end CNN", "a | b *bold* <script>"))
    md = render(report_of(str(p), f"{BATCH}/misclassified.pipe"), "markdown")
    assert "a \\| b \\*bold\\* \\<script\\>" in md and "<script>" not in md
    tables = [line for line in md.splitlines() if line.startswith("|")]
    widths = {line.count(" | ") for line in tables if "---" not in line}
    assert md.startswith("# METRICS conditions checked by pipespec")
    assert "## Overview" in md and "| #5 end-to-end deep learning | Yes | No (D502) | **disagrees** |" in md
    assert widths  # every table row is a real row
    assert "`C502` (error), line 8:" in md


def test_text_colour_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, plain = cli(capsys, "check", f"{BATCH}/misclassified.pipe")
    assert "\x1b[" not in plain  # captured stdout is not a terminal
    _, forced = cli(capsys, "check", f"{BATCH}/misclassified.pipe", "--color")
    assert "\x1b[" in forced
    report = report_of(f"{BATCH}/misclassified.pipe")
    assert "\x1b[" in render(report, "text", RenderOptions(to_terminal=True))
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render(report, "text", RenderOptions(to_terminal=True))


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_every_format_to_an_output_file(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"report.{fmt}"
    code = main(["check", "examples/metrics-e3", "--format", fmt, "--output", str(out)])
    assert code == 0
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    assert text.endswith("\n") or (fmt == "github" and text == "")
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        ET.fromstring(text)


# ------------------------------------------------------------------ one undefined stage, one finding
UNDEFINED_MIDDLE = ('pipeline "u" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n'
                    '  flow a -> mm -> y\n}\n')
UNDEFINED_TWICE = ("pipeline: u\nstages:\n- {name: a, kind: input, modality: CT, form: image3d}\n"
                   "- {name: m, kind: model, from: [a, mm]}\n- {name: y, kind: output, from: [mm], task: classification}\n")


@pytest.mark.parametrize("fmt", [*CHECK_FORMATS, "html"])
@pytest.mark.parametrize("name,text", [("u.pipe", UNDEFINED_MIDDLE), ("u.yaml", UNDEFINED_TWICE)])
def test_one_undefined_stage_is_reported_once_in_every_format(fmt: str, name: str, text: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    args = ["report", str(src), "--html", str(out)] if fmt == "html" else \
        ["check", str(src), "--format", fmt, "--output", str(out)]
    assert main(args) == 2
    capsys.readouterr()
    got = out.read_text(encoding="utf-8")
    if fmt == "metrics-csv":
        return  # a file that could not be read has no answers row; the located error goes to stderr
    assert len(re.findall(r"undefined stage (?:'|&#x27;|&#39;)mm", got)) == 1, got


# ------------------------------------------------------------------ a review verdict is visible in every format
REVIEW_PIPE = ('pipeline "in-house" {\n  input xr: XR image2d\n  model clf: "in-house AI model" { task: classification }\n'
               '  output y: classification\n  flow xr -> clf -> y\n  declare condition5 = yes\n}\n')


def _review_shown(fmt: str, out: str) -> bool:
    if fmt == "text":
        return "left to review: 1 file(s): " in out and "#5 end-to-end deep learning  REVIEW D503" in out
    if fmt == "concise":
        return any(":1:1: D503 Condition #5 left to review: " in line and line.endswith(" [review]")
                   for line in out.splitlines())
    if fmt == "markdown":
        return "Review (D503)" in out
    if fmt == "json":
        return json.loads(out)["files"][0]["conditions"]["5"]["verdict"] == "review"
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        return any(r.get("kind") == "review" and r["ruleId"] == "D503" and "Condition #5" in r["message"]["text"]
                   for r in results)
    if fmt == "junit":
        c5 = ET.fromstring(out).findall("testsuite/testcase")[4]
        return c5.find("skipped") is not None and "review (D503)" in c5.find("skipped").get("message", "")  # type: ignore[union-attr]
    if fmt == "github":
        return "::notice " in out and "Condition #5 left to review (D503)" in out
    if fmt == "metrics-csv":
        (row,) = list(csv.DictReader(io.StringIO(out)))
        return row["Left to review"] == "Condition#5 (D503)"
    if fmt == "html":
        return "1 with a verdict left to review" in out and "1 left to review</span>" in out
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", [*CHECK_FORMATS, "html"])
def test_a_review_verdict_is_visible_in_every_format(fmt: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "review.pipe"
    src.write_text(REVIEW_PIPE, encoding="utf-8")
    other = tmp_path / "other.pipe"
    other.write_text(REVIEW_PIPE.replace('"in-house AI model"', "ResNet-50"), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    files = [str(src), str(other)] if fmt == "html" else [str(src)]  # html: the batch index counts it too
    args = ["report", *files, "--html", str(out)] if fmt == "html" else \
        ["check", *files, "--format", fmt, "--output", str(out)]
    assert main(args) == 0
    assert main([*args, "--fail-on", "review"]) == 1
    capsys.readouterr()
    assert _review_shown(fmt, out.read_text(encoding="utf-8"))


def test_a_file_without_answers_is_not_assessed_in_every_report() -> None:
    # no assess line: no score, never 0.0 (very low); a file with one answer is scored
    from pipespec.checker import check_text
    from pipespec.render import render
    from pipespec.report import Report

    text = (ROOT / "examples" / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    bare = Report([check_text(text, "a.pipe", "dsl")], "0", "0")
    doc = bare.to_dict()["files"][0]
    assert doc["assessed"] is False and doc["score"] is None
    for fmt in ("text", "markdown", "html"):
        out = render(bare, fmt)
        assert "not assessed" in out and "very low" not in out, fmt
    answered = Report([check_text(text.replace("  expect condition1", "  assess item1 = yes\n  expect condition1"),
                                  "a.pipe", "dsl")], "0", "0")
    doc = answered.to_dict()["files"][0]
    assert doc["assessed"] is True and doc["score"] is not None
    assert "not assessed" not in render(answered, "text")
