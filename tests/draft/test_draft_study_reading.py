"""How the parts of a whole study are read apart: the readers' delineation of the study's own cases beside a
segmentation network trained on other cases' labels, and a network that gives deep features said with a phrase set
off by commas between it and its verb. Paragraphs written for these tests in several phrasings (none from a paper)."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, heads, verdicts

_RADIOMICS = (" Radiomic features were extracted from the regions of interest with PyRadiomics, and a support vector "
              "machine was trained on them.")


# ----------------------------------------------------------------------- a network trained on other cases' labels
@pytest.mark.parametrize("network", [
    "A 3D U-Net was trained on manual contours of 80 separate patients to segment the masses automatically. The CT "
    "images were cropped around each predicted mask, and an EfficientNet-B0 was trained on the crops to classify the "
    "masses.",
    "An nnU-Net was trained on 100 manually annotated scans of a separate cohort and then segmented the masses of all "
    "study scans automatically. Radiomic features were extracted from the predicted masks with PyRadiomics, and an "
    "XGBoost classifier was trained on them.",
    "A V-Net trained on manual delineations from a public data set segmented the lesions automatically, and a "
    "DenseNet-121 was trained on crops around them to classify the lesions.",
])
@pytest.mark.parametrize("readers", [
    "Each mass was delineated manually slice by slice by a radiologist using ITK-SNAP, giving a region of interest "
    "(ROI) for each patient.",
    "Two radiologists in consensus contoured every lesion by hand on the portal venous phase.",
    "The masses were segmented semi-automatically in 3D Slicer, and a radiologist corrected every contour by hand.",
])
@pytest.mark.parametrize("after", [False, True])
def test_the_readers_delineation_of_the_study_stays_beside_a_network_trained_on_other_cases(
        network: str, readers: str, after: bool) -> None:
    # the network's own sentence says its labels were drawn on other cases: the readers' delineation of the study's
    # cases is no training label of it but a step the radiomics model reads; a manual or semi-automated delineation
    # in the study makes Condition #2 No (D201: every delineation automated), whichever is said first
    text = (network + " " + readers + _RADIOMICS) if after else (readers + _RADIOMICS + " " + network)
    seg = delineations(text)
    assert any("mode: manual" in h or "mode: semi_automated" in h for h in seg), heads(text)
    spec = draft(text).spec
    assert "task: segmentation" in spec, spec
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no" and v[5] == "yes", (v, heads(text))


@pytest.mark.parametrize("text", [
    # the readers' contours of the study's cases are what the network learns from: its labels, and the network's
    # masks are the pipeline's delineation (Condition #2 Yes)
    "A radiologist manually contoured the masses on 100 scans. A 3D U-Net was trained on these manual contours and "
    "then segmented the remaining scans automatically." + _RADIOMICS.replace("regions of interest", "predicted masks"),
    "Tumours were delineated by hand by two radiologists. An nnU-Net was trained on their manual delineations to "
    "segment the tumours automatically." + _RADIOMICS.replace("regions of interest", "predicted masks"),
])
def test_the_readers_contours_a_network_learns_from_are_its_labels(text: str) -> None:
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes", (v, heads(text))


# ----------------------------------------------------------------------- a phrase between a network and its verb
@pytest.mark.parametrize("said", [
    "A ResNet-50 pretrained on ImageNet, its weights frozen, gave 2,048 deep features at its global average pooling "
    "layer.",
    "A DenseNet-121, pretrained on ImageNet and kept frozen, produced 1,024 deep features for each crop.",
    "An Inception-V3 network pretrained on ImageNet, with its classification layer removed, yielded 2,048 features "
    "per tumour.",
])
def test_a_network_that_gives_features_with_a_phrase_before_its_verb_is_their_source(said: str) -> None:
    # deep features taken out of a network into a classical model: a table (Condition #4, Example 3), no end-to-end
    # component (Condition #5, Example 6)
    text = said + " LASSO kept 10 of them, and a random forest was trained on them to classify the lesions."
    h = heads(text)
    assert any(x.startswith("feature_extraction deep") for x in h.values()), h
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, h)


def test_a_network_said_with_a_phrase_before_its_prediction_still_learns_end_to_end() -> None:
    text = ("A ResNet-50 pretrained on ImageNet, fine-tuned end to end on the CT images, gave the probability of "
            "malignancy for each lesion.")
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", (v, heads(text))


# ----------------------------------------------------------------------- what other studies did, said in the Methods
_OWN = (" Tumours were delineated manually by a radiologist. Radiomic features were extracted with PyRadiomics, and a "
        "logistic regression was trained on them to classify the lesions.")


@pytest.mark.parametrize("background", [
    "Earlier studies of renal masses trained convolutional neural networks end to end on whole CT volumes or "
    "extracted radiomic features from TotalSegmentator masks [5, 6].",
    "Several recent studies have fine-tuned a ResNet-50 on CT images for this task [7].",
    "Previous works on lung nodules used a 3D CNN trained end to end (Li et al., 2021).",
    "Other groups segmented the lesions automatically with nnU-Net and fed deep features to an SVM [8].",
])
@pytest.mark.parametrize("first", [True, False])
def test_what_other_studies_did_is_not_the_studys_pipeline(background: str, first: bool) -> None:
    # a sentence whose subject is other studies says what they did: the networks it names are none of this study's
    # stages (the study is hand-crafted radiomics on manual masks: Condition #2 No, #4 Yes, #5 No)
    text = (background + _OWN) if first else (_OWN.strip() + " " + background)
    v = verdicts(text)
    assert v[2] == "no" and v[3] == "yes" and v[4] == "yes" and v[5] == "no", (v, heads(text))


@pytest.mark.parametrize("text", [
    # the study's own networks said beside "studies": still the study's
    "As in several previous studies, a ResNet-50 was fine-tuned on the CT images to classify the lesions.",
    "Following earlier studies [4], we trained a 3D CNN end to end on the CT images to classify the lesions.",
])
def test_the_studys_own_network_said_after_other_studies_stays(text: str) -> None:
    assert verdicts(text)[5] == "yes", heads(text)


# ----------------------------------------------------------------------- a tool's name naming another model
@pytest.mark.parametrize("named", [
    "the TotalSegmentator radiomics model", "the TotalSegmentator-based radiomics signature",
    "the TotalSegmentator-derived radiomic score",
])
def test_a_tools_name_that_names_a_radiomics_model_is_no_model_of_its_own(named: str) -> None:
    # a ready-made network that only delineates for radiomics: Condition #5 to the reviewer; naming the radiomics
    # model after it later does not make the tool a predictive model of the study (#5 would be Yes)
    text = ("The kidneys and renal masses were segmented automatically with TotalSegmentator, used as supplied. "
            "Radiomic features were extracted from these masks with PyRadiomics, and a logistic regression was trained "
            "on them to classify the masses. A clinical model used age and sex. The AUCs of the clinical model and of "
            f"{named} were compared with the DeLong test.")
    h = heads(text)
    assert not any(x.startswith("model") and "TotalSegmentator" in x for x in h.values()), h
    assert verdicts(text)[5] == "review", h


@pytest.mark.parametrize(("named", "model"), [
    ("An SVM radiomics model", "SVM"), ("An XGBoost radiomics model", "XGBoost"),
    ("A random forest radiomics signature", '"random forest"'), ("A logistic regression clinical model",
                                                                 '"logistic regression"'),
])
def test_a_classical_models_name_before_radiomics_model_is_that_model(named: str, model: str) -> None:
    # the model a study names by its family and what it rests on is that family, not a model of unstated kind
    text = ("Two radiologists manually delineated each tumour on CT. Radiomic features were extracted with PyRadiomics. "
            f"{named} was trained on the selected features to predict recurrence.")
    h = heads(text)
    assert f"model {model}" in h.values(), h


# ----------------------------------------------------------------------- what a delineation made, named by its participle
@pytest.mark.parametrize("said", [
    "Deep features were extracted from the CT images cropped to the delineated masses with a DenseNet-121 pretrained "
    "on ImageNet.",
    "Deep features were computed for each segmented lesion using a ResNet-50 pretrained on ImageNet.",
    "Deep features were taken from the manually contoured tumours with a VGG16 pretrained on ImageNet.",
])
def test_a_network_after_what_was_delineated_is_not_the_delineations_tool(said: str) -> None:
    # the readers delineate (Condition #2 No); the network after "the delineated masses with" extracts the deep
    # features, which a classical model takes (Condition #4 Yes, #5 No)
    text = ("The lesions were segmented manually by a radiologist on every slice. " + said + " A support vector "
            "machine was trained on the deep features to classify the lesions.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0] and "tool:" not in seg[0], heads(text)
    v = verdicts(text)
    assert v[2] == "no" and v[4] == "yes" and v[5] == "no", (v, heads(text))


# ----------------------------------------------------------------------- a heading's kind and a heading in capitals
_UNDER = ("Each mass was delineated manually by a radiologist using ITK-SNAP. Radiomic features were extracted from "
          "the masks with PyRadiomics, and a multilayer perceptron (MLP) with two hidden layers was trained on the "
          "selected radiomic features to classify the masses.")


@pytest.mark.parametrize("heading", [
    "**Neural network on radiomic features**\n", "2.3 Neural network on radiomic features\n",
    "### Neural network on radiomic features\n\n", "NEURAL NETWORK ON RADIOMIC FEATURES\n",
    "2.3 Deep learning model\n", "**Convolutional neural network**\n",
])
def test_a_headings_kind_of_network_is_the_network_its_subsection_names(heading: str) -> None:
    # the heading is read with the delineation sentence under it; the kind it names ("neural network") is the MLP the
    # subsection names, fed the radiomic table: no network on the images (Condition #5 No, a deep network fed only
    # tables)
    text = ("Materials and methods\n\n2.1 Patients\nWe included 200 patients with renal masses on CT.\n\n" + heading
            + _UNDER + "\n\n2.4 Statistical analysis\nAUCs were compared with the DeLong test.")
    h = heads(text)
    assert [x for x in h.values() if x.startswith("model")] == ["model MLP"], h
    assert verdicts(text)[5] == "no", h


def test_a_heading_in_capitals_over_its_paragraph_is_a_heading() -> None:
    from pipespec.draft.documents import headings
    text = "MATERIALS AND METHODS\n\nPATIENTS\nWe included 200 patients.\n\nRADIOMICS MODEL\nA random forest was trained."
    assert [h.title for h in headings(text, False)] == ["MATERIALS AND METHODS", "PATIENTS", "RADIOMICS MODEL"]
    # a line of capitals that is a table's header or too short to be a title is none
    assert [h.title for h in headings("Methods\n\nROI | HU\n12 | 40\n\nCT\nScans were read.", False)] == ["Methods"]


def test_a_network_named_in_a_heading_alone_is_still_drafted() -> None:
    # the subsection names no network but its heading's: that kind is the study's network
    text = ("Materials and methods\n\n2.3 Convolutional neural network\nThe CT images were fed into the model, which "
            "was trained end to end to classify the masses.")
    assert verdicts(text)[5] == "yes", heads(text)


# ----------------------------------------------------------------------- a network's evidence stops at a new subsection
@pytest.mark.parametrize("heading", ["### Deep learning radiomics\n\n", "2.4 Deep learning radiomics\n",
                                     "**Deep learning radiomics**\n"])
def test_the_sentence_under_the_next_heading_is_not_the_networks_evidence(heading: str) -> None:
    # the multilayer perceptron of one subsection is fed the radiomic table; the next subsection's first sentence
    # names no network and builds another model from the whole images: it says nothing of the MLP, which stays a
    # network on a table (Condition #5 No; the deep features of the next subsection are a table too)
    text = ("Materials and methods\n\n2.1 Patients\nWe included 200 patients with renal masses on CT.\n\n2.2 Neural "
            "network\nRadiomic features were extracted from the manually delineated masses with PyRadiomics, and a "
            "multilayer perceptron (MLP) with two hidden layers was trained on the selected radiomic features to "
            "classify the masses.\n\n" + heading + "A deep learning radiomics (DLR) model was built from the whole "
            "axial CT slices. A ResNet-50 pretrained on ImageNet gave 2,048 deep features, and a random forest was "
            "trained on them.")
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, heads(text))


def test_the_network_said_again_under_a_training_heading_is_still_the_network() -> None:
    text = ("Materials and methods\n\n2.2 Model\nA ResNet-50 pretrained on ImageNet was used.\n\n2.3 Training\nThe "
            "network was then fine-tuned on the CT images to classify the masses.")
    assert verdicts(text)[5] == "yes", heads(text)


# ----------------------------------------------------------------------- a ready-made tool and a network trained
@pytest.mark.parametrize("ready", [
    "The kidneys and renal masses were segmented automatically with TotalSegmentator, used as supplied.",
    "The organs were segmented automatically by a previously published nnU-Net model, used as is without retraining.",
])
@pytest.mark.parametrize("trained", [
    "To avoid manual delineation, a 3D U-Net was trained on 100 manually annotated scans of a separate cohort; it then "
    "segmented the renal masses of the study automatically.",
    "A SegResNet was trained in this study on manual contours of 80 separate patients and segmented the lesions "
    "automatically.",
])
def test_a_ready_made_tool_and_a_network_the_study_trains_are_two_delineations(ready: str, trained: str) -> None:
    # both delineate with no person (Condition #2 Yes); the network the study trains is an end-to-end component
    # (pipespec's decision), whichever is said first, so Condition #5 is Yes and not left to the reviewer as the
    # ready-made tool alone would leave it
    features = " Radiomic features were extracted from the masks with PyRadiomics, and an SVM classified the masses."
    for text in (ready + " " + trained + features, trained + " " + ready + features):
        spec = draft(text).spec
        assert "task: segmentation" in spec and "segmentation(mode: automated" in spec, spec
        v = verdicts(text)
        assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", (v, spec)


# ----------------------------------------------------------------------- a run-in title, and a model of its own next
@pytest.mark.parametrize("label", ["Neural network on radiomic features. ", "Deep learning model on radiomic features: ",
                                   "2.3 Neural network on radiomic features. "])
def test_a_longer_run_in_title_is_read_as_a_label(label: str) -> None:
    # a title of five words with no verb is a run-in label, read with its sentence; the kind of network it names is
    # the network its part names (the MLP on the radiomic table: Condition #5 No)
    text = ("Methods\n\nWe included 200 patients with renal masses on CT.\n\n" + label + "Each mass was delineated "
            "manually by a radiologist. Radiomic features were extracted with PyRadiomics, and a multilayer perceptron "
            "(MLP) was trained on the selected radiomic features to classify the masses.")
    h = heads(text)
    assert [x for x in h.values() if x.startswith("model")] == ["model MLP"], h
    assert verdicts(text)[5] == "no", h


def test_a_short_sentence_with_a_verb_is_no_label() -> None:
    from pipespec.draft.documents import read_document
    from pipespec.draft.sections import select_part
    from pipespec.draft.sentences import sentences
    doc = read_document("Methods\n\nTumours were segmented manually. A random forest was trained on the features.")
    part, _ = select_part(doc)
    assert [s.text for s in sentences(doc, part)] == ["Tumours were segmented manually.",
                                                      "A random forest was trained on the features."]


@pytest.mark.parametrize("next_model", [
    "A deep learning radiomics (DLR) model was built from the whole axial CT slices.",
    "An ensemble classifier was then developed on the whole CT slices.",
])
def test_a_sentence_building_a_model_of_its_own_is_not_the_networks_before(next_model: str) -> None:
    # the multilayer perceptron is fed the radiomic table; the next paragraph builds another model from the images,
    # which says nothing of the MLP (Condition #5 No: a deep network fed only tables, and deep features into a
    # random forest)
    text = ("Methods\n\nTumours were delineated manually. Radiomic features were extracted with PyRadiomics, and a "
            "multilayer perceptron (MLP) was trained on the selected radiomic features to classify the masses.\n\n"
            + next_model + " A ResNet-50 pretrained on ImageNet gave 2,048 deep features, and a random forest was "
            "trained on them.")
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, heads(text))


# ----------------------------------------------------------------------- networks introduced apart, compared later
@pytest.mark.parametrize("compared", [
    "The AUCs of the MLP and the CNN were compared with the DeLong test.",
    "The areas under the curve of the two-stage network, the MLP and the CNN were compared in the test cohort.",
])
def test_two_networks_introduced_apart_stay_two_when_compared_later(compared: str) -> None:
    # each network has its own paragraph: the MLP is fed the radiomic table, the CNN learns from the images; listing
    # them again in the comparison makes them no one network with two candidate architectures
    text = ("Methods\n\nTumours were delineated manually. Radiomic features were extracted with PyRadiomics, and a "
            "multilayer perceptron (MLP) was trained on the selected radiomic features to classify the masses.\n\n"
            "A convolutional neural network (CNN) was trained from scratch on the whole CT slices to classify the "
            "masses.\n\n" + compared)
    spec = draft(text).spec
    assert "architecture:" not in spec, spec
    assert [x for x in heads(text).values() if x.startswith("model")] == ["model MLP", "model CNN"], heads(text)
