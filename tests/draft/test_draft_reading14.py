"""Ways Methods sections state how regions were delineated, each principle with paragraphs written for it (none is a
corpus text): what a ready-made tool learnt from, said beside the study's own automatic delineation, is the tool's
training data, not the study's hand."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, verdicts


@pytest.mark.parametrize("learnt", [
    "which its developers trained on 40 manually annotated scans of another cohort",
    "a lesion classifier built with 60 hand-drawn masks from a public data set",
    "trained using manually delineated lesions of a previously published study",
])
def test_what_a_ready_made_tool_learnt_from_is_not_the_studys_delineation(learnt: str) -> None:
    # a tool that delineates with no person in the loop for this study: fully automated (Condition #2), whatever
    # people once drew to train it elsewhere
    text = ("## Methods\n\nAll 300 FLAIR scans were processed the same way. White matter lesions were segmented "
            f"automatically with LesionSeg, {learnt}; the masks were used as produced. Texture features were "
            "extracted from the lesions with PyRadiomics and entered into a Cox regression for progression.")
    segs = delineations(text)
    assert segs and all("mode: automated" in s for s in segs), segs
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", v


@pytest.mark.parametrize("drawn", [
    "Two neuroradiologists manually annotated the lesions on every scan",
    "The lesions were delineated by hand on every scan by two neuroradiologists",
])
def test_a_study_whose_readers_draw_by_hand_stays_manual(drawn: str) -> None:
    # the contrast: the study's own readers drawing its regions make the delineation manual (Condition #2 no)
    text = (f"## Methods\n\nAll 300 FLAIR scans were included. {drawn} in ITK-SNAP. Texture features were extracted "
            "from the lesions with PyRadiomics and entered into a Cox regression for progression.")
    segs = delineations(text)
    assert segs and all("mode: manual" in s for s in segs), segs
    assert verdicts(text)[2] == "no"


def test_a_network_the_study_trains_on_its_readers_masks_keeps_them_as_labels() -> None:
    # a network trained in the study on hand-drawn masks of its own cases: the masks are the network's labels, and
    # the network's delineation of the test cases is automated (METRICS-E3, Condition #5, Example 2 for the cascade)
    text = ("## Methods\n\nA radiologist manually delineated the tumours on 120 training scans. A 3D U-Net was trained "
            "on these 120 manually segmented scans and then segmented the tumours of the 80 test scans. PyRadiomics "
            "features were extracted from the predicted masks and a random forest predicted the grade.")
    spec = draft(text).spec
    assert "training_only: yes" in spec and "labels_from: labels" in spec, spec
    assert verdicts(text)[2] == "yes"
