"""Two honest drawings of one study that decide Condition #5 differently (R5xx, info).

Some designs can be drawn in two ways that are both true to the paper, and METRICS-E3 decides the two drawings
differently.  Each drawing keeps its own verdict; the finding says which reading the drawing chose, names the
METRICS-E3 example behind each reading and the exact change that gives the other one, so that no author is
surprised.  It is added beside the misclassification findings (C5xx), never instead of them, and only where the
other reading would change the verdict.
"""

from __future__ import annotations

from pipespec import vocab
from pipespec.analysis.facts import (
    label_sources,
    model_family,
    model_task,
    model_tasks,
    model_training,
    used_as_is,
)
from pipespec.analysis.graph import DEEP, HANDCRAFTED, Graph
from pipespec.analysis.results import Decisions
from pipespec.analysis.rules.conditions import network_uses
from pipespec.analysis.rules.examples import ct_radiomics, dl_radiomics_nomogram, pipeline
from pipespec.analysis.rules.record import E3, Rule, problem
from pipespec.analysis.rules.redraw import (
    delete_line,
    fresh,
    indent_of,
    insert_after,
    is_dsl,
    one_line,
    replace_stage,
    rewire,
    stage_text,
    unsafe,
)
from pipespec.edits import Edit, Fix
from pipespec.errors import Problem
from pipespec.language.attributes import ORDER
from pipespec.language.lexicon import op_text
from pipespec.model import AttrValue, Op, Pipeline, Stage

# heads that are linear in the features: with a frozen backbone they are the last layer of one network
_LINEAR = frozenset({"logistic regression", "linear regression", "LASSO", "elastic net", "ridge regression",
                     "multinomial logistic regression", "LDA", "Cox", "penalized Cox", "GLM"})

R501 = Rule(
    code='R501',
    title='deep feature extractor and head: two readings',
    condition=5,
    severity='info',
    what=('A deep feature extraction feeds a deep or linear head (an MLP, an attention-MIL head, a linear probe '
          'such as logistic regression), with no hand-crafted features fused in, and no other component makes '
          'Condition #5 Yes. Drawn this way the study is METRICS-E3 Example 6 (features taken out of a network, '
          'then classified: No). The same study is often honestly drawn as one network whose backbone is frozen '
          'or fine-tuned and whose new head is trained with it, which is METRICS-E3 Example 4 (Yes). The finding '
          'says which reading the drawing chose and the change that gives the other.'),
    why=('The verdict depends on which of two faithful drawings the author picks; saying so keeps the author '
         'from being surprised, and points the reviewer to the one fact that decides: were the network and the '
         'head trained together from the images, or were features stored and a separate model fitted on them?'),
    fix=('Keep the drawing if the features were extracted and a separate model fitted on them (No). If the '
         'backbone and the head were trained together from the images, draw one model stage instead, e.g. '
         '`model net: ResNet-50 { training: frozen_backbone, task: classification }` fed by the images, and '
         'remove the feature extraction (Yes).'),
    reference=f"{E3}, Examples 4 and 6",
    example="""\
pipeline "Foundation-model linear probe (a typical design)" {
  input cxr: XR image2d
  feature_extraction emb: deep ViT { pretrained_on: ImageNet, training: pretrained_only }
  model probe: logistic regression
  output pneumonia: classification
  flow cxr -> emb -> probe -> pneumonia
  declare condition5 = no
}
""",
    other_example="""\
pipeline "Frozen backbone with a trained head (a typical design)" {
  input cxr: XR image2d
  model net: ViT { pretrained_on: ImageNet, training: frozen_backbone, task: classification }
  output pneumonia: classification
  flow cxr -> net -> pneumonia
  declare condition5 = yes
}
""",
)

