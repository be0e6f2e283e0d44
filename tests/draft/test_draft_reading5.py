"""Further ways Methods sections state the facts the five conditions turn on, each principle with paragraphs
written for it in several phrasings (none is a corpus text), beside phrasings that must not change: a network
released by others named in apposition, and a detector trained in the study on readers' boxes."""

from __future__ import annotations

import pytest

from pipespec.draft import draft
from tests.draft.reading import delineations, heads, verdicts


def _stage_lines(text: str) -> list[str]:
    """The draft's stage lines with their blocks (no comments, no flow)."""
    return [line.strip() for line in draft(text).spec.splitlines()
            if line.strip().split(" ", 1)[0] in ("input", "preprocessing", "feature_extraction", "model", "output")]

_FEATURES = " PyRadiomics features were extracted from the masks, and a random forest predicted the outcome."


# ---------------------------------------------------------------------------------------------- a released network
@pytest.mark.parametrize(("said", "tool"), [
    ("Tumours on MRI were segmented by GlioMapper, a publicly available brain tumour segmentation network, with its "
     "published weights.", "GlioMapper"),
    ("The kidneys on CT were delineated with KidSeg3D, an open-source segmentation network, without retraining.",
     "KidSeg3D"),
    ("Lesions on CT were contoured using LivLes, a previously published segmentation network, and the masks were not "
     "edited.", "LivLes"),
    ("No manual delineation was needed: the lungs on CT were segmented by PulmoMask, a freely available deep "
     "segmentation network.", "PulmoMask"),
])
def test_a_network_released_by_others_named_in_apposition_delineates_as_released(said: str, tool: str) -> None:
    # a network the study did not train, applied as supplied, that delineates: an automated delineation (Condition #2
    # yes) by a ready-made deep network, Condition #5 to the reviewer (README, Decisions: ready-made networks by role)
    text = said + _FEATURES
    seg = delineations(text)
    assert seg and "mode: automated" in seg[0] and f"tool: {tool}" in seg[0] and "family: deep" in seg[0], heads(text)
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "review", v


@pytest.mark.parametrize("text", [
    # a network of hospitals is no neural network
    "Patients were recruited through OncoReg, a publicly available network of 12 hospitals. Tumours on CT were "
    "segmented manually by a radiologist." + _FEATURES,
    # a ready-made network said without a release: the readers still delineate
    "Tumours on CT were segmented manually by two radiologists on every slice." + _FEATURES,
])
def test_a_network_of_places_or_manual_masks_stay_manual(text: str) -> None:
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[2] == "no"


# ---------------------------------------------------------------------------------------------- a detector trained
@pytest.mark.parametrize(("text", "detector"), [
    ("We adopt a Faster R-CNN detector with a ResNet-50 backbone to find lung nodules on chest radiographs. Two "
     "radiologists drew bounding boxes around every nodule. These boxes were used only as training targets. We train "
     "with SGD for 24 epochs on 6,000 radiographs.", "Faster R-CNN"),
    ("Fractures on radiographs were localised by a Cascade R-CNN detector with a Swin Transformer (Swin-T) backbone. "
     "Three readers annotated every fracture with a box in a web tool. The boxes served solely as training labels. "
     "We trained it for 36 epochs with AdamW.", "Cascade R-CNN"),
    ("A YOLOv8 detector with a ResNet-50 (R50) backbone marks each rib fracture on CT. Two radiologists outlined all "
     "fractures with bounding boxes. These annotations were used to train the detector. The network was trained for "
     "100 epochs.", "YOLOv8"),
])
def test_a_detector_trained_on_readers_boxes_is_an_automated_delineation(text: str, detector: str) -> None:
    # the readers' boxes are the detector's training labels, not the pipeline's delineation; the detector trained in
    # the study delineates with no human when used (Condition #2 yes) and learns from the images (Condition #5 yes);
    # its backbone is a part of it, not a network of its own
    h = _stage_lines(text)
    models = [x for x in h if x.startswith("model")]
    assert len(models) == 1 and detector in models[0] and "task: detection" in models[0], h
    assert any(x.startswith("input") and "training_only: yes" in x for x in h), h
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", (v, h)


