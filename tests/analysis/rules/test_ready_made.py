"""Ready-made deep networks (applied as is, not trained or fine-tuned in the study) are decided by their role in the
pipeline, the same way however the author writes them: as a model with ``training: pretrained_only`` (or a model
naming a ready-made product with no training stated), as an operation's ``tool:``, or as a network name used as the
operation.

Roles (METRICS-E3, Condition #5): the study's prediction is Yes (Explanation: a network producing the output from
the images); a delineation is review with R502 (Example 2 names segmentation among the tasks of end-to-end
components, but nothing was learned in the study); image formation or preparation is No with R504 (the Explanation
speaks of networks producing a classification or regression, and nothing is learned from the images in the study).
"""

from __future__ import annotations

import pytest

from pipespec import vocab
from pipespec.analysis.engine import analyse
from pipespec.language import load_text
from pipespec.language.writer import format_dsl, to_json, to_yaml
from tests.support.helpers import codes, decide, error_of, pipe, verdicts

IMG = "input img: CT image3d\n"
RADIOMICS = ("feature_extraction f: handcrafted PyRadiomics\nmodel m: logistic regression\n"
             "output y: classification\n")
# a manual delineation keeps Condition #1 Yes whatever the network does, so #5 alone is compared
MANUAL = "preprocessing roi: segmentation(mode: manual)\n"


def _delineation(stage: str) -> str:
    """A network stage ``n`` delineating the region from which radiomics features are extracted."""
    return IMG + stage + "\n" + RADIOMICS + "flow img -> n -> f -> m -> y\nflow img -> f"


def _preparation(stage: str) -> str:
    """A network stage ``n`` preparing the images a reader then delineates for radiomics."""
    return IMG + stage + "\n" + MANUAL + RADIOMICS + "flow img -> n -> roi -> f -> m -> y"


# ------------------------------------------------------------------ delineation: review with R502, every writing
@pytest.mark.parametrize("stage", [
    "preprocessing n: TotalSegmentator",
    "preprocessing n: segmentation(tool: TotalSegmentator)",
    "preprocessing n: segmentation(mode: automated, tool: TotalSegmentator)",
    "model n: TotalSegmentator { training: pretrained_only }",
    "model n: TotalSegmentator",  # a ready-made product, no training stated: read as used as is
    "model n: TotalSegmentator { task: segmentation, training: pretrained_only }",
    "preprocessing n: SynthSeg",
    "preprocessing n: bounding_box(tool: YOLOv8)",
    "preprocessing n: YOLOv8",
])
def test_a_ready_made_network_that_delineates_is_review_with_both_readings(stage: str) -> None:
    """METRICS-E3, Condition #5, Example 2: a delineation by a ready-made network, however written, is review and
    R502 names the reading in which the network is trained in the study (Yes)."""
    body = _delineation(stage)
    r = decide(body)
    assert r.conditions[5].verdict == "review", stage
    assert r.conditions[1].verdict == "yes" and r.conditions[2].verdict == "yes"
    assert "R502" in codes(body) and "R504" not in codes(body)
    f = next(f for f in r.findings if f.code == "R502")
    assert "'n'" in f.message and "Example 2" in f.message


def test_an_unstated_training_of_a_ready_made_product_says_how_it_was_read() -> None:
    r = decide(_delineation("model n: TotalSegmentator"))
    assert "ready-made" in r.conditions[5].reason and "no training stated" in r.conditions[5].reason


