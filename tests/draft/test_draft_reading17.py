"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): the values a network's pooling or fully connected layer gives, taken as a classical model's
input."""

from __future__ import annotations

import pytest

from pipespec.draft import NothingToDraft
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


# ---------------------------------------------------------------------- a box from an intensity threshold
@pytest.mark.parametrize("box", [
    "Each volume was cropped automatically to the femoral head by a bounding box derived from bone thresholding.",
    "Thresholding the cortical bone at 300 HU defined a bounding box, and the volume was cropped to it.",
])
def test_a_box_from_an_intensity_threshold_that_crops_the_volume_is_no_segmentation(box: str) -> None:
    # a fixed rule placing the field of view is image preparation, as a crop at a fixed position is: nothing is
    # delineated (Condition #1), and the network learns from the images to the label (METRICS-E3, Condition #5)
    text = ("Hip CT of 400 patients with suspected occult fracture was collected. " + box + " A 3D ResNet-18 was "
            "trained from scratch on the cropped volumes to classify fracture, with cross-entropy loss.")
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


def test_a_lesion_boxed_after_thresholding_is_still_delineated() -> None:
    text = ("Bone CT of 200 patients was collected. Each lytic lesion was enclosed by a bounding box from "
            "thresholding of the lesion, and radiomic features were extracted with PyRadiomics and entered into a "
            "logistic regression.")
    v = verdicts(text)
    assert v[1] == "yes", v


# ---------------------------------------------------------------------- a numbered "Reference" subsection
def test_a_numbered_reference_subsection_does_not_end_the_methods() -> None:
    # the back matter is never numbered as a subsection: "2.2 Reference" is the reference standard, and the
    # Methods read on past it to the software the study applies
    text = ("## Methods\n\n### 2.1 Patients\nWe included 300 adults with ankle radiographs taken after trauma.\n\n"
            "### 2.2 Reference\nFracture was decided by a musculoskeletal radiologist with follow-up imaging.\n\n"
            "### 2.3 Model\nA DenseNet-121 was trained on the radiographs to classify fracture with cross-entropy "
            "loss.\n")
    assert any(k.startswith("model") for k in _kinds(text)), _kinds(text)
    assert verdicts(text)[5] == "yes"


def test_an_unnumbered_references_heading_still_ends_the_methods() -> None:
    text = ("## Methods\n\nWe included 300 adults with ankle radiographs. A radiologist rated fracture on each.\n\n"
            "## References\n\n1. Smith A. A DenseNet-121 was trained on radiographs to classify fracture. 2020.\n")
    try:
        kinds = _kinds(text)
    except NothingToDraft:
        return
    assert not any("DenseNet" in k for k in kinds), kinds


# ---------------------------------------------------------------------- a deep learning product named by its task
@pytest.mark.parametrize("product", [
    "a commercially available deep learning fracture detection product, used as supplied without retraining",
    "a CE-marked deep learning bone age software, run as delivered by the vendor",
])
def test_a_deep_learning_product_named_by_its_task_is_a_ready_made_network(product: str) -> None:
    # a deep network applied to the images as supplied: drafted as a deep model (METRICS-E3, Condition #5), not
    # declined for want of a name
    text = ("We retrospectively collected hand radiographs of 400 children. Two radiologists gave the reference "
            "reading in consensus. Each radiograph was analysed by " + product + ". Agreement with the reference "
            "was assessed with Bland-Altman analysis.")
    assert any(k.startswith("model") for k in _kinds(text)), _kinds(text)


# ---------------------------------------------------------------------- a finding read by the radiologist, in brackets
@pytest.mark.parametrize("listed", [
    "The network's probability, tumour size and margin (infiltrative or pushing, rated by the radiologist) were "
    "entered into a multivariable logistic regression.",
    "The CNN score, age and enhancement pattern (homogeneous or heterogeneous, assessed by two readers) were "
    "included in a logistic regression model.",
])
def test_a_finding_read_by_a_reader_and_listed_with_a_score_makes_the_model_tabular(listed: str) -> None:
    # a network's score combined with variables, one of them rated on the images by a reader, in a classical model:
    # that model works on a table of image-derived values (Condition #4); the network itself still learns end to end
    text = ("Pre-operative MRI of 250 patients with a bone tumour was collected. A radiologist outlined each tumour "
            "by hand. A 3D DenseNet-121 was trained from scratch on the tumour crops to predict malignancy with "
            "cross-entropy loss. " + listed)
    kinds = _kinds(text)
    assert "feature_extraction semantic" in kinds or any("semantic" in k for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "yes", v


def test_the_reference_read_by_a_radiologist_in_brackets_is_no_semantic_feature() -> None:
    # the label read by a reader is the outcome, not an input: no semantic feature stage
    text = ("Ankle radiographs of 500 patients were collected, with the label (fracture or not, read by a "
            "radiologist). A ResNet-50 was trained on the radiographs to classify fracture.")
    kinds = _kinds(text)
    assert not any("semantic" in k for k in kinds), kinds


# ---------------------------------------------------------------------- a bone's attenuation measured
@pytest.mark.parametrize("quantity", ["Vertebral attenuation", "Trabecular bone density", "Bone attenuation"])
def test_a_bone_s_attenuation_measured_and_entered_into_a_model_is_a_hand_crafted_feature(quantity: str) -> None:
    # a quantity measured in a region of the image is a hand-crafted (first-order) feature (Condition #3), and a
    # classical model that takes it works on tabular data (Condition #4)
    text = ("We studied 800 adults with lumbar spine CT after a fall. " + quantity + " at L1 was measured in a "
            "circular region of interest that a radiologist placed in the vertebral body. The association between "
            + quantity.lower() + " and vertebral fracture was tested with logistic regression adjusted for age and "
            "sex.")
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes", v


# ---------------------------------------------------------------------- a program places the region itself
@pytest.mark.parametrize("after", [
    "a radiologist reviewed every placement and changed none.",
    "a radiologist looked at each region.",
])
def test_a_region_the_software_places_itself_is_an_automatic_segmentation(after: str) -> None:
    # the program delineates; a person who only looks at its regions checks them (quality control), and the
    # segmentation stays fully automated (Condition #2)
    text = ("Hip CT of 500 women was collected. Femoral neck attenuation was measured with a vendor's bone "
            "application: the application places its own region of interest in the femoral neck and reports the mean "
            "Hounsfield units; " + after + " Femoral neck attenuation and age entered a logistic regression for hip "
            "fracture.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", v


def test_a_region_a_radiologist_places_in_the_software_is_not_automatic() -> None:
    text = ("Hip CT of 500 women was collected. A radiologist placed a region of interest in the femoral neck with "
            "the vendor's software, which reports the mean Hounsfield units. Femoral neck attenuation and age entered "
            "a logistic regression for hip fracture.")
    v = verdicts(text)
    assert v[2] != "yes", v


def test_a_supplied_program_of_unstated_kind_that_places_the_region_leaves_condition_5_to_review() -> None:
    # a program another maker supplies, its kind not stated, delineates automatically: whether it is a network used
    # as is cannot be read from the text, so Condition #5 is left to the reviewer rather than answered
    text = ("Hip CT of 500 women was collected. Femoral neck attenuation was measured by a CE-marked bone "
            "densitometry application. The application places its own region of interest in the femoral neck and "
            "reports the mean Hounsfield units. Femoral neck attenuation and age entered a logistic regression for "
            "hip fracture.")
    v = verdicts(text)
    assert v[2] == "yes" and v[5] == "review", v
