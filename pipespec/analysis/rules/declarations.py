"""Misclassified declarations (C1xx-C5xx): the author's answer to a condition against its verdict.

Every declared answer that disagrees with the verdict is a finding named for its cause (fused features declared
end-to-end, transfer learning declared No, ...); a missing answer to Condition #5 is a warning.
"""

from __future__ import annotations

from pipespec.analysis.facts import model_family
from pipespec.analysis.graph import Graph
from pipespec.analysis.results import Decisions
from pipespec.analysis.rules.examples import (
    DEEP_FEATURES_LR,
    FUSED_RADIOMICS,
    GLIOMA_RADIOMICS,
    RADIOGRAPH_AGE,
    ct_radiomics,
    pipeline,
    radiograph_age,
)
from pipespec.analysis.rules.readings import frozen_backbone_fix, frozen_backbone_readings, one_network
from pipespec.analysis.rules.record import E3, Rule, problem
from pipespec.analysis.rules.redraw import stage_text
from pipespec.edits import Fix
from pipespec.errors import Problem, Span
from pipespec.model import Pipeline, Stage

C500 = Rule(
    code='C500',
    title='no Condition #5 answer declared',
    condition=5,
    severity='warning',
    what='The pipeline declares no answer to Condition #5.',
    why='Authors self-declare METRICS conditions; the check compares the answer with the pipeline.',
    fix='Add `declare condition5 = yes|no`.',
    reference=E3,
    example=pipeline("Radiograph age", *RADIOGRAPH_AGE),
)

C501 = Rule(
    code='C501',
    title='fused hand-crafted and deep features declared end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared Yes, but the model is fed a table that fuses hand-crafted and extracted '
          'deep features, and no deep model learns from the images.'),
    why=('Fusion needs the deep features taken out of the network first, which makes it a tabular method '
         '(Condition #4 Yes), whatever model comes after (METRICS-E3, advice on fused models).'),
    fix=('declare condition5 = no and condition4 = yes; or, if a network really is trained from the '
         'images to the output, draw that flow.'),
    reference=E3,
    example=pipeline("Fused radiomics", *FUSED_RADIOMICS, "declare condition5 = yes"),
)

C502 = Rule(
    code='C502',
    title='deep features with a classical classifier declared end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared Yes, but a network only extracts deep features that a classical or '
          'statistical model (logistic regression, SVM, random forest, ...) classifies, or that a clustering '
          'algorithm (k-means, ...) groups without labels.'),
    why='The classification is not done by a network learning from the images (METRICS-E3, Example 6).',
    fix='declare condition5 = no.',
    reference=E3,
    example=pipeline("Deep features and logistic regression", *DEEP_FEATURES_LR, "declare condition5 = yes"),
)

C503 = Rule(
    code='C503',
    title='deep model on tabular features declared end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared Yes, but every deep model is fed tables (extracted features, clinical '
          'variables), never the images.'),
    why=('A network on a feature table learns from features, not from the images; the input-to-output '
         'chain is broken at the extraction (METRICS-E3, advice on fused models).'),
    fix=("declare condition5 = no. If the network's frozen layers and the new head were in fact trained "
         'together as one model from the images (METRICS-E3, Example 4), declare one model stage with '
         'training: frozen_backbone instead of a feature extraction.'),
    reference=E3,
    example="""\
pipeline "Network on a table of deep features computed elsewhere" {
  input feats: tabular deep_features
  model mlp: MLP
  output y: classification
  flow feats -> mlp -> y
  declare condition5 = yes
}
""",
)

C504 = Rule(
    code='C504',
    title='no deep learning declared end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared Yes, but the pipeline has no deep model learning from images: '
          'hand-crafted features and classical or statistical models only.'),
    why=('Hand-crafted extraction followed by a classical model is the textbook No (METRICS-E3, Example '
         '5).'),
    fix='declare condition5 = no.',
    reference=E3,
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition5 = yes"),
)