# ------------------------------------------------------------------ preparation: No with R504, every writing
@pytest.mark.parametrize("stage", [
    "preprocessing n: denoise(tool: AiCE)",
    'preprocessing n: denoise(tool: "AiCE")',
    "preprocessing n: reconstruct(tool: TrueFidelity)",
    "preprocessing n: AiCE",
    "preprocessing n: Deep Resolve",
    "model n: AiCE { training: pretrained_only }",
    "model n: AiCE",
    "model n: deep learning reconstruction { task: image_to_image, training: pretrained_only }",
    "preprocessing n: skull_strip(tool: HD-BET)",
    "preprocessing n: HD-BET",
    "model n: HD-BET { training: pretrained_only }",
    "preprocessing n: register(tool: SynthMorph)",
    "preprocessing n: harmonize(tool: CycleGAN)",
    "preprocessing n: synthesize(tool: CycleGAN)",
    "preprocessing n: denoise(tool: SubtleMR)",
    'preprocessing n: "vendor denoising"(tool: PixelShine)',
])
def test_a_ready_made_network_that_prepares_the_images_is_no_with_an_info_finding(stage: str) -> None:
    """METRICS-E3, Condition #5, Explanation: a network used as is to form or prepare the images (reconstruction,
    denoising, skull stripping, registration, synthesis, harmonisation) learns nothing from them in the study: No,
    and R504 says so, however it is written."""
    body = _preparation(stage) + "\ndeclare condition5 = no"
    r = decide(body)
    assert r.conditions[5].verdict == "no", stage
    found = codes(body)
    assert "R504" in found and "R502" not in found and not [c for c in found if c.startswith("C5")]
    f = next(f for f in r.findings if f.code == "R504")
    assert f.severity == "info" and "'n'" in f.message and "nothing is learned" in f.message


def test_a_ready_made_preparation_network_beside_an_end_to_end_model_changes_nothing() -> None:
    """METRICS-E3, Condition #5, Example 2 (any end-to-end component): the classifier decides Yes; R504 is silent."""
    body = IMG + "preprocessing n: HD-BET\nmodel net: ResNet-50 { task: classification }\n" \
                 "output y: classification\nflow img -> n -> net -> y"
    assert verdicts(body)[5] == "yes" and "R504" not in codes(body)


def test_a_ready_made_network_whose_output_is_the_prediction_is_yes() -> None:
    """METRICS-E3, Condition #5, Explanation: a network used as is that maps the images to the study's output."""
    body = IMG + "model n: TotalSegmentator { training: pretrained_only }\noutput masks: segmentation\n" \
                 "flow img -> n -> masks"
    assert verdicts(body)[5] == "yes" and not {"R502", "R504"} & set(codes(body))


@pytest.mark.parametrize("stage,expected", [
    ("model n: TotalSegmentator { task: segmentation, training: fine_tuned }", "yes"),
    ("model n: nnU-Net { task: segmentation, training: from_scratch }", "yes"),
    ("model n: DnCNN { task: image_to_image, training: from_scratch }", "review"),
    ("model n: AiCE { task: image_to_image, training: fine_tuned }", "review"),
])
def test_networks_trained_in_the_study_keep_their_decisions(stage: str, expected: str) -> None:
    """METRICS-E3, Condition #5, Example 2: a segmentation network trained or fine-tuned in the study is an
    end-to-end component; an image-to-image network trained in the study stays with the reviewer."""
    body = _delineation(stage) if "segmentation" in stage else _preparation(stage)
    assert verdicts(body)[5] == expected


def test_every_network_with_a_role_decides_the_same_however_it_is_written() -> None:
    """Invariant: for every ready-made network of the vocabulary, the operation's tool, the network name used as
    the operation and a model used as is decide Condition #5 the same way, by role."""
    tasks = {"segmentation": "segmentation", "bounding_box": "detection"}
    seen = 0
    for name, *_ in vocab._TERMS:
        term = vocab.lookup(name)
        assert term is not None
        if term.family != "deep" or term.op is None:
            continue
        seen += 1
        task = tasks.get(term.op, "image_to_image")
        write = _delineation if term.op in tasks else _preparation
        forms = [f'preprocessing n: {term.op}(tool: "{name}")', f"preprocessing n: {name}",
                 f'model n {{ architecture: "{name}", task: {task}, training: pretrained_only }}']
        decided = {form: verdicts(write(form))[5] for form in forms}
        expected = "review" if term.op in tasks else "no"
        assert set(decided.values()) == {expected}, (name, decided)
    assert seen >= 20


