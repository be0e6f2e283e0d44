"""A patient variable that picks the cohort ("patients with age under 18 years") is not a variable fed to a model."""

from __future__ import annotations

import pytest

import pipespec

_NET = ("Methods\n\nA ResNet-50 convolutional neural network was trained on the CT images to classify the nodules as "
        "benign or malignant. ")


@pytest.mark.parametrize("sentence", [
    "Patients with age under 18 years were excluded.",
    "Scans of patients with tumor grade 3 were reviewed by a pathologist.",
    "Cases with neutrophil count above the normal range were left out.",
    "Women with menopausal status unknown were not enrolled.",
])
def test_the_people_a_variable_picks_draw_no_clinical_input(sentence: str) -> None:
    # "with <variable>" after the people it describes says who was studied, not what joins the images in the model
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" not in stages, stages


@pytest.mark.parametrize("sentence", [
    "The network's probability was then combined with age and tumor grade in a logistic regression model.",
    "A logistic regression model was fitted with the deep learning score plus neutrophil count.",
])
def test_a_variable_combined_with_the_model_is_still_a_clinical_input(sentence: str) -> None:
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" in stages, stages


@pytest.mark.parametrize("sentence", [
    "Patients were matched for age and sex.",
    "The training and test sets were balanced with respect to age and sex.",
    "The cohort was split into training and test sets stratified by age and sex.",
])
def test_the_variables_a_cohort_is_matched_or_split_by_draw_no_clinical_input(sentence: str) -> None:
    # matching, balancing or stratifying by a variable describes the cohort; the model still sees only the images
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" not in stages, stages


def test_a_variable_combined_after_the_matching_is_still_a_clinical_input() -> None:
    sentence = ("Patients were matched for age and sex, and the network's probability was then combined with PSA "
                "density in a logistic regression model.")
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" in stages, stages


@pytest.mark.parametrize("sentence", ["Patient age and sex were recorded.",
                                      "Age and sex were retrieved from the records."])
def test_variables_only_recorded_draw_no_clinical_input(sentence: str) -> None:
    # "and sex" after "age" joins two variables of a list, not a variable to what the model takes
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" not in stages, stages


def test_a_variable_joined_to_the_models_score_is_still_a_clinical_input() -> None:
    sentence = "A logistic regression model combined the deep learning score and age."
    stages = [s.name for s in pipespec.draft(_NET + sentence).stages]
    assert "clin" in stages, stages