C505 = Rule(
    code='C505',
    title='transfer learning or frozen layers declared not end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared No, but a deep model pretrained elsewhere (ImageNet, Kinetics, ...), '
          'fine-tuned, or with a frozen backbone learns from the images to the output.'),
    why=('Pretraining and frozen layers do not break end-to-end learning: the model still maps input to '
         'output in one training process (METRICS-E3, Examples 3 and 4).'),
    fix='declare condition5 = yes.',
    reference=E3,
    example=pipeline("Radiograph age", *RADIOGRAPH_AGE, "declare condition5 = no"),
)

C506 = Rule(
    code='C506',
    title='modular system with an end-to-end component declared No',
    condition=5,
    severity='error',
    what=('Condition #5 declared No, but a deep model in a multi-stage system (e.g. a segmentation '
          'network feeding a classifier) learns from the images.'),
    why=('What counts is the presence of any end-to-end deep-learning component, not that the whole '
         'system is one network (METRICS-E3, Examples 1 and 2).'),
    fix='declare condition5 = yes.',
    reference=E3,
    example="""\
pipeline "Two-stage ultrasound" {
  input us: US image2d
  model seg: DeepLabV3+ { task: segmentation }
  model cls: CNN { task: classification }
  output meta: classification
  flow us -> seg -> cls -> meta
  declare condition5 = no
}
""",
)

C507 = Rule(
    code='C507',
    title='end-to-end deep learning declared No',
    condition=5,
    severity='error',
    what='Condition #5 declared No, but a deep model learns directly from image data to an output.',
    why=('That is the definition of an end-to-end deep-learning component (METRICS-E3, Condition #5 '
         'explanation).'),
    fix='declare condition5 = yes.',
    reference=E3,
    example=pipeline("Radiograph age", *radiograph_age("ResNet-34 { task: regression }"), "declare condition5 = no"),
)

C508 = Rule(
    code='C508',
    title='network on hand-crafted feature maps declared end-to-end',
    condition=5,
    severity='error',
    what=('Condition #5 declared Yes, but the only image data any deep model learns from are voxel-wise '
          'hand-crafted feature maps (a feature extraction with produces: maps), not the images.'),
    why=('The maps are computed by predefined formulas, so the network does not learn from the input without '
         'manual feature extraction (METRICS-E3, Condition #5 recommendations). A network fed the images as well '
         'as the maps is end-to-end.'),
    fix=('declare condition5 = no; or, if the network also receives the images, draw that edge (flow images -> '
         'network).'),
    reference=E3,
    example="""\
pipeline "Network on radiomic feature maps (a typical design)" {
  input mri: MRI image3d
  preprocessing roi: segmentation(mode: manual)
  feature_extraction maps: handcrafted PyRadiomics { produces: maps, feature_classes: [glcm, first_order] }
  model net: CNN { task: classification }
  output y: classification
  flow mri -> roi -> maps -> net -> y
  declare condition5 = yes
}
""",
)

_MIL_OTHER_READING = """\
pipeline "Attention MIL over embeddings of a frozen encoder, declared as one network (a typical design)" {
  input wsi: histopathology image2d
  preprocessing tiles: tile(size: 256)
  feature_extraction emb: deep ResNet-50 { pretrained_on: ImageNet, training: pretrained_only }
  model mil: ABMIL { family: deep, task: classification }
  output y: classification
  flow wsi -> tiles -> emb -> mil -> y
  declare condition4 = no
  declare condition5 = yes
}
"""

