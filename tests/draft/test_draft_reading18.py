"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a classical model that an analysis is "performed with" takes a frozen network's embeddings and is
never their source."""

from __future__ import annotations

import pytest

from tests.draft.reading import heads, verdicts


# ---------------------------------------------------------------------- a classical model is the features' consumer
@pytest.mark.parametrize("probe", [
    "Linear probing was performed with a ridge-penalised logistic regression on the 1,024-d embeddings.",
    "Classification was carried out with a support vector machine on the 1,024-d embeddings.",
])
def test_a_classical_model_an_analysis_is_performed_with_takes_the_embeddings(probe: str) -> None:
    # deep features from a frozen network classified by a classical model: tabular data, no end-to-end deep learning
    # (METRICS-E3, Condition #5, Example 6); "performed with X on the embeddings" names X as the model fed them
    text = ("A technologist placed a rectangle around each mass on the mammograms. A publicly available Swin-B "
            "pretrained on 800,000 unlabelled mammograms was used; its weights were left unchanged. " + probe)
    kinds = sorted(heads(text).values())
    assert any(k.startswith("feature_extraction deep") for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v
