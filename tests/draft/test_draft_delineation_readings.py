"""How drafting reads who delineates and how, in the phrasings the delineation matrix
(tests/draft/test_draft_delineation_matrix.py) found misread: each test drafts short paragraphs in several phrasings,
and guards the phrasings whose reading must not change."""

from __future__ import annotations

import pytest

from tests.draft.reading import delineations, verdicts

_INTRO = "We included 150 patients who underwent contrast-enhanced CT."
_REST = (" Radiomic features were extracted from the masks with PyRadiomics, and a random forest classified benign "
         "versus malignant tumours.")


def _paragraph(delineation: str) -> str:
    return f"{_INTRO} {delineation}{_REST}"


@pytest.mark.parametrize("text", [
    "Tumours were segmented automatically with TotalSegmentator. All masks were then reviewed and corrected by a "
    "radiologist with 8 years of experience.",
    "Lesions were segmented automatically with a previously published nnU-Net model, used as is. A radiologist "
    "reviewed every mask and manually edited it where necessary.",
    "Tumours were segmented automatically by a commercial deep learning software (Syngo.via Frontier, Siemens "
    "Healthineers).\n\nSegmentation quality was checked by a radiation oncologist, who manually corrected the contours "
    "in 14 cases.",
    "The liver was segmented fully automatically by Otsu thresholding. Every contour was subsequently adjusted by an "
    "experienced technologist.",
])
def test_a_person_who_edits_in_a_later_sentence_corrects_the_automatic_delineation(text: str) -> None:
    # the person of the later sentence changes what the tool drew: a correction (Condition #2 No), not a manual
    # delineation of their own
    got = delineations(_paragraph(text))
    assert len(got) == 1 and "mode: manual" not in got[0] and "corrected: " in got[0], got
    assert "corrected: none" not in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


def test_a_semi_automatic_delineation_corrected_in_a_later_sentence_keeps_its_mode_and_the_correction() -> None:
    text = _paragraph("Tumours were segmented semi-automatically in 3D Slicer. All contours were then reviewed and "
                      "corrected by a senior radiologist.")
    got = delineations(text)
    assert got and "mode: semi_automated" in got[0] and "corrected: all" in got[0], got


@pytest.mark.parametrize("text", [
    # a reader who draws, another who corrects: manual, whatever sentence the correction is in
    "Tumours were manually delineated by a resident and corrected by a senior radiologist.",
    "Tumours were manually delineated by a resident. All contours were then reviewed and corrected by a senior "
    "radiologist.",
])
def test_a_manual_delineation_corrected_later_stays_manual(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: manual" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    # a person named beside an automatic delineation who changes nothing: no correction
    "Tumours were segmented automatically with nnU-Net, used as is. The masks were not edited by the radiologist.",
    "Tumours were segmented automatically with nnU-Net, used as is. No mask was edited by the radiologist.",
])
def test_a_person_who_changes_nothing_corrects_nothing(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0] and "corrected: all" not in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"



_PET = "We included 150 patients who underwent FDG PET/CT."


@pytest.mark.parametrize("text", [
    "Tumours were segmented with a threshold of 40% of SUVmax inside a box drawn by a radiation oncologist.",
    "A nuclear medicine physician drew a box around each tumour, and the tumour was thresholded at 2.5 SUV.",
    "VOIs were defined with the 41% isocontour of SUVmax inside a sphere placed by a nuclear medicine physician.",
    "Lesions were segmented inside a manually drawn box with a threshold set at 42% of the maximum uptake.",
])
def test_a_threshold_whose_value_follows_it_fills_in_the_region_a_person_placed(text: str) -> None:
    # the threshold's value said after it ("a threshold of 40% of SUVmax") is an algorithm that fills in the region
    # as much as "a 40% SUVmax threshold": semi-automated, not drawn by hand
    paragraph = f"{_PET} {text}{_REST}"
    got = delineations(paragraph)
    assert got and "mode: semi_automated" in got[0], got
    assert verdicts(paragraph)[2] == "no"