R502 = Rule(
    code='R502',
    title='deep segmentation network as an operation: two readings',
    condition=5,
    severity='info',
    what=('A deep segmentation network whose masks a later step uses is drawn as a pre-processing operation '
          '(segmentation(tool: nnU-Net)) or as a model used as is (training: pretrained_only), and that leaves '
          'Condition #5 review: a ready-made tool that only delineates is left to the reviewer. The same network '
          "drawn as a model stage trained (or fine-tuned) on the study's data is an end-to-end component of a "
          'modular system, METRICS-E3 Example 2 (Yes). A ready-made network whose own output is the '
          "study's result (its contours or detections are what the study evaluates) is not this case: it maps "
          'the images to the output, and Condition #5 is Yes.'),
    why=('Whether the segmentation network learned from this study\'s images is the fact that decides, and the '
         'drawing as an operation hides it.'),
    fix=('If the network was trained or fine-tuned on the study\'s data, draw it as a model stage, e.g. '
         '`model seg: nnU-Net { task: segmentation, training: from_scratch }` between the images and what uses '
         'its masks (Yes). If it was applied as is, keep the drawing and let the reviewer judge.'),
    reference=f"{E3}, Example 2",
    example=pipeline("Automated segmentation then radiomics (a typical design)",
                     *ct_radiomics("segmentation(mode: automated, tool: nnU-Net)"), "declare condition5 = no"),
    other_example="""\
pipeline "Segmentation network trained in the study, then radiomics (a typical design)" {
  input ct: CT image3d
  input masks: CT mask { mode: manual }
  model seg: nnU-Net { task: segmentation, training: from_scratch }
  feature_extraction rad: handcrafted PyRadiomics
  model lr: logistic regression
  output y: classification
  flow ct, masks -> seg -> rad -> lr -> y
  flow ct -> rad
  declare condition5 = yes
}
""",
)

R503 = Rule(
    code='R503',
    title='network fine-tuned and then used as a feature extractor: two readings',
    condition=5,
    severity='info',
    what=('A deep feature extraction uses a network fine-tuned on the study\'s labels (weights_from a trained '
          'model, or training: fine_tuned), and only its extracted features reach an output, as in the "deep '
          'learning radiomics nomogram". METRICS-E3 advises No for extracted and fused features. If the study '
          'also reports the fine-tuned network\'s own predictions, that network is an end-to-end component '
          '(METRICS-E3 Examples 3 and 4: Yes).'),
    why=('Papers of this design often report the network\'s own performance as a model of its own; whether they '
         'do decides the verdict, and the drawing must show it.'),
    fix=('If the fine-tuned network\'s own predictions are reported, connect it to an output: e.g. `output '
         'cnn_prediction: classification` and `flow cnn -> cnn_prediction` (Yes). If only its features are '
         'used, keep the drawing (No).'),
    reference=f"{E3}, Examples 3 and 4, and its advice on fused models",
    example=pipeline("Deep learning radiomics nomogram (a typical design)", *dl_radiomics_nomogram(),
                     "declare condition5 = no"),
    other_example=pipeline("Deep learning radiomics nomogram, network predictions reported (a typical design)",
                           *dl_radiomics_nomogram(predictions_reported=True), "declare condition5 = yes"),
)

