"""The whole-study matrix: Methods sections composed from one to four components of a study (hand-crafted radiomics,
a clinical model, a network trained end to end, deep features into a classical model, fused features, a multilayer
perceptron on radiomic features, a segmentation network then a classification network, a segmentation network making
masks for radiomics, a ready-made segmentation tool making them, a commercial product used as supplied, a published
model only compared with), laid out as papers lay them out (their order, a shared or repeated delineation, seven
heading styles, abbreviations defined once and used alone later, a fact moved to a settings table or a figure's
caption, a sentence on what earlier studies did, an Introduction and a Discussion naming methods not used). Each is
drafted, and its verdicts on the five conditions are compared with the ones its components decide by construction:
a condition is yes when any component makes it yes, #2 only when every delineation is automated, #5 review only when
no component makes it yes and a ready-made segmentation tool leaves it to the reviewer (tests/draft/study_cases.py
states each component's verdicts and the composition)."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.draft.reading import verdicts
from tests.draft.study_cases import Study, compose


def misread(study: Study) -> dict[int, tuple[str, str]]:
    got = verdicts(study.text)
    return {n: (want, got[n]) for n, want in study.truth.items() if got[n] != want}


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_composed_study_drafts_to_the_verdicts_its_components_decide(data: st.DataObject) -> None:
    study = compose(lambda items: data.draw(st.sampled_from(list(items))))
    assert not misread(study), (study.axes, study.text)


# composed studies still misread, kept here until their cause is fixed (the oracle stays as it is)
KNOWN = [
    # a commercial product whose probability is the study's prediction, beside a random forest whose probability
    # "served as the radiomics score (Rad-score)": the score is drafted as a nomogram and the product wired into the
    # random forest, so it is no longer the study's predictive model (Condition #5 review instead of Yes)
    (("components=commercial#0+radiomics#2", "delineation=semi", "shared=True", "short=True", "headings=numbered-dot",
      "paper=True", "background=False", "settings=True"), 52),
]


@pytest.mark.parametrize(("axes", "seed"), KNOWN)
@pytest.mark.xfail(strict=True, reason="a known misreading of the whole-study matrix")
def test_known_misreadings_of_composed_studies(axes: tuple[str, ...], seed: int) -> None:
    rng = random.Random(seed)
    study = compose(lambda items: rng.choice(list(items)))
    assert study.axes[:len(axes)] == axes
    assert not misread(study), (study.axes, study.text)
