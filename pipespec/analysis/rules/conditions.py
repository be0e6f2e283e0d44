"""The rules that decide the five METRICS conditions (D101-D503) from the stage graph.

Decisions read only the graph (types on edges, provenance, paths) and the vocabulary, never a stage's own label;
stages are visited in declaration/topological order and evidence paths are shortest paths, so a verdict is
deterministic.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from collections.abc import Callable
from typing import NamedTuple

from pipespec import vocab
from pipespec.analysis.facts import (
    DelineationFacts,
    deep_candidates,
    delineation_facts,
    is_clustering,
    model_candidates,
    model_family,
    model_task,
    model_tasks,
    model_training,
    op_tool,
    produces_maps,
    ready_made_product,
    used_as_is,
)
from pipespec.analysis.graph import (
    DEEP,
    FEATURES,
    HANDCRAFTED,
    IMAGE,
    IMAGE_TYPES,
    MAPS,
    RAW_TYPES,
    SEMANTIC,
    TABLE,
    Graph,
)
from pipespec.analysis.results import Decisions, EndToEndFacts, Evidence, Verdict
from pipespec.analysis.rules.examples import (
    DEEP_FEATURES_LR,
    FUSED_RADIOMICS,
    GLIOMA_RADIOMICS,
    RADIOGRAPH_AGE,
    ct_model,
    ct_radiomics,
    pipeline,
)
from pipespec.analysis.rules.record import E3, Rule
from pipespec.language.lexicon import value_text
from pipespec.model import Op, Stage

MAX_EVIDENCE = 3  # paths reported per verdict: a few shortest, never all

D101 = Rule(
    code='D101',
    title='segmentation present',
    condition=1,
    severity='verdict',
    what=('Condition #1 is Yes when a stage delineates a region of interest: a segmentation, '
          'bounding-box or ROI-crop operation, or a model whose task is segmentation or detection. '
          'Random crops inside augment(...) are not segmentation. It is No when no stage delineates a '
          "region (whole-image analysis). It is review when the study's features come from a table "
          'computed elsewhere, so the segmentation cannot be seen.'),
    why=('METRICS items 8 and 10 apply only to studies with segmentation.'),
    fix='Declare every delineation step with its mode.',
    example=pipeline("Manual segmentation", *GLIOMA_RADIOMICS),
    configurable=False,
)

D201 = Rule(
    code='D201',
    title='segmentation fully automated',
    condition=2,
    severity='verdict',
    what=('Condition #2 is Yes only when every delineation is automated with no human correction; any '
          'manual or semi-automated step, or a correction, makes it No; an unstated mode makes it '
          'review. No segmentation: No.'),
    why=('Item 9 (formal evaluation of the automated segmentation) applies only to fully automated '
         'segmentation.'),
    fix='State the mode (manual, semi_automated, automated) and whether masks were corrected.',
    example=pipeline("Automated segmentation corrected by a reader",
                     *ct_radiomics("segmentation(mode: automated, corrected: yes)")),
    configurable=False,
)

D301 = Rule(
    code='D301',
    title='hand-crafted features',
    condition=3,
    severity='verdict',
    what=('Condition #3 is Yes when a feature-extraction stage uses predefined formulas (method '
          'handcrafted, or a hand-crafted tool such as PyRadiomics or LIFEx), or a tabular input holds '
          "radiomics features; review when an extraction's method cannot be told; otherwise No. Deep "
          'features are not hand-crafted.'),
    why='Item 12 (standardised extraction software) applies to hand-crafted features.',
    fix='Give the extraction method or a known tool.',
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS),
    configurable=False,
)

D401 = Rule(
    code='D401',
    title='tabular data',
    condition=4,
    severity='verdict',
    what=('Condition #4 is Yes when image-derived features are arranged as a table: any '
          'feature-extraction stage (hand-crafted, or deep features taken out of a network), or a '
          'tabular input holding image features. A network whose features stay inside it does not make '
          'it Yes; clinical variables alone do not either; nor do deep embeddings whose only use is '
          'unsupervised clustering (k-means, hierarchical, Gaussian mixtures), with or without reduce/PCA or '
          'scaling steps between (METRICS-E3, Condition #4, Example 5). Deep features that go into feature '
          'selection or a supervised model are a table (Example 3).'),
    why='Items 14-16 (robustness, redundancy, dimensionality of features) apply to tabular data.',
    fix='Declare extracted features as feature_extraction stages.',
    example=pipeline("Deep features and logistic regression", *DEEP_FEATURES_LR),
    configurable=False,
)

D501 = Rule(
    code='D501',
    title='an end-to-end deep-learning component',
    condition=5,
    severity='verdict',
    what=('Condition #5 is Yes when some deep model receives image, volume, video or mask data directly '
          'on an edge (only pre-processing in between) and leads to an output. Transfer learning, a '
          'pretrained or frozen backbone, augmentation, non-image side inputs and a modular multi-stage '
          'design do not change this; the evidence is the shortest input-to-output path through that '
          'model.'),
    why=('METRICS-E3 asks evaluators to look for the presence of any end-to-end deep-learning component, '
         'not for a whole system that is one network (Examples 1 and 2), and keeps transfer learning and '
         'frozen layers inside the definition (Examples 3 and 4).'),
    fix='Nothing to fix: declare condition5 = yes.',
    reference=E3,
    example=pipeline("Radiograph age", *RADIOGRAPH_AGE),
    configurable=False,
)

D502 = Rule(
    code='D502',
    title='only tabular methods',
    condition=5,
    severity='verdict',
    what=('Condition #5 is No when no deep model learns from image data: hand-crafted features with any '
          'model, deep features extracted from a network and classified by anything, fused hand-crafted '
          'and deep features (whatever model follows, an MLP included), deep networks fed only tables, '
          'or no deep model at all.'),
    why=('METRICS-E3 treats extracted deep features as tabular data: the extraction interrupts the '
         'input-to-output learning (Examples 5 and 6, and its advice on fused models).'),
    fix='Nothing to fix: declare condition5 = no (and condition4 = yes).',
    reference=E3,
    example=pipeline("Fused radiomics", *FUSED_RADIOMICS),
    configurable=False,
)

D503 = Rule(
    code='D503',
    title='end-to-end status depends on missing facts',
    condition=5,
    severity='verdict',
    what=('Condition #5 is review when the only candidates for an end-to-end component are a model on '
          'images whose family cannot be known (an unknown name and no family), a deep network used as is '
          "inside the pipeline rather than as the study's predictive model (a delineation by a ready-made "
          'network, however it is written: a model with training: pretrained_only, a ready-made product with no '
          'training stated, an operation\'s tool such as segmentation(tool: TotalSegmentator)), an automated '
          'delineation whose tool the vocabulary does not know and whose family is not given, a deep model '
          'learning without labels (self-supervised with no task, or clustering), or a deep image-to-image '
          'network trained in the study (reconstruction, synthesis); the verdict says what the author should add '
          'or the reviewer must judge. A ready-made network that only prepares the images (reconstruction, '
          'denoising, skull stripping, registration, synthesis, harmonisation) never makes it review (R504).'),
    why=('METRICS-E3 defines the condition by a model learning from input to output; whether a network '
         'was trained at all, or what an unnamed model is, is not in such declarations, and unsupervised '
         'networks are left to the evaluator.'),
    fix='State the family and the training of the model.',
    reference=E3,
    example=pipeline("Unnamed in-house model", *ct_model('m: "in-house model"')),
    configurable=False,
)


# ============================================================================ delineation (conditions 1, 2)
HUMAN_MODES = ("manual", "semi_automated", "prompt")  # a reader draws, edits, or prompts the tool
HUMAN_CORRECTIONS = ("subset", "all")


class Delineation(NamedTuple):
    stage: str
    what: str  # e.g. "segmentation (manual)"
    human: bool | None  # True: a human acts; False: fully automated; None: not stated
    deep_tool: bool = False  # an applied deep segmentation tool (pre-processing op)
    facts: DelineationFacts = DelineationFacts()  # readers, corrections, reproducibility subsets
    partitions: bool = False  # partitions a region delineated before it into subregions (habitats)
    training: str = ""  # why it is used only in training ("training only", "labels for 'det'"); "" when applied


def _corrected_words(f: DelineationFacts) -> str | None:
    words = [w for w in ({"all": "corrected", "subset": "a subset corrected"}.get(f.corrected or ""),
                         "visually checked" if f.qc == "visual" else None,
                         f"propagated from {f.propagated_from}" if f.propagated_from else None) if w]
    return ", ".join(words) or None


def _copied_modes(by_stage: dict[str, list[Delineation]], src: str) -> list[bool | None]:
    """Who drew the masks a stage copies from ``src``: a copy of a copy (T2 to ADC to DWI) goes back along the
    chain to the delineations that state their mode (a loop of copies states none)."""
    humans: list[bool | None] = []
    seen = {src}
    todo = [src]
    while todo:
        for x in by_stage.get(todo.pop(), []):
            up = x.facts.propagated_from
            if x.human is None and up and up in by_stage and up not in seen:
                seen.add(up)
                todo.append(up)
            else:
                humans.append(x.human)
    return humans


def _inherit_modes(g: Graph, found: list[Delineation]) -> list[Delineation]:
    """A delineation of unstated mode that copies another's masks (``propagated_from``) has that delineation's
    mode, and one that partitions a region into habitats the mode of the delineations of that region: a human
    acts if one acts there, and it is automated if every one there is."""
    by_stage: dict[str, list[Delineation]] = {}
    for d in found:
        by_stage.setdefault(d.stage, []).append(d)
    out: list[Delineation] = []
    for d in found:
        src = d.facts.propagated_from
        humans: list[bool | None] = []
        if d.human is None and src and src != d.stage and src in by_stage:
            humans = _copied_modes(by_stage, src)
        elif d.human is None and d.partitions:
            # habitats partition the region delineated before them (upstream, or earlier in the same stage)
            upstream = g.ancestors([d.stage])
            humans = [x.human for x in found if not x.partitions and (x.stage in upstream or x.stage == d.stage)]
        if humans:
            if any(h is True for h in humans):
                d = d._replace(human=True)
            elif humans and all(h is False for h in humans):
                d = d._replace(human=False)
        out.append(d)
    return out


def delineations(g: Graph) -> list[Delineation]:
    """Every delineation of a region of interest on the data path: delineating operations, segmentation or
    detection models (multi-task networks included), and mask or box inputs. Stages that only pass weights on are
    not on the data path; a delineation used only in training (training_only, or reached only through labels_from)
    is listed with ``training`` saying so."""
    out: list[Delineation] = []
    for st in g.pipeline.stages:
        if st.name in g.weights_only:
            continue
        before = len(out)
        if st.kind == "preprocessing":
            for op in st.ops:
                if op.custom or vocab.op_category(op.name) != "roi":
                    continue
                mode = op.param("mode")
                facts = delineation_facts(op)
                tool = op_tool(op)
                family = tool.family if tool is not None else None
                human: bool | None
                if facts.corrected in HUMAN_CORRECTIONS or mode in HUMAN_MODES:
                    human = True
                elif family == "manual":
                    human = True
                elif mode == "automated" or family == "deep":
                    human = False
                else:
                    human = None
                detail = ", ".join(str(x) for x in (mode, _corrected_words(facts)) if x)
                label = f"{op.name} ({detail})" if detail else op.name
                out.append(Delineation(st.name, label, human, family == "deep", facts,
                                       op.name == "habitat"))
        elif st.kind == "model" and model_task(st) in ("segmentation", "detection"):
            facts = delineation_facts(st)
            human = facts.corrected in HUMAN_CORRECTIONS
            tasks = " and ".join(model_tasks(st)) or str(model_task(st))
            what = "detector" if model_task(st) == "detection" and len(model_tasks(st)) <= 1 else f"{tasks} model"
            words = _corrected_words(facts)
            out.append(Delineation(st.name, what + (f" ({words})" if words else ""), human, facts=facts))
        elif st.kind == "input" and g.type[st.name] == "mask":
            mode = st.text("mode")
            facts = delineation_facts(st)
            human = (True if mode in HUMAN_MODES or facts.corrected in HUMAN_CORRECTIONS
                     else False if mode == "automated" else None)
            noun = "boxes" if st.text("form") == "boxes" else "masks"
            detail = ", ".join(str(x) for x in (mode, _corrected_words(facts)) if x)
            out.append(Delineation(st.name, f"{noun} provided ({detail})" if detail else f"{noun} provided", human,
                                   facts=facts))
        training = _training_note(g, st.name) if len(out) > before else ""
        if training:
            out[before:] = [x._replace(training=training) for x in out[before:]]
    return _inherit_modes(g, out) if any(d.facts.propagated_from or d.partitions for d in out) else out


def _training_note(g: Graph, name: str) -> str:
    """Why the stage ``name`` is used only in training ("" when its data is used when the system is applied)."""
    if name in g.training_only:
        return "training only"
    if name in g.labels_only:
        learners = g.labels_to.get(name) or []
        return ("labels for " + ", ".join(f"'{n}'" for n in learners[:3])) if learners else "training labels only"
    return ""


def _training_labels(g: Graph, d: Delineation) -> bool:
    """Masks drawn by people that only train segmentation models: a stage of mask data whose every successor is a
    segmentation/detection model that also receives images by another edge. A delineation the images flow
    through (a box prompting a network, a crop) is applied to every case, so it is not training labels."""
    if g.type[d.stage] != "mask":
        return False
    succ = g.succ[d.stage]
    return bool(succ) and all(
        g.stages[v].kind == "model" and model_task(g.stages[v]) in ("segmentation", "detection")
        and any(g.type[u] in IMAGE_TYPES and g.type[u] != "mask" for u in g.stages[v].inputs if u != d.stage)
        for v in succ)


def _stages_with_image_holds(g: Graph) -> list[str]:
    return [s.name for s in g.pipeline.stages
            if s.kind == "input" and g.type[s.name] == "tabular"
            and g.provenance[s.name] & {HANDCRAFTED, DEEP, FEATURES, SEMANTIC}]


def decide_1(g: Graph, d: list[Delineation]) -> Verdict:
    if d:
        names = tuple(dict.fromkeys(x.stage for x in d))
        return Verdict(1, "yes", D101.code, "a stage delineates a region of interest: "
                       + ", ".join(f"{x.stage} [{x.what}{'; ' + x.training if x.training else ''}]" for x in d[:5]),
                       (Evidence(names),), cause="delineation")
    tables = _stages_with_image_holds(g)
    if tables:
        return Verdict(1, "review", D101.code, f"features come from a table computed elsewhere ({', '.join(tables)}); "
                       "the segmentation behind them is not declared: state whether they were computed within a "
                       "delineated region", (Evidence(tuple(tables)),), cause="features_elsewhere")
    return Verdict(1, "no", D101.code, "no stage delineates a region of interest (whole-image analysis)", (),
                   cause="whole_image")


def decide_2(g: Graph, d: list[Delineation], c1: Verdict) -> Verdict:
    if c1.verdict != "yes":
        v = "no" if c1.verdict == "no" else "review"
        return Verdict(2, v, D201.code, "no segmentation, so not an automated one" if v == "no"
                       else "depends on Condition #1", (), cause="no_segmentation")
    training = [x for x in d if x.training]
    labels = [x for x in d if not x.training and x.human is not False and _training_labels(g, x)]
    applied = [x for x in d if x not in labels and not x.training]
    if not applied and training:
        return Verdict(2, "no", D201.code, "every delineation is used only in training ("
                       + ", ".join(f"{x.stage} [{x.what}; {x.training}]" for x in training[:5])
                       + "); none is applied when the system is used",
                       (Evidence(tuple(dict.fromkeys(x.stage for x in training))),), cause="training_only")
    human = [x for x in applied if x.human]
    if human:
        return Verdict(2, "no", D201.code, "a human takes part in the segmentation: "
                       + ", ".join(f"{x.stage} [{x.what}]" for x in human[:5]),
                       (Evidence(tuple(dict.fromkeys(x.stage for x in human))),), cause="human_step")
    unknown = [x for x in applied if x.human is None]
    if unknown:
        return Verdict(2, "review", D201.code, "the mode of "
                       + ", ".join(f"{x.stage} [{x.what}]" for x in unknown[:5])
                       + " is not stated: add mode: manual | semi_automated | automated (and corrected: yes if a "
                         "human edited the masks)", (Evidence(tuple(dict.fromkeys(x.stage for x in unknown))),),
                       cause="mode_unknown")
    note = ("; " + ", ".join(x.stage for x in labels[:5]) + " only label the training of the segmentation model"
            if labels else "")
    if training:
        note += "; used only in training: " + ", ".join(f"{x.stage} ({x.training})" for x in training[:5])
    return Verdict(2, "yes", D201.code, "every delineation applied to the data is automated with no human correction: "
                   + ", ".join(f"{x.stage} [{x.what}]" for x in applied[:5]) + note,
                   (Evidence(tuple(dict.fromkeys(x.stage for x in applied))),), cause="automated")


# ============================================================================ features (conditions 3, 4)
def decide_3(g: Graph) -> Verdict:
    hand, unknown = [], []
    for s in g.pipeline.stages:
        if s.name in g.relation_only:
            continue
        if s.kind == "feature_extraction":
            m = g.method(s.name)
            if m == "handcrafted":
                hand.append(s.name)
            elif m is None:
                unknown.append(s.name)
        elif s.kind == "input" and HANDCRAFTED in g.provenance[s.name]:
            hand.append(s.name)
        elif s.kind == "input" and FEATURES in g.provenance[s.name]:
            unknown.append(s.name)
    if hand:
        maps = [n for n in hand if produces_maps(g.stages[n])]
        return Verdict(3, "yes", D301.code, "hand-crafted features: " + ", ".join(
            f"{n} (voxel-wise feature maps)" if n in maps else n for n in hand[:5]), (Evidence(tuple(hand)),),
                       cause="handcrafted")
    if unknown:
        return Verdict(3, "review", D301.code, "the kind of features of " + ", ".join(unknown[:5])
                       + " is not stated: give method: handcrafted | deep (or a known tool), or holds: for a table",
                       (Evidence(tuple(unknown)),), cause="method_unknown")
    return Verdict(3, "no", D301.code, "no hand-crafted feature extraction", (), cause="none")


_CLUSTERING_PASSES = ("reduce", "normalize")  # steps that leave embeddings unprocessed as radiomics tables are


def clustered_only(g: Graph, name: str) -> tuple[str, ...]:
    """The clustering models that are the only consumers of the deep features of extraction ``name`` (through
    ``reduce``/PCA or scaling steps only), or ``()`` when anything else uses them: feature selection, a supervised
    model, fusion, an output. Such embeddings are grouped without labels, not handled as a radiomics table
    (METRICS-E3, Condition #4, Example 5)."""
    if g.method(name) != "deep":
        return ()
    found: list[str] = []
    seen = {name}
    stack = [name]
    while stack:
        for v in g.succ[stack.pop()]:
            if v in seen:
                continue
            seen.add(v)
            st = g.stages[v]
            if st.kind == "model" and is_clustering(st):
                found.append(v)
            elif st.kind == "preprocessing" and st.ops and all(
                    not op.custom and op.name in _CLUSTERING_PASSES
                    for op in st.ops) and len(st.inputs) == 1:
                stack.append(v)
            else:
                return ()
    return tuple(sorted(found))


def decide_4(g: Graph) -> Verdict:
    extracted = [s.name for s in g.pipeline.stages if s.kind == "feature_extraction" and not produces_maps(s)
                 and s.name not in g.relation_only]
    clustered = {n: clustered_only(g, n) for n in extracted}
    clustered = {n: c for n, c in clustered.items() if c}
    extracted = [n for n in extracted if n not in clustered]
    tables = _stages_with_image_holds(g)
    found = extracted + tables
    if found:
        deep = [n for n in found if DEEP in g.provenance[n]]
        cause = "deep_features" if deep else "features"
        return Verdict(4, "yes", D401.code, "image-derived features are handled as a table: " + ", ".join(found[:5]),
                       (Evidence(tuple(found)),), cause=cause)
    if clustered:
        names = list(clustered)
        models = sorted({m for c in clustered.values() for m in c})
        return Verdict(4, "no", D401.code, "the deep embeddings of " + ", ".join(names[:5]) + " are only grouped "
                       "without labels by " + ", ".join(models[:5]) + " (unsupervised clustering): no table of "
                       "features is selected or modelled as radiomics features are (METRICS-E3, Condition #4, "
                       "Example 5)", (Evidence(tuple(names + models)),), cause="embeddings_clustered")
    maps = [s.name for s in g.pipeline.stages if produces_maps(s) and s.name not in g.relation_only]
    if maps:
        return Verdict(4, "no", D401.code, "hand-crafted features are computed only as voxel-wise feature maps ("
                       + ", ".join(maps[:5]) + "): images, not a table", (Evidence(tuple(maps)),), cause="maps")
    unstated = [s.name for s in g.pipeline.stages
                if s.kind == "input" and g.type[s.name] == "tabular" and TABLE in g.provenance[s.name]]
    if unstated:
        return Verdict(4, "review", D401.code, "what the table(s) " + ", ".join(unstated[:5]) + " hold is not stated: "
                       "give holds: clinical | radiomics | deep_features | image_features",
                       (Evidence(tuple(unstated)),), cause="table_unknown")
    return Verdict(4, "no", D401.code, "no image-derived features are arranged as a table", (), cause="none")


# ============================================================================ end-to-end deep learning (condition 5)
class NetworkUse(NamedTuple):
    """A tool named by a pre-processing operation, with what the operation does with it: ``delineation`` (a
    region-of-interest operation), ``preparation`` (an image operation, or any operation on images: reconstruction,
    denoising, skull stripping, registration, synthesis, harmonisation), ``custom`` (a quoted step) or ``table`` (an
    operation on features)."""

    op: Op
    tool: str
    family: str | None  # deep | classical | statistical | manual | handcrafted, None when unknown
    known: bool
    role: str


def network_uses(g: Graph, s: Stage) -> list[NetworkUse]:
    """What each operation of the pre-processing stage ``s`` that names a tool does with it, in operation order."""
    out: list[NetworkUse] = []
    if "tool" not in g.op_keys:  # (no operation of the pipeline names one)
        return out
    for op, tool in g.tools(s.name):
        if op.custom:
            role = "custom"
        elif vocab.op_category(op.name) == "roi":
            role = "delineation"
        elif vocab.op_category(op.name) == "image" or g.type.get(s.name) in IMAGE_TYPES:
            role = "preparation"
        else:
            role = "table"
        out.append(NetworkUse(op, tool.tool, tool.family, tool.known, role))
    return out


def _is_image_input(g: Graph, masks: bool = True) -> Callable[[Stage], bool]:
    return lambda s: s.kind == "input" and g.type[s.name] in IMAGE_TYPES and (masks or g.type[s.name] != "mask")


def _is_input(s: Stage) -> bool:
    return s.kind == "input"


def _is_output(s: Stage) -> bool:
    return s.kind == "output"


def _through(g: Graph, name: str, image_only: bool) -> tuple[str, ...]:
    """Shortest input -> ... -> name -> ... -> output path. With ``image_only``, only image edges on the way in,
    starting at an image input rather than a mask input when there is one."""
    if image_only:  # data used only in training (training_only) is never on the path when another one exists
        before = (g.path_from(name, _is_image_input(g, masks=False), g.applied_image_edge)
                  or g.path_from(name, _is_image_input(g), g.applied_image_edge)
                  or g.path_from(name, _is_image_input(g, masks=False), g.image_edge)
                  or g.path_from(name, _is_image_input(g), g.image_edge))
    else:
        before = g.path_from(name, _is_input, g.applied_edge) or g.path_from(name, _is_input)
    after = g.path_to(name, _is_output) or [name]
    return tuple((before or [name]) + after[1:])


def learns_from_images(g: Graph, name: str) -> bool:
    """Image data reaches the model ``name`` directly: an image edge carrying images, raw acquisition data or masks,
    not only hand-crafted feature maps."""
    return any(IMAGE in g.provenance[u] or g.type[u] in RAW_TYPES for u in g.image_inputs(name))


def maps_only(g: Graph, name: str) -> bool:
    """The only image data reaching ``name`` are hand-crafted feature maps."""
    ins = g.image_inputs(name)
    return bool(ins) and not learns_from_images(g, name) and any(MAPS in g.provenance[u] for u in ins)


def _weights_note(g: Graph, s: Stage) -> str | None:
    src = g.weights_source(s.name)
    if src is None or src not in g.stages:
        return None
    source = g.stages[src]
    how = model_training(source)
    tasks = model_tasks(source) if source.kind == "model" else ()
    what = (f"{how.replace('_', ' ')}" if how else "") + (f", {'/'.join(tasks)}" if tasks else "")
    return f"weights from '{src}'" + (f" ({what.strip(', ')})" if what.strip(", ") else "")


def _source_words(g: Graph, name: str) -> str:
    """What a label source is, in a few words: a teacher model (and whether it reaches an output), masks or boxes
    and how they were drawn, text, a delineation step."""
    st = g.stages[name]
    if st.kind == "model":
        fam = model_family(st)
        words = f"{fam + ' ' if fam else ''}model" + (", reaches no output" if name in g.labels_only else "")
    elif st.kind == "input":
        form = st.text("form") or g.type[name]
        words = "masks" if form == "mask" else form
        if st.text("mode"):
            words += f", {st.text('mode')}"
    elif st.kind == "preprocessing":
        roi = any(not op.custom and vocab.op_category(op.name) == "roi" for op in st.ops)
        words = "a delineation step" if roi else "pre-processed data"
    else:
        words = "features"
    return words + (", training only" if name in g.training_only else "")


def _labels_note(g: Graph, s: Stage) -> str | None:
    """Where a network's training labels come from (labels_from), for the reasons."""
    sources = [x for x in g.labels_of(s.name) if x in g.stages]
    if not sources:
        return None
    return "labels from " + ", ".join(f"'{x}' ({_source_words(g, x)})" for x in sources[:3])


def _training_data_note(g: Graph, s: Stage) -> str | None:
    """The data used only in training that flows into a network (training_only stages upstream of it)."""
    if not g.training_only:
        return None
    found = sorted(g.ancestors([s.name]) & g.training_only)
    return ("training-only data from " + ", ".join(f"'{x}'" for x in found[:3])) if found else None


def _candidates_note(s: Stage) -> str:
    allc = model_candidates(s)
    deep = deep_candidates(s)
    if len(allc) <= 1:
        return s.text("architecture") or s.text("algorithm") or "deep model"
    if set(deep) == set(allc):
        return "compared: " + ", ".join(allc)
    return ", ".join(deep) + " (of the compared " + ", ".join(allc) + ")"


def decide_5(g: Graph) -> tuple[Verdict, EndToEndFacts]:
    e2e: list[Stage] = []
    review: list[tuple[Stage, str]] = []
    for name in g.order:
        s = g.stages[name]
        if name in g.relation_only:
            continue  # only passes its weights or labels on: the verdict follows the data flow that reaches an output
        if s.kind == "preprocessing":
            for use in network_uses(g, s):
                op = use.op
                if use.role != "delineation":
                    continue  # a network preparing the images, a custom step: nothing learned here (R504)
                if use.family == "deep":
                    review.append((s, f"'{s.name}' delineates with the deep network {use.tool} used as is "
                                      f"({op.name}); if it was trained or fine-tuned on the study's data it is an "
                                      "end-to-end component: declare it as a model stage with its task and "
                                      "training"))
                elif use.family is None and op.param("mode") not in HUMAN_MODES:
                    review.append((s, f"'{s.name}' delineates automatically with {use.tool}, a tool the vocabulary "
                                      f"does not know ({op.name}): a network used as is would leave this to the "
                                      f"reviewer, software without learning would not; give `family: deep | "
                                      f"classical` ({op.name}(tool: {value_text(use.tool)}, family: classical))"))
            continue
        if s.kind != "model" or not g.image_inputs(name) or not learns_from_images(g, name):
            continue
        fam = model_family(s)
        training = model_training(s)
        if fam == "deep":
            tasks = model_tasks(s)
            task = model_task(s)
            predicts = any(g.stages[v].kind == "output" for v in g.succ[name])
            image_only = bool(tasks) and all(t == "image_to_image" for t in tasks)
            as_is = used_as_is(s)
            if image_only and as_is:
                continue  # a ready-made network preparing the images (reconstruction, denoising): nothing learned
            if as_is and not predicts:
                product = ready_made_product(s)
                how = (f"names {product}, a ready-made network, with no training stated: read as used as is"
                       if product else "is a deep model used as is (pretrained_only)")
                review.append((s, f"'{name}' {how} inside the pipeline: say whether it was trained or fine-tuned "
                                  "on the study's data (then Yes); a ready-made tool is left to the reviewer"))
            elif task == "clustering" or (training == "self_supervised" and task is None and not predicts):
                review.append((s, f"'{name}' is a deep model learning from images without labels "
                                  "(self-supervised or clustering); METRICS-E3 speaks of supervised outputs, so the "
                                  "reviewer must judge (a model fine-tuned on labels afterwards is Yes: say "
                                  "training: fine_tuned)"))
            elif image_only:
                raw = [u for u in g.image_inputs(name) if g.type[u] in RAW_TYPES]
                made = "reconstructs images from raw " + "/".join(sorted({g.type[u] for u in raw})) + " data" \
                    if raw else "makes images from images (reconstruction, synthesis, denoising)"
                review.append((s, f"'{name}' is a deep image-to-image network that {made}; whether it is an "
                                  "end-to-end component in the METRICS sense is left to the reviewer"))
            else:
                e2e.append(s)
        elif fam is None:
            review.append((s, f"'{name}' learns from images but its family cannot be known: give family: deep | "
                              "classical | statistical, or a known architecture"))
    facts = EndToEndFacts()
    if e2e:
        paths = tuple(_through(g, s.name, True) for s in e2e[:MAX_EVIDENCE])
        models = [s for s in g.pipeline.stages if s.kind == "model" and s.name not in g.relation_only]
        transfer = [s for s in e2e if s.get("pretrained_on") is not None or g.weights_source(s.name) is not None
                    or model_training(s) in ("fine_tuned", "frozen_backbone")]
        modular: list[Stage] = []
        if len(models) > 1:
            def is_model(x: Stage) -> bool:
                return x.kind == "model"

            linked = g.upstream_of(is_model) | g.downstream_of(is_model)
            modular = [s for s in e2e if s.name in linked]
        facts = EndToEndFacts(tuple(s.name for s in transfer), tuple(s.name for s in modular))
        parts = []
        for s in e2e[:MAX_EVIDENCE]:
            extra = []
            if s.get("pretrained_on") is not None:
                extra.append(f"pretrained on {s.text('pretrained_on')}")
            training = model_training(s)
            if training in ("fine_tuned", "frozen_backbone", "distilled"):
                extra.append(training.replace("_", " ") + (" (a student trained on a teacher's outputs)"
                                                           if training == "distilled" else ""))
            if s.get("federated") is True:
                extra.append("trained federated across sites (a fact: it does not change the verdict)")
            weights = _weights_note(g, s)
            if weights:
                extra.append(weights)
            extra += [n for n in (_labels_note(g, s), _training_data_note(g, s)) if n]
            raw = sorted({g.type[u] for u in g.image_inputs(s.name) if g.type[u] in RAW_TYPES})
            if raw:
                extra.append("from raw " + "/".join(raw) + " data")
            if len(model_tasks(s)) > 1:
                extra.append("multi-task: " + ", ".join(model_tasks(s)))
            if any(MAPS in g.provenance[u] for u in g.image_inputs(s.name)):
                extra.append("fed the images as well as hand-crafted feature maps")
            side = [u for u in g.table_inputs(s.name) if g.stages[u].kind != "model" and u not in g.training_only]
            if side:
                extra.append("side inputs " + ", ".join(side[:3]))
            parts.append(f"{s.name} ({_candidates_note(s)}{'; ' + '; '.join(extra) if extra else ''})")
        reason = ("a deep model learns directly from image data to its output: " + ", ".join(parts)
                  + (f" (+{len(e2e) - MAX_EVIDENCE} more)" if len(e2e) > MAX_EVIDENCE else ""))
        if modular:
            reason += "; a modular system counts through its end-to-end component"
        ev = tuple(Evidence((s.name,), (p,)) for s, p in zip(e2e, paths))
        return Verdict(5, "yes", D501.code, reason, ev, cause="modular" if modular else "e2e_component"), facts
    if review:
        ev = tuple(Evidence((s.name,), (_through(g, s.name, s.kind == "model"),), note)
                   for s, note in review[:MAX_EVIDENCE])
        return Verdict(5, "review", D503.code, "; ".join(n for _, n in review[:MAX_EVIDENCE]), ev,
                       cause="missing_facts"), facts
    # No: say why. Each model gets its own cause; the most specific wins, ties by declaration order, so the
    # cause (and the misclassification code built on it) never depends on the order of the text.
    best: tuple[int, int, str, Stage, str] | None = None
    for index, s in enumerate(g.pipeline.stages):
        if s.kind != "model" or s.name in g.relation_only:
            continue
        found = _no_cause(g, s)
        if found is not None and (best is None or (found[0], index) < best[:2]):
            best = (found[0], index, found[1], s, found[2])
    if best is not None:
        _, _, cause, deciding, reason = best
    else:
        models = [s for s in g.pipeline.stages if s.kind == "model" and s.name not in g.relation_only]
        deciding = models[0] if models else None  # type: ignore[assignment]
        cause = "no_deep"
        hand = [m for m in models if HANDCRAFTED in g.table_provenance(m.name)]
        listed = ", ".join(f"{m.name} ({model_family(m) or 'family not stated'})" for m in (hand or models)[:3])
        reason = "no deep model learns from images" + (
            (": hand-crafted features with " if hand else ": ") + listed if models else "")
    ev = (Evidence((deciding.name,), (_fed_path(g, deciding.name, cause),)),) if deciding else ()
    return Verdict(5, "no", D502.code, reason, ev, cause=cause), facts


_DEEP_CAUSES = ("deep_features_classical", "deep_on_tables", "deep_features")


def _fed_path(g: Graph, name: str, cause: str) -> tuple[str, ...]:
    """The evidence path of a No for the model ``name``: for a model fed a table, from an image input through the
    feature extraction that made the table (a deep one when the reason is deep features), as the reason says; a
    clinical side input is never the path. Else the shortest input -> ... -> name -> ... -> output path."""
    extractions = [u for u in g.ancestors([name]) if g.stages[u].kind == "feature_extraction"]
    if cause in _DEEP_CAUSES:
        extractions = [u for u in extractions if g.method(u) == "deep"] or extractions
    if extractions:
        chosen = set(extractions)
        middle = g.path_from(name, lambda s: s.name in chosen, g.applied_edge) or \
            g.path_from(name, lambda s: s.name in chosen)
        if middle is not None:
            before = (g.path_from(middle[0], _is_image_input(g, masks=False), g.applied_edge)
                      or g.path_from(middle[0], _is_image_input(g, masks=False))
                      or g.path_from(middle[0], _is_input, g.applied_edge)
                      or g.path_from(middle[0], _is_input) or [middle[0]])
            after = g.path_to(name, _is_output) or [name]
            return tuple(before + middle[1:] + after[1:])
    tables = set(_stages_with_image_holds(g))
    if tables:
        fed = g.path_from(name, lambda s: s.name in tables)
        if fed is not None:
            return tuple(fed + (g.path_to(name, _is_output) or [name])[1:])
    return _through(g, name, False)


def _extractors_into(g: Graph, name: str) -> list[Stage]:
    """The deep feature extractions whose tables reach the model ``name``."""
    return [g.stages[u] for u in g.ancestors([name])
            if g.stages[u].kind == "feature_extraction" and g.method(u) == "deep"]


def _no_cause(g: Graph, s: Stage) -> tuple[int, str, str] | None:
    """(priority, cause, reason) for a model that does not learn from images, most specific first."""
    prov = g.table_provenance(s.name)
    fam = model_family(s)
    name = s.name
    weights = "; ".join(n for n in (_weights_note(g, x) for x in _extractors_into(g, name)) if n) \
        if DEEP in prov else ""
    weights = f" ({weights})" if weights else ""
    if HANDCRAFTED in prov and DEEP in prov:
        return 0, "fused", (f"'{name}' is fed fused hand-crafted and extracted deep features{weights} (a tabular "
                            "method), and no deep model learns from the images")
    if fam == "deep" and maps_only(g, name):
        maps = [u for u in g.ancestors([name]) if produces_maps(g.stages[u])]
        return 0, "handcrafted_maps", (
            f"'{name}' learns only from hand-crafted feature maps ({', '.join(sorted(maps)[:3])}): voxel-wise "
            "features computed by predefined formulas, not the images themselves, so the learning is not free of "
            "manual feature extraction")
    if DEEP in prov and HANDCRAFTED not in prov and is_clustering(s):
        sources = sorted(x.name for x in _extractors_into(g, name) if clustered_only(g, x.name))
        if sources:
            return 1, "embeddings_clustered", (
                f"the embeddings of {', '.join(repr(x) for x in sources[:3])}{weights} are clustered by '{name}' "
                "without labels: no deep model learns from the images to the study's output")
    if DEEP in prov and fam in ("classical", "statistical"):
        return 1, "deep_features_classical", (
            f"deep features are extracted from a network{weights} and classified by '{name}' "
            f"({s.text('algorithm') or s.text('architecture') or fam}), not learned end to end")
    if fam == "deep" and DEEP in prov:
        return 2, "deep_on_tables", f"'{name}' is fed extracted deep features{weights} (a table), not images"
    if fam == "deep" and g.image_inputs(name) and "image_to_image" in model_tasks(s):
        return 2, "image_to_image_only", (
            f"the only deep model, '{name}', is a ready-made network that prepares the images (reconstruction, "
            "denoising, synthesis) and passes them on; nothing is learned from the images in the study")
    if fam == "deep":
        return 2, "deep_on_tables", f"the deep model '{name}' is fed only tables, never images"
    if DEEP in prov:
        return 3, "deep_features", (f"deep features are extracted from a network{weights} and passed to '{name}' "
                                    "(family not stated), not learned end to end")
    return None


def decide(g: Graph) -> Decisions:
    """The five verdicts, each with the declared answer beside it."""
    d = delineations(g)
    c1 = decide_1(g, d)
    c5, facts = decide_5(g)
    verdicts = {1: c1, 2: decide_2(g, d, c1), 3: decide_3(g), 4: decide_4(g), 5: c5}
    for c, v in verdicts.items():
        dec = g.pipeline.declared(c)
        if dec is not None:
            verdicts[c] = v._replace(declared=dec.value)
    return Decisions(verdicts, facts, frozenset(x.stage for x in d))



RULES = (D101, D201, D301, D401, D501, D502, D503)
