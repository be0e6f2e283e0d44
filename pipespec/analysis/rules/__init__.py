"""The rule registry: every verdict rule and every finding has a stable code and documentation.

``pipespec rules`` lists them; ``pipespec explain CODE`` prints one.  Codes never change meaning; a rule that
is retired keeps its code reserved.  Bump RULESET_VERSION whenever a decision can change.

Code families: PS1xx input errors, PS2xx graph warnings, D<n>xx the rules that decide condition n,
C<n>xx misclassified declarations of condition n, L1xx stage labels that contradict the data flow or the
vocabulary, V1xx vocabulary, W1xx waivers.
"""

from __future__ import annotations

from dataclasses import dataclass

RULESET_VERSION = "2026.11.1"
E3 = "METRICS-E3, Condition #5"


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    condition: int | None
    severity: str  # error | warning | info | verdict
    what: str
    why: str
    example: str
    fix: str
    reference: str = ""

    def doc(self) -> str:
        cond = f"Condition #{self.condition}" if self.condition else "all conditions"
        parts = [f"{self.code}: {self.title}", f"  concerns: {cond}; default severity: {self.severity}", "",
                 "What it checks", _indent(self.what), "", "Why it matters", _indent(self.why)]
        if self.reference:
            parts += ["", "Reference", _indent(self.reference)]
        parts += ["", "Example that triggers it", _indent(self.example.strip("\n"), 4), "", "Fix", _indent(self.fix)]
        return "\n".join(parts) + "\n"


def _indent(text: str, n: int = 2) -> str:
    return "\n".join((" " * n + line) if line else "" for line in text.splitlines())


_E2E_EXAMPLE = """\
pipeline "Radiograph age" {
  input knee: XR image2d
  preprocessing aug: augment(flip, brightness)
  model net: ResNet-34 { pretrained_on: ImageNet, training: fine_tuned, task: regression }
  output age: regression
  flow knee -> aug -> net -> age
  declare condition5 = no
}"""

_FUSED_EXAMPLE = """\
pipeline "Fused radiomics" {
  input ct: CT image3d
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  feature_extraction dl: deep ResNet-50 { layer: avgpool }
  preprocessing fuse: fuse, select
  model mlp: MLP
  output y: classification
  flow ct -> seg -> rad, dl -> fuse -> mlp -> y
  declare condition5 = yes
}"""

_DEEPFEAT_EXAMPLE = """\
pipeline "Deep features + LR" {
  input cxr: XR image2d
  feature_extraction f: deep ResNet-50 { pretrained_on: ImageNet }
  model lr: logistic regression
  output pneumonia: classification
  flow cxr -> f -> lr -> pneumonia
  declare condition5 = yes
}"""

_RADIOMICS_EXAMPLE = """\
pipeline "Glioma radiomics" {
  input mri: MRI image3d
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model svm: SVM
  output grade: classification
  flow mri -> seg -> rad -> svm -> grade
  declare condition5 = yes
}"""

_MODULAR_EXAMPLE = """\
pipeline "Two-stage ultrasound" {
  input us: US image2d
  model seg: DeepLabV3+ { task: segmentation }
  model cls: CNN { task: classification }
  output meta: classification
  flow us -> seg -> cls -> meta
  declare condition5 = no
}"""

RULES: dict[str, Rule] = {}


def _rule(*args: object, **kw: object) -> None:
    r = Rule(*args, **kw)  # type: ignore[arg-type]
    RULES[r.code] = r


# ---------------------------------------------------------------- input errors and graph warnings
_rule("PS100", "unreadable input", None, "error",
      "The file is missing, a directory, binary, or not UTF-8 text.",
      "A journal batch must report such files and go on with the others.",
      "pipespec check missing.pipe", "Pass a UTF-8 .pipe, .yaml, .yml or .json file.")
_rule("PS101", "syntax error", None, "error",
      "The DSL text does not follow grammar/pipespec.lark, or the YAML/JSON text is not well-formed "
      "(including YAML tags that would construct objects).",
      "A pipeline that cannot be read cannot be judged; the message names what was expected in words.",
      'pipeline "x" {\n  input a XR\n}', "Follow the construct shown in grammar/README.md at the place indicated.")
_rule("PS102", "schema error", None, "error",
      "A YAML/JSON document does not match schema/pipeline.schema.json (or the document shape is wrong).",
      "Machine-written pipelines need the same guarantees as hand-written ones.",
      "pipeline: x\nstages: {}", "Correct the value at the JSON path given in the message.")
