"""Further ways Methods sections state, or only seem to state, the facts the five conditions turn on, each principle
with paragraphs written for it in several phrasings (none is a corpus text), beside phrasings that must not change:
a step a study says it avoids or cannot afford, marks removed from the images, a region grown from a seed, and the
methods a study only compares itself with."""

from __future__ import annotations

import pytest

from pipespec.draft import NothingToDraft, draft
from tests.draft.reading import delineations, heads, verdicts


# ---------------------------------------------------------------------------------------------- a step avoided
@pytest.mark.parametrize("text", [
    "We deliberately avoided any segmentation step: each radiograph was resized to 512 × 512 pixels and a "
    "DenseNet-121 pretrained on ImageNet was fine-tuned on the whole image to detect scaphoid fractures.",
    "To avoid manual delineation, the entire CT volume was fed to a 3D ResNet-18 trained from scratch to predict "
    "EGFR mutation.",
    "The approach dispenses with lesion contouring: whole mammograms were passed to an EfficientNet-B0 fine-tuned to "
    "classify cancer versus no cancer.",
    "Tumour segmentation was avoided; full MRI slices were resized to 256 × 256 and a ResNet-50 was fine-tuned to "
    "grade the tumours.",
])
def test_a_delineation_the_study_avoids_is_not_drafted(text: str) -> None:
    # a step the study says it does without delineates nothing (Condition #1)
    assert not delineations(text), heads(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


def test_avoiding_something_else_leaves_the_delineation_after_its_comma() -> None:
    text = ("To avoid partial-volume effects, the tumours were manually segmented 2 mm inside their border on CT by "
            "a radiologist, and PyRadiomics features fed a random forest.")
    assert any("mode: manual" in h for h in delineations(text)), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


# ---------------------------------------------------------------------------------------------- a step not afforded
@pytest.mark.parametrize("text", [
    "Pixel-level annotations are expensive to obtain, so a ResNet-50 was fine-tuned on whole chest radiographs with "
    "image-level labels to detect pneumothorax.",
    "Because voxel-wise tumour masks are labour-intensive, the whole PET volume was fed to a 3D CNN trained from "
    "scratch to predict treatment response.",
    "Slice-wise contours are time-consuming to draw; instead, a Swin Transformer was fine-tuned on the full MRI "
    "volumes to classify the lesions as benign or malignant.",
    "Because manual delineation of every nodule is impractical, the full CT volume was input to a 3D CNN trained from "
    "scratch to predict malignancy.",
])
def test_a_delineation_said_to_be_too_costly_is_not_drafted(text: str) -> None:
    # why a study does without a delineation is no delineation (Condition #1)
    assert not delineations(text), heads(text)
    assert verdicts(text)[1] == "no"


def test_a_delineation_said_to_be_costly_and_still_done_stays() -> None:
    text = ("Manual segmentation, although time-consuming, was performed by two radiologists on every CT, and "
            "PyRadiomics features were entered into an SVM.")
    assert any("mode: manual" in h for h in delineations(text)), heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- marks on the images
@pytest.mark.parametrize("text", [
    "Burned-in text annotations and calliper marks were removed automatically, and the full ultrasound frames were "
    "resized to 224 × 224 and fed to a ResNet-50 fine-tuned to classify nodules as benign or malignant.",
    "Each radiograph was masked automatically to erase annotations and patient labels before a DenseNet-121 was "
    "fine-tuned on the whole image to detect fractures.",
    "Ultrasound images were cropped automatically to the scan sector to remove annotations and vendor information, "
    "and an EfficientNet-B2 pretrained on ImageNet was fine-tuned on them to predict malignancy.",
])
def test_annotations_removed_from_the_images_are_no_delineation(text: str) -> None:
    # text and marks burned into the images are cleaned away: the image is prepared, nothing is delineated
    assert not delineations(text), heads(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


def test_a_crop_to_the_scan_sector_is_a_crop() -> None:
    text = ("Ultrasound images were cropped automatically to the scan sector to remove annotations, and a ResNet-50 "
            "was fine-tuned on them to predict malignancy.")
    assert any(h.startswith("preprocessing") and "crop" in h for h in heads(text).values()), heads(text)


def test_annotations_a_reader_draws_still_delineate() -> None:
    text = ("Tumour annotations were drawn manually on every slice by two radiologists, and PyRadiomics features "
            "extracted from them were entered into a logistic regression.")
    assert any("mode: manual" in h for h in delineations(text)), heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- region growing
@pytest.mark.parametrize("text", [
    "A radiologist placed a seed point in each metastasis on the ADC map, and the lesion volume was then grown by a "
    "region-growing algorithm; histogram features of the ADC values in it entered a logistic regression.",
    "Each nodule on CT was grown in 3D by region growing from a seed that a radiologist set, with a 15% intensity "
    "tolerance, and texture features computed with PyRadiomics were classified with a random forest.",
    "Region growing from a point clicked by the reader gave the volume of every lesion; first-order features of "
    "that volume were fed to an SVM.",
])
def test_region_growing_from_a_seed_delineates_with_a_person(text: str) -> None:
    # region growing delineates the region; a seed placed by a person makes it a human step (Conditions #1, #2)
    assert delineations(text), heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


# ---------------------------------------------------------------------------------------------- others' methods
@pytest.mark.parametrize("text", [
    "Existing grading models usually first localise the joint with a detector or crop a fixed window around it. Here, "
    "the whole knee radiograph was resized to 384 × 384 and a ConvNeXt-T was fine-tuned to predict the grade.",
    "Prior studies typically segmented the tumour manually and extracted radiomic features. We instead fine-tuned a "
    "ResNet-50 on the whole CT slices to predict the histological subtype.",
    "Most previous approaches rely on radiologists' lesion outlines; our DenseNet-121 was trained from scratch on "
    "whole mammograms to predict cancer.",
    "Previous deep learning studies have mostly relied on manually segmented tumours. Here, a 3D ResNet-18 was "
    "trained from scratch on the whole MRI volumes to predict the tumour grade.",
])
def test_what_other_studies_usually_do_is_not_the_studys_pipeline(text: str) -> None:
    # a sentence about the field's usual methods states none of the study's stages
    assert not delineations(text), heads(text)
    v = verdicts(text)
    assert (v[1], v[3], v[5]) == ("no", "no", "yes"), v


@pytest.mark.parametrize("text", [
    "PyRadiomics features were extracted from manually segmented tumours on CT. Most models used in this study were "
    "random forests trained with five-fold cross-validation.",
    "PyRadiomics features were extracted from manually segmented tumours on CT. Many of the methods used here were "
    "random forests trained to predict recurrence.",
])
def test_the_studys_own_models_said_with_most_or_many_stay(text: str) -> None:
    # "used" after the noun says which of the study's models, not what the field does
    assert any("random forest" in h for h in heads(text).values()), heads(text)


def test_existing_masks_are_the_studys_own() -> None:
    text = ("Existing radiotherapy contours were reused as the tumour masks on CT, and PyRadiomics features extracted "
            "from them were entered into a Cox model.")
    assert delineations(text), heads(text)
    assert verdicts(text)[1] == "yes"


_STUDY = ("Materials and methods\n\nCT scans of 400 patients with lung adenocarcinoma were used. A 3D DenseNet-121 was "
          "trained from scratch on the whole CT volumes to predict EGFR mutation.\n\n")


@pytest.mark.parametrize("compared", [
    "Compared methods\n\nWe compared the network with a radiomics model: tumours were segmented manually by a "
    "radiologist, PyRadiomics features were extracted and a random forest was trained on them. A ResNet-50 "
    "fine-tuned on the same volumes was evaluated too.",
    "2.4 Baselines. Radiomic features were computed with PyRadiomics from manual tumour contours and classified with "
    "an SVM; a logistic regression on the same features was also fitted.",
    "### Comparator models\n\nTumours were outlined manually by a radiologist, and PyRadiomics features were "
    "classified with a random forest.",
    "E. Comparison methods\n\nThe same data were used to train an SVM on texture features from semi-automatic "
    "masks, and a random forest on PyRadiomics features.",
])
def test_a_paragraph_under_a_compared_methods_heading_states_no_stage(compared: str) -> None:
    # methods a study only measures itself against are not its pipeline (as a comparator sentence is not)
    text = _STUDY + compared
    got = heads(text)
    assert not delineations(text) and not any(h.startswith("feature_extraction") for h in got.values()), got
    assert "clf" not in got, got
    v = verdicts(text)
    assert (v[1], v[3], v[4], v[5]) == ("no", "no", "no", "yes"), v


@pytest.mark.parametrize("compared", [
    "As comparison, tumours were contoured manually and PyRadiomics features were classified with a random forest.",
    "We also report a radiomics model with an SVM evaluated on the same cohort, whose figures we quote as published.",
    "For reference we also report a logistic regression on PyRadiomics features of manually drawn tumour contours.",
    "For reference, radiomic features were computed with PyRadiomics from manual contours and classified by an SVM.",
])
def test_a_comparison_said_in_a_sentence_states_no_stage(compared: str) -> None:
    got = heads(_STUDY + compared)
    assert not any(h.startswith("feature_extraction") for h in got.values()) and "clf" not in got, got


@pytest.mark.parametrize("heading", ["Comparison", "2.6 Comparison", "Benchmark", "C. Comparison"])
def test_a_heading_of_one_word_that_may_name_the_studys_own_comparison_keeps_its_stages(heading: str) -> None:
    # a comparison or a reference standard of the study's own: its model is still the pipeline's
    text = (f"Materials and methods\n\nCT scans of 400 patients with lung nodules were used.\n\n{heading}\n\nThe "
            "proposed ResNet-50 was fine-tuned on the nodule crops to classify malignancy and was compared with two "
            "radiologists.")
    assert any(h.endswith("ResNet-50") for h in heads(text).values()), heads(text)


def test_a_model_comparison_heading_over_the_studys_own_models_keeps_them() -> None:
    text = ("Materials and methods\n\nTumours on CT of 300 patients were segmented manually and PyRadiomics features "
            "were extracted.\n\nModel development\n\nA random forest and an SVM were trained on the radiomic features "
            "and compared with DeLong's test.")
    got = heads(text)
    assert "clf" in got and "rad" in got, got
    assert verdicts(text)[3] == "yes"


# ---------------------------------------------------------------------------------------------- statistics of features
@pytest.mark.parametrize("text", [
    "Three radiologists independently assigned a LI-RADS category and recorded the major features of each observation "
    "on MRI. Inter-reader agreement for each feature was calculated with Fleiss' kappa.",
    "Two readers scored the imaging features of every nodule on CT. The sensitivity and specificity of each feature "
    "were calculated against histology.",
    "Readers noted margins, echogenicity and calcifications on ultrasound. The prevalence of every feature was computed "
    "and compared between benign and malignant nodules with the chi-square test.",
    "Three readers assessed the presence of each MRI feature of the lexicon. The positive predictive value of each "
    "feature was computed against pathology.",
])
def test_a_statistic_computed_for_each_feature_readers_record_extracts_nothing(text: str) -> None:
    # what is calculated is the agreement or accuracy of the readers' features, not features from the images
    with pytest.raises(NothingToDraft):
        draft(text)


def test_features_computed_with_no_network_named_are_still_extracted() -> None:
    text = ("T2 mapping of the knee cartilage was acquired on MRI and a radiologist drew ROIs manually. Extraction of "
            "T2 mapping features was performed on the ROIs, and a logistic regression was fitted on them.")
    assert verdicts(text)[3] == "yes", heads(text)


# ---------------------------------------------------------------------------------------------- a reader who only looks
@pytest.mark.parametrize("text", [
    "The liver was segmented automatically on CT with TotalSegmentator. A radiologist (7 years of experience) scrolled "
    "through every mask to confirm it; failed masks were excluded rather than edited. PyRadiomics features fed a "
    "random forest.",
    "The kidneys were segmented fully automatically by nnU-Net on CT. An abdominal radiologist looked through all "
    "masks, and masks with errors were discarded instead of corrected. Texture features entered an SVM.",
])
def test_a_reader_who_only_looks_at_the_masks_and_discards_failures_corrects_nothing(text: str) -> None:
    # quality control of what a tool drew: no human edit (Condition #2 Yes)
    seg = delineations(text)
    assert seg and "corrected: all" not in seg[0] and "corrected: subset" not in seg[0], seg
    assert "readers:" not in seg[0], seg
    assert verdicts(text)[2] == "yes"


def test_a_reader_who_looks_at_the_masks_and_edits_them_corrects() -> None:
    text = ("The kidneys were segmented fully automatically by nnU-Net on CT. An abdominal radiologist looked through "
            "all masks and edited them where needed. Texture features entered an SVM.")
    seg = delineations(text)
    assert seg and "corrected: subset" in seg[0], seg
    assert verdicts(text)[2] == "no"


def test_a_reader_who_draws_beside_one_who_checks_still_delineates() -> None:
    text = ("A radiologist (5 years of experience) placed a bounding box around each nodule on CT; a second "
            "radiologist (15 years of experience) checked all boxes. The cropped regions were fed to a ResNet-18 "
            "trained to predict malignancy.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], seg
    assert verdicts(text)[2] == "no"


@pytest.mark.parametrize("text", [
    "A radiologist viewed each scan and outlined the tumour on every slice. PyRadiomics features fed an SVM.",
    "A radiologist (10 years of experience) looked at each scan and delineated the tumour. PyRadiomics features fed "
    "an SVM.",
    "Two readers scrolled through the MRI volumes and then contoured every lesion in ITK-SNAP. PyRadiomics features "
    "fed an SVM.",
])
def test_a_reader_who_looks_and_then_draws_delineates(text: str) -> None:
    # looking at the images before drawing is no quality control of a tool's masks (Condition #2 No)
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], seg
    assert verdicts(text)[2] == "no"


# ---------------------------------------------------------------------------------------------- software products
@pytest.mark.parametrize(("text", "tool"), [
    ("The left ventricular myocardium was segmented on native T1 maps with the automated deep-learning contouring of "
     "cvi42 (version 5.13, Circle Cardiovascular Imaging), and PyRadiomics features of the myocardium were classified "
     "with an SVM.", "cvi42"),
    ("Liver lesions on CT were segmented automatically with the deep learning module of organtrace3 (version 1.4, "
     "Acme Medical), and first-order features computed with PyRadiomics entered a logistic regression.", "organtrace3"),
])
def test_a_product_named_in_lower_case_is_the_delineations_tool(text: str, tool: str) -> None:
    # a ready-made network used as supplied delineates: Condition #5 is left to the reviewer
    seg = delineations(text)
    assert seg and f"tool: {tool}" in seg[0], seg
    assert verdicts(text)[5] == "review"


@pytest.mark.parametrize("text", [
    "Lung opacities on chest CT were quantified with commercially available software (PneumoQuant, version 3.2; "
    "Medsoft). The software automatically segments both lungs and the opacities and reports their volumes. The "
    "opacity volume entered a Cox model with age.",
    "The pancreas was segmented automatically on CT with OrganMapper (v2.1, Acme Imaging), and first-order features "
    "were computed with PyRadiomics; a random forest predicted malignancy.",
    "Body composition analysis of the CT at L3 was performed with commercially available software (BodyMetrix, "
    "version 1.2; Acme Imaging). The software automatically delineates skeletal muscle and visceral fat and reports "
    "their areas, which entered a Cox model with age and stage.",
])
def test_software_that_delineates_automatically_with_its_method_unstated_leaves_condition5_open(text: str) -> None:
    # whether the product is a network is not said: its family stays unstated and #5 at review
    seg = delineations(text)
    assert seg and "tool:" in seg[0] and "family: deep" not in seg[0], seg
    assert verdicts(text)[5] == "review"


@pytest.mark.parametrize("text", [
    "Tumours on CT were segmented semi-automatically with LesionTool (version 4, Acme Imaging), and PyRadiomics "
    "features fed a random forest.",
    "Tumours on MRI were drawn manually with Horos (version 3.3, Horos Project), and PyRadiomics features fed a "
    "random forest.",
    "Tumours on CT were contoured manually by a radiologist and PyRadiomics features fed a random forest. Statistics "
    "were computed with SPSS (version 26, IBM).",
])
def test_software_a_person_delineates_with_leaves_condition5_decided(text: str) -> None:
    assert verdicts(text)[5] == "no", heads(text)


# ---------------------------------------------------------------------------------------------- measurements in a model
@pytest.mark.parametrize("text", [
    "Skeletal muscle and visceral fat were segmented automatically at L3 on CT with TotalSegmentator. A Python script "
    "then computed the skeletal muscle area, the psoas muscle area and the visceral fat area on that slice. The body "
    "composition variables entered a multivariable Cox model with age and stage.",
    "On each CT, muscle was segmented at L3 by TotalSegmentator, and the psoas muscle area was calculated from the "
    "mask. The imaging variables and serum albumin were combined in a logistic regression to predict complications.",
])
def test_areas_measured_on_a_tools_masks_that_enter_a_model_are_image_features(text: str) -> None:
    # quantities measured on the delineated region and entered into a model: hand-crafted, tabular (#3, #4)
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes", (v, heads(text))


def test_clinical_variables_in_a_cox_model_are_no_image_features() -> None:
    text = ("Liver tumours were segmented automatically on CT with TotalSegmentator to check coverage. Age, stage "
            "and albumin, the clinical variables, entered a multivariable Cox model.")
    assert verdicts(text)[3] == "no", heads(text)


# ---------------------------------------------------------------------------------------------- a tool described
@pytest.mark.parametrize("text", [
    "For each ultrasound image a radiologist drew a box around the mass, and this box prompted MedSAM (ViT-B image "
    "encoder, public checkpoint), used without any fine-tuning. PyRadiomics features from the masks were classified "
    "with XGBoost.",
    "Nodules on CT were segmented by SAM (ViT-H encoder, released weights) prompted with a point the reader clicked "
    "in each nodule, and texture features computed with PyRadiomics fed a random forest.",
])
def test_a_network_in_brackets_after_the_delineating_tool_describes_it(text: str) -> None:
    # the tool's own encoder is no network of the pipeline: nothing is trained on the images here
    got = heads(text)
    assert not any(k.startswith("net") for k in got), got
    assert verdicts(text)[5] != "yes"


@pytest.mark.parametrize(("text", "name"), [
    ("Every examination was processed by a commercially available deep learning software for prostate bpMRI "
     "(ProstaScore, version 2.3; Acme Medical GmbH), which outputs a suspicion score for each lesion it detects.",
     "ProstaScore"),
    ("All mammograms were analysed by a CE-marked AI system for screening mammography (BreastAssist, v1.2, Acme AI) "
     "that assigns each examination a cancer risk score.", "BreastAssist"),
    ("Every examination was processed, after the report was signed, by a commercially available deep learning "
     "software for prostate bpMRI (ProstaScore, version 2.3; Acme Medical GmbH). The software was used as supplied by "
     "the vendor. For each lesion it detects it outputs a suspicion score from 0 to 100.", "ProstaScore"),
])
def test_a_product_named_in_brackets_after_what_it_is_for_is_that_product(text: str, name: str) -> None:
    # the words before the bracket say what the product reads (a modality), the bracket names it
    got = heads(text)
    assert any(h.startswith("model") and name in h for h in got.values()), got


@pytest.mark.parametrize("entered", [
    "The AI score, age and smoking history were entered into a logistic regression to predict cancer.",
    "A logistic regression combined the AI-based score with age and smoking history to predict cancer.",
])
def test_a_products_score_entered_into_a_model_feeds_that_model(entered: str) -> None:
    text = ("All chest CT examinations were analysed by a CE-marked AI system for lung screening (NoduleRisk, v3, Acme "
            "AI) that assigns each nodule a malignancy score. " + entered)
    d = draft(text)
    kinds = {s.name: s.head for s in d.stages}
    product = next(n for n, h in kinds.items() if "NoduleRisk" in h)
    clf = next(n for n, h in kinds.items() if "logistic" in h)
    assert (product, clf) in {(e.source, e.target) for e in d.edges}, d.spec


# ---------------------------------------------------------------------------------------------- a correction in the Results
_AUTOMATED = ("Methods\n\nThe liver was segmented automatically on CT by a U-Net trained in this study on 80 scans "
              "traced manually by a radiologist. PyRadiomics features from the masks entered a logistic "
              "regression.\n\nResults\n\nThe U-Net reached a Dice of 0.93 on held-out scans. ")


@pytest.mark.parametrize(("results", "corrected"), [
    ("In 14 of 250 scans (5.6%) the masks were corrected manually by a radiologist before feature extraction. The "
     "model reached an AUC of 0.80.", "subset"),
    ("A radiologist reviewed the automatic contours, and contours that leaked into the bowel were edited by hand in "
     "9 patients. The model reached an AUC of 0.80.", "subset"),
    ("All masks were then adjusted manually by the radiologist before the features were computed. The model reached "
     "an AUC of 0.80.", "all"),
    ("Manual correction of the automatic liver masks was necessary in 17 of 212 patients (8%). The model reached an "
     "AUC of 0.80.", "subset"),
    ("Twelve masks (5%) required manual editing by the radiologist. The model reached an AUC of 0.80.", "subset"),
])
def test_a_correction_of_the_masks_stated_only_in_the_results_counts(results: str, corrected: str) -> None:
    # a human edit of the automatic masks, wherever the paper states it, makes the segmentation not fully automated
    d = draft(_AUTOMATED + results)
    seg = [s for s in d.stages if "segmentation" in s.head or dict(s.block).get("task") == "segmentation"]
    assert seg and (dict(seg[0].block).get("corrected") == corrected or f"corrected: {corrected}" in seg[0].head), d.spec
    assert any("Results" in n.message or "outside" in n.message for n in d.notes), d.notes
    assert verdicts(_AUTOMATED + results)[2] == "no"


@pytest.mark.parametrize("results", [
    "No mask was corrected, and the model reached an AUC of 0.80.",
    "The model reached an AUC of 0.80, and the masks were not edited.",
    "No manual correction of the masks was necessary; the model reached an AUC of 0.80.",
])
def test_results_that_correct_nothing_leave_the_segmentation_automated(results: str) -> None:
    assert verdicts(_AUTOMATED + results)[2] == "yes", draft(_AUTOMATED + results).spec


# ---------------------------------------------------------------------------------------------- labels called annotations
@pytest.mark.parametrize("text", [
    "A DenseNet-121 was fine-tuned on whole chest radiographs with image-level annotations of pneumothorax provided "
    "by two radiologists.",
    "Slice-level annotations of haemorrhage by a neuroradiologist were used to train a ResNet-50 on whole CT slices.",
    "Each examination was annotated by a radiologist as normal or abnormal, and an EfficientNet-B0 was trained on the "
    "whole radiographs.",
    "Two readers annotated each mammogram with its BI-RADS density category; a ResNet-18 was trained on the whole "
    "images to predict density.",
])
def test_an_annotation_of_a_whole_images_class_is_a_label_not_a_delineation(text: str) -> None:
    # a class given to the whole image (image-level, "annotated as normal") outlines nothing (Condition #1)
    assert not delineations(text), heads(text)
    assert verdicts(text)[1] == "no"


@pytest.mark.parametrize("text", [
    "Tumours on MRI were annotated slice by slice by a radiologist in ITK-SNAP, and PyRadiomics features fed a "
    "random forest.",
    "Each nodule on CT was annotated with a bounding box by a radiologist, and the boxes were cropped and fed to a "
    "ResNet-18 trained to predict malignancy.",
    # "as" saying how it was done, not the class given
    "Lesions on MRI were annotated by a radiologist as described previously, and PyRadiomics features fed a random "
    "forest.",
    "Lesions on CT were annotated by two readers as in our earlier work; PyRadiomics features fed an SVM.",
    "Lesions on CT were annotated by a radiologist as follows: the whole tumour was outlined on each slice. "
    "PyRadiomics features fed an SVM.",
])
def test_annotations_that_outline_still_delineate(text: str) -> None:
    assert delineations(text), heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- graphs of patients
@pytest.mark.parametrize("text", [
    "Radiomic features were extracted with PyRadiomics from manually segmented tumours on MRI. Each patient was a node "
    "of a population graph whose edges linked patients with similar features, and a graph convolutional network "
    "classified the nodes to predict MGMT methylation.",
    "PyRadiomics features of manually delineated lesions on CT formed the node features of a patient graph; a graph "
    "attention network was trained on this graph to predict response.",
    "Texture features were computed with PyRadiomics from hippocampal masks drawn manually on MRI. The nodes of the "
    "graph represented the subjects, and a GCN propagated their features between similar subjects to predict "
    "conversion to dementia.",
])
def test_a_graph_network_over_a_graph_of_patients_is_fed_their_feature_table(text: str) -> None:
    # the network learns from the patients' features, not from the images (Conditions #4 Yes, #5 No)
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, heads(text))


def test_a_graph_network_over_a_graph_of_image_regions_learns_from_the_images() -> None:
    text = ("Each chest CT slice was divided into superpixels that formed the nodes of a graph, and a graph "
            "convolutional network trained on these graphs classified the slices as COVID-19 or not.")
    assert verdicts(text)[5] == "yes", heads(text)


@pytest.mark.parametrize("said", ["Reference standard: histopathology.", "Ground truth: histopathology after surgery."])
def test_a_reference_standard_after_a_colon_is_no_input(said: str) -> None:
    text = said + " Tumours on MRI were segmented manually and PyRadiomics features fed a random forest."
    assert [h for h in heads(text).values() if h.startswith("input")] == ["input MRI"], heads(text)


# ---------------------------------------------------------------------------------------------- measured with a segmenting tool
@pytest.mark.parametrize("text", [
    "Brain volumes were computed automatically on MRI with FreeSurfer 7.1, and hippocampal volume entered a logistic "
    "regression predicting conversion to dementia.",
    "Liver and spleen volumes were measured on CT with TotalSegmentator and entered a logistic regression predicting "
    "varices.",
])
def test_quantities_measured_with_a_segmentation_tool_are_measured_on_its_delineation(text: str) -> None:
    # the tool outlines the structure it measures: a delineation, fully automated (Conditions #1 and #2)
    seg = delineations(text)
    assert seg and "segmentation(mode: automated" in seg[0], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "yes", v


@pytest.mark.parametrize("person", ["a trained analyst", "an experienced operator", "a research technician"])
def test_any_person_who_outlines_makes_the_delineation_human(person: str) -> None:
    text = (f"Skeletal muscle at L3 was outlined on CT by {person}, and the muscle area entered a Cox model with age.")
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", (v, heads(text))


@pytest.mark.parametrize("text", [
    "Whole-slide images were tiled into 256-pixel patches; no tumour region was annotated. Patch embeddings from a "
    "ResNet-50 were pooled by an attention module, and the whole model was trained end to end to predict MSI status.",
    "CT slices of each examination were encoded by an EfficientNet-B0 and aggregated by a transformer; the entire "
    "network was trained end-to-end from the examination labels to predict haemorrhage.",
])
def test_an_encoder_in_a_whole_model_trained_end_to_end_is_no_feature_extractor(text: str) -> None:
    # the embeddings are the network's own, learned with the output (METRICS-E3, Condition #5, Examples 3 and 4)
    assert not any(h.startswith("feature_extraction") for h in heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("text", [
    "Chest radiographs of 3,000 patients were used. Dropout of 0.5 was applied to avoid overfitting of the "
    "DenseNet-121, which was fine-tuned to detect pneumonia.",
    "CT scans were used. We avoided overfitting by training the ResNet-18 with heavy augmentation to predict EGFR "
    "mutation.",
    "MRI scans were used. Overfitting of the ResNet-50 was avoided by early stopping; it was fine-tuned to grade the "
    "tumours.",
])
def test_avoiding_what_is_no_step_negates_nothing(text: str) -> None:
    # only a step of the pipeline is said to be avoided; overfitting of the network is not the network
    assert verdicts(text)[5] == "yes", heads(text)


def test_annotations_made_as_the_reference_a_network_learns_from_are_its_labels() -> None:
    text = ("Pancreatic lesions on CT were annotated by a radiologist as ground truth. A U-Net was trained from scratch "
            "on these annotations to segment the lesions, and PyRadiomics features from its masks fed a random forest.")
    assert "labels" in heads(text), heads(text)


@pytest.mark.parametrize("text", [
    "Tumour volumes on PET were segmented automatically using MATLAB (version R2021a, MathWorks) with a 41% SUVmax "
    "threshold, and first-order features entered a Cox model.",
    "The lungs on CT were segmented automatically with in-house software (LungTool, version 2; our institution) based "
    "on region growing, and PyRadiomics features fed a random forest.",
])
def test_software_that_runs_a_stated_algorithm_is_no_network_of_unstated_kind(text: str) -> None:
    # the sentence says how the software delineates (a threshold, region growing): nothing there is a network
    assert verdicts(text)[5] == "no", heads(text)


def test_a_scanner_in_a_bracket_after_the_modality_is_no_product() -> None:
    text = ("We trained a deep learning model for chest CT (SOMATOM Force, Siemens Healthineers) examinations: a "
            "ResNet-50 was fine-tuned on the axial slices to predict emphysema.")
    assert not any("SOMATOM" in h for h in heads(text).values()), heads(text)
