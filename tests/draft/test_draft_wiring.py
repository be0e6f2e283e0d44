"""The data flow of a draft: every stage the text states reaches an output, and each model takes what the text says
it was built from. Each cause of a stage left hanging, or of a model wired from the wrong source, has paragraphs
written for it here (none is a corpus text) and names the principle it protects."""

from __future__ import annotations

import pytest

from pipespec.analysis.engine import analyse
from pipespec.draft import draft


def _flow(text: str) -> tuple[dict[str, str], set[tuple[str, str]], list[str]]:
    """The draft's stages (name -> "kind head"), its edges, and the check's PS201 findings on it."""
    d = draft(text)
    stages = {s.name: f"{s.kind} {s.head}" for s in d.stages}
    edges = {(e.source, e.target) for e in d.edges}
    dangling = [f.message for f in analyse(d.pipeline).findings if f.code == "PS201"]
    return stages, edges, dangling


def _of_kind(stages: dict[str, str], kind: str, word: str = "") -> list[str]:
    return [n for n, h in stages.items() if h.startswith(kind + " ") and word in h]


# ------------------------------------------------------------------------------ a delineation nothing else takes
@pytest.mark.parametrize("text", [
    "Breast lesions on ultrasound were enclosed in a rectangular box by a radiologist. The images were resized to "
    "256 x 256 pixels. A ResNet-34 pretrained on ImageNet was fine-tuned to separate benign from malignant lesions.",
    "A radiologist outlined each renal mass on contrast-enhanced CT. The volumes were resampled to 1 mm voxels. A 3D "
    "DenseNet-121 was trained from scratch to predict the ISUP grade.",
    "On each FDG PET/CT, the nuclear medicine physician contoured the primary tumour. PET and CT were co-registered. "
    "A two-channel 3D CNN was trained from scratch to predict overall survival.",
])
def test_a_delineation_no_extraction_takes_is_the_region_the_network_is_given(text: str) -> None:
    # a region drawn by a reader and then no features taken from it: it is drawn for the network on the images (the
    # region it is given or cropped to), as a careful reader draws the flow; a draft leaving the delineation with
    # nowhere to go (the check's PS201) says the text drew a region for nothing
    stages, edges, dangling = _flow(text)
    seg = [n for n, h in stages.items() if "segmentation" in h or "bounding_box" in h or "roi_crop" in h]
    nets = _of_kind(stages, "model")
    assert seg and len(nets) == 1, stages
    assert (seg[0], nets[0]) in edges, edges
    assert not dangling, dangling


def test_a_delineation_features_are_extracted_from_does_not_also_feed_the_network_on_whole_images() -> None:
    # the region feeds the extraction; a network said to read the whole images keeps the whole images
    text = ("Tumours were segmented manually on MRI by a radiologist. PyRadiomics features were extracted from the "
            "masks, and a random forest predicted the grade. Separately, a ResNet-18 was trained from scratch on the "
            "whole MRI slices to predict the grade.")
    stages, edges, dangling = _flow(text)
    seg = [n for n, h in stages.items() if "segmentation" in h]
    rad = _of_kind(stages, "feature_extraction")
    assert seg and rad and (seg[0], rad[0]) in edges, (stages, edges)
    net = [n for n, h in stages.items() if "ResNet-18" in h]
    assert net and (seg[0], net[0]) not in edges, edges
    assert not dangling, dangling


# ------------------------------------------------------------------------------ a model named by what it is
_FEATURES_SELECTED = ("Lesions were outlined by hand on MRI by one radiologist. Radiomic features were computed with "
                      "PyRadiomics, and the mRMR method kept ten of them. ")