def test_a_threshold_whose_value_follows_it_with_no_person_is_automated() -> None:
    paragraph = f"{_PET} Tumours were segmented fully automatically with a threshold of 40% of SUVmax.{_REST}"
    assert "mode: automated" in delineations(paragraph)[0]
    assert verdicts(paragraph)[2] == "yes"


@pytest.mark.parametrize("text", [
    # thresholds that fill in no region: a feature filter's, a statistical test's
    "Tumours were manually delineated by a radiologist; features with an ICC threshold of 0.75 were kept.",
    "Tumours were manually delineated slice by slice by a radiologist, and a p-value threshold of 0.05 was used.",
])
def test_a_threshold_that_fills_in_no_region_leaves_a_manual_delineation_manual(text: str) -> None:
    paragraph = f"{_PET} {text}{_REST}"
    got = delineations(paragraph)
    assert got and "mode: manual" in got[0], got


@pytest.mark.parametrize("text", [
    "The liver was segmented fully automatically by Otsu thresholding. Two radiologists in consensus visually checked "
    "every mask; none was edited.",
    "The liver was segmented fully automatically by Otsu thresholding. A radiologist with 8 years of experience "
    "visually checked every mask; none was edited.",
    "Lungs were segmented automatically with a threshold of -500 HU followed by morphological closing. All masks were "
    "reviewed by a radiologist (10 years of experience).",
])
def test_a_reader_who_only_checks_an_algorithms_masks_leaves_it_automated(text: str) -> None:
    # quality control (qc: visual), not a person who places, bounds or corrects the algorithm's region
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0] and "qc: visual" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


@pytest.mark.parametrize("text, mode", [
    # a person who acts on the algorithm's region: a human step (Condition #2 No)
    ("The liver was segmented fully automatically by Otsu thresholding. A radiologist with 8 years of experience "
     "reviewed every mask and corrected errors.", "semi_automated"),
    ("Lesions were segmented by region growing. A radiologist with 8 years of experience placed the seed point in each "
     "lesion.", "semi_automated"),
    ("A radiologist with 8 years of experience outlined the tumours on every slice in ITK-SNAP.", "manual"),
    ("A radiologist with 8 years of experience reviewed each scan and outlined the tumours in ITK-SNAP.", "manual"),
])
def test_a_reader_who_places_corrects_or_draws_is_a_human_step(text: str, mode: str) -> None:
    got = delineations(_paragraph(text))
    assert got and f"mode: {mode}" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    "Lesions were segmented by region growing in 3D Slicer. A radiologist placed a seed point in each lesion.",
    "Tumours were segmented with a region-growing algorithm. Seed points were set manually by two radiologists.",
])
def test_a_reader_who_places_the_seeds_in_the_next_sentence_makes_the_delineation_semi_automated(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: semi_automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


def test_a_semi_automatic_tool_named_for_another_purpose_leaves_a_manual_delineation_manual() -> None:
    # the next sentence names a semi-automatic tool but places no seed: it does not join the delineation
    text = _paragraph("Tumours were manually delineated by a radiologist. A semi-automatic tool was used by a second "
                      "reader for the reproducibility subset.")
    got = delineations(text)
    assert got and "mode: manual" in got[0], got


@pytest.mark.parametrize("text", [
    "We contoured the tumours on the portal venous phase.",
    "We delineated the tumours on every slice using LIFEx.",
    "We then outlined each tumour in ITK-SNAP.",
    "We drew a bounding box around each tumour.",
])
def test_the_authors_as_the_subject_of_a_drawing_verb_delineate_by_hand(text: str) -> None:
    # "we" draw as a named reader does: a manual delineation (Condition #2 No), not one of unstated mode (review)
    got = delineations(_paragraph(text))
    assert got and "mode: manual" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    # the authors who delineate with a network or say it is automatic: automated
    "We segmented the tumours with TotalSegmentator.",
    "We delineated the tumours automatically with nnU-Net.",
])
def test_the_authors_who_delineate_with_a_network_delineate_automatically(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


@pytest.mark.parametrize("text", [
    "Lesions were segmented fully automatically by Otsu thresholding. On 30 cases, the automatic masks were compared "
    "with manual contours drawn by a radiologist with 8 years of experience (Dice coefficient).",
    "Lesions were segmented fully automatically with nnU-Net. On 30 cases, the automatic masks were compared with "
    "manual contours drawn by a radiologist with 8 years of experience (Dice coefficient).",
])
def test_the_readers_of_a_reference_the_masks_are_compared_with_neither_delineate_nor_act(text: str) -> None:
    # the readers who drew the reference are no readers of the delineation (item 10) and no person who places or
    # bounds the algorithm's region (Condition #2 stays Yes)
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0] and "readers:" not in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


