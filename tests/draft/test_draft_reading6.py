"""Further ways Methods sections state the facts the five conditions turn on, each principle with paragraphs written
for it (none is a corpus text): a statistic per volume is no quantity of the images; quantities computed from a
network's masks and only compared with a reference feed no model; and more below, each naming the principle or the
METRICS-E3 example it protects."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, heads, verdicts


def _tasks(text: str) -> list[str]:
    """The tasks of the drafted models, in order."""
    out: list[str] = []
    for st in draft(text).pipeline.stages:
        if st.kind == "model":
            task = st.get("task")
            out += list(task) if isinstance(task, tuple) else [str(task)] if task else []
    return out


def _kinds(text: str) -> list[str]:
    return sorted(h.split(" ", 1)[0] for h in heads(text).values())


# ------------------------------------------------------------------------------- quantities no model takes
@pytest.mark.parametrize("said", [
    "Detection sensitivity and false positives per volume were computed against the readers' boxes, and the AUC "
    "from the highest candidate score.",
    "Recall and false detections per volume were calculated for each scan, and the AUC from the maximum box score.",
    "Hits and false alarms for each volume were computed against the reference boxes; the AUC came from the top "
    "candidate score.",
])
def test_a_statistic_per_volume_is_no_quantity_of_the_images(said: str) -> None:
    # "false positives per volume were computed": a detection statistic counted per scan, not a volume measured on a
    # region (hand-crafted features, Condition #3, are computed on the images; METRICS-E3, Condition #4, Example 4
    # has a network with no table)
    text = ("CT volumes of 400 patients were collected. Two readers drew a box around every nodule. A YOLOv8 detector "
            "pretrained on COCO was fine-tuned on the boxes to detect nodules. " + said)
    assert "feature_extraction" not in _kinds(text), heads(text)
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("tool", ["with the same script", "using in-house code", "based on Simpson's rule"])
def test_quantities_computed_from_masks_and_only_compared_feed_no_model(tool: str) -> None:
    # ventricular volumes and ejection fraction computed from a segmentation network's masks and from the reference
    # contours, then compared for agreement: measurements of the output, no features a model takes (Condition #3 and
    # #4 no); "with the same script" names how they were computed, not a model they are fed to
    text = ("Cine MRI of 900 patients was used. A 2D U-Net was trained from scratch on expert contours to segment "
            "the left ventricle. End-diastolic and end-systolic volumes and ejection fraction were computed from "
            f"the network's segmentation and from the reference contours {tool}. Agreement was assessed with "
            "Bland-Altman analysis.")
    assert "feature_extraction" not in _kinds(text), heads(text)
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "no", v


def test_quantities_measured_and_entered_into_a_model_stay_features() -> None:
    # the same quantities entered into a regression are image-derived features in a table (Condition #4 yes)
    text = ("Cine MRI of 900 patients was used. A 2D U-Net was trained from scratch on expert contours to segment "
            "the left ventricle. End-diastolic volumes and ejection fraction were computed from the masks and "
            "entered into a Cox regression for mortality.")
    assert "feature_extraction" in _kinds(text), heads(text)
    assert verdicts(text)[4] == "yes"


# ------------------------------------------------------------------------------------------ a checklist's layout
_CHECKLIST = ("## Methods{remark}\n\n"
              "**Item 7. Data.** Chest radiographs of 3,000 adults were exported from the PACS of one hospital as "
              "DICOM files and converted to PNG after applying the stored VOI LUT.\n\n"
              "**Item 14. Annotation.** Each radiograph received one image-level label (pneumothorax present or "
              "absent).\n\n"
              "**Item 21. Model.** A DenseNet-121 pretrained on ImageNet was fine-tuned end to end on the whole "
              "radiographs.\n\n"
              "## Results{remark}\n\nThe AUC was 0.93.\n")


@pytest.mark.parametrize("remark", ["", " (reported following the CLAIM checklist)", " [abridged]"])
def test_a_checklist_layout_states_no_delineation_by_its_words(remark: str) -> None:
    # a Methods written as checklist items: the DICOM "VOI LUT" is the display window, no volume of interest; an
    # "Annotation" item whose sentence gives each image one label is that label, no outline; the whole radiographs go
    # into a network fine-tuned end to end (Condition #1 no, #5 yes: METRICS-E3, Condition #5, Example 4)
    text = _CHECKLIST.format(remark=remark)
    assert delineations(text) == [], heads(text)
    assert "image3d" not in " ".join(heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[1] == "no" and v[2] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("remark", [" (reported following the CLAIM checklist)", " (abridged)"])
def test_a_heading_with_a_remark_in_brackets_is_still_the_part_it_names(remark: str) -> None:
    # "Methods (reported following ...)" is the Methods, and "Results (excerpt)" ends it
    d = draft(_CHECKLIST.format(remark=remark))
    assert d.section.title.startswith("Methods"), d.section
    assert "AUC was" not in d.text[d.section.start:d.section.end]


def test_a_bold_run_in_label_with_a_full_stop_inside_is_read_with_its_sentence() -> None:
    # "**Item 7. Data.** ...": one label, read with the sentence it introduces, never a sentence of its own
    d = draft(_CHECKLIST.format(remark=""))
    model = next(st for st in d.stages if st.kind == "model")
    assert [(e.sentence, e.quote.startswith("Model.")) for e in model.evidence] == [(1, False)], model.evidence


def test_an_annotation_that_outlines_is_still_a_delineation() -> None:
    # the same heading over a sentence that outlines: a delineation by a reader (Condition #1 yes, #2 no)
    text = _CHECKLIST.format(remark="").replace(
        "Each radiograph received one image-level label (pneumothorax present or absent).",
        "A radiologist outlined each pneumothorax on the radiographs, and these masks were cropped for the network.")
    assert delineations(text), heads(text)
    assert verdicts(text)[1] == "yes"


@pytest.mark.parametrize("what", ["the lesion boundaries", "the lesion borders", "the extent of each lesion"])
def test_an_annotation_of_boundaries_beside_an_image_level_label_is_still_a_delineation(what: str) -> None:
    # a sentence giving each image one label and then annotating where the lesion is: the reader's annotation is a
    # manual delineation the features are taken from (Condition #1 yes, #2 no)
    text = ("Mammograms of 800 women were collected. Each image received an image-level label of malignancy, and a "
            f"radiologist annotated {what} on every malignant image. Radiomic features were extracted from the "
            "annotated lesions with PyRadiomics, and a random forest classified them.")
    v = verdicts(text)
    assert (v[1], v[2]) == ("yes", "no"), (v, heads(text))


# ------------------------------------------------------------------------- an "AI model" that is a classical model
_READ = ("Chest CT of 350 patients with a subsolid nodule was collected. Two thoracic radiologists (10 and 15 years "
         "of experience) independently reviewed each nodule on lung windows, blinded to histology, and {verb} the "
         "following CT descriptors on a standard form: nodule type, solid-component size, margin and pleural "
         "retraction. ")


@pytest.mark.parametrize("verb", ["recorded", "rated", "scored", "assessed", "documented"])
@pytest.mark.parametrize("model", [
    "Our artificial intelligence (AI) model was developed on the development cohort. The descriptors, age and sex "
    "were entered into a multivariable logistic regression with backward selection. The AI model was applied "
    "unchanged to the test cohort.",
    "A machine learning model was built on the training cohort: the descriptors and smoking history entered a "
    "LASSO logistic regression. The ML model then gave each nodule a probability of invasiveness.",
])
def test_an_ai_model_built_as_a_classical_model_on_readers_descriptors_is_that_model(verb: str, model: str) -> None:
    # what the authors call an AI model is the logistic regression they fit on descriptors the radiologists
    # recorded: semantic features in a table (Condition #4 yes, METRICS-E3, Condition #4: tabular data), no network
    # on the images (Condition #5 no, Condition #5, Example 5: a classical model on features is no end-to-end
    # learning); the readers, named long before what they record, rate the images rather than compute
    text = _READ.format(verb=verb) + model
    got = heads(text)
    assert any(h.startswith("feature_extraction semantic") for h in got.values()), got
    assert not any(h.startswith("model") and "logistic" not in h and "LASSO" not in h for h in got.values()), got
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "yes" and v[5] == "no", v


def test_an_ai_model_trained_on_the_images_stays_a_model_of_its_own() -> None:
    # an AI model the text says reads the radiographs is a model on the images beside the logistic regression of a
    # comparator (its family unstated: Condition #5 review)
    text = ("Panoramic radiographs of 900 women were collected. A logistic regression with cortical width and age "
            "was fitted as a comparator. An artificial intelligence (AI) model developed at our institute was "
            "trained on the radiographs to classify osteoporosis.")
    assert verdicts(text)[5] == "review", heads(text)


def test_an_ai_model_whose_score_a_classical_model_takes_stays_a_model_of_its_own() -> None:
    # the logistic regression combines the AI model's score with age and sex: the AI model gave that score, one more
    # model of unstated family before it (Condition #5 review), not the logistic regression itself
    text = ("Chest radiographs of 500 patients were collected. An in-house AI model, developed by our group, gave an "
            "abnormality score for each patient. A logistic regression combined the score with age and sex to predict "
            "mortality.")
    assert verdicts(text)[5] == "review", heads(text)


@pytest.mark.parametrize("said", [
    "Two radiologists independently outlined every nodule on lung windows in 3D Slicer, and the software computed "
    "107 PyRadiomics features.",
    "Two radiologists independently reviewed every nodule on lung windows, and assessed the reproducibility of the "
    "radiomic features extracted with PyRadiomics.",
])
def test_readers_who_record_descriptors_after_delineating_do_not_make_software_features(said: str) -> None:
    # a long clause in which the readers delineate and software computes is no reading by eye
    text = "CT of 200 patients was collected. " + said + " A random forest predicted invasiveness."
    assert not any(h.startswith("feature_extraction semantic") for h in heads(text).values()), heads(text)
    assert verdicts(text)[3] == "yes"


# --------------------------------------------------------------------- a network's parts said after its name
@pytest.mark.parametrize("parts", [
    "A decoder with skip connections outputs a lesion mask for every slice, and a classification head on the "
    "pooled encoder features outputs the probability of malignancy.",
    "Its decoder returns a mask of the nodule, while a classification branch on the bottleneck gives the "
    "probability that the nodule is malignant.",
])
def test_a_decoder_that_outputs_masks_beside_a_classification_head_segments_for_its_network(parts: str) -> None:
    # the network is named first and its parts in the next sentence, which names no network: one multi-task network
    # that segments and classifies (Conditions #1 and #2 yes, #5 yes: METRICS-E3, Condition #5, Example 2 counts a
    # segmentation network trained in the study as an end-to-end component); the readers' outlines that "served as
    # training targets" are its labels, not a step its images pass through
    text = ("Ultrasound images of 600 patients were collected. A radiologist outlined each lesion with a polygon "
            "tool; these outlines served as training targets. Images were resized to 256 x 256 pixels and entered "
            "a 3D convolutional encoder (ResNet-18, pretrained on ImageNet and fine-tuned). " + parts +
            " The whole network was trained jointly with a summed loss.")
    got = heads(text)
    assert "segmentation" in _tasks(text) and "classification" in _tasks(text), got
    assert not any("mode: manual" in h and not h.startswith("input") for h in got.values()), got
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", v


def test_a_decoder_said_alone_gives_no_segmentation_to_a_classifier() -> None:
    # a sentence about a decoder with no second head beside it, after a plain classifier, makes no multi-task network
    text = ("Radiographs of 900 patients were collected. A ResNet-50 pretrained on ImageNet was fine-tuned to "
            "classify fractures. An autoencoder's decoder reconstructed the images for a separate visualisation.")
    assert "segmentation" not in _tasks(text), heads(text)


# --------------------------------------------------------------- in-house software whose method the next sentence says
@pytest.mark.parametrize("how", [
    "The lungs were separated from the chest wall by thresholding at -500 HU followed by 3D region growing from a "
    "seed the program placed automatically in the trachea.",
    "The kidneys were extracted automatically by region growing from the renal hilum, then smoothed by "
    "morphological closing.",
])
def test_in_house_software_whose_next_sentence_says_how_it_delineates_is_no_model_of_unstated_kind(how: str) -> None:
    # "segmentation was done with in-house software written in MATLAB" and the next sentence gives the classical
    # algorithm it runs: an automated delineation by a classical method (Condition #2 yes), not an AI model of unstated
    # family (Condition #5 no, as in METRICS-E3, Condition #5, Example 5: hand-crafted features into a classical model)
    text = ("Non-contrast CT of 200 patients was analysed. Segmentation and histogram analysis were done with "
            "in-house software written in MATLAB. " + how + " From the histogram of attenuation we computed the "
            "mean density, skewness and kurtosis, which entered a Cox regression for mortality.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "yes" and v[5] == "no", (v, heads(text))


def test_in_house_ai_software_that_segments_stays_of_unstated_kind() -> None:
    # with no algorithm said, in-house software that segments keeps its kind unstated (Condition #5 to the reviewer)
    text = ("Non-contrast CT of 200 patients was analysed. The lungs were segmented automatically with in-house AI "
            "software. From the histogram of attenuation we computed the mean density, skewness and kurtosis, which "
            "entered a Cox regression for mortality.")
    assert verdicts(text)[5] == "review", heads(text)


# ------------------------------------------------------------------ the boxes a commercial product returns
@pytest.mark.parametrize("marks", [
    "For each radiograph it returns the location of every suspected nodule as a bounding box overlay with an "
    "abnormality score.",
    "The software marks each suspected fracture with a box and gives a probability score for the image.",
])
def test_the_boxes_a_scoring_product_returns_are_its_detections(marks: str) -> None:
    # a CE-marked deep-learning product used as delivered that marks findings with boxes: an automated detection by a
    # ready-made network (Conditions #1 and #2 yes), not a delineation of unstated mode before it (#2 review)
    text = ("Chest radiographs of 400 patients were processed with a commercially available, CE-marked software "
            "(NoduleFinder CXR, version 2.1), based on deep convolutional neural networks, used as delivered by "
            "the manufacturer. " + marks + " Eight readers then read all radiographs with and without the software.")
    assert "detection" in _tasks(text), heads(text)
    assert delineations(text) == [], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", v


def test_boxes_readers_draw_beside_a_scoring_product_stay_their_delineation() -> None:
    # boxes a radiologist draws are the readers' delineation, whatever the product scores
    text = ("Chest radiographs of 400 patients were processed with a commercially available, CE-marked software "
            "(NoduleFinder CXR, version 2.1), based on deep convolutional neural networks, which gives an "
            "abnormality score. A radiologist drew a box around every nodule, and the boxes were cropped for a "
            "ResNet-18 fine-tuned to classify malignancy.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)


# ------------------------------------------------------- images a vendor's network forms, compared as images
_RECON = ("Coronary CT angiography of 90 patients was performed on a 320-row scanner. Each raw data set was "
          "reconstructed with hybrid iterative reconstruction and with deep-learning reconstruction ({product}). "
          "The deep-learning reconstruction is the vendor's product as installed on the scanner; no parameter was "
          "altered. One radiologist placed circular regions of interest in the aortic root and the epicardial fat. "
          "Image noise was the SD of attenuation in the aortic root; signal-to-noise and contrast-to-noise ratios "
          "were calculated. Two readers rated image quality per coronary segment on a 5-point scale.")


@pytest.mark.parametrize("product", ["AiCE", "TrueFidelity"])
def test_images_a_ready_made_network_forms_are_the_pipeline_of_an_image_quality_study(product: str) -> None:
    # the study's method is the images a vendor's deep-learning reconstruction forms, used as installed: a draft of
    # the images and their reconstruction, not a refusal; the network learns nothing in the study (Condition #5 no),
    # the regions placed only to measure noise delineate nothing analysed, and "per coronary segment" names a part of
    # the coronary tree, not a segmentation (Condition #1 no)
    text = _RECON.format(product=product)
    got = heads(text)
    assert any(h.startswith("preprocessing") and "reconstruct" in h for h in got.values()), got
    assert delineations(text) == [], got
    v = verdicts(text)
    assert all(v[n] == "no" for n in range(1, 6)), v


def test_regions_placed_and_then_used_for_features_stay_a_delineation() -> None:
    # regions placed by a radiologist, then texture features computed in them: a manual delineation (#1 yes, #2 no)
    text = ("CT of 150 patients was analysed. One radiologist placed circular regions of interest in each liver "
            "lesion. Texture features were computed in the regions with PyRadiomics, and a random forest "
            "classified the lesions.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", (v, heads(text))


@pytest.mark.parametrize("said", ["The liver was segmented with a U-Net trained from scratch.",
                                  "A U-Net was trained from scratch to segment the liver.",
                                  "A U-Net was trained from scratch to detect and segment the liver.",
                                  "We segment the liver with a U-Net trained from scratch."])
def test_segment_as_a_verb_still_delineates(said: str) -> None:
    text = "CT of 300 patients was collected. " + said + " Volumes were reported."
    assert verdicts(text)[1] == "yes", heads(text)


@pytest.mark.parametrize("said", ["Each affected segment was labelled by a reader as fractured or not.",
                                  "The most stenotic segment was recorded for each patient as the reference standard.",
                                  "The only segment with stenosis was noted by a reader as the reference standard."])
def test_segment_as_a_noun_names_a_part_of_an_organ_not_a_delineation(said: str) -> None:
    # a whole-image classifier whose labels a reader gave per segment of the spine or the coronary tree: no region is
    # delineated (Condition #1 no), whatever word comes before "segment"
    text = "A ResNet-50 was trained end to end on the whole CT images to classify each patient. " + said
    assert delineations(text) == [] and verdicts(text)[1] == "no", heads(text)


# ------------------------------------------------------------------------------------- a box a person places
@pytest.mark.parametrize("box", [
    "each with a fixed-size sampling box (Q-Box, 20 mm) that the sonographer placed in the parenchyma",
    "on which the operator positioned a circular measurement box in the parenchyma",
])
def test_a_box_a_person_places_and_the_crop_taken_from_it_are_a_manual_delineation(box: str) -> None:
    # the box placed by hand is the region the crop is taken from, and deep features of the crops go to a LASSO
    # model: a delineation by a person (Condition #1 yes, #2 no), deep features in a table (Condition #4 yes, #5 no:
    # METRICS-E3, Condition #4, Example 3 and Condition #5, Example 6)
    text = ("Shear-wave elastograms of 400 patients were stored, " + box + ". The rectangle around the box was "
            "cropped from each elastogram and resized to 224 x 224 pixels. The crops were fed into a ResNet-50 with "
            "ImageNet weights, without retraining, and the output of the global average pooling layer was taken as "
            "deep features. LASSO logistic regression selected 9 deep features and built the score.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no" and v[4] == "yes" and v[5] == "no", (v, heads(text))
