"""Whole Methods sections composed from one to four components of a study, laid out as real papers lay them out, each
with the verdicts on the five conditions its components decide by construction.

A component is a paragraph (or a few) whose reading is known: what it delineates, whether it extracts hand-crafted
features, makes a table of image features, or has a deep network learn from the images (after METRICS-E3's guidance
on Conditions #4 and #5 and pipespec's documented decisions). A study's verdict on a condition is composed from its
components:

- #1 is yes when some component delineates: a component that uses the study's regions of interest (the readers' or
  the algorithm's delineation) or one that delineates by itself (a segmentation network trained in the study);
- #2 is yes when #1 is yes and every delineation is automated with no person correcting it (D201): a manual or
  semi-automated delineation anywhere in the study makes it no;
- #3, #4 and #5 are yes when some component makes them yes (METRICS-E3, Condition #5: the presence of any end-to-end
  component, a modular system included), and no otherwise; no component composed here leaves one to the reviewer.

The components and what each makes yes:
- hand-crafted radiomics with a classical model (a Rad-score from LASSO): #1 (its ROIs), #3, #4;
- a clinical-only model (logistic regression on clinical variables): nothing (clinical variables are no table of
  image features, D401);
- a network trained end to end on the images (whole slices, or crops to the ROIs: then #1): #5 (Condition #5,
  Examples 3 and 4);
- deep features taken from a pretrained network into a classical model ("deep learning radiomics"): #4 (Condition
  #4, Example 3; Condition #5, Example 6), and #1 when it reads crops to the ROIs;
- hand-crafted and deep features fused into a classical model: #1, #3, #4 (Condition #5's advice on fused models);
- a segmentation network trained in the study, then a classification network on its crops: #1, #2 (its own
  delineation is automated), #5 (Condition #5, Example 2);
- a segmentation network trained in the study only to make masks for radiomics: #1, #2, #3, #4, #5 (pipespec's
  decision: a network the study trains is an end-to-end component whatever its output feeds);
- a commercial AI product used as supplied whose output is the study's prediction: #5 (pipespec's decision on a
  ready-made network by role);
- a published model whose reported results are only compared with: nothing (it is not run in the study).

A study's readers' delineation (manual, or semi-automated with a person correcting it) makes #2 no; when it is a
segmentation network the study trains, it is automated (#2 yes) and adds #5. A nomogram combining the Rad-score or
the deep-learning-radiomics score with the clinical factors, and the final comparison of the models, change nothing.

The layout axes, none of which may change a verdict: the order of the components; one delineation paragraph shared
by the components that use it, or a delineation sentence in each; subsection headings (numbered, Markdown, run-in
labels, none); an abbreviation defined in one component ("region of interest (ROI)", "convolutional neural network
(CNN)", "deep learning radiomics (DLR)", "radiomics score (Rad-score)") and used alone in another part; a component's
deciding fact moved to a settings table or a figure's caption; an Introduction and a Discussion naming methods the
study did not use.

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
    automated: bool  # it delineates by itself, automatically (a segmentation network the study trains)
    name: Callable[[bool], str]  # how the final comparison names it (abbreviation alone or not)
    body: Callable[[Ctx], list[str]]  # its paragraphs


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
    return [c.delineation + f"Radiomic features (first-order, shape and texture) were extracted from {c.roi} with "
            "PyRadiomics 3.0.1 after resampling to 1 mm isotropic voxels. " + select]


def _clinical(c: Ctx) -> list[str]:
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
        return [opening + f"For the deep learning radiomics (DLR) model, {images} were passed through a ResNet-50 "
                "pretrained on ImageNet with its weights frozen, and 2,048 deep features were taken from its global "
                "average pooling layer. LASSO kept 10 deep features, and a random forest was trained on them "
                f"{OUTCOME}."]
    return body


def _fused(c: Ctx) -> list[str]:
    return [c.delineation + "For the fusion model, hand-crafted radiomic features were extracted from "
            f"{c.roi} with PyRadiomics, and deep features were extracted from the same regions with a VGG16 "
            "pretrained on ImageNet. The hand-crafted and deep features were concatenated, and a logistic regression "
            f"on the fused features was trained {OUTCOME}."]


def _two_stage(c: Ctx) -> list[str]:
    if c.where == "table":
        return ["A 3D U-Net was trained on manual contours of 80 separate patients to segment the renal masses "
                "automatically. The CT images were cropped around each predicted mask, and an EfficientNet-B0 "
                f"classified the crops (Table {c.table}).",
                f"Table {c.table}. Classification network\nSetting | Value\nNetwork | EfficientNet-B0\nTraining | "
                "on the crops, end to end, to classify benign versus malignant masses\nOptimiser | SGD, 60 epochs"]
    return ["A 3D U-Net was trained on manual contours of 80 separate patients to segment the renal masses "
            "automatically, and its masks were used without correction. The CT images were cropped around each "
            f"predicted mask, and an EfficientNet-B0 was trained on the crops {OUTCOME}."]


def _segmenter(c: Ctx) -> list[str]:
    return ["An nnU-Net was trained on 100 manually annotated scans of a separate cohort and then segmented the renal "
            "masses of all study scans automatically, without manual correction. Radiomic features were extracted "
            "from the predicted masks with PyRadiomics, and an XGBoost classifier was trained on them "
            f"{OUTCOME}."]


def _commercial(c: Ctx) -> list[str]:
    return ["A commercially available AI software (RenalVision, MedAI Inc.) was applied as supplied, without "
            "retraining, to the CT images and gave a malignancy probability for each mass."]


def _comparator(c: Ctx) -> list[str]:
    return ["The performance of our models was compared with the results reported for a previously published deep "
            "learning model for renal masses (Li et al., 2021); that model was not retrained or run on our data."]


COMPONENTS = [
    Component("radiomics", "Radiomics model", True, frozenset({3, 4}), False,
              lambda s: "the Rad-score" if s else "the radiomics model", _radiomics),
    Component("clinical", "Clinical model", False, frozenset(), False, lambda s: "the clinical model", _clinical),
    Component("end-to-end", "Deep learning model", False, frozenset({5}), False,
              lambda s: "the CNN" if s else "the deep learning model", _end_to_end(False)),
    Component("end-to-end on crops", "Deep learning model", True, frozenset({5}), False,
              lambda s: "the CNN" if s else "the deep learning model", _end_to_end(True)),
    Component("deep features", "Deep learning radiomics", False, frozenset({4}), False,
              lambda s: "the DLR model" if s else "the deep learning radiomics model", _deep_features(False)),
    Component("deep features on crops", "Deep learning radiomics", True, frozenset({4}), False,
              lambda s: "the DLR model" if s else "the deep learning radiomics model", _deep_features(True)),
    Component("fused", "Fusion model", True, frozenset({3, 4}), False, lambda s: "the fusion model", _fused),
    Component("two-stage", "Segmentation and classification networks", False, frozenset({5}), True,
              lambda s: "the two-stage network", _two_stage),
    Component("segmenter for radiomics", "Automated segmentation and radiomics", False, frozenset({3, 4, 5}), True,
              lambda s: "the automated radiomics model", _segmenter),
    Component("commercial", "Commercial software", False, frozenset({5}), False,
              lambda s: "the commercial software", _commercial),
    Component("comparator", "Comparison with a published model", False, frozenset(), False,
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


def _heading(style: str, number: str, title: str, paragraphs: list[str]) -> list[str]:
    """A subsection's paragraphs under its heading in the given style."""
    if style == "numbered":
        return [f"{number} {title}\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "markdown":
        return [f"### {title}\n\n{paragraphs[0]}", *paragraphs[1:]]
    if style == "run-in":
        return [f"{title}. {paragraphs[0]}", *paragraphs[1:]]
    return paragraphs


def compose(pick: Pick) -> Study:
    """One study's Methods (within a paper, or alone) and its verdicts by construction."""
    n = pick([1, 2, 2, 3, 3, 4])
    first = pick(IMAGING)
    chosen = [first]
    while len(chosen) < n:
        c = pick(COMPONENTS)
        if c.key not in {x.key for x in chosen} and c.heading not in {x.heading for x in chosen}:
            chosen.append(c)
    order = pick(["as drawn", "reversed"])
    if order == "reversed":
        chosen.reverse()
    uses_roi = any(c.uses_roi for c in chosen)
    sentence, mode, automated, trained = pick(DELINEATIONS)
    if trained and any(c.automated for c in chosen):  # one segmentation network the study trains is enough
        sentence, mode, automated, trained = DELINEATIONS[0]
    if not uses_roi:
        mode = "-"
    shared = pick([True, False]) if uses_roi else False
    short = pick([True, False])
    style = pick(["numbered", "markdown", "run-in", "none"])
    paper = pick([False, True])
    moved = pick(["none", *[c.key for c in chosen]])
    where = pick(["table", "caption"]) if moved != "none" else "text"
    roi_def = "region of interest (ROI)"
    roi = "the ROIs" if short else "the delineated masses"
    axes = [f"components={'+'.join(c.key for c in chosen)}", f"delineation={mode}", f"shared={shared}",
            f"short={short}", f"headings={style}", f"paper={paper}", f"moved={moved}:{where}"]

    # the verdicts by construction
    yes = set().union(*(c.yes for c in chosen))
    delineations = [c.automated for c in chosen if c.automated]
    if uses_roi:
        delineations.append(automated)
        if trained:
            yes.add(5)
    truth = {1: "yes" if delineations else "no",
             2: "yes" if delineations and all(delineations) else "no"}
    truth.update({k: "yes" if k in yes else "no" for k in (3, 4, 5)})

    top = "2" if style == "numbered" else ""
    k = 1  # subsection number
    body: list[str] = []

    def sub(title: str, paragraphs: list[str]) -> None:
        nonlocal k
        body.extend(_heading(style, f"{top}.{k}", title, paragraphs))
        k += 1

    sub("Patients", [PATIENTS])
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
        ctx = Ctx(roi if defined else "the delineated masses", short, where if c.key == moved else "text", table,
                  opening)
        if ctx.where != "text":
            table += 1
        sub(c.heading, c.body(ctx))
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
    if style == "numbered":
        methods = f"2. {methods_title}\n\n" + "\n\n".join(body)
    elif style == "markdown":
        methods = f"## {methods_title}\n\n" + "\n\n".join(body)
    else:
        methods = f"{methods_title}\n\n" + "\n\n".join(body)
    if not paper:
        return Study(methods + "\n", truth, tuple(axes))
    heads = {"numbered": ("1. Introduction", "3. Results", "4. Discussion"),
             "markdown": ("## Introduction", "## Results", "## Discussion")}.get(
        style, ("Introduction", "Results", "Discussion"))
    text = "\n\n".join([heads[0], INTRODUCTION, methods, heads[1],
                        "The models reached AUCs between 0.78 and 0.91 in the test cohort.", heads[2], DISCUSSION])
    return Study(text + "\n", truth, tuple(axes))
