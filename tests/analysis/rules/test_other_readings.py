"""Both honest readings of one study: declaring the answers of the reading R501 offers is a warning (C509, C409),
not an error; C501 and C502 stay errors whatever R finding is present."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipespec import check
from pipespec.analysis.engine import analyse
from pipespec.analysis.facts import model_task
from pipespec.edits import UNSAFE, apply_edits
from pipespec.errors import Problem
from pipespec.language import load_path, load_text
from tests.support.helpers import decide, pipe

ROOT = Path(__file__).resolve().parents[3]

MIL = """\
input wsi: histopathology image2d
preprocessing tiles: tile(size: 256)
feature_extraction emb: deep ResNet-50 { pretrained_on: ImageNet, training: pretrained_only }
model mil: ABMIL { family: deep, task: classification }
output y: classification
flow wsi -> tiles -> emb -> mil -> y
"""


def _found(body: str) -> dict[str, str]:
    return {f.code: f.severity for f in decide(body).findings}


def test_declaring_the_frozen_backbone_reading_is_a_warning_not_c503() -> None:
    """METRICS-E3 Examples 4 and 6: a MIL head over embeddings of a frozen encoder, drawn as extractor + head (No)
    and declared as one frozen-backbone network (Yes)."""
    found = _found(MIL + "declare condition5 = yes")
    assert found.get("C509") == "warning" and "C503" not in found and found.get("R501") == "info"
    msg = next(f.message for f in decide(MIL + "declare condition5 = yes").findings if f.code == "C509")
    assert "the drawing says No" in msg and "To make it agree, draw `model mil: ResNet-50 { training: " \
        "frozen_backbone }` fed by 'tiles' instead of 'emb'" in msg


def test_the_condition_4_answer_of_that_reading_is_a_warning_not_c401() -> None:
    found = _found(MIL + "declare condition4 = no\ndeclare condition5 = yes")
    assert found.get("C409") == "warning" and "C401" not in found


def test_a_classical_head_on_deep_features_stays_an_error() -> None:
    """METRICS-E3 Example 6 (ResNet-50 features, logistic regression): C502 stays an error even though R501 names a
    linear probe's other reading, and so does C401."""
    body = MIL.replace("model mil: ABMIL { family: deep, task: classification }", "model mil: logistic regression")
    found = _found(body + "declare condition4 = no\ndeclare condition5 = yes")
    assert found.get("C502") == "error" and found.get("C401") == "error"
    assert "C509" not in found and "C409" not in found and "R501" in found


def test_fused_features_stay_an_error() -> None:
    """METRICS-E3 advice on fused models: C501 whatever reading is offered."""
    body = MIL + """\
    feature_extraction rad: handcrafted PyRadiomics
    preprocessing fu: fuse
    flow tiles -> rad -> fu
    flow emb -> fu -> mil
    declare condition5 = yes
    """
    found = _found(body)
    assert found.get("C501") == "error" and "C509" not in found


def test_a_deep_table_not_in_an_r501_pair_keeps_c401() -> None:
    """C409 only where every table is the extraction of the reading's pair: deep features taken elsewhere too keep
    the error."""
    body = MIL + """\
    input clin: tabular clinical
    feature_extraction emb2: deep DenseNet-121
    model lr: logistic regression
    output z: classification
    flow tiles -> emb2
    flow emb2, clin -> lr -> z
    declare condition4 = no
    """
    found = _found(body)
    assert found.get("C401") == "error" and "C409" not in found


def test_the_shipped_mil_examples_draw_both_readings() -> None:
    drawn = analyse(load_path(str(ROOT / "examples" / "mil-frozen-embeddings.pipe")))
    other = analyse(load_path(str(ROOT / "examples" / "mil-frozen-embeddings-one-network.pipe")))
    assert (drawn.conditions[4].verdict, drawn.conditions[5].verdict) == ("yes", "no")
    assert (other.conditions[4].verdict, other.conditions[5].verdict) == ("no", "yes")
    assert "R501" in [f.code for f in drawn.findings]