@pytest.mark.parametrize("said", [
    "A classifier was then built using the selected features to separate benign from malignant lesions.",
    "The predictive model was constructed from the ten retained features.",
    "Finally, a radiomics signature was developed from these features to predict the histological grade.",
    "We trained a machine-learning classifier on the retained features to predict the grade.",
    "A radiomics model was established on the selected features.",
    "Predictive models were built using the retained features with 10-fold cross-validation.",
    "The ten retained features were input into the classifier to predict the grade.",
])
def test_a_model_named_only_by_what_it_is_is_a_model_of_unstated_algorithm_fed_the_features(said: str) -> None:
    # nothing invented: the study builds a model (it says so), the text names no algorithm, so the draft has a model
    # stage with no algorithm, fed the table the sentence says it was built from; its features reach an output
    stages, edges, dangling = _flow(_FEATURES_SELECTED + said)
    models = _of_kind(stages, "model")
    assert len(models) == 1 and stages[models[0]].strip() == "model", stages
    sel = [n for n, h in stages.items() if "select" in h]
    assert sel and (sel[0], models[0]) in edges, edges
    assert not any(h.startswith("preprocessing") and "segmentation" in h for n, h in stages.items()
                   if (n, models[0]) in edges), edges
    assert not dangling, dangling


@pytest.mark.parametrize("said", [
    "No classifier or predictive model was built; the features were compared between grades with the Mann-Whitney "
    "U test.",
    "The features were compared between grades with the t-test, and a linear mixed model was fitted for the "
    "repeated scans.",
    "Models were not built; the features were compared between grades.",
])
def test_a_model_said_not_to_be_built_or_a_statistical_analysis_is_no_model(said: str) -> None:
    stages, _, _ = _flow(_FEATURES_SELECTED + said)
    assert not _of_kind(stages, "model"), stages


def test_a_named_algorithm_is_not_doubled_by_the_generic_noun_beside_it() -> None:
    stages, _, dangling = _flow(_FEATURES_SELECTED + "A classifier (support vector machine) was trained on the "
                                "selected features to predict the grade.")
    assert [h for h in stages.values() if h.startswith("model")] == ["model SVM"], stages
    assert not dangling, dangling


@pytest.mark.parametrize("text", [
    "Embeddings of each chest CT were extracted with a frozen DINOv2 encoder. A linear classifier was trained on the "
    "embeddings to predict EGFR mutation.",
    "Each slide tile was encoded by a frozen UNI encoder, and the encoded features were averaged per slide. The "
    "prediction model was then fitted on the slide features to predict the mutation.",
])
def test_a_generic_model_on_a_network_s_embeddings_is_fed_the_extraction(text: str) -> None:
    # deep features into a model the text does not name: the extraction feeds it (Condition #4 yes, #5 no: deep
    # features into a classical-style model, METRICS-E3, Condition #5, Example 6), not left reaching no output
    stages, edges, dangling = _flow(text)
    dl = _of_kind(stages, "feature_extraction", "deep")
    models = _of_kind(stages, "model")
    assert dl and len(models) == 1 and (dl[0], models[0]) in edges, (stages, edges)
    assert not dangling, dangling
    from tests.draft.reading import verdicts
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


# ------------------------------------------------------------------------------ a model fed what it was built from
@pytest.mark.parametrize("text", [
    "Tumours were segmented manually on MRI by a radiologist. An ML model was developed from radiomic features "
    "extracted from the manually drawn ROIs on MRI to predict the grade.",
    "Two readers contoured each nodule on CT. A machine learning model was trained on texture features computed "
    "within these contours on the CT images to predict malignancy.",
])
def test_images_named_as_where_features_come_from_leave_the_model_fed_the_features(text: str) -> None:
    # the segmentation feeds the extraction and the extraction feeds the model: the images the sentence names are
    # where the features were taken from, not the model's input (which would make its Condition #5 a review)
    stages, edges, dangling = _flow(text)
    seg = [n for n, h in stages.items() if "segmentation" in h]
    rad = _of_kind(stages, "feature_extraction")
    models = _of_kind(stages, "model")
    assert seg and rad and len(models) == 1, stages
    assert (seg[0], rad[0]) in edges and (rad[0], models[0]) in edges and (seg[0], models[0]) not in edges, edges
    assert not dangling, dangling
    from tests.draft.reading import verdicts
    assert verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    "Tumours were segmented manually on CT. Voxel-wise radiomic feature maps were computed with PyRadiomics within "
    "the tumour. A ResNet-18 was trained on the feature maps together with the original CT images to predict "
    "response.",
    "Gliomas were segmented on MRI by a neuroradiologist. Twenty radiomic features were extracted with PyRadiomics "
    "and selected by LASSO. A 3D ResNet-18 read the MRI crops around the tumour; a fully connected branch was "
    "applied to the selected radiomic features, and both outputs were concatenated to predict survival.",
])
def test_features_a_network_on_images_is_also_given_feed_that_network(text: str) -> None:
    # a hybrid network: the images and the features the text says it is given both feed it; the features no other
    # model takes do not reach nothing
    stages, edges, dangling = _flow(text)
    nets = _of_kind(stages, "model", "ResNet-18")
    assert len(nets) == 1, stages
    fed = {a for a, b in edges if b == nets[0]}
    assert any(stages[a].startswith("input") or "segmentation" in stages[a] or "crop" in stages[a] for a in fed), fed
    assert any(stages[a].startswith("feature_extraction") or "select" in stages[a] for a in fed), fed
    assert not dangling, dangling