R504 = Rule(
    code='R504',
    title='ready-made network preparing the images: not an end-to-end component',
    condition=5,
    severity='info',
    what=('A deep network applied as is prepares the images: reconstruction (a vendor\'s deep-learning '
          'reconstruction such as AiCE, TrueFidelity or Deep Resolve), denoising, skull stripping (HD-BET), '
          'registration, synthesis or harmonisation, written as an operation\'s tool (denoise(tool: AiCE)), as a '
          'network named as the operation (preprocessing recon: AiCE), or as a model used as is '
          '(training: pretrained_only, or no training stated for a ready-made product). Nothing is learned from '
          'the images in the study, so it does not make Condition #5 Yes or review, however it is written; the '
          'finding says so where Condition #5 is not Yes. A network trained or fine-tuned in the study to make '
          'images is a model stage with task: image_to_image, and left to the reviewer.'),
    why=('METRICS-E3 speaks of deep learning that produces the classification, regression or segmentation from '
         'the images; a ready-made network that only makes or cleans the images learns nothing in the study. '
         'Saying so keeps the verdict the same whichever way the author wrote the network.'),
    fix=('Nothing to fix if the network was applied as is. If it was trained or fine-tuned on the study\'s data, '
         'draw it as a model stage, e.g. `model den: DnCNN { task: image_to_image, training: from_scratch }` '
         'between the images and what uses them (review).'),
    reference=f"{E3}, Explanation",
    example="""\
pipeline "Radiomics on deep-learning-reconstructed CT (a typical design)" {
  input ct: CT image3d
  preprocessing recon: denoise(tool: AiCE)
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model lr: logistic regression
  output y: classification
  flow ct -> recon -> seg -> rad -> lr -> y
  declare condition5 = no
}
""",
    other_example="""\
pipeline "Denoising network trained in the study, then radiomics (a typical design)" {
  input ct: CT image3d
  model den: DnCNN { task: image_to_image, training: from_scratch }
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model lr: logistic regression
  output y: classification
  flow ct -> den -> seg -> rad -> lr -> y
}
""",
)

RULES = (R501, R502, R503, R504)


def _fine_tuned_source(g: Graph, x: Stage) -> str | None:
    """The labelled network an extraction's weights come from ('' when the extraction itself is fine-tuned)."""
    src = g.weights_source(x.name)
    if src is not None and src in g.stages:
        s = g.stages[src]
        tasks = [t for t in model_tasks(s) if t != "clustering"]
        if s.kind == "model" and tasks and model_training(s) not in ("self_supervised", "pretrained_only"):
            return src
        return None
    return "" if model_training(x) == "fine_tuned" else None


def _heads(g: Graph, x: Stage) -> list[Stage]:
    """The models the extraction's table reaches first (through table pre-processing), in name order so that
    nothing depends on the order of the text."""
    found: set[str] = set()
    seen = {x.name}
    stack = [x.name]
    while stack:
        for v in g.succ[stack.pop()]:
            if v in seen:
                continue
            seen.add(v)
            if g.stages[v].kind == "model":
                found.add(v)
            elif g.stages[v].kind == "preprocessing":
                stack.append(v)
    return [g.stages[n] for n in sorted(found)]


def _is_linear(s: Stage) -> bool:
    for name in s.values("algorithm") + s.values("architecture"):
        term = vocab.lookup(name)
        if term is not None and term.name in _LINEAR:
            return True
    return False


def _r501_head(g: Graph, heads: list[Stage]) -> Stage | None:
    """The head R501 reads as the new head of one frozen-backbone network: the first model fed the extracted deep
    features, no hand-crafted ones, that is deep or linear in them."""
    for h in heads:
        prov = g.table_provenance(h.name)
        if HANDCRAFTED not in prov and DEEP in prov and (model_family(h) == "deep" or _is_linear(h)):
            return h
    return None


def frozen_backbone_readings(p: Pipeline, g: Graph, decisions: Decisions) -> list[tuple[Stage, Stage]]:
    """(deep extraction, head) for every R501 finding: the pairs another honest drawing reads as one network with
    a frozen backbone (Condition #5 Yes, #4 No). Empty when Condition #5 is already Yes."""
    if decisions.verdicts[5].verdict == "yes":
        return []
    out: list[tuple[Stage, Stage]] = []
    for x in p.stages:
        if x.kind != "feature_extraction" or x.name in g.relation_only or g.method(x.name) != "deep":
            continue
        heads = _heads(g, x)
        if heads and _fine_tuned_source(g, x) is None:
            head = _r501_head(g, heads)
            if head is not None:
                out.append((x, head))
    return out