@pytest.mark.parametrize("text", [
    # the readers' boxes are what the features come from: a manual delineation
    "Two radiologists drew bounding boxes around each nodule on CT. These boxes were used to extract PyRadiomics "
    "features, and a random forest predicted malignancy.",
    "Tumours were segmented manually by two radiologists on CT. The masks were used for feature extraction with "
    "PyRadiomics, and a random forest predicted the grade.",
])
def test_readers_delineations_the_features_come_from_stay_manual(text: str) -> None:
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0] and "training_only" not in seg[0], heads(text)
    assert verdicts(text)[2] == "no"


def test_a_ready_made_detector_is_not_trained_by_a_later_training_of_another_model() -> None:
    text = ("Nodules on CT were detected with a previously published Faster R-CNN, used as supplied. PyRadiomics "
            "features were extracted from each detected box. We trained the random forest with 5-fold "
            "cross-validation.")
    h = heads(text)
    assert not any(x.startswith("model") and "Faster R-CNN" in x for x in h.values()), h
    assert verdicts(text)[5] == "review", (verdicts(text), h)


# ---------------------------------------------------------------------------------------------- a multi-task network
@pytest.mark.parametrize("text", [
    "Two radiologists delineated each lesion on MRI in ITK-SNAP. These masks were the segmentation targets of the "
    "network. In the external test data, lesions were also delineated, but the masks were used only to compute "
    "segmentation metrics and were never given to the model. A 3D U-Net was designed with a decoder that outputs the "
    "lesion mask and a classification branch that outputs the lesion type. The network was trained from scratch.",
    "Two radiologists delineated each lesion on MRI in ITK-SNAP. These masks were the segmentation targets of the "
    "network. We built a multi-task network, HepaMT, on a 3D U-Net. The decoder outputs the lesion mask, and a "
    "classification branch on the bottleneck outputs the lesion type. The network was trained from scratch.",
    "Kidney tumours on CT were contoured by a radiologist. The contours were the training targets. KidMT, based on a "
    "U-Net, has a decoder that outputs the tumour mask and a classification head that predicts malignancy. The "
    "network was trained from scratch with Adam.",
    "Nodules on CT were outlined manually by two readers. These outlines served as the segmentation targets. In the "
    "external test set, nodules were also outlined, but these masks were used only to compute segmentation metrics. "
    "A U-Net with a segmentation decoder and a classification branch was trained from scratch to segment each nodule "
    "and classify it as benign or malignant.",
])
def test_a_multitask_network_trained_on_readers_masks_segments_by_itself(text: str) -> None:
    # the readers' masks are the network's segmentation targets (or a reference its Dice is computed against), and the
    # network's decoder delineates when it is used: one network, automated (Condition #2 yes, #5 yes); a name of the
    # study's own on the architecture it is built on is that architecture
    h = _stage_lines(text)
    models = [x for x in h if x.startswith("model")]
    assert len(models) == 1 and "U-Net" in models[0], h
    assert not any(x.startswith("preprocessing") and "segmentation(" in x for x in h), h
    v = verdicts(text)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes", (v, h)


@pytest.mark.parametrize("text", [
    "Two radiologists delineated each lesion on CT. The masks were used only to compute radiomic features with "
    "PyRadiomics, and a random forest predicted the grade.",
    "Two radiologists delineated each lesion on CT. These masks were the input of PyRadiomics, and a random forest "
    "predicted the grade.",
])
def test_readers_masks_the_features_are_computed_from_stay_the_delineation(text: str) -> None:
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[2] == "no"


@pytest.mark.parametrize(("text", "kept"), [
    ("We built KneeNet, based on a DenseNet-121, and trained it from scratch to grade osteoarthritis on radiographs.",
     "DenseNet-121"),
    ("A network of our own, CoroNet, on a ResNet-50, was trained from scratch to classify stenosis on CCTA.",
     "ResNet-50"),
])
def test_a_network_of_the_studys_own_name_is_the_architecture_it_is_built_on(text: str, kept: str) -> None:
    models = [x for x in heads(text).values() if x.startswith("model")]
    assert models == [f"model {kept}"], heads(text)
    assert verdicts(text)[5] == "yes"


