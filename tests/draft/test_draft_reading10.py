"""Ways Methods sections state facts the five conditions turn on, each principle with paragraphs written for it (none
is a corpus text): a layer's outputs taken from the one network of a sentence, a protocol's sequence that is no
feature class, readers listing what they rate by eye, a contour rated as smooth or lobulated, a trial's registration,
a mask that cleans the screen, the reference standard's quantity, the blocks of a transformer counted from one end,
and the sentence saying which images are used, beside a second modality."""

from __future__ import annotations

import pytest

from pipespec.draft import NothingToDraft, draft
from tests.draft.reading import delineations, heads, verdicts


def _kinds(text: str) -> list[str]:
    return sorted(heads(text).values())


# ---------------------------------------------------------------------- a layer's outputs, after a semicolon
@pytest.mark.parametrize("network", [
    "An ImageNet-pretrained DenseNet-121 was applied as supplied; the output of the last pooling layer (1,024 "
    "features) was kept for every slice.",
    "A VGG-16 pretrained on ImageNet was used without any retraining; the activations of the second fully connected "
    "layer (4,096 features) were stored for each crop.",
])
@pytest.mark.parametrize("called", ["a deep learning radiomics pipeline", "an end-to-end deep learning framework"])
def test_the_outputs_of_a_layer_taken_from_the_one_network_of_the_sentence_are_its_features(
        network: str, called: str) -> None:
    # deep features a classical classifier takes: not end-to-end (METRICS-E3, Condition #5, Example 5), whatever the
    # authors call their pipeline; the network is the features' source, not a second model beside the SVM
    text = (f"We built {called}. A radiologist drew a rectangle around each tumour on CT, and the crop was resized. "
            + network + " Features were z-scored, LASSO selected the most predictive ones, and a support vector "
            "machine was trained on the selected features.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction deep") for k in kinds), kinds
    assert [k for k in kinds if k.startswith("model")] == ["model SVM"], kinds
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


# ---------------------------------------------------------------------- a protocol's sequence, no feature class
@pytest.mark.parametrize("protocol", [
    "The protocol comprised T2-weighted, DWI (b values 50 and 1,000 s/mm², ADC calculated) and DCE imaging.",
    "Biparametric sequences were acquired, and DCE images were calculated at a temporal resolution of 6 s.",
])
def test_a_sequence_named_in_the_protocol_is_not_a_kinetic_feature_class(protocol: str) -> None:
    # a reader study with no image analysis computes no hand-crafted features (Condition #3): "DCE" names the images
    text = ("Sixty men underwent prostate MRI at 3 T. " + protocol + " Three radiologists independently assigned a "
            "PI-RADS category to each index lesion, and inter-reader agreement was measured with Fleiss' kappa.")
    try:
        d = draft(text)
    except NothingToDraft:
        return
    kinds = [f"{s.kind} {s.head}" for s in d.stages]
    assert not any(k.startswith("feature_extraction") for k in kinds), kinds


def test_the_parameters_of_a_dce_series_are_still_kinetic_features() -> None:
    text = ("Tumours on breast MRI were segmented manually. DCE parameters (wash-in, washout and time to peak) were "
            "computed in each tumour and entered into a logistic regression.")
    assert any(k.startswith("feature_extraction") for k in _kinds(text)), _kinds(text)


# ---------------------------------------------------------------------- readers listing what they rate
@pytest.mark.parametrize("listed", [
    "For each nodule they recorded: size; contour (smooth or spiculated); margin; and presence of calcification.",
    "They noted the margin, the presence of a fat halo and the enhancement pattern of every mass.",
])
def test_readers_listing_what_they_see_rate_semantic_features(listed: str) -> None:
    # descriptors readers rate by eye, which a model takes: semantic features in a table (Condition #4 yes, pipespec's
    # decision for reader-rated features), none computed (Condition #3 no); no word "features" is needed
    text = ("Two chest radiologists reviewed the CT images independently, blinded to pathology. " + listed + " The "
            "consensus values were entered into a multivariable logistic regression.")
    kinds = _kinds(text)
    assert any(k.startswith("feature_extraction semantic") for k in kinds), kinds
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "yes", v
    assert not delineations(text), kinds  # a contour rated as smooth is no line drawn round the lesion