_rule("PS103", "unknown or repeated attribute", None, "error",
      "An attribute that the stage kind does not take, or one given twice.",
      "Misspelt attributes would silently be ignored and change the decision.",
      'model m: SVM { pretrained_ob: ImageNet }', "Use an attribute of the stage kind (see grammar/README.md).")
_rule("PS104", "unknown value", None, "error",
      "A value outside its vocabulary (form, task, training, family, method, segmentation mode, operation).",
      "The rules depend on these values; a typo would change the verdict.",
      "output y: classificaton", "Use one of the listed values (the message suggests the closest).")
_rule("PS105", "duplicate stage name", None, "error", "Two stages with the same name.",
      "The data flow would be ambiguous.", "input a: CT image3d\ninput a: MRI image3d", "Rename one stage.")
_rule("PS106", "flow to or from an undefined stage", None, "error",
      "A flow or from names a stage that does not exist.", "The graph would be incomplete.",
      "flow ct -> nett", "Use the name of a declared stage (the message suggests the closest).")
_rule("PS107", "invalid declaration, expectation or waiver", None, "error",
      "declare/expect must name condition1..condition5 with yes/no (expect also review); a waiver needs a code "
      "and a justification.", "These are the author's answers and the oracle of tests.",
      "declare condition6 = maybe", "declare condition5 = yes")
_rule("PS108", "cycle in the data flow", None, "error", "The stages form a cycle; the message names it.",
      "A pipeline is a directed acyclic graph; a cycle has no input-to-output order.",
      "flow a -> b -> a", "Remove one edge of the cycle.")
_rule("PS109", "type error on an edge", None, "error",
      "An edge carries the wrong kind of data: feature extraction from a table, an output fed by raw images or a "
      "table, a stage with no inputs, an input with upstream stages, table operations on images, images and tables "
      "mixed in pre-processing.",
      "The verdicts are computed from the data types on the edges.",
      "input t: clinical tabular\nfeature_extraction f: handcrafted PyRadiomics\nflow t -> f",
      "Connect the stage to data of the right type, or insert the missing stage.")
_rule("PS110", "forbidden character in an identifier", None, "error",
      "Names and values are NFC-normalised; control and bidirectional-override characters are rejected.",
      "Such characters can make a file read differently from what it says (Trojan Source).",
      "input a\\u202e: CT image3d", "Remove the character.")
_rule("PS111", "identifier too long", None, "error", "A stage name over the identifier limit (default 128).",
      "Bounded input keeps a batch safe.", "input aaaa...(300 characters): CT", "Shorten the name.")
_rule("PS112", "limit exceeded", None, "error",
      "File size (1 MiB), nesting depth (64), YAML alias expansion (200,000 nodes) or stage count (5,000) "
      "over its limit.", "Untrusted input must not exhaust memory or time.", "a 'billion laughs' YAML document",
      "Reduce the input, or raise the limit with --max-bytes / --max-depth / --max-nodes / --max-stages.")
_rule("PS113", "invalid configuration", None, "error",
      "The .pipespec.toml or [tool.pipespec] table that applies to the file is invalid (unknown rule code, "
      "severity, or key; malformed TOML).", "A silently ignored configuration would change what fails a run.",
      '[tool.pipespec]\ndisable = ["X999"]', "Correct the configuration file named in the message.")
_rule("PS199", "internal error", None, "error",
      "pipespec itself failed on this input. This is a bug: the file is reported and the batch goes on.",
      "A journal batch must never stop on one file.", "(none known)", "Report the file to the pipespec authors.")
_rule("PS201", "stage reaches no output", None, "warning",
      "A stage from which no path leads to an output stage (or a pipeline without outputs).",
      "Dangling stages are usually a missing flow line, and they take no part in the verdicts' paths.",
      "input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> m\n",
      "Connect the stage (flow m -> y) or remove it.")

# ---------------------------------------------------------------- deciding rules
_rule("D101", "segmentation present", 1, "verdict",
      "Condition #1 is Yes when a stage delineates a region of interest: a segmentation, bounding-box or ROI-crop "
      "operation, or a model whose task is segmentation or detection. Random crops inside augment(...) are not "
      "segmentation. It is No when no stage delineates a region (whole-image analysis). It is review when the "
      "study's features come from a table computed elsewhere, so the segmentation cannot be seen.",
      "METRICS items 8 and 10 apply only to studies with segmentation (METRICS-E3 scoring advice for Condition #1, "
      "paraphrased in DESIGN.md §1).",
      "preprocessing seg: segmentation(mode: manual)", "Declare every delineation step with its mode.")
