"""The drafting evaluation measures what it says: the keyword baseline answers from keywords, a draft that
reproduces every expected pipeline and cites every expected phrase scores full marks, and drafts that cite the
wrong sentence, fail, or decline are counted as such. The evaluation runs whether or not the drafting exists."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest

import pipespec

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import draft_baseline
    import draft_corpus
    import draft_eval
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

DEV = draft_corpus.cases("dev")


class Evidence(NamedTuple):
    start: int
    end: int
    quote: str


def _oracle(shift: bool = False, kind_of: Callable[[str], str] | None = None,
            records: bool = False) -> Callable[[str], Any]:
    """A draft that returns the expected pipeline of the text it is given, citing each expected phrase (or, with
    ``shift``, the 60 characters after it)."""
    by_text = {c.text: c for c in DEV}

    def draft(text: str) -> Any:
        case = by_text[text]
        pipeline = pipespec.load(case.pipe_path)
        stages: dict[str, list[Evidence]] = {}
        for ev in case.evidence:
            start, end = draft_eval._spans(ev.phrases[-1], text)[0]
            if shift:
                start, end = end + 1, end + 61
            stages.setdefault(ev.name, []).append(Evidence(start, end, text[start:end]))
        if kind_of is not None:
            pipeline = SimpleNamespace(stages=[SimpleNamespace(name=s.name, kind=kind_of(s.kind))
                                               for s in pipeline.stages], pipeline=pipeline)
            return SimpleNamespace(pipeline=pipeline, spec=case.pipe_path.read_text(encoding="utf-8"), stages=stages)
        if records:  # stages as a sequence of records (name, kind, evidence), as a NamedTuple draft may give them
            kinds = {s.name: s.kind for s in pipeline.stages}
            return SimpleNamespace(pipeline=pipeline, stages=tuple(
                SimpleNamespace(name=n, kind=kinds[n], evidence=tuple(e)) for n, e in stages.items()))
        return SimpleNamespace(pipeline=pipeline, stages=stages, edges=[], missing=[], notes=[])

    return draft


def test_the_baseline_answers_from_keywords() -> None:
    assert draft_baseline.baseline("A ResNet-50 was fine-tuned on the radiographs to classify fractures.")[5] == "yes"
    deep_features = ("Deep features were extracted from the last layer of a ResNet-50 and a support vector machine "
                     "classifier was trained on them.")
    assert draft_baseline.baseline(deep_features)[5] == "no"
    manual = draft_baseline.baseline("Tumours were delineated manually by a radiologist. PyRadiomics was used.")
    assert manual[1] == "yes" and manual[2] == "no" and manual[3] == "yes" and manual[4] == "yes"
    automatic = draft_baseline.baseline("The liver was segmented automatically by a trained nnU-Net.")
    assert automatic[1] == "yes" and automatic[2] == "yes"
    for case in draft_corpus.cases():
        answers = draft_baseline.baseline(case.text)
        assert sorted(answers) == [1, 2, 3, 4, 5] and set(answers.values()) <= {"yes", "no"}


@pytest.mark.parametrize("records", [False, True])
def test_a_draft_that_reproduces_the_expected_pipelines_scores_full_marks(records: bool) -> None:
    t = draft_eval.tally(DEV, lambda c: draft_eval.run_draft(_oracle(records=records), c))
    assert t.cases == len(DEV) and t.agree == {n: len(DEV) for n in range(1, 6)}, t.misses
    assert t.evidence_found == t.evidence_expected > 0
    assert t.invented == 0 and t.quotes == t.evidence_expected
    none = sum(c.no_pipeline for c in DEV)  # the reader study, the statistics paper, the review
    assert none >= 2 and t.statuses == {"drafted": len(DEV) - none, "declined": none}


def test_evidence_in_another_sentence_or_on_another_kind_of_stage_is_not_found() -> None:
    shifted = draft_eval.tally(DEV, lambda c: draft_eval.run_draft(_oracle(shift=True), c))
    assert shifted.evidence_found < shifted.evidence_expected // 3
    wrong_kind = draft_eval.tally(DEV, lambda c: draft_eval.run_draft(_oracle(kind_of=lambda k: "x" + k), c))
    assert wrong_kind.evidence_found == 0


def test_review_agrees_only_where_the_case_marks_the_condition_contested() -> None:
    contested = next(c for c in DEV if 5 in c.contested and c.expected[5] != "review")
    plain = next(c for c in DEV if 5 not in c.contested and c.expected[5] != "review")
    assert draft_eval.agrees("review", contested, 5) and not draft_eval.agrees("review", plain, 5)
    assert draft_eval.agrees(plain.expected[5], plain, 5) and not draft_eval.agrees(None, plain, 5)


def test_failures_and_refusals_are_counted() -> None:
    def crash(text: str) -> Any:
        raise RuntimeError("boom")

    def refuse(text: str) -> Any:
        raise ValueError("no Methods section found")

    crashed = draft_eval.tally(DEV, lambda c: draft_eval.run_draft(crash, c))
    assert crashed.statuses == {"failed": len(DEV)} and sum(crashed.agree.values()) == 0
    refused = draft_eval.tally(DEV, lambda c: draft_eval.run_draft(refuse, c))
    assert refused.agree[5] == sum(c.no_pipeline for c in DEV) >= 2


def test_evidence_is_read_from_objects_mappings_and_tuples() -> None:
    as_dicts = draft_eval._evidence_list([{"start": 1, "end": 5, "quote": "abcd"}])
    as_objects = draft_eval._evidence_list([Evidence(1, 5, "abcd")])
    single = draft_eval._evidence_list(Evidence(1, 5, "abcd"))
    assert as_dicts == as_objects == single == [(1, 5, "abcd")]
    assert draft_eval._quote_matches("Tumours were segmented on T2.", "segmented on T2")
    assert draft_eval._quote_matches("segmented on", "tumours were segmented on T2")
    assert not draft_eval._quote_matches("on", "tumours were segmented on T2")


def test_several_phrases_above_a_stage_are_alternatives() -> None:
    text = "A network classified each view. Table 1: Architecture EfficientNet-B4, weights ImageNet."
    expected = draft_corpus.ExpectedStage("model", "net", ("A network classified each view", "EfficientNet-B4"))
    table_row = {"m": [(32, 88, text[32:88])]}
    assert draft_eval.evidence_found(expected, text, {"m": "model"}, table_row)
    assert not draft_eval.evidence_found(expected, text, {"m": "output"}, table_row)
    assert not draft_eval.evidence_found(expected, text, {"m": "model"}, {"m": [(None, None, "weights ImageNet")]})


@pytest.mark.parametrize("args", [["--split", "dev", "--show"], ["--split", "holdout", "--show"]])
def test_the_evaluation_prints_its_table_and_exits_0(args: list[str], tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "draft_eval.py"), *args, "--json",
                          str(tmp_path / "f.json")], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "keyword baseline" in out.stdout and "condition 5 agrees" in out.stdout
    assert "pipespec.draft is not there yet" in out.stdout or "evidence in the right sentence" in out.stdout
    if "holdout" in args:
        assert "held-out cases are not listed" in out.stdout
        assert not any(c.name in out.stdout for c in draft_corpus.cases("holdout"))
    assert (tmp_path / "f.json").read_text(encoding="utf-8").startswith("{")