def test_a_reader_who_bounds_the_region_beside_a_reference_still_acts() -> None:
    text = _paragraph("Lesions were segmented by region growing inside a box drawn by a radiologist, and the masks "
                      "were compared with manual contours drawn by two radiologists.")
    got = delineations(text)
    assert got and "mode: semi_automated" in got[0] and "readers: 1" in got[0], got


_RADIOGRAPHS = "We included 2,150 wrist radiographs from 1,900 patients."
_WHOLE = (" A DenseNet-121 pretrained on ImageNet was fine-tuned on the whole radiographs to classify fracture versus no "
          "fracture.")


@pytest.mark.parametrize("text", [
    "Each radiograph was annotated for the presence or absence of fracture by two radiologists in consensus.",
    "A radiologist annotated the presence of a fracture on each radiograph.",
    "Ground-truth labels (fracture present or absent) were annotated by two musculoskeletal radiologists.",
    "Annotations of the diagnosis were obtained from the radiology reports.",
    "The radiographs were annotated according to the AO classification by two radiologists.",
    "A radiologist annotated each radiograph with the fracture type.",
])
def test_an_annotation_of_a_class_or_of_whether_a_finding_is_there_outlines_nothing(text: str) -> None:
    # a label of the whole image (Condition #1 No), however the sentence starts
    paragraph = f"{_RADIOGRAPHS} {text}{_WHOLE}"
    assert delineations(paragraph) == [], delineations(paragraph)
    assert verdicts(paragraph)[1] == "no"