C509 = Rule(
    code='C509',
    title='declared as the other honest reading of a deep extractor and head',
    condition=5,
    severity='warning',
    what=('Condition #5 declared Yes where the drawing shows a deep feature extraction feeding a deep head (an '
          'MLP, an attention-MIL network) and says No (METRICS-E3, Example 6), and R501 names the other honest '
          'reading of the same study: the encoder and the head as one network with a frozen backbone (METRICS-E3, '
          'Example 4), which is Yes. The answer is the verdict of that reading, so it is a warning, not the C503 '
          'error. A classical or statistical head on extracted deep features (C502) and fused hand-crafted and deep '
          'features (C501) stay errors.'),
    why=('Both drawings are true to such a paper; the answer and the drawing should tell one story, so the author '
         'is asked to draw the reading they declared, or to declare the one they drew.'),
    fix=('To make them agree, draw the encoder and the head as one model, e.g. `model mil: ResNet-50 { training: '
         'frozen_backbone, task: classification }` fed by the images instead of the feature extraction (R501 '
         'carries that edit); or declare condition5 = no.'),
    reference=f"{E3}, Examples 4 and 6",
    example=_MIL_OTHER_READING,
)

C101 = Rule(
    code='C101',
    title='segmentation declared No',
    condition=1,
    severity='error',
    what=('Condition #1 declared No, but a stage delineates a region of interest (mask, bounding box, '
          'ROI crop, or a segmentation/detection model).'),
    why='A bounding box or a crop around the lesion is segmentation too.',
    fix='declare condition1 = yes.',
    example="""\
pipeline "Bounding boxes declared as no segmentation" {
  input ct: CT image3d
  preprocessing box: bounding_box(mode: manual)
  model net: CNN
  output y: classification
  flow ct -> box -> net -> y
  declare condition1 = no
  declare condition5 = yes
}
""",
)

C102 = Rule(
    code='C102',
    title='segmentation declared Yes without a delineating stage',
    condition=1,
    severity='error',
    what='Condition #1 declared Yes, but no stage delineates a region of interest.',
    why='Whole-image analysis and random crops for augmentation are not segmentation.',
    fix='Add the segmentation stage, or declare condition1 = no.',
    example="""\
pipeline "Random crops declared as segmentation" {
  input xr: XR image2d
  preprocessing aug: augment(crop, flip)
  model net: ResNet-18
  output y: classification
  flow xr -> aug -> net -> y
  declare condition1 = yes
  declare condition5 = yes
}
""",
)

C201 = Rule(
    code='C201',
    title='segmentation declared fully automated with a human step',
    condition=2,
    severity='error',
    what=('Condition #2 declared Yes, but a delineation is manual, semi-automated or corrected by a '
          'human; or the pipeline has no segmentation at all (the message then says so).'),
    why=('Any human action in the segmentation makes it not fully automated; without a segmentation, Condition #2 '
         'does not hold either, and item 9 does not apply.'),
    fix='declare condition2 = no.',
    example=pipeline("Corrected masks declared fully automated",
                     *ct_radiomics("segmentation(mode: automated, corrected: yes)"),
                     "declare condition2 = yes", "declare condition5 = no"),
)

C202 = Rule(
    code='C202',
    title='fully automated segmentation declared No',
    condition=2,
    severity='error',
    what='Condition #2 declared No, but every delineation is automated with no correction.',
    why='Item 9 then applies and must be scored.',
    fix='declare condition2 = yes.',
    example="""\
pipeline "Automated segmentation declared not automated" {
  input ct: CT image3d
  model seg: nnU-Net { task: segmentation }
  output mask: segmentation
  flow ct -> seg -> mask
  declare condition2 = no
  declare condition5 = yes
}
""",
)

C301 = Rule(
    code='C301',
    title='hand-crafted features declared No',
    condition=3,
    severity='error',
    what=('Condition #3 declared No, but a stage extracts hand-crafted features (or the study uses a '
          'table of them).'),
    why='A hybrid study running hand-crafted and deep pipelines side by side is Yes.',
    fix='declare condition3 = yes.',
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition3 = no", "declare condition5 = no"),
)

