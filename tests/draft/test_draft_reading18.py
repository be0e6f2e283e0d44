"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a classical model that an analysis is "performed with" takes a frozen network's embeddings and is
never their source."""

from __future__ import annotations

import pytest

from tests.draft.reading import delineations, heads, verdicts


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


# ---------------------------------------------------------------------- a model built only as a baseline
@pytest.mark.parametrize("baseline", [
    "A radiomics model (PyRadiomics texture features and a random forest) on the same masks was built only as a "
    "baseline for comparison and is given in the supplement.",
    "An SVM on hand-crafted shape and texture features was trained solely as a comparator.",
])
def test_a_model_built_only_as_a_baseline_is_no_stage_of_the_pipeline(baseline: str) -> None:
    # the study's pipeline is a segmentation network feeding a classifying network (Condition #5 yes); a radiomics
    # model set beside it only to compare with is not part of it, so it computes no hand-crafted features (#3) and
    # handles no tabular data (#4)
    text = ("A 3D U-Net trained in this study segmented each kidney tumour on CT without manual editing. The predicted "
            "mask cropped a 96^3 cube, and a 3D DenseNet-121 trained from scratch on these cubes classified the tumour "
            "as benign or malignant. " + baseline)
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "no" and v[5] == "yes", v


# ---------------------------------------------------------------------- qualitative signs rated by readers
def test_qualitative_signs_readers_rate_are_semantic_features() -> None:
    # signs readers assess by eye are semantic features, not hand-crafted radiomics (Condition #3 no); entered into a
    # logistic regression they are tabular data (Condition #4 yes)
    text = ("We included 140 women with an indeterminate adnexal mass on MRI. Two radiologists assessed, independently "
            "and blinded to pathology, the following qualitative signs: solid tissue, septal thickness and signal on "
            "T2-weighted images. These variables entered a multivariable logistic regression, and discrimination was "
            "measured by AUC.")
    kinds = sorted(heads(text).values())
    assert any(k.startswith("feature_extraction semantic") for k in kinds), kinds
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "yes", v


# ---------------------------------------------------------------------- a finding said to be boxed
@pytest.mark.parametrize("boxed", [
    "Each renal mass was boxed by a radiologist on the arterial phase, and a 64^3 patch centred on it was cut out.",
    "The index lesions were manually boxed on every examination, and a 64^3 patch centred on each was cut out.",
])
def test_a_finding_said_to_be_boxed_is_a_bounding_box(boxed: str) -> None:
    # a reader's box around the finding delineates it (Condition #1 yes), by hand (Condition #2 no)
    text = (boxed + " A 3D ResNet-18 trained from scratch on these patches predicted the histological grade.")
    assert any("bounding_box" in h for h in delineations(text)), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


# ---------------------------------------------------------------------- quantities a reader measures, entered in a model
@pytest.mark.parametrize("measured", [
    "In 80 patients we simply measured, on the arterial and portal venous images, the largest tumour diameter in "
    "millimetres and the mean attenuation in a round ROI of 1 cm^2 placed by one radiologist in the solid part.",
    "In 80 patients the radiologist measured the largest tumour diameter and the mean attenuation in a round ROI of "
    "1 cm^2 in the solid part.",
])
@pytest.mark.parametrize("entered", [
    "Both measurements were entered in a logistic regression with nodal status as the dependent variable.",
    "These measurements entered a logistic regression with nodal status as the dependent variable.",
])
def test_quantities_a_reader_measures_and_a_regression_takes_are_hand_crafted_features(
        measured: str, entered: str) -> None:
    # quantities measured in a hand-drawn region are hand-crafted features (first-order, shape) and, entered in a
    # classical model, tabular data (Condition #4), however far the verb stands from the quantity in its clause
    text = measured + " " + entered
    kinds = sorted(heads(text).values())
    assert any(k.startswith("feature_extraction handcrafted") for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


# ---------------------------------------------------------------------- outlines of the cases a network is trained on
@pytest.mark.parametrize("cases", [
    "on 90 randomly chosen patients whose spleen had been outlined manually by a radiologist",
    "in this work on 90 examinations in which the spleen was contoured by hand by two readers",
])
def test_the_outlines_of_the_cases_a_network_is_trained_on_are_its_labels(cases: str) -> None:
    # a network trained on hand-drawn outlines, then segmenting every case unedited, is a fully automated
    # segmentation (Condition #2 yes): the outlines only taught it, as its labels
    text = (f"A 3D U-Net was trained {cases}; after training, it segmented the spleen in all 400 patients and its "
            "masks were used unchanged. Within each mask, 100 radiomic features were extracted with PyRadiomics and "
            "a random forest was trained on them.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", (v, heads(text))
