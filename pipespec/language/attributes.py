"""Which attributes each stage kind takes, their value types and vocabularies.

This table drives the model builder (all front ends) and is mirrored by schema/pipeline.schema.json
(a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipespec import vocab


@dataclass(frozen=True)
class Attr:
    type: str  # str | list | bool | number
    doc: str
    enum: dict[str, str] | None = None  # alias table from vocab; values are canonicalised through it


_COMMON = {
    "description": Attr("str", "Free-text description of the stage, as in the methods section."),
    "label": Attr("str", "The stage's own labelling in the paper (e.g. \"end-to-end\", \"deep radiomics\"); "
                         "checked against the data flow, never trusted over it."),
}

ATTRIBUTES: dict[str, dict[str, Attr]] = {
    "input": {
        **_COMMON,
        "modality": Attr("str", "Imaging modality (CT, MRI, PET, US, XR, DSA, MG, ...) or the source of a table."),
        "form": Attr("str", "Data type produced: image2d, image3d, video or tabular.", vocab.FORMS),
        "holds": Attr("str", "For a tabular input, what it holds: clinical variables, radiomics (hand-crafted "
                             "features computed elsewhere), deep_features, or image_features of unstated kind.",
                      vocab.HOLDS),
        "source": Attr("str", "Where the data comes from (cohort, centre, public dataset)."),
        "mode": Attr("str", "For an input of masks (form: mask): how they were drawn — manual, semi_automated or "
                            "automated.", vocab.SEG_MODES),
    },
    "preprocessing": {
        **_COMMON,
        "ops": Attr("list", "Operations in order: resample, normalize, augment(...), segmentation(mode: ...), "
                            "roi_crop, harmonize, fuse, select, reduce, ..."),
    },
    "feature_extraction": {
        **_COMMON,
        "method": Attr("str", "handcrafted (predefined formulas) or deep (features taken from a network layer).",
                       vocab.METHODS),
        "tool": Attr("str", "Software or network used: PyRadiomics, LIFEx, ResNet-50, ..."),
        "backbone": Attr("str", "The network inside a named method or tool (e.g. ResNet-50 inside SimCLR)."),
        "layer": Attr("str", "For deep features, the network layer they are taken from."),
        "feature_classes": Attr("list", "Hand-crafted feature classes: first_order, shape, glcm, glrlm, glszm, "
                                        "gldm, ngtdm, wavelet, log, ...", vocab.FEATURE_CLASSES),
        "pretrained_on": Attr("str", "For deep features, the data set the network was pretrained on."),
        "training": Attr("str", "For deep features, how the network was trained.", vocab.TRAININGS),
    },
    "model": {
        **_COMMON,
        "family": Attr("str", "deep, classical or statistical; inferred from the architecture or algorithm when "
                              "known.", vocab.FAMILIES),
        "architecture": Attr("str", "Network architecture (ResNet-34, Xception, ViT, U-Net, DeepLabV3+, MLP, ...)."),
        "algorithm": Attr("str", "Classical or statistical algorithm (SVM, random forest, logistic regression, "
                                 "LASSO, Cox, XGBoost, ...)."),
        "task": Attr("str", "classification, regression, segmentation, detection, survival, clustering or "
                            "image_to_image (reconstruction, synthesis, denoising: the output is an image).",
                     vocab.TASKS),
        "training": Attr("str", "from_scratch, fine_tuned, frozen_backbone, pretrained_only (used as is), "
                                "self_supervised, or end_to_end (a claim checked against the data flow).",
                         vocab.TRAININGS),
        "backbone": Attr("str", "The network inside a named method (e.g. ResNet-50 inside SimCLR or DeepSurv); "
                                "decides the family when the architecture is not in the vocabulary."),
        "pretrained_on": Attr("str", "Data set the network was pretrained on (ImageNet, Kinetics, ...)."),
        "loss": Attr("str", "Training loss."),
        "batch_size": Attr("number", "Batch size."),
        "learning_rate": Attr("number", "Learning rate."),
        "optimizer": Attr("str", "Optimiser."),
        "epochs": Attr("number", "Training epochs."),
        "corrected": Attr("bool", "For a segmentation model: whether a human corrected its masks."),
    },
    "output": {
        **_COMMON,
        "task": Attr("str", "The prediction task of this output.", vocab.TASKS),
        "target": Attr("str", "What is predicted (e.g. \"LVO present\", \"bone age\")."),
        "classes": Attr("list", "Class labels."),
    },
}

# The study facts: optional top-level blocks that let the METRICS item answers be checked against what the study
# did.  Types: count (a whole number >= 0), bool (yes/no), str (with an alias table), list (of words), location
# (where something is available: a URL, DOI or repository name, or no).
FACTS: dict[str, dict[str, Attr]] = {
    "cohort": {
        "centers": Attr("count", "Number of centres the data come from (METRICS item 4)."),
        "cases": Attr("count", "Number of cases (patients or lesions) in the study."),
        "events": Attr("count", "Number of cases of the smaller outcome class (events), for item 16."),
    },
    "evaluation": {
        "split": Attr("str", "How the data were partitioned: holdout, cross_validation, bootstrap or none "
                             "(METRICS item 18).", vocab.SPLITS),
        "folds": Attr("count", "Number of cross-validation folds."),
        "selection_fitted_on": Attr("str", "What feature selection was fitted on: training (the training data "
                                           "only) or all (the whole data set, a leak; item 18).",
                                    vocab.FITTED_ON),
        "segmentation_evaluated": Attr("bool", "Whether the automated segmentation was formally evaluated "
                                               "(item 9)."),
        "internal_test": Attr("bool", "Whether the model was tested on held-out internal data (item 26)."),
        "external_test": Attr("bool", "Whether the model was tested on external data (item 27)."),
        "metrics": Attr("list", "Performance metrics reported: AUC, sensitivity, specificity, ... (item 20)."),
        "calibration": Attr("bool", "Whether calibration was assessed (item 22)."),
        "uncertainty": Attr("bool", "Whether uncertainty was considered, e.g. confidence intervals (item 21)."),
    },
    "availability": {
        "data": Attr("location", "Where the data are available (a URL, DOI or repository), or no (item 28)."),
        "code": Attr("location", "Where the code is available, or no (item 29)."),
        "model": Attr("location", "Where the trained model is available, or no (item 30)."),
    },
}

# the order attributes are printed in (DSL formatter, YAML/JSON writer)
ORDER = ("modality", "form", "holds", "mode", "source", "ops", "method", "tool", "family", "architecture",
         "algorithm", "backbone", "layer", "feature_classes", "task", "training", "pretrained_on", "loss",
         "optimizer", "epochs", "batch_size", "learning_rate", "corrected", "target", "classes", "label",
         "description")