# ------------------------------------------------------------------ each R finding carries its edit
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IMAGES = ("CT image3d", "MRI image3d", "XR image2d", "histopathology image2d", "US image2d")
DEEP_TOOLS = ("ResNet-50", "DINOv2", "ViT", "DenseNet-121", "EfficientNet-B0", '"in-house encoder"')
DEEP_HEADS = ("MLP", "ABMIL { family: deep }", '"attention MIL" { family: deep }', "transformer { family: deep }")
LINEAR_HEADS = ("logistic regression", "LASSO", "Cox")


def _applied(text: str, code: str) -> tuple[Problem, str]:
    """The finding ``code`` of ``text`` and the text with its edit applied."""
    found = [f for f in check(load_text(text, "t.pipe")).findings if f.code == code]
    assert found, text
    f = found[0]
    assert f.autofix is not None and f.autofix.applicability == UNSAFE, (text, f)
    for edit in f.autofix.edits:  # the edit writes what the message and the fix text show
        for line in edit.new_text.strip().splitlines():
            if line.strip().startswith(("model ", "output ")):
                assert line.strip() in f.message or line.strip() in (f.fix or ""), (line, f.message)
    return f, apply_edits(text, f.autofix.edits)


@st.composite
def _r501_texts(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(["img", "prep", "emb", "enc", "feat", "scale", "head", "mil", "clf", "clin",
                                           "y", "out", "net2", "z"]), min_size=6, max_size=6, unique=True))
    img, prep, emb, scale, head, out = names
    clin = draw(st.sampled_from(["clin", "age", "sex"]).filter(lambda n: n not in names))
    task = draw(st.sampled_from(["classification", "regression", "survival"]))
    head_word = draw(st.sampled_from(DEEP_HEADS + LINEAR_HEADS))
    if "{" in head_word and draw(st.booleans()):
        head_word = head_word.replace("{ ", f"{{ task: {task}, ")
    lines = [f"input {img}: {draw(st.sampled_from(IMAGES))}"]
    chain = [img]
    if draw(st.booleans()):
        lines.append(f"preprocessing {prep}: resize, normalize")
        chain.append(prep)
    extra = draw(st.sampled_from(["", " { training: pretrained_only }", " { pretrained_on: ImageNet, layer: avgpool }"]))
    lines.append(f"feature_extraction {emb}: deep {draw(st.sampled_from(DEEP_TOOLS))}{extra}")
    chain.append(emb)
    if draw(st.booleans()):
        lines.append(f"preprocessing {scale}: normalize(method: z-score)")
        chain.append(scale)
    side = draw(st.sampled_from(["none", "flow", "from"]))
    head_line = f"model {head}: {head_word}"
    if side != "none":
        lines.append(f"input {clin}: tabular clinical")
    if side == "from":
        head_line += f" from {chain[-1]}, {clin}"
    lines += [head_line, f"output {out}: {task}"]
    if side == "from":
        lines.append(f"flow {' -> '.join(chain)}")
        lines.append(f"flow {head} -> {out}")
    elif draw(st.booleans()):
        lines.append(f"flow {' -> '.join(chain + [head, out])}")
    else:
        lines += [f"flow {u} -> {v}" for u, v in zip(chain + [head], chain[1:] + [head, out])]
    if side == "flow":
        lines.append(f"flow {clin} -> {head}")
    lines += [f"declare condition{c} = {draw(st.sampled_from(['yes', 'no']))}" for c in (4, 5)]
    return pipe("\n".join(lines))


