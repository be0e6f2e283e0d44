"""More of how Methods sections state the facts the five conditions turn on, each principle with paragraphs written
for it in several phrasings (none is a corpus text): what a network's outputs become, who changes a mask, what a
study sets beside its pipeline only to compare with it."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import heads, verdicts


@pytest.mark.parametrize("text", [
    "We built a deep learning radiomics (DLR) model to quantify each lesion. Breast ultrasound patches were passed "
    "through an ImageNet-pretrained ResNet-50, its pooled activations were taken as features, and an SVM classified "
    "them.",
    "Deep-learning radiomics was used to characterise and quantify the nodules on CT. A frozen DenseNet-121 served "
    "as a feature extractor and a LASSO logistic regression was trained on its features.",
    "A DL-radiomics signature was derived for every tumour. An EfficientNet-B0 was used as a fixed feature extractor "
    "on the MRI crops, and the deep features entered a random forest.",
])
def test_deep_learning_radiomics_is_learned_not_computed_features(text: str) -> None:
    # "radiomics" after "deep learning" names what a network learns: no hand-crafted extraction (Condition #3)
    assert not any(h.startswith("feature_extraction handcrafted") for h in heads(text).values()), heads(text)
    assert verdicts(text)[3] == "no"


def test_radiomics_said_alone_is_still_hand_crafted() -> None:
    text = ("Tumours on CT were outlined manually and radiomics features were extracted from each outline; a random "
            "forest predicted recurrence.")
    assert verdicts(text)[3] == "yes", heads(text)


@pytest.mark.parametrize("text", [
    "A radiologist, aware of the biopsy result but not of the follow-up, outlined each lesion on the ultrasound "
    "images, and a CNN was fine-tuned on them to predict malignancy.",
    "Two readers blinded to the outcome but not to the clinical history, delineated the tumours on MRI manually; "
    "PyRadiomics features fed a random forest.",
])
def test_a_negated_phrase_ends_at_its_comma(text: str) -> None:
    # "not of the follow-up," negates the phrase it introduces, not the delineation after the comma (Condition #1)
    assert any("segmentation(mode: manual" in h for h in heads(text).values()), heads(text)
    assert verdicts(text)[1] == "yes"


@pytest.mark.parametrize("text", [
    "A breast radiologist drew a rectangle around each mass on the mammograms, and the enclosed patch was fed to a "
    "ResNet-50 trained from scratch to predict malignancy.",
    "On each radiograph, rectangles were drawn around the fracture site by an orthopaedic surgeon; a DenseNet-121 "
    "fine-tuned on the cropped regions classified the fractures.",
])
def test_a_rectangle_a_reader_draws_is_a_manual_bounding_box(text: str) -> None:
    boxes = [h for h in heads(text).values() if "bounding_box(" in h]
    assert boxes and "mode: manual" in boxes[0], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


@pytest.mark.parametrize("comparator", [
    "As a baseline, we also trained a logistic regression on the mean attenuation of the vertebra measured by a "
    "radiologist in a circular ROI.",
    "For comparison, radiomic features were extracted with PyRadiomics from manually drawn tumour contours and "
    "classified by a random forest.",
    "A random forest on texture features computed from manual ROIs served as a comparator.",
])
def test_a_model_set_beside_the_pipeline_only_to_compare_with_is_not_drafted(comparator: str) -> None:
    text = ("Chest CT examinations of 3,000 patients were resized to 256 × 256 pixels, and a DenseNet-121 pretrained "
            "on ImageNet was fine-tuned on the whole images to predict osteoporosis. " + comparator)
    got = heads(text)
    assert not any(h.startswith(("feature_extraction", "model clf")) for h in got.values()), got
    v = verdicts(text)
    assert (v[1], v[3], v[4], v[5]) == ("no", "no", "no", "yes"), v


def test_a_baseline_time_point_is_not_a_comparator() -> None:
    text = ("Baseline CT scans of 200 patients were used. Tumours were outlined manually, PyRadiomics features were "
            "extracted and an SVM predicted response; the scans served as the baseline for follow-up.")
    assert verdicts(text)[3] == "yes", heads(text)


@pytest.mark.parametrize("text", [
    "Each CT examination was a bag of slices. Every slice was encoded by a ResNet-18 backbone initialised with "
    "ImageNet weights, and an attention module pooled the slice embeddings into one vector that a linear layer "
    "classified. Backbone, attention module and classifier were optimised together against the examination label.",
    "Frames of each echocardiography clip were encoded by a DenseNet-121 into embeddings; a transformer aggregated "
    "them and a regression head estimated the ejection fraction. All parts were trained jointly from the clips.",
    "A Swin Transformer encoded every ultrasound image into a feature vector, and a gated attention layer weighted "
    "the vectors of each patient. The encoder was fine-tuned together with the attention layer and the output "
    "layer to predict fibrosis.",
    "We applied attention-based multiple instance learning over the axial slices of each CT: slice embeddings from "
    "an EfficientNet-B0 were weighted by an attention network and summed, and a classifier predicted the "
    "examination label. The EfficientNet-B0 and the attention network were trained end to end.",
])
def test_an_encoder_trained_together_with_the_parts_that_predict_is_no_feature_extractor(text: str) -> None:
    # one network learns from the images to the output (METRICS-E3, Condition #5, Examples 3 and 4): its embeddings
    # are not a table of features
    assert not any(h.startswith("feature_extraction") for h in heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", v


def test_a_frozen_encoder_whose_embeddings_trained_parts_pool_stays_an_extractor() -> None:
    text = ("Every CT slice was encoded by a frozen ResNet-50 pretrained on ImageNet into an embedding; an attention "
            "module and a classifier were trained jointly on the bags of slice embeddings to predict haemorrhage.")
    assert any(h.startswith("feature_extraction deep") for h in heads(text).values()), heads(text)
    assert verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    "The liver was segmented automatically on the contrast-enhanced portal-venous reconstructions with a publicly "
    "released deep learning model, run with its developers' weights. PyRadiomics features from the masks fed a "
    "random forest.",
    "Kidneys were delineated automatically on the non-contrast axial reconstructions using a previously published "
    "deep learning model. Texture features were computed from the kidney masks and an SVM was trained.",
])
def test_a_model_named_by_its_kind_after_a_long_phrase_is_still_the_delineations_tool(text: str) -> None:
    # the delineating verb and its tool six long words apart: the tool delineates, it is no model of the pipeline
    got = heads(text)
    assert any("segmentation(mode: automated" in h and "tool: DNN" in h for h in got.values()), got
    models = [h for h in got.values() if h.startswith("model")]
    assert models and all(h != "model " for h in models), got  # the classifier only, no unnamed deep model


@pytest.mark.parametrize("phrase", ["in 23 examinations (3.8%) with obvious failures",
                                    "in 12 scans (5 %) where the mask leaked"])
def test_a_correction_in_a_counted_share_of_cases_corrects_a_subset(phrase: str) -> None:
    # (a bracket after a word with no full stop continues the sentence: "(5 %)" starts none)
    text = ("The prostate was segmented automatically on MRI by nnU-Net; " + phrase + ", a radiologist corrected the "
            "contour. PyRadiomics features fed a logistic regression.")
    seg = [h for h in heads(text).values() if "segmentation(" in h]
    assert seg and "corrected: subset" in seg[0], seg


@pytest.mark.parametrize("text", [
    "A chest radiologist marked the centre of each nodule with one click. A 48-mm cube centred on the mark was cut "
    "out of the CT and fed to a 3D CNN trained from scratch to predict malignancy.",
    "On every MRI, a radiologist clicked on the middle of the lesion. Patches of 64 × 64 pixels centred on that point "
    "were extracted, and a ResNet-18 was fine-tuned on them to grade the tumour.",
])
def test_a_crop_centred_on_a_point_a_reader_marked_is_a_manual_region(text: str) -> None:
    # the reader places the region the network sees: a human step of the delineation (Conditions #1 and #2)
    crops = [h for h in heads(text).values() if "roi_crop(" in h]
    assert crops and "mode: manual" in crops[0], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", v


def test_a_location_marked_for_the_reference_places_no_region() -> None:
    text = ("A DenseNet-121 was fine-tuned on 3,000 chest radiographs to detect nodules. A thoracic radiologist, who "
            "read the reference CT, also marked the location of each nodule on the radiograph.")
    assert not any("roi_crop" in h for h in heads(text).values()), heads(text)


@pytest.mark.parametrize("listed", [
    "Age, sex, cT stage, SUVmax and MTV were collected as clinical variables.",
    "Clinical variables included age, sex, ECOG status, SUVmax and metabolic tumour volume.",
])
def test_quantities_measured_on_a_region_and_listed_with_the_clinical_variables_are_image_features(listed: str) -> None:
    # the data flow, not the label "clinical": measured on the delineated region and entering the nomogram, they
    # are image-derived (hand-crafted, tabular)
    text = ("A nuclear medicine physician placed a spherical volume of interest over each tumour on PET/CT, and "
            "SUVmax and metabolic tumour volume (MTV) were recorded from it. " + listed + " A CNN was trained from "
            "scratch on the PET crops to predict response, and its output was entered with the clinical variables "
            "into a logistic regression nomogram.")
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes", (v, heads(text))


def test_clinical_variables_alone_in_a_nomogram_are_no_image_features() -> None:
    text = ("A nuclear medicine physician placed a spherical volume of interest over each tumour on PET/CT to crop "
            "it. Age, sex and cT stage were collected as clinical variables. A CNN was trained from scratch on the "
            "PET crops to predict response, and its output was entered with the clinical variables into a "
            "logistic regression nomogram.")
    assert verdicts(text)[3] == "no", heads(text)


@pytest.mark.parametrize(("text", "said"), [
    ("Patients underwent renal CT before surgery. Scans were obtained on two scanners at 100 kVp. The nephrographic "
     "phase, reconstructed at 1 mm, was used. Tumours were contoured manually and PyRadiomics features fed an SVM.",
     "nephrographic phase"),
    ("Patients had thyroid ultrasound before surgery. For each nodule, the transverse grayscale image with the "
     "largest diameter was archived. A ResNet-50 was fine-tuned on these images to predict malignancy.",
     "grayscale image"),
    ("All patients underwent brain MRI at our centre. Examinations were performed on 3-T scanners, and included "
     "axial T2-weighted and FLAIR sequences. A 3D DenseNet-121 was trained from scratch to predict IDH mutation.",
     "T2-weighted"),
])
def test_the_sentence_naming_which_images_are_analysed_is_the_inputs_evidence(text: str, said: str) -> None:
    # the sequence, phase or view a sentence says is analysed states the input, even with no modality named there
    inputs = [s for s in draft(text).stages if s.kind == "input"]
    assert len(inputs) == 1 and any(said in e.quote for e in inputs[0].evidence), \
        [e.quote for s in inputs for e in s.evidence]


@pytest.mark.parametrize("text", [
    "A 3D CNN was trained from scratch on the CT cubes to predict malignancy; its predicted probability is hereafter "
    "called the AI score. Age, sex and smoking history were entered with the AI score into a multivariable logistic "
    "regression, displayed as a nomogram.",
    "We refer to the output of our image model as the deep imaging index (DII). The DII was produced by a "
    "DenseNet-121 fine-tuned on the mammograms to predict upstaging. A logistic regression combining the DII with "
    "the clinicopathological factors was built.",
    "A ResNet-34 was fine-tuned on the PET crops to predict response. Its sigmoid output was then entered together "
    "with clinical variables into a logistic regression model visualised as a nomogram.",
])
def test_a_networks_output_entered_with_clinical_factors_feeds_that_model(text: str) -> None:
    d = draft(text)
    kinds = {s.name: s for s in d.stages}
    net = next(s.name for s in d.stages if s.kind == "model" and s.head not in ('"logistic regression"', "nomogram"))
    targets = {e.target for e in d.edges if e.source == net}
    assert targets and all(kinds[t].kind == "model" for t in targets), (targets, heads(text))
    assert verdicts(text)[5] == "yes"  # the network still learns from the images to its output


def test_a_network_whose_output_no_model_takes_reaches_the_output() -> None:
    text = ("A ResNet-34 was fine-tuned on the PET crops to predict response. A logistic regression on age and sex "
            "was built as a clinical model.")
    d = draft(text)
    net = next(s.name for s in d.stages if s.head == "ResNet-34")
    outputs = {s.name for s in d.stages if s.kind == "output"}
    assert any(e.source == net and e.target in outputs for e in d.edges), [(e.source, e.target) for e in d.edges]


@pytest.mark.parametrize("prepared", [
    "The MR images were co-registered, skull-stripped and bias-field corrected with the CaPTk toolkit.",
    "All scans were resampled to 1 mm isotropic voxels in LIFEx before analysis.",
])
def test_a_radiomics_tool_named_where_a_sentence_only_prepares_the_images_is_not_the_extraction(prepared: str) -> None:
    text = (prepared + " Tumours were outlined manually, and radiomic features were extracted from the masks with "
            "MIRP; a random forest predicted the grade.")
    assert "feature_extraction handcrafted MIRP" in heads(text).values(), heads(text)


def test_a_nomogram_named_late_in_a_long_sentence_is_quoted_around_its_name() -> None:
    text = ("Tumours on CT were contoured manually and PyRadiomics features were reduced by LASSO to a radiomics "
            "score. Clinical variables with P < .10 in univariable analysis were entered with the radiomics score "
            "into a multivariable logistic regression model in the development data set, and the model was "
            "displayed as a nomogram for individual risk estimation.")
    nomogram = next(s for s in draft(text).stages if s.head == "nomogram")
    assert any("nomogram" in e.quote for e in nomogram.evidence), [e.quote for e in nomogram.evidence]


def test_a_networks_later_sentence_is_quoted_around_what_it_says_of_the_training() -> None:
    text = ("A ResNet-50 pretrained on ImageNet was adopted for the knee radiographs. The network, after removal of "
            "its original 1,000-class classification layer and the addition of a single sigmoid output unit for the "
            "binary task, was fine-tuned on the training radiographs for 50 epochs to detect effusion.")
    net = next(s for s in draft(text).stages if s.head == "ResNet-50")
    assert any("fine-tuned" in e.quote for e in net.evidence), [e.quote for e in net.evidence]


@pytest.mark.parametrize("text", [
    "We used the convolutional layers of an ImageNet-pretrained ResNet-50 as a frozen feature extractor, and added a "
    "new classification head of two dense layers with dropout and a softmax output, which was trained on our "
    "mammograms to classify masses as benign or malignant.",
    "The ImageNet-pretrained DenseNet-121 was kept frozen as a feature extractor, and its original classifier was "
    "replaced by a new fully connected layer with a sigmoid output, trained on the radiographs to detect fractures.",
    "A frozen Xception pretrained on ImageNet served as the feature extractor, to which we appended a new "
    "classifier that was trained on the ultrasound images to classify the nodules.",
])
def test_new_layers_added_to_a_frozen_base_make_one_network(text: str) -> None:
    # a frozen base with a new head trained in the study is one network from the images to the output (METRICS-E3,
    # Condition #5, Example 4), whatever the authors call the base
    assert not any(h.startswith("feature_extraction") for h in heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("text", [
    "PyRadiomics features and deep features from an ImageNet-pretrained ResNet-50 (global average pooling, 2,048 "
    "values) were concatenated and fed to a multilayer perceptron with two hidden layers that predicted malignancy.",
    "Deep features of a frozen DenseNet-121 (the 1,024 outputs of its last block) and hand-crafted texture features "
    "were merged and used as the input of a small fully connected neural network classifying the lesions.",
])
def test_a_network_fed_fused_feature_tables_is_no_end_to_end_model(text: str) -> None:
    # a multilayer perceptron on a table of features learns from no image (METRICS-E3, Condition #5)
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, heads(text))


@pytest.mark.parametrize("later", [
    "The entire network (encoder and the new layer) was then fine-tuned on the training radiographs.",
    "The whole model was trained jointly from the ImageNet weights with binary cross-entropy.",
])
def test_the_whole_network_said_again_is_the_network_named_before(later: str) -> None:
    text = ("A ResNet-50 pretrained on ImageNet was chosen to detect scaphoid fractures on the wrist radiographs. Its "
            "original output layer was replaced with a two-class layer. " + later)
    net = next(s for s in draft(text).stages if s.head == "ResNet-50")
    assert any(later[:20] in e.quote for e in net.evidence), [e.quote for e in net.evidence]


@pytest.mark.parametrize("text", [
    "Deep learning model\nA ResNet-50 pretrained on ImageNet processed each tumour crop.\n\nClassification\nThe "
    "network was not trained on our data; the 2,048 pooled outputs per crop were z-scored and an SVM with a linear "
    "kernel was trained on them to predict malignancy.",
    "An ImageNet-pretrained DenseNet-121 was applied to every ultrasound image without any training. The 1,024 "
    "activations per image were standardised, and a random forest was trained on them to classify the nodules.",
])
def test_a_networks_values_counted_per_image_that_a_classifier_is_trained_on_are_deep_features(text: str) -> None:
    # the classifier trained in the sentence is the consumer; the network that gives values per image is their
    # source (METRICS-E3, Condition #5: deep features into a classical model)
    assert any(h.startswith("feature_extraction deep") for h in heads(text).values()), heads(text)
    assert verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    "Breast ultrasound images of 600 patients were used. Deep learning radiomics (DLR) features were obtained from an "
    "ImageNet-pretrained ResNet-50 for each tumour ROI. DLR features were then selected by LASSO and an SVM was "
    "trained.",
    "Each tumour crop was processed by a pretrained Inception-v3 network. The DLR features were reduced with PCA, "
    "and a logistic regression classified them.",
])
def test_deep_learning_radiomics_features_by_their_abbreviation_are_deep_features(text: str) -> None:
    assert any(h.startswith("feature_extraction deep") for h in heads(text).values()), heads(text)
    v = verdicts(text)
    assert v[3] == "no" and v[5] == "no", v


@pytest.mark.parametrize(("text", "expected"), [
    # an abbreviation's plural with a lower-case s is the abbreviation: the study trains networks (#5 yes)
    ("Two CNNs were trained from scratch on the CT images to classify each nodule as benign or malignant.",
     {5: "yes"}),
    ("Three ViTs were fine-tuned on the MRI slices to grade the gliomas.", {5: "yes"}),
    # a name of several words in the plural is that name: classical models on hand-crafted features (#5 no)
    ("Radiomic features were extracted with PyRadiomics from manual masks on CT, and support vector machines "
     "classified the lesions.", {3: "yes", 5: "no"}),
    ("The CT images were classified with support vector machines trained on radiomic features.", {3: "yes", 5: "no"}),
    ("Radiomic features were computed from the delineated tumours on MRI; random forests and gradient boosting "
     "machines predicted the grade.", {3: "yes", 5: "no"}),
])
def test_a_name_in_the_plural_is_read_as_the_name(text: str, expected: dict[int, str]) -> None:
    found = verdicts(text)
    assert {n: found[n] for n in expected} == expected


def test_a_plural_is_no_name_where_its_singular_is_none() -> None:
    """'clips', 'logits' are no more CLIP or logistic regression than 'clip' and 'logit' are."""
    stages = heads("The echocardiography clips were read by a 3D CNN trained from scratch, and its logits were "
                   "averaged over the clips to estimate the ejection fraction.")
    assert not any("CLIP" in h or "logistic" in h.lower() for h in stages.values())


@pytest.mark.parametrize(("text", "models"), [
    ("Transformers were trained from scratch on the CT slices to classify each nodule.", ["Transformer"]),
    ("A transformer was trained on the MRI slices to grade the gliomas.", ["Transformer"]),
    # after a network is named, 'the transformer' is that network again, not a second one
    ("CT slices of 420 patients were classified by a ViT trained from scratch. The transformer's output was a "
     "malignancy score.", ["ViT"]),
])
def test_a_transformer_is_named_where_a_text_introduces_one_and_is_the_network_named_before_after_the(
        text: str, models: list[str]) -> None:
    found = [s.get("architecture") for s in draft(text).pipeline.stages if s.kind == "model"]
    assert found == models