_rule("D201", "segmentation fully automated", 2, "verdict",
      "Condition #2 is Yes only when every delineation is automated with no human correction; any manual or "
      "semi-automated step, or a correction, makes it No; an unstated mode makes it review. No segmentation: No.",
      "Item 9 (formal evaluation of the automated segmentation) applies only to fully automated segmentation.",
      "preprocessing seg: segmentation(mode: automated, corrected: yes)",
      "State the mode (manual, semi_automated, automated) and whether masks were corrected.")
_rule("D301", "hand-crafted features", 3, "verdict",
      "Condition #3 is Yes when a feature-extraction stage uses predefined formulas (method handcrafted, or a "
      "hand-crafted tool such as PyRadiomics or LIFEx), or a tabular input holds radiomics features; review when "
      "an extraction's method cannot be told; otherwise No. Deep features are not hand-crafted.",
      "Item 12 (standardised extraction software) applies to hand-crafted features.",
      "feature_extraction rad: handcrafted PyRadiomics", "Give the extraction method or a known tool.")
_rule("D401", "tabular data", 4, "verdict",
      "Condition #4 is Yes when image-derived features are arranged as a table: any feature-extraction stage "
      "(hand-crafted, or deep features taken out of a network), or a tabular input holding image features. A "
      "network whose features stay inside it does not make it Yes; clinical variables alone do not either.",
      "Items 14-16 (robustness, redundancy, dimensionality of features) apply to tabular data.",
      "feature_extraction f: deep ResNet-50", "Declare extracted features as feature_extraction stages.")
_rule("D501", "an end-to-end deep-learning component", 5, "verdict",
      "Condition #5 is Yes when some deep model receives image, volume, video or mask data directly on an edge "
      "(only pre-processing in between) and leads to an output. Transfer learning, a pretrained or frozen "
      "backbone, augmentation, non-image side inputs and a modular multi-stage design do not change this; the "
      "evidence is the shortest input-to-output path through that model.",
      "METRICS-E3 asks evaluators to look for the presence of any end-to-end deep-learning component, not for a "
      "whole system that is one network (Examples 1 and 2), and keeps transfer learning and frozen layers inside "
      "the definition (Examples 3 and 4).", _E2E_EXAMPLE, "Nothing to fix: declare condition5 = yes.", E3)
_rule("D502", "only tabular methods", 5, "verdict",
      "Condition #5 is No when no deep model learns from image data: hand-crafted features with any model, deep "
      "features extracted from a network and classified by anything, fused hand-crafted and deep features "
      "(whatever model follows, an MLP included), deep networks fed only tables, or no deep model at all.",
      "METRICS-E3 treats extracted deep features as tabular data: the extraction interrupts the input-to-output "
      "learning (Examples 5 and 6, and its advice on fused models).", _FUSED_EXAMPLE,
      "Nothing to fix: declare condition5 = no (and condition4 = yes).", E3)
_rule("D503", "end-to-end status depends on missing facts", 5, "verdict",
      "Condition #5 is review when the only candidates for an end-to-end component are a model on images whose "
      "family cannot be known (an unknown name and no family), a deep model used as is (pretrained_only) inside "
      "the pipeline rather than as the study's predictive model, a deep model learning without labels "
      "(self-supervised with no task, or clustering), a deep image-to-image network (reconstruction, synthesis), "
      "or a deep network applied inside a pre-processing step; the verdict says what the author should add or the "
      "reviewer must judge.",
      "METRICS-E3 defines the condition by a model learning from input to output; whether a network was trained "
      "at all, or what an unnamed model is, is not in such declarations, and unsupervised networks are left to the "
      "evaluator.", 'model m: "in-house model"', "State the family and the training of the model.", E3)

# ---------------------------------------------------------------- misclassified Condition #5
_rule("C500", "no Condition #5 answer declared", 5, "warning",
      "The pipeline declares no answer to Condition #5.",
      "Authors self-declare METRICS conditions; the check compares the answer with the pipeline.",
      'pipeline "x" { ... }  # no declare condition5', "Add `declare condition5 = yes|no`.", E3)
_rule("C501", "fused hand-crafted and deep features declared end-to-end", 5, "error",
      "Condition #5 declared Yes, but the model is fed a table that fuses hand-crafted and extracted deep "
      "features, and no deep model learns from the images.",
      "Fusion needs the deep features taken out of the network first, which makes it a tabular method "
      "(Condition #4 Yes), whatever model comes after (METRICS-E3, advice on fused models).", _FUSED_EXAMPLE,
      "declare condition5 = no and condition4 = yes; or, if a network really is trained from the images to the "
      "output, draw that flow.", E3)
