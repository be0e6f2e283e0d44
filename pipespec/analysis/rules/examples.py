"""The study designs the rule records show as examples, written once.

Every rule's ``example`` is a complete ``.pipe`` file (``pipespec explain CODE`` prints it, and the test suite
checks that it raises that code).  Many rules show the same few designs with a different declaration, so the
designs live here as tuples of statements and small builders; a record builds its file with :func:`pipeline`,
adding the lines that make its point (``declare condition5 = yes``, a waiver, an assessment).
"""

from __future__ import annotations


def pipeline(title: str, *statements: str) -> str:
    """A complete ``.pipe`` file: ``pipeline "title" { ... }`` with one statement a line."""
    return f'pipeline "{title}" {{\n' + "".join(f"  {s}\n" for s in statements) + "}\n"


# hand-crafted radiomics on MRI with a manual segmentation and an SVM (Conditions #1 and #3 Yes, #5 No)
GLIOMA_RADIOMICS = (
    "input mri: MRI image3d",
    "preprocessing seg: segmentation(mode: manual)",
    "feature_extraction rad: handcrafted PyRadiomics",
    "model svm: SVM",
    "output grade: classification",
    "flow mri -> seg -> rad -> svm -> grade",
)

# an ImageNet-pretrained CNN fine-tuned end to end on radiographs (METRICS-E3's Example 4 kind: #5 Yes)
FINE_TUNED_RESNET = "ResNet-34 { pretrained_on: ImageNet, training: fine_tuned, task: regression }"


def radiograph_age(network: str = FINE_TUNED_RESNET) -> tuple[str, ...]:
    """Bone age from knee radiographs by one network (``network``: its head and attribute block)."""
    return ("input knee: XR image2d",
            "preprocessing aug: augment(flip, brightness)",
            f"model net: {network}",
            "output age: regression",
            "flow knee -> aug -> net -> age")


RADIOGRAPH_AGE = radiograph_age()

# deep features of a pretrained CNN classified by a logistic regression (METRICS-E3's Example 6 kind: #5 No)
DEEP_FEATURES_LR = (
    "input cxr: XR image2d",
    "feature_extraction f: deep ResNet-50 { pretrained_on: ImageNet }",
    "model lr: logistic regression",
    "output pneumonia: classification",
    "flow cxr -> f -> lr -> pneumonia",
)

# hand-crafted and deep features fused into one table for an MLP (METRICS-E3's advice on fused models: #5 No)
FUSED_RADIOMICS = (
    "input ct: CT image3d",
    "preprocessing seg: segmentation(mode: manual)",
    "feature_extraction rad: handcrafted PyRadiomics",
    "feature_extraction dl: deep ResNet-50 { layer: avgpool }",
    "preprocessing fuse: fuse, select",
    "model mlp: MLP",
    "output y: classification",
    "flow ct -> seg -> rad, dl -> fuse -> mlp -> y",
)


def ct_radiomics(seg: str = "segmentation(mode: manual)", tool: str = "PyRadiomics",
                 select: str | None = None) -> tuple[str, ...]:
    """Hand-crafted radiomics on CT: the segmentation ``seg``, the extraction ``tool``, an optional table
    operation ``select`` (a stage ``sel``), and a logistic regression."""
    lines = ["input ct: CT image3d", f"preprocessing seg: {seg}", f"feature_extraction rad: handcrafted {tool}"]
    chain = ["ct", "seg", "rad"]
    if select is not None:
        lines.append(f"preprocessing sel: {select}")
        chain.append("sel")
    return (*lines, "model lr: logistic regression", "output y: classification",
            "flow " + " -> ".join([*chain, "lr", "y"]))


def ct_features(extractor: str, model: str = "lr: logistic regression") -> tuple[str, ...]:
    """Features extracted from CT by ``extractor`` (a feature extraction's head: method and tool) for ``model``
    (``name: head``)."""
    name = model.split(":", 1)[0]
    return ("input ct: CT image3d", f"feature_extraction f: {extractor}", f"model {model}",
            "output y: classification", f"flow ct -> f -> {name} -> y")


def ct_model(model: str = "net: CNN", output: str = "y: classification", flow: str | None = None) -> tuple[str, ...]:
    """One model on CT straight to an output (``model`` and ``output``: ``name: head``); ``flow`` replaces the
    flow line (to misspell a stage, say)."""
    m, o = model.split(":", 1)[0], output.split(":", 1)[0]
    return ("input ct: CT image3d", f"model {model}", f"output {output}", flow or f"flow ct -> {m} -> {o}")


def dl_radiomics_nomogram(predictions_reported: bool = False) -> tuple[str, ...]:
    """The "deep learning radiomics nomogram": a CNN fine-tuned on the study's labels whose weights then extract
    deep features, fused with hand-crafted ones for a nomogram; ``predictions_reported``: the CNN's own
    predictions are an output of the study too."""
    cnn = ("output y_cnn: classification", "flow ct -> roi -> cnn -> y_cnn") if predictions_reported else (
        "flow ct -> roi -> cnn",)
    return ("input ct: CT image3d",
            "preprocessing roi: segmentation(mode: manual)",
            "model cnn: ResNet-50 { task: classification, training: fine_tuned, pretrained_on: ImageNet }",
            "feature_extraction dl: deep ResNet-50 { weights_from: cnn, layer: avgpool }",
            "feature_extraction rad: handcrafted PyRadiomics",
            "preprocessing sel: fuse, LASSO",
            "model nomogram: logistic regression",
            "output y: classification",
            *cnn,
            "flow roi -> dl, rad -> sel -> nomogram -> y")
