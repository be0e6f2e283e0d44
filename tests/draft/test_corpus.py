"""The drafting corpus is sound: every case has its text and its expected pipeline, every expected pipeline loads
and meets its own `expect` lines for all five conditions, its evidence phrases are quoted from its own text, the
held-out split is at least a third, and no two texts are near-copies of each other."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import pipespec

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import draft_corpus as corpus
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

CASES = corpus.cases()


def _ids() -> Iterator[str]:
    return (f"{c.split}/{c.name}" for c in CASES)


def test_a_third_of_the_corpus_is_held_out() -> None:
    held = [c for c in CASES if c.split == "holdout"]
    assert len(CASES) >= 66 and len(held) >= 22
    assert 3 * len(held) >= len(CASES)


def test_both_splits_hold_texts_with_no_pipeline_and_contested_conditions() -> None:
    for split in corpus.SPLITS:
        cases = [c for c in CASES if c.split == split]
        assert any(c.no_pipeline for c in cases), split
        assert any(c.contested for c in cases), split
        assert {c.expected.get(5) for c in cases} >= {"yes", "no", "review"}, split


@pytest.mark.parametrize("case", CASES, ids=list(_ids()))
def test_every_case_has_a_text_and_a_pipeline(case: corpus.Case) -> None:
    assert case.text_path.is_file(), f"{case.name}: no text"
    assert case.pipe_path.is_file(), f"{case.name}: no expected pipeline"
    assert len(case.text.split()) >= 40, f"{case.name}: a Methods text, not a sentence"


@pytest.mark.parametrize("case", CASES, ids=list(_ids()))
def test_the_expected_pipeline_loads_and_meets_its_expectations(case: corpus.Case) -> None:
    assert sorted(case.expected) == [1, 2, 3, 4, 5], f"{case.name}: an expect line for each condition"
    report = pipespec.check(case.pipe_path)
    assert not report.errors, [p.message for p in report.errors]
    got = {e.condition: (e.expected, e.actual, e.passed) for e in report.expectations}
    assert sorted(got) == [1, 2, 3, 4, 5]
    assert all(passed for _, _, passed in got.values()), got
    if case.no_pipeline:
        assert not pipespec.load(case.pipe_path).stages, "a text with no pipeline expects no stages"


@pytest.mark.parametrize("case", CASES, ids=list(_ids()))
def test_evidence_phrases_are_quoted_from_the_text(case: corpus.Case) -> None:
    text = corpus.normalise(case.text)
    for ev in case.evidence:
        for phrase in ev.phrases:
            assert corpus.normalise(phrase) in text, f"{case.name}: {ev.kind} {ev.name}: {phrase!r} not in the text"
    if not case.no_pipeline:
        assert case.evidence, f"{case.name}: no stage marks its evidence"
    stages = {s.name: s.kind for s in pipespec.load(case.pipe_path).stages}
    for ev in case.evidence:
        assert stages.get(ev.name) == ev.kind, f"{case.name}: evidence above a stage that is not {ev.kind} {ev.name}"


def test_no_two_texts_are_near_identical() -> None:
    texts = [(f"{c.split}/{c.name}", c.text) for c in CASES if c.text_path.is_file()]
    for (a, ta), (b, tb) in itertools.combinations(texts, 2):
        assert corpus.similarity(ta, tb) < 0.3, (a, b)


def test_parse_pipe_reads_contested_evidence_and_no_pipeline_markers() -> None:
    text = ("# no pipeline: a reader study\n# contested: condition4, condition5\npipeline \"x\" {\n"
            "  # evidence: Head CT\n  # evidence: scans of 20 patients\n  input ct: CT image3d\n"
            "  # a comment that is not evidence\n  model m: SVM\n  expect condition5 = review\n}\n")
    expected, contested, evidence, no_pipeline = corpus.parse_pipe(text)
    assert expected == {5: "review"} and contested == {4, 5} and no_pipeline
    assert [(e.kind, e.name, e.phrases) for e in evidence] == [("input", "ct", ("Head CT", "scans of 20 patients"))]
    with pytest.raises(ValueError):
        corpus.parse_pipe("# contested: item14\n")


def test_near_copies_are_caught() -> None:
    a = CASES[0].text
    assert corpus.similarity(a, a.replace("the", "a", 3)) > 0.5
    assert corpus.similarity(a, CASES[1].text) < 0.3
