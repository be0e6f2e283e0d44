"""Ways whole manuscripts state what the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a later part of the paper opened as a run-in label ends the Methods, a bracket that counts cases
names no product's maker, readers scoring a form of descriptors (a contour among them), an annotation of the whole
image with outlines said not to be drawn, a model fitted "as reference", and a frozen network's pooled output kept
for each case."""

from __future__ import annotations

import pytest

from pipespec.draft import NothingToDraft, draft, read_document
from pipespec.draft.sections import select_part
from tests.draft.reading import delineations, heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- a run-in label of a later part
_READER_STUDY = (
    "Prostate MRI and interreader agreement\n\n"
    "Patients and methods\n\n"
    "Study population. We enrolled 90 men with a PSA above 4 ng/mL who underwent biparametric MRI at 3 T.\n\n"
    "Image review. Four radiologists independently assigned a PI-RADS category to each index lesion on a PACS "
    "workstation; no software assistance was used.\n\n"
    "Statistical analysis. Agreement was measured with Fleiss' kappa and compared between readers by bootstrap.\n\n"
    "{results} The texture features of the lesions and a logistic regression on them performed best.\n\n"
    "{discussion} Radiomic features extracted with PyRadiomics and a convolutional neural network trained on the "
    "images were outside the scope of this work.\n")


@pytest.mark.parametrize(("results", "discussion"), [
    ("Results.", "Discussion."),
    ("RESULTS:", "DISCUSSION:"),
    ("**Results:**", "**Discussion.**"),
    ("3. Results.", "4. Discussion."),
])
def test_a_later_part_opened_as_a_run_in_label_ends_the_methods(results: str, discussion: str) -> None:
    # a manuscript as submitted, or a letter, runs its parts into paragraphs under run-in labels with no heading line:
    # the Results and the Discussion are not the study's pipeline (a reader study: nothing to draft, all conditions no)
    text = _READER_STUDY.format(results=results, discussion=discussion)
    doc = read_document(text)
    part, _ = select_part(doc)
    read = doc.text[part.start:part.end]
    assert "Fleiss" in read and "texture" not in read and "PyRadiomics" not in read, read
    with pytest.raises(NothingToDraft):
        draft(text)


def test_a_methods_sentence_that_starts_with_results_is_no_label() -> None:
    # "Results were ..." is a sentence, not a label: the Methods go on
    text = ("Methods\n\nTumours on CT were segmented manually and PyRadiomics extracted texture features.\n\n"
            "Results were averaged over the folds. A random forest was trained on the selected features.\n")
    doc = read_document(text)
    part, _ = select_part(doc)
    assert "random forest" in doc.text[part.start:part.end]
    assert verdicts(text)[3] == "yes"


# ---------------------------------------------------------------------- a bracket that counts cases
@pytest.mark.parametrize("groups", [
    "Lesions were grouped by the WHO classification into benign (cyst, haemangioma, FNH; n = 88) and high-grade PNET "
    "(G2, G3 and neuroendocrine carcinoma; n = 64).",
    "Patients were classified into low-risk GIST (very low, low; n = 70) and high-risk GIST (intermediate, high; "
    "n = 45).",
])
def test_a_bracket_that_counts_cases_names_no_products_maker(groups: str) -> None:
    # the commas inside a bracket of a cohort's group are no maker or version: the abbreviation before it is a group,
    # not a commercial AI product applied to the images (Condition #5 stays with the model the text names)
    text = (groups + " Tumours were segmented manually on CT, radiomic features were extracted with PyRadiomics, "
            "and a logistic regression classified them.")
    kinds = _kinds(text)
    models = [k for k in kinds if k.startswith("model")]
    assert len(models) == 1 and "logistic regression" in models[0], kinds
    assert verdicts(text)[5] == "no"


def test_a_product_named_with_its_maker_and_version_is_still_a_product() -> None:
    text = ("Each mammogram was analysed with Transpara (version 1.7, ScreenPoint Medical), which assigns a cancer "
            "risk score from 1 to 10 to every examination.")
    assert any(k.startswith("model") and "Transpara" in k for k in _kinds(text)), _kinds(text)


# ---------------------------------------------------------------------- readers scoring a form of descriptors
@pytest.mark.parametrize("scored", [
    "Two radiologists (A, 12 years; B, 3 years) blinded to histology independently scored each mass on a "
    "structured form: contour, shape, margin with the surrounding fat, homogeneity and calcification.",
    "Both readers (with 5 and 15 years of experience), unaware of the outcome, rated every lesion according to a "
    "predefined sheet (Table 2): size, shape and contour, enhancement and necrosis.",
])
def test_readers_scoring_a_form_of_descriptors_rate_semantic_features_and_draw_no_contour(scored: str) -> None:
    # descriptors rated by eye that a model takes: a table (Condition #4 yes, pipespec's decision for reader-rated
    # features), none computed (#3 no); the contour listed among them is rated, not drawn (#1 no)
    text = ("Contrast-enhanced CT was performed before surgery. " + scored + " The longest diameter was measured with "
            "callipers. Descriptors significant on univariable analysis entered a multivariable logistic regression.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction semantic") for k in kinds), kinds
    assert not delineations(text), kinds
    v = verdicts(text)
    assert v[1] == "no" and v[3] == "no" and v[4] == "yes" and v[5] == "no", v


