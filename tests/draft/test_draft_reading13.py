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