def test_a_contour_drawn_is_still_a_delineation() -> None:
    text = ("Each tumour was contoured on every slice by a radiologist in ITK-SNAP. PyRadiomics features were "
            "extracted, and a random forest predicted the grade.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)


# ---------------------------------------------------------------------- a trial's registration
@pytest.mark.parametrize("registered", [
    "The trial was registered (ClinicalTrials.gov NCT01234567) and approved by the ethics board.",
    "This study was prospectively registered at ClinicalTrials.gov and approved by the ethics board.",
    "The protocol was registered in the Chinese Clinical Trial Registry (ChiCTR2100012345).",
])
def test_a_trials_registration_is_no_image_registration(registered: str) -> None:
    text = (registered + " A ResNet-50 was trained on the chest radiographs to classify pneumonia, and the images "
            "were resized to 224 pixels.")
    prep = [k for k in _kinds(text) if k.startswith("preprocessing")]
    assert prep and not any("register" in k for k in prep), _kinds(text)


def test_images_registered_to_each_other_are_still_registered() -> None:
    text = ("The ADC maps were registered to the T2-weighted images. A ResNet-50 was trained on both to classify "
            "the lesions.")
    assert any("register" in k for k in _kinds(text)), _kinds(text)


# ---------------------------------------------------------------------- a mask that cleans the screen
@pytest.mark.parametrize("cleaned", [
    "The burned-in text and the calipers were removed with a fixed mask for each scanner.",
    "A binary mask blanked out the annotations and the vendor's interface around the image.",
])
def test_a_mask_that_takes_text_and_overlays_off_the_images_delineates_nothing(cleaned: str) -> None:
    # the whole ultrasound image is the network's input: no region is delineated (Condition #1 no), and the network
    # is trained on it (Condition #5 yes)
    text = ("Thyroid ultrasound images were exported. " + cleaned + " An EfficientNet-B0 pretrained on ImageNet was "
            "fine-tuned on the whole images to classify the nodules as benign or malignant.")
    assert not delineations(text), _kinds(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


# ---------------------------------------------------------------------- the reference standard's quantity
@pytest.mark.parametrize("reference", [
    "The reference standard was the MRI proton density fat fraction (PDFF) measured at 3 T, the mean of regions "
    "placed by a radiologist in both lobes.",
    "The ground truth was the liver stiffness measured with magnetic resonance elastography.",
])
def test_the_quantity_the_outcome_is_defined_by_is_no_image_feature(reference: str) -> None:
    # what the labels are measured from is the reference, not a hand-crafted feature of the images analysed
    # (Conditions #3 and #4 no); the network learns from the whole images (Condition #5 yes)
    text = (reference + " Liver ultrasound images were acquired the same day. A Swin Transformer pretrained on "
            "ImageNet was fine-tuned on the whole images. The output layer was trained together with the backbone on "
            "three classes (PDFF below 5%, 5-17%, at least 17%; stiffness below 7 kPa, 7-12 kPa, above 12 kPa).")
    kinds = _kinds(text)
    assert not any(k.startswith("feature_extraction") for k in kinds), kinds
    v = verdicts(text)
    assert v[3] == "no" and v[4] == "no" and v[5] == "yes", v


# ---------------------------------------------------------------------- a transformer's blocks
@pytest.mark.parametrize("frozen", [
    "the patch embedding and the first six transformer blocks were frozen, and the last six blocks were fine-tuned "
    "with a new classification head.",
    "the first ten transformer layers were kept frozen, and the remaining transformer layers were fine-tuned with a "
    "new linear head.",
])
def test_the_blocks_of_a_vision_transformer_counted_from_one_end_are_its_parts(frozen: str) -> None:
    # one network fine-tuned on the images with its early blocks frozen: still end-to-end (METRICS-E3, Condition #5,
    # Example 4), and no second transformer beside it
    text = ("Whole knee radiographs were resized to 224 pixels. The classifier was a ViT-B/16 pretrained on "
            "ImageNet-21k. We used transfer learning: " + frozen)
    models = [k for k in _kinds(text) if k.startswith("model")]
    assert len(models) == 1 and "ViT-B/16" in models[0], _kinds(text)
    assert verdicts(text)[5] == "yes"


# ---------------------------------------------------------------------- which images, beside a second modality
@pytest.mark.parametrize(("text", "modality", "said"), [
    ("Patients had liver MRI for the reference fat fraction and an abdominal ultrasound the same day. Four B-mode "
     "images were stored for each patient. A ResNet-18 pretrained on ImageNet was fine-tuned on them to grade "
     "steatosis.", "US", "Four B-mode images were stored"),
    ("Women had mammography and, where needed, breast ultrasound. Only the craniocaudal (CC) and mediolateral oblique "
     "(MLO) views were used. An EfficientNet-B3 was trained on them to classify breast density.", "MG",
     "Only the craniocaudal"),
    ("Patients had cardiac MRI and bone scintigraphy. Only native T1 maps were used. PyRadiomics features were "
     "extracted from the manually drawn myocardium, and an SVM classified amyloidosis.", "MRI",
     "Only native T1 maps were used"),
])
def test_the_sentence_saying_which_images_are_used_cites_the_input_they_are_of(
        text: str, modality: str, said: str) -> None:
    # an author correcting a draft checks each stage against its sentence: the images analysed are the input's
    d = draft(text)
    inputs = [s for s in d.stages if s.kind == "input" and s.head.split()[0] == modality]
    assert inputs and any(said in e.quote for e in inputs[0].evidence), [(s.head, [e.quote for e in s.evidence])
                                                                        for s in d.stages if s.kind == "input"]


# ---------------------------------------------------------------------- a Cox model named in the singular
def test_a_cox_proportional_hazard_model_in_the_singular_is_the_cox_model() -> None:
    # "hazard" for "hazards", as authors often write it: the survival model the features enter is drafted
    text = ("Tumours on PET were delineated manually, and LIFEx computed texture features. Significant features were "
            "included in a multivariate Cox proportional hazard model with stepwise selection to predict "
            "progression-free survival.")
    assert "model Cox" in _kinds(text), _kinds(text)


# ---------------------------------------------------------------------- a phrase longer than the quote
def test_a_phrase_longer_than_its_quote_is_quoted_by_its_last_words() -> None:
    # the readers are named first and what they record comes last: the quote shows the words that make the stage
    text = ("Two chest radiologists (7 and 18 years of experience), blinded to histopathology, independently reviewed "
            "every nodule on lung and mediastinal window settings and recorded the following CT descriptors on a "
            "structured form. A logistic regression was trained on the descriptors to predict invasiveness.")
    sem = [s for s in draft(text).stages if s.kind == "feature_extraction"]
    assert sem and any("recorded the following CT descriptors" in e.quote for e in sem[0].evidence), \
        [(s.head, [e.quote for e in s.evidence]) for s in sem]