@pytest.mark.parametrize("drawn", [
    "A radiologist drew the contour of each tumour on every slice.",
    "The tumour contours were traced manually on each slice.",
])
def test_a_contour_drawn_round_the_tumour_is_still_a_delineation(drawn: str) -> None:
    text = drawn + " PyRadiomics extracted shape and texture features, and a random forest predicted the grade."
    assert delineations(text), _kinds(text)


# ---------------------------------------------------------------------- labels of the whole image
@pytest.mark.parametrize("labels", [
    "Annotation. Image-level labels only (fracture present or absent); no outlines or boxes were drawn.",
    "Ground truth. Each radiograph received an image-level label (normal or abnormal); no region was outlined and "
    "no mask was made.",
])
def test_image_level_labels_with_outlines_said_not_drawn_delineate_nothing(labels: str) -> None:
    # the whole radiograph is the network's input and its label the image's class (METRICS Condition #1 no; the
    # network learns from the images to the output: #5 yes); an outline named only as not drawn is none
    text = ("Wrist radiographs were exported from PACS. " + labels + " A DenseNet-121 pretrained on ImageNet was "
            "fine-tuned on the whole images with all layers trained.")
    assert not delineations(text), _kinds(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


def test_image_level_labels_beside_boxes_drawn_still_delineate() -> None:
    text = ("Annotation. Image-level labels were given, and two readers drew boxes round each fracture. A "
            "DenseNet-121 was fine-tuned on the radiographs.")
    assert delineations(text), _kinds(text)


# ---------------------------------------------------------------------- a model fitted as reference
def test_a_model_fitted_as_reference_is_a_comparator_not_a_stage() -> None:
    # the study's pipeline is the network's embeddings and the probe; the same regression fitted "as reference" to a
    # reader's measurement is what it is compared with (no hand-crafted feature of the pipeline: Condition #3 no)
    text = ("A radiologist placed a box around each nodule on CT. A ResNet-50 pretrained on ImageNet was used as a "
            "frozen feature extractor, and its 2,048 pooled outputs per crop were standardised. A logistic "
            "regression was fitted to the embeddings to classify adenoma. As reference, we fitted the same logistic "
            "regression to the mean attenuation of the nodule measured by the radiologist with a circular ROI.")
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "yes" and v[5] == "no", (v, _kinds(text))


def test_a_reference_standard_said_as_reference_is_still_read() -> None:
    # "As reference" naming the labels is no comparator model: the sentence states no fitted model and stays read
    text = ("As reference, histopathology after surgery was used. Tumours were segmented manually on MRI, "
            "PyRadiomics extracted texture features, and an SVM classified them.")
    assert verdicts(text)[3] == "yes"


# ---------------------------------------------------------------------- a frozen network's output kept per case
@pytest.mark.parametrize("kept", [
    "The encoder was run in inference mode only; for each crop, the 768-dimensional pooled output of the last stage "
    "was stored.",
    "The network was applied without any training, and the 1,024-dimensional pooled output of each volume was saved.",
])
def test_a_networks_pooled_output_kept_for_each_case_is_deep_features(kept: str) -> None:
    # embeddings of a network used as supplied, classified by a logistic regression: deep features in a table, not
    # end-to-end (METRICS-E3, Condition #5, Example 6), although the network is named by no known name
    text = ("A radiologist clicked the centre of each nodule on CT, and a cube around it was cut. We used the "
            "publicly released weights of a 3D foundation encoder pretrained on 100,000 CT volumes by its "
            "developers. " + kept + " The embeddings were standardised, and a logistic regression was fitted to "
            "classify the nodules.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction deep") for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, kinds)


# ---------------------------------------------------------------------- a registration number withheld for review
@pytest.mark.parametrize("registered", [
    "The prospective study (registration number NCT-XXXX, withheld for review) was approved by the ethics board.",
    "The trial's registration (NCT-number blinded for peer review) and its protocol were approved by the board.",
])
def test_a_trial_registration_number_withheld_for_review_is_no_image_registration(registered: str) -> None:
    # a manuscript as submitted blinds its registry number: still a trial's registration, no image step
    text = (registered + " A ResNet-50 was trained on the chest radiographs to classify pneumonia, and the images "
            "were resized to 224 pixels.")
    prep = [k for k in _kinds(text) if k.startswith("preprocessing")]
    assert prep and not any("register" in k for k in prep), _kinds(text)


# ---------------------------------------------------------------------- the imaging that guides a procedure
@pytest.mark.parametrize("procedure", [
    "Portable chest radiographs acquired 1-4 h after CT-guided lung biopsy were collected.",
    "Chest radiographs taken after lung biopsy under CT guidance were collected.",
])
def test_the_modality_that_guides_a_procedure_is_no_input(procedure: str) -> None:
    # an author correcting the draft would delete a CT input that no stage reads: the biopsy was guided by CT, the
    # network reads the radiographs
    text = procedure + " A DenseNet-121 was trained on the radiographs to detect pneumothorax."
    inputs = [k for k in _kinds(text) if k.startswith("input")]
    assert inputs == ["input XR"], _kinds(text)
