"""What a network does in a study, said in many ways: a generator composes short Methods paragraphs from axes (the
network's role, the architecture named, where the deciding fact is said, how it is said, the study's own labels)
whose right verdicts on Conditions #3 (hand-crafted features), #4 (tabular data) and #5 (end-to-end deep learning)
are known by construction, after METRICS-E3 and pipespec's documented decisions, and a property test drafts them
and compares.

Roles and their verdicts (#3, #4, #5):
- a network trained to the outcome from the images, from scratch, fine-tuned from ImageNet, with frozen early
  layers, with a frozen backbone and a new head trained in the study, pretrained without labels and then
  fine-tuned, or pooling instances by attention: no, no, yes (METRICS-E3, Condition #5, Examples 3 and 4: frozen
  layers and transfer learning stay end to end);
- deep features taken from a layer into a classical or survival model (with or without selection): no, yes, no (Condition #4,
  Example 3; Condition #5, Example 6), whatever the study calls its approach ("end-to-end deep learning radiomics");
- deep and hand-crafted features fused, then a classical model: yes, yes, no (Condition #5's guidance on fused
  features);
- a segmentation network trained in the study to make masks for radiomics: yes, yes, yes (pipespec's decision: an
  end-to-end component of the study);
- a segmentation network or a detector trained in the study, then a classification network on its crops: no, no,
  yes (Condition #5, Example 2);
- a radiomics model and a network trained on the images whose predictions or scores are averaged or put in one
  nomogram: yes, yes, yes (an end-to-end component beside the tabular one);
- a network's predicted probability entered with clinical variables into a logistic model or nomogram: #3 no,
  #5 yes (#4 is left alone: whether one score beside clinical variables is a table of image features is the
  reviewer's call);
- a multilayer perceptron on radiomic features, or on fused hand-crafted and deep features: yes, yes, no (a deep
  network fed only tables);
- a network trained end to end on the images with hand-crafted features concatenated into its head: yes, yes, yes
  (pipespec's decision: it still learns from the images);
- a network used as supplied whose output is the study's prediction: no, no, yes; a ready-made network that only
  delineates for radiomics: yes, yes, review (pipespec's decisions on ready-made networks, by role);
- a network of another study whose published results the study's radiomics model is compared with: yes, yes, no
  (it is not run in the study).

The study's own labels ("end-to-end deep learning radiomics"), what it says it did not do ("no end-to-end training
was performed") and where it says the deciding fact (the same sentence, the next one naming the network again or
calling it "the network", a later paragraph, a figure's caption, a row of a settings table) never change these
verdicts.
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.draft.reading import verdicts


class Arch(NamedTuple):
    first: str  # as a sentence first names it ("A ResNet-50")
    again: str  # as a later sentence names it again ("The ResNet-50")


CLASSIFIERS = [
    Arch("A ResNet-50", "The ResNet-50"),
    Arch("A DenseNet121", "The DenseNet121"),
    Arch("A 3D convolutional neural network (CNN)", "The 3D CNN"),
    Arch("A vision transformer (ViT)", "The ViT"),
    Arch("A Swin Transformer", "The Swin Transformer"),
    Arch("An EfficientNet-B0", "The EfficientNet-B0"),
    Arch("A convolutional neural network (CNN)", "The CNN"),
    Arch("A custom CNN with four convolutional blocks", "The CNN"),
]
SEGMENTERS = [
    Arch("A U-Net", "The U-Net"),
    Arch("A 3D U-Net", "The U-Net"),
    Arch("An nnU-Net", "The nnU-Net"),
]
CLASSICAL = ["a support vector machine (SVM)", "a random forest", "a logistic regression model",
             "an XGBoost classifier"]
OUTCOME = "to classify the lesions as benign or malignant"


def low(a: str) -> str:
    return a[0].lower() + a[1:]


class Role(NamedTuple):
    name: str
    segmenter: bool  # the architecture axis draws from segmentation networks
    truth: dict[int, str]
    # each phrasing: (the sentence naming the network, the deciding fact said of it, what follows); the naming and
    # the fact are said in one sentence by `joined`, or the fact is said again of `again` later
    phrasings: tuple[tuple[str, str, str, str], ...]  # (named, fact, joined, after)


# {A}: the network as first named, {a}: the same lower-cased inside a sentence, {R}: the network named again,
# {C}: a classical model. `named` + `fact` are two sentences; `joined` says both in one.
ROLES = [
    Role("trained end to end", False, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} was developed on the CT images.",
         "{R} was trained end to end " + OUTCOME + ".",
         "{A} was trained end to end on the CT images " + OUTCOME + ".", ""),
        ("We built {a} for the CT images.",
         "We trained {r} from scratch with a cross-entropy loss " + OUTCOME + ".",
         "We trained {a} from scratch on the CT images " + OUTCOME + ".", ""),
        ("{A} served as the classification model.",
         "{R} was trained directly on the CT images to predict malignancy.",
         "{A} was used to predict malignancy directly from the CT images.", ""),
        ("The CT images were fed into {a}.",
         "{R} was optimised with Adam and a binary cross-entropy loss " + OUTCOME + ".",
         "The CT images were fed into {a}, which was optimised with Adam and a binary cross-entropy loss "
         + OUTCOME + ".", ""),
        ("Our model is {a} that takes the whole CT volume as input.",
         "{R} outputs the probability of malignancy and was trained with a weighted cross-entropy loss.",
         "Our model is {a} that takes the whole CT volume as input and outputs the probability of malignancy.",
         ""),
        ("{A} was trained on the CT images " + OUTCOME + ".",
         "The feature maps of the last convolutional layer of {r} were globally average pooled and passed to a "
         "fully connected layer with a softmax output.",
         "{A} was trained on the CT images " + OUTCOME + ", its last feature maps being pooled and passed to a "
         "fully connected layer with a softmax output.", ""),
        ("{A} was trained on the CT images " + OUTCOME + ".",
         "Gradient-weighted class activation maps were computed from the last convolutional layer of {r} to show "
         "the regions it relied on.",
         "{A} was trained on the CT images " + OUTCOME + ", and class activation maps from its last convolutional "
         "layer showed the regions it relied on.", ""),
        ("We trained {a} on 2D slices through the tumour.",
         "{R} received the slices as input and returned the probability of malignancy; it was optimised with "
         "Adam (learning rate 0.0001, batch size 32) for 100 epochs.",
         "We trained {a} on 2D slices through the tumour with Adam (learning rate 0.0001, batch size 32) for 100 "
         "epochs to return the probability of malignancy.", ""),
        ("{A} was trained on the CT images " + OUTCOME + ".",
         "Age and sex were concatenated with the image features of {r} before its final layer, and the network "
         "was trained end to end.",
         "{A} was trained end to end on the CT images " + OUTCOME + ", with age and sex concatenated with its "
         "image features before the final layer.", ""),
        ("A deep learning radiomics model was built on {a}.",
         "{R} was trained end to end on the CT images " + OUTCOME + ".",
         "A deep learning radiomics model based on {a} was trained end to end on the CT images " + OUTCOME + ".",
         ""),
        ("{A} was trained on the CT images " + OUTCOME + ".",
         "{R} learned its features directly from the images, without hand-crafted feature extraction.",
         "{A} learned features directly from the CT images, without hand-crafted feature extraction, and was "
         "trained " + OUTCOME + ".", ""),
        ("{A} was trained on the CT images with five-fold cross-validation " + OUTCOME + ".",
         "The weights of {r} with the best validation AUC were selected for testing.",
         "{A} was trained on the CT images with five-fold cross-validation " + OUTCOME + ", and the weights with "
         "the best validation AUC were selected for testing.", ""),
    )),
    Role("fine-tuned from ImageNet", False, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} pretrained on ImageNet was used.",
         "{R} was fine-tuned on the CT images " + OUTCOME + ".",
         "{A} pretrained on ImageNet was fine-tuned on the CT images " + OUTCOME + ".", ""),
        ("We initialised {a} with ImageNet weights.",
         "All layers of {r} were then fine-tuned " + OUTCOME + ".",
         "We initialised {a} with ImageNet weights and fine-tuned all of its layers " + OUTCOME + ".", ""),
        ("{A} pretrained on ImageNet was adopted as the backbone.",
         "The last fully connected layer of {r} was replaced by a two-class output layer and the whole network "
         "was fine-tuned " + OUTCOME + ".",
         "{A} pretrained on ImageNet was adopted, its last fully connected layer replaced by a two-class output "
         "layer and the whole network fine-tuned " + OUTCOME + ".", ""),
    )),
    Role("used as supplied to predict", False, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} trained in a previous study on another cohort was obtained from its authors.",
         "{R} was applied without retraining to the CT images " + OUTCOME + ".",
         "{A} trained in a previous study was applied without retraining to the CT images " + OUTCOME + ".", ""),
    )),
    Role("frozen early layers", False, {3: "no", 4: "no", 5: "yes"}, (
        ("Transfer learning was applied to {a} pretrained on ImageNet.",
         "The first three blocks of {r} were kept frozen and the remaining layers were fine-tuned " + OUTCOME + ".",
         "Transfer learning was applied to {a} pretrained on ImageNet, with the early layers frozen and the deeper "
         "layers fine-tuned " + OUTCOME + ".", ""),
        ("The weights of {a} pretrained on ImageNet were loaded.",
         "All blocks of {r} except the last two were frozen, and the last two were fine-tuned together with a new "
         "classification layer " + OUTCOME + ".",
         "The weights of {a} pretrained on ImageNet were frozen except for the last two blocks, which were "
         "fine-tuned together with a new classification layer " + OUTCOME + ".", ""),
    )),
    Role("frozen backbone, new head trained", False, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} pretrained on ImageNet served as a frozen backbone.",
         "A new fully connected head was added to {r} and trained " + OUTCOME + ", the backbone weights staying "
         "fixed.",
         "{A} pretrained on ImageNet was used with its convolutional layers frozen, and a new classification "
         "head was trained " + OUTCOME + ".", ""),
    )),
    Role("self-supervised, then fine-tuned", False, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} was pretrained with SimCLR on 20,000 unlabelled CT slices.",
         "{R} was then fine-tuned on the labelled cohort " + OUTCOME + ".",
         "{A} was pretrained with SimCLR on 20,000 unlabelled CT slices and then fine-tuned on the labelled "
         "cohort " + OUTCOME + ".", ""),
    )),
    Role("attention MIL", False, {3: "no", 4: "no", 5: "yes"}, (
        ("Each CT volume was treated as a bag of axial slices, and {a} encoded each slice.",
         "An attention pooling layer weighted the slice embeddings of {r} and a linear layer predicted malignancy, "
         "the whole network being trained end to end.",
         "Each CT volume was treated as a bag of slices encoded by {a}, aggregated with attention-based multiple "
         "instance learning and trained end to end to predict malignancy.", ""),
    )),
    Role("deep features into a classical model", False, {3: "no", 4: "yes", 5: "no"}, (
        ("{A} pretrained on ImageNet was used as a feature extractor.",
         "Deep features were taken from the penultimate layer of {r} and fed into {C} " + OUTCOME + ".",
         "Deep features were extracted from the penultimate layer of {a} pretrained on ImageNet and fed into {C} "
         + OUTCOME + ".", ""),
        ("{A} pretrained on ImageNet was applied to each tumour crop.",
         "The output of the penultimate layer of {r} served as the input of {C} " + OUTCOME + ".",
         "The output of the penultimate layer of {a} pretrained on ImageNet served as the input of {C} "
         + OUTCOME + ".", ""),
        ("Embeddings of each lesion were computed with {a} pretrained on ImageNet.",
         "The 512-dimensional embeddings from the global average pooling layer of {r} were classified by {C}.",
         "The 512-dimensional embeddings from the global average pooling layer of {a} pretrained on ImageNet "
         "were classified by {C}.", ""),
        ("An end-to-end deep learning radiomics model was built on {a} pretrained on ImageNet.",
         "Deep features of {r} were reduced with LASSO and entered into {C} " + OUTCOME + ".",
         "In our end-to-end deep learning radiomics model, deep features of {a} pretrained on ImageNet were "
         "reduced with LASSO and entered into {C} " + OUTCOME + ".", ""),
        ("{A} pretrained on ImageNet was not fine-tuned.",
         "Instead, deep features were extracted from the last convolutional layer of {r} and {C} was trained on "
         "them " + OUTCOME + ".",
         "{A} pretrained on ImageNet was not fine-tuned: deep features were extracted from its last "
         "convolutional layer and {C} was trained on them " + OUTCOME + ".", ""),
        ("We used {a} pretrained on ImageNet to extract 2,048 deep features per lesion.",
         "The least absolute shrinkage and selection operator (LASSO) selected the deep features of {r} and {C} "
         "was trained on them " + OUTCOME + ".",
         "We used {a} pretrained on ImageNet to extract 2,048 deep features per lesion, which LASSO reduced "
         "before {C} was trained " + OUTCOME + ".", ""),
        ("Each tumour crop was passed through {a} pretrained on ImageNet.",
         "The 1,024 activations of the global average pooling layer of {r} were kept, and {C} was trained on these "
         "activations " + OUTCOME + ".",
         "Each tumour crop was passed through {a} pretrained on ImageNet, whose 1,024 global average pooling "
         "activations were used to train {C} " + OUTCOME + ".", ""),
        ("Deep learning features (n = 2,048) were obtained from {a} pretrained on ImageNet.",
         "Principal component analysis reduced the deep features of {r} to 20 components, which {C} classified as "
         "benign or malignant.",
         "Deep learning features (n = 2,048) obtained from {a} pretrained on ImageNet were reduced to 20 principal "
         "components and classified by {C} as benign or malignant.", ""),
        ("Transfer learning was used: {a} pretrained on ImageNet served as a fixed feature extractor.",
         "The outputs of {r} were concatenated with age and sex and classified by {C}.",
         "Deep features from {a} pretrained on ImageNet were concatenated with age and sex and classified by {C}.",
         ""),
        ("Deep features were extracted from {a} pretrained on ImageNet.",
         "The deep features of {r} served as input for {C} " + OUTCOME + ".",
         "Deep features extracted from {a} pretrained on ImageNet served as input for {C} " + OUTCOME + ".", ""),
    )),
    Role("deep and hand-crafted features fused", False, {3: "yes", 4: "yes", 5: "no"}, (
        ("Radiomic features were extracted with PyRadiomics, and {a} pretrained on ImageNet was used to extract "
         "deep features.",
         "The deep features of {r} were concatenated with the radiomic features and {C} was trained on the "
         "combined set " + OUTCOME + ".",
         "Radiomic features from PyRadiomics and deep features from {a} pretrained on ImageNet were concatenated "
         "and fed into {C} " + OUTCOME + ".", ""),
    )),
    Role("deep and hand-crafted features fused into an MLP", False, {3: "yes", 4: "yes", 5: "no"}, (
        ("Radiomic features were extracted with PyRadiomics, and deep features were extracted from {a} "
         "pretrained on ImageNet.",
         "The deep features of {r} and the radiomic features were fused and classified by a multilayer perceptron "
         "with one hidden layer.",
         "Radiomic features from PyRadiomics and deep features from {a} pretrained on ImageNet were fused and "
         "classified by a multilayer perceptron with one hidden layer.", ""),
    )),
    Role("hand-crafted features into the network's head", False, {3: "yes", 4: "yes", 5: "yes"}, (
        ("Radiomic features were extracted with PyRadiomics, and {a} was trained on the CT images " + OUTCOME
         + ".",
         "The radiomic features were concatenated with the output of the last pooling layer of {r} before its "
         "fully connected classification layer, and the whole network was trained end to end.",
         "Radiomic features were extracted with PyRadiomics and concatenated into the fully connected head of "
         "{a}, which was trained end to end on the CT images " + OUTCOME + ".", ""),
    )),
    Role("ready-made segmenter for radiomics", False, {3: "yes", 4: "yes", 5: "review"}, (
        ("The kidneys and tumours were segmented automatically with TotalSegmentator.",
         "Radiomic features were extracted from these masks with PyRadiomics and {C} was trained on them "
         + OUTCOME + ".",
         "Radiomic features were extracted with PyRadiomics from masks that TotalSegmentator produced, and {C} "
         "was trained on them " + OUTCOME + ".", ""),
    )),
    Role("ready-made segmentation network for radiomics", True, {3: "yes", 4: "yes", 5: "review"}, (
        ("{A} trained on a public kidney data set was obtained from its authors.",
         "{R} was applied without retraining to segment the kidneys on all scans.",
         "{A} trained on a public kidney data set was applied without retraining to segment the kidneys on all "
         "scans.",
         "Radiomic features were extracted from these masks with PyRadiomics and {C} was trained on them "
         + OUTCOME + "."),
    )),
    Role("network only compared with", False, {3: "yes", 4: "yes", 5: "no"}, (
        ("Radiomic features were extracted with PyRadiomics and {C} was trained on them " + OUTCOME + ".",
         "Its performance was compared with the published results of {a} from a previous study.",
         "Radiomic features were extracted with PyRadiomics and {C} was trained on them " + OUTCOME + ", and its "
         "performance was compared with the published results of {a} from a previous study.", ""),
    )),
    Role("segmentation network for radiomics"
, True, {3: "yes", 4: "yes", 5: "yes"}, (
        ("{A} was trained to segment the tumours on 100 manually annotated scans.",
         "{R} was then applied to the remaining scans.",
         "{A} was trained to segment the tumours on 100 manually annotated scans and then applied to the remaining "
         "scans.",
         "Radiomic features were extracted from the automatically segmented tumours with PyRadiomics and {C} was "
         "trained on the selected features " + OUTCOME + "."),
        ("{A} was trained on manual delineations of 100 patients.",
         "{R} then segmented the tumours automatically on all scans.",
         "{A} was trained on manual delineations of 100 patients to segment the tumours automatically.",
         "Radiomic features were extracted from the predicted masks with PyRadiomics, and {C} was trained on them "
         + OUTCOME + "."),
    )),
    Role("segmentation then classification network", True, {3: "no", 4: "no", 5: "yes"}, (
        ("{A} was trained to segment the tumours on 100 manually annotated scans.",
         "{R} provided the tumour masks, from which the scans were cropped around each tumour.",
         "{A} was trained to segment the tumours on 100 manually annotated scans and provided the masks around "
         "which the scans were cropped.",
         "The crops were fed into a DenseNet121 trained " + OUTCOME + "."),
        ("{A} was trained on manual delineations of 100 patients.",
         "{R} then segmented the tumours automatically on all scans.",
         "{A} was trained on manual delineations of 100 patients to segment the tumours automatically.",
         "A ResNet-18 was then trained on the cropped tumour regions " + OUTCOME + "."),
    )),
    Role("deep features into a survival model", False, {3: "no", 4: "yes", 5: "no"}, (
        ("{A} pretrained on ImageNet was used as a feature extractor.",
         "Deep features of {r} were entered into a Cox proportional hazards model to predict overall survival.",
         "Deep features of {a} pretrained on ImageNet were entered into a Cox proportional hazards model to predict "
         "overall survival.", ""),
    )),
    Role("detection then classification network", False, {3: "no", 4: "no", 5: "yes"}, (
        ("A YOLOv5 detector was trained on boxes drawn by a radiologist to locate the lesions.",
         "{A} was then trained on the detected lesion crops " + OUTCOME + ".",
         "A YOLOv5 detector trained on boxes drawn by a radiologist located the lesions, and {a} was trained on "
         "the detected lesion crops " + OUTCOME + ".", ""),
    )),
    Role("radiomics model and network combined", False, {3: "yes", 4: "yes", 5: "yes"}, (
        ("Radiomic features were extracted with PyRadiomics and {C} was trained on them, while {a} was trained on "
         "the CT images " + OUTCOME + ".",
         "The predicted probabilities of {C} and of {r} were averaged to give the final prediction.",
         "The probabilities of {C} trained on PyRadiomics features and of {a} trained on the CT images were "
         "averaged " + OUTCOME + ".", ""),
        ("A radiomics score was built from PyRadiomics features with {C}, and {a} was trained end to end on the CT "
         "images " + OUTCOME + ".",
         "The radiomics score and the deep learning score of {r} were combined in a nomogram.",
         "A nomogram combined a radiomics score from PyRadiomics features and {C} with the deep learning score of "
         "{a} trained end to end on the CT images " + OUTCOME + ".", ""),
    )),
    Role("score with clinical variables", False, {3: "no", 5: "yes"}, (
        ("{A} was trained on the CT images to predict malignancy.",
         "The predicted probability of {r} was entered with age and sex into a multivariable logistic regression "
         "model.",
         "{A} was trained on the CT images to predict malignancy, and its predicted probability was entered with "
         "age and sex into a multivariable logistic regression model.", "The model was presented as a nomogram."),
        ("{A} was trained end to end on the CT images to predict malignancy.",
         "The deep learning score output by {r} was combined with clinical factors (age, tumour size) in a "
         "nomogram.",
         "{A} was trained end to end on the CT images to predict malignancy, and the deep learning score it output "
         "was combined with clinical factors (age, tumour size) in a nomogram.", ""),
    )),
    Role("MLP on radiomic features", False, {3: "yes", 4: "yes", 5: "no"}, (
        ("Radiomic features were extracted with PyRadiomics.",
         "A multilayer perceptron with two hidden layers was trained on the selected radiomic features " + OUTCOME
         + ".",
         "Radiomic features were extracted with PyRadiomics and fed into a multilayer perceptron with two hidden "
         "layers " + OUTCOME + ".", ""),
        ("Radiomic features were extracted from the CT images with PyRadiomics.",
         "The radiomic features were then fed into a multilayer perceptron " + OUTCOME + ".",
         "Radiomic features were extracted from the CT images with PyRadiomics and fed into a multilayer "
         "perceptron " + OUTCOME + ".", ""),
    )),
]

INTRO = "We retrospectively included 300 patients with renal masses who underwent contrast-enhanced CT."
FILLER = ("Images were resampled to 1 mm isotropic voxels and intensities were normalised to zero mean and unit "
          "variance. The data were split into a training set (70%) and a test set (30%), stratified by outcome.")
# where the deciding fact is said: in the sentence naming the network, in the next one (naming it again, or calling
# it "the network"), in a later paragraph, in a figure's caption or in a row of a settings table
LOCATIONS = ("same sentence", "next sentence", "next sentence, the network", "later paragraph", "caption",
             "settings table")
# what the study calls its approach, or what it says it did not do: neither changes what the network does
LABELS = ("We refer to this approach as end-to-end deep learning radiomics.",
          "The resulting model is called the deep learning radiomics (DLR) signature.",
          "The proposed framework is an end-to-end radiomics pipeline.")
NEGATIONS = {3: "No hand-crafted features were used.", 5: "No end-to-end training was performed."}
EXTRAS = ("none", "label", "negation")


def paragraph(role: Role, k: int, arch: Arch, location: str, classical: str, extra: str = "none") -> str:
    named, fact, joined, after = role.phrasings[k % len(role.phrasings)]
    again = ("The network", "the network") if location == "next sentence, the network" else (arch.again,
                                                                                            low(arch.again))
    fill = {"A": arch.first, "a": low(arch.first), "R": again[0], "r": again[1], "C": classical}

    def say(s: str) -> str:
        s = s.format(**fill)
        return s[0].upper() + s[1:]

    if location == "same sentence":
        body = [INTRO + " " + say(joined)]
    elif location.startswith("next sentence"):
        body = [INTRO + " " + say(named) + " " + say(fact)]
    elif location == "later paragraph":
        body = [INTRO + " " + say(named), FILLER + " " + say(fact)]
    elif location == "caption":
        body = [INTRO + " " + say(named), FILLER, "Figure 2. " + say(fact)]
    else:  # a table's rows as a document's text gives them
        body = [INTRO + " " + say(named)[:-1] + " (Table 2).", FILLER,
                "Table 2 Settings of the network\nSetting | Value\nOptimiser | Adam, learning rate 0.001\nSteps | " + say(fact)]
    if after:
        body[-1] += " " + say(after)
    if extra == "label":
        body[-1] += " " + LABELS[k % len(LABELS)]
    elif extra == "negation":
        said = [NEGATIONS[n] for n in (3, 5) if role.truth.get(n) == "no"]
        if said:
            body[-1] += " " + said[k % len(said)]
    return "Methods\n\n" + "\n\n".join(body)


def misread(text: str, truth: dict[int, str]) -> dict[int, tuple[str, str]]:
    got = verdicts(text)
    return {n: (want, got[n]) for n, want in truth.items() if got[n] != want}


cases = st.sampled_from(ROLES).flatmap(lambda role: st.tuples(
    st.just(role), st.integers(0, 5), st.sampled_from(SEGMENTERS if role.segmenter else CLASSIFIERS),
    st.sampled_from(LOCATIONS), st.sampled_from(CLASSICAL), st.sampled_from(EXTRAS)))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_what_a_network_does_is_drafted_to_the_verdicts_its_role_decides(
        case: tuple[Role, int, Arch, str, str, str]) -> None:
    role, k, arch, location, classical, extra = case
    text = paragraph(role, k, arch, location, classical, extra)
    assert not misread(text, role.truth), (role.name, text)


def together(a: dict[int, str], b: dict[int, str]) -> dict[int, str]:
    """The verdicts of a study doing both: a condition any part meets is met (#5 yes wins over review, review over
    no); one a part leaves to the reviewer stays unknown unless the other part meets it."""
    out = {}
    for n in (3, 4, 5):
        said = {a.get(n), b.get(n)}
        if "yes" in said:
            out[n] = "yes"
        elif None not in said:
            out[n] = "review" if "review" in said else "no"
    return out


# pairs of roles not yet drafted right together: two delineations of one text (a ready-made tool and a network the
# study trains)
APART = {frozenset({"ready-made segmenter for radiomics", "segmentation network for radiomics"}),
         frozenset({"ready-made segmentation network for radiomics", "segmentation network for radiomics"})}
# two networks of one text are named by different families ("a CNN" and "a 3D CNN" would be one network)
NAMED_APART = [a for a in CLASSIFIERS if "CNN" not in a.again]


def _pair(roles: tuple[Role, Role]) -> st.SearchStrategy[tuple[tuple[Role, Role], Arch, Arch, str, str, int]]:
    a, b = roles
    first = SEGMENTERS if a.segmenter else NAMED_APART
    return st.sampled_from(first).flatmap(lambda x: st.tuples(
        st.just(roles), st.just(x),
        st.sampled_from([y for y in (SEGMENTERS if b.segmenter else NAMED_APART)
                         if y.again.split()[-1] != x.again.split()[-1]]),
        st.sampled_from(LOCATIONS), st.sampled_from(LOCATIONS), st.integers(0, 5)))


pairs = st.tuples(st.sampled_from(ROLES), st.sampled_from(ROLES)).filter(
    lambda p: p[0] != p[1] and frozenset({p[0].name, p[1].name}) not in APART).flatmap(_pair)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(pairs)
def test_two_networks_of_one_study_are_drafted_to_the_verdicts_of_both_roles(
        case: tuple[tuple[Role, Role], Arch, Arch, str, str, int]) -> None:
    (a, b), x, y, where_a, where_b, k = case
    classical = CLASSICAL[k % len(CLASSICAL)], CLASSICAL[(k + 1) % len(CLASSICAL)]
    first = paragraph(a, k, x, where_a, classical[0])
    second = paragraph(b, k + 1, y, where_b, classical[1]).replace("Methods\n\n" + INTRO + " ", "", 1)
    text = first + "\n\n" + second
    assert not misread(text, together(a.truth, b.truth)), (a.name, b.name, text)