# ------------------------------------------------------------------------------ a regression that is the model
@pytest.mark.parametrize(("said", "model"), [
    ("Univariable and multivariable Cox proportional hazards regression was performed with the tumour volume, "
     "SUVmax and age to predict progression-free survival.", "Cox"),
    ("PyRadiomics features were extracted from each delineation. Features were screened with univariable Cox "
     "regression (P < 0.05), and a LASSO-Cox model was then fitted, giving a risk score for each patient's overall "
     "survival.", "Cox"),
])
def test_a_multivariable_or_penalised_regression_beside_a_univariable_screen_is_the_model(said: str, model: str) -> None:
    # a univariable analysis screens the variables one at a time; a multivariable or penalised regression said with it
    # fits them together and predicts: the model the measured features feed, which reaches the output
    text = ("Lymphomas on PET were delineated semi-automatically with a 41% SUVmax threshold by a nuclear medicine "
            "physician. The metabolic tumour volume and SUVmax were measured on each delineation. " + said)
    stages, edges, dangling = _flow(text)
    models = _of_kind(stages, "model")
    assert [stages[m] for m in models] == [f"model {model}"], stages
    assert any(stages[a].startswith(("feature_extraction", "preprocessing select")) for a, b in edges
               if b == models[0]), edges
    assert not dangling, dangling


@pytest.mark.parametrize("said", [
    "Several classifiers were compared using the selected features.",
    "We compared three classifiers on these features to predict the grade.",
    "Two machine-learning models were evaluated on the retained features.",
])
def test_models_counted_or_compared_but_not_named_are_a_model_of_unstated_algorithm(said: str) -> None:
    stages, edges, dangling = _flow(_FEATURES_SELECTED + said)
    models = _of_kind(stages, "model")
    assert len(models) == 1 and stages[models[0]].strip() == "model", stages
    assert not dangling, dangling


# ------------------------------------------------------------------------------ a network named twice in a sentence
@pytest.mark.parametrize("text", [
    "Chest CT scans were passed through a frozen DINOv2 encoder, and the embeddings from the DINOv2 encoder were used "
    "to train a linear classifier to predict EGFR mutation.",
    "Each slice was encoded by a frozen ResNet-50 backbone, and the outputs of the ResNet-50 backbone were pooled and "
    "used to build a classifier of the grade.",
])
def test_one_network_named_twice_with_its_encoder_is_not_the_backbone_of_itself(text: str) -> None:
    # "the X encoder ... the X encoder" names one network twice, not a network and its backbone: both mentions were
    # dropped as each other's backbone and the text drafted nothing
    stages, edges, dangling = _flow(text)
    dl = _of_kind(stages, "feature_extraction", "deep")
    models = _of_kind(stages, "model")
    assert dl and len(models) == 1 and (dl[0], models[0]) in edges, stages
    assert not dangling, dangling


