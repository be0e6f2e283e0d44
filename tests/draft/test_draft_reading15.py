"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a network used as a fixed feature generator (the pretraining collection named in brackets after
its description is where its weights came from, not a second network), people drawn from a register, a region an
algorithm makes, a review in a sentence that says nothing was corrected, software named in brackets after its kind,
and image variables a study calls conventional."""

from __future__ import annotations

import pytest

from tests.draft.reading import delineations, heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- a fixed feature generator
@pytest.mark.parametrize("network", [
    "A 3D DenseNet-121 pretrained on a collection of public CT datasets (MedicalNet) served only as a fixed feature "
    "generator, and its weights were never changed.",
    "A 3D ResNet-18 was employed as a frozen feature generator; the pooled output of its last block gave 512 values "
    "per lesion.",
])
def test_a_network_used_as_a_fixed_feature_generator_is_the_source_of_deep_features(network: str) -> None:
    # deep features entered into a classical classifier: tabular data, not end-to-end (METRICS-E3, Condition #5,
    # Example 6); the pretraining collection in brackets is where the weights came from, no second network
    text = ("A radiologist drew a box around each renal mass on contrast-enhanced CT and the crop was resized. "
            + network + " The values were standardised, reduced by principal component analysis and entered into a "
            "ridge logistic regression.")
    kinds = _kinds(text)
    deep = [k for k in kinds if k.startswith("feature_extraction deep")]
    assert len(deep) == 1, kinds
    assert not any(k.startswith("model") and "ResNet" in k or "DenseNet" in k and k.startswith("model")
                   for k in kinds), kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


# ---------------------------------------------------------------------- people drawn from a register
@pytest.mark.parametrize("sampled", [
    "Participants were drawn from the stroke service's research register of our trust",
    "Patients were drawn from the outpatient records of two teaching hospitals",
])
def test_people_drawn_from_a_register_are_sampled_not_delineated(sampled: str) -> None:
    # a network trained from scratch on whole volumes with nothing outlined: no segmentation (Condition #1 No)
    text = (sampled + " and had brain MRI at presentation. The T1-weighted volumes were skull-stripped and registered "
            "to a template. A 3D convolutional network was trained from random initialisation on the whole volumes to "
            "predict functional outcome at 90 days.")
    kinds = _kinds(text)
    assert not any("segmentation" in k for k in kinds), kinds
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


# ---------------------------------------------------------------------- a region an algorithm makes
@pytest.mark.parametrize("made", [
    "The measurement region was generated automatically by an in-house script: voxels between -950 and -500 HU were "
    "thresholded, the largest connected component was kept and the airways were removed by erosion.",
    "Thresholding at 150 HU was applied to obtain the vertebral mask, and the cortical rim was removed by erosion.",
])
def test_a_region_an_algorithm_makes_is_a_fully_automated_delineation(made: str) -> None:
    # the features are computed inside a region a program outlined with no person: segmentation (Condition #1), fully
    # automated (Condition #2), whatever word the text has for the region
    text = ("Patients had unenhanced chest CT. " + made + " From this region, 90 texture features were computed with "
            "PyRadiomics and entered into a Cox model of survival.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "yes", v


# ---------------------------------------------------------------------- a review beside "no correction"
@pytest.mark.parametrize("checked", [
    "no manual correction of the masks was made; a radiologist's visual review confirmed correct placement on all "
    "but six scans, which were excluded rather than edited.",
    "the masks were not corrected, although an experienced radiologist reviewed every one and confirmed that the "
    "level was correct.",
])
def test_a_review_in_a_sentence_that_says_nothing_was_corrected_is_quality_control(checked: str) -> None:
    # a ready-made tool's masks only looked at by a person stay fully automated (Condition #2 Yes)
    text = ("The liver was segmented on each portal venous CT with TotalSegmentator run as released, and " + checked +
            " The mean attenuation of the liver, age and sex were entered into a logistic regression to predict "
            "steatosis.")
    marks = delineations(text)
    assert marks and all("corrected: all" not in m and "corrected: subset" not in m for m in marks), marks
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", v



# ---------------------------------------------------------------------- a package named in brackets
@pytest.mark.parametrize("kind", ["analysis package", "commercial application", "post-processing platform"])
def test_software_named_in_brackets_after_its_kind_is_the_delineating_tool(kind: str) -> None:
    # software of unstated method that outlines the region by itself: its delineation is automated (Condition #2) and
    # whether it holds a network the text does not say, so Condition #5 is left to the reviewer
    text = ("Patients had unenhanced chest CT. Emphysema was quantified with the vendor's " + kind + " (PulmoScope 4, "
            "Nordlys Medical Systems) in its default configuration. The software segments the lungs automatically and "
            "reports the percentage of lung volume below -950 HU. The indices, age and sex were entered into a "
            "logistic regression of frequent exacerbation.")
    marks = delineations(text)
    assert any("PulmoScope" in m for m in marks), marks
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "review", v


# ---------------------------------------------------------------------- conventional image variables
@pytest.mark.parametrize("listed", [
    "clinical and conventional CT variables (age, smoking history, nodule type and solid component size measured "
    "by the radiologist)",
    "age, sex and the conventional MRI features (tumour size, margin and signal heterogeneity)",
])
def test_conventional_image_variables_in_a_regression_are_a_table_of_reader_features(listed: str) -> None:
    # image findings a reader assesses or measures, in a table with clinical variables for a logistic regression:
    # tabular image-derived data (Condition #4 Yes), not computed radiomic features (Condition #3 No)
    text = ("Patients with a lung or soft-tissue lesion had imaging before surgery. The candidate predictors were "
            + listed + ". Variables associated with malignancy at P < 0.1 in univariable analysis were entered into "
            "a multivariable logistic regression, presented as a nomogram.")
    v = verdicts(text)
    assert v[4] == "yes" and v[3] == "no", v
