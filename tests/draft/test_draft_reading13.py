"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): the thickness of a layer measured on the images, and an engineering paper's parts (its Related
work before the sections of its method, no Methods heading)."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from pipespec.draft.documents import read_document
from pipespec.draft.sections import select_part
from tests.draft.reading import heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- a layer's thickness, measured
@pytest.mark.parametrize("measured", [
    "the mean retinal nerve fibre layer thickness and the choroidal thickness under the fovea were computed",
    "the carotid intima-media thickness and the plaque area were measured on every image",
    "the bladder wall thickness was calculated in four quadrants",
])
def test_the_thickness_of_a_layer_measured_on_the_images_is_an_image_derived_quantity(measured: str) -> None:
    # quantities measured on the delineated structures and entered into a classical model: hand-crafted features in
    # a table (Conditions #3 and #4 yes, pipespec's decision for measurements a model takes)
    text = ("A segmentation network trained in-house delineated the boundaries on every scan without correction. From "
            f"the resulting masks, {measured} with in-house code. A logistic regression was built from these "
            "measurements, age and sex to classify disease versus health.")
    assert any(k.startswith("feature_extraction handcrafted") for k in _kinds(text)), _kinds(text)
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes", v


@pytest.mark.parametrize("acquired", [
    "The CT images were reconstructed with a slice thickness of 1.25 mm",
    "The images were acquired at 3-mm section thickness",
])
def test_how_thick_the_slices_are_measures_nothing(acquired: str) -> None:
    # the slice thickness is how the images were made: no feature of them, whatever model follows
    text = (f"{acquired}. A ResNet-50 pretrained on ImageNet was fine-tuned on the whole images to classify the "
            "nodules as benign or malignant.")
    assert not any(k.startswith("feature_extraction") for k in _kinds(text)), _kinds(text)
    assert verdicts(text)[4] == "no"


# ---------------------------------------------------------------------- an engineering paper's parts
_PAPER = ("Nodule detection with a two-stage network\n\n1 Introduction\n\nReading screening CT takes time, and early "
          "systems fed hand-crafted texture features to support vector machines.\n\n2 Related Work\n\nRadiomics "
          "studies extracted shape features of segmented nodules and trained random forests on them [4].\n\n"
          "3 Two-stage Detector\n\nWe train a 3D ResNet-18 detector on whole CT patches to find nodules, and a 3D CNN "
          "re-scores each candidate.\n\n4 Experiments\n\nWe report the sensitivity at eight false positives per "
          "scan.\n")


def test_an_engineering_papers_method_is_read_after_its_related_work() -> None:
    # no Methods heading and no Results heading: the sections after the Introduction and the Related work are the
    # paper's method, read to the end; the other studies' features and forests are not the study's
    part, note = select_part(read_document(_PAPER))
    read = _PAPER[part.start:part.end]
    assert part.title == "Two-stage Detector" and "sensitivity" in read and "random forests" not in read, part
    assert note is not None and "end of the text" in note
    v = verdicts(_PAPER)
    assert v[3] == "no" and v[4] == "no" and v[5] == "yes", v


def test_a_paper_with_results_still_reads_to_its_results() -> None:
    text = _PAPER.replace("4 Experiments", "4 Results")
    part, _ = select_part(read_document(text))
    assert part.title == "Two-stage Detector" and "sensitivity" not in text[part.start:part.end]


def test_a_text_of_sections_alone_is_still_read_whole() -> None:
    # no part of a paper before the sections: nothing says where the methods start
    text = "Data\n\nWe included 212 patients with CT.\n\nApproach\n\nA CNN classified the CT images.\n"
    part, note = select_part(read_document(text))
    assert (part.start, part.end) == (0, len(text)) and note is not None and "whole text" in note
    assert draft(text).stages


# ---------------------------------------------------------------------- masks drawn and left out of the analysis
@pytest.mark.parametrize("left_out", [
    "but those manual masks were not used in the analysis",
    "and these hand-drawn contours were not used for feature extraction",
])
def test_masks_drawn_by_hand_and_left_out_of_the_analysis_are_no_step_of_it(left_out: str) -> None:
    # a ready-made network delineates every case with no correction (Condition #2 yes); a reader's masks of a sample,
    # drawn to gauge the agreement and said not to be used, are a check beside the pipeline, not its delineation
    text = ("The liver was segmented on every CT with a publicly available pretrained nnU-Net applied with its "
            "released weights, and the masks were not corrected. For 40 randomly chosen scans, a radiologist also "
            f"outlined the liver by hand to estimate the Dice agreement, {left_out}. PyRadiomics features were "
            "extracted from the network's masks and a logistic regression predicted fibrosis.")
    segs = [k for k in _kinds(text) if "segmentation" in k]
    assert segs and all("mode: automated" in k for k in segs), _kinds(text)
    assert verdicts(text)[2] == "yes"


