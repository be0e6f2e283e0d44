"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a network's embedding layer and its counted blocks, which are parts of it; any specialist, who is a
person; a box said to be placed in the passive; a tissue's elasticity read in that box; volumes listed before the verb
that measures them; and a threshold said by its cut-off alone."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- the parts of a network
@pytest.mark.parametrize("frozen", [
    "The patch-embedding layer and the first six of twelve transformer blocks were frozen",
    "The patch embedding and the positional embedding were kept frozen",
    "Its token-embedding layer was frozen",
])
def test_an_embedding_layer_and_counted_blocks_are_parts_of_the_network_not_features_taken_from_it(frozen: str) -> None:
    # a pretrained transformer whose later layers are trained on the study's crops: end-to-end (METRICS-E3, Condition
    # #5, Example 4); an embedding named as a layer of it is its architecture, not deep features in a table (#4 no),
    # and its blocks are its own, not a second network
    text = ("Chest CT scans of 820 patients were collected. A radiologist drew a box around each nodule and the boxed "
            "region was cropped. A Swin Transformer pretrained on ImageNet was used as the classifier. " + frozen +
            "; the remaining layers and a new classification head were trained on our crops to separate benign from "
            "malignant nodules with cross-entropy loss.")
    kinds = _kinds(text)
    assert not any(k.startswith("feature_extraction") for k in kinds), kinds
    assert len([k for k in kinds if k.startswith("model")]) == 1, kinds
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", (v, kinds)


@pytest.mark.parametrize("taken", [
    "The crops were passed through a frozen ResNet-50 and the 2,048-value embedding of each crop was stored.",
    "Patch embeddings of each crop were taken from a frozen DINOv2 ViT-S/14.",
])
def test_an_embedding_taken_from_a_network_is_still_a_deep_feature(taken: str) -> None:
    # deep features a classical model takes: in a table (Condition #4 yes), not end-to-end (#5 no; METRICS-E3,
    # Condition #5, Example 5)
    text = "A radiologist outlined each tumour on MRI. " + taken + " A random forest was trained on the embeddings."
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, _kinds(text))