def readings(p: Pipeline, g: Graph, decisions: Decisions) -> list[Problem]:
    """An info finding for each pattern whose other honest drawing would decide Condition #5 differently."""
    v5 = decisions.verdicts[5]
    if v5.verdict == "yes":
        return []
    out: list[Problem] = []
    for x in p.stages:
        if x.kind != "feature_extraction" or x.name in g.relation_only or g.method(x.name) != "deep":
            continue
        heads = _heads(g, x)
        if not heads:
            continue
        head = heads[0]
        source = _fine_tuned_source(g, x)
        if source is not None:
            who = f"'{source}'" if source else f"the network of '{x.name}'"
            lines, anchor = _r503_lines(p, g, x, source)
            shown = " and ".join(f"`{line}`" for line in lines)
            change = (f"connect '{source}' to an output of its own ({shown})" if source else
                      f"draw the fine-tuned network as a model stage with its own output ({shown})")
            fix = (f"If the fine-tuned network's own predictions are reported, add {shown} (Yes). If only its "
                   "features are used, keep the drawing (No).")
            edit = (unsafe(f"add the predictions of '{source or x.name}' as an output", [insert_after(anchor, lines)])
                    if is_dsl(p) and one_line(anchor) else None)
            out.append(problem(R503, f"{who} is fine-tuned on the study's labels and then used only to extract "
                                     f"features for '{head.name}': drawn this way Condition #5 is No (METRICS-E3 "
                                     "advice on extracted and fused features). If the study also reports that "
                                     f"network's own predictions, {change}: Yes (METRICS-E3, Examples 3 and 4)",
                               x.span, x.name, (head.span,), fix, edit))
            continue
        found = _r501_head(g, heads)
        if found is None:
            continue
        head = found
        merged = one_network(x, head)
        feeds = ", ".join(f"'{u}'" for u in x.inputs) or "the images"
        statement = stage_text(merged, "").strip()
        removed = _between(g, x, head)
        instead = ", ".join(f"'{n}'" for n in sorted(removed, key=lambda n: n != x.name))
        fix = (f"Keep the drawing if the features were extracted and a separate model fitted on them (No). If the "
               f"backbone and the head were trained together from the images, draw `{statement}` fed by {feeds} "
               f"instead of {instead} (Yes).")
        out.append(problem(R501, f"'{x.name}' -> '{head.name}' is drawn as a deep feature extractor with a separate "
                                 "head: Condition #5 No (METRICS-E3, Example 6). If the network and the head were "
                                 "trained together from the images (frozen or fine-tuned backbone, new head), that "
                                 f"is one model, METRICS-E3 Example 4 (Yes): draw `{statement}` fed by {feeds} "
                                 f"instead of {instead}",
                           x.span, x.name, (head.span,), fix, _r501_fix(p, g, x, head, merged, removed)))
    if v5.verdict == "review":
        for s in p.stages:
            if s.name in g.relation_only:
                continue
            if s.kind == "preprocessing":
                for use in network_uses(g, s):
                    op = use.op
                    if use.role == "delineation" and use.family == "deep":
                        task = _delineating_task(op.name, use.tool)
                        drawn = f"a pre-processing operation ({op.name})"
                        if len(s.ops) == 1:
                            new = _trained_model(s, use.tool, task, op)
                            msg, fix = _r502(s.name, new, drawn)
                            edit = _replace_fix(p, s, new)
                        else:  # the stage's other operations stay: the network becomes a model after it
                            new = _trained_model(s._replace(name=fresh(p, f"{s.name}_net")), use.tool, task, op)
                            msg, fix = _r502(s.name, new, drawn, after=s.name)
                            edit = _split_fix(p, g, s, op, new) if s.ops[-1] is op else None
                        if _human_mode(op):
                            edit = None
                        out.append(problem(R502, msg, op.span or s.span, s.name, fix=fix, autofix=edit))
            elif (s.kind == "model" and used_as_is(s) and model_family(s) == "deep"
                  and set(model_tasks(s)) & {"segmentation", "detection"} and g.image_inputs(s.name)):
                arch = s.text("architecture") or "the network"
                drawn = ("a model used as is (training: pretrained_only)" if s.get("training") is not None
                         else f"a model with no training stated ({arch} is a ready-made network: read as used as is)")
                new = _with_attrs(s, training="from_scratch")
                msg, fix = _r502(s.name, new, drawn)
                out.append(problem(R502, msg, s.attr_span("training") if s.get("training") is not None else s.span,
                                   s.name, fix=fix, autofix=_replace_fix(p, s, new)))
    out += prepared_images(p, g, decisions)
    return out


