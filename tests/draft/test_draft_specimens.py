"""A specimen parted from the tissue round it in the laboratory is no region delineated on the images."""

from __future__ import annotations

import pytest

import pipespec

_NET = ("Methods\n\nA ResNet-50 convolutional neural network was trained on the CT images to classify the nodules as "
        "benign or malignant. ")


@pytest.mark.parametrize("sentence", [
    "The DNA was isolated from the adjacent normal tissue samples.",
    "Cells were separated from the surrounding medium by centrifugation.",
])
def test_a_specimen_separated_in_the_laboratory_adds_no_delineation(sentence: str) -> None:
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "seg" not in stages, stages


def test_a_region_separated_from_the_tissue_round_it_is_still_delineated() -> None:
    text = ("Methods\n\nThe plaque was separated from the surrounding skin on each photograph. Radiomic features were "
            "extracted with PyRadiomics and a random forest classified the plaques.")
    assert "seg" in [s.name for s in pipespec.draft(text).stages]
