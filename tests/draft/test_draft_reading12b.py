"""Where whole manuscripts, letters and technical notes put their Methods and what they say of them, each principle with
paragraphs written for it (none is a corpus text): a technical note's "Technique" section, a title page before the
Abstract or Background, a conference paper's "Experiments and results", annotations kept for a network's training
alone, the deep learning module of software named with its maker, and a ventricle's function under its abbreviation."""

from __future__ import annotations

import pytest

from pipespec.draft.documents import read_document
from pipespec.draft.sections import select_part
from tests.draft.reading import delineations, heads, verdicts


def _read(text: str, fmt: str | None = None) -> tuple[str | None, str]:
    part, _ = select_part(read_document(text, fmt))
    return part.title, text[part.start:part.end]


# ---------------------------------------------------------------------- a technical note's Methods
@pytest.mark.parametrize("heading", ["Technique", "TECHNIQUE", "Proposed method", "III. PROPOSED APPROACH"])
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_technical_note_s_technique_section_is_its_methods(heading: str, fmt: str) -> None:
    # a technical note (or a short conference paper) names its Methods for what it describes: what is read is that
    # section, not the Background's or the Comments' methods
    text = ("Background\nRandom forests on hand-crafted texture features have been used to grade these scans.\n\n"
            f"{heading}\nWe fine-tuned an ImageNet-pretrained DenseNet-121 on 3,100 knee radiographs to grade "
            "osteoarthritis from the whole image.\n\nResults\nThe weighted kappa was 0.81.\n\nComments\nAn SVM could "
            "be tried next.\n")
    title, read = _read(text, fmt)
    assert title is not None and "DenseNet" in read, (title, read)
    assert "Random forests" not in read and "SVM" not in read, read


def test_a_subsection_on_the_imaging_technique_does_not_become_the_methods() -> None:
    # "Technique" alone names a technical note's Methods; "Imaging technique" is one subsection among the Methods'
    text = ("Introduction\nSVMs are common.\n\nMethods\nWe included 300 patients.\n\nImaging technique\nAll had CT.\n\n"
            "Model\nA CNN classified the CT images.\n\nResults\nThe AUC was 0.8.\n")
    title, read = _read(text)
    assert title == "Methods" and "CNN" in read and "300 patients" in read, (title, read)


@pytest.mark.parametrize("heading", ["Patients, Materials and Methods", "2. PATIENTS, MATERIALS, AND METHODS",
                                     "Subjects, data and methods", "Datasets and methods", "Experimental methods"])
def test_the_methods_are_found_under_a_heading_that_lists_what_was_studied(heading: str) -> None:
    # the patients, materials or data sets listed before "methods" (with commas, as radiology journals write the
    # heading) leave it the Methods heading; what the Introduction and the Results name is not read
    text = (f"1 Introduction\n\nAn SVM is often used.\n\n{heading}\n\nA CNN classified the CT images.\n\n"
            "3 Results and analysis\n\nA random forest did better.\n")
    title, read = _read(text)
    assert title is not None and "CNN" in read and "SVM" not in read and "random forest" not in read, (title, read)


# ---------------------------------------------------------------------- a title page before the paper's parts
@pytest.mark.parametrize("opening", ["Background", "Abstract", "INTRODUCTION"])
def test_a_title_page_before_the_abstract_or_introduction_is_not_the_part_read(opening: str) -> None:
    # with no Methods heading, the sections where the Methods would be are read; a label over the title ("TECHNICAL
    # NOTE", "ORIGINAL RESEARCH") stands before the paper's opening part and holds no Methods, so the draft reads on
    text = ("SHORT COMMUNICATION\n\nGrading knee radiographs with a convolutional network\n\n"
            f"{opening}\nKnee radiographs are graded by eye.\nWe fine-tuned an ImageNet-pretrained DenseNet-121 on "
            "3,100 knee radiographs to grade osteoarthritis from the whole image.\n\nResults\nThe weighted kappa was "
            "0.81.\n")
    title, read = _read(text)
    assert title != "SHORT COMMUNICATION" and "DenseNet" in read, (title, read)
    v = verdicts(text)
    assert v[5] == "yes" and v[1] == "no", v