def prepared_images(p: Pipeline, g: Graph, decisions: Decisions) -> list[Problem]:
    """R504 for each ready-made network that only prepares the images, where Condition #5 is not Yes."""
    if decisions.verdicts[5].verdict == "yes":
        return []
    out: list[Problem] = []
    for s in p.stages:
        if s.name in g.relation_only:
            continue
        if s.kind == "preprocessing":
            for use in network_uses(g, s):
                op = use.op
                if use.family != "deep" or use.role not in ("preparation", "custom"):
                    continue
                what = f"'{op.name}'" if op.custom else op.name.replace("_", " ")
                out.append(problem(R504, _r504(s.name, use.tool, f"a pre-processing operation ({what})"),
                                   op.span or s.span, s.name))
        elif (s.kind == "model" and used_as_is(s) and model_tasks(s)
              and all(t == "image_to_image" for t in model_tasks(s)) and g.image_inputs(s.name)
              and model_family(s) == "deep"):
            arch = s.text("architecture") or "the network"
            drawn = ("a model used as is (training: pretrained_only)" if s.get("training") is not None
                     else f"a model with no training stated ({arch} is a ready-made product: read as used as is)")
            out.append(problem(R504, _r504(s.name, arch, drawn),
                               s.attr_span("training") if s.get("training") is not None else s.span, s.name))
    return out


def _r504(stage: str, tool: str, drawn: str) -> str:
    return (f"'{stage}' draws the ready-made network {tool} as {drawn}: it prepares the images and nothing is "
            "learned from them in the study, so it is no end-to-end component and does not make Condition #5 Yes "
            "(METRICS-E3 speaks of networks whose output is the classification, regression or segmentation). If "
            f"it was trained or fine-tuned on the study's data, draw `model {stage}: {tool} {{ task: "
            "image_to_image, training: from_scratch }`: a network trained in the study to make images is left to "
            "the reviewer")


def _r502(stage: str, new: Stage, drawn: str, after: str = "") -> tuple[str, str]:
    """R502's message and fix text, both showing the statement its edit writes (``after``: the pre-processing
    stage whose other operations stay, the network then drawn as a model after it)."""
    tool = new.text("architecture") or "the network"
    task = model_task(new) or "segmentation"
    noun = "detection" if task == "detection" else "segmentation"
    shown = f"`{stage_text(new, '').strip()}`"
    if after:
        shown += (f" after '{after}' (its other operations stay: `flow {after} -> {new.name}`, and what used the "
                  f"delineation also takes the masks of '{new.name}')")
    msg = (f"'{stage}' draws the deep {noun} network {tool} as {drawn}: Condition #5 is review (a ready-made tool "
           f"is left to the reviewer). If it was trained or fine-tuned on the study's data, draw {shown}: an "
           "end-to-end component of a modular system, Yes (METRICS-E3, Example 2)")
    fix = (f"If the network was trained or fine-tuned on the study's data, draw it as a model stage: {shown} "
           "(Yes). If it was applied as is, keep the drawing and let the reviewer judge.")
    return msg, fix


