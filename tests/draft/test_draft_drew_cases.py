"""'Drew' that picks cases or makes a list outlines no region; a reader drawing regions still delineates."""

from __future__ import annotations

import pytest

import pipespec

_NET = ("Methods\n\nA ResNet-50 convolutional neural network was trained on the CT images to classify the nodules as "
        "benign or malignant. ")


@pytest.mark.parametrize("sentence", [
    "A radiologist drew 50 cases at random from the archive.",
    "Three raters drew the images at random from the archive.",
    "Two readers drew further patients from the registry.",
    "The examiners drew up a list of the eligible patients.",
])
def test_cases_drawn_or_a_list_drawn_up_add_no_delineation(sentence: str) -> None:
    # the passive ("cases were drawn at random") was already read so: the active says the same
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "seg" not in stages, stages


@pytest.mark.parametrize("sentence", [
    "A radiologist drew up to three ROIs on each lesion.",
    "A radiologist drew ROIs in randomly selected slices of the tumour.",
    "A radiologist drew contours on images from the venous phase.",
])
def test_a_reader_drawing_regions_still_delineates(sentence: str) -> None:
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "seg" in stages, stages