def test_sections_between_the_introduction_and_the_results_are_still_read_after_a_title_page() -> None:
    text = ("ORIGINAL RESEARCH\n\nIntroduction\n\nSVMs on radiomic features are common.\n\nPatients\n\nWe included "
            "212 patients with CT.\n\nImage analysis\n\nA CNN classified the CT images.\n\nResults\n\nThe AUC was "
            "0.9.\n")
    title, read = _read(text)
    assert title == "Patients" and "CNN" in read and "SVM" not in read, (title, read)


# ---------------------------------------------------------------------- a conference paper's results
@pytest.mark.parametrize("results", ["IV. EXPERIMENTS AND RESULTS", "4 Experimental results", "Experiments and Results"])
def test_experiments_and_results_end_the_methods(results: str) -> None:
    # what a conference paper reports under its "Experiments and results" are results, its baselines' scores among
    # them: no stage of the study's pipeline is drafted from them
    text = ("III. METHODOLOGY\n\nA. Network\nA 3D U-Net was trained from scratch to segment the kidney and its "
            "tumours on CT, with a classification head for malignancy trained jointly.\n\n"
            f"{results}\n\nThe network reached a Dice of 0.85; a radiomics baseline with a random forest reached an "
            "AUC of 0.71.\n")
    title, read = _read(text)
    assert title == "METHODOLOGY" and "random forest" not in read, (title, read)
    assert not any("random forest" in h for h in heads(text).values()), heads(text)


# ---------------------------------------------------------------------- annotations kept for training alone
@pytest.mark.parametrize("kept", [
    "these served as segmentation labels during training only",
    "they were used only during training",
    "these masks were used as voxel-wise labels",
    "the masks were used solely for training",
    "the masks were used exclusively during training",
])
def test_masks_said_to_serve_only_the_training_are_the_network_s_labels(kept: str) -> None:
    # a multi-task network that outputs the lesion's mask and its class learns from the readers' masks; at test time
    # it delineates by itself: fully automated segmentation (Condition #2), the readers' masks are its training labels
    # and no step of the pipeline (METRICS-E3, Condition #5, Example 2: one network per task, no reader in the path)
    text = ("A hierarchical transformer encoder with a convolutional decoder outputs the lesion mask, and a "
            "classification branch on the deepest tokens outputs the lesion subtype; the whole network is trained "
            f"jointly on CT. Voxel-wise masks of the lesion were drawn for 400 patients by two radiologists; {kept}. "
            "No manual input is needed at test time.")
    assert not any("mode: manual" in h for h in delineations(text)), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", (v, heads(text))



