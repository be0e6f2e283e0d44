"""What the seeded probe of the drafting matrices (benchmarks/draft_matrix_probe.py) found misread, each principle
with paragraphs written for it (none is a corpus text or a matrix case), beside phrasings that must not change."""

from __future__ import annotations

import pytest

from tests.draft.reading import heads, verdicts

# ------------------------------------------------------------ each network of a study is read by what is said of it
_EXTRACTOR = [
    "A DenseNet-169 pretrained on ImageNet served as a fixed feature extractor for each nodule crop. Its deep features "
    "were fed into a LASSO-penalised Cox model to predict progression-free survival.",
    "Embeddings of every lesion were computed with a ConvNeXt-T pretrained on ImageNet, and a gradient boosting "
    "classifier was trained on the embeddings to predict nodal metastasis.",
]
_TRAINED_AS_ONE = [
    "An Inception-V3 pretrained on ImageNet was also used. All blocks of the Inception-V3 except the last one were "
    "frozen, and the last block was fine-tuned together with a new output layer to predict nodal metastasis.",
    "A MobileNetV2 pretrained on ImageNet was adopted as the second model. Its final fully connected layer was replaced "
    "with a two-class layer, and the whole network was fine-tuned to predict nodal metastasis.",
    "The weights of an Xception pretrained on ImageNet were loaded. All blocks of the network except the last two were "
    "kept frozen, and the last two were fine-tuned together with a new classification layer.",
]


@pytest.mark.parametrize("extractor", _EXTRACTOR)
@pytest.mark.parametrize("tuned", _TRAINED_AS_ONE)
def test_a_network_fine_tuned_as_one_leaves_another_networks_features_a_table(extractor: str, tuned: str) -> None:
    # deep features taken out of one network into a classical model are a table (METRICS-E3, Condition #4,
    # Example 3; Condition #5, Example 6) whatever a second network of the same study is: one fine-tuned whole, with
    # its early layers frozen, is end to end (Condition #5, Examples 3 and 4), and the sentence saying so, naming it
    # or 'the network' after it, speaks of that network only
    text = "Methods\n\nWe included 240 patients with lung nodules on CT. " + extractor + "\n\n" + tuned
    v = verdicts(text)
    assert (v[4], v[5]) == ("yes", "yes"), (v, heads(text))
    assert any(h.startswith("feature_extraction deep") for h in heads(text).values()), heads(text)


@pytest.mark.parametrize("tuned", [
    # the sentence training parts as one that speaks of the network named before it keeps it end to end
    "A ResNet-34 encoded each CT slice, and an attention module pooled the slice embeddings. The encoder, the "
    "attention module and the classifier were optimised together to predict nodal metastasis.",
    "A ResNet-34 pretrained on ImageNet was adopted. Its last layer was replaced with a two-class layer and the whole "
    "network was fine-tuned together with it to predict nodal metastasis.",
])
def test_a_network_trained_as_one_with_its_head_alone_stays_end_to_end(tuned: str) -> None:
    text = "Methods\n\nWe included 240 patients with lung nodules on CT. " + tuned
    v = verdicts(text)
    assert (v[4], v[5]) == ("no", "yes"), (v, heads(text))


@pytest.mark.parametrize("later", [
    "A DenseNet-201 was trained on the CT slices to predict nodal metastasis. Saliency maps were computed from the "
    "last convolutional layer of the network to show the regions it relied on.",
    "We trained an EfficientNet-B2 from scratch on the CT slices to predict nodal metastasis. Class activation maps "
    "were derived from the final convolutional layer of the network.",
])
def test_features_of_the_network_are_those_of_the_network_named_before(later: str) -> None:
    # "the deep features of the network" after a sentence naming a ViT used to extract them are the ViT's: a network
    # named later, trained to predict from the images and only looked into with activation maps, keeps its features
    # (Condition #5, Examples 3 and 4), and the ViT's deep features into the random forest are a table (Condition #4,
    # Example 3)
    text = ("Methods\n\nWe included 240 patients with lung nodules on CT. We used a vision transformer (ViT) pretrained "
            "on ImageNet to extract 768 deep features per nodule. LASSO selected the deep features of the network and "
            "a random forest was trained on them to predict nodal metastasis.\n\n" + later)
    v = verdicts(text)
    assert (v[4], v[5]) == ("yes", "yes"), (v, heads(text))
    assert sum(h.startswith("feature_extraction deep") for h in heads(text).values()) == 1, heads(text)


# ------------------------------------------------ a pooling of instances takes only the encoders it is said to pool
_POOLING = ("Each CT volume was treated as a bag of axial slices, and a ConvNeXt-T encoded each slice. An attention "
            "pooling layer weighted the slice embeddings and a linear layer predicted nodal metastasis, the whole "
            "network being trained end to end.")


@pytest.mark.parametrize("apart", [
    "The 1,024-dimensional embeddings from the global average pooling layer of a DenseNet-121 pretrained on ImageNet "
    "were classified by a support vector machine.",
    "Embeddings of each nodule were computed with an Inception-V3 pretrained on ImageNet. The embeddings of the "
    "network were classified by a logistic regression model.",
])
@pytest.mark.parametrize("first", [True, False])
def test_embeddings_a_classical_model_classifies_are_no_part_of_a_pooling_named_next(apart: str, first: bool) -> None:
    # an attention pooling of slices trained end to end is end to end (METRICS-E3, Condition #5, Examples 3 and 4);
    # another network's embeddings classified by a classical model named with them are a table (Condition #4,
    # Example 3), not an encoder of that pooling because its sentences come next to the pooling's
    paragraphs = [apart, _POOLING] if first else [_POOLING, apart]
    text = "Methods\n\nWe included 240 patients with lung nodules on CT.\n\n" + "\n\n".join(paragraphs)
    v = verdicts(text)
    assert (v[4], v[5]) == ("yes", "yes"), (v, heads(text))


# ------------------------------------------------------------- a ready-made network's masks, a classifier trained
@pytest.mark.parametrize("other", [
    "Radiomic features were extracted with PyRadiomics from masks that TotalSegmentator produced, and a random forest "
    "was trained on them to predict nodal metastasis.",
    "Shape features were computed from the organ masks TotalSegmentator produced, and a support vector machine was "
    "trained on them.",
])
def test_a_classifier_trained_beside_a_ready_made_networks_masks_trains_no_segmentation_network(other: str) -> None:
    # a segmentation network applied as its makers released it, and a ready-made one named where features are taken
    # from its masks: neither is trained in the study, whatever classifier the same sentence trains, so whether such
    # networks are end-to-end deep learning stays the reviewer's (README, Decisions: ready-made networks by role)
    text = ("Methods\n\nWe included 240 patients with lung nodules on CT. A U-Net trained on a public lung data set was "
            "obtained from its authors. The U-Net was applied without retraining to segment the lungs on all scans. "
            "Radiomic features were extracted from these masks with PyRadiomics and a logistic regression model was "
            "trained on them to predict nodal metastasis.\n\n" + other)
    v = verdicts(text)
    assert (v[1], v[2], v[3], v[4], v[5]) == ("yes", "yes", "yes", "yes", "review"), (v, heads(text))
    assert not any(h.startswith("model") and "task: segmentation" in h for h in heads(text).values()), heads(text)
