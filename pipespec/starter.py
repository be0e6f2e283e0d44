"""Starter pipelines for ``pipespec init``: commented, valid, and passing ``pipespec check`` as written."""

from __future__ import annotations

_HEAD = """\
# A pipespec pipeline: the data flow of your study, from the images to the predictions.
# Check it with `pipespec check {name}`; see the verdicts and why with `pipespec report {name} --html out.html`.
#
# One stage a line:  <kind> <name>: <what it is> { attribute: value, ... }
#   kinds: input, preprocessing, feature_extraction, model, output
# The data flow:     flow a -> b -> c   (a comma fans out or in: flow a -> b, c -> d)
# Your answers to the METRICS conditions: declare conditionN = yes | no
#   1 segmentation, 2 fully automated segmentation, 3 hand-crafted features, 4 tabular data,
#   5 end-to-end deep learning.  pipespec decides each from the flow and tells you where they disagree.
"""

STARTERS: dict[str, str] = {
    "e2e": _HEAD + """\
pipeline "My end-to-end deep-learning study" {
  study { doi: "10.0000/replace-me" }  # optional: where the study is described

  input         ct: CT image3d  # modality and data type (image2d, image3d, video, tabular)
  input         clin: tabular clinical  # non-image side inputs do not break end-to-end learning

  # Pre-processing and augmentation keep the images images (resampling, normalising, random flips and crops).
  preprocessing prep: resample(spacing: 1), normalize, augment(flip, rotate)

  # A deep network learning from the images to the label is an end-to-end component, pretrained or not.
  model         net: ResNet-18 { task: classification, training: fine_tuned, pretrained_on: ImageNet }

  output        label: classification { classes: [negative, positive] }

  flow ct -> prep -> net -> label
  flow clin -> net

  declare condition1 = no  # no region of interest is delineated
  declare condition2 = no  # (no segmentation, so not an automated one)
  declare condition3 = no
  declare condition4 = no
  declare condition5 = yes  # a deep model learns from the images to the output
}
""",
    "radiomics": _HEAD + """\
pipeline "My hand-crafted radiomics study" {
  input              mri: MRI image3d

  # How the region of interest was drawn decides Condition #2: manual | semi_automated | automated.
  preprocessing      roi: segmentation(mode: manual)

  # Predefined feature formulas (PyRadiomics, LIFEx, an IBSI-compliant tool) make Condition #3 yes.
  feature_extraction rad: handcrafted PyRadiomics { feature_classes: [first_order, shape, glcm, glrlm] }

  # Feature selection works on the table of features.
  preprocessing      sel: select(method: LASSO)

  model              clf: logistic regression { task: classification }
  output             label: classification { classes: [benign, malignant] }

  flow mri -> roi -> rad -> sel -> clf -> label

  declare condition1 = yes
  declare condition2 = no  # a human drew the masks
  declare condition3 = yes
  declare condition4 = yes  # hand-crafted features are tabular data
  declare condition5 = no  # the images are reduced to features before learning
}
""",
    "hybrid": _HEAD + """\
pipeline "My hybrid study: radiomics beside an end-to-end CNN" {
  input              ct: CT image3d
  preprocessing      seg: segmentation(mode: automated)  # e.g. a validated auto-contouring tool, no edits

  # Branch 1: hand-crafted radiomics and a classical model.
  feature_extraction rad: handcrafted PyRadiomics
  model              rf: random forest { task: classification }
  output             rad_out: classification

  # Branch 2: a CNN trained from the cropped images to the label (an end-to-end component).
  preprocessing      crop: roi_crop(mode: automated), augment(flip)
  model              cnn: DenseNet-121 { task: classification, training: from_scratch }
  output             cnn_out: classification

  flow ct -> seg -> rad -> rf -> rad_out
  flow ct -> crop -> cnn -> cnn_out
  flow seg -> crop

  declare condition1 = yes
  declare condition2 = yes
  declare condition3 = yes
  declare condition4 = yes
  declare condition5 = yes  # any end-to-end component is enough
}
""",
}


_YAML_HEAD = """\
# A pipespec pipeline: the data flow of your study, from the images to the predictions.
# Check it with `pipespec check {name}`; see the verdicts and why with `pipespec report {name} --html out.html`.
#
# One entry of `stages` a stage: its name, its kind (input, preprocessing, feature_extraction, model,
#   output), what it is, its attributes, and `from`: the stages whose data it takes.
# Your answers to the METRICS conditions, under `declare`: conditionN: "yes" or "no"
#   1 segmentation, 2 fully automated segmentation, 3 hand-crafted features, 4 tabular data,
#   5 end-to-end deep learning.  pipespec decides each from the flow and tells you where they disagree.
"""


def starter(kind: str, name: str = "pipeline.pipe", fmt: str = "dsl") -> str:
    """The starter of ``kind`` in format ``fmt`` (dsl, yaml or json), its comments naming the file ``name``: the
    DSL as written here, YAML converted from it with the comments kept (the head explains YAML's form), JSON
    without comments (JSON has none)."""
    text = STARTERS[kind].replace("{name}", name)
    if fmt == "dsl":
        return text
    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    if fmt == "yaml":
        text = _YAML_HEAD.replace("{name}", name) + text[len(_HEAD.replace("{name}", name)):]
    p, comments = load_with_comments(source_from_text(text, "starter.pipe", "dsl"))
    return write(p, fmt, comments)
