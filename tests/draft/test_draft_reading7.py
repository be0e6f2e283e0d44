"""Further ways Methods sections state the facts the five conditions turn on, each principle with paragraphs written
for it in several phrasings (none is a corpus text), beside phrasings that must not change: a parameter-efficient
fine-tuning, a network's own head named beside its encoder, a pretraining its makers ran, image features received
as a table, a network that reconstructs images from k-space, and a product named in one sentence that delineates in
the next."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, heads, verdicts


def _stage_lines(text: str) -> list[str]:
    """The draft's stage lines with their blocks (no comments, no flow)."""
    return [line.strip() for line in draft(text).spec.splitlines()
            if line.strip().split(" ", 1)[0] in ("input", "preprocessing", "feature_extraction", "model", "output")]


def _kinds(text: str, kind: str) -> list[str]:
    return [x for x in _stage_lines(text) if x.startswith(kind)]


# ---------------------------------------------------------------------------------------------- parameter-efficient fine-tuning
@pytest.mark.parametrize("text", [
    "Chest radiographs were resized to 224 x 224 pixels. A ViT-B/16 pretrained on ImageNet-21k was used as the feature "
    "extractor. Low-rank adaptation (LoRA) matrices were added to its attention layers and a linear head predicted "
    "pneumothorax; the original weights stayed frozen while the LoRA matrices and the head were trained together.",
    "Knee MRI slices were the input. A Swin Transformer pretrained on ImageNet served as the encoder. We kept its "
    "weights frozen and inserted adapter modules after every block; the adapters and a new classification head were "
    "trained jointly with cross-entropy to detect ACL tears.",
    "CT volumes were resampled to 1.5 mm voxels. A 3D ViT foundation model was the feature extractor: its weights "
    "were held fixed, and LoRA (rank 8) in the query and value projections of the 3D ViT plus an MLP head were "
    "optimised together on our labelled scans to predict fibrosis progression.",
])
def test_a_parameter_efficient_fine_tuning_trains_the_network_to_its_output(text: str) -> None:
    # LoRA matrices or adapters inside a frozen pretrained network, trained with its new head, make one network
    # learning from the images to the label with some weights fixed: end to end (METRICS-E3, Condition #5, Example 4),
    # no features taken out into a table, even where the text calls the network a feature extractor
    assert not _kinds(text, "feature_extraction"), _stage_lines(text)
    models = _kinds(text, "model")
    assert len(models) == 1 and "frozen_backbone" in models[0], _stage_lines(text)
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", (v, _stage_lines(text))


def test_a_frozen_extractor_whose_embeddings_feed_a_classical_model_stays_an_extraction() -> None:
    # no adaptation of the network is trained: its embeddings are a table a classical model takes (Condition #4 yes)
    text = ("Chest radiographs were resized to 224 x 224 pixels. A ViT-B/16 pretrained on ImageNet-21k was used as a "
            "frozen feature extractor, and its 768-dimensional embeddings were classified with a support vector "
            "machine.")
    assert _kinds(text, "feature_extraction"), _stage_lines(text)
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, _stage_lines(text))


@pytest.mark.parametrize("text", [
    "The pretrained ViT-B encoder receives the radiograph, and a two-layer MLP head on its class token outputs the "
    "probability of a fracture; the encoder is fine-tuned with the head on our images.",
    "A ResNet-50 backbone takes each slice and an MLP head on the pooled features classifies the slice as "
    "haemorrhage or not; both were trained together from our CT scans.",
])
def test_an_encoder_named_with_a_head_of_its_own_is_that_network(text: str) -> None:
    # "the X encoder ... an MLP head": the named network with its own head, trained to the output, not the backbone of
    # a network called MLP (Condition #5 yes)
    models = _kinds(text, "model")
    assert len(models) == 1 and "MLP" not in models[0], _stage_lines(text)
    assert verdicts(text)[5] == "yes", _stage_lines(text)


# ---------------------------------------------------------------------------------------------- a pretraining its makers ran
@pytest.mark.parametrize("text", [
    "We used a publicly available brain MRI foundation model, a ViT-B pretrained by its developers with "
    "self-supervised masked autoencoding on 60,000 unlabelled scans. It was fine-tuned end to end on our T1-weighted "
    "images to classify Alzheimer's disease.",
    "A released chest CT foundation model (a Swin Transformer pretrained by its authors with contrastive "
    "self-supervised learning on unlabelled scans) was fine-tuned with a new head to predict emphysema on our CT.",
])
def test_a_self_supervised_pretraining_its_makers_ran_is_no_stage_of_the_study(text: str) -> None:
    # where the weights came from, as a data set pretrained on is: one network fine-tuned in the study (Condition #5
    # yes), not a pretraining stage of its own
    models = _kinds(text, "model")
    assert len(models) == 1 and "self_supervised" not in models[0] and "weights_from" not in models[0], _stage_lines(text)
    assert verdicts(text)[5] == "yes"