@pytest.mark.parametrize("text", [
    "Tumours were segmented manually on CT. A ResNet-50 was trained from scratch on the CT images to predict "
    "malignancy. In parallel, a radiomics model was built from PyRadiomics features extracted from the masks. The two "
    "models were compared with the DeLong test.",
    "Kidney masses were contoured by a radiologist on CT. PyRadiomics features were computed within the contours, and "
    "a predictive model was developed using these features. Separately, a DenseNet-121 was fine-tuned on the whole CT "
    "slices to predict malignancy.",
])
def test_a_generic_model_built_from_features_beside_a_network_takes_the_features_not_the_network(text: str) -> None:
    # two models of one study: the network learns from the images (Condition #5 yes) and the model the text names by
    # what it is takes the hand-crafted features (Condition #4 yes); the features do not become the network's input
    stages, edges, dangling = _flow(text)
    rad = _of_kind(stages, "feature_extraction")
    generic = [n for n, h in stages.items() if h.strip() == "model"]
    nets = [n for n, h in stages.items() if h.startswith("model") and ("ResNet" in h or "DenseNet" in h)]
    assert rad and len(generic) == 1 and len(nets) == 1, stages
    assert (rad[0], generic[0]) in edges and (rad[0], nets[0]) not in edges, edges
    assert not dangling, dangling


# ------------------------------------------------------------------------------ a network's features or output into
#                                                                                 a model named by what it is
@pytest.mark.parametrize("text", [
    "Mammograms were cropped around each mass. A ResNet-50 pretrained on ImageNet was applied to each crop. The "
    "penultimate-layer outputs were input into a classifier to predict malignancy.",
    "The cropped lesion images were analysed with a pretrained Inception-v3 to obtain deep features, which were input "
    "into a classifier to predict malignancy.",
    "Each CT slice was processed by an EfficientNet-B0 pretrained on ImageNet in order to extract 1,280 features per "
    "slice. A prediction model was then built from these features.",
])
def test_a_network_whose_features_a_generic_model_takes_is_their_extraction(text: str) -> None:
    # deep features into a model (METRICS-E3, Condition #5, Example 6: #4 yes, #5 no): the network gives the features
    # and the model named by what it is takes them; the network was drafted as the model trained to the outcome
    # (#4 no, #5 yes), or fed an unnamed extraction of its own features
    stages, edges, dangling = _flow(text)
    dl = _of_kind(stages, "feature_extraction", "deep")
    models = _of_kind(stages, "model")
    assert len(dl) == 1 and dl[0] and stages[dl[0]] != "feature_extraction deep", stages
    assert len(models) == 1 and stages[models[0]].strip() == "model" and (dl[0], models[0]) in edges, (stages, edges)
    assert not dangling, dangling
    from tests.draft.reading import verdicts
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


def test_a_network_s_probability_used_by_a_generic_model_with_clinical_variables_feeds_it() -> None:
    # the network's output and the clinical variables enter the model named by what it is: the clinical variables are
    # not the network's input, and the network is trained to the outcome (Condition #5 yes)
    text = ("A ResNet-50 was fine-tuned on the tumour crops to predict malignancy. Its predicted probability was then "
            "used by a classifier together with age.")
    stages, edges, dangling = _flow(text)
    net = _of_kind(stages, "model", "ResNet-50")
    generic = [n for n, h in stages.items() if h.strip() == "model"]
    clinical = [n for n, h in stages.items() if h.startswith("input") and "tabular" in h]
    assert net and generic and clinical, stages
    assert (net[0], generic[0]) in edges and (clinical[0], generic[0]) in edges, edges
    assert (clinical[0], net[0]) not in edges, edges
    assert not dangling, dangling