# ---------------------------------------------------------------------------------------------- a network that makes images
@pytest.mark.parametrize("text", [
    "A RED-CNN was trained from scratch on paired low-dose and routine-dose CT, with a perceptual loss computed on "
    "VGG-16 features. Three radiologists rated image quality on a 5-point Likert scale.",
    "A U-Net was trained to map low-dose CT images to the corresponding full-dose images, with a VGG19-based "
    "perceptual loss. Two readers scored noise and sharpness.",
    "Low-dose PET images were denoised with a DnCNN trained from scratch; the loss combined the mean squared error "
    "with a loss computed from the feature maps of a pretrained VGG-16. Image quality was rated by two physicians.",
])
def test_a_network_trained_to_make_images_with_a_perceptual_loss_is_one_image_to_image_model(text: str) -> None:
    # the network whose features a perceptual loss compares is part of the training, not a stage that extracts
    # features (Condition #4 no); the network the study trains makes images, not a prediction: Condition #5 is left to
    # the reviewer (METRICS-E3 speaks of classification, regression or segmentation outputs)
    h = _stage_lines(text)
    models = [x for x in h if x.startswith("model")]
    assert len(models) == 1 and "task: image_to_image" in models[0], h
    assert not any("VGG" in x for x in h), h
    v = verdicts(text)
    assert v[4] == "no" and v[5] == "review", (v, h)


@pytest.mark.parametrize(("text", "name"), [
    ("A DenseNet-121 hearing loss classifier was trained from scratch on temporal bone CT.", "DenseNet-121"),
    ("A ResNet-50 was trained with a focal loss on chest CT to predict weight loss.", "ResNet-50"),
])
def test_a_network_beside_the_word_loss_that_is_no_loss_network_is_still_the_model(text: str, name: str) -> None:
    assert any(x.startswith("model") and name in x for x in _stage_lines(text)), _stage_lines(text)


def test_a_vgg_that_extracts_features_still_does() -> None:
    # a network named as the source of features (not of a loss) is still an extraction
    text = ("Deep features were extracted from the last pooling layer of a VGG-16 pretrained on ImageNet, and an SVM "
            "classified the nodules on CT.")
    assert any(x.startswith("feature_extraction") and "VGG-16" in x for x in _stage_lines(text)), _stage_lines(text)
    assert verdicts(text)[4] == "yes"


# ---------------------------------------------------------------------------------------------- image-quality regions
@pytest.mark.parametrize("said", [
    "Noise (the standard deviation of attenuation) and contrast-to-noise ratio were measured in circular regions of "
    "interest placed by one radiologist in the liver and the aorta.",
    "Circular ROIs were placed by a radiologist in the liver, spleen and fat to measure image noise and SNR.",
    "The signal-to-noise ratio was calculated within ROIs drawn in the paraspinal muscle.",
])
def test_regions_placed_to_measure_image_quality_are_no_delineation(said: str) -> None:
    # regions that measure how good the images are delineate nothing the analysis reads (Condition #1 no)
    text = ("A DnCNN was trained from scratch to denoise low-dose CT images. " + said +
            " Three radiologists rated overall quality on a 5-point scale.")
    assert not delineations(text), heads(text)
    assert verdicts(text)[1] == "no"


@pytest.mark.parametrize("text", [
    "Tumours were segmented manually by a radiologist, and image noise was measured in an ROI in the aorta; "
    "PyRadiomics features fed a random forest.",
    "Tumour ROIs were drawn manually on CT by two radiologists, PyRadiomics features were extracted and a random "
    "forest predicted the grade.",
])
def test_a_delineation_beside_a_noise_measurement_stays(text: str) -> None:
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- a negated list
_WHOLE_VIEWS = ("Screening mammograms of 20,000 women were used. A ResNet-50 pretrained on ImageNet was fine-tuned on "
                "whole views to predict cancer. ")


