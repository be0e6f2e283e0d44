"""Scores that readers give, averaged, are no predictions combined after a model."""

from __future__ import annotations

import pytest

import pipespec

_RADIOMICS = ("Methods\n\nTwo radiologists manually segmented the tumours on the CT images. Radiomic features were "
              "extracted with PyRadiomics and a random forest classified the tumours as benign or malignant. ")
_NET = ("Methods\n\nA ResNet-50 convolutional neural network was trained on each CT slice to classify the nodules as "
        "benign or malignant. ")


@pytest.mark.parametrize("sentence", [
    "The two readers' scores were averaged.",
    "Image quality scores were averaged across readers.",
    "Confidence scores were averaged between the two radiologists.",
])
def test_readers_scores_averaged_add_no_post_processing(sentence: str) -> None:
    stages = [s.name for s in pipespec.draft(_RADIOMICS + sentence).stages]
    assert "post" not in stages, stages


@pytest.mark.parametrize("sentence", [
    "The slice-level probabilities were averaged to give the patient's score.",
    "The scores of the five networks were averaged.",
])
def test_a_models_outputs_averaged_are_still_post_processing(sentence: str) -> None:
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "post" in stages, stages
