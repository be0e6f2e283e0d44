"""How a network's role is drafted where the generated matrix of network uses (test_draft_network_matrix.py) found
it misread, each principle in several phrasings, with phrasings that must not change."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import verdicts


@pytest.mark.parametrize("text", [
    "Radiomic features were extracted with PyRadiomics and concatenated into the fully connected head of a "
    "ResNet-50, which was trained end to end on the CT images to classify the lesions as benign or malignant.",
    "Hand-crafted texture features were extracted with PyRadiomics and appended to the penultimate layer of a "
    "DenseNet-121 that was fine-tuned on the MRI slices to predict IDH mutation status.",
    "Twenty shape features were extracted with PyRadiomics and injected into the classifier of a 3D CNN, which we "
    "trained from scratch on the CT volumes to predict survival.",
])
def test_a_network_trained_on_the_images_with_hand_crafted_features_in_its_head_learns_from_the_images(
        text: str) -> None:
    # the features join the network's head, but the network is said to be trained on the images: it learns from
    # them (Condition #5 yes, as for any network trained end to end with side inputs), and #3, #4 stay yes
    assert verdicts(text) | {1: "", 2: ""} == {1: "", 2: "", 3: "yes", 4: "yes", 5: "yes"}


@pytest.mark.parametrize(("text", "five"), [
    # images an extraction reads are the extraction's input, and a network trained on deep features is not
    # trained on the images the features came from
    ("Deep features were extracted from a ResNet-50 trained on the CT images and fed into a support vector "
     "machine to classify the lesions as benign or malignant.", "no"),
    ("Radiomic features and deep features of a ResNet-50 fine-tuned on the CT images were concatenated and fed "
     "into a multilayer perceptron to classify the lesions as benign or malignant.", "no"),
    ("Radiomic features were extracted with PyRadiomics from the CT images, and a multilayer perceptron was "
     "trained on the selected features to classify the lesions as benign or malignant.", "no"),
])
def test_images_another_stage_reads_are_not_a_network_s_input(text: str, five: str) -> None:
    assert verdicts(text)[5] == five


@pytest.mark.parametrize("text", [
    "A ResNet-50 pretrained on ImageNet served as a frozen backbone. A new fully connected head was added to the "
    "ResNet-50 and trained to classify the lesions as benign or malignant.",
    "A DenseNet121 pretrained on ImageNet was used as a fixed encoder. Two dense layers were then appended and "
    "trained to predict malignancy, the encoder weights staying fixed.",
    "An EfficientNet-B0 pretrained on ImageNet served as the frozen backbone.\n\nThe data were split into training "
    "and test sets. A sigmoid classification layer was attached to the EfficientNet-B0 and trained to detect "
    "pneumothorax.",
])
def test_a_head_said_in_the_passive_to_be_added_to_a_frozen_backbone_makes_one_network(text: str) -> None:
    # a frozen base and a new head trained on the study's labels are one network learning from the images
    # (METRICS-E3, Condition #5, Example 4): not deep features taken out into a table
    d = draft(text)
    models = [s for s in d.pipeline.stages if s.kind == "model"]
    assert len(models) == 1 and models[0].get("training") == "frozen_backbone", d.spec
    assert verdicts(text)[4] == "no" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # the frozen network's features go to a model of their own: an extraction, whatever head is named nearby
    "A ResNet-50 pretrained on ImageNet served as a frozen feature extractor. Deep features from its last pooling "
    "layer were classified by a support vector machine.",
    "A DenseNet121 pretrained on ImageNet served as a frozen backbone. A fully connected layer was added to reduce "
    "its features to 128 values, which were fed into a random forest to classify the lesions.",
])
def test_a_frozen_network_whose_features_another_model_takes_stays_an_extraction(text: str) -> None:
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "no"


CT = "We included 300 patients who underwent contrast-enhanced CT. "


@pytest.mark.parametrize("text", [
    CT + "Radiomic features were extracted with PyRadiomics, and deep features were extracted from a ResNet-50 "
    "pretrained on ImageNet. The deep features of the ResNet-50 and the radiomic features were fused and classified "
    "by a multilayer perceptron with one hidden layer.",
    CT + "Radiomic features were extracted with PyRadiomics. Deep features were taken from the last pooling layer of a "
    "DenseNet121 pretrained on ImageNet. Both feature sets were merged and a multilayer perceptron was applied to "
    "predict malignancy.",
    CT + "Hand-crafted features were computed with PyRadiomics and deep features with a Swin Transformer pretrained on "
    "ImageNet. The two kinds of features were fused, then an MLP with two hidden layers classified the lesions as "
    "benign or malignant.",
])
def test_a_network_after_features_said_to_be_fused_or_merged_takes_the_fused_features(text: str) -> None:
    # fused hand-crafted and deep features, whatever model follows (an MLP included), are tabular, not end to end
    # (METRICS-E3, Condition #5, guidance on fused features)
    assert verdicts(text) | {1: "", 2: ""} == {1: "", 2: "", 3: "yes", 4: "yes", 5: "no"}


@pytest.mark.parametrize("text", [
    # what a network fuses inside itself, or images fused before it, leave it learning from the images
    CT + "A dual-branch CNN took the CT and PET images; the feature maps of the two branches were fused inside the "
    "network, which was trained end to end to classify the lesions as benign or malignant.",
    CT + "The CT and PET images were fused and fed into a ResNet-50 trained to classify the lesions as benign or "
    "malignant.",
    CT + "Features of the arterial and venous phases were fused within a two-stream ResNet-18 trained on the CT images "
    "to predict malignancy.",
])
def test_fusion_inside_a_network_or_of_images_keeps_it_learning_from_the_images(text: str) -> None:
    assert verdicts(text)[4] == "no" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    CT + "A ResNet-50 was trained on the CT images to classify the lesions as benign or malignant. The feature maps of "
    "the last convolutional layer of the ResNet-50 were globally average pooled and passed to a fully connected "
    "layer with a softmax output.",
    "A DenseNet121 was fine-tuned to detect pneumothorax on chest radiographs. Class activation maps were computed "
    "from the last convolutional layer of the DenseNet121 to show the regions it relied on.",
    "We trained a 3D CNN to predict overall survival from the MRI volumes. The activations of its penultimate layer "
    "were visualised with t-SNE.",
])
def test_what_a_later_sentence_says_of_the_layers_of_a_network_trained_to_predict_is_its_own(text: str) -> None:
    # a network trained to the outcome whose layer outputs nothing else takes (no other model, no clustering,
    # selection or fusion) is the study's model: its feature maps and activation maps are not deep features
    # taken out into a table (METRICS-E3, Condition #4, Example 4)
    d = draft(text)
    assert [s.kind for s in d.pipeline.stages if s.kind in ("model", "feature_extraction")] == ["model"], d.spec
    assert verdicts(text)[4] == "no" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # another model, or a selection, takes the layer's outputs: they are deep features taken out
    CT + "A ResNet-50 was trained on the CT images to classify the lesions as benign or malignant. Deep features from "
    "its penultimate layer were then extracted and fed into a support vector machine.",
    CT + "A ResNet-50 was fine-tuned on the CT images to classify the lesions as benign or malignant. The 2,048 deep "
    "features of its last pooling layer were selected with LASSO and used to build a radiomics signature.",
    # a network used only to extract, trained to nothing
    CT + "A ResNet-50 pretrained on ImageNet was used as a feature extractor. Deep features were taken from its "
    "penultimate layer.",
])
def test_layer_outputs_another_step_takes_stay_deep_features(text: str) -> None:
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    "Radiomic features were extracted from the CT images with PyRadiomics and fed into a multilayer perceptron to "
    "classify the lesions as benign or malignant.",
    "Texture features were computed on the T2-weighted MRI scans within each lesion using LIFEx and then input to an "
    "MLP with two hidden layers to predict the Gleason grade group.",
    "Hand-crafted radiomic features were extracted from the PET images in each lesion and subsequently passed to a "
    "multilayer perceptron that predicted progression-free survival.",
])
def test_features_extracted_from_the_images_and_fed_into_a_network_in_one_clause_are_its_input(text: str) -> None:
    # the images are the extraction's input; the network is fed the features (a deep network on tables: #5 no)
    assert verdicts(text) | {1: "", 2: ""} == {1: "", 2: "", 3: "yes", 4: "yes", 5: "no"}


@pytest.mark.parametrize("text", [
    # the images, not the features, are what is fed to the network
    "Radiomic features were extracted from the CT images with PyRadiomics, and the images were fed into a ResNet-50 "
    "trained to classify the lesions as benign or malignant.",
    "Radiomic features were extracted with PyRadiomics from the tumour masks and the CT volumes were fed into a 3D "
    "CNN trained to predict overall survival.",
])
def test_images_fed_into_a_network_after_an_extraction_stay_its_input(text: str) -> None:
    assert verdicts(text)[3] == "yes" and verdicts(text)[5] == "yes"


RADIOMICS = ("Radiomic features were extracted with PyRadiomics and a random forest was trained on them to classify "
             "the lesions as benign or malignant")


@pytest.mark.parametrize("text", [
    RADIOMICS + ". Its performance was compared with the published results of a ResNet-50 from a previous study.",
    RADIOMICS + ", and its AUC was compared with that previously reported for a DenseNet121 on the same public data "
    "set.",
    RADIOMICS + ". The radiomics model was benchmarked against the 3D CNN of Zhang et al. on the external test set.",
])
def test_a_network_of_another_study_that_results_are_compared_with_is_no_stage(text: str) -> None:
    # another study's network, whose figures are compared with, is not run in this study: the pipeline is the
    # hand-crafted one (Condition #5 no, METRICS-E3, Example 5)
    assert verdicts(text) | {1: "", 2: ""} == {1: "", 2: "", 3: "yes", 4: "yes", 5: "no"}
    assert [s.kind for s in draft(text).pipeline.stages].count("model") == 1


@pytest.mark.parametrize("text", [
    RADIOMICS + ". For context only, we report two published numbers from the literature for fine-tuned DenseNet-121 "
    "models on public data sets; we did not re-train them on our data.",
    RADIOMICS + ". We also list the previously reported AUCs of a 3D ResNet-18 on the same public cohort.",
])
def test_a_network_whose_published_figures_are_reported_is_no_stage(text: str) -> None:
    assert verdicts(text)[5] == "no"
    assert [s.kind for s in draft(text).pipeline.stages].count("model") == 1


@pytest.mark.parametrize("text", [
    # the network compared is the study's own, named before the comparison, or compared with no other study's
    "A ResNet-50 was trained on the CT images to classify the lesions as benign or malignant, and its AUC was "
    "compared with that of two radiologists.",
    "A ResNet-50 was trained on the CT images to classify the lesions as benign or malignant and compared with the "
    "published performance of radiologists.",
    "A ResNet-50 was trained on the CT images, following our published protocol, to classify the lesions as benign "
    "or malignant.",
])
def test_the_study_s_own_network_compared_with_others_stays(text: str) -> None:
    assert verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # another network's features, classified by a model of their own, take nothing out of the network trained
    # to predict
    CT + "A Swin Transformer was trained on the CT images to classify the lesions as benign or malignant. The feature "
    "maps of the last convolutional layer of the network were globally average pooled and passed to a fully connected layer with a softmax "
    "output.\n\nEmbeddings of each lesion were computed with an EfficientNet-B0 pretrained on ImageNet. The "
    "512-dimensional embeddings from the global average pooling layer of the EfficientNet-B0 were classified by a "
    "logistic regression model.",
    CT + "A DenseNet121 was fine-tuned on the CT images to classify the lesions as benign or malignant. Class "
    "activation maps were computed from the last convolutional layer of the DenseNet121.\n\nSeparately, deep "
    "features of a ResNet-50 pretrained on ImageNet were selected with LASSO and classified by a random forest.",
])
def test_a_network_trained_to_predict_keeps_its_layers_beside_another_network_s_extracted_features(text: str) -> None:
    d = draft(text)
    kinds = sorted(s.kind for s in d.pipeline.stages if s.kind in ("model", "feature_extraction"))
    assert kinds == ["feature_extraction", "model", "model"], d.spec
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # said to be a fixed feature extractor, or its outputs classified by another model in the same sentence
    CT + "Transfer learning was used: a ResNet-50 pretrained on ImageNet served as a fixed feature extractor.\n\n"
    "Table 2 Settings of the network\nSetting | Value\nOptimiser | Adam, learning rate 0.001\nSteps | The outputs of "
    "the ResNet-50 were concatenated with age and sex and classified by a support vector machine (SVM).",
])
def test_a_network_said_to_extract_stays_an_extraction(text: str) -> None:
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    CT + "A Swin Transformer trained in a previous study on another cohort was obtained from its authors. The Swin "
    "Transformer was applied without retraining to the CT images to classify the lesions as benign or malignant.\n\n"
    "A vision transformer (ViT) pretrained on ImageNet was applied to each tumour crop. The output of the penultimate "
    "layer of the network served as the input of a support vector machine (SVM) to classify the lesions as benign or "
    "malignant.",
    CT + "Our model is a ResNet-50 that takes the whole CT volume as input. The network outputs the probability of "
    "malignancy and was trained with a weighted cross-entropy loss.\n\nA Swin Transformer pretrained on ImageNet was "
    "used as a feature extractor. Deep features of the Swin Transformer were entered into a Cox proportional hazards "
    "model to predict overall survival.",
    CT + "A ResNet-50 was pretrained with SimCLR on 20,000 unlabelled CT slices. The ResNet-50 was then fine-tuned on "
    "the labelled cohort to classify the lesions as benign or malignant.\n\nA Swin Transformer pretrained on "
    "ImageNet was used as a feature extractor. The deep features of the network were entered into a Cox proportional "
    "hazards model to predict overall survival.",
])
def test_another_network_s_extracted_features_leave_a_network_that_predicts_a_model(text: str) -> None:
    # the features a classical model takes are the network's named with them (in their sentence or the one
    # before), not every network's: the one that predicts from the images stays a model (#5 yes beside #4 yes)
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # one network, called "the network" where its features are fed on
    CT + "A vision transformer (ViT) pretrained on ImageNet was applied to each tumour crop. The output of the "
    "penultimate layer of the network served as the input of a support vector machine (SVM) to classify the lesions "
    "as benign or malignant.",
    CT + "A ResNet-50 pretrained on ImageNet was applied to each tumour crop.\n\nThe 2,048 embeddings were then "
    "selected with LASSO and classified by a random forest as benign or malignant.",
])
def test_a_single_network_s_features_fed_on_stay_its_own(text: str) -> None:
    assert verdicts(text)[4] == "yes" and verdicts(text)[5] == "no"


@pytest.mark.parametrize("text", [
    CT + "A U-Net trained on a public kidney data set was obtained from its authors. The U-Net was applied without "
    "retraining to segment the kidneys on all scans. " + RADIOMICS + ".",
    CT + "An nnU-Net model trained on the KiTS19 challenge data was received from its developers and segmented the "
    "kidneys on all scans. " + RADIOMICS + ".",
    CT + "The trained weights of a 3D U-Net were requested from the original authors, and the network segmented the "
    "kidneys on every scan. " + RADIOMICS + ".",
])
def test_a_segmentation_network_obtained_from_its_authors_is_ready_made(text: str) -> None:
    # trained elsewhere and only applied: nothing was learned in the study, so #5 is the reviewer's call (the
    # documented reading of a ready-made network that delineates)
    assert verdicts(text) | {1: "", 2: ""} == {1: "", 2: "", 3: "yes", 4: "yes", 5: "review"}


@pytest.mark.parametrize("text", [
    # its code obtained from the authors, the network trained on the study's own masks: learned in the study
    CT + "The code of a 3D U-Net was obtained from its authors, and the network was trained on manual delineations "
    "of 100 patients to segment the kidneys. " + RADIOMICS + ".",
    CT + "A U-Net was trained on manual delineations of 100 patients to segment the kidneys; its implementation was "
    "obtained from the authors. " + RADIOMICS + ".",
])
def test_a_network_whose_code_comes_from_its_authors_and_that_the_study_trains_is_not_ready_made(text: str) -> None:
    assert verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    CT + "A vision transformer (ViT) trained in a previous study on another cohort was obtained from its authors. The "
    "network was applied without retraining to the CT images to classify the lesions as benign or malignant.\n\nEach "
    "CT volume was treated as a bag of axial slices, and a ResNet-50 encoded each slice. An attention pooling layer "
    "weighted the slice embeddings of the ResNet-50 and a linear layer predicted malignancy, the whole network being "
    "trained end to end.",
    CT + "A Swin Transformer developed in an earlier study was used. The network was not retrained and scored each "
    "scan for malignancy.\n\nEach CT volume was treated as a bag of axial slices, and an EfficientNet-B0 encoded each "
    "slice. An attention pooling layer weighted the slice embeddings of the EfficientNet-B0 and a linear layer "
    "predicted malignancy, the whole network being trained end to end.",
])
def test_the_network_said_just_after_a_network_is_named_is_that_network_not_the_next_one(text: str) -> None:
    # "the network" that was not retrained is the one named before it: the encoder named after it is trained with
    # the attention pooling to the outcome, not a ready-made extractor of embeddings
    d = draft(text)
    assert not [s for s in d.pipeline.stages if s.kind == "feature_extraction"], d.spec
    assert verdicts(text)[4] == "no" and verdicts(text)[5] == "yes"


@pytest.mark.parametrize("later", [
    "The network was then applied to the external cohort without retraining.",
    "The model weights were not updated during testing on the external cohort.",
    "It was evaluated on the external test set without any further fine-tuning.",
])
def test_a_network_the_study_trains_is_not_used_as_supplied_for_being_tested_unchanged(later: str) -> None:
    # a network trained in the study and then tested on other data without retraining was trained here: no
    # "pretrained_only" (used as supplied) drafted for it
    text = CT + "A 3D CNN was trained on the training set to predict response to chemotherapy. " + later
    nets = [s for s in draft(text).stages if s.kind == "model"]
    assert nets and all(dict(s.block).get("training") != "pretrained_only" for s in nets), nets
    assert verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    "A DenseNet-121 was trained on CheXpert by its developers. We used it without fine-tuning to classify our "
    "radiographs.",
    "A ResNet-50 was not fine-tuned; its ImageNet weights were used to classify the radiographs.",
])
def test_a_network_trained_elsewhere_and_used_unchanged_stays_as_supplied(text: str) -> None:
    nets = [s for s in draft(CT + text).stages if s.kind == "model"]
    assert any(dict(s.block).get("training") == "pretrained_only" for s in nets), nets
