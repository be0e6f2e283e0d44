"""Which attributes each stage kind takes, their value types and vocabularies.

This table drives the model builder (all front ends) and is mirrored by schema/pipeline.schema.json
(a test keeps the two in step).
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from typing import NamedTuple

from pipespec import vocab


class Attr(NamedTuple):
    type: str  # str | list | bool | number | many (one value, or a list of candidates) | stage (a stage name) |
    # stages (one stage name or a list of them)
    doc: str
    enum: dict[str, str] | None = None  # alias table from vocab; values are canonicalised through it


_COMMON = {
    "description": Attr("str", "Free-text description of the stage, as in the methods section."),
    "label": Attr("str", "The stage's own labelling in the paper (e.g. \"end-to-end\", \"deep radiomics\"); "
                         "checked against the data flow, never trusted over it."),
}

# facts about delineations (masks, boxes, segmentation steps and models), for METRICS items 10 and 14
_DELINEATION = {
    "readers": Attr("number", "How many readers delineated, counting readers who delineated only a reproducibility "
                              "subset. With an inter_reader subset (and no consensus) the masks the model uses are "
                              "taken to be one reader's, the others having delineated the subset again."),
    "consensus": Attr("bool", "yes: the readers agreed each mask together (one consensus mask per case, drawn by "
                              "several readers: METRICS item 10 No)."),
    "qc": Attr("str", "How automatic masks were checked: none, visual (looked at, failures excluded or redone: not "
                      "a correction, Condition #2 stays Yes) or automated.", vocab.QC),
    "propagated_from": Attr("stage", "The delineation these masks were copied or registered from (another "
                                     "sequence, phase or time point): a delineation for Condition #1 with that "
                                     "delineation's mode when its own is not stated."),
    "corrected": Attr("str", "Whether a human corrected the delineations afterwards: none, subset (some cases) or "
                             "all; yes means all, no means none. subset and all make Condition #2 No.",
                      vocab.CORRECTIONS),
    "reproducibility": Attr("list", "Subsets delineated again to test feature robustness: test_retest, "
                                    "inter_reader, intra_reader.", vocab.REPRODUCIBILITY),
}
_WEIGHTS = Attr("stage", "A stage whose trained weights this network starts from (self-supervised pretraining, a "
                         "network fine-tuned on the study's labels and then used here): weight transfer, not data "
                         "flow. The source is connected through it (not dangling) and the verdict follows the data "
                         "flow of the stages that reach an output.")

_LABELS = Attr("stages", "The stages whose output is this network's training target (manual masks or boxes it learns "
                         "from, report text paired with images in contrastive pre-training, a teacher's soft labels "
                         "in knowledge distillation): one stage or a list. A training-time relation, not data flow: "
                         "a source is not dangling (no PS201), is never on a verdict's input-to-output path and never "
                         "decides Condition #5 by itself; a delineation reached only through it counts for "
                         "Condition #1, not #2.")
_TRAINING_ONLY = Attr("bool", "yes: this stage's data is used only when training (the reader's boxes that cut the "
                              "training crops); its flow is drawn as usual, but it is never on a verdict's "
                              "input-to-output path, and a delineation marked so counts for Condition #1, not #2.")

ATTRIBUTES: dict[str, dict[str, Attr]] = {
    "input": {
        **_COMMON,
        "modality": Attr("str", "Imaging modality (CT, MRI, PET, US, XR, DSA, MG, ...) or the source of a table."),
        "form": Attr("str", "Data type produced: image2d, image3d, video, mask, boxes (bounding boxes drawn by readers "
                            "or a tool: a delineation like a mask), kspace or sinogram (raw acquisition data: "
                            "image-like), text or tabular.", vocab.FORMS),
        "holds": Attr("str", "For a tabular input, what it holds: clinical variables, radiomics (hand-crafted "
                             "features computed elsewhere), deep_features, semantic_features (rated by readers), or "
                             "image_features of unstated kind.",
                      vocab.HOLDS),
        "source": Attr("str", "Where the data comes from (cohort, centre, public dataset)."),
        "mode": Attr("str", "For an input of masks or boxes (form: mask | boxes): how they were drawn — manual, "
                            "semi_automated, automated, or prompt (a reader gives seed points or clicks).",
                     vocab.SEG_MODES),
        **{k: v for k, v in _DELINEATION.items() if k != "mode"},
        "training_only": _TRAINING_ONLY,
    },
    "preprocessing": {
        **_COMMON,
        "ops": Attr("list", "Operations in order: resample, normalize, augment(...), segmentation(mode: ...), "
                            "roi_crop, harmonize, fuse, select, reduce, ..."),
        "training_only": _TRAINING_ONLY,
    },
    "feature_extraction": {
        **_COMMON,
        "method": Attr("str", "handcrafted (predefined formulas), deep (features taken from a network layer) or "
                              "semantic (descriptors readers rate on the images: a table, not hand-crafted).",
                       vocab.METHODS),
        "tool": Attr("str", "Software or network used: PyRadiomics, LIFEx, ResNet-50, ..."),
        "backbone": Attr("str", "The network inside a named method or tool (e.g. ResNet-50 inside SimCLR)."),
        "layer": Attr("str", "For deep features, the network layer they are taken from."),
        "feature_classes": Attr("list", "Hand-crafted feature classes: first_order, shape, glcm, glrlm, glszm, "
                                        "gldm, ngtdm, wavelet, log, lbp (local binary patterns), kinetic (DCE "
                                        "time-intensity curve features), ...", vocab.FEATURE_CLASSES),
        "pretrained_on": Attr("str", "For deep features, the data set the network was pretrained on."),
        "training": Attr("str", "For deep features, how the network was trained.", vocab.TRAININGS),
        "produces": Attr("str", "What a hand-crafted extraction produces: table (feature values, the default) or "
                                "maps (voxel-wise feature maps: images, hand-crafted for Condition #3 but not "
                                "tabular for #4).", vocab.PRODUCES),
        "weights_from": _WEIGHTS,
        "labels_from": _LABELS,
    },
    "model": {
        **_COMMON,
        "family": Attr("str", "deep, classical or statistical; inferred from the architecture or algorithm when "
                              "known.", vocab.FAMILIES),
        "architecture": Attr("many", "Network architecture (ResNet-34, Xception, ViT, U-Net, DeepLabV3+, MLP, ...); "
                                     "a list names candidates the study compares, each decided."),
        "algorithm": Attr("many", "Classical or statistical algorithm (SVM, random forest, logistic regression, "
                                  "LASSO, Cox, XGBoost, ...); a list names candidates the study compares."),
        "task": Attr("many", "classification, regression, segmentation, detection, survival, clustering or "
                             "image_to_image (reconstruction, synthesis, denoising: the output is an image); a list "
                             "for a multi-task network ([segmentation, classification]).", vocab.TASKS),
        "training": Attr("many", "from_scratch, fine_tuned, frozen_backbone, pretrained_only (used as is), "
                                 "self_supervised, distilled (a student trained on a teacher's outputs: "
                                 "knowledge distillation), or end_to_end (a claim checked against the data flow); a list "
                                 "when the study compares training strategies.", vocab.TRAININGS),
        "weights_from": _WEIGHTS,
        "federated": Attr("bool", "yes: trained by federated learning across sites (the data stay at each site). "
                                  "A fact reported with the model; no verdict changes."),
        "labels_from": _LABELS,
        "backbone": Attr("str", "The network inside a named method (e.g. ResNet-50 inside SimCLR or DeepSurv); "
                                "decides the family when the architecture is not in the vocabulary."),
        "pretrained_on": Attr("str", "Data set the network was pretrained on (ImageNet, Kinetics, ...)."),
        "loss": Attr("str", "Training loss."),
        "batch_size": Attr("number", "Batch size."),
        "learning_rate": Attr("number", "Learning rate."),
        "optimizer": Attr("str", "Optimiser."),
        "epochs": Attr("number", "Training epochs."),
        **_DELINEATION,
    },
    "output": {
        **_COMMON,
        "task": Attr("many", "The prediction task of this output; a list for an output with several tasks "
                             "([classification, regression]), each of which the model feeding it must have.",
                     vocab.TASKS),
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

# other spellings of attribute keys, accepted as the canonical key (kind -> {alias: key})
KEY_ALIASES: dict[str, dict[str, str]] = {
    "feature_extraction": {"network": "tool", "software": "tool", "extractor": "tool"},
    "model": {"network": "architecture"},
}
# keys that are not attributes but are often meant as one: suggested, never accepted
KEY_HINTS = {"type": "kind", "stage": "kind", "inputs": "from", "input": "from", "id": "name"}

# the order attributes are printed in (DSL formatter, YAML/JSON writer)
ORDER = ("modality", "form", "holds", "mode", "source", "ops", "method", "tool", "family", "architecture",
         "algorithm", "backbone", "layer", "feature_classes", "produces", "task", "training", "pretrained_on",
         "weights_from", "labels_from", "federated", "loss", "optimizer", "epochs", "batch_size", "learning_rate",
         "readers", "consensus", "corrected", "qc", "reproducibility", "propagated_from", "training_only", "target",
         "classes", "label", "description")