@pytest.mark.parametrize("text", [
    # annotations that outline: the object is a region, or the scheme is a contouring guideline
    "A radiologist manually annotated the tumour margins in the presence of oedema.",
    "Tumours were annotated slice by slice according to the RTOG contouring guidelines by a radiation oncologist.",
    "Annotations of the tumour were drawn slice by slice by a radiologist in ITK-SNAP.",
])
def test_an_annotation_that_outlines_a_region_stays_a_delineation(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: manual" in got[0], got
    assert verdicts(_paragraph(text))[1] == "yes"


@pytest.mark.parametrize("text", [
    "Tumours were manually segmented by a resident under the supervision of a senior radiologist.",
    "Tumours were segmented by a resident under the supervision of a senior radiologist.",
    "Tumours were manually segmented by a resident supervised by a senior radiologist.",
    "A resident, supervised by a senior radiologist, contoured the tumours.",
])
def test_a_reader_supervised_by_another_delineates_by_hand(text: str) -> None:
    # a person overseeing another is no training target of a network: the delineation is the readers' (manual)
    got = delineations(_paragraph(text))
    assert got and "mode: manual" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


def test_masks_that_supervise_a_network_are_still_its_labels() -> None:
    text = _paragraph("A 3D U-Net was trained to segment the tumours, supervised by manual masks drawn by a "
                      "radiologist.")
    assert not any("mode: manual" in h for h in delineations(text)), delineations(text)
    assert verdicts(text)[2] == "yes"


@pytest.mark.parametrize("text", [
    "Tumours were segmented with TotalSegmentator, run as distributed. All masks were viewed by a resident under the "
    "supervision of an attending radiologist and used as produced, with no manual editing.",
    "Tumours were segmented with TotalSegmentator, run as distributed. The masks were examined by a radiologist; none "
    "needed editing.",
])
def test_a_supervised_reader_who_only_views_the_masks_is_quality_control(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


@pytest.mark.parametrize("text", [
    "Reader 1 (J.S.) outlined the tumours on every slice.",
    "One of the authors (J.S., 8 years of experience in abdominal radiology) outlined the tumours.",
    "A medical student, supervised by a senior radiologist, contoured the tumours.",
    "The tumours were delineated by the authors.",
    "Two authors (A.B. and C.D.) independently traced the tumours in ITK-SNAP.",
    "A radiographer with 5 years of experience performed the segmentation of the tumours.",
])
def test_a_person_named_by_any_word_who_draws_delineates_by_hand(text: str) -> None:
    # a person is a person whatever the word (an author, a student, a numbered reader): the delineation is manual
    got = delineations(_paragraph(text))
    assert got and "mode: manual" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    "Tumours were segmented automatically with nnU-Net, used as is. All masks were then corrected by one of the "
    "authors (J.S.).",
    "Tumours were segmented automatically with TotalSegmentator. A medical student reviewed every mask and manually "
    "edited it where necessary.",
])
def test_such_a_person_who_edits_corrects_the_automatic_delineation(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0] and "corrected:" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    # the authors who only describe, or a network that segments: no person draws
    "The authors segmented the tumours automatically with nnU-Net, used as is.",
    "As described by the authors of nnU-Net, the tumours were segmented automatically with its pretrained model.",
])
def test_authors_who_draw_nothing_leave_an_automatic_delineation_automated(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


@pytest.mark.parametrize("text", [
    "Tumours were segmented without human intervention by a 3D U-Net, used as is.",
    "Tumours were segmented with no user interaction using TotalSegmentator.",
    "Tumours were segmented without any manual correction by nnU-Net, used as is.",
])
def test_a_person_part_said_not_to_happen_negates_the_person_not_the_tool_after_it(text: str) -> None:
    # "without human intervention" negates the person's part; the network named after it still delineates
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


def test_a_tool_itself_said_not_to_be_used_stays_negated() -> None:
    # (the guard: "without nnU-Net" negates the network, which then delineates nothing)
    text = _paragraph("Tumours were manually delineated by a radiologist, without nnU-Net or any other network.")
    got = delineations(text)
    assert got and "mode: manual" in got[0] and "nnU-Net" not in got[0], got


_THYROID = "We included 600 thyroid ultrasound images from 540 patients."
_ON_CROPS = " A ResNet-18 pretrained on ImageNet was fine-tuned on the crops to classify benign versus malignant nodules."


@pytest.mark.parametrize("text", [
    "Each nodule was cropped manually by a sonographer with a 10-pixel margin.",
    "The nodule regions were cropped by a radiologist.",
    "Nodule patches were cut around the radiologist's bounding box with a 10-pixel margin.",
    "Nodule patches were cut around the radiologists' boxes.",
])
def test_a_region_cropped_by_a_person_or_around_a_readers_box_is_a_manual_delineation(text: str) -> None:
    # the region named before "was cropped", and a reader's box said in the singular, are a person's delineation
    paragraph = f"{_THYROID} {text}{_ON_CROPS}"
    got = delineations(paragraph)
    assert got and "mode: manual" in got[0], got
    assert verdicts(paragraph)[1] == "yes" and verdicts(paragraph)[2] == "no"


@pytest.mark.parametrize("text", [
    # a crop at a place fixed in advance, whatever size it is given in: no delineation
    "The nodule was cropped from each image using a fixed 224 x 224 window at the image centre.",
    "Images were cropped to 224 x 224 pixels.",
])
def test_a_crop_at_a_fixed_window_stays_no_delineation(text: str) -> None:
    paragraph = f"{_THYROID} {text}{_ON_CROPS}"
    assert delineations(paragraph) == [], delineations(paragraph)
    assert verdicts(paragraph)[1] == "no"


_AUTOMATIC = "Tumours were segmented automatically with TotalSegmentator."


@pytest.mark.parametrize("text", [
    "The masks were then manually corrected.",
    "Segmentation errors were corrected manually in 12 patients.",
    "Masks were adjusted by hand when needed.",
    "We then corrected the masks manually where needed.",
])
def test_a_correction_by_hand_in_a_later_sentence_with_no_person_named_corrects_the_delineation(text: str) -> None:
    # "manually" or "by hand" (or "we") says a person edits: Condition #2 No, where before it was read Yes
    got = delineations(_paragraph(f"{_AUTOMATIC} {text}"))
    assert got and "mode: automated" in got[0] and "corrected: " in got[0] and "corrected: none" not in got[0], got
    assert verdicts(_paragraph(f"{_AUTOMATIC} {text}"))[2] == "no"


@pytest.mark.parametrize("text", [
    "The masks were not manually edited.",
    "No manual correction was applied.",
    "Masks were used without manual editing.",
])
def test_a_correction_said_not_to_happen_later_corrects_nothing(text: str) -> None:
    got = delineations(_paragraph(f"{_AUTOMATIC} {text}"))
    assert got and "mode: automated" in got[0] and "corrected: all" not in got[0], got
    assert verdicts(_paragraph(f"{_AUTOMATIC} {text}"))[2] == "yes"


@pytest.mark.parametrize("text", [
    "A radiologist placed a box around each tumour, and MedSAM segmented it.",
    "MedSAM segmented each tumour from a box drawn by a radiologist.",
])
def test_a_box_a_person_places_for_a_network_prompts_it(text: str) -> None:
    # the network delineates from the reader's box in every case: a person acts (mode prompt, Condition #2 No),
    # though the text never says "prompt"
    got = delineations(_paragraph(text))
    assert got and "mode: prompt" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


@pytest.mark.parametrize("text", [
    "Tumours were segmented by a publicly available nnU-Net; we set the random seed to 42 for reproducibility.",
    "Tumours were segmented by a publicly available nnU-Net, with the seed set to 7 for every run.",
    "Tumours were localised by a publicly available YOLOv5 detector, which placed a bounding box around each tumour.",
    "A publicly available nnU-Net segmented the tumours and drew a box around each mask for display.",
])
def test_what_no_person_places_prompts_no_network(text: str) -> None:
    # a prompt is a person's act: a random seed set, or a box a network places itself, leaves a ready-made network's
    # delineation automated (Condition #2 Yes)
    got = delineations(_paragraph(text))
    assert got and "mode: automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "yes"


def test_boxes_that_train_a_detector_prompt_nothing() -> None:
    text = _paragraph("Bounding boxes drawn by a radiologist were used to train a YOLOv8 detector, which then detected "
                      "the tumours automatically.")
    assert not any("prompt" in h or "manual" in h for h in delineations(text)), delineations(text)
    assert verdicts(text)[2] == "yes"


@pytest.mark.parametrize("text, readers", [
    # the count next to the readers counts them, not an article a few words before it
    ("Tumours were segmented with a threshold of 40% of SUVmax inside a box drawn by two radiologists in consensus.",
     2),
    ("Tumours were manually delineated in a consensus reading by two radiologists.", 2),
    ("Tumours were manually delineated by a team of three radiologists.", 3),
    ("Tumours were manually delineated by a single radiologist.", 1),
    ("Tumours were manually delineated by one radiologist with 10 years of experience.", 1),
])
def test_the_readers_are_counted_by_the_count_next_to_them(text: str, readers: int) -> None:
    got = delineations(_paragraph(text))
    assert got and f"readers: {readers}" in got[0], got


@pytest.mark.parametrize("text", [
    "Tumours were segmented using the GrowCut algorithm in 3D Slicer.",
    "Tumours were segmented using the Grow from Seeds effect of 3D Slicer.",
    "Tumours were segmented by seeded region growing.",
])
def test_a_seeded_tool_a_person_starts_is_semi_automated(text: str) -> None:
    got = delineations(_paragraph(text))
    assert got and "mode: semi_automated" in got[0], got
    assert verdicts(_paragraph(text))[2] == "no"


def test_a_tool_that_offers_seeded_growing_used_by_hand_stays_manual() -> None:
    got = delineations(_paragraph("Tumours were manually delineated slice by slice in 3D Slicer."))
    assert got and "mode: manual" in got[0], got