def test_a_self_supervised_pretraining_the_study_ran_stays_a_stage() -> None:
    text = ("We pretrained a ResNet-50 with self-supervised contrastive learning on 40,000 unlabelled mammograms from "
            "our archive. The network was then fine-tuned to classify malignancy on the labelled training set.")
    models = _kinds(text, "model")
    assert len(models) == 2 and any("weights_from" in m for m in models), _stage_lines(text)


# ---------------------------------------------------------------------------------------------- features received as a table
@pytest.mark.parametrize("said", [
    "We used the radiomic feature table released with a public lung cancer collection, which gives 1,000 CT features "
    "of each tumour.",
    "The 851 CT radiomic features of each primary tumour were computed by the data providers and shared with the "
    "clinical data; we had no access to the images.",
    "This secondary analysis used a publicly available radiomics data set of 420 patients: pre-computed texture "
    "features of the liver on MRI.",
    "The radiomic features of each tumour on CT were provided by the challenge organisers; the images themselves were "
    "not released.",
    "We analysed a publicly available data set of MRI radiomic features (1,200 per tumour) from 500 patients.",
    "Radiomic features had been extracted previously by the original investigators, and we obtained the feature "
    "matrix under a data sharing agreement.",
])
def test_image_features_received_computed_are_an_input_table(said: str) -> None:
    # features the study did not compute are an input table of radiomic features: hand-crafted and tabular
    # (Conditions #3 and #4 yes); whether a delineation lies behind them is for the author to state (Condition #1
    # review), and no image is read in the study
    text = said + (" Features were standardised, near-zero-variance features were removed, and an XGBoost "
                   "classifier was trained on them to predict the outcome in 5-fold cross-validation.")
    inputs = _kinds(text, "input")
    assert any("tabular radiomics" in x for x in inputs), _stage_lines(text)
    assert not any(x.startswith(("input ct", "input mri")) for x in inputs), _stage_lines(text)
    assert not _kinds(text, "feature_extraction"), _stage_lines(text)
    v = verdicts(text)
    assert v[1] == "review" and v[3] == "yes" and v[4] == "yes" and v[5] == "no", (v, _stage_lines(text))


