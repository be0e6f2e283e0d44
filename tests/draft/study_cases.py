"""Whole Methods sections composed from one to four components of a study, laid out as real papers lay them out, each
with the verdicts on the five conditions its components decide by construction.

A component is a paragraph (in two or three phrasings) whose reading is known: what it delineates, whether it
extracts hand-crafted features, makes a table of image features, or has a deep network learn from the images (after
METRICS-E3's guidance on Conditions #4 and #5 and pipespec's documented decisions). A study's verdict on a condition
is composed from its components:

- #1 is yes when some component delineates: one that uses the study's regions of interest (the readers' or a
  network's delineation) or one that delineates by itself (a segmentation network the study trains, a ready-made
  segmentation tool);
- #2 is yes when #1 is yes and every delineation is automated with no person correcting it (D201): a manual or
  semi-automated delineation anywhere in the study makes it no;
- #3, #4 and #5 are yes when some component makes them yes (METRICS-E3, Condition #5: the presence of any end-to-end
  component, a modular system included); otherwise review when some component leaves them to the reviewer (only
  #5, only the ready-made segmentation tool, D503), else no.

The components and what each makes yes:
- hand-crafted radiomics with a classical model (a Rad-score from LASSO, or a random forest's probability): #1 (its
  ROIs), #3, #4;
- a clinical-only model (logistic regression on clinical variables): nothing (clinical variables are no table of
  image features, D401);
- a network trained end to end on the images (whole slices, or crops to the ROIs: then #1): #5 (Condition #5,
  Examples 3 and 4);
- deep features taken from a pretrained network into a classical model ("deep learning radiomics"): #4 (Condition
  #4, Example 3; Condition #5, Example 6), and #1 when it reads crops to the ROIs;
- hand-crafted and deep features fused into a classical model: #1, #3, #4 (Condition #5's advice on fused models);
- a multilayer perceptron on the radiomic features: #1, #3, #4 (a deep network fed only tables, D502);
- a segmentation network trained in the study, then a classification network on its crops: #1, #2 (its own
  delineation is automated), #5 (Condition #5, Example 2);
- a segmentation network trained in the study only to make masks for radiomics: #1, #2, #3, #4, #5 (pipespec's
  decision: a network the study trains is an end-to-end component whatever its output feeds);
- a ready-made segmentation tool (TotalSegmentator, used as supplied) making masks for radiomics: #1, #2, #3, #4, and
  #5 review (pipespec's decision on a ready-made network that only delineates);
- a commercial AI product used as supplied whose output is the study's prediction: #5 (pipespec's decision on a
  ready-made network by role);
- a published model whose reported results are only compared with: nothing (it is not run in the study).

The study's delineation, when a component uses its regions: manual, or semi-automated with a person correcting it
(#2 no), or a segmentation network the study trains (automated, #2 yes, and #5 yes). A nomogram combining the
Rad-score or the deep-learning-radiomics score with the clinical factors, a paragraph of implementation settings and
the final comparison of the models change nothing.

The layout axes, none of which may change a verdict: the order of the components; one delineation paragraph shared
by the components that use it, or a delineation sentence in each; subsection headings (numbered with or without a
full stop, Markdown, bold, in capitals, run-in labels, none); abbreviations defined in one component ("region of
interest (ROI)", "convolutional neural network (CNN)", "deep learning radiomics (DLR)", "radiomics score (Rad-score)",
"multilayer perceptron (MLP)") and used alone in the implementation settings, the nomogram and the comparison; a
component's deciding fact moved to a settings table or a figure's caption; a sentence in the Methods on what earlier
studies did; an Introduction and a Discussion naming methods the study did not use.

A case is built by a ``pick`` function that chooses one item of a sequence (hypothesis's ``data.draw`` in the property
test, a seeded random choice when exploring).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")
Pick = Callable[[Sequence[T]], T]


class Study(NamedTuple):
    text: str
    truth: dict[int, str]
    axes: tuple[str, ...]


class Ctx(NamedTuple):
    k: int  # which phrasing of the component
    roi: str  # how a component names the study's regions of interest
    short: bool  # later parts use the abbreviations alone
    where: str  # where this component's deciding fact is said: "text", "table", "caption"
    table: int  # the number of the table or figure it may use
    delineation: str  # the delineation sentence a component opens with ("" when shared or not used)


class Component(NamedTuple):
    key: str
    heading: str
    uses_roi: bool  # it reads the study's regions of interest
    yes: frozenset[int]  # the conditions among #3-#5 it makes yes
    automated: bool  # it delineates by itself, automatically (a segmentation network or a ready-made tool)
    phrasings: int  # how many phrasings its body has
    name: Callable[[bool], str]  # how the final comparison names it (abbreviation alone or not)
    body: Callable[[Ctx], list[str]]  # its paragraphs
    review: frozenset[int] = frozenset()  # the conditions it leaves to the reviewer


OUTCOME = "to classify the renal masses as benign or malignant"


def _radiomics(c: Ctx) -> list[str]:
    select = ("Features with an intraclass correlation coefficient below 0.75 were removed, and the least absolute "
              "shrinkage and selection operator (LASSO) logistic regression selected 12 features in the training "
              "cohort, whose weighted sum gave a radiomics score (Rad-score) for each patient.")
    if c.where == "table":
        return [c.delineation + f"Radiomic features were extracted from {c.roi} with the settings listed in Table "
                f"{c.table}. " + select,
                f"Table {c.table}. Radiomics settings\nSetting | Value\nSoftware | PyRadiomics 3.0.1\nFeature classes | "
                "first-order, shape, GLCM, GLRLM, GLSZM\nBin width | 25 HU\nResampling | 1 mm isotropic"]
    if c.where == "caption":
        return [c.delineation + f"The radiomics workflow is shown in Fig. {c.table}. " + select,
                f"Figure {c.table}. Radiomics workflow: first-order, shape and texture features were extracted from "
                f"{c.roi} with PyRadiomics, and LASSO selected the features of the Rad-score."]
    if c.k == 1:
        return [c.delineation + f"A total of 1,218 radiomic features were computed from {c.roi} using the PyRadiomics "
                "package (version 3.0.1), following the IBSI. After z-score normalisation, the features were reduced "
                "with mRMR and LASSO in the training cohort, and a radiomics score (Rad-score) was calculated for each "
                "patient from the 9 retained features and their coefficients."]
    if c.k == 2:
        return [c.delineation + f"We extracted shape, first-order and texture features from {c.roi} with "
                "PyRadiomics. Redundant features (Pearson r > 0.9) were removed, and a random forest was trained on "
                f"the remaining features {OUTCOME}; its predicted probability served as the radiomics score "
                "(Rad-score)."]
    return [c.delineation + f"Radiomic features (first-order, shape and texture) were extracted from {c.roi} with "
            "PyRadiomics 3.0.1 after resampling to 1 mm isotropic voxels. " + select]


def _clinical(c: Ctx) -> list[str]:
    if c.k == 1:
        return ["A clinical model was built with multivariable logistic regression of age, sex, tumour size and "
                "haematuria, the variables retained by backward stepwise selection on the Akaike information "
                "criterion."]
    return ["Age, sex, tumour size and haematuria were tested in univariable logistic regression, and those with "
            "P < 0.05 entered a multivariable logistic regression that formed the clinical model."]


def _end_to_end(crops: bool) -> Callable[[Ctx], list[str]]:
    def body(c: Ctx) -> list[str]:
        images = f"the CT images cropped to {c.roi}" if crops else "the whole axial CT slices"
        opening = c.delineation if crops else ""
        if c.where == "table":
            return [opening + "A convolutional neural network (CNN) with four convolutional blocks and a fully "
                    f"connected layer took {images} as input and output the probability of malignancy; its training "
                    f"settings are listed in Table {c.table}.",
                    f"Table {c.table}. Training of the CNN\nSetting | Value\nInitialisation | random, trained from "
                    "scratch end to end\nLoss | binary cross-entropy\nOptimiser | Adam, learning rate 0.0001, 100 "
                    "epochs\nAugmentation | random flips and rotations"]
        if c.where == "caption":
            return [opening + "A convolutional neural network (CNN) was developed on the CT images (Fig. "
                    f"{c.table}).",
                    f"Figure {c.table}. Architecture of the CNN: four convolutional blocks and a fully connected "
                    f"layer, trained from scratch end to end on {images} to output the probability of malignancy."]
        if c.k == 1:
            return [opening + "We developed a convolutional neural network (CNN) based on ResNet-18, initialised "
                    f"with ImageNet weights and fine-tuned on {images} {OUTCOME}."]
        if c.k == 2:
            return [opening + f"{_cap(images)} were fed into a convolutional neural network (CNN) with five "
                    "convolutional layers, batch normalisation and max pooling, followed by two fully connected "
                    "layers; the CNN was trained with a cross-entropy loss to output the probability of malignancy."]
        return [opening + "A convolutional neural network (CNN) with four convolutional blocks was trained from "
                f"scratch on {images} {OUTCOME}, with a binary cross-entropy loss and the Adam optimiser for 100 "
                "epochs."]
    return body


def _deep_features(crops: bool) -> Callable[[Ctx], list[str]]:
    def body(c: Ctx) -> list[str]:
        images = f"the CT images cropped to {c.roi}" if crops else "the whole axial CT slices"
        opening = c.delineation if crops else ""
        if c.where == "table":
            return [opening + f"A deep learning radiomics (DLR) model was built from {images} (Table {c.table}).",
                    f"Table {c.table}. DLR model\nSetting | Value\nFeature extractor | ResNet-50 pretrained on "
                    "ImageNet, weights frozen\nDeep features | 2,048 from the global average pooling layer\n"
                    "Selection | LASSO, 10 deep features kept\nClassifier | random forest on the selected deep "
                    "features"]
        if c.where == "caption":
            return [opening + f"A deep learning radiomics (DLR) model was built from {images} (Fig. {c.table}).",
                    f"Figure {c.table}. DLR model: a ResNet-50 pretrained on ImageNet, its weights frozen, gave "
                    "2,048 deep features at its global average pooling layer; LASSO kept 10 of them and a random "
                    "forest was trained on them."]
        if c.k == 1:
            return [opening + "Deep learning radiomics (DLR) features were extracted from " + images + " with a "
                    "DenseNet-121 pretrained on ImageNet: the 1,024 outputs of its last pooling layer were used as "
                    "features. After LASSO selection, a support vector machine (SVM) was trained on the DLR features "
                    f"{OUTCOME}."]
        return [opening + f"For the deep learning radiomics (DLR) model, {images} were passed through a ResNet-50 "
                "pretrained on ImageNet with its weights frozen, and 2,048 deep features were taken from its global "
                "average pooling layer. LASSO kept 10 deep features, and a random forest was trained on them "
                f"{OUTCOME}."]
    return body


def _fused(c: Ctx) -> list[str]:
    if c.k == 1:
        return [c.delineation + "Hand-crafted radiomic features from PyRadiomics and deep features from the "
                f"penultimate layer of a VGG16 pretrained on ImageNet were computed for {c.roi}; after "
                "concatenation and LASSO selection, an XGBoost classifier was trained on the combined feature set "
                f"{OUTCOME}."]
    return [c.delineation + "For the fusion model, hand-crafted radiomic features were extracted from "
            f"{c.roi} with PyRadiomics, and deep features were extracted from the same regions with a VGG16 "
            "pretrained on ImageNet. The hand-crafted and deep features were concatenated, and a logistic regression "
            f"on the fused features was trained {OUTCOME}."]


def _mlp(c: Ctx) -> list[str]:
    return [c.delineation + f"Radiomic features were extracted from {c.roi} with PyRadiomics, and a multilayer "
            f"perceptron (MLP) with two hidden layers was trained on the selected radiomic features {OUTCOME}."]


def _two_stage(c: Ctx) -> list[str]:
    if c.where == "table":
        return ["A 3D U-Net was trained on manual contours of 80 separate patients to segment the renal masses "
                "automatically. The CT images were cropped around each predicted mask, and an EfficientNet-B0 "
                f"classified the crops (Table {c.table}).",
                f"Table {c.table}. Classification network\nSetting | Value\nNetwork | EfficientNet-B0\nTraining | "
                "on the crops, end to end, to classify benign versus malignant masses\nOptimiser | SGD, 60 epochs"]
    if c.k == 1:
        return ["Segmentation and classification were done in two stages. First, a 3D U-Net, trained in this study "
                "on manual contours of 80 separate patients, segmented each renal mass automatically. Second, a "
                "64 x 64 x 64 voxel patch around the predicted mask was classified as benign or malignant by an "
                "EfficientNet-B0 trained end to end on the patches."]
    return ["A 3D U-Net was trained on manual contours of 80 separate patients to segment the renal masses "
            "automatically, and its masks were used without correction. The CT images were cropped around each "
            f"predicted mask, and an EfficientNet-B0 was trained on the crops {OUTCOME}."]


def _segmenter(c: Ctx) -> list[str]:
    if c.k == 1:
        return ["To avoid manual delineation, an nnU-Net was trained on 100 manually annotated scans of a separate "
                "cohort; it then segmented the renal masses of the study automatically, and radiomic features were "
                "extracted from these automatic masks with PyRadiomics before an XGBoost classifier was trained on "
                f"them {OUTCOME}."]
    return ["An nnU-Net was trained on 100 manually annotated scans of a separate cohort and then segmented the renal "
            "masses of all study scans automatically, without manual correction. Radiomic features were extracted "
            "from the predicted masks with PyRadiomics, and an XGBoost classifier was trained on them "
            f"{OUTCOME}."]


def _ready_made(c: Ctx) -> list[str]:
    return ["The kidneys and renal masses were also segmented automatically with TotalSegmentator, used as supplied. "
            "Radiomic features were extracted from these automatic masks with PyRadiomics, and a logistic regression "
            f"was trained on them {OUTCOME}."]


def _commercial(c: Ctx) -> list[str]:
    if c.k == 1:
        return ["All CT examinations were also analysed with a commercially available deep learning product "
                "(RenalVision, MedAI Inc.) in its released version, which outputs a malignancy probability for each "
                "mass; its output was used as supplied."]
    return ["A commercially available AI software (RenalVision, MedAI Inc.) was applied as supplied, without "
            "retraining, to the CT images and gave a malignancy probability for each mass."]


def _comparator(c: Ctx) -> list[str]:
    if c.k == 1:
        return ["For comparison, we report the results published for a deep learning model that Li et al. (2021) "
                "trained on an external cohort; that model was not applied to our data."]
    return ["The performance of our models was compared with the results reported for a previously published deep "
            "learning model for renal masses (Li et al., 2021); that model was not retrained or run on our data."]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


COMPONENTS = [
    Component("radiomics", "Radiomics model", True, frozenset({3, 4}), False, 3,
              lambda s: "the Rad-score" if s else "the radiomics model", _radiomics),
    Component("clinical", "Clinical model", False, frozenset(), False, 2, lambda s: "the clinical model", _clinical),
    Component("end-to-end", "Deep learning model", False, frozenset({5}), False, 3,
              lambda s: "the CNN" if s else "the deep learning model", _end_to_end(False)),
    Component("end-to-end on crops", "Deep learning model", True, frozenset({5}), False, 3,
              lambda s: "the CNN" if s else "the deep learning model", _end_to_end(True)),
    Component("deep features", "Deep learning radiomics", False, frozenset({4}), False, 2,
              lambda s: "the DLR model" if s else "the deep learning radiomics model", _deep_features(False)),
    Component("deep features on crops", "Deep learning radiomics", True, frozenset({4}), False, 2,
              lambda s: "the DLR model" if s else "the deep learning radiomics model", _deep_features(True)),
    Component("fused", "Fusion model", True, frozenset({3, 4}), False, 2, lambda s: "the fusion model", _fused),
    Component("MLP on radiomics", "Neural network on radiomic features", True, frozenset({3, 4}), False, 1,
              lambda s: "the MLP" if s else "the multilayer perceptron", _mlp),
    Component("two-stage", "Segmentation and classification networks", False, frozenset({5}), True, 2,
              lambda s: "the two-stage network", _two_stage),
    Component("segmenter for radiomics", "Automated segmentation and radiomics", False, frozenset({3, 4, 5}), True,
              2, lambda s: "the automated radiomics model", _segmenter),
    Component("ready-made segmenter", "Radiomics on automatic masks", False, frozenset({3, 4}), True, 1,
              lambda s: "the TotalSegmentator radiomics model", _ready_made, frozenset({5})),
    Component("commercial", "Commercial software", False, frozenset({5}), False, 2,
              lambda s: "the commercial software", _commercial),
    Component("comparator", "Comparison with a published model", False, frozenset(), False, 2,
              lambda s: "", _comparator),
]
# components that run a model of the study on the images (a study is at least one of these)
IMAGING = [c for c in COMPONENTS if c.key not in ("clinical", "comparator")]

# the study's readers' delineation: (the sentence, automated, makes #5 yes), {roi} its regions as named after
DELINEATIONS = [
    ("Each renal mass was delineated manually slice by slice by a radiologist with 10 years of experience using "
     "ITK-SNAP, giving a {roi_def} for each patient.", "manual", False, False),
    ("The renal masses were segmented semi-automatically in 3D Slicer, and a radiologist corrected every contour by "
     "hand, giving a {roi_def} for each patient.", "semi", False, False),
    ("The renal masses were segmented automatically by a 3D U-Net trained in this study on manual contours of 60 "
     "separate patients, and its masks, used without any manual correction, gave a {roi_def} for each patient.",
     "network", True, True),
]

INTRODUCTION = ("Radiomics extracts hand-crafted features such as GLCM texture from delineated tumours with tools like "
                "PyRadiomics, and deep learning models such as convolutional neural networks, vision transformers "
                "and nnU-Net segmentation networks learn from the images end to end [1-3]. Deep features taken from "
                "a pretrained ResNet and fed to a support vector machine have also been proposed [4].")
DISCUSSION = ("Future work could train a vision transformer end to end on the whole CT volume, or segment the masses "
              "automatically with TotalSegmentator instead of by hand, and deep features from a pretrained "
              "DenseNet could be fused with radiomic features in a gradient boosting model.")
PATIENTS = ("This retrospective study included 412 patients with solid renal masses who underwent contrast-enhanced "
            "CT at two centres; they were split into a training cohort (n = 288) and a test cohort (n = 124).")


BACKGROUND = ("Earlier studies of renal masses trained convolutional neural networks end to end on whole CT volumes or "
              "extracted radiomic features from TotalSegmentator masks [5, 6].")
# settings said of each component again in a paragraph of their own, by its abbreviation or its name
IMPLEMENTATION = {
    "radiomics": ("The Rad-score", "The radiomics score", " was computed in the training cohort and applied unchanged "
                  "to the test cohort."),
    "end-to-end": ("The CNN", "The deep learning model", " was trained for 100 epochs with a batch size of 16 and "
                   "early stopping on the validation loss."),
    "deep features": ("The DLR features", "The deep learning radiomics features", " were standardised to zero mean "
                      "and unit variance before selection."),
    "MLP on radiomics": ("The MLP", "The multilayer perceptron", " used ReLU activations and dropout of 0.3."),
}


def _heading(style: str, number: str, title: str, paragraphs: list[str]) -> list[str]:
    """A subsection's paragraphs under its heading in the given style."""
    if style == "numbered":
        return [f"{number} {title}\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "numbered-dot":
        return [f"{number}. {title}\n\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "markdown":
        return [f"### {title}\n\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "bold":
        return [f"**{title}**\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "capitals":
        return [f"{title.upper()}\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "run-in":
        return [f"{title}. {paragraphs[0]}", *paragraphs[1:]]
    return paragraphs


def compose(pick: Pick) -> Study:
    """One study's Methods (within a paper, or alone) and its verdicts by construction."""
    n = pick([1, 2, 2, 3, 3, 4])
    pool = [pick(IMAGING)]
    while len(pool) < n:
        c = pick(COMPONENTS)
        if c.key not in {x.key for x in pool} and c.heading not in {x.heading for x in pool}:
            pool.append(c)
    chosen = []
    while pool:  # the order the Methods describe them in
        chosen.append(pool.pop(pick(range(len(pool)))))
    uses_roi = any(c.uses_roi for c in chosen)
    sentence, mode, automated, trained = pick(DELINEATIONS)
    if trained and any(c.automated for c in chosen):  # one segmentation network the study trains is enough
        sentence, mode, automated, trained = DELINEATIONS[0]
    if not uses_roi:
        mode = "-"
    shared = pick([True, False]) if uses_roi else False
    short = pick([True, False])
    style = pick(["numbered", "numbered-dot", "markdown", "bold", "capitals", "run-in", "none"])
    paper = pick([False, True])
    background = pick([False, True])
    settings = pick([False, True])
    moved = pick(["none", *[c.key for c in chosen]])
    where = pick(["table", "caption"]) if moved != "none" else "text"
    phrasing = {c.key: pick(range(c.phrasings)) for c in chosen}
    roi_def = "region of interest (ROI)"
    roi = "the ROIs" if short else "the delineated masses"
    axes = [f"components={'+'.join(f'{c.key}#{phrasing[c.key]}' for c in chosen)}", f"delineation={mode}",
            f"shared={shared}", f"short={short}", f"headings={style}", f"paper={paper}", f"background={background}",
            f"settings={settings}", f"moved={moved}:{where}"]

    # the verdicts by construction
    yes = set().union(*(c.yes for c in chosen))
    review = set().union(*(c.review for c in chosen))
    delineations = [c.automated for c in chosen if c.automated]
    if uses_roi:
        delineations.append(automated)
        if trained:
            yes.add(5)
    truth = {1: "yes" if delineations else "no",
             2: "yes" if delineations and all(delineations) else "no"}
    truth.update({k: "yes" if k in yes else "review" if k in review else "no" for k in (3, 4, 5)})

    top = "2" if style.startswith("numbered") else ""
    k = 1  # subsection number
    body: list[str] = []

    def sub(title: str, paragraphs: list[str]) -> None:
        nonlocal k
        body.extend(_heading(style, f"{top}.{k}", title, paragraphs))
        k += 1

    sub("Patients", [PATIENTS + (" " + BACKGROUND if background else "")])
    defined = False
    if shared:
        sub("Segmentation", [sentence.format(roi_def=roi_def) + " The same regions were used by every model that "
                             "follows."])
        defined = True
    table = 1
    for c in chosen:
        opening = ""
        if c.uses_roi and not shared:
            opening = sentence.format(roi_def=roi_def if not defined else "region") + " "
            defined = True
        ctx = Ctx(phrasing[c.key], roi if defined else "the delineated masses", short,
                  where if c.key == moved else "text", table, opening)
        if ctx.where != "text":
            table += 1
        sub(c.heading, c.body(ctx))
    if settings:
        said = [IMPLEMENTATION[key.removesuffix(" on crops")] for key in (c.key for c in chosen)
                if key.removesuffix(" on crops") in IMPLEMENTATION]
        sub("Implementation", ["All models were implemented in Python 3.10 with PyTorch 2.1 and scikit-learn 1.3."
                               + "".join(" " + (a if short else b) + rest for a, b, rest in said)])
    named = [c.name(short) for c in chosen if c.name(short)]
    if any(c.key == "clinical" for c in chosen):
        scores = [c.name(short) for c in chosen if c.key in ("radiomics", "deep features", "deep features on crops")]
        if scores:
            score = scores[0].replace("the radiomics model", "the radiomics score").replace(" model", " score")
            sub("Nomogram", [f"A combined nomogram integrated {score} with the independent clinical risk factors "
                             "in a multivariable logistic regression."])
            named.append("the nomogram")
    if len(named) > 1:
        listed = ", ".join(named[:-1]) + " and " + named[-1]
        sub("Statistical analysis", [f"The areas under the curve (AUCs) of {listed} were compared in the test cohort "
                                     "with the DeLong test. Analyses were performed in R 4.2."])
    else:
        sub("Statistical analysis", ["Discrimination was measured with the area under the curve (AUC) in the test "
                                     "cohort. Analyses were performed in R 4.2."])

    methods_title = "Materials and methods"
    parts = {"numbered": ("1. Introduction", "2. Materials and methods", "3. Results", "4. Discussion"),
             "numbered-dot": ("1. Introduction", "2. Materials and methods", "3. Results", "4. Discussion"),
             "markdown": ("## Introduction", "## Materials and methods", "## Results", "## Discussion"),
             "bold": ("**Introduction**", "**Materials and methods**", "**Results**", "**Discussion**"),
             "capitals": ("INTRODUCTION", "MATERIALS AND METHODS", "RESULTS", "DISCUSSION")}.get(
        style, ("Introduction", methods_title, "Results", "Discussion"))
    methods = parts[1] + "\n\n" + "\n\n".join(body)
    if not paper:
        return Study(methods + "\n", truth, tuple(axes))
    text = "\n\n".join([parts[0], INTRODUCTION, methods, parts[2],
                        "The models reached AUCs between 0.78 and 0.91 in the test cohort.", parts[3], DISCUSSION])
    return Study(text + "\n", truth, tuple(axes))
