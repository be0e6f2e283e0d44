"""The corrections in the machine-readable reports: JSON ``autofix`` and SARIF ``fixes``, applied from the report
alone, write what ``pipespec check --fix`` (and ``--unsafe-fixes``) writes.

The appliers here read nothing of pipespec's: only the report's numbers and the file's text, as a journal's CI or
an editor would (the SARIF one converts its columns from the run's ``columnKind``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pipespec.cli import main

ROOT = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-2.1.0-rtm.5.json"

# a judged DSL file: an idle waiver (W101, removing it is safe) and a misspelt architecture (V101, unsafe: the
# corrected name turns Condition #5 from review into a decision); the stage name has a character outside the BMP
# before the architecture, so its columns differ in code points and UTF-16 units
DSL = """pipeline "Knee radiographs" {
  input ct: XR image2d  # the radiographs
  model \U0001d4c3et: ResNt-18 { task: classification, pretrained_on: ImageNet }
  output y: classification
  flow ct -> \U0001d4c3et -> y
  waive C503 "the reviewers asked for it" at \U0001d4c3et
  declare condition5 = yes
}
"""

# a YAML file that cannot be judged yet: two misspelt keys, one whose correction decides Condition #2 (unsafe:
# `corrected: all` makes it No) and one no decision depends on (safe), after a character outside the BMP
YAML = ("pipeline: \"Liver \U0001fac0 CT\"\nstages:\n  - {name: ct, kind: input, modality: CT, form: image3d}\n"
        "  - name: \U0001d4c8eg\n    kind: model\n    architecture: nnU-Net\n    task: segmentation\n"
        "    corected: all  # every mask\n    from: [ct]\n"
        "  - {name: m, kind: output, task: segmentation, from: [\U0001d4c8eg], descripton: \"masks \U0001fac0\"}\n")

# the same with CRLF line endings: lines still end at \n, the \r is the last character of each
FILES = [("knee.pipe", DSL), ("liver.yaml", YAML), ("liver-crlf.yaml", YAML.replace("\n", "\r\n"))]

CLEAN = """pipeline "Clean" {
  input ct: CT image3d
  model net: ResNet-18 { task: classification, pretrained_on: ImageNet }
  output y: classification
  flow ct -> net -> y
}
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["check", "--no-config", *args])
    return capsys.readouterr().out


def fixed(tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str], *flags: str) -> str:
    """What ``check --fix`` writes back into a copy of ``text``."""
    path = tmp_path / "fixed" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    run(capsys, str(path), "--fix", *flags)
    return path.read_bytes().decode("utf-8")


# ------------------------------------------------------------------ appliers that know only the report

def _offset(lines: list[str], line: int, column: int, utf16: bool) -> int:
    """The code-point offset of a 1-based line and column (lines end at \\n, which each line keeps)."""
    start = sum(len(x) for x in lines[:line - 1])
    if not utf16:
        return start + column - 1
    units, k, text = 0, 0, lines[line - 1] if line <= len(lines) else ""
    while units < column - 1:
        units += 2 if ord(text[k]) > 0xFFFF else 1
        k += 1
    assert units == column - 1, "a column inside a surrogate pair"
    return start + k


