"""How Methods sections describe one network built in steps: pretrained without labels and then fine-tuned (the
fine-tuned network takes its weights from the pretraining stage, which decides nothing itself), or an encoder of
instances pooled by attention and classified (one network trained to the outcome, unless the encoder is frozen and
only its embeddings are used). Each principle is checked on paragraphs written for it, in several phrasings, with
phrasings that must not change."""

from __future__ import annotations

import pytest

from pipespec.analysis.engine import analyse
from pipespec.draft import draft
from pipespec.model import Pipeline


def models(p: Pipeline) -> list[dict[str, object]]:
    out = []
    for s in p.stages:
        if s.kind == "model":
            d: dict[str, object] = {"name": s.name, "architecture": s.get("architecture")}
            for k in ("training", "weights_from", "backbone"):
                if s.get(k) is not None:
                    d[k] = s.get(k)
            out.append(d)
    return out


def verdicts(p: Pipeline) -> dict[int, str]:
    return {n: v.verdict for n, v in analyse(p).conditions.items()}


def feeds(p: Pipeline, name: str) -> list[str]:
    """The stages that take ``name``'s output."""
    return [s.name for s in p.stages if name in s.inputs]


# ------------------------------------------------------------------------------------------- self-supervised
@pytest.mark.parametrize(("text", "method"), [
    ("A ResNet-50 was pretrained with SimCLR on 20,000 unlabelled chest CT scans. The pretrained network was then "
     "fine-tuned on 400 labelled scans to classify nodules as benign or malignant.", "SimCLR"),
    ("We gathered 30,000 knee MRI examinations without labels. A 2D ResNet-18 encoder was pretrained on these "
     "slices with SimCLR, a contrastive self-supervised method. The pretrained encoder then initialised a classifier "
     "of meniscal tears, which was fine-tuned on 900 labelled examinations.", "SimCLR"),
    ("A ViT-B/16 was pretrained on 15,000 unlabelled abdominal CT volumes by self-supervised contrastive learning, "
     "and then fine-tuned end to end on the labelled cohort to predict liver fibrosis.", None),
    ("Self-supervised pretraining (DINO) was performed on 50,000 unlabelled mammograms with a ViT-S backbone. The "
     "ViT-S was subsequently fine-tuned on 2,000 labelled mammograms to detect cancer.", "DINO"),
    ("Self-supervised pretraining was performed on 50,000 unlabelled mammograms. A DenseNet-121 initialised with "
     "these weights was fine-tuned to detect cancer.", None),
    ("A MoCo v2 network with a ResNet-50 backbone was trained on 60,000 unlabelled thyroid ultrasound images. It was "
     "then fine-tuned on the labelled nodules to classify them as benign or malignant.", "MoCo"),
    ("We first performed self-supervised pretraining with a masked image modelling objective on 30,000 unlabelled "
     "MRI volumes using a 3D ViT. The pretrained weights initialised the ViT, which was then trained on 500 labelled "
     "patients to predict MGMT status.", None),
    ("A Swin Transformer pretrained via SimMIM on unlabeled chest CT was fine-tuned for COVID-19 classification.",
     "SimMIM"),
    ("An EfficientNet-B0 was first trained without labels using a contrastive self-supervised objective on all "
     "available chest radiographs; it was then fine-tuned to classify pneumothorax.", None),
])
def test_a_network_pretrained_without_labels_and_fine_tuned_takes_its_weights_from_the_pretraining(
        text: str, method: str | None) -> None:
    p = draft(text).pipeline
    found = models(p)
    pre = [m for m in found if "self_supervised" in str(m.get("training"))]
    tuned = [m for m in found if m.get("weights_from") is not None]
    assert len(found) == 2 and len(pre) == 1 and len(tuned) == 1, found
    assert tuned[0]["weights_from"] == pre[0]["name"] and "fine_tuned" in str(tuned[0].get("training")), found
    assert "self_supervised" not in str(tuned[0].get("training")), found
    if method is not None:
        assert pre[0]["architecture"] == method and pre[0].get("backbone") is not None, found
    # the pretraining passes weights on, not predictions: it feeds no stage and the fine-tuned network decides
    assert not feeds(p, str(pre[0]["name"])), feeds(p, str(pre[0]["name"]))
    assert verdicts(p)[5] == "yes"


