"""The fourth development split (``tests/draft/corpus/dev4/``) is sound: Methods sections of clinical radiomics and
AI papers as radiologists write them, by an author who had not seen the drafting rules, where whether the study has
end-to-end deep learning follows from the data flow and not from its words (deep features into classical models,
fused features, networks trained to the outcome and then put into nomograms, frozen backbones with new heads,
two-stage systems, segmentation networks trained only to make radiomics masks, ready-made segmentation tools,
self-supervised pretraining, multiple-instance models, "end-to-end" used wrongly, deep learning named only in a
caption, a table or the Discussion) and texts with no pipeline. Every expected pipeline loads and meets its own
`expect` lines, its evidence phrases are quoted from its text, and no text is a near-copy of another in any
development split. Only the development splits are read here."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

import pipespec

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import draft_corpus as corpus
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

CASES = corpus.cases("dev4")


def test_the_split_is_large_and_varied() -> None:
    assert len(CASES) >= 30
    assert all(c.name[:3].isdigit() and int(c.name[:3]) >= 301 for c in CASES), "dev4 numbers from 301"
    assert any(c.no_pipeline for c in CASES) and any(c.contested for c in CASES)
    assert {c.expected.get(5) for c in CASES} >= {"yes", "no", "review"}
    assert {c.expected.get(2) for c in CASES} >= {"yes", "no"}
    assert {c.expected.get(3) for c in CASES} >= {"yes", "no"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_expected_pipeline_loads_and_meets_its_expectations(case: corpus.Case) -> None:
    assert case.text_path.is_file() and case.pipe_path.is_file(), case.name
    assert len(case.text.split()) >= 40, f"{case.name}: a Methods text, not a sentence"
    assert sorted(case.expected) == [1, 2, 3, 4, 5], f"{case.name}: an expect line for each condition"
    report = pipespec.check(case.pipe_path)
    assert not report.errors, [p.message for p in report.errors]
    got = {e.condition: e.passed for e in report.expectations}
    assert sorted(got) == [1, 2, 3, 4, 5] and all(got.values()), got
    stages = {s.name: s.kind for s in pipespec.load(case.pipe_path).stages}
    if case.no_pipeline:
        assert not stages, "a text with no pipeline expects no stages"
    else:
        assert case.evidence, f"{case.name}: no stage marks its evidence"
    text = corpus.normalise(case.text)
    for ev in case.evidence:
        assert stages.get(ev.name) == ev.kind, f"{case.name}: evidence above a stage that is not {ev.kind}"
        for phrase in ev.phrases:
            assert corpus.normalise(phrase) in text, f"{case.name}: {phrase!r} not in the text"


def test_no_two_development_texts_are_near_identical() -> None:
    earlier = corpus.cases("dev") + corpus.cases("dev2") + corpus.cases("dev3")
    for case, other in itertools.product(CASES, earlier + CASES):
        if case.name != other.name:
            sim = corpus.similarity(case.text, other.text)
            assert sim < 0.3, (case.name, f"{other.split}/{other.name}", sim)
