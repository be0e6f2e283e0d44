"""How an author punctuates two facts does not change them: two sentences joined with a semicolon ('. The' written
'; the') or one sentence split in two state what they stated apart. Each principle has a paragraph written for it
(none is a corpus text), drafted both ways, with the verdicts a careful rater gives either way; the rules that look at
a sentence's words read the clause a fact is stated in, not the clause beside it."""

from __future__ import annotations

import re

import pytest

from pipespec.draft import draft
from tests.draft.reading import heads, verdicts


def _joined(text: str) -> str:
    """The paragraph with every sentence that opens 'The' joined to the one before by a semicolon."""
    return text.replace(". The ", "; the ").replace(". All ", "; all ")


def _lines(text: str, *kinds: str) -> list[str]:
    return [line.strip() for line in draft(text).spec.splitlines() if line.strip().split(" ", 1)[0] in kinds]


CASES = [
    pytest.param(
        # a quantity measured on the mask and used in no model, beside an AUC reported in another clause: no
        # hand-crafted feature analysed (Conditions #3 and #4 no)
        "Methods\n\nThe lungs on CT were segmented automatically by thresholding. A ViT was fine-tuned on the CT "
        "images to classify COPD. We report the AUC with bootstrap 95% confidence intervals. The percentage of "
        "low-attenuation areas computed from the lung mask is reported descriptively and was not entered into any "
        "model.", {3: "no", 4: "no", 5: "yes"}, id="an AUC in another clause analyses no quantity"),
    pytest.param(
        # the software the images were imported to, in a clause of its own, is not the delineation's tool: how the
        # volume was delineated stays unstated (Condition #2 review)
        "Methods\n\nThe arterial-phase CT images were exported in DICOM format and imported to ITK-SNAP. The volume "
        "of interest covering the whole tumour was delineated on each axial slice. Radiomic features were extracted "
        "with PyRadiomics, and a LASSO logistic regression predicted the grade.",
        {1: "yes", 2: "review", 3: "yes"}, id="a viewer in another clause is no delineating tool"),
    pytest.param(
        # a hybrid network: its image branch takes a crop taken from the segmentation (no task of its own) beside a
        # branch on the radiomic features; trained end to end on the images (Condition #5 yes)
        "Methods\n\nTumours on MRI were segmented automatically with nnU-Net. Radiomic features were extracted from "
        "the masks with PyRadiomics and the 20 most predictive were selected.\n\nOur network has two branches that "
        "are trained at the same time. The image branch is a 3D ResNet-18 that receives a crop centred on the tumour "
        "(taken from the segmentation) and produces a vector after global average pooling. The radiomics branch is a "
        "fully connected layer applied to the selected radiomic features. The whole network was trained from random "
        "initialisation to predict overall survival.", {2: "yes", 3: "yes", 4: "yes", 5: "yes"},
        id="a branch given a crop of the mask and one given the features"),
    pytest.param(
        # the CT descriptors readers recorded are what the AI model is developed on, not images: the model is the
        # logistic regression the text names (Condition #5 no)
        "Methods\n\nTwo radiologists recorded the CT descriptors of each nodule (diameter, solid component, margin, "
        "lobulation). Our artificial intelligence (AI) model was developed with machine learning on the development "
        "cohort. The candidate predictors were the CT descriptors above, together with age and sex. A logistic "
        "regression with backward selection was fitted.", {1: "no", 4: "yes", 5: "no"},
        id="an AI model on the CT descriptors"),
    pytest.param(
        # the airways removed by a second region growing are the program's change; the radiologist only looks
        # (Condition #2 yes, not corrected by hand)
        "Methods\n\nThe lungs on CT were segmented with in-house software by thresholding and region growing from a "
        "seed placed automatically in the trachea. The airways were then removed by a second region growing. All "
        "segmentations were reviewed as overlays by a chest radiologist. The lung volume was entered into a Cox "
        "model.", {1: "yes", 2: "yes"}, id="an algorithm's removal beside a reader's review"),
    pytest.param(
        # intensity scaling is an augmentation, in a clause apart from the pooled features of the network: no
        # hand-crafted class (Condition #3 no)
        "Methods\n\nThe menisci on MRI were segmented automatically by nnU-Net. A 3D ResNet-18 takes the cropped "
        "meniscus and outputs the probability of a tear. A learned embedding is concatenated to the pooled features "
        "before the final layer. The network was trained from random initialisation with random flips and intensity "
        "scaling.", {3: "no", 4: "no", 5: "yes"}, id="a class word in an augmentation's clause"),
    pytest.param(
        # a generative network's discriminators classify no case: an image-making network of unstated task
        # (Condition #5 review)
        "Methods\n\nSynthetic CT (sCT) images were generated from the CBCT slices with a cycle-consistent generative "
        "adversarial network (CycleGAN). The generators were ResNet-based encoder-decoders with nine residual blocks, "
        "and the discriminators were PatchGANs. The network was trained from random initialisation for 200 epochs "
        "with Adam.", {1: "no", 3: "no", 5: "review"}, id="a GAN's discriminators"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_how_an_author_punctuates_two_facts_does_not_change_them(text: str, expected: dict[int, str]) -> None:
    joined = _joined(text)
    assert joined != text
    apart, together = verdicts(text), verdicts(joined)
    assert together == apart, (heads(text), heads(joined))
    assert {n: apart[n] for n in expected} == expected, heads(text)


def test_a_mask_a_branch_is_given_is_no_task_of_the_network() -> None:
    # "(taken from the segmentation)": the crop's source; the network predicts survival, it segments nothing, and
    # the delineation stays a step before it
    text = _joined(CASES[2].values[0])  # type: ignore[index]
    models = _lines(text, "model")
    assert len(models) == 1 and "segmentation" not in models[0], models
    assert any(line.startswith("preprocessing") and "segmentation(mode: automated" in line
               for line in _lines(text, "preprocessing")), heads(text)


def test_a_gans_discriminators_give_it_no_classification() -> None:
    for text in (CASES[6].values[0], _joined(CASES[6].values[0])):  # type: ignore[index]
        models = _lines(text, "model")
        assert models and "classification" not in models[0], models
        assert not any("classification" in line for line in _lines(text, "output")), heads(text)


def test_a_correction_by_hand_in_a_clause_of_its_own_still_corrects() -> None:
    # the other side: the person who corrects, named in the clause after the one where they look, corrects
    text = ("Methods\n\nThe prostate on MRI was segmented automatically by a published network. A resident scrolled "
            "through every mask; in 23 examinations with obvious failures, the resident corrected the contour in 3D "
            "Slicer. Radiomic features were extracted with PyRadiomics and a logistic regression was fitted.")
    seg = [h for h in heads(text).values() if "segmentation" in h]
    assert seg and "corrected" in seg[0], heads(text)
    assert verdicts(text)[2] == "no"


def _split(text: str) -> str:
    """The paragraph with its sentences split at ', and the' / ', and a' into two."""
    return re.sub(r", and (the|a) ", lambda m: ". " + m.group(1).capitalize() + " ", text)


SPLIT_CASES = [
    pytest.param(
        # a decoder that outputs the mask and a classification branch beside it, in one sentence or two: one
        # multi-task network that segments by itself (Condition #2 yes); the readers' masks are its labels
        "Methods\n\nLiver lesions on MRI were analysed by a 3D U-Net that takes the four registered phases stacked as "
        "channels. The decoder outputs the lesion mask, and a classification branch attached to the bottleneck "
        "outputs the five-class probabilities. Two radiologists' manual masks served as the training labels. The "
        "network was trained from random initialisation with Dice and cross-entropy losses.",
        {1: "yes", 2: "yes", 5: "yes"}, id="a decoder and a classification branch"),
    pytest.param(
        # the output of the fine-tuned network's pooling layer taken as features, said in the sentence after the one
        # that removes its last layer: the network is the features' source, a logistic regression the model
        # (Condition #5 no)
        "Methods\n\nTumours on CT were segmented manually by a radiologist and 64 x 64 patches were cropped around "
        "them. A ResNet-101 pretrained on ImageNet was first fine-tuned on the patches to classify metastasis "
        "(cross-entropy, SGD, 50 epochs). After fine-tuning, the classification layer was removed, and the "
        "2,048-dimensional output of the global average pooling layer was extracted from each patch as deep learning "
        "radiomics (DLR) features. The fine-tuned network's own predictions were not used further.\n\nFigure 2. (a) "
        "Patch cropping; (b) ResNet-101 fine-tuned on the patches, DLR features taken at the average pooling layer; "
        "(c) LASSO.\n\nDLR features were standardised by Z-score. LASSO regression selected 13 DLR features, and a "
        "logistic regression was fitted on them.", {2: "no", 4: "yes", 5: "no"},
        id="a layer's output taken as features in the next sentence"),
]


@pytest.mark.parametrize(("text", "expected"), SPLIT_CASES)
def test_a_sentence_split_in_two_states_what_it_stated(text: str, expected: dict[int, str]) -> None:
    split = _split(text)
    assert split != text
    whole, apart = verdicts(text), verdicts(split)
    assert apart == whole, (heads(text), heads(split))
    assert {n: whole[n] for n in expected} == expected, heads(text)


def test_a_network_developed_is_a_network_trained() -> None:
    # "developed" is how many authors say "trained": the segmentation network the study trains on the annotators'
    # labels delineates by itself either way (Condition #2 yes), and is its model (Condition #5 yes)
    text = ("Methods\n\nFetal brain MRI volumes were segmented into seven tissue classes by an attention U-Net. Two "
            "experienced annotators manually labelled 80 volumes, which served as the reference labels. The network "
            "was trained from random initialisation on 128-voxel patches for 1000 epochs. Tissue volumes were "
            "compared between groups.")
    developed = text.replace("was trained", "was developed")
    assert verdicts(developed) == verdicts(text), (heads(text), heads(developed))
    assert verdicts(text)[2] == "yes" and verdicts(text)[5] == "yes", heads(text)


def test_values_that_had_been_taken_as_features_were_taken_as_features() -> None:
    # the autoencoder's bottleneck values taken as the deep features of a Cox model, in the past perfect as in the
    # past: the autoencoder is their source, not a network predicting survival (Condition #5 no)
    text = ("Methods\n\nTumours on MRI were delineated manually by a radiation oncologist. Radiomic features were "
            "extracted with PyRadiomics. For the deep features, we trained a 3D convolutional autoencoder (CAE) "
            "without labels to reconstruct the tumour cube. After the training, the decoder was discarded and the 256 "
            "bottleneck values of each patient were taken as the deep features. Both sets of features were entered "
            "into a LASSO Cox regression for overall survival.")
    perfect = text.replace("were taken", "had been taken")
    assert verdicts(perfect) == verdicts(text), (heads(text), heads(perfect))
    assert verdicts(text)[5] == "no", heads(text)


def _joined_otherwise(text: str) -> str:
    """The paragraph with sentences that open 'We', 'A' or 'These' joined to the one before by a semicolon."""
    return re.sub(r"\. (We|A|These) ", lambda m: "; " + m.group(1).lower() + " ", text)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(
        # "we train" at a clause's start after a semicolon trains the detector as at a sentence's start: a detector
        # trained in the study, the readers' boxes its targets (Condition #2 yes, #5 yes)
        "Methods\n\nWe adopt a Cascade R-CNN detector with a Swin-T backbone to localise wrist fractures on "
        "radiographs. Three radiologists annotated fractures with tight bounding boxes in a web tool. These boxes are "
        "used only as training targets. Images are resized so that the longer side is 1333 pixels. We train with "
        "AdamW for 36 epochs with batch size 8.", {1: "yes", 2: "yes", 5: "yes"},
        id="we train at a clause's start"),
    pytest.param(
        # commercial software that segments automatically, a reader correcting some of its masks by hand in the
        # clause after: the software delineates, corrected (Condition #2 no; its method unstated, #5 review)
        "Methods\n\nQuantitative CT analysis was performed with commercially available software (LungScope, "
        "version 2.1; Medvisio). The software automatically segments both lungs and the opacities and reports the "
        "percentage of lung opacity. A chest radiologist reviewed every segmentation and corrected it manually where "
        "needed. The percentage of lung opacity was entered into a Cox model with the clinical variables.",
        {1: "yes", 2: "no", 5: "review"}, id="software corrected by hand in the next clause"),
])
def test_a_clause_after_a_semicolon_starts_as_a_sentence_does(text: str, expected: dict[int, str]) -> None:
    joined = _joined_otherwise(text)
    assert joined != text
    apart, together = verdicts(text), verdicts(joined)
    assert together == apart, (heads(text), heads(joined))
    assert {n: apart[n] for n in expected} == expected, heads(text)
