"""Every rule's documented example is a complete file, and checking it raises that rule's code.

``pipespec explain CODE`` prints the example; these tests write the same text to a file, check it as a journal
would (`check_file`, configuration discovery included), and require the code among the file's input errors,
findings or deciding rules.  A rule documented without an example must say why no file can show it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pipespec.analysis.rules import RULES, Rule
from pipespec.checker import Options, check_file
from pipespec.cli import main

SUFFIX = {"dsl": ".pipe", "yaml": ".yaml", "json": ".json"}
VALID = 'pipeline "valid" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n  flow a -> m -> y\n}\n'


def raised(rule: Rule, folder: Path) -> set[str]:
    """Every code the example file produces when checked."""
    assert rule.example is not None
    if rule.example_format == "toml":  # a configuration file: it judges the pipeline beside it
        (folder / ".pipespec.toml").write_text(rule.example, encoding="utf-8")
        path = folder / "pipeline.pipe"
        path.write_text(VALID, encoding="utf-8")
    else:
        path = folder / f"example{SUFFIX[rule.example_format]}"
        path.write_text(rule.example, encoding="utf-8")
    report = check_file(str(path), Options())
    return ({d.code for d in report.errors} | {f.code for f in report.findings}
            | {v.rule for v in report.conditions.values()})


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.example is not None])
def test_documented_example_raises_its_code(code: str, tmp_path: Path) -> None:
    rule = RULES[code]
    assert rule.example is not None
    if rule.example_format == "dsl":
        assert rule.example.startswith("pipeline \""), "a complete .pipe file, not a fragment"
    assert code in raised(rule, tmp_path)


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.example is None])
def test_a_rule_without_example_says_why(code: str) -> None:
    rule = RULES[code]
    assert len(rule.no_example) > 40 and "file" in rule.no_example


@pytest.mark.parametrize("code", ["C501", "D502", "PS112", "PS113", "PS100"])
def test_explain_prints_the_example_file(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", code]) == 0
    out = capsys.readouterr().out
    rule = RULES[code]
    if rule.example is None:
        assert rule.no_example.split(".")[0] in out.replace("\n  ", " ")
    else:
        assert textwrap.indent(rule.example.rstrip("\n"), "    ") in out


def test_explain_stands_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """What `explain` prints cites METRICS-E3 or the grammar reference, never files a user does not have."""
    for code in RULES:
        assert main(["explain", code]) == 0
    out = capsys.readouterr().out
    for word in ("DESIGN", "shared" + "/", "issue #", "tests/"):  # files a user of the package does not have
        assert word not in out


def _designs() -> dict[str, tuple[str, ...]]:
    from pipespec.analysis.rules import examples

    return {"GLIOMA_RADIOMICS": examples.GLIOMA_RADIOMICS, "RADIOGRAPH_AGE": examples.RADIOGRAPH_AGE,
            "DEEP_FEATURES_LR": examples.DEEP_FEATURES_LR, "FUSED_RADIOMICS": examples.FUSED_RADIOMICS,
            "ct_radiomics": examples.ct_radiomics(), "ct_radiomics(select)": examples.ct_radiomics(select="select"),
            "ct_features": examples.ct_features("deep ResNet-50"), "ct_model": examples.ct_model(),
            "dl_radiomics_nomogram": examples.dl_radiomics_nomogram(),
            "dl_radiomics_nomogram(reported)": examples.dl_radiomics_nomogram(predictions_reported=True)}


@pytest.mark.parametrize("name", list(_designs()))
def test_every_shared_design_is_a_valid_pipeline_by_itself(name: str, tmp_path: Path) -> None:
    from pipespec.analysis.rules.examples import pipeline

    path = tmp_path / "design.pipe"
    path.write_text(pipeline(name, *_designs()[name]), encoding="utf-8")
    report = check_file(str(path), Options())
    assert report.errors == [] and len(report.conditions) == 5
    assert not [f for f in report.findings if f.code.startswith(("PS", "L", "V"))], report.findings


def test_the_examples_share_their_designs() -> None:
    """The recurring designs are written once (pipespec.analysis.rules.examples), not pasted into each record."""
    from pipespec.analysis.rules import examples

    folder = Path(examples.__file__).parent
    for design in (examples.GLIOMA_RADIOMICS, examples.FUSED_RADIOMICS, examples.DEEP_FEATURES_LR):
        pasted = [p.name for p in folder.glob("*.py") if p.name != "examples.py"
                  and "\n".join(f"  {line}" for line in design) in p.read_text(encoding="utf-8")]
        assert pasted == [], pasted
    users = [c for c, r in RULES.items() if r.example and "  " + examples.GLIOMA_RADIOMICS[-1] in r.example]
    assert len(users) >= 5