@SETTINGS
@given(_r501_texts())
def test_r501_edit_draws_one_frozen_backbone_network(text: str) -> None:
    """R501's edit, applied: the extractor and its head become one network learning from the images (METRICS-E3
    Example 4): Condition #5 Yes, #4 No, and the head keeps its name, its role (a model feeding the output) and
    its task."""
    before = load_text(text, "t.pipe")
    f, fixed = _applied(text, "R501")
    head = next(s for s in before.stages if s.kind == "model")
    after = load_text(fixed, "t.pipe")
    report = check(after)
    assert report.conditions[5].verdict == "yes" and report.conditions[4].verdict == "no", fixed
    new = after.stage(head.name)
    assert new.kind == "model" and new.values("task") == head.values("task")
    assert [s.name for s in after.stages if s.kind == "output"] == [s.name for s in before.stages if s.kind == "output"]
    assert not [x for x in report.findings if x.code == "PS201"], fixed


@st.composite
def _r502_texts(draw: st.DrawFn) -> str:
    drawn = draw(st.sampled_from([
        "preprocessing seg: segmentation(tool: {t})", "preprocessing seg: segmentation(mode: automated, tool: {t})",
        "model seg: {t} {{ task: segmentation, training: pretrained_only }}", "model seg: {t}",
        "preprocessing seg: bounding_box(tool: YOLOv8)", "model seg: YOLOv8 {{ training: pretrained_only }}",
        "preprocessing seg: resample(spacing: [1, 1, 3]), normalize, segmentation(mode: automated, tool: {t})"]))
    tool = draw(st.sampled_from(["nnU-Net", "TotalSegmentator", "U-Net", "DeepLabV3+", "MedSAM"]))
    if drawn == "model seg: {t}" and tool in ("U-Net", "DeepLabV3+"):
        tool = "TotalSegmentator"
    clf = draw(st.sampled_from(["logistic regression", "SVM", "random forest"]))
    lines = [f"input ct: {draw(st.sampled_from(IMAGES[:2]))}", drawn.format(t=tool),
             "feature_extraction rad: handcrafted PyRadiomics", f"model m: {clf}", "output y: classification"]
    lines.append(draw(st.sampled_from(["flow ct -> seg -> rad -> m -> y", "flow ct -> seg\nflow seg, ct -> rad -> m -> y"])))
    return pipe("\n".join(lines))


@SETTINGS
@given(_r502_texts())
def test_r502_edit_draws_the_network_as_trained_in_the_study_and_keeps_its_role(text: str) -> None:
    """R502's edit (METRICS-E3 Example 2): the delineating network drawn as a model trained in the study is an
    end-to-end component (Yes), and it still delineates with its own task (segmentation stays segmentation, a
    detector stays a detector)."""
    before = check(load_text(text, "t.pipe"))
    if "R502" not in [f.code for f in before.findings]:
        return  # a ready-made network the vocabulary reads in another role (image preparation)
    f, fixed = _applied(text, "R502")
    report = check(load_text(fixed, "t.pipe"))
    assert report.conditions[5].verdict == "yes", fixed
    assert report.conditions[1].verdict == "yes"
    after = load_text(fixed, "t.pipe")
    split = "resample" in text  # the stage's other operations stay; the network is a model after it
    seg = after.stage("seg_net" if split else "seg")
    detector = "bounding_box" in text or "YOLO" in text
    assert seg.kind == "model" and model_task(seg) == ("detection" if detector else "segmentation"), fixed
    if split:
        assert [op.name for op in after.stage("seg").ops] == ["resample", "normalize"]
    assert ("detection" if detector else "segmentation") in f.message


@pytest.mark.parametrize("facts", ["corrected: yes", "corrected: subset, readers: 2", "qc: visual",
                                   "readers: 2, reproducibility: [inter_reader]"])
