"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): the values a network's pooling or fully connected layer gives, taken as a classical model's
input."""

from __future__ import annotations

import pytest

from tests.draft.reading import heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- the values of a network's layer
@pytest.mark.parametrize("taken", [
    "we kept the 2,048 values of the final average pooling layer for each patch.",
    "the 512 values from its last fully connected layer were recorded per image.",
])
def test_the_values_of_a_network_s_pooling_layer_are_deep_features(taken: str) -> None:
    # deep features a classical classifier takes: tabular data, not end-to-end (METRICS-E3, Condition #5, Example 5)
    text = ("Shoulder radiographs of 900 patients were collected. Each image was centred on the humeral head and "
            "passed through a ResNet-50 pretrained on ImageNet, left unchanged; " + taken + " A random forest was "
            "then trained on these values to predict rotator cuff tear in five-fold cross-validation.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction deep") for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


def test_the_values_of_a_tissue_layer_are_no_deep_features() -> None:
    # a layer of the body is no layer of a network: mean values measured in cartilage need no network's features
    text = ("Knee MRI of 120 patients was reviewed. A radiologist drew regions of interest by hand, and the mean T2 "
            "values of the superficial cartilage layer were recorded. A logistic regression related them to pain.")
    kinds = _kinds(text)
    assert not any(k.startswith("feature_extraction deep") for k in kinds), kinds
