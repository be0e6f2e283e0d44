"""A network's output that a text names by the network's own name ("the DenseNet output probability", "the
ResNet-50 score") and enters into the model of clinical factors feeds that model, as its output named "the DL
score" or "its probability" does; a network merely set beside that model does not."""

from __future__ import annotations

import pytest

import pipespec

NETWORK = ("Methods\n\nCT images were cropped around the tumour and a 3D DenseNet-121 was trained from scratch to "
           "predict the pathological grade. ")


def feeds(text: str) -> set[tuple[str, str]]:
    d = pipespec.draft(text)
    kinds = {s.name: (s.kind, s.head.strip("\"")) for s in d.stages}
    return {(kinds[e.source][1], kinds[e.target][1]) for e in d.edges
            if kinds[e.source][0] == "model" and kinds[e.target][0] == "model"}


@pytest.mark.parametrize("sentence", [
    "The DenseNet output probability, together with CA19-9 level and tumour size, was entered into a multivariable "
    "logistic regression.",
    "A logistic regression model combined the DenseNet-121 predicted probability with CA19-9 level and age.",
    "CA19-9 level, age and the DenseNet score were entered into a logistic regression model.",
])
def test_a_network_s_output_named_by_the_network_feeds_the_clinical_model(sentence: str) -> None:
    assert ("3D DenseNet-121", "logistic regression") in feeds(NETWORK + sentence)


@pytest.mark.parametrize("sentence", [
    "A logistic regression of CA19-9 level and age was built as the clinical model, and its AUC was compared with "
    "that of the DenseNet.",
    "CA19-9 level and age were entered into a logistic regression model.",
])
def test_a_network_set_beside_the_clinical_model_does_not_feed_it(sentence: str) -> None:
    assert ("3D DenseNet-121", "logistic regression") not in feeds(NETWORK + sentence)