@pytest.mark.parametrize("ops", ["", "resample(spacing: [1, 1, 3]), "])
def test_r502_edit_keeps_what_the_delineation_says_of_its_masks(facts: str, ops: str) -> None:
    """Redrawn as a model trained in the study, the delineating network keeps the correction, visual check,
    readers and reproducibility subsets its operation stated: only Condition #5 is what the edit changes (a
    correction dropped turned Condition #2 from No into Yes)."""
    text = pipe(f"input ct: CT image3d\npreprocessing seg: {ops}segmentation(tool: TotalSegmentator, {facts})\n"
                "feature_extraction rad: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
                "flow ct -> seg -> rad -> m -> y")
    before = check(load_text(text, "t.pipe"))
    _, fixed = _applied(text, "R502")
    after = check(load_text(fixed, "t.pipe"))
    assert after.conditions[5].verdict == "yes", fixed
    assert after.conditions[2].verdict == before.conditions[2].verdict, fixed
    model = load_text(fixed, "t.pipe").stage("seg_net" if ops else "seg")
    for fact in ("corrected", "qc", "readers", "reproducibility"):
        if fact in facts:
            assert model.get(fact) is not None, fixed


@pytest.mark.parametrize("mode", ["manual", "semi_automated", "prompt"])
def test_r502_offers_no_edit_for_a_network_a_human_guides(mode: str) -> None:
    """A model stage cannot say that a reader guided the network: the edit would drop the human step (Condition
    #2), so the finding keeps its text and carries no edit."""
    text = pipe(f"input ct: CT image3d\npreprocessing seg: segmentation(tool: MedSAM, mode: {mode})\n"
                "feature_extraction rad: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
                "flow ct -> seg -> rad -> m -> y")
    found = [f for f in check(load_text(text, "t.pipe")).findings if f.code == "R502"]
    assert found and all(f.autofix is None and f.fix for f in found)


@st.composite
def _r503_texts(draw: st.DrawFn) -> str:
    arch = draw(st.sampled_from(["ResNet-50", "DenseNet-121", "ViT", "EfficientNet-B0"]))
    task = draw(st.sampled_from(["classification", "regression"]))
    fused = draw(st.booleans())
    own = draw(st.booleans())  # the extraction itself fine-tuned, or weights from a fine-tuned model
    lines = ["input ct: CT image3d", "preprocessing roi: segmentation(mode: manual)"]
    if own:
        lines.append(f"feature_extraction dl: deep {arch} {{ training: fine_tuned }}")
    else:
        lines += [f"model cnn: {arch} {{ task: {task}, training: fine_tuned }}",
                  f"feature_extraction dl: deep {arch} {{ weights_from: cnn }}", "flow roi -> cnn"]
    if fused:
        lines += ["feature_extraction rad: handcrafted PyRadiomics", "preprocessing sel: fuse, select(method: LASSO)",
                  "flow ct -> roi -> dl, rad -> sel -> m"]
    else:
        lines.append("flow ct -> roi -> dl -> m")
    lines += [f"model m: {draw(st.sampled_from(['logistic regression', 'SVM', 'MLP']))}", f"output y: {task}",
              "flow m -> y", f"declare condition5 = {draw(st.sampled_from(['yes', 'no']))}"]
    return pipe("\n".join(lines))


@SETTINGS
@given(_r503_texts())
def test_r503_edit_reports_the_fine_tuned_networks_own_predictions(text: str) -> None:
    """R503's edit (METRICS-E3 Examples 3 and 4): the fine-tuned network's own predictions reported make it an
    end-to-end component (Yes); the network keeps its name, kind and task."""
    before = load_text(text, "t.pipe")
    _, fixed = _applied(text, "R503")
    after = load_text(fixed, "t.pipe")
    assert check(after).conditions[5].verdict == "yes", fixed
    for s in before.stages:
        kept = after.stage(s.name)
        assert kept.kind == s.kind and kept.values("task") == s.values("task")