def apply(text: str, edits: list[tuple[int, int, int, int, str]], utf16: bool = False) -> str:
    parts = text.split("\n")  # lines end at \n only: a \r is a character of its line
    lines = [x + "\n" for x in parts[:-1]] + [parts[-1]]
    spans = sorted(((_offset(lines, a, b, utf16), _offset(lines, c, d, utf16), new) for a, b, c, d, new in edits),
                   key=lambda s: (s[0], s[1]))
    out, pos = [], 0
    for start, end, new in spans:
        assert start >= pos, "overlapping edits"
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def json_fixes(doc: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(problem, autofix) of the one file of a JSON report, errors and findings, where there is one."""
    (file,) = doc["files"]
    return [(p, p["autofix"]) for p in file["errors"] + file["findings"] if p["autofix"] is not None]


def json_edits(doc: dict[str, Any], unsafe: bool) -> list[tuple[int, int, int, int, str]]:
    """The edits --fix applies (an information finding's never; an unsafe one only with --unsafe-fixes)."""
    return [(e["line"], e["column"], e["end_line"], e["end_column"], e["new_text"])
            for p, fix in json_fixes(doc) if p["severity"] != "info" and (fix["safe"] or unsafe)
            for e in fix["edits"]]


def sarif_edits(doc: dict[str, Any], unsafe: bool) -> tuple[list[tuple[int, int, int, int, str]], bool]:
    (run_,) = doc["runs"]
    out = []
    for res in run_["results"]:
        for fix in res.get("fixes", []):
            if res["level"] == "note" or (fix["description"]["text"].endswith(" (unsafe)") and not unsafe):
                continue
            for change in fix["artifactChanges"]:
                assert change["artifactLocation"] == res["locations"][0]["physicalLocation"]["artifactLocation"]
                for r in change["replacements"]:
                    d = r["deletedRegion"]
                    out.append((d["startLine"], d["startColumn"], d["endLine"], d["endColumn"],
                                r["insertedContent"]["text"]))
    return out, run_["columnKind"] == "utf16CodeUnits"


# ------------------------------------------------------------------ tests

@pytest.mark.parametrize(("name", "text"), FILES)
def test_json_edits_applied_alone_write_what_fix_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    jsonschema.validate(doc, json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8")))
    fixes = json_fixes(doc)
    assert sorted(f["safe"] for _, f in fixes) == [False, True]  # one of each
    safe = fixed(tmp_path, name, text, capsys)
    every = fixed(tmp_path, name, text, capsys, "--unsafe-fixes")
    assert safe != text and every != safe
    assert apply(text, json_edits(doc, unsafe=False)) == safe
    assert apply(text, json_edits(doc, unsafe=True)) == every


@pytest.mark.parametrize(("name", "text"), FILES)
def test_sarif_replacements_applied_alone_write_what_fix_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "sarif"))
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert not list(validator.iter_errors(doc))
    results = doc["runs"][0]["results"]
    titles = sorted(f["description"]["text"] for r in results for f in r.get("fixes", []))
    assert len(titles) == 2 and sum(t.endswith(" (unsafe)") for t in titles) == 1
    safe, utf16 = sarif_edits(doc, unsafe=False)
    every, _ = sarif_edits(doc, unsafe=True)
    assert apply(text, safe, utf16) == fixed(tmp_path, name, text, capsys)
    assert apply(text, every, utf16) == fixed(tmp_path, name, text, capsys, "--unsafe-fixes")


def test_columns_count_code_points_in_both_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # "  model 𝓃et: " is 13 code points and 14 UTF-16 units: the architecture starts at column 14 in both reports
    path = tmp_path / "knee.pipe"
    path.write_text(DSL, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    (arch,) = [f for p, f in json_fixes(doc) if p["code"] == "V101"]
    assert arch == {"title": "replace 'ResNt-18' with 'ResNet-18'", "safe": False,
                    "edits": [{"line": 3, "column": 14, "end_line": 3, "end_column": 22, "new_text": "ResNet-18"}]}
    sarif = json.loads(run(capsys, str(path), "--format", "sarif"))
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "V101"]
    (fix,) = result["fixes"]
    assert fix["description"] == {"text": "replace 'ResNt-18' with 'ResNet-18' (unsafe)"}
    (change,) = fix["artifactChanges"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 3, "startColumn": 14, "endLine": 3,
                                                         "endColumn": 22}, "insertedContent": {"text": "ResNet-18"}}]
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 14  # the result's own region