C302 = Rule(
    code='C302',
    title='hand-crafted features declared Yes without an extraction',
    condition=3,
    severity='error',
    what='Condition #3 declared Yes, but no stage extracts hand-crafted features.',
    why='Deep features are not hand-crafted.',
    fix='declare condition3 = no, or add the hand-crafted extraction.',
    example=pipeline("Deep features and logistic regression", *DEEP_FEATURES_LR, "declare condition3 = yes",
                     "declare condition5 = no"),
)

C401 = Rule(
    code='C401',
    title='extracted deep features declared not tabular',
    condition=4,
    severity='error',
    what=('Condition #4 declared No, but deep features are taken out of a network into a table (alone, '
          'or fused with hand-crafted features).'),
    why='Extracted deep features are tabular data (METRICS-E3, advice on fused models).',
    fix='declare condition4 = yes.',
    reference=E3,
    example=pipeline("Fused radiomics", *FUSED_RADIOMICS, "declare condition4 = no", "declare condition5 = no"),
)

C402 = Rule(
    code='C402',
    title='hand-crafted features declared not tabular',
    condition=4,
    severity='error',
    what=('Condition #4 declared No, but the pipeline handles hand-crafted (or other image-derived) '
          'features as a table.'),
    why='Every hand-crafted radiomics study handles tabular data.',
    fix='declare condition4 = yes.',
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition4 = no", "declare condition5 = no"),
)

C409 = Rule(
    code='C409',
    title='tabular data declared No with the other honest reading of a deep extractor and head',
    condition=4,
    severity='warning',
    what=('Condition #4 declared No where the drawing takes deep features out of a network into a table (Yes), '
          'and every such table is the extraction of an R501 pair (a deep extraction feeding a deep head) that the '
          'other honest reading draws as one network with a frozen backbone, whose features stay inside it (No). '
          'The answer goes with that reading, so it is a warning, not the C401 error.'),
    why=('Conditions #4 and #5 move together between the two readings; the author should draw the reading they '
         'declared, or declare the one they drew.'),
    fix=('To make them agree, draw the encoder and the head as one model with training: frozen_backbone (R501 '
         'carries that edit); or declare condition4 = yes.'),
    reference=f"{E3}, Examples 4 and 6",
    example=_MIL_OTHER_READING,
)

C403 = Rule(
    code='C403',
    title='tabular data declared without image-derived features',
    condition=4,
    severity='error',
    what=('Condition #4 declared Yes, but no image-derived features are arranged as a table (an '
          'end-to-end network keeps its features inside; clinical variables are not image features; deep '
          'embeddings that are only clustered without labels are not handled as a radiomics table, METRICS-E3, '
          'Condition #4, Example 5).'),
    why='Items 14-16 would be scored for features that do not exist.',
    fix='declare condition4 = no.',
    example=pipeline("Radiograph age", *RADIOGRAPH_AGE, "declare condition4 = yes", "declare condition5 = yes"),
)


RULES = (C500, C501, C502, C503, C504, C505, C506, C507, C508, C509, C101, C102, C201, C202, C301, C302, C401, C402,
         C403, C409)
_BY_CODE = {r.code: r for r in RULES}

_C5_NO = {"fused": "C501", "deep_features_classical": "C502", "deep_features": "C502", "deep_on_tables": "C503",
          "no_deep": "C504", "handcrafted_maps": "C508", "image_to_image_only": "C504",
          "embeddings_clustered": "C502"}