# ---------------------------------------------------------------------- any specialist is a person
@pytest.mark.parametrize("who", ["A cardiologist", "A neuroradiologist", "An experienced hepatologist"])
def test_a_specialist_who_edits_what_a_tool_drew_corrects_it(who: str) -> None:
    # a correction by hand of an automatic delineation: not fully automated (Condition #2 no), whatever the person's
    # specialty
    text = ("Cardiac MRI of 150 patients was collected. The myocardium was contoured automatically by a commercial "
            f"deep learning tool. {who} checked every slice and edited the contours where they crossed the blood pool. "
            "Radiomic features were extracted from the myocardium with PyRadiomics and an SVM was trained on them.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", (v, _kinds(text))


@pytest.mark.parametrize("drawn", ["Two neuroradiologists contoured every meningioma.",
                                   "Every meningioma was contoured by a neurologist."])
def test_a_specialist_who_draws_delineates_by_hand(drawn: str) -> None:
    text = ("Preoperative MRI of 210 patients was collected. " + drawn + " Radiomic features were extracted from each "
            "tumour with PyRadiomics and a random forest predicted the grade.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], seg
    assert verdicts(text)[2] == "no"


# ---------------------------------------------------------------------- a box placed, in the passive
@pytest.mark.parametrize("box", ["a square Q-Box of 3 mm side was placed by the sonographer in the stiffest area",
                                 "measurement boxes were positioned manually inside each lesion"])
def test_a_box_said_to_be_placed_in_the_passive_is_placed_by_hand(box: str) -> None:
    # the box a person places on the lesion is a manual delineation (Condition #1 yes, #2 no), as when the sentence
    # says it in the active ("the sonographer placed a box")
    text = ("Breast masses of 300 women were examined with shear wave elastography; " + box + ", and the mean "
            "stiffness was recorded. Logistic regression combined the BI-RADS category and the mean stiffness.")
    v = verdicts(text)
    assert delineations(text), _kinds(text)
    assert v[1] == "yes" and v[2] == "no", (v, _kinds(text))


# ---------------------------------------------------------------------- a quantity read in a placed region
@pytest.mark.parametrize("quantity", ["the mean and maximum elasticity (Emean, Emax; kPa) were recorded",
                                      "the maximum shear wave velocity (Vmax, m/s) was recorded"])
def test_a_tissue_elasticity_read_in_a_placed_box_that_enters_a_model_is_a_handcrafted_feature(quantity: str) -> None:
    # pipespec's decision: a quantity measured on a region delineated in the images, which a model takes, is a
    # hand-crafted feature in a table (Conditions #3 and #4 yes), as a lesion's mean attenuation or its volume is
    abbreviation = "Emax" if "Emax" in quantity else "Vmax"
    text = ("Liver lesions of 190 patients were examined with shear wave elastography. A circular box of 5 mm was "
            "placed by the operator over the lesion and " + quantity + f". A logistic regression model with age and "
            f"{abbreviation} as predictors was fitted.")
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes" and v[5] == "no", (v, _kinds(text))


# ---------------------------------------------------------------------- volumes listed before the verb
@pytest.mark.parametrize("listed", [
    "Infarct volume, penumbra volume and mismatch ratio were taken from the software's report.",
    "Whole-tumour volume and necrotic volume were recorded for each patient.",
])
def test_volumes_listed_before_the_verb_that_measures_them_are_measured_quantities(listed: str) -> None:
    # quantities measured on what a tool delineates, which a regression takes: hand-crafted features in a table
    # (Conditions #3 and #4 yes; pipespec's decision for measurements on a delineated region)
    text = ("Perfusion CT of 240 patients was acquired. The lesions were segmented automatically by a thresholding "
            "algorithm. " + listed + " A logistic regression model used the volume (per 10 mL), age and the NIHSS "
            "score to predict a good outcome.")
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes", (v, _kinds(text))


# ---------------------------------------------------------------------- a threshold said by its cut-off
@pytest.mark.parametrize("rule", [
    "which delineates the infarct as tissue with a cerebral blood volume below 2 mL/100 g",
    "which delineates the penumbra as Tmax > 6 s",
    "which segments the lesion as the voxels with an SUV greater than 2.5",
])
def test_software_that_delineates_by_a_stated_cut_off_uses_a_threshold_not_a_network(rule: str) -> None:
    # the text says how the software delineates: by a value's cut-off, an algorithm with no learning; so no
    # ready-made network of unknown kind is left for review (Condition #5 no), and the delineation is automatic (#2)
    text = ("Perfusion CT of 240 patients was acquired. Maps were computed in PerfTool (Acme Imaging, version 3), "
            + rule + " automatically; the results were accepted without modification. The lesion volume was entered "
            "into a logistic regression with age.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "no", (v, _kinds(text))


def test_a_size_that_only_selects_the_lesions_is_no_cut_off_of_the_delineation() -> None:
    # "nodules with a diameter greater than 4 mm" says which findings, not how the software draws them: its method
    # stays unstated (a ready-made tool of unknown kind: Condition #5 left to the reviewer)
    text = ("Chest CT of 500 patients was collected. NoduleTool (Acme Imaging, version 2), a commercial AI product, "
            "automatically segments nodules with a diameter greater than 4 mm. Radiomic features were extracted from "
            "the masks with PyRadiomics and an SVM was trained on them.")
    assert verdicts(text)[5] == "review", _kinds(text)


# ---------------------------------------------------------------------- a region stated by what it covers
@pytest.mark.parametrize("region", [
    "The analysis covered the left lobe of the liver on two adjacent slices, excluding large vessels and bile ducts.",
    "Measurements were confined to the solid part of each tumour, avoiding necrotic areas.",
])
def test_an_analysis_region_bounded_by_what_it_leaves_out_is_a_delineation_by_an_unstated_hand(region: str) -> None:
    # texture computed in a region the text bounds (what it covers, which structures it leaves out) is computed in a
    # delineated region (Condition #1 yes), though no word says who or what drew it (#2 left to the reviewer)
    text = ("CT of 160 patients was collected. First-order texture features were extracted with TexRAD on the portal "
            "venous phase. " + region + " Skewness and entropy were entered into a logistic regression model.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "review" and v[3] == "yes", (v, _kinds(text))


def test_an_analysis_restricted_to_some_patients_delineates_nothing() -> None:
    text = ("CT of 160 patients was collected. Texture analysis of the whole liver was performed with TexRAD. The "
            "analysis was restricted to patients with biopsy within three months, excluding those with cysts. "
            "Skewness and entropy were entered into a logistic regression model.")
    assert not delineations(text), _kinds(text)


# ---------------------------------------------------------------------- a plain heading line is not quoted
def test_a_heading_line_over_a_long_sentence_is_not_quoted_in_place_of_what_the_sentence_states() -> None:
    # a plain text marks a subsection only by a short line of its own; read with the sentence under it (it says what
    # the sentence is about), it is still no part of the quote, which would otherwise spend its length on the heading
    # and stop before the statement
    text = ("Patients\nCT of 230 patients with pancreatic cancer was collected.\n\nSegmentation\nA single abdominal "
            "radiologist with twelve years of experience, unaware of the outcome, manually outlined the tumour on every "
            "slice of the pancreatic phase in ITK-SNAP.\n\nRadiomic features\nFeatures were extracted with "
            "PyRadiomics, and a Cox model was trained on them.")
    seg = next(s for s in draft(text).stages if "segmentation" in s.head)
    quotes = [e.quote for e in seg.evidence]
    assert quotes and all(q.startswith("A single abdominal radiologist") for q in quotes), quotes
    # (the heading is still read with the sentence: its words say what the sentence is about)
    assert any(s.kind == "feature_extraction" for s in draft(text).stages)


def test_a_wrapped_line_inside_a_sentence_is_no_heading() -> None:
    from pipespec.draft.documents import Document
    from pipespec.draft.sections import select_part
    from pipespec.draft.sentences import sentences
    text = "Methods\n\nThe tumours were outlined by\nTwo radiologists in consensus on every slice of the scan.\n"
    doc = Document(text, "txt", ())
    part, _ = select_part(doc, "all")
    s = sentences(doc, part)[-1]
    assert text[s.quoted_start():].startswith("The tumours"), text[s.quoted_start():]


# ---------------------------------------------------------------------- quantitative maps computed from the images
@pytest.mark.parametrize("maps", ["Iodine maps were generated at the vendor's workstation from the dual-energy data.",
                                  "Voxel-wise T2 maps were calculated with a mono-exponential fit.",
                                  "The parametric maps were then derived inline by the scanner software."])
def test_quantitative_maps_computed_from_the_acquisition_are_a_preprocessing_step(maps: str) -> None:
    # the maps the analysis reads are computed from what was acquired: a step of the pipeline, quoted as its
    # evidence, which changes none of the five conditions
    text = ("Abdominal MRI of 140 patients was collected. " + maps + " A radiologist outlined each lesion on the maps. "
            "Radiomic features were extracted with PyRadiomics and a random forest was trained on them.")
    d = draft(text)
    prep = [s for s in d.stages if s.kind == "preprocessing" and "parametric maps" in s.head]
    assert prep and any(maps[:25] in e.quote for e in prep[0].evidence), [(s.head, s.evidence) for s in d.stages]
    v = verdicts(text)
    assert v[1] == "yes" and v[3] == "yes" and v[5] == "no", v


@pytest.mark.parametrize("maps", ["Saliency maps were generated with Grad-CAM for every case.",
                                  "Attention maps were computed from the last block.",
                                  "Texture feature maps were computed voxel by voxel."])
def test_maps_of_a_network_or_of_features_are_no_maps_of_the_acquisition(maps: str) -> None:
    text = ("Chest CT of 300 patients was collected. A ResNet-50 was trained end to end on the whole scans to predict "
            "malignancy. " + maps)
    assert not any("parametric maps" in h for h in heads(text).values()), heads(text)


# ---------------------------------------------------------------------- a patient's variables named by their kind
@pytest.mark.parametrize("combined", [
    "The radiomic score was then combined with serum AFP and the MELD score in a multivariable logistic regression.",
    "A combined logistic regression model included the radiomic signature, CEA, and neoadjuvant chemotherapy.",
    "The radiomic score entered a Cox model together with histological grade and lymphocyte count.",
])
def test_a_blood_value_a_clinical_score_or_a_treatment_beside_the_image_score_is_a_clinical_input(combined: str) -> None:
    # the variables the model takes beside the image-derived score are the patient's (a clinical input in a table),
    # whatever the text calls them, and the sentence naming them is the clinical input's evidence
    text = ("CT of 260 patients was collected. A radiologist outlined each tumour. Radiomic features were extracted "
            "with PyRadiomics and LASSO built a radiomic score. " + combined)
    clin = [s for s in draft(text).stages if s.kind == "input" and "clinical" in s.head]
    assert clin and any(combined[:30] in e.quote for e in clin[0].evidence), [(s.head, s.evidence) for s in
                                                                                 draft(text).stages]
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes" and v[5] == "no", v


def test_sex_encoded_and_concatenated_with_the_image_features_is_a_clinical_input() -> None:
    text = ("Wrist radiographs of 5,000 children were collected. A ResNet-50 was trained end to end to predict bone age. "
            "Sex was encoded as a binary variable and concatenated with the pooled image features.")
    clin = [s for s in draft(text).stages if s.kind == "input" and "clinical" in s.head]
    assert clin and any("Sex was encoded" in e.quote for e in clin[0].evidence), heads(text)


# ---------------------------------------------------------------------- where a measured quantity is measured
def test_a_quantity_said_again_where_a_model_takes_it_cites_the_sentence_that_measures_it_around_the_quantity() -> None:
    # the extraction's evidence is the sentence that measures the quantity (quoted around it, however long the
    # sentence), as well as the one where the model takes it again by its abbreviation
    text = ("Kidney lesions of 120 patients were scanned with CT. Once the contrast had reached the corticomedullary "
            "phase, a circular ROI of 1 cm was placed by a radiologist in the most enhancing part of each lesion and "
            "the mean attenuation (MA, in HU) was recorded; three placements were averaged. A logistic regression "
            "model with age and MA as predictors was fitted.")
    rad = [s for s in draft(text).stages if s.kind == "feature_extraction"]
    assert rad and any("mean attenuation" in e.quote for e in rad[0].evidence), [
        (s.head, s.evidence) for s in draft(text).stages]


# ---------------------------------------------------------------------- a model named by its participle
@pytest.mark.parametrize("model", ["A gradient-boosted survival model (500 estimators) was trained on them.",
                                   "Gradient boosted decision trees were trained on the selected features."])
def test_a_gradient_boosted_model_is_gradient_boosting(model: str) -> None:
    text = ("A radiologist outlined every tumour on CT. Radiomic features were extracted with PyRadiomics and those "
            "correlated above 0.9 were removed. " + model)
    assert any(k.startswith("model") and "gradient boosting" in k for k in _kinds(text)), _kinds(text)


def test_voxels_a_cut_off_removes_from_what_the_software_drew_do_not_say_how_it_draws() -> None:
    # the software's own method stays unstated (a ready-made tool of unknown kind: Condition #5 left to the reviewer)
    text = ("Chest CT of 500 patients was collected. LungTool (Acme Imaging, version 2) "
            "automatically segments the lungs; voxels with attenuation below -950 HU were then excluded as emphysema. "
            "Radiomic features were extracted from the masks with PyRadiomics and an SVM was trained on them.")
    assert verdicts(text)[5] == "review", _kinds(text)


def test_image_volumes_listed_with_other_data_are_no_measured_quantity() -> None:
    # the images named in a list of what was collected are no volume measured (a quantity of the images' contents)
    assert _measure_cues("CT volumes, radiology reports and clinical data were obtained from the archive.") == []
    assert _measure_cues("Core volume, penumbra volume and mismatch ratio were taken from the report.") == [
        "Core volume", "penumbra volume"]


def _measure_cues(sentence: str) -> list[str]:
    from pipespec.draft.documents import Document
    from pipespec.draft.mentions import read_sentences
    from pipespec.draft.sections import select_part
    from pipespec.draft.sentences import sentences
    doc = Document(sentence, "txt", ())
    sents = sentences(doc, select_part(doc, "all")[0])
    return [sentence[c.start:c.end] for m in read_sentences(sentence, sents) for c in m.cues if c.value == "measure"]


# ---------------------------------------------------------------------- angiography by its modality
@pytest.mark.parametrize("angio", ["CT angiography", "MR angiography"])
def test_ct_or_mr_angiography_is_that_modality_not_digital_subtraction_angiography(angio: str) -> None:
    text = (f"Patients with stroke had non-contrast CT and {angio} on admission. A radiologist outlined the occluded "
            "vessel territory, radiomic features were extracted with PyRadiomics and a random forest was trained.")
    assert not any(h == "input DSA" for h in heads(text).values()), heads(text)