_rule("C502", "deep features with a classical classifier declared end-to-end", 5, "error",
      "Condition #5 declared Yes, but a network only extracts deep features that a classical or statistical model "
      "(logistic regression, SVM, random forest, ...) classifies.",
      "The classification is not done by a network learning from the images (METRICS-E3, Example 6).",
      _DEEPFEAT_EXAMPLE, "declare condition5 = no.", E3)
_rule("C503", "deep model on tabular features declared end-to-end", 5, "error",
      "Condition #5 declared Yes, but every deep model is fed tables (extracted features, clinical variables), "
      "never the images.", "A network on a feature table learns from features, not from the images; the "
      "input-to-output chain is broken at the extraction (METRICS-E3, advice on fused models).",
      "feature_extraction f: deep ResNet-50\nmodel mlp: MLP\nflow ct -> f -> mlp -> y",
      "declare condition5 = no. If the network's frozen layers and the new head were in fact trained together as one "
      "model from the images (METRICS-E3, Example 4), declare one model stage with training: frozen_backbone "
      "instead of a feature extraction.", E3)
_rule("C504", "no deep learning declared end-to-end", 5, "error",
      "Condition #5 declared Yes, but the pipeline has no deep model learning from images: hand-crafted features "
      "and classical or statistical models only.",
      "Hand-crafted extraction followed by a classical model is the textbook No (METRICS-E3, Example 5).",
      _RADIOMICS_EXAMPLE, "declare condition5 = no.", E3)
_rule("C505", "transfer learning or frozen layers declared not end-to-end", 5, "error",
      "Condition #5 declared No, but a deep model pretrained elsewhere (ImageNet, Kinetics, ...), fine-tuned, or "
      "with a frozen backbone learns from the images to the output.",
      "Pretraining and frozen layers do not break end-to-end learning: the model still maps input to output in "
      "one training process (METRICS-E3, Examples 3 and 4).", _E2E_EXAMPLE, "declare condition5 = yes.", E3)
_rule("C506", "modular system with an end-to-end component declared No", 5, "error",
      "Condition #5 declared No, but a deep model in a multi-stage system (e.g. a segmentation network feeding a "
      "classifier) learns from the images.",
      "What counts is the presence of any end-to-end deep-learning component, not that the whole system is one "
      "network (METRICS-E3, Examples 1 and 2).", _MODULAR_EXAMPLE, "declare condition5 = yes.", E3)
_rule("C507", "end-to-end deep learning declared No", 5, "error",
      "Condition #5 declared No, but a deep model learns directly from image data to an output.",
      "That is the definition of an end-to-end deep-learning component (METRICS-E3, Condition #5 explanation).",
      _E2E_EXAMPLE.replace("{ pretrained_on: ImageNet, training: fine_tuned, task: regression }",
                           "{ task: regression }"), "declare condition5 = yes.", E3)

# ---------------------------------------------------------------- misclassified conditions 1-4
_rule("C101", "segmentation declared No", 1, "error",
      "Condition #1 declared No, but a stage delineates a region of interest (mask, bounding box, ROI crop, or a "
      "segmentation/detection model).", "A bounding box or a crop around the lesion is segmentation too.",
      "preprocessing box: bounding_box(mode: manual)\ndeclare condition1 = no", "declare condition1 = yes.")
_rule("C102", "segmentation declared Yes without a delineating stage", 1, "error",
      "Condition #1 declared Yes, but no stage delineates a region of interest.",
      "Whole-image analysis and random crops for augmentation are not segmentation.",
      "preprocessing aug: augment(crop)\ndeclare condition1 = yes",
      "Add the segmentation stage, or declare condition1 = no.")
_rule("C201", "segmentation declared fully automated with a human step", 2, "error",
      "Condition #2 declared Yes, but a delineation is manual, semi-automated or corrected by a human.",
      "Any human action in the segmentation makes it not fully automated.",
      "preprocessing seg: segmentation(mode: automated, corrected: yes)\ndeclare condition2 = yes",
      "declare condition2 = no.")
_rule("C202", "fully automated segmentation declared No", 2, "error",
      "Condition #2 declared No, but every delineation is automated with no correction.",
      "Item 9 then applies and must be scored.", "model seg: nnU-Net { task: segmentation }\n"
                                                 "declare condition2 = no", "declare condition2 = yes.")
_rule("C301", "hand-crafted features declared No", 3, "error",
      "Condition #3 declared No, but a stage extracts hand-crafted features (or the study uses a table of them).",
      "A hybrid study running hand-crafted and deep pipelines side by side is Yes.",
      "feature_extraction rad: handcrafted PyRadiomics\ndeclare condition3 = no", "declare condition3 = yes.")