# ------------------------------------------------------------------ the other drawing, as an edit
def _with_attrs(s: Stage, **values: AttrValue | None) -> Stage:
    """``s`` with attributes set (a value ``None`` removes one), in canonical order, spellings dropped."""
    attrs = {k: v for k, v in s.attrs}
    for k, v in values.items():
        if v is None:
            attrs.pop(k, None)
        else:
            attrs[k] = v
    order = {k: i for i, k in enumerate(ORDER)}
    return s._replace(attrs=tuple(sorted(attrs.items(), key=lambda kv: order.get(kv[0], len(ORDER)))), spelling=())


def _delineating_task(op: str, tool: str) -> str:
    term = vocab.lookup(tool)
    if term is not None and term.task in ("segmentation", "detection"):
        return term.task
    return "detection" if op == "bounding_box" else "segmentation"


# what a delineating operation says of its masks that a model stage says the same way (Conditions #1-#2, items 10
# and 14): redrawn as a model, the delineation keeps them (a correction dropped would turn Condition #2 into Yes)
_CARRIED = ("readers", "consensus", "corrected", "qc", "reproducibility", "propagated_from")
_HUMAN_MODES = frozenset({"manual", "semi_automated", "prompt"})


def _trained_model(s: Stage, tool: str, task: str, op: Op) -> Stage:
    """The delineating network of the pre-processing stage ``s`` (its operation ``op``) as a model trained in the
    study, with the delineation facts ``op`` states."""
    term = vocab.lookup(tool)
    family = None if term is not None and term.family == "deep" else "deep"
    carried = {k: op.param(k) for k in _CARRIED if op.param(k) is not None}
    return _with_attrs(Stage(s.name, "model", s.inputs, (), (), s.span, s.input_spans), architecture=tool,
                       family=family, task=task, training="from_scratch", **carried)


def _human_mode(op: Op) -> bool:
    """Whether ``op`` states a human part in drawing its masks (manual, semi-automated, a reader's prompt): a
    model stage cannot say so, so no edit redraws it as one."""
    return any(str(v) in _HUMAN_MODES for v in (op.param("mode"), *op.args) if v is not None)


def _inputs_on_line(s: Stage) -> list[str]:
    """The inputs of ``s`` written in a ``from`` on its own line (they go with the line when it is rewritten)."""
    return [u for u, sp in zip(s.inputs, s.input_spans) if sp.line == s.span.line]


def _replace_fix(p: Pipeline, s: Stage, new: Stage) -> Fix | None:
    if not is_dsl(p) or not one_line(s):
        return None
    after = _inputs_on_line(s)
    lines = [f"flow {', '.join(after)} -> {s.name}"] if after else []
    return unsafe(f"draw '{s.name}' as a network trained in the study", [replace_stage(s, new, lines)])


def _split_fix(p: Pipeline, g: Graph, s: Stage, op: Op, new: Stage) -> Fix | None:
    """The pre-processing stage ``s`` without its last operation ``op`` (a delineating network), then ``new``: the
    network as a model trained in the study, fed by ``s``; every stage ``s`` fed takes the network's masks too."""
    if not is_dsl(p) or not one_line(s):
        return None
    kept = s._replace(ops=tuple(o for o in s.ops if o is not op), spelling=())
    ops = ", ".join(op_text(o) for o in kept.ops)
    after = _inputs_on_line(s)
    lines = ([f"flow {', '.join(after)} -> {s.name}"] if after else []) + [stage_text(new, "").strip(),
                                                                          f"flow {s.name} -> {new.name}"]
    if g.succ[s.name]:
        lines.append(f"flow {new.name} -> {', '.join(g.succ[s.name])}")
    ind = indent_of(s)
    edit = Edit(s.span.line, s.span.column, s.span.line + 1, 1,
                f"preprocessing {s.name}: {ops}\n" + "".join(ind + line + "\n" for line in lines))
    return unsafe(f"draw the network of '{s.name}' as a model trained in the study", [edit])