# ------------------------------------------------------------------ a network name used as an operation name
def test_a_network_name_as_an_operation_is_that_role_operation_with_its_tool_and_keeps_its_spelling() -> None:
    p = load_text(pipe(IMG + "preprocessing seg: TotalSegmentator(corrected: subset)\n" + RADIOMICS
                       + "flow img -> seg -> f -> m -> y\nflow img -> f"), "t.pipe")
    op = next(s for s in p.stages if s.name == "seg").ops[0]
    assert op.name == "segmentation" and op.param("tool") == "TotalSegmentator" and op.param("corrected") == "subset"
    assert "TotalSegmentator(corrected: subset)" in format_dsl(p)
    for text, fmt in ((to_yaml(p), "yaml"), (to_json(p), "json")):
        again = load_text(text, "t." + fmt, fmt)
        assert again == p and "TotalSegmentator" in text
    written = load_text(pipe(IMG + "preprocessing seg: segmentation(tool: TotalSegmentator, corrected: subset)\n"
                             + RADIOMICS + "flow img -> seg -> f -> m -> y\nflow img -> f"), "t.pipe")
    assert written == p


def test_a_network_name_as_an_operation_in_yaml() -> None:
    text = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
            "- {name: ss, kind: preprocessing, from: [ct], ops: [HD-BET, {op: TotalSegmentator, mode: automated}]}\n")
    p = load_text(text, "t.yaml", "yaml")
    ops = p.stages[1].ops
    assert [(o.name, o.param("tool")) for o in ops] == [("skull_strip", "HD-BET"), ("segmentation", "TotalSegmentator")]


@pytest.mark.parametrize("head,shown", [("ResNet-50", "tool: ResNet-50"), ("SVM", "model clf: SVM"),
                                        ("PyRadiomics", "feature_extraction rad: handcrafted PyRadiomics")])
def test_a_network_without_an_operation_as_an_operation_name_is_a_located_error_showing_the_form(
        head: str, shown: str) -> None:
    code, line, col, msg = error_of(pipe(IMG + f"preprocessing p: {head}\nmodel m: CNN\noutput y: classification\n"
                                               "flow img -> p -> m -> y"))
    assert code == "PS104" and line == 3 and col == 20
    assert f"'{head}'" in msg and "not a pre-processing operation" in msg and shown in msg


def test_a_network_name_as_an_operation_with_its_own_tool_is_not_rewritten() -> None:
    code, line, _, msg = error_of(pipe(IMG + "preprocessing p: TotalSegmentator(tool: nnU-Net)\n" + RADIOMICS
                                       + "flow img -> p -> f -> m -> y"))
    assert code == "PS103" and line == 3 and "TotalSegmentator" in msg and "nnU-Net" in msg
    assert "segmentation(tool: TotalSegmentator)" in msg


def test_a_list_of_families_on_an_operation_is_a_located_error() -> None:
    code, line, _, msg = error_of(pipe(IMG + "preprocessing ss: skull_strip(tool: BrainCut, family: [deep, classical])"
                                             "\nmodel m: CNN\noutput y: classification\nflow img -> ss -> m -> y"))
    assert code == "PS102" and line == 3 and "family" in msg


# ------------------------------------------------------------------ unknown tools and family
def test_an_automated_delineation_by_an_unknown_tool_is_review_with_a_finding_naming_it() -> None:
    """The one operation tool whose family can change Condition #5: an automated delineation (METRICS-E3,
    Condition #5, Example 2 if it is a network used as is; Example 5 if it is thresholding)."""
    body = _delineation("preprocessing n: segmentation(mode: automated, tool: TotalSegmentatr)")
    r = decide(body)
    assert r.conditions[5].verdict == "review" and "family" in r.conditions[5].reason
    f = next(f for f in r.findings if f.code == "V106")
    assert f.severity == "warning" and "TotalSegmentatr" in f.message and "did you mean" in f.message
    assert "TotalSegmentator" in f.message and f.span.line == 3 and "(automated)" in f.message
    unstated = next(f for f in decide(_delineation("preprocessing n: segmentation(tool: LiverSeg)")).findings
                    if f.code == "V106")
    assert "(mode not stated)" in unstated.message and "family: deep | classical" in unstated.message