@pytest.mark.parametrize("text", [
    # fine-tuned from ImageNet weights: no self-supervised stage
    "A ResNet-50 pretrained on ImageNet was fine-tuned on 400 labelled CT scans to classify nodules as benign or "
    "malignant.",
    # pretrained with labels on another data set, then trained to the task: no self-supervised stage
    "A DenseNet-121 was pretrained on the labelled NIH ChestX-ray14 data set and then trained on our radiographs to "
    "detect pneumothorax.",
    # the field's methods, and a network said to start from ImageNet weights, are no pretraining of the study's
    "Self-supervised learning has been used widely. A DenseNet-121 pretrained on ImageNet was fine-tuned on our "
    "radiographs to detect fractures.",
    "We used contrastive self-supervised pretraining on unlabelled mammograms. A ResNet-50 initialised with ImageNet "
    "weights was then fine-tuned to detect cancer.",
    # a contrastive loss in a supervised training is no pretraining without labels
    "A ResNet-18 was trained from scratch with a supervised contrastive loss on 900 labelled MRI scans to classify "
    "the tumours.",
    # a self-supervised network whose embeddings are taken out and classified is an extraction, not a pretraining
    "A SimCLR network was trained on unlabelled CT slices; its embeddings were extracted, reduced with PCA and "
    "classified with logistic regression.",
])
def test_no_pretraining_stage_where_no_fine_tuning_follows_a_self_supervised_one(text: str) -> None:
    p = draft(text).pipeline
    assert not any(m.get("weights_from") is not None for m in models(p)), models(p)


@pytest.mark.parametrize("text", [
    "A DINO model was trained without labels on unlabelled CT. Its embeddings were extracted and clustered with "
    "k-means.",
    "A SimCLR network was trained on 10,000 unlabelled MRI slices. Embeddings of each tumour crop were then "
    "extracted from the frozen encoder and a random forest classified them.",
    "Representations were learned without labels by a BYOL network on the ultrasound frames; the embeddings were "
    "grouped into four clusters with k-means.",
])
def test_a_self_supervised_network_whose_embeddings_are_taken_out_is_a_self_supervised_extraction(text: str) -> None:
    # the embeddings of a network taught without labels are deep features (the extraction is self-supervised), and
    # no network learns from the images to the study's output (Condition #5 No)
    p = draft(text).pipeline
    extraction = [s for s in p.stages if s.kind == "feature_extraction"]
    assert len(extraction) == 1 and extraction[0].get("training") == "self_supervised", p.stages
    assert not any(m.get("weights_from") is not None for m in models(p)), models(p)
    assert verdicts(p)[5] == "no"


# ------------------------------------------------------------------------------------------- multiple instances
@pytest.mark.parametrize("text", [
    "Whole-slide images of 300 biopsies were tiled into 256-pixel patches. A ResNet-50 encoder pretrained on "
    "ImageNet embedded each tile, an attention module pooled the tile embeddings, and a linear classifier predicted "
    "the subtype. The encoder, attention pooling and classifier were trained jointly.",
    "Patches of 64 x 64 pixels were sampled from the mammograms. A DenseNet-121 served as the instance encoder, "
    "followed by a gated attention pooling layer and a fully connected classifier; the network was trained with the "
    "biopsy outcome as the bag label.",
    "CT slices were fed to an EfficientNet-B0 backbone. Slice-level features were aggregated by attention-based MIL "
    "pooling, and a multilayer perceptron predicted survival. All components were optimised end-to-end.",
    "Each MRI volume was divided into slices. A convolutional neural network extracted features from every slice, "
    "and attention-based multiple-instance learning aggregated them into a patient-level prediction of recurrence, "
    "trained end to end.",
    "Every slice was encoded by a ResNet-18, and a gated attention layer pooled the slices to predict IDH status.",
    "We used attention-based MIL (ABMIL) with a ResNet-18 instance encoder on the ultrasound frames of each "
    "examination; the encoder and the attention pooling were trained together to predict malignancy.",
])
def test_an_instance_encoder_pooled_by_attention_and_trained_to_the_outcome_is_one_network(text: str) -> None:
    # the encoder, the attention pooling and the classifier learn together from the images to the outcome
    # (METRICS-E3, Condition #5, Examples 3 and 4): one network, not three models
    p = draft(text).pipeline
    assert len(models(p)) == 1, models(p)
    assert not any(s.kind == "feature_extraction" for s in p.stages), [s.kind for s in p.stages]
    v = verdicts(p)
    assert v[4] == "no" and v[5] == "yes", v


@pytest.mark.parametrize("text", [
    "Every CT slice was encoded by a frozen ResNet-50 pretrained on ImageNet into an embedding; an attention module "
    "and a classifier were trained jointly on the bags of slice embeddings to predict haemorrhage.",
    "Tiles were embedded once by a frozen self-supervised ViT (DINO) and the embeddings were cached; a gated "
    "attention MIL network trained on the cached embeddings predicted MSI status.",
    "Tile features were extracted with a frozen ResNet-50 pretrained on ImageNet and stored; CLAM was trained on them "
    "to predict the subtype.",
])
def test_a_frozen_instance_encoder_whose_embeddings_are_pooled_stays_an_extraction(text: str) -> None:
    # drawn as the paper says: the embeddings of a frozen encoder are extracted features, which the pooling, trained
    # in the study, takes (Condition #5 No, #4 Yes)
    p = draft(text).pipeline
    extraction = [s.name for s in p.stages if s.kind == "feature_extraction"]
    assert len(extraction) == 1, [(s.kind, s.name) for s in p.stages]
    assert any(s.kind == "model" and extraction[0] in s.inputs for s in p.stages), [(s.kind, s.inputs) for s in p.stages]
    v = verdicts(p)
    assert v[4] == "yes" and v[5] == "no", v


