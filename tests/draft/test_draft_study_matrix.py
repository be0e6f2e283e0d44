"""The whole-study matrix: Methods sections composed from one to four components of a study (hand-crafted radiomics,
a clinical model, a network trained end to end, deep features into a classical model, fused features, a segmentation
network then a classification network, a segmentation network making masks for radiomics, a commercial product used
as supplied, a published model only compared with), laid out as papers lay them out (order, a shared or repeated
delineation, headings of four kinds, abbreviations defined once and used alone later, a fact moved to a settings table
or a figure's caption, an Introduction and a Discussion naming methods not used). Each is drafted, and its verdicts on
the five conditions are compared with the ones its components decide by construction (tests/draft/study_cases.py,
whose docstring states the composition)."""

from __future__ import annotations

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