@pytest.mark.parametrize("text", [
    "CT scans of 300 patients were downloaded from a public collection. Tumours were segmented manually by a "
    "radiologist, PyRadiomics features were extracted, and an XGBoost classifier predicted the outcome.",
    "The images of a publicly available MRI data set were used. Features were computed with PyRadiomics from "
    "manual tumour masks, and a random forest predicted the grade.",
])
def test_public_images_the_study_computes_features_from_stay_an_extraction(text: str) -> None:
    assert _kinds(text, "feature_extraction") and not any("tabular radiomics" in x for x in _kinds(text, "input")), \
        _stage_lines(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- reconstruction from k-space
@pytest.mark.parametrize("text", [
    "Raw multi-coil k-space of knee MRI was retrospectively undersampled with a Cartesian mask (fourfold "
    "acceleration). An unrolled variational network (VarNet) was trained from scratch on 300 examinations to "
    "reconstruct images. Two radiologists rated image quality on a 5-point scale.",
    "Fully sampled brain MRI k-space was undersampled with a variable-density Poisson mask. A CNN was trained from "
    "random initialisation to map undersampled k-space to fully sampled images. Three neuroradiologists scored "
    "sharpness and artefacts.",
    "Prostate MRI raw data were undersampled with a sampling mask; MoDL, with a shared CNN regulariser in every "
    "iteration, was trained from scratch to reconstruct the images, which readers then assessed for PI-RADS "
    "lesions.",
    "Cardiac cine MRI k-space was undersampled with a radial mask. A deep learning model was trained to reconstruct "
    "the images from the undersampled k-space, and two cardiologists rated their diagnostic quality.",
])
def test_a_network_that_reconstructs_images_from_k_space_makes_the_images_readers_read(text: str) -> None:
    # the network makes images (task image_to_image) whose output is the images readers rate; a sampling mask of
    # k-space delineates nothing (Condition #1 no); an image-to-image network is left to the reviewer for Condition #5
    # (METRICS-E3 speaks of classification, regression or segmentation outputs)
    assert not delineations(text), heads(text)
    models = _kinds(text, "model")
    assert models and all("task: image_to_image" in m for m in models), _stage_lines(text)
    assert any(x.startswith("output") and "image_to_image" in x for x in _stage_lines(text)), _stage_lines(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "review", (v, _stage_lines(text))


def test_a_mask_that_outlines_a_region_is_still_a_delineation() -> None:
    text = ("Tumour masks were drawn manually on T2-weighted MRI by a radiologist, PyRadiomics features were "
            "extracted, and a random forest predicted the grade.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)


# ---------------------------------------------------------------------------------------------- a product that delineates
@pytest.mark.parametrize("text", [
    "Abdominal CT was sent to a commercially available, CE-marked AI body composition software (MuscleQuant, "
    "version 3.1). The software automatically segments skeletal muscle and visceral fat at L3 and returns their "
    "areas. The skeletal muscle index (SMI, muscle area / height squared) was calculated, and sarcopenia was defined by "
    "published SMI cut-offs. Cox regression assessed the association of sarcopenia with overall survival.",
    "Liver MRI was processed with a commercial deep learning application (HepaVol, version 2.0). The application "
    "automatically delineates the liver and spleen and reports their volumes. The liver volume and spleen volume "
    "were entered into a logistic regression predicting decompensation.",
])
def test_a_product_named_then_said_to_delineate_gives_measurements_a_model_takes(text: str) -> None:
    # the product named in one sentence and said to segment in the next ("The software automatically segments") is
    # the delineation's ready-made deep tool (Condition #2 yes, #5 to the reviewer); the quantities measured on its
    # masks are what the model takes (Conditions #3 and #4 yes), so the masks do not hang
    seg = delineations(text)
    assert seg and "mode: automated" in seg[0] and "family: deep" in seg[0], heads(text)
    assert _kinds(text, "feature_extraction"), _stage_lines(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[3] == "yes" and v[4] == "yes" and v[5] == "review", (
        v, _stage_lines(text))


# ---------------------------------------------------------------------------------------------- a whole network trained
@pytest.mark.parametrize("text", [
    "Axial PET maximum intensity projections were the input. The model was a convolutional neural network with two "
    "DenseNet-121 branches initialised with ImageNet weights; the outputs of their pooling layers were concatenated "
    "and passed through a fully connected layer to one logit. The whole network was trained on the development cohort "
    "with binary cross-entropy.",
    "Chest radiographs were the input. A ResNet-50 pretrained on ImageNet gave the outputs of its last pooling layer "
    "to a dense layer predicting pneumonia. The entire model was then fine-tuned on our training set with Adam.",
])
def test_a_network_whose_whole_is_trained_learns_its_layers_outputs_with_the_output(text: str) -> None:
    # the outputs of a layer passed on inside the network are no features taken out: its whole is trained to the
    # output (METRICS-E3, Condition #5, Example 3), one network, Condition #4 no and #5 yes
    assert not _kinds(text, "feature_extraction"), _stage_lines(text)
    assert len(_kinds(text, "model")) == 1, _stage_lines(text)
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "yes", (v, _stage_lines(text))


def test_the_kind_of_a_network_said_twice_of_its_output_is_that_network() -> None:
    # "the CNN output" said twice in one sentence refers to the network already named, whose output a Cox model takes
    text = ("A ResNet-18 was trained from scratch on the PET projections to predict progression within 2 years. "
            "Risk groups were defined by the CNN output, and the CNN output was entered with the IPI into a Cox model.")
    models = _kinds(text, "model")
    assert len(models) == 2 and not any(m.startswith("model net2") or "CNN" in m for m in models), _stage_lines(text)
    assert "flow net -> clf" in draft(text).spec, draft(text).spec
    assert verdicts(text)[5] == "yes"


# ---------------------------------------------------------------------------------------------- values taken as features
@pytest.mark.parametrize("text", [
    "Tumours were contoured manually on MRI by a radiologist. A 3D convolutional autoencoder was trained without "
    "labels to reconstruct the tumour cube. After training, the decoder was discarded and the 128 bottleneck values "
    "of each patient were taken as the deep features. These were combined with PyRadiomics features and entered a "
    "LASSO-Cox model.",
    "Nodules were segmented manually on CT. A convolutional autoencoder learned to reconstruct each nodule patch; "
    "its 64 latent values per nodule were then used as features, and a random forest classified the nodules.",
])
def test_a_networks_values_taken_as_features_are_an_extraction(text: str) -> None:
    # a network trained only to reconstruct, whose bottleneck is taken out as features for a classical model: deep
    # features in a table (Condition #4 yes), no network learning to the outcome (Condition #5 no)
    assert _kinds(text, "feature_extraction") and any("deep" in x for x in _kinds(text, "feature_extraction")), \
        _stage_lines(text)
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, _stage_lines(text))


# ---------------------------------------------------------------------------------------------- a crop a reader placed
_SEGNET = ("A radiologist outlined the lesions of 300 training cases; these outlines were used only to train the "
           "network. A U-Net was trained on them with a Dice loss. ")


@pytest.mark.parametrize("said", [
    "Input: a 256 x 256 patch centred on the lesion, the centre being the midpoint of the radiologist's caliper "
    "measurement in the report.",
    "Each input was a 64 mm cube centred on the coordinates recorded by the reading radiologist.",
    "The network received patches cropped around the reader's mark on each nodule.",
])
def test_a_crop_placed_where_a_reader_said_the_finding_is_is_a_human_step(said: str) -> None:
    # a person locates each finding before the network outlines it, as a reader's box would: the delineation is not
    # fully automated (Condition #2 no), whatever the network does inside the crop
    text = _SEGNET + said + (" The trained U-Net then segmented every lesion, and PyRadiomics features were extracted "
                             "from its masks for a random forest.")
    assert any(x.split()[:2] == ["preprocessing", "crop:"] and "roi_crop(mode: manual)" in x for x in _stage_lines(text)), \
        _stage_lines(text)
    assert "flow crop -> segnet" in draft(text).spec, draft(text).spec
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "no", (v, _stage_lines(text))


def test_a_crop_centred_on_the_finding_with_no_reader_keeps_the_network_automated() -> None:
    text = _SEGNET + ("Input: a 256 x 256 patch centred on the lesion centroid. The trained U-Net then segmented every "
                      "lesion, and PyRadiomics features were extracted from its masks for a random forest.")
    assert not any(x.split()[:2] == ["preprocessing", "crop:"] for x in _stage_lines(text)), _stage_lines(text)


# ---------------------------------------------------------------------------------------------- how a person segmented
_RADIOMICS = " The platform computed shape and texture features, and a random forest predicted the histology."


@pytest.mark.parametrize("said", [
    "Each renal mass was segmented in the vendor's radiomics prototype on the nephrographic images by one of two "
    "radiologists.",
    "Lesions were segmented with the workstation's radiomics platform by a radiologist.",
])
def test_a_person_who_segments_in_a_platform_that_delineates_by_itself_leaves_the_mode_unstated(said: str) -> None:
    # "segmented in the prototype by a radiologist": drawn by hand, grown from a click or accepted as the software
    # proposed it, the text does not say; the mode stays for the author to state (Condition #2 review)
    text = said + _RADIOMICS
    seg = delineations(text)
    assert seg and "mode:" not in seg[0], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "review", v


@pytest.mark.parametrize("said", [
    "Each renal mass was outlined in the vendor's radiomics prototype on the nephrographic images by a radiologist.",
    "Each renal mass was segmented manually in the radiomics platform by a radiologist.",
    "Each renal mass was segmented by a radiologist on the nephrographic images.",
])
def test_a_person_who_draws_or_segments_by_hand_still_delineates_manually(said: str) -> None:
    text = said + _RADIOMICS
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[2] == "no"


def test_a_self_supervised_pretraining_the_study_ran_with_a_named_optimiser_stays_a_stage() -> None:
    # a capitalised word after "by" is no maker: the study's own pretraining, then its fine-tuning, two stages
    text = ("We pretrained a ResNet-50 with self-supervised contrastive learning on 40,000 unlabelled mammograms, "
            "optimised by Adam. The network was then fine-tuned to classify malignancy on the labelled training set.")
    models = _kinds(text, "model")
    assert len(models) == 2 and any("weights_from" in m for m in models), _stage_lines(text)


# ---------------------------------------------------------------------------------------------- a network's output called a signature
@pytest.mark.parametrize("text", [
    "We developed a radiomics signature with a deep radiomics approach, in which the image features are learned. A "
    "DenseNet-121 was trained from scratch on the hip radiographs to output the probability of a fracture within 2 "
    "years. The signature is this probability, and a logistic regression combined it with age and sex.",
    "A deep learning radiomics score was built: a ResNet-18 trained on the MRI slices to give the likelihood of "
    "recurrence. A clinical model added this score to the T stage in a logistic regression.",
])
def test_a_network_trained_to_output_a_probability_is_the_model_whatever_its_output_is_called(text: str) -> None:
    # a text may call a network's output a radiomics signature: the network is trained to the outcome from the images
    # (Condition #5 yes), and a model taking its score is no table of features taken out of it
    assert not _kinds(text, "feature_extraction"), _stage_lines(text)
    assert verdicts(text)[5] == "yes", _stage_lines(text)