_rule("C302", "hand-crafted features declared Yes without an extraction", 3, "error",
      "Condition #3 declared Yes, but no stage extracts hand-crafted features.",
      "Deep features are not hand-crafted.", "feature_extraction f: deep ResNet-50\ndeclare condition3 = yes",
      "declare condition3 = no, or add the hand-crafted extraction.")
_rule("C401", "extracted deep features declared not tabular", 4, "error",
      "Condition #4 declared No, but deep features are taken out of a network into a table (alone, or fused with "
      "hand-crafted features).", "Extracted deep features are tabular data (METRICS-E3, advice on fused models).",
      _FUSED_EXAMPLE.replace("declare condition5 = yes", "declare condition4 = no"), "declare condition4 = yes.", E3)
_rule("C402", "hand-crafted features declared not tabular", 4, "error",
      "Condition #4 declared No, but the pipeline handles hand-crafted (or other image-derived) features as a "
      "table.", "Every hand-crafted radiomics study handles tabular data.",
      _RADIOMICS_EXAMPLE.replace("declare condition5 = yes", "declare condition4 = no"),
      "declare condition4 = yes.")
_rule("C403", "tabular data declared without image-derived features", 4, "error",
      "Condition #4 declared Yes, but no image-derived features are arranged as a table (an end-to-end network "
      "keeps its features inside; clinical variables are not image features).",
      "Items 14-16 would be scored for features that do not exist.",
      _E2E_EXAMPLE.replace("declare condition5 = no", "declare condition4 = yes"), "declare condition4 = no.")

# ---------------------------------------------------------------- labels against data flow and vocabulary
_rule("L101", "end-to-end label on a model fed extracted features", 5, "error",
      "A model whose training or label says end-to-end, but which receives no image data: its inputs are tables "
      "of extracted features.", "A label never outranks the data flow; the figures and the text must agree "
      "(METRICS-E3, advice to read text and figures together).",
      'feature_extraction f: deep ResNet-50\nmodel mlp: MLP { training: end_to_end }\nflow ct -> f -> mlp -> y',
      "Remove the end-to-end label, or draw the image flow into the model if it really learns from images.", E3)
_rule("L102", "family contradicts the vocabulary", None, "error",
      "A model's declared family disagrees with what its architecture or algorithm is (a 'deep' SVM, a "
      "'classical' ResNet). The vocabulary decides.",
      "A wrong family label is the most common way a tabular method gets called deep learning.",
      "model m: deep SVM", "Drop the family, or correct it.")
_rule("L103", "extraction method contradicts the tool", None, "error",
      "A hand-crafted feature extraction whose tool is a network (or a deep one whose tool is hand-crafted "
      "software). The tool decides the effective method.",
      "Features taken from a CNN are deep features, whatever they are called.",
      "feature_extraction f: handcrafted ResNet-50", "Correct the method (or the tool).")
_rule("L104", "end-to-end label on a feature extractor", 5, "error",
      "A feature-extraction stage labelled end-to-end: extracting features is the step that breaks end-to-end "
      "learning.", "METRICS-E3, Example 6 and the advice on fused models.",
      'feature_extraction f: deep ResNet-50 { label: "end-to-end" }', "Remove the label.", E3)
_rule("L105", "hand-crafted features without a region of interest", 1, "info",
      "Hand-crafted features are extracted from images with no delineation upstream.",
      "Radiomics features usually come from a region; if they do, Condition #1 depends on declaring it.",
      "input ct: CT image3d\nfeature_extraction rad: PyRadiomics\nflow ct -> rad",
      "Declare the segmentation stage, or confirm whole-image extraction.")

# ---------------------------------------------------------------- vocabulary and waivers
_rule("V101", "unknown architecture, algorithm or tool", None, "warning",
      "A model or extraction names something outside the vocabulary and gives no family or method, so it cannot be "
      "classified; the message suggests close known names.",
      "An unknown family can turn a verdict into review.", "model m: Resnett-34",
      "Correct the spelling, or give `family: deep|classical|statistical` (or `method:`).")
_rule("W101", "waiver that suppresses nothing", None, "warning",
      "A waive statement whose code produced no finding in this pipeline.",
      "Stale waivers hide future findings; every waiver must earn its place.",
      'waive C501 "fusion is done inside the network"', "Remove the waiver.")
_rule("W102", "waiver of an unknown or unwaivable code", None, "warning",
      "A waive statement naming a code that does not exist, or an input error (which cannot be waived).",
      "A mistyped waiver would silently do nothing.", 'waive C5O1 "..."', "Use a code from `pipespec rules`.")


def get(code: str) -> Rule | None:
    return RULES.get(code.strip().upper())
