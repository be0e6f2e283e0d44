"""Methods paragraphs of studies with no end-to-end network, composed from what is measured, what is done with it
next, how it is said and where, each with the verdicts METRICS-E3 and pipespec's documented decisions give it by
construction.

What is measured, and its Conditions #3 and #4:
- hand-crafted radiomic features computed by software (PyRadiomics, LIFEx, MaZda, 3D Slicer's radiomics extension,
  in-house MATLAB or Python code, a vendor's research software, even one whose name or maker's says "artificial
  intelligence", or texture software named with its maker, as TexRAD or ImageJ), or only "features" counted and
  extracted from each region, or said only in a settings table's rows,
  texture analysis naming its matrix classes, first-order statistics or a histogram of the voxel values, fractal
  and shape descriptors, with or without IBSI compliance, filters and discretisation: #3 yes, #4 yes (METRICS-E3,
  Condition #4, Examples 1 and 2: such features are a table);
- semantic features radiologists score by eye: #3 no (no formula computes them), #4 yes (image-derived features in
  a table; pipespec's decision for reader-rated features a model takes);
- conventional quantities measured on the images (SUVmax and metabolic volume, the mean ADC, a lesion's volume,
  attenuation in Hounsfield units) that a model takes: #3 yes, #4 yes (pipespec's decision: quantities a tool reports
  or readers measure are hand-crafted features where a model takes them);
- clinical variables only: #3 no, #4 no (clinical variables are no image-derived table, Condition #4).

What follows never changes these: selection (ICC filter, LASSO, mRMR, univariate tests, in the training set or not
said; SVM-RFE, Boruta or a random forest's importances, whose model only selects), PCA, normalisation, SMOTE, or a
statement that no selection was made; then a classical model (logistic
regression, SVM, random forest, XGBoost, LightGBM, k-nearest neighbours, naive Bayes, a decision tree, Cox, a
nomogram, a LASSO-weighted "Rad-score", a "radiomics signature"; alone or then combined with clinical factors), a
multilayer perceptron on the table (also an "artificial neural network with one hidden layer" or "a shallow neural
network"), or no model at all (single features compared between groups, ROC of each feature, correlation,
Kaplan-Meier curves of patients split at each feature's median); the outcome a class, a survival, a response or a
Ki-67 index. Condition #5 is No throughout: no network learns from the images (METRICS-E3, Condition #5, Example 5; an MLP fed only a table is a tabular method, pipespec's D502), whatever the authors call their model ("an
AI model", "a deep radiomics approach") and wherever its algorithm is named (the sentence of the measurement, its
own, the next one after a generic "classifier" or "prediction model" ("the classifier was ...", "... was used as the
classifier"), an abbreviation defined once and used later, a later paragraph, a subsection, a figure's caption, a
settings table's row).

Where the paragraph delineates, Conditions #1 and #2 follow the delineation matrix's readings: a reader who draws,
or who starts or adjusts a tool's region, makes #1 yes and #2 no; a classical algorithm with no person acting (a 40%
SUVmax threshold, Otsu thresholding) makes both yes. A paragraph that says nothing of a region is not
read for #1 or #2.

Contested (the drafted ``review`` counts as right, as the corpus's ``# contested:`` does): a conventional quantity
that no model takes (compared between groups or correlated), where whether a lone SUVmax or ADC is a hand-crafted
feature in a table (#3, #4) is the reviewer's call; and semantic features only compared between groups (#4). Such a
study, with no region said to be delineated, or semantic features no model takes, may state no pipeline at all: a
draft that declines it is right too. Measured in a delineated region and analysed, a quantity is a feature of that
region (pipespec's decision), so that study is drafted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")
Pick = Callable[[Sequence[T]], T]


class Case(NamedTuple):
    text: str
    truth: dict[int, str]
    contested: frozenset[int]  # conditions where a drafted "review" is also right
    empty_ok: bool  # drafting nothing (no pipeline stated) is also right
    axes: tuple[str, ...]  # the choices that made it, for grouping what fails


class _Words(NamedTuple):
    """A spelling: British or American."""
    tumour: str
    normalised: str
    grey: str
    analysed: str
    optimised: str
    standardisation: str
    discretisation: str


_BRITISH = _Words("tumour", "normalised", "grey", "analysed", "optimised", "Standardisation", "discretisation")
_AMERICAN = _Words("tumor", "normalized", "gray", "analyzed", "optimized", "Standardization", "discretization")


class Measure(NamedTuple):
    kind: str  # radiomics | semantic | measurement | clinical
    modality: str  # the intro's examination
    sentences: tuple[str, ...]  # ways of saying it ({roi}, {w.*} filled in; "{we}" variants are active)
    table: str  # how later sentences name what was measured ("the radiomic features")
    modifiers: bool  # IBSI, filters and discretisation may be said of it


def _measures() -> list[Measure]:
    return [
        Measure("radiomics", "contrast-enhanced CT", (
            "Radiomic features were extracted from {roi} with PyRadiomics (version 3.0.1).",
            "We extracted radiomic features from {roi} using the open-source PyRadiomics package.",
        ), "the radiomic features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "A total of 49 texture features were computed from {roi} with LIFEx software (version 7.2).",
            "We computed texture features of {roi} in LIFEx (www.lifexsoft.org).",
        ), "the texture features", True),
        Measure("radiomics", "MRI", (
            "Texture features of {roi} were calculated in MaZda (version 4.6).",
            "We calculated 279 texture parameters of {roi} with MaZda software.",
        ), "the texture parameters", False),
        Measure("radiomics", "contrast-enhanced CT", (
            "Radiomic features were extracted from {roi} with the SlicerRadiomics extension of 3D Slicer (version "
            "5.2).",
            "We used the radiomics extension of 3D Slicer to extract 107 features from {roi}.",
        ), "the radiomic features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "Radiomic features of {roi} were computed with in-house code written in MATLAB (R2020a, MathWorks).",
            "We computed radiomic features of {roi} with in-house MATLAB scripts.",
        ), "the radiomic features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "Radiomic features were calculated from {roi} with an in-house Python script.",
            "We wrote an in-house Python pipeline to calculate radiomic features from {roi}.",
        ), "the radiomic features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "Radiomic features were extracted from {roi} with a research prototype (Radiomics, Siemens "
            "Healthineers, Erlangen, Germany).",
            "Radiomic features of {roi} were extracted with the Artificial Intelligence Kit (A.K., GE Healthcare), a "
            "radiomics research software.",
            "Radiomic features of {roi} were computed with the radiomics module of the uAI Research Portal (United "
            "Imaging Intelligence).",
        ), "the radiomic features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            # said in a settings table's rows, a sentence pointing to it
            "The feature extraction settings are listed in Table 1.\n\nTable 1 Extraction settings\nStep | Setting\n"
            "Software | PyRadiomics 3.0.1\nFeature classes | shape, first order, GLCM, GLRLM, GLSZM\n"
            "Discretisation | fixed bin width of 25 HU\n\n",
        ), "the radiomic features", False),
        Measure("radiomics", "contrast-enhanced CT", (
            "A total of 1,218 features were extracted from each volume of interest.",
            "We extracted 851 quantitative features from {roi}, including first-order, shape and texture features.",
        ), "the features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "Texture analysis of {roi} was performed with TexRAD (Feedback Medical, Cambridge, UK) using the "
            "filtration-histogram technique.",
            "Texture features of {roi} were computed with ImageJ (version 1.53, National Institutes of Health).",
            "Radiomic features of {roi} were extracted with Omni-Kinetics software (GE Healthcare).",
        ), "the texture features", False),
        Measure("radiomics", "contrast-enhanced CT", (
            "Texture analysis of {roi} was performed, computing {w.grey}-level co-occurrence matrix (GLCM) and "
            "{w.grey}-level run-length matrix (GLRLM) features.",
            "We performed texture analysis of {roi}, with features from the GLCM and the GLRLM.",
        ), "the texture features", True),
        Measure("radiomics", "contrast-enhanced CT", (
            "First-order statistics (mean, standard deviation, skewness, kurtosis and entropy) of the voxel "
            "intensities within {roi} were calculated.",
            "We calculated first-order statistical features (mean, variance, skewness and kurtosis) of the voxel "
            "intensities in {roi}.",
        ), "the first-order features", False),
        Measure("radiomics", "diffusion-weighted MRI", (
            "Histogram analysis of the ADC values within {roi} yielded the mean, median, 10th and 90th percentiles, "
            "skewness and kurtosis.",
            "We performed whole-lesion histogram analysis of the ADC maps within {roi}.",
        ), "the histogram parameters", False),
        Measure("radiomics", "contrast-enhanced CT", (
            "Fractal dimension and lacunarity of {roi} were computed with the box-counting method.",
            "We performed fractal analysis of {roi} with the box-counting method.",
        ), "the fractal features", False),
        Measure("radiomics", "contrast-enhanced CT", (
            "Shape features (volume, sphericity, surface-to-volume ratio and maximum 3D diameter) of {roi} were "
            "computed.",
            "We computed shape descriptors of {roi}, including sphericity, elongation and compactness.",
        ), "the shape features", False),
        Measure("semantic", "contrast-enhanced CT", (
            "Two radiologists scored semantic features of each {w.tumour} (margin, shape, enhancement pattern and "
            "necrosis) in consensus.",
            "Imaging features (margin, calcification and necrosis) were assessed visually by two radiologists "
            "blinded to the outcome.",
            "Two radiologists recorded the CT descriptors of each lesion (shape, margin, attenuation and "
            "calcification) by consensus.",
            "Morphological features (shape, margin, spiculation and cystic change) were evaluated visually by two "
            "radiologists in consensus.",
            "Two radiologists independently rated the presence of necrosis, calcification and a capsule on each scan.",
            "The LI-RADS major features (arterial phase hyperenhancement, washout and capsule) were recorded by two "
            "abdominal radiologists.",
        ), "the semantic features", False),
        Measure("measurement", "FDG PET/CT", (
            "SUVmax, SUVmean and metabolic {w.tumour} volume (MTV) were measured on PET.",
            "We measured the maximum standardised uptake value (SUVmax) and the metabolic {w.tumour} volume of each "
            "lesion.",
        ), "these PET parameters", False),
        Measure("measurement", "diffusion-weighted MRI", (
            "The mean ADC value of each {w.tumour} was measured on the ADC map.",
            "We measured the mean apparent diffusion coefficient (ADC) of each {w.tumour}.",
        ), "the ADC values", False),
        Measure("measurement", "contrast-enhanced CT", (
            "Lesion volume and mean attenuation in Hounsfield units (HU) were measured on CT.",
            "We measured the lesion volume and the mean attenuation (HU) of each lesion.",
            "The mean attenuation in Hounsfield units (HU) of each lesion was measured by placing a circular region of "
            "interest on its largest cross-section.",
        ), "these measurements", False),
        Measure("clinical", "contrast-enhanced CT", (
            "Age, sex, serum CEA level and TNM stage were recorded from the medical records.",
            "We collected clinical variables (age, sex, smoking status and serum CEA level) from the medical "
            "records.",
        ), "the clinical variables", False),
    ]


_MODIFIERS = (
    " in accordance with the Image Biomarker {w.standardisation} Initiative (IBSI)",
    " from the original images and from wavelet- and Laplacian of Gaussian-filtered images",
    " after {w.discretisation} of the {w.grey} levels with a fixed bin width of 25 HU",
)

_PROCESSING = (
    "",
    "Features with an intraclass correlation coefficient (ICC) below 0.75 were excluded.",
    "The least absolute shrinkage and selection operator (LASSO) with ten-fold cross-validation selected the most "
    "predictive features in the training set.",
    "We selected the ten most relevant features with minimum redundancy maximum relevance (mRMR).",
    "Features that differed between the groups on the Mann-Whitney U test (P < 0.05) were retained.",
    "Principal component analysis (PCA) reduced the features to ten components.",
    "All features were z-score {w.normalised}.",
    "The minority class was oversampled with SMOTE in the training set.",
    "No feature selection was performed.",
    "Recursive feature elimination with a support vector machine (SVM-RFE) selected the ten best features.",
    "The Boruta algorithm, a wrapper around random forest importance, retained the relevant features.",
    "Features were ranked by random forest importance, and the top ten were kept.",
)


class Model(NamedTuple):
    first: str  # as first named inside a sentence ("a random forest (RF) classifier")
    again: str  # as named again ("the RF classifier")
    survival: bool  # a survival model
    kind: str  # classical | mlp


_MODELS = [
    Model("a logistic regression (LR) model", "the LR model", False, "classical"),
    Model("a support vector machine (SVM)", "the SVM", False, "classical"),
    Model("a random forest (RF) classifier", "the RF classifier", False, "classical"),
    Model("an extreme gradient boosting (XGBoost) classifier", "the XGBoost classifier", False, "classical"),
    Model("a Cox proportional hazards model", "the Cox model", True, "classical"),
    Model("a nomogram", "the nomogram", False, "classical"),
    Model("a multilayer perceptron (MLP) with two hidden layers", "the MLP", False, "mlp"),
    Model("a light gradient boosting machine (LightGBM)", "the LightGBM model", False, "classical"),
    Model("a k-nearest neighbour (KNN) classifier", "the KNN classifier", False, "classical"),
    Model("a naive Bayes classifier", "the naive Bayes classifier", False, "classical"),
    Model("a decision tree", "the decision tree", False, "classical"),
    Model("a LASSO logistic regression", "the LASSO model", False, "classical"),
    Model("an artificial neural network (ANN) with one hidden layer", "the ANN", False, "mlp"),
    Model("a shallow neural network with one hidden layer of 16 units", "the neural network", False, "mlp"),
    Model("a stacking ensemble of a support vector machine, a random forest and XGBoost", "the ensemble", False,
          "classical"),
    Model("a gradient boosting decision tree (GBDT)", "the GBDT model", False, "classical"),
]

_GENERIC = [("a classifier", "the classifier"), ("a prediction model", "the prediction model"),
            ("a machine-learning model", "the machine-learning model"), ("a radiomics model", "the radiomics model"),
            ("a predictive model", "the final model")]
_MISLABEL = [("an artificial intelligence (AI) model", "the AI model"),
             ("a deep radiomics approach", "this deep radiomics approach"),
             ("an AI-based radiomics model", "the AI-based model"),
             ("an intelligent diagnostic system", "the system")]
_NO_MODEL = (
    "Each feature was compared between the two groups with the t-test, and its diagnostic performance was assessed "
    "by receiver operating characteristic (ROC) analysis.",
    "Correlations between {table} and the Ki-67 index were assessed with Spearman's rank correlation.",
    "Patients were dichotomised at the median of each of {table}, and overall survival was compared with "
    "Kaplan-Meier curves and the log-rank test.",
)
_INTRO = "We retrospectively included 214 patients with renal {w.tumour}s who underwent {modality} between 2015 and 2021."
_FILLER = ("The data were split into a training set (70%) and a test set (30%), stratified by outcome. Performance "
           "was assessed with the area under the curve (AUC). All analyses were performed in Python (scikit-learn "
           "1.2) and R (version 4.2).")


def again_of(model: Model) -> str:
    """The model named again as the output it gives ("the RF classifier's prediction")."""
    return f"the output of {model.again}"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def compose(pick: Pick) -> Case:
    """One Methods text and its reading by construction."""
    w = pick([_BRITISH, _AMERICAN])
    measure = pick(_measures())
    axes: list[str] = [f"spelling={'british' if w is _BRITISH else 'american'}", f"measure={measure.kind}"]
    roi = f"the segmented {w.tumour}s"
    delineation = ""
    truth: dict[int, str] = {}
    if measure.kind in ("radiomics", "measurement"):
        how = pick(["none", "manual", "semi", "threshold"])
        axes.append(f"delineation={how}")
        if how == "manual":
            delineation = pick([
                "{T}s were delineated manually by a radiologist with 8 years of experience using ITK-SNAP.",
                "A radiologist manually drew a region of interest (ROI) around each {t} on every slice.",
                "Two radiologists in consensus contoured the {t}s slice by slice.",
            ])
            truth |= {1: "yes", 2: "no"}
        elif how == "semi":
            delineation = pick([
                "{T}s were segmented semi-automatically with the region-growing tool of 3D Slicer, and a "
                "radiologist adjusted every contour by hand.",
                "A radiologist placed a seed point in each {t}, and a region-growing algorithm grew the region.",
            ])
            truth |= {1: "yes", 2: "no"}
        elif how == "threshold":  # a classical algorithm with no person acting: fully automated
            delineation = pick([
                "{T}s were segmented automatically with a fixed threshold of 40% of SUVmax, without manual "
                "correction.",
                "{T}s were segmented fully automatically by Otsu thresholding followed by morphological closing.",
            ])
            truth |= {1: "yes", 2: "yes"}
        delineation = delineation.format(T=_cap(w.tumour), t=w.tumour)
    sentence = pick(measure.sentences)
    axes.append(f"says={sentence[:40]}")
    if measure.modifiers:
        mod = pick(("",) + _MODIFIERS)
        if mod:
            sentence = sentence[:-1] + mod + "."
            axes.append(f"modifier={mod[:20]}")
    measured = sentence.format(roi=roi, w=w)
    blocks: list[list[str]]
    processing = pick(_PROCESSING).format(w=w)
    if measure.kind == "clinical" and processing:
        processing = processing.replace("features", "variables").replace("Features", "Variables")
    axes.append(f"processing={processing[:30] or '-'}")

    kinds = ["model", "model", "model", "none"] if measure.kind != "clinical" else ["model"]
    what = pick(kinds)
    contested: set[int] = set()
    empty_ok = False
    if what == "none":
        after = pick(_NO_MODEL).format(table=measure.table)
        axes.append(f"model=none:{after[:20]}")
        blocks = [[measured, processing, after]]
        if measure.kind == "measurement":
            contested |= {3, 4}
        if measure.kind == "semantic":
            contested |= {4}
        empty_ok = measure.kind == "semantic" or (measure.kind == "measurement" and not delineation)
    else:
        model = pick(_MODELS)
        outcome = "to predict overall survival" if model.survival else pick([
            f"to distinguish benign from malignant {w.tumour}s", "to predict the Ki-67 index",
            "to predict the response to treatment"])
        voice = pick(["passive", "we"])
        how = pick(["direct", "generic", "abbreviation", "mislabel", "negation", "settings table", "caption",
                    "later paragraph", "subsection", "same sentence", "used as"]
                   + (["with clinical factors"] if measure.kind != "clinical" else []) + (["rad-score", "signature"] if measure.kind == "radiomics" else []))
        axes += [f"model={model.again}", f"voice={voice}", f"how={how}"]
        table = measure.table

        def built(name: str) -> str:
            if voice == "we":
                return f"We trained {name} on {table} {outcome}."
            return f"{_cap(name)} was trained on {table} {outcome}."

        blocks = [[measured, processing]]
        if how in ("direct", "negation"):
            blocks[0].append(built(model.first))
            if how == "negation":
                blocks[0].append(pick(["No deep learning was used.", "No neural network was trained on the images.",
                                       "Unlike deep learning approaches, this model needs no large training set.",
                                       "Instead of a convolutional neural network, which would need more data, we "
                                       "used this simpler model.",
                                       "Deep learning was not used because of the small sample size."]))
        elif how == "with clinical factors":  # the table combined with clinical factors in the model
            blocks[0] += [built(model.first),
                          pick([f"{_cap(again_of(model))} was then combined with age and tumour size in a nomogram.",
                                f"A combined model integrating {table} with clinical factors (age, sex) was also "
                                f"built with {model.first}."])]
        elif how == "same sentence":  # measured and modelled in one sentence
            blocks[0][0] = measured[:-1] + f", and {model.first} was trained on them {outcome}."
        elif how == "used as":  # the model named by its kind, then its algorithm said to serve as it
            first, again = pick(_GENERIC)
            blocks[0] += [built(first), f"{_cap(model.first)} was used as {again}."]
        elif how == "abbreviation":
            blocks[0] += [built(model.first), f"{_cap(model.again)} was {w.optimised} with five-fold cross-validation."]
        elif how in ("generic", "mislabel"):
            first, again = pick(_GENERIC if how == "generic" else _MISLABEL)
            blocks[0] += [built(first), f"{_cap(again)} was {model.first}."]
        elif how == "settings table":
            first, _ = pick(_GENERIC)
            blocks[0].append(built(first)[:-1] + " (Table 2).")
            blocks.append([_FILLER])
            blocks.append([f"Table 2 Model settings\nSetting | Value\nAlgorithm | {_cap(model.first)}\nValidation | "
                           "five-fold cross-validation"])
        elif how == "caption":
            first, _ = pick(_GENERIC)
            blocks[0].append(built(first)[:-1] + " (Fig. 2).")
            blocks.append([_FILLER])
            blocks.append([f"Figure 2. Workflow of the study: {table} were entered into {model.first} {outcome}."])
        elif how == "later paragraph":
            blocks.append([_FILLER, built(model.first)])
        elif how == "rad-score":
            blocks[0] += ["A radiomics score (Rad-score) was calculated for each patient as a linear combination of "
                          "the selected features weighted by their LASSO coefficients.",
                          pick(["The Rad-score was compared between the groups, and its AUC was calculated.",
                                f"The Rad-score was entered with age into {model.first} {outcome}."])]
        elif how == "signature":
            blocks[0].append(pick(["The selected features were combined into a radiomics signature by logistic "
                                   "regression.",
                                   f"A radiomics signature was built from {table} with {model.first} {outcome}."]))
        else:  # subsection
            blocks.append(["2.4 Model development\n" + built(model.first), _FILLER])
    text_blocks = []
    layout = pick(["paragraphs", "subsections"])
    axes.append(f"layout={layout}")
    for i, block in enumerate(blocks):
        said = [s for s in block if s]
        if i == 0 and layout == "subsections":  # each step under a numbered heading of its own
            text_blocks.append("2.1 Patients\n" + _INTRO.format(w=w, modality=measure.modality))
            if delineation:
                text_blocks.append("2.2 Segmentation\n" + delineation)
            text_blocks.append("2.3 Feature extraction\n" + " ".join(x for x in block[:2] if x))
            if any(block[2:]):
                text_blocks.append("2.4 Statistical analysis\n" + " ".join(x for x in block[2:] if x))
            continue
        if i == 0:
            said = [_INTRO.format(w=w, modality=measure.modality)] + ([delineation] if delineation else []) + said
        text_blocks.append(" ".join(said))
    truth |= {3: "yes" if measure.kind in ("radiomics", "measurement") else "no",
              4: "yes" if measure.kind != "clinical" else "no",
              5: "no"}
    text = "Methods\n\n" + "\n\n".join(text_blocks)
    return Case(text.replace("\n\n ", "\n\n").replace("\n\n\n\n", "\n\n"), truth, frozenset(contested), empty_ok,
                tuple(axes))