def test_readers_regions_beside_a_segmentation_network_feed_the_network_given_those_regions() -> None:
    # two delineations of one study: the readers' ROIs, which one classifier is trained on, and a segmentation network
    # trained on other cases' labels, whose predicted masks another classifier's crops come from; the readers' ROIs
    # are the first classifier's input, not a step reaching no output
    text = ("Each liver lesion was outlined manually on MRI by a radiologist, giving one ROI per patient. A "
            "convolutional neural network (CNN) with five convolutional blocks was trained from scratch on the MRI "
            "slices cropped to the ROIs to classify the lesions. A 3D U-Net was trained on manual contours of 60 "
            "separate patients to segment the lesions automatically, and a ResNet-18 was trained on crops around "
            "each predicted mask to classify the lesions.")
    stages, edges, dangling = _flow(text)
    manual = [n for n, h in stages.items() if "segmentation(mode: manual" in h]
    cnn = [n for n, h in stages.items() if h == "model CNN" or h.startswith("model CNN ")]
    assert manual and cnn and (manual[0], cnn[0]) in edges, (stages, edges)
    resnet = _of_kind(stages, "model", "ResNet-18")
    assert resnet and (manual[0], resnet[0]) not in edges, edges
    assert not dangling, dangling


@pytest.mark.parametrize("text", [
    "An nnU-Net was trained to segment the liver on CT. Radiomic features were extracted from the predicted masks to "
    "assess their reproducibility. The model was trained for 1000 epochs with the default settings.",
    "Radiomic features were extracted with PyRadiomics from manual contours on CT. Building a classifier was beyond "
    "the scope of this study.",
    "Radiomic features were extracted with PyRadiomics from manual contours on CT. In future work, a classifier will "
    "be trained on these features.",
    "Radiomic features were extracted with PyRadiomics from manual contours on CT. A 3D-printed phantom model was "
    "scanned twice to measure their test-retest reproducibility.",
])
def test_a_model_referred_back_to_or_not_built_in_the_study_is_no_model_of_its_own(text: str) -> None:
    # "the model" after a network is named is that network; a classifier beyond the study's scope or left to future
    # work, or a phantom model, is no model of the pipeline: nothing invented
    stages, _, _ = _flow(text)
    assert not [h for h in stages.values() if h.strip() == "model"], stages


def test_the_model_built_from_features_beside_a_segmentation_network_is_a_model_of_its_own() -> None:
    text = ("A 3D U-Net was trained to segment the kidney tumours on CT. Radiomic features were extracted from the "
            "predicted masks with PyRadiomics. The model was then built from the selected features to predict the "
            "grade.")
    stages, edges, dangling = _flow(text)
    generic = [n for n, h in stages.items() if h.strip() == "model"]
    rad = _of_kind(stages, "feature_extraction")
    assert generic and rad and any(b == generic[0] for a, b in edges), (stages, edges)
    assert not dangling, dangling


@pytest.mark.parametrize("text", [
    "Tumours were segmented manually on CT. Voxel-wise texture maps were computed with PyRadiomics inside each "
    "tumour. The texture maps and the CT images were stacked as channels and fed into a ResNet-18 trained from "
    "scratch to predict response.",
    "Tumours were segmented manually on MRI. Radiomic features were extracted with PyRadiomics. A DenseNet-121 was "
    "trained from scratch on the MRI crops, and the radiomic features were concatenated with its image features "
    "before the final layer to predict the grade.",
])
def test_a_network_fed_features_and_said_to_be_given_the_images_too_takes_both(text: str) -> None:
    # a hybrid network trained in the study on the images with hand-crafted features beside them: it learns from the
    # images (Condition #5 yes, pipespec's decision for features concatenated into a network trained end to end), so
    # the images are among its inputs, not the features alone (which made #5 no)
    stages, edges, dangling = _flow(text)
    nets = [n for n, h in stages.items() if h.startswith("model") and ("ResNet" in h or "DenseNet" in h)]
    assert len(nets) == 1, stages
    fed = {a for a, b in edges if b == nets[0]}
    assert any(stages[a].startswith("feature_extraction") for a in fed), fed
    assert any(stages[a].startswith("input") or "segmentation" in stages[a] for a in fed), fed
    assert not dangling, dangling
    from tests.draft.reading import verdicts
    assert verdicts(text)[5] == "yes"