@pytest.mark.parametrize("said", [
    "No radiologist lesion annotation, manual cropping to the breast or pectoral muscle segmentation is used.",
    "We used no radiologist annotation, tumour bounding box or fibroglandular tissue segmentation at any stage.",
    "Without lesion annotations, cropping to the breast or segmentation of the dense tissue, the network learns "
    "from the whole view.",
    "Neither lesion outlines, regions of interest nor a segmentation of the pectoral muscle were needed.",
])
def test_every_item_of_a_negated_list_is_negated(said: str) -> None:
    # "no A, B or C": the last item is as negated as the first, however long the items before it (Condition #1 no)
    text = _WHOLE_VIEWS + said
    assert not delineations(text), heads(text)
    v = verdicts(text)
    assert v[1] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("text", [
    "No patient, centre or scanner was excluded, and tumours were segmented manually by a radiologist; PyRadiomics "
    "features fed a random forest.",
    "No contrast agent, sedation or breath-hold was used. Tumours were segmented manually on CT by a radiologist, "
    "and PyRadiomics features fed a random forest.",
])
def test_a_delineation_after_a_negated_list_is_still_stated(text: str) -> None:
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- models named by their kind
_RADIOMICS = ("Tumours on CT were segmented manually by a radiologist, and PyRadiomics features were extracted. "
              "Features were selected with LASSO. ")


@pytest.mark.parametrize("said", [
    "Several machine learning classifiers were trained on the selected radiomic features and compared.",
    "Three ML classifiers were fitted on the selected features in 5-fold cross-validation; the best was kept.",
    "Machine-learning models were built with the retained radiomic features, and their settings are in the "
    "supplement.",
])
def test_classifiers_of_unstated_kind_trained_on_features_are_fed_the_table(said: str) -> None:
    # whatever their family, models fed only the table of features learn from no image (Condition #5 no); they are
    # kept as a model of unstated family, never dropped
    text = _RADIOMICS + said
    h = heads(text)
    assert any(x.startswith("model") for x in h.values()), h
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, h)


def test_a_model_of_unstated_kind_on_the_images_stays_at_review() -> None:
    text = ("Chest radiographs of 900 patients were collected. An AI model was trained on the radiographs to detect "
            "pneumothorax.")
    assert verdicts(text)[5] == "review", heads(text)


@pytest.mark.parametrize("said", [
    "The software, its settings and the machine-learning classifier are listed in Table 2. A random forest with "
    "300 trees was used.",
    "The machine learning classifier was tuned by grid search. It was a random forest of 500 trees.",
    "Details of the ML classifier are given in the supplement. Classification used XGBoost with 200 trees.",
])
def test_a_machine_learning_classifier_said_beside_a_named_one_is_that_one(said: str) -> None:
    # "the machine-learning classifier" where the text names a random forest is the random forest, not one more
    # model of unstated family (Condition #5 no, not review)
    text = _RADIOMICS + said
    h = heads(text)
    assert not any(x == "model" or x.startswith("model ") and not x[6:].strip() for x in h.values()), h
    assert verdicts(text)[5] == "no", (verdicts(text), h)


# ---------------------------------------------------------------------------------------------- drawn
_SEMANTIC = ("Two neuroradiologists scored the VASARI features of each glioblastoma on MRI by eye; the tumours were "
             "not segmented. The scored features and age entered a logistic regression for MGMT methylation. ")


@pytest.mark.parametrize("said", [
    "A calibration plot was drawn.",
    "ROC curves were drawn for the model and for age alone.",
    "Bootstrap samples were drawn 1000 times to estimate confidence intervals.",
    "Blood was drawn on the day of the MRI for the laboratory values.",
    "A nomogram was drawn from the final model.",
])
def test_a_plot_a_sample_or_blood_drawn_is_no_delineation(said: str) -> None:
    # "drawn" delineates only what outlines a region: a curve, a plot, a sample or blood drawn is none (Condition #1 no)
    text = _SEMANTIC + said
    assert not delineations(text), heads(text)
    v = verdicts(text)
    assert v[1] == "no" and v[2] == "no", v


