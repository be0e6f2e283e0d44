"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): what a contrasted study did, said in a relative clause after the contrast ("unlike Smith et al.,
who fine-tuned the network, we ..."), is that study's training, not this one's."""

from __future__ import annotations

import pytest

from tests.draft.reading import heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- the training of a contrasted study
@pytest.mark.parametrize("contrast", [
    "In contrast to Park et al. [7], who fine-tuned the entire network, we kept the extractor fixed because the cohort "
    "was small.",
    "Unlike earlier work (Liu, 2021), who retrained the whole model end to end, we left the weights as they came.",
    "As opposed to [12], which trained the complete network on the images, we reasoned that a fixed extractor suits "
    "small cohorts.",
])
def test_what_a_contrasted_study_did_in_a_relative_clause_is_not_the_studys_training(contrast: str) -> None:
    # a network used as a fixed extractor whose features a classical classifier takes is no end-to-end deep learning
    # (METRICS-E3, Condition #5, Example 6) however another study, named to contrast with, trained its own
    text = ("Two radiologists drew a rectangle around each lesion on the ultrasound images, and the crops were resized. "
            "A DenseNet-121 pretrained on ImageNet served as a fixed feature extractor and the output of its last "
            "pooling layer was kept for every crop. " + contrast + " The features were reduced by PCA and a random "
            "forest was trained on them.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction deep") for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


def test_the_studys_own_fine_tuning_after_a_contrast_is_still_read() -> None:
    # the contrast's scope ends with the contrasted party: the study's own clause after it is the study's
    text = ("Two radiologists drew a rectangle around each lesion on the ultrasound images. Unlike Park et al. [7], "
            "who used a fixed extractor, we fine-tuned the entire DenseNet-121 end to end on the crops to predict "
            "malignancy.")
    v = verdicts(text)
    assert v[5] == "yes", v
