"""The tabular-route matrix: Methods paragraphs of studies with no end-to-end network, composed from what is measured
(hand-crafted radiomic features by one software or another, texture, histogram, fractal or shape descriptors, semantic
features readers score, conventional quantities such as SUVmax or the mean ADC, clinical variables only), what
follows (selection, reduction, normalisation, oversampling; a classical model, a Rad-score, a radiomics signature, a
multilayer perceptron on the table, or no model at all), how the model is said (active or passive, British or
American spelling, an abbreviation defined once, a generic "classifier" or "prediction model" whose algorithm a later
sentence, a settings table's row or a figure's caption names, a label such as "an AI model" with no network, a
negation) and where. Each is drafted and its verdicts on Conditions #3, #4 and #5 (and #1 and #2 where it
delineates) are compared with the reading METRICS-E3 and pipespec's documented decisions give it by construction
(the mapping and the few contested combinations: tests/draft/tabular_cases.py)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipespec.draft
from tests.draft.reading import verdicts
from tests.draft.tabular_cases import Case, compose


def misread(case: Case) -> dict[int, tuple[str, str | None]]:
    """The conditions the draft of ``case`` reads otherwise than by construction (a drafted ``review`` is right on a
    contested one; drafting nothing is right where the case allows it)."""
    try:
        got: dict[int, str] = verdicts(case.text)
    except pipespec.draft.NothingToDraft:
        if case.empty_ok:
            return {}
        return {n: (want, None) for n, want in case.truth.items()}
    return {n: (want, got[n]) for n, want in case.truth.items()
            if got[n] != want and not (got[n] == "review" and n in case.contested)}


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_composed_study_without_an_end_to_end_network_drafts_to_its_reading_by_construction(
        data: st.DataObject) -> None:
    case = compose(lambda items: data.draw(st.sampled_from(list(items))))
    assert not misread(case), (misread(case), case.axes, case.text)