def test_masks_drawn_by_hand_that_the_analysis_uses_stay_manual() -> None:
    text = ("A radiologist outlined the liver by hand on every CT, and these masks were used for feature extraction. "
            "PyRadiomics features were extracted and a logistic regression predicted fibrosis.")
    segs = [k for k in _kinds(text) if "segmentation" in k]
    assert segs and all("mode: manual" in k for k in segs), _kinds(text)
    assert verdicts(text)[2] == "no"


# ---------------------------------------------------------------------- people of other specialties
@pytest.mark.parametrize("person", ["An endoscopist", "A dermatologist", "One orthodontist", "The grader"])
def test_a_specialist_who_reviews_the_images_and_draws_a_box_delineates_by_hand(person: str) -> None:
    # a box drawn round the lesion by a person and used to crop the network's input: a manual delineation
    # (Condition #1 yes, #2 no), whoever the person is and whatever they did with the images first
    text = (f"{person} (ten years of experience) reviewed every image and drew a rectangle around the lesion. The "
            "images were cropped to the rectangles, and a ResNet-50 pretrained on ImageNet was fine-tuned on the "
            "cropped images to classify the lesions as benign or malignant.")
    boxes = [k for k in _kinds(text) if "bounding_box" in k or "roi_crop" in k or "segmentation" in k]
    assert boxes and any("mode: manual" in k for k in boxes), _kinds(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


# ---------------------------------------------------------------------- descriptors of an examination
@pytest.mark.parametrize("descriptors", ["the six ultrasound descriptors", "the CT descriptors recorded above"])
def test_the_descriptors_of_an_examination_a_model_takes_are_semantic_features(descriptors: str) -> None:
    # what examiners record on a reporting system's terms is read by eye: semantic features in a table (Condition #4
    # yes, pipespec's decision for reader-rated features), none computed (#3 no), no region drawn (#1 no)
    text = ("During each scan the examiner recorded the largest diameter, the number of locules, the colour score and "
            "the presence of papillary projections on a structured form. A logistic regression for malignancy was "
            f"built with age, CA-125 and {descriptors} as candidate predictors.")
    assert any(k.startswith("feature_extraction semantic") for k in _kinds(text)), _kinds(text)
    v = verdicts(text)
    assert v[1] == "no" and v[3] == "no" and v[4] == "yes", v


@pytest.mark.parametrize("computed", ["texture descriptors", "shape descriptors"])
def test_descriptors_named_by_what_they_describe_are_computed(computed: str) -> None:
    text = (f"Tumours were segmented manually on CT, and {computed} were computed with PyRadiomics and entered into "
            "a logistic regression.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction handcrafted") for k in kinds), kinds
    assert not any(k.startswith("feature_extraction semantic") for k in kinds), kinds