@pytest.mark.parametrize("tool", ['"Our U-Net v2"', '"LiverSeg"', "LiverSeg", '"4D-Seg (in-house), v2"', '"ÅSeg #2"'])
def test_the_form_an_unknown_tool_finding_shows_is_one_the_author_can_paste(tool: str) -> None:
    """The operation the V106 message and the review reason show, pasted in place of the author's, parses and
    settles Condition #5 (a quoted in-house name with spaces stays quoted)."""
    written = f"segmentation(mode: automated, tool: {tool})"
    r = decide(_delineation(f"preprocessing n: {written}"))
    reason = r.conditions[5].reason
    shown = reason[reason.rindex("segmentation("):-1]
    v106 = next(f for f in r.findings if f.code == "V106").message
    v106 = v106[v106.rindex("segmentation("):]
    for form in (shown, v106.replace("deep | classical", "classical")):
        assert verdicts(_delineation(f"preprocessing n: {form}"))[5] == "no", form


@pytest.mark.parametrize("mode", ["", "mode: automated, "])
def test_family_on_the_operation_settles_an_unknown_tool(mode: str) -> None:
    classical = _delineation(f"preprocessing n: segmentation({mode}tool: LiverSeg, family: classical)")
    assert verdicts(classical)[5] == "no" and not {"V106", "V107", "R502"} & set(codes(classical))
    deep = _delineation(f"preprocessing n: segmentation({mode}tool: LiverSeg, family: deep)")
    assert verdicts(deep)[5] == "review" and "R502" in codes(deep) and "V106" not in codes(deep)
    unstated = _delineation(f"preprocessing n: segmentation({mode}tool: LiverSeg)")
    assert verdicts(unstated)[5] == "review" and "V106" in codes(unstated)


@pytest.mark.parametrize("stage", [
    "preprocessing n: segmentation(mode: manual, tool: LiverSeg)",
    "preprocessing n: segmentation(mode: semi_automated, tool: LiverSeg)",
])
def test_a_manual_delineation_with_an_unknown_tool_never_turns_a_verdict_into_review(stage: str) -> None:
    body = _delineation(stage)
    assert verdicts(body)[5] == "no"
    found = codes(body)
    assert "V107" in found and "V106" not in found


@pytest.mark.parametrize("stage", [
    'preprocessing n: "N4 correction"(tool: BiasFix)',
    'preprocessing n: "per-centre z-score"(tool: Harmonix)',
    "preprocessing n: denoise(tool: NoiseAway)",
    "preprocessing n: skull_strip(tool: BrainCut)",
    "preprocessing n: bias_field_correction(tool: ANTs)",
])
def test_custom_steps_and_image_preparation_never_turn_a_verdict_into_review(stage: str) -> None:
    body = _preparation(stage)
    assert verdicts(body)[5] == "no"
    found = codes(body)
    assert "V106" not in found and ("V107" in found) == ("ANTs" not in stage)


def test_the_unknown_tool_finding_of_a_custom_step_names_the_step() -> None:
    f = next(f for f in decide(_preparation('preprocessing n: "N4 correction"(tool: BiasFix)')).findings
             if f.code == "V107")
    assert "'N4 correction'" in f.message and "BiasFix" in f.message and "no verdict" in f.message


def test_family_in_yaml_is_the_same_as_in_the_dsl() -> None:
    dsl = load_text(pipe(IMG + "preprocessing ss: skull_strip(tool: BrainCut, family: deep)\n" + MANUAL + RADIOMICS
                         + "flow img -> ss -> roi -> f -> m -> y"), "t.pipe")
    yaml = load_text(to_yaml(dsl), "t.yaml", "yaml")
    assert yaml == dsl and "family: deep" in to_yaml(dsl)
    report = analyse(yaml)
    assert report.conditions[5].verdict == "no" and "R504" in {f.code for f in report.findings}


def test_an_unknown_family_on_an_operation_is_a_located_error() -> None:
    code, line, _, msg = error_of(pipe(IMG + "preprocessing ss: skull_strip(tool: BrainCut, family: neuronal)\n"
                                             "model m: CNN\noutput y: classification\nflow img -> ss -> m -> y"))
    assert code == "PS104" and line == 3 and "neuronal" in msg and "family" in msg