@pytest.mark.parametrize("text", [
    "CT volumes of 400 patients were used. An attention MIL model was trained on the axial slices to detect "
    "haemorrhage. We also trained a 3D DenseNet-121 on the whole volumes to detect haemorrhage.",
    "CT volumes of 400 patients were used. A 3D DenseNet-121 was trained on the whole volumes to detect haemorrhage, "
    "and an attention MIL model was trained on the axial slices for the same task.",
])
def test_a_network_trained_on_its_own_beside_a_pooling_is_not_its_encoder(text: str) -> None:
    # two designs trained side by side: nothing says the DenseNet encodes the slices the pooling takes
    assert len(models(draft(text).pipeline)) == 2, models(draft(text).pipeline)


@pytest.mark.parametrize("text", [
    "Whole-slide images were tiled. A ViT-S was pretrained with DINO on the tiles of the study; the frozen encoder "
    "then embedded each tile, and the embeddings were cached. A gated attention MIL network trained on the cached "
    "embeddings predicted MSI status.",
    "Tiles of 224 pixels were cut from each slide. A ResNet-50 was pre-trained on all tiles by MoCo v2, kept frozen, "
    "and used to extract one embedding per tile; an attention MIL model trained on the embeddings predicted the "
    "subtype.",
])
def test_a_frozen_encoder_pretrained_without_labels_in_the_study_is_an_extraction_with_its_weights_from_it(
        text: str) -> None:
    # drawn as the language draws the frozen-embeddings design: the pretraining, an extraction taking its weights
    # from it, and the pooling trained on the embeddings (Condition #5 No, #4 Yes)
    p = draft(text).pipeline
    pre = [m for m in models(p) if m.get("training") == "self_supervised"]
    extraction = [s for s in p.stages if s.kind == "feature_extraction"]
    assert len(pre) == 1 and len(extraction) == 1 and extraction[0].get("weights_from") == pre[0]["name"], p.stages
    v = verdicts(p)
    assert v[4] == "yes" and v[5] == "no", v


@pytest.mark.parametrize("text", [
    "Chest radiographs of 1,800 patients were used. A ViT-B encoder pretrained with DINOv2 by Meta was kept frozen; a "
    "logistic regression was trained on its embeddings to detect pneumothorax.",
    "Chest radiographs of 1,800 patients were used. A ViT-B pretrained with DINOv2 by its authors was kept frozen, and "
    "an SVM was trained on its embeddings to detect pneumothorax.",
])
def test_a_network_its_makers_pretrained_without_labels_is_no_pretraining_of_the_study(text: str) -> None:
    # the method is where the weights came from, as a data set pretrained on is: one extraction, no pretraining stage
    p = draft(text).pipeline
    assert not any(m.get("training") == "self_supervised" for m in models(p)), models(p)
    assert len([s for s in p.stages if s.kind == "feature_extraction"]) == 1, [(s.kind, s.name) for s in p.stages]
    assert verdicts(p)[5] == "no"


@pytest.mark.parametrize("text", [
    "Overfitting of the DenseNet was avoided by early stopping. The DenseNet-121 was fine-tuned on mammograms to "
    "predict cancer.",
    "Training of the ResNet used the Adam optimiser on CT crops. The ResNet-50, pretrained on ImageNet, was fine-tuned "
    "to classify the nodules as benign or malignant.",
])
def test_a_network_said_with_the_before_its_full_name_is_that_network(text: str) -> None:
    # "the DenseNet" before "the DenseNet-121" refers to it: one network, named by its fuller name
    nets = [s for s in draft(text).stages if s.kind == "model"]
    assert len(nets) == 1 and nets[0].head.endswith(("DenseNet-121", "ResNet-50")), [(s.name, s.head) for s in nets]


def test_an_attention_layer_before_a_classical_classifier_named_with_it_is_no_pooling_network() -> None:
    # the random forest is the model the embeddings go to: the attention only weighs them on the way
    text = ("Deep features were extracted with a frozen ResNet-50 pretrained on ImageNet and stored; an attention layer "
            "weighted the slices and a random forest classified the patients.")
    heads = [s.head.strip('"') for s in draft(text).stages]
    assert "random forest" in heads and not any("MIL" in h for h in heads), heads
