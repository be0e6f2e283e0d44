"""METRICS item answers in the spec (``assess``) and the study facts: their syntax in every front end, the
lossless round trip, the gating by the decided conditions (folded into a misclassification finding), score
ranges while a condition is in review, and the score in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

from pipespec import __version__
from pipespec import strategies as ps
from pipespec.analysis.rules import RULESET_VERSION
from pipespec.checker import Options, check_text
from pipespec.cli import main
from pipespec.errors import InputError
from pipespec.language import load_text
from pipespec.language.writer import format_dsl, to_json, to_yaml
from pipespec.metrics import ITEMS, applicable_items, category, score, score_range
from pipespec.render import RenderOptions, render
from pipespec.report import FileReport, Report
from tests.support.helpers import pipe

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "assessed-radiomics.pipe"

RADIOMICS = """\
input ct: CT image3d
preprocessing seg: segmentation(mode: manual)
feature_extraction rad: handcrafted PyRadiomics
model svm: SVM
output y: classification
flow ct -> seg -> rad -> svm -> y
"""
E2E = """\
input xr: XR image2d
model net: ResNet-34 { pretrained_on: ImageNet, training: fine_tuned }
output y: classification
flow xr -> net -> y
"""
# the conditions these pipelines decide (the engine's verdicts)
RADIOMICS_CONDITIONS = {1: True, 2: False, 3: True, 4: True, 5: False}
E2E_CONDITIONS = {1: False, 2: False, 3: False, 4: False, 5: True}


def run(body: str, path: str = "t.pipe") -> FileReport:
    return check_text(pipe(body), path, "dsl", Options(use_config=False))


def codes(r: FileReport) -> list[str]:
    return [f.code for f in r.findings]


def answers(value: str, numbers: object = None) -> str:
    nums = [i.number for i in ITEMS] if numbers is None else list(numbers)  # type: ignore[call-overload]
    return "\n".join(f"assess item{n} = {value}" for n in nums)


# -- syntax --------------------------------------------------------------------------------------------------------
def test_the_same_answers_in_dsl_yaml_and_json() -> None:
    dsl = load_text(pipe(RADIOMICS + 'assess item1 = yes\nassess item9 = n/a\nassess item14 = no "only 10 cases"\n'
                         "cohort { centers: 2, cases: 120 }\nevaluation { split: cross_validation, folds: 5 }\n"
                         'availability { code: "https://x.org/c", data: no }'), "t.pipe")
    yaml = load_text('pipeline: "t"\nstages:\n'
                     "- {name: ct, kind: input, modality: CT, form: image3d}\n"
                     "- {name: seg, kind: preprocessing, from: [ct], ops: [{op: segmentation, mode: manual}]}\n"
                     "- {name: rad, kind: feature_extraction, from: [seg], method: handcrafted, tool: PyRadiomics}\n"
                     "- {name: svm, kind: model, from: [rad], algorithm: SVM}\n"
                     "- {name: y, kind: output, from: [svm], task: classification}\n"
                     'assess: {item1: yes, "Item#9": N/A, "item 14": {answer: false, note: "only 10 cases"}}\n'
                     "cohort: {centers: 2, cases: 120}\nevaluation: {split: cv, folds: 5}\n"
                     'availability: {code: "https://x.org/c", data: false}\n', "t.yaml", "yaml")
    assert dsl == yaml
    assert [(a.item, a.answer, a.note) for a in dsl.assessment] == [(1, "yes", None), (9, "n/a", None),
                                                                      (14, "no", "only 10 cases")]
    assert dsl.facts("evaluation").get("split") == "cross_validation"
    assert dsl.facts("availability").get("data") == "no"
    assert load_text(to_json(dsl), "t.json", "json") == dsl


def test_round_trip_is_lossless_and_formatting_is_idempotent() -> None:
    p = load_text(EXAMPLE.read_text(), str(EXAMPLE))
    text = format_dsl(p)
    assert load_text(text, "t.pipe") == p and format_dsl(load_text(text, "t.pipe")) == text
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p
    assert load_text(to_json(p), "t.json", "json") == p
    assert "assess item14 = yes \"ICC > 0.75 on 30 re-segmented cases\"" in text


def test_fmt_keeps_comments_on_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.pipe"
    f.write_text(pipe(RADIOMICS + "# from the supplement\nassess item1 = yes  # CLEAR\ncohort { centers: 1 }  # one site"))
    assert main(["fmt", str(f)]) == 0
    out = capsys.readouterr().out
    assert "  # from the supplement\n  assess item1 = yes  # CLEAR" in out and "cohort { centers: 1 }  # one site" in out


@pytest.mark.parametrize("body,fragment", [
    ("assess item31 = yes", "unknown METRICS item 'item31'"),
    ("assess item3 = maybe", "must be yes, no or n/a"),
    ("assess item3 = yes\nassess item3 = no", "given twice"),
    ("cohort { centres: 3 }", "unknown key 'centres' in cohort; did you mean 'centers'"),
    ("cohort { cases: 12.5 }", "must be a whole number"),
    ("evaluation { split: random }", "unknown value 'random'"),
    ("evaluation { internal_test: perhaps }", "must be yes or no"),
    ("cohort { cases: 3 }\ncohort { events: 1 }", "'cohort' given twice"),
])
def test_bad_answers_and_facts_are_located_one_line_errors(body: str, fragment: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.pipe"
    f.write_text(pipe(RADIOMICS + body))
    assert main(["check", str(f)]) == 2
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    lines = len(RADIOMICS.splitlines())
    assert first.startswith((f"{f}:{lines + 2}:", f"{f}:{lines + 3}:")) and fragment in first, out


def test_yaml_answer_keys_and_values_are_checked_by_the_schema() -> None:
    base = 'pipeline: t\nstages: [{name: a, kind: input, modality: CT, form: image3d}]\n'
    with pytest.raises(InputError) as exc:
        load_text(base + "assess: {question7: yes}\n", "t.yaml", "yaml")
    assert exc.value.diagnostics[0].span.line == 3
    with pytest.raises(InputError):
        load_text(base + "availability: {data: true}\n", "t.yaml", "yaml")
    with pytest.raises(InputError):
        load_text(base + "assess: {item2: {answer: yes, page: 3}}\n", "t.yaml", "yaml")


def test_values_spelled_like_the_new_words_are_quoted() -> None:
    for word in ("assess", "cohort", "evaluation", "availability"):
        p = load_text(pipe(f'input a: "{word}" image3d\nmodel m: CNN\noutput y: classification\nflow a -> m -> y'),
                      "t.pipe")
        assert f'"{word}"' in format_dsl(p) and load_text(format_dsl(p), "t.pipe") == p


# -- gating --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("body,conditions", [(RADIOMICS, RADIOMICS_CONDITIONS), (E2E, E2E_CONDITIONS)])
def test_every_switched_off_item_answered_is_an_error_and_only_those(body: str, conditions: dict[int, bool]) -> None:
    r = run(body + answers("yes"))
    off = {i.number for i in ITEMS} - applicable_items(conditions)
    flagged = {int(f.message.split()[1]) for f in r.findings if f.code == "M201"}
    assert flagged == off and off
    assert all(f.severity == "error" for f in r.findings if f.code == "M201")
    assert r.assessment is not None and r.assessment.score == Decimal("100.0")


@pytest.mark.parametrize("body,conditions", [(RADIOMICS, RADIOMICS_CONDITIONS), (E2E, E2E_CONDITIONS)])
def test_every_applicable_item_answered_na_is_an_error(body: str, conditions: dict[int, bool]) -> None:
    r = run(body + answers("n/a"))
    flagged = {int(f.message.split()[1]) for f in r.findings if f.code == "M202"}
    assert flagged == set(applicable_items(conditions))
    assert "M201" not in codes(r) and "M203" not in codes(r)
    assert r.assessment is not None and r.assessment.score == Decimal("0.0")


def test_unanswered_applicable_items_are_one_warning_listing_them() -> None:
    r = run(RADIOMICS + answers("yes", [1, 2, 3]))
    found = [f for f in r.findings if f.code == "M203"]
    assert len(found) == 1 and found[0].severity == "warning"
    listed = {int(x) for x in found[0].message.split(" apply")[0].removeprefix("items ").split(", ")}
    assert listed == set(applicable_items(RADIOMICS_CONDITIONS)) - {1, 2, 3}
    expected = score({1: "yes", 2: "yes", 3: "yes"}, applicable_items(RADIOMICS_CONDITIONS))
    assert r.assessment is not None and r.assessment.score == expected
    assert r.assessment.category == category(expected)


def test_gating_follows_the_verdicts_and_folds_into_the_misclassification() -> None:
    # the author says no tabular data, so answers items 14-16 n/a and leaves 12 out; the pipeline shows Yes
    body = RADIOMICS + "declare condition4 = no\ndeclare condition5 = no\n" + answers(
        "yes", [n for n in range(1, 31) if n not in (9, 12, 14, 15, 16, 17)]) + "\n" + answers("n/a", [14, 15, 16, 9, 17])
    r = run(body)
    assert not {"M201", "M202"} & set(codes(r)), "no error per item"
    c4 = [f for f in r.findings if f.code.startswith("C4")]
    assert len(c4) == 1
    assert "items 14, 15, 16 apply but are answered n/a" in c4[0].message
    assert len(c4[0].related) >= 3  # the answers are pointed at
    # item 12 is gated by condition 3, which the author did not misclassify: its own warning
    assert [f.message for f in r.findings if f.code == "M203"] == [
        "item 12 apply but are unanswered: they count as No (the METRICS tool's default)"]
    conds = dict(RADIOMICS_CONDITIONS)
    assert r.assessment is not None
    assert r.assessment.score == score({a: "yes" for a in range(1, 31) if a not in (9, 12, 14, 15, 16, 17)},
                                       applicable_items(conds))


def test_a_misclassified_condition_that_switches_items_off_folds_them_too() -> None:
    body = E2E + "declare condition1 = yes\ndeclare condition5 = yes\nassess item8 = yes\nassess item10 = no"
    r = run(body)
    assert "M201" not in codes(r)
    c1 = next(f for f in r.findings if f.code.startswith("C1"))
    assert "items 8, 10 are answered although they do not apply" in c1.message


def test_a_disabled_misclassification_rule_leaves_the_item_errors() -> None:
    from pipespec.analysis.engine import Config, analyse

    p = load_text(pipe(E2E + "declare condition1 = yes\ndeclare condition5 = yes\nassess item8 = yes"), "t.pipe")
    found = analyse(p, Config(disable=frozenset({"C102"}))).findings
    assert [f.code for f in found if f.code.startswith(("C1", "M201"))] == ["M201"]


# -- conditions in review ---------------------------------------------------------------------------------------
REVIEW = RADIOMICS.replace("segmentation(mode: manual)", "segmentation")  # Condition #2 undecided


def test_review_without_declaration_gives_a_range_and_answers_under_it_are_info() -> None:
    r = run(REVIEW + answers("yes", [n for n in range(1, 31) if n != 17]))
    assert r.conditions[2].verdict == "review"
    assert r.assessment is not None and r.assessment.score is None and r.assessment.category is None
    conds = {**RADIOMICS_CONDITIONS, 2: None}
    rng = score_range({n: "yes" for n in range(1, 31) if n != 17}, conds)
    assert r.assessment.score_range == (rng.low, rng.high)
    m204 = [f for f in r.findings if f.code == "M204"]
    assert len(m204) == 1 and m204[0].severity == "info" and "item 9" in m204[0].message
    assert "M201" not in codes(r)
    d = r.to_dict()
    assert d["score"] is None and d["score_range"] == [float(rng.low), float(rng.high)]
    row9 = d["assessment"]["items"][8]
    assert row9["applies"] == "pending" and d["assessment"]["conditions"]["2"] is None


def test_review_with_a_declared_answer_uses_it() -> None:
    body = REVIEW + "declare condition2 = no\n" + answers("yes", [n for n in range(1, 31) if n not in (9, 17)])
    r = run(body + "\nassess item9 = yes")
    assert r.assessment is not None and r.assessment.score is not None
    # condition 2 declared No: item 9 does not apply, and its yes is not counted (info, not an error)
    assert r.assessment.score == Decimal("100.0")
    assert "M204" in codes(r) and "M201" not in codes(r)
    assert "declared answer (no)" in next(f.message for f in r.findings if f.code == "M204")


def test_files_without_answers_are_not_scored() -> None:
    r = run(RADIOMICS)
    assert r.assessment is None
    d = Report([r], __version__, RULESET_VERSION).to_dict()
    f = d["files"][0]  # not assessed is not a score of 0: null, and said so
    assert f["score"] is None and f["assessed"] is False and "scores" not in d["summary"]
    assert not [c for c in codes(r) if c.startswith("M")]


def test_facts_without_answers_are_not_checked() -> None:
    r = run(RADIOMICS + "evaluation { internal_test: no, split: none }\navailability { data: no }")
    assert r.assessment is None and not [c for c in codes(r) if c.startswith("M")]


# -- the score in every format -------------------------------------------------------------------------------
def _report(*texts: tuple[str, str]) -> Report:
    return Report([check_text(t, name, "dsl", Options(use_config=False)) for name, t in texts], __version__,
                  RULESET_VERSION)


def test_the_example_scores_as_the_metrics_tool_would() -> None:
    r = check_text(EXAMPLE.read_text(), str(EXAMPLE), "dsl", Options(use_config=False))
    p = load_text(EXAMPLE.read_text(), str(EXAMPLE))
    expected = score({a.item: a.answer for a in p.assessment}, applicable_items(RADIOMICS_CONDITIONS))
    assert r.assessment is not None and r.assessment.score == expected == Decimal("87.1")
    assert r.assessment.category == "excellent"
    assert not r.active("error") and not r.active("warning")


def test_every_format_carries_the_score() -> None:
    review = pipe(REVIEW + "assess item1 = yes", "under review")
    rep = _report(("ex.pipe", EXAMPLE.read_text()), ("review.pipe", review), ("plain.pipe", pipe(RADIOMICS)))
    text = render(rep, "text", RenderOptions(colour=False))
    assert "METRICS score: 87.1 (excellent)" in text and "(conditions in review)" in text
    assert "METRICS scores of 2 assessed file(s)" in text
    md = render(rep, "markdown")
    assert "**METRICS score: 87.1 (excellent)**" in md
    assert ("| 14. removal of non-robust features | yes (ICC \\> 0.75 on 30 re-segmented cases) | 0.0200 | yes | "
            "prep re-segments a reproducibility subset — supports |") in md
    data = json.loads(render(rep, "json"))
    assert [f.get("score") for f in data["files"]] == [87.1, None, None]
    assert data["files"][2]["assessed"] is False and "score_range" not in data["files"][2]
    assert data["files"][1]["assessed"] is True and data["files"][1]["score_range"] is not None
    assert data["summary"]["scores"]["categories"]["excellent"] == 1 and data["summary"]["scores"]["ranges"] == 1
    sarif = json.loads(render(rep, "sarif"))
    props = [a.get("properties", {}) for a in sarif["runs"][0]["artifacts"]]
    assert props[0]["metricsScore"] == 87.1 and props[0]["metricsCategory"] == "excellent"
    assert props[0]["metricsAnswers"]["14"] == "yes" and props[1]["metricsScore"] is None
    assert "metricsScore" not in props[2]
    suites = ET.fromstring(render(rep, "junit")).findall("testsuite")
    values = [{p.get("name"): p.get("value") for p in s.iter("property")} for s in suites]
    assert values[0]["metrics_score"] == "87.1" and values[0]["metrics_category"] == "excellent"
    assert "-" in values[1]["metrics_score_range"] and "metrics_score" not in values[2]


def test_html_has_the_item_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(EXAMPLE), "--html", str(out)]) == 0
    page = out.read_text()
    assert '<table class="assessment">' in page and "METRICS score: 87.1 (excellent)" in page
    assert page.count("<tr data-item=") == 30
    assert "9 features (sel) for 97 events" in page


def test_html_escapes_notes(tmp_path: Path) -> None:
    f = tmp_path / "x.pipe"
    f.write_text(pipe(RADIOMICS + 'assess item1 = yes "<script>alert(1)</script>"'))
    out = tmp_path / "r.html"
    assert main(["report", str(f), "--html", str(out)]) == 0
    page = out.read_text()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# -- properties --------------------------------------------------------------------------------------------------

@given(ps.pipelines(assessed=True))
def test_assessed_pipelines_round_trip_through_every_front_end(p: object) -> None:
    from pipespec.model import Pipeline

    assert isinstance(p, Pipeline) and p.assessment
    text = format_dsl(p)
    assert load_text(text, "t.pipe") == p and format_dsl(load_text(text, "t.pipe")) == text
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p
    assert load_text(to_json(p), "t.json", "json") == p


@given(ps.pipelines(assessed=True, incomplete=True))
def test_the_score_is_the_metrics_score_of_the_gating_answers(p: object) -> None:
    from pipespec import check
    from pipespec.model import Pipeline

    assert isinstance(p, Pipeline)
    r = check(p)
    a = r.assessment
    assert a is not None
    answers = {x.item: x.answer for x in p.assessment}
    if a.score is None:
        rng = score_range(answers, a.conditions)
        assert a.score_range == (rng.low, rng.high) and a.category is None
        assert any(v.verdict == "review" for v in r.conditions.values())
    else:
        assert a.score == score(answers, applicable_items(a.conditions)) and a.category == category(a.score)
    for c, v in r.conditions.items():
        if v.verdict != "review":
            assert a.conditions[c] is (v.verdict == "yes")