# ---------------------------------------------------------------------- a region told apart from the tissue round it
@pytest.mark.parametrize("separated", [
    "The lesion was separated from the surrounding skin fully automatically by Otsu thresholding",
    "Each nodule was isolated from the adjacent parenchyma automatically with a fixed threshold",
])
def test_a_region_separated_from_the_tissue_round_it_is_delineated(separated: str) -> None:
    # a delineation however it is said (Condition #1 yes), automatic with no one editing it (#2 yes)
    text = (f"{separated}, and the resulting masks were not edited. Colour and texture features were computed in "
            "each mask and a random forest predicted the response.")
    segs = [k for k in _kinds(text) if "segmentation" in k]
    assert segs and "mode: automated" in segs[0], _kinds(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", v


def test_the_body_separated_from_the_images_background_delineates_no_region() -> None:
    text = ("The breast was separated from the image background with a threshold. A ResNet-50 was trained on the "
            "whole mammograms to classify them as cancer or not.")
    assert verdicts(text)[1] == "no", _kinds(text)


# ---------------------------------------------------------------------- a ready-made delineation as the study's method
@pytest.mark.parametrize("tool", [
    "a commercially available deep-learning auto-contouring application",
    "a CE-marked deep learning auto-segmentation software",
])
def test_a_ready_made_deep_delineation_that_is_the_studys_only_method_is_drafted_as_its_network(tool: str) -> None:
    # a commissioning study: the vendor's network delineates the organs with no one in the loop (Conditions #1, #2
    # yes), its structures are the study's output and a deep network takes the CT to them (#5 yes by METRICS-E3's
    # test; the network was trained by its vendor), and the clinical contours that served as reference are no step
    text = (f"We evaluated {tool} for head and neck radiotherapy; no model was trained by us. The planning CT is sent "
            "to the server and the organs at risk are contoured automatically, without user interaction. For each "
            "patient, the clinical contours drawn by a radiation oncologist served as reference, and agreement was "
            "measured with the Dice coefficient and the 95% Hausdorff distance.")
    d = draft(text)
    models = [f"{s.kind} {s.head}" for s in d.stages if s.kind == "model"]
    assert len(models) == 1, models
    spec = d.spec
    assert "training: pretrained_only" in spec and "task: segmentation" in spec, spec
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "no" and v[4] == "no" and v[5] == "yes", v


def test_a_ready_made_delineation_before_features_stays_a_step_of_the_pipeline() -> None:
    # the contrast: the network's masks are where features are computed, so it is a delineation step (its Condition
    # #5 left to review, pipespec's decision for a network applied as is), not the study's output
    text = ("The liver was contoured automatically with a commercially available deep-learning auto-segmentation "
            "software, without user interaction. PyRadiomics features were extracted from the masks and a random "
            "forest predicted fibrosis.")
    kinds = _kinds(text)
    assert any(k.startswith("preprocessing segmentation") for k in kinds), kinds
    assert [k for k in kinds if k.startswith("model")] == ['model "random forest"'], kinds


# ---------------------------------------------------------------------- a detector scored against the readers' boxes
_CADE = ("Lesions were annotated by an expert endoscopist with a box on every tenth frame. The computer-aided detection "
         "system was a commercially available device (version 2.0). The manufacturer states that it is a convolutional "
         "neural network trained on videos from other centres; we did not retrain it. Every video was played into the "
         "device and the detection boxes it overlays were recorded. {scored} Sensitivity and false-positive "
         "activations per minute were calculated.")


@pytest.mark.parametrize("scored", [
    "A lesion was counted as detected when a system box overlapped the expert box (IoU of at least 0.2).",
    "A box was a true positive if its intersection over union with the expert box was at least 0.3.",
])
def test_the_readers_boxes_a_detection_is_scored_against_are_the_reference(scored: str) -> None:
    # a ready-made detector draws its boxes with no one in the loop (Conditions #1, #2 yes); the expert's boxes are
    # the reference standard its detections are counted against, not a delineation the frames pass through; its
    # false-positive activations are alarms, no features taken from a layer (#4 no)
    text = _CADE.format(scored=scored)
    kinds = _kinds(text)
    assert not any("segmentation" in k or "bounding_box" in k for k in kinds), kinds
    assert "task: detection" in draft(text).spec
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[4] == "no" and v[5] == "yes", v


def test_the_activations_of_a_layer_are_still_deep_features() -> None:
    text = ("A ResNet-50 pretrained on ImageNet was applied to each crop, and the activations of its last pooling "
            "layer were extracted and classified by a support vector machine.")
    assert any(k.startswith("feature_extraction deep") for k in _kinds(text)), _kinds(text)


# ---------------------------------------------------------------------- the patient's variables, named one by one
@pytest.mark.parametrize("variables", [
    "the radiomic score plus baseline PSA, pathological TNM stage and body-mass index",
    "the radiomic score with clinical T stage and age",
    "the radiomic score; age, smoking status and the presence of emphysema were added as covariates",
    "the radiomic score and the clinical-pathological factors",
])
def test_the_patients_variables_named_one_by_one_are_a_clinical_input(variables: str) -> None:
    # a table of the patient's variables beside the image-derived score: a clinical input of the model, whatever
    # qualifier a stage is said with and however the list is led
    text = ("Tumours were delineated manually on CT and PyRadiomics features were extracted; LASSO gave a radiomic "
            f"score. A logistic regression was then fitted on {variables}.")
    assert "input tabular clinical" in _kinds(text), _kinds(text)


def test_a_cohort_matched_by_age_has_no_clinical_input() -> None:
    text = ("Controls were matched by age, sex and year of CT. Tumours were delineated manually and PyRadiomics "
            "features were extracted, and a random forest was trained on the features.")
    assert "input tabular clinical" not in _kinds(text), _kinds(text)