@pytest.mark.parametrize("said", [
    "We drew the calibration curves of both models.",
    "We then drew 1,000 bootstrap samples with replacement.",
    "We drew ROC curves and decision curves for the test set.",
    "We drew conclusions from the held-out set only.",
    "The patients were drawn at random from the hospital registry.",
    "The cases were drawn from a public archive.",
])
def test_what_the_authors_drew_that_outlines_nothing_is_no_delineation(said: str) -> None:
    # "we drew" makes the authors a person who delineates only when they draw a region: curves, samples or
    # conclusions drawn outline nothing, so a network's automatic delineation stays automated (Condition #2 yes) and
    # a study that delineates nothing gets no delineation (Condition #1 no)
    text = ("Tumours on CT were segmented by a publicly available U-Net. PyRadiomics features were extracted from its "
            "masks, and an SVM predicted local control. " + said)
    seg = delineations(text)
    assert seg and "mode: automated" in seg[0] and "manual" not in seg[0], heads(text)
    assert verdicts(text)[2] == "yes", heads(text)
    plain = _SEMANTIC + said
    assert not delineations(plain), heads(plain)
    assert verdicts(plain)[1] == "no", heads(plain)


@pytest.mark.parametrize("said", [
    "We drew a polygon around each tumour on the CT.",
    "We drew the tumour borders on every slice.",
])
def test_a_region_the_authors_drew_is_still_their_delineation(said: str) -> None:
    text = said + _FEATURES
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[2] == "no", heads(text)


@pytest.mark.parametrize("said", [
    "Regions of interest were drawn on every slice by a radiologist.",
    "The tumour borders were drawn manually on the FLAIR images.",
    "Contours were drawn by two readers in ITK-SNAP.",
])
def test_regions_drawn_still_delineate(said: str) -> None:
    text = ("Gliomas on MRI were studied. " + said + " PyRadiomics features of the regions entered a random forest. "
            "A calibration plot was drawn.")
    seg = delineations(text)
    assert seg and "mode: manual" in seg[0], heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- feature maps beside a table
@pytest.mark.parametrize("text", [
    "Tumours on MRI were delineated manually by a radiologist. Voxel-wise radiomic feature maps were computed with "
    "PyRadiomics inside each tumour. A CNN was trained from scratch on the stacks of feature maps to predict the "
    "grade. A logistic regression on whole-tumour PyRadiomics features was fitted for comparison of the two.",
    "Lesions on CT were contoured by hand. Voxel-wise texture feature maps were extracted with PyRadiomics, and a "
    "small CNN was trained from scratch on the maps. A support vector machine was trained on whole-lesion radiomic "
    "features as a second model.",
])
def test_a_classical_model_on_whole_region_features_beside_feature_maps_takes_a_table(text: str) -> None:
    # the maps feed the network (image-like, Condition #4 no on their own); the classical model takes one value per
    # feature and region, a table of its own (Condition #4 yes)
    h = _stage_lines(text)
    extractions = [x for x in h if x.startswith("feature_extraction")]
    assert len(extractions) == 2 and sum("produces: maps" in x for x in extractions) == 1, h
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes" and v[5] == "no", (v, h)


def test_feature_maps_with_no_table_beside_them_stay_maps_only() -> None:
    text = ("Tumours on MRI were delineated manually by a radiologist. Voxel-wise radiomic feature maps were computed "
            "with PyRadiomics inside each tumour. A CNN was trained from scratch on the stacks of feature maps to "
            "predict the grade.")
    extractions = [x for x in _stage_lines(text) if x.startswith("feature_extraction")]
    assert len(extractions) == 1 and "produces: maps" in extractions[0], extractions
    assert verdicts(text)[4] == "no"


