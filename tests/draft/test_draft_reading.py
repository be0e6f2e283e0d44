"""More of how Methods sections state the facts the five conditions turn on, each principle with paragraphs written
for it in several phrasings (none is a corpus text): what a network's outputs become, who changes a mask, what a
study sets beside its pipeline only to compare with it."""

from __future__ import annotations

import pytest

from pipespec.analysis.engine import analyse
from pipespec.draft import draft


def heads(text: str) -> dict[str, str]:
    return {s.name: f"{s.kind} {s.head}" for s in draft(text).stages}


def verdicts(text: str) -> dict[int, str]:
    return {n: v.verdict for n, v in analyse(draft(text).pipeline).conditions.items()}


@pytest.mark.parametrize("text", [
    "We built a deep learning radiomics (DLR) model to quantify each lesion. Breast ultrasound patches were passed "
    "through an ImageNet-pretrained ResNet-50, its pooled activations were taken as features, and an SVM classified "
    "them.",
    "Deep-learning radiomics was used to characterise and quantify the nodules on CT. A frozen DenseNet-121 served "
    "as a feature extractor and a LASSO logistic regression was trained on its features.",
    "A DL-radiomics signature was derived for every tumour. An EfficientNet-B0 was used as a fixed feature extractor "
    "on the MRI crops, and the deep features entered a random forest.",
])
def test_deep_learning_radiomics_is_learned_not_computed_features(text: str) -> None:
    # "radiomics" after "deep learning" names what a network learns: no hand-crafted extraction (Condition #3)
    assert not any(h.startswith("feature_extraction handcrafted") for h in heads(text).values()), heads(text)
    assert verdicts(text)[3] == "no"


def test_radiomics_said_alone_is_still_hand_crafted() -> None:
    text = ("Tumours on CT were outlined manually and radiomics features were extracted from each outline; a random "
            "forest predicted recurrence.")
    assert verdicts(text)[3] == "yes", heads(text)