def test_a_file_with_nothing_to_fix_has_no_autofix_and_no_sarif_fixes(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clean.pipe"
    path.write_text(CLEAN, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    problems = doc["files"][0]["findings"] + doc["files"][0]["errors"]
    assert problems and all(p["autofix"] is None for p in problems)
    sarif = json.loads(run(capsys, str(path), "--format", "sarif"))
    assert sarif["runs"][0]["results"] and not any("fixes" in r for r in sarif["runs"][0]["results"])


def test_a_waived_finding_carries_no_correction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the waiver suppresses V101: the waived finding is reported, but --fix leaves it alone and so do the reports
    text = DSL.replace('waive C503 "the reviewers asked for it" at \U0001d4c3et',
                       'waive V101 "a lab-internal name" at \U0001d4c3et')
    path = tmp_path / "waived.pipe"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    (v101,) = [p for p in doc["files"][0]["findings"] if p["code"] == "V101"]
    assert v101["waived"] and v101["autofix"] is None
    sarif = json.loads(run(capsys, str(path), "--format", "sarif"))
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "V101"]
    assert "suppressions" in result and "fixes" not in result
    assert fixed(tmp_path, "waived.pipe", text, capsys, "--unsafe-fixes") == text


def test_the_report_of_a_fix_positions_what_is_left_in_the_text_written(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # `check --fix --format json` applies the safe fixes and reports the unsafe one left, positioned in the file as
    # written back: applying it there gives what --unsafe-fixes gives at once
    path = tmp_path / "knee.pipe"
    path.write_text(DSL, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--fix", "--format", "json"))
    written = path.read_text(encoding="utf-8")
    assert [f["safe"] for _, f in json_fixes(doc)] == [False]
    assert apply(written, json_edits(doc, unsafe=True)) == fixed(tmp_path, "knee.pipe", DSL, capsys, "--unsafe-fixes")


def test_an_information_findings_edit_is_carried_but_never_applied_by_fix(capsys: pytest.CaptureFixture[str]) -> None:
    # METRICS-E3, Condition #5, Example 4 vs the drawing as the paper says it: R501's redrawing is an editor's
    # one-by-one action; the reports carry it (unsafe, on an information finding) and --fix never applies it
    path = ROOT / "examples" / "mil-frozen-embeddings.pipe"
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    (r501,) = [(p, f) for p, f in json_fixes(doc) if p["code"] == "R501"]
    assert r501[0]["severity"] == "info" and not r501[1]["safe"] and len(r501[1]["edits"]) > 1
    assert json_edits(doc, unsafe=True) == []
    text = path.read_text(encoding="utf-8")
    redrawn = apply(text, [(e["line"], e["column"], e["end_line"], e["end_column"], e["new_text"])
                           for e in r501[1]["edits"]])
    assert "training: frozen_backbone" in redrawn and "feature_extraction emb" not in redrawn


def test_reports_with_corrections_are_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, text in (("knee.pipe", DSL), ("liver.yaml", YAML)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for fmt in ("json", "sarif"):
        first = run(capsys, str(tmp_path), "--format", fmt)
        assert first == run(capsys, str(tmp_path), "--format", fmt)


def test_a_text_check_derives_no_corrections(tmp_path: Path) -> None:
    # deriving and verifying corrections is done for the formats that carry them, never for a plain check
    path = tmp_path / "knee.pipe"
    path.write_text(DSL, encoding="utf-8")
    code = ("import sys; from pipespec.cli import main; main(['check', '--no-config', sys.argv[1]]); "
            "sys.stderr.write(str('pipespec.fixing' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT,
                          check=False)
    assert done.stderr.endswith("False"), done.stderr


def test_corrections_of_two_findings_may_coincide_and_are_taken_as_fix_takes_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # METRICS-E3, Condition #5, Examples 4 and 6: the answers of the other honest reading declared for an MIL drawing
    # give C409 and C509, each with the same redrawing as its correction (and R501's, an information finding's): the
    # corrections of a file are not disjoint; taken in the report's order, each whole, leaving out one that overlaps
    # one taken (as --fix does, and ruff), they write what --unsafe-fixes writes
    text = (ROOT / "examples" / "mil-frozen-embeddings.pipe").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.replace("condition4 = yes", "condition4 = no")
                     .replace("declare condition5 = no", "declare condition5 = yes").split("\n")
                     if not line.lstrip().startswith("expect"))
    path = tmp_path / "mil.pipe"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(run(capsys, str(path), "--format", "json"))
    fixes = [(p["code"], f) for p, f in json_fixes(doc) if p["severity"] != "info"]
    assert [code for code, _ in fixes] == ["C409", "C509"] and fixes[0][1] == fixes[1][1]
    with pytest.raises(AssertionError, match="overlapping"):
        apply(text, json_edits(doc, unsafe=True))
    taken: list[tuple[int, int, int, int, str]] = []
    for _, fix in fixes:
        edits = [(e["line"], e["column"], e["end_line"], e["end_column"], e["new_text"]) for e in fix["edits"]]
        try:
            apply(text, taken + edits)
        except AssertionError:
            continue  # it waits for the next check
        taken += edits
    assert apply(text, taken) == fixed(tmp_path, "mil.pipe", text, capsys, "--unsafe-fixes")


def test_corrections_worked_out_in_worker_processes_are_the_same_bytes(tmp_path: Path) -> None:
    # a batch large enough to be checked in parallel: the corrections, worked out beside each file's check in the
    # workers, give the report that one process gives
    for k in range(30):
        for name, text in FILES:
            (tmp_path / f"{k:02d}-{name}").write_bytes(text.encode("utf-8"))
    for fmt in ("json", "sarif"):
        outs = []
        for jobs in ("1", "2"):
            done = subprocess.run([sys.executable, "-m", "pipespec", "check", "--no-config", "--jobs", jobs,
                                   "--format", fmt, str(tmp_path)], capture_output=True, cwd=ROOT, check=False)
            assert done.returncode == 2, done.stderr  # the YAML files keep input errors
            outs.append(done.stdout)
        assert outs[0] == outs[1]
        assert outs[0].count(b'"autofix": {' if fmt == "json" else b'"fixes": [') == 30 * 6


def test_a_waived_finding_has_no_correction_in_any_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a rule's own correction (R501's redrawing, METRICS-E3, Condition #5, Examples 4 and 6) on a waived finding: the
    # report of the library's check (as a draft's check and the server's draft) carries it as the command does, null
    text = (ROOT / "examples" / "mil-frozen-embeddings.pipe").read_text(encoding="utf-8").replace(
        "  declare condition4 = yes", '  waive R501 "drawn as the paper says" at emb\n  declare condition4 = yes')
    path = tmp_path / "waived.pipe"
    path.write_text(text, encoding="utf-8")
    import pipespec

    (r501,) = [f for f in pipespec.check(str(path)).to_dict()["findings"] if f["code"] == "R501"]
    assert r501["waived"] and r501["autofix"] is None
    (cli,) = [f for f in json.loads(run(capsys, str(path), "--format", "json"))["files"][0]["findings"]
              if f["code"] == "R501"]
    assert cli == r501


def test_a_json_check_of_redrawn_lines_stays_light(tmp_path: Path) -> None:
    # R501's correction redraws stage lines and keeps their comments (pipespec.language.comments), and a JSON report
    # carries it (pipespec.fixing): no module of pipespec on that path may import dataclasses (its inspect and ast
    # cost milliseconds at every start of a batch check; lark, which a source checkout parses with, may)
    path = ROOT / "examples" / "mil-frozen-embeddings.pipe"
    code = ("import builtins, sys\n"
            "seen, real = set(), builtins.__import__\n"
            "def spy(name, globals=None, *rest):\n"
            "    who = (globals or {}).get('__name__', '')\n"
            "    if name in ('dataclasses', 'inspect') and who.startswith('pipespec'):\n"
            "        seen.add(who + ' -> ' + name)\n"
            "    return real(name, globals, *rest)\n"
            "builtins.__import__ = spy\n"
            "from pipespec.cli import main\n"
            "main(['check', '--no-config', '--format', 'json', '-o', sys.argv[2], sys.argv[1]])\n"
            "sys.stderr.write(repr([sorted(seen), 'pipespec.fixing' in sys.modules, "
            "'pipespec.language.comments' in sys.modules]))\n")
    done = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "out.json")], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.stderr.endswith("[[], True, True]"), done.stderr
    findings = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["files"][0]["findings"]
    assert any(f["code"] == "R501" and f["fix"] for f in findings)


def test_a_json_check_of_files_with_nothing_to_correct_imports_no_fixing(tmp_path: Path) -> None:
    # deriving corrections is for the files that have something to correct: a clean file's JSON report is made
    # without importing pipespec.fixing (nor the server's module, which a check does not use)
    path = ROOT / "examples" / "nnunet-pyradiomics-lasso.pipe"
    code = ("import sys; from pipespec.cli import main; main(['check', '--no-config', '--format', 'json', '-o', "
            "sys.argv[2], sys.argv[1]]); "
            "sys.stderr.write(repr(['pipespec.fixing' in sys.modules, 'pipespec.cli.serve' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "out.json")], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.stderr.endswith("[False, False]"), done.stderr
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["files"][0]["status"] and all(not f.get("fix") for f in report["files"][0]["findings"])