def test_yaml_gets_the_text_and_no_edit() -> None:
    """The edit is written for the DSL; a YAML file gets the same change in the message and fix text."""
    from pipespec.language.writer import to_yaml

    p = load_text(pipe(MIL), "t.pipe")
    f = next(x for x in check(load_text(to_yaml(p), "t.yaml", "yaml")).findings if x.code == "R501")
    assert f.autofix is None and "model mil: ResNet-50" in (f.fix or "")


def test_c509_and_c409_carry_the_drawing_of_the_reading_declared() -> None:
    """The warnings' edit draws the reading the author declared (R501's), never changes the answer: applied, the
    declared answers agree and neither warning is left."""
    text = pipe(MIL + "declare condition4 = no\ndeclare condition5 = yes")
    findings = {f.code: f for f in check(load_text(text, "t.pipe")).findings}
    assert findings["C509"].autofix == findings["R501"].autofix == findings["C409"].autofix is not None
    fixed = apply_edits(text, findings["C509"].autofix.edits)  # type: ignore[union-attr]
    assert "declare condition4 = no\n  declare condition5 = yes" in fixed
    after = check(load_text(fixed, "t.pipe"))
    assert not {"C509", "C409", "C503", "C401", "R501"} & {f.code for f in after.findings}


def test_c509_and_c409_fix_texts_name_the_studys_own_network() -> None:
    """The fix text of the two warnings shows the drawing R501 offers for this study (its head, its network), not
    a generic ResNet-50, in the DSL and in YAML (where no edit is made, so none is promised)."""
    from pipespec.language.writer import to_yaml

    text = pipe(MIL.replace("ResNet-50", "ConvNeXt-T").replace("model mil", "model head").replace("-> mil", "-> head")
                + "declare condition4 = no\ndeclare condition5 = yes")
    p = load_text(text, "t.pipe")
    for report, edit in ((check(p), True), (check(load_text(to_yaml(p), "t.yaml", "yaml")), False)):
        findings = {f.code: f for f in report.findings}
        shown = next(line for line in (findings["R501"].fix or "").split("`")[1:2])
        assert shown.startswith("model head: ConvNeXt-T {")
        for code in ("C509", "C409"):
            fix = findings[code].fix or ""
            assert f"`{shown}`" in fix and "ResNet-50" not in fix, fix
            assert "model head: ConvNeXt-T" in findings[code].message
            assert ("R501 carries that edit" in fix) == edit


def test_redrawing_edits_keep_the_comment_at_the_end_of_a_line_they_rewrite() -> None:
    """The author's comment on a stage line R502 or R501 redraws stays on that stage's new line (the edits are made
    from the pipeline, which keeps no comments; 'Layout, comments and every other line stay as written')."""
    from pipespec.checker import check_text

    r502 = pipe("input ct: CT image3d\npreprocessing seg: segmentation(tool: nnU-Net)  # \"masks\" # see S2\n"
                "feature_extraction rad: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
                "flow ct -> seg -> rad -> m -> y")
    r501 = pipe(MIL.replace("model mil: ABMIL { family: deep, task: classification }",
                            "model mil: ABMIL { family: deep, task: classification }  # attention head")
                .replace("flow wsi -> tiles -> emb -> mil -> y", "flow wsi -> tiles -> emb -> mil -> y  # the flow"))
    for text, code, kept in ((r502, "R502", ("model seg: nnU-Net", '# "masks" # see S2')),
                             (r501, "R501", ("model mil: ResNet-50", "# attention head"))):
        f = next(x for x in check_text(text, "t.pipe").findings if x.code == code)
        assert f.autofix is not None
        fixed = apply_edits(text, f.autofix.edits)
        line = next(x for x in fixed.splitlines() if kept[0] in x)
        assert line.endswith(kept[1]), fixed
        assert load_text(fixed, "t.pipe").stage(kept[0].split()[1].rstrip(":")).kind == "model"
    assert "# the flow" in apply_edits(r501, next(x for x in check_text(r501, "t.pipe").findings
                                                  if x.code == "R501").autofix.edits)  # type: ignore[union-attr]