def misclassifications(p: Pipeline, g: Graph, decisions: Decisions) -> list[Problem]:
    """A finding for every declared answer that disagrees with its verdict, named for its cause."""
    verdicts, facts = decisions.verdicts, decisions.end_to_end
    out: list[Problem] = []
    # the pairs R501 reads as one frozen-backbone network, with a deep head (a linear head on extracted features is
    # METRICS-E3 Example 6 itself: C502 stays an error)
    other: list[tuple[Stage, Stage]] | None = None  # found when a declared answer disagrees (rarely)
    for c in range(1, 6):
        v = verdicts[c]
        d = p.declared(c)
        if d is None:
            if c == 5:
                out.append(problem(C500, "no answer to Condition #5 (end-to-end deep learning) is declared; "
                                    f"the pipeline shows {v.verdict.upper()}: {v.reason}", p.span))
            continue
        if v.verdict == "review" or d.value == v.verdict:
            continue
        if other is None:
            other = [(x, h) for x, h in frozen_backbone_readings(p, g, decisions) if model_family(h) == "deep"]
        related = tuple(g.stages[n].span for e in v.evidence for n in e.stages if n in g.stages)
        stage = v.evidence[0].stages[0] if v.evidence and v.evidence[0].stages else None
        shows = f"(declared {d.value}, the pipeline shows {v.verdict}): {v.reason}"
        if c == 5:
            if d.value == "yes":
                code = _C5_NO.get(v.cause or "", "C504")
                pair = next(((x, h) for x, h in other if h.name == stage), None)
                if code == "C503" and pair is not None:
                    out.append(_other_reading(C509, 5, pair, v.reason, d.span, related,
                                              frozen_backbone_fix(p, g, *pair)))
                    continue
            else:
                code = "C506" if facts.modular else "C505" if facts.transfer else "C507"
            if v.evidence and v.evidence[0].paths:
                shows += " [path: " + " -> ".join(v.evidence[0].paths[0]) + "]"
        elif c == 1:
            code = "C101" if d.value == "no" else "C102"
        elif c == 2:
            code = "C201" if d.value == "yes" else "C202"
        elif c == 3:
            code = "C301" if d.value == "no" else "C302"
        else:
            code = ("C401" if v.cause == "deep_features" else "C402") if d.value == "no" else "C403"
            tables = {n for e in v.evidence for n in e.stages}
            if code == "C401" and other and tables <= {x.name for x, _ in other}:
                out.append(_other_reading(C409, 4, other[0], v.reason, d.span, related,
                                          frozen_backbone_fix(p, g, *other[0])))
                continue
        rule = _BY_CODE[code]
        title = rule.title
        if code == "C201" and verdicts[1].verdict == "no":  # nothing is segmented: no human step to speak of
            title = "segmentation declared fully automated, but the pipeline has no segmentation"
        out.append(problem(rule, f"#{c} {title} {shows}", d.span, stage, related))
    return out


def _other_reading(rule: Rule, condition: int, pair: tuple[Stage, Stage], reason: str, span: Span,
                   related: tuple[Span, ...], edit: Fix | None) -> Problem:
    """C509 / C409: the declared answer is the verdict of the other honest reading R501 names; the edit is R501's
    (drawing the reading declared), never a change of the answer."""
    x, head = pair
    shows = "No" if condition == 5 else "Yes"
    declared = "yes" if condition == 5 else "no"
    tool = x.text("tool") or x.text("backbone") or "CNN"
    feeds = ", ".join(f"'{u}'" for u in x.inputs) or "the images"
    statement = stage_text(one_network(x, head), "").strip()  # what R501 shows and its edit writes
    carried = "R501 carries that edit" if edit is not None else "R501's message shows it"
    # the fix names the study's own stages and network, as the message does (the rule's text is a generic example)
    fix = (f"To make them agree, draw the encoder and the head as one model, `{statement}`, fed by {feeds} instead "
           f"of '{x.name}' ({carried}); or declare condition{condition} = {shows.lower()}.")
    return problem(rule, f"#{condition} declared as the other honest reading ({declared}: '{x.name}' and "
                         f"'{head.name}' as one network with a frozen backbone, METRICS-E3 Example 4); the drawing "
                         f"says {shows}: {reason}. To make it agree, draw `model {head.name}: {tool} {{ training: "
                         f"frozen_backbone }}` fed by {feeds} instead of '{x.name}' (R501 carries the edit), or "
                         f"declare condition{condition} = {shows.lower()}",
                   span, head.name, related, fix=fix, autofix=edit)