# ---------------------------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize("said", [
    "PyRadiomics features were extracted after z-score normalisation of the images, with a bin width of 25.",
    "Radiomic features were computed with PyRadiomics following image intensity normalisation.",
    "A CNN with convolution-batch normalisation-ReLU blocks was trained on the radiomic features.",
])
def test_a_normalisation_of_the_images_or_a_layer_is_no_feature_processing(said: str) -> None:
    # the images normalised (or a network's batch normalisation layer) are not the features scaled
    text = "Tumours on MRI were segmented manually by a radiologist. " + said + " A random forest predicted the grade."
    assert not any(x.split()[:2] == ["preprocessing", "sel:"] and "normalize" in x for x in _stage_lines(text)), \
        _stage_lines(text)


@pytest.mark.parametrize("said", [
    "Radiomic features were extracted with PyRadiomics and z-score normalised before LASSO.",
    "PyRadiomics features were standardised to zero mean and unit variance.",
])
def test_features_normalised_are_still_feature_processing(said: str) -> None:
    text = "Tumours on MRI were segmented manually by a radiologist. " + said + " A random forest predicted the grade."
    assert any(x.split()[:2] == ["preprocessing", "sel:"] and "normalize" in x for x in _stage_lines(text)), \
        _stage_lines(text)


# ---------------------------------------------------------------------------------------------- simulated low dose
@pytest.mark.parametrize("said", [
    "Low-dose images were simulated from the raw projection data with a validated noise-insertion tool.",
    "Noise was inserted into the sinograms to simulate a quarter of the dose, and the images were reconstructed "
    "with FBP.",
])
def test_projection_data_used_only_to_simulate_low_dose_images_is_no_sinogram_input(said: str) -> None:
    # the network is trained on images made from the simulated data: its input is images, not raw projections
    text = said + " A RED-CNN was trained from scratch to denoise the low-dose CT images."
    inputs = [x for x in _stage_lines(text) if x.startswith("input")]
    assert inputs and "sinogram" not in inputs[0], inputs


def test_a_network_reading_the_sinogram_keeps_it() -> None:
    text = "A CNN was trained from scratch on the sinograms of 300 CT scans to detect haemorrhage."
    inputs = [x for x in _stage_lines(text) if x.startswith("input")]
    assert inputs and "sinogram" in inputs[0], inputs


def test_a_training_said_after_a_classical_model_is_not_the_segmentation_networks() -> None:
    # "We trained with 5-fold cross-validation" after a classical model is named may be that model's training: the
    # segmentation network named before stays as the text applies it (Condition #5 review, not yes)
    text = ("Kidneys on CT were segmented with nnU-Net. PyRadiomics features were extracted from the masks. An XGBoost "
            "model predicted the grade. We trained with 5-fold cross-validation.")
    assert not any(x.startswith("model") and "nnU-Net" in x for x in _stage_lines(text)), _stage_lines(text)
    assert verdicts(text)[5] == "review"


# ---------------------------------------------------------------------------------------------- embeddings pooled
@pytest.mark.parametrize("text", [
    "Each tile of the whole-slide images was passed once through a ViT-Large pretrained by its developers, whose "
    "weights were kept frozen. The 1,024-dimensional embedding of every tile was saved to disk. An attention MIL "
    "network was trained on the bags of tile embeddings to predict HER2 status.",
    "Each CT slice was encoded by a ResNet-50 pretrained on ImageNet and kept frozen. The 2,048-dimensional "
    "embeddings of the slices were stored. A gated attention MIL model was then trained on the bags of slice "
    "embeddings to predict the outcome.",
])
def test_embeddings_of_a_frozen_encoder_pooled_by_attention_are_the_encoders(text: str) -> None:
    # the attention pooling takes the embeddings and makes none: they are the frozen encoder's, taken out (Condition
    # #4 yes) and learned from by the pooling network, which reads no image (Condition #5 no; README: an encoder of
    # tiles is one network with its pooling unless it is frozen and its embeddings are taken out)
    h = _stage_lines(text)
    assert any(x.startswith("feature_extraction") for x in h), h
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", (v, h)