def one_network(x: Stage, head: Stage) -> Stage:
    """The deep extraction ``x`` and its ``head`` drawn as one network with a frozen backbone: the head's name, role
    and task, the extraction's network, pretraining and weights."""
    tool = x.text("tool") or x.text("backbone") or "CNN"
    term = vocab.lookup(tool)
    labels = tuple(dict.fromkeys(label_sources(head) + label_sources(x)))
    base = Stage(head.name, "model", head.inputs, tuple((k, v) for k, v in head.attrs
                                                          if k in ("task", "description", "label")),
                 (), head.span, head.input_spans)
    return _with_attrs(base, architecture=tool, family=None if term is not None and term.family == "deep" else "deep",
                       training="frozen_backbone", pretrained_on=x.get("pretrained_on"),
                       weights_from=x.get("weights_from"),
                       labels_from=None if not labels else labels[0] if len(labels) == 1 else labels)


def _between(g: Graph, x: Stage, head: Stage) -> set[str]:
    """The extraction and the table pre-processing between it and the head: what the one network replaces."""
    out = {x.name}
    stack = [x.name]
    while stack:
        for v in g.succ[stack.pop()]:
            if v not in out and v != head.name and g.stages[v].kind == "preprocessing":
                out.add(v)
                stack.append(v)
    return out


def frozen_backbone_fix(p: Pipeline, g: Graph, x: Stage, head: Stage) -> Fix | None:
    """R501's edit for the pair (``x``, ``head``): the two drawn as one network with a frozen backbone."""
    return _r501_fix(p, g, x, head, one_network(x, head), _between(g, x, head))


def _r501_fix(p: Pipeline, g: Graph, x: Stage, head: Stage, merged: Stage, removed: set[str]) -> Fix | None:
    if not is_dsl(p):
        return None
    if any(v not in removed and v != head.name for n in removed for v in g.succ[n]):
        return None  # the features feed something else too: that stays, and so does the extraction
    if any(s.name not in removed and (set(s.values("weights_from")) | set(label_sources(s))) & removed
           for s in p.stages):
        return None
    involved = [g.stages[n] for n in removed] + [head]
    if not all(one_line(s) for s in involved):
        return None
    flows = rewire(p, removed, head.name)
    if flows is None:
        return None
    feeds = [u for u in x.inputs if u not in head.inputs] + [u for u in _inputs_on_line(head) if u not in removed]
    feeds = list(dict.fromkeys(feeds))
    lines = [f"flow {', '.join(feeds)} -> {head.name}"] if feeds else []
    edits = [delete_line(g.stages[n].span.line) for n in removed] + [replace_stage(head, merged, lines)] + flows
    return unsafe(f"draw '{x.name}' and '{head.name}' as one network with a frozen backbone", edits)


def _r503_lines(p: Pipeline, g: Graph, x: Stage, source: str) -> tuple[list[str], Stage]:
    """The statements that report the fine-tuned network's own predictions, and the stage they follow."""
    if source:
        net = g.stages[source]
        tasks = [t for t in model_tasks(net) if t != "clustering"]
        task = next((t for t in tasks if t not in ("segmentation", "detection")), tasks[0] if tasks else
                    "classification")
        out = fresh(p, f"{source}_prediction")
        return [f"output {out}: {task}", f"flow {source} -> {out}"], net
    name = fresh(p, f"{x.name}_net")
    tool = x.text("tool") or x.text("backbone") or "CNN"
    model = Stage(name, "model", attrs=())
    term = vocab.lookup(tool)
    model = _with_attrs(model, architecture=tool, family=None if term is not None and term.family == "deep" else "deep",
                        task="classification", training="fine_tuned")
    out = fresh(p, f"{name}_prediction")
    feeds = ", ".join(x.inputs) or x.name
    return [stage_text(model, "").strip(), f"output {out}: classification",
            f"flow {feeds} -> {name} -> {out}"], x