# ---------------------------------------------------------------------- a product's own module, named later
@pytest.mark.parametrize("contoured", [
    "Left ventricular contours were generated by the software's built-in deep learning contouring module",
    "The ventricles were then contoured automatically with the software, which uses a convolutional neural network",
])
def test_a_deep_module_of_software_named_with_its_maker_is_the_delineation_s_ready_made_tool(contoured: str) -> None:
    # software named with its maker and version, whose next sentence says its AI module draws the contours: a network
    # trained by its makers and applied as supplied, the delineation's tool (not a network the study trains: whether
    # such a ready-made tool counts as end-to-end deep learning is left to the reader, Condition #5 at review)
    text = ("We included 140 patients who had cardiac MRI. Short-axis cine images were analysed in HeartVol "
            f"(version 3.2; Example Cardiac Imaging). {contoured}; a radiologist reviewed every slice and edited the "
            "contours where needed. Ejection fractions and end-diastolic volumes were then calculated by the software. "
            "A Cox regression model was fitted, and LVEF was entered per 5% decrease.")
    segs = delineations(text)
    assert len(segs) == 1 and "tool: HeartVol" in segs[0] and "family: deep" in segs[0], heads(text)
    assert not any(h.startswith("model") and "Cox" not in h for h in heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no" and v[5] == "review", (v, heads(text))


# ---------------------------------------------------------------------- a ventricle's function, abbreviated
@pytest.mark.parametrize("entered", ["RVEF was entered per 5% decrease", "LVEF and LVEDVi were entered as covariates",
                                     "LV mass was entered per 10 g increase"])
def test_a_ventricle_s_function_measured_on_its_contours_and_entered_in_a_model_is_a_hand_crafted_feature(
        entered: str) -> None:
    # volumes, ejection fractions and mass computed from delineated contours are quantities measured on the images;
    # a model that takes them handles image-derived features as a table (Conditions #3 and #4), whatever abbreviation
    # names them where they enter it
    text = ("Cardiac MRI was performed in 200 patients. The left and right ventricles were contoured manually by an "
            "experienced reader at end-diastole and end-systole. From the contours, end-diastolic and end-systolic "
            "volumes, ejection fractions and LV mass were calculated. Associations with events were tested with Cox "
            f"regression adjusted for age; {entered}.")
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes" and v[5] == "no", (v, heads(text))


# ---------------------------------------------------------------------- a segmentation model of unstated kind
@pytest.mark.parametrize("generated", [
    "Kidney tumours were segmented automatically on CT (the segmentation model is described in the supplement)",
    "Tumour masks on CT were generated automatically by an in-house segmentation model",
])
def test_an_automatic_delineation_by_a_segmentation_model_of_unstated_kind_leaves_condition_5_to_the_author(
        generated: str) -> None:
    # a model delineates, and whether it is a network trained to segment (an end-to-end component, METRICS-E3,
    # Condition #5, Example 2) or an atlas or a threshold the Methods do not say: Condition #5 depends on that fact
    text = (f"{generated}; the masks were not edited. Radiomic features were extracted with PyRadiomics, and a random "
            "forest was trained on the selected features to classify the tumours as benign or malignant.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "yes" and v[5] == "review", (v, heads(text))


def test_a_segmentation_algorithm_said_to_threshold_is_no_model_of_unstated_kind() -> None:
    text = ("Kidney tumours were segmented automatically on CT by a segmentation algorithm based on thresholding and "
            "region growing. Radiomic features were extracted with PyRadiomics, and a random forest was trained on the "
            "selected features to classify the tumours as benign or malignant.")
    v = verdicts(text)
    assert v[1] == "yes" and v[5] == "no", (v, heads(text))


@pytest.mark.parametrize("drawn", ["Voxel-wise masks of the lesion were drawn for 400 patients by two radiologists.",
                                   "Two radiologists delineated the lesions of 400 patients in ITK-SNAP."])
def test_readers_masks_are_the_labels_of_a_network_whose_own_head_outputs_the_mask(drawn: str) -> None:
    # the study's network delineates by itself (its decoder outputs the mask): the readers' masks, given to it in no
    # crop or box, are what it learns to output, not a step its input passes through (Condition #2 Yes)
    text = ("A hierarchical transformer encoder with a convolutional decoder outputs the lesion mask, and a "
            "classification branch outputs the lesion subtype; the whole network is trained jointly on CT. " + drawn)
    assert not any("mode: manual" in h for h in delineations(text)), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", (v, heads(text))


def test_readers_masks_that_crop_the_network_s_input_stay_a_step_of_the_pipeline() -> None:
    # a crop around the readers' masks is what the network is given: a manual delineation in the path (Condition #2
    # No), whatever head the network has
    text = ("A hierarchical transformer encoder with a convolutional decoder outputs the lesion mask, and a "
            "classification branch outputs the lesion subtype; the whole network is trained jointly on CT. Two "
            "radiologists delineated the lesions of 400 patients, and a 64-voxel patch around each lesion was cropped.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", (v, heads(text))


@pytest.mark.parametrize("segmented", ["A deep learning algorithm segmented the liver in every scan.",
                                       "A deep learning model then contours the liver on each scan.",
                                       "A deep learning model (trained by its vendor) then contours the liver on each "
                                       "scan."])
def test_a_network_named_as_the_subject_of_the_delineating_verb_delineates(segmented: str) -> None:
    # the active voice says who delineates as the passive's "by" does: a deep network of unstated training draws the
    # region with nobody in it (Condition #2 Yes), and whether it counts as end-to-end is left to the author (#5)
    text = (f"We included 140 patients who had liver CT. {segmented} Radiomic features were extracted with "
            "PyRadiomics, and a support vector machine classified the fibrosis stage.")
    segs = delineations(text)
    assert len(segs) == 1 and "automated" in segs[0], heads(text)
    v = verdicts(text)
    assert v[2] == "yes" and v[5] == "review", (v, heads(text))


def test_a_deep_module_built_into_software_named_with_its_maker_is_that_software() -> None:
    text = ("We included 140 patients who had cardiac MRI. Short-axis cine images were analysed in HeartVol (version "
            "3.2; Example Cardiac Imaging). Automatic contours were produced by the deep learning algorithm built into "
            "the software. Ejection fractions were then calculated, and LVEF was entered in a Cox regression model.")
    segs = delineations(text)
    assert len(segs) == 1 and "tool: HeartVol" in segs[0], heads(text)
    assert verdicts(text)[5] == "review", heads(text)
