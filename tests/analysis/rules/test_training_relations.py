"""Data used only in training: ``labels_from`` (a network's training target) and ``training_only`` (data used only
when training). Both are training-time relations like ``weights_from``: a source is not dangling, is never on a
verdict's input-to-output path, never decides Condition #5 by itself, and a delineation reached only through them
counts for Condition #1 but not #2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipespec import check
from pipespec.analysis.engine import analyse
from pipespec.language import load_path, load_text
from pipespec.language.writer import format_dsl, to_json, to_yaml
from tests.support.helpers import codes, decide, error_of, pipe, verdicts

ROOT = Path(__file__).resolve().parents[3]

CASCADE = """\
input ct: CT image2d
input boxes: CT boxes { mode: manual, training_only: yes }
model det: YOLOv8 { task: detection, labels_from: boxes }
preprocessing crop: roi_crop(mode: automated)
model cls: ResNet-50 { task: classification }
output y: classification
flow ct -> det -> crop -> cls -> y
flow ct -> crop
flow boxes -> crop
"""


def test_reader_boxes_used_only_in_training_count_for_condition_1_not_2() -> None:
    """The detector cascade: the reader's boxes train the detector and cut the training crops; when the system is
    used only the detector delineates (automated), so Condition #2 is Yes and #1 still sees a delineation."""
    r = decide(CASCADE)
    assert r.conditions[1].verdict == "yes" and "boxes [boxes provided (manual); training only]" in \
        r.conditions[1].reason
    assert r.conditions[2].verdict == "yes"
    assert "used only in training: boxes (training only)" in r.conditions[2].reason
    assert "boxes" not in {n for e in r.conditions[5].evidence for p in e.paths for n in p}
    assert "PS201" not in codes(CASCADE)


def test_the_same_cascade_drawn_as_flow_alone_makes_a_human_step() -> None:
    """Without training_only the reader's boxes are applied data: a human delineates, Condition #2 No (the
    drawing the radiologist's trial showed, now with the words to say it honestly)."""
    assert verdicts(CASCADE.replace(", training_only: yes", ""))[2] == "no"


def test_a_teacher_reaching_no_output_is_the_students_label_source() -> None:
    """Knowledge distillation: the teacher is not dangling, does not decide Condition #5, and the student's reason
    names where its labels came from."""
    body = """\
    input cxr: XR image2d
    model teacher: ViT { task: classification, training: fine_tuned }
    model student: MLP { labels_from: teacher }
    input feats: tabular deep_features
    output y: classification
    flow cxr -> teacher
    flow feats -> student -> y
    """
    r = decide(body)
    assert "PS201" not in [f.code for f in r.findings]
    # the teacher learns from images, but it reaches no output: the student, fed a table, decides No
    assert r.conditions[5].verdict == "no"
    assert "teacher" not in {n for e in r.conditions[5].evidence for n in e.stages}


def test_shipped_examples_say_where_labels_came_from() -> None:
    kd = analyse(load_path(str(ROOT / "examples" / "knowledge-distillation.pipe")))
    assert kd.conditions[5].verdict == "yes"
    assert "labels from 'teacher' (deep model, reaches no output)" in kd.conditions[5].reason
    cascade = analyse(load_path(str(ROOT / "examples" / "detector-cascade-training-labels.pipe")))
    assert "labels from 'boxes' (boxes, manual, training only)" in cascade.conditions[5].reason
    assert "training-only data from 'boxes'" in cascade.conditions[5].reason


def test_masks_that_are_only_a_training_target_make_condition_2_no() -> None:
    """Masks a classifier learns from as an auxiliary target (labels_from) are a delineation (#1 Yes), but none is
    applied when the system is used: nothing automated to evaluate (#2 No, item 9 off)."""
    body = """\
    input mri: MRI image3d
    input masks: MRI mask { mode: manual }
    model net: ResNet-18 { task: classification, labels_from: masks }
    output y: classification
    flow mri -> net -> y
    """
    r = decide(body)
    assert r.conditions[1].verdict == "yes" and "labels for 'net'" in r.conditions[1].reason
    assert r.conditions[2].verdict == "no" and r.conditions[2].cause == "training_only"
    assert "PS201" not in [f.code for f in r.findings]


def test_training_only_masks_are_not_the_test_sets_readers() -> None:
    """Item 10 reads the masks the test set is delineated with: one reader's masks used only in training do not
    make the two-reader test masks a one-reader set."""
    body = """\
    input mri: MRI image3d
    input train_masks: MRI mask { mode: manual, readers: 1, training_only: yes }
    preprocessing roi: segmentation(mode: manual, readers: 2)
    feature_extraction rad: handcrafted PyRadiomics
    model m: SVM
    output y: classification
    flow mri -> roi -> rad -> m -> y
    flow train_masks -> roi
    assess item10 = yes
    """
    assert "M310" in codes(body)
    assert "M310" not in codes(body.replace(", training_only: yes", ""))


@pytest.mark.parametrize("attr,message", [
    ("labels_from: bxes", "'det' takes its labels from 'bxes', which is not a stage of this pipeline; did you mean "
                          "'boxes'?"),
    ("labels_from: det", "'det' takes its labels from itself"),
    ("labels_from: [boxes, y]", "'det' takes its labels from the output 'y'"),
])
def test_bad_label_sources_are_located_errors(attr: str, message: str) -> None:
    code, line, _, msg = error_of(pipe(CASCADE.replace("labels_from: boxes", attr)))
    assert code == "PS106" and line == 4 and msg.startswith(message)


def test_labels_from_the_output_a_model_feeds_does_not_suggest_the_model_itself() -> None:
    """A model labelled from its own output is told to name the labels' source, never itself."""
    code, line, _, msg = error_of(pipe(CASCADE.replace(
        "ResNet-50 { task: classification }", "ResNet-50 { task: classification, labels_from: y }")))
    assert code == "PS106" and line == 6
    assert msg.startswith("'cls' takes its labels from the output 'y', which 'cls' itself feeds")
    assert "('cls')" not in msg and "the teacher it learns from" in msg


def test_training_only_is_yes_or_no_and_only_on_inputs_and_preprocessing() -> None:
    assert error_of(pipe(CASCADE.replace("training_only: yes", "training_only: often")))[0] == "PS104"
    code, _, _, msg = error_of(pipe(CASCADE.replace("labels_from: boxes", "training_only: yes")))
    assert code == "PS103" and "training_only" in msg


def test_labels_from_round_trips_through_every_front_end() -> None:
    p = load_text(pipe(CASCADE.replace("labels_from: boxes", "labels_from: [boxes, ct]")), "t.pipe")
    det = p.stages[2]
    assert det.get("labels_from") == ("boxes", "ct") and p.stages[1].get("training_only") is True
    assert load_text(format_dsl(p), "t.pipe") == p
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p
    doc = json.loads(to_json(p))
    assert doc["stages"][2]["labels_from"] == ["boxes", "ct"]
    assert load_text(to_json(p), "t.json", "json") == p


def test_yaml_labels_from_takes_one_stage_or_a_list() -> None:
    text = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image2d}\n"
            "- {name: teacher, kind: model, architecture: ViT, from: [ct]}\n"
            "- {name: student, kind: model, architecture: ResNet-18, from: [ct], labels_from: [teacher]}\n"
            "- {name: y, kind: output, task: classification, from: [student]}\n")
    report = check(load_text(text, "t.yaml", "yaml"))
    assert report.conditions[5].verdict == "yes"
    assert "PS201" not in [f.code for f in report.findings]
    code, _, _, msg = error_of(text.replace("labels_from: [teacher]", "labels_from: []"), "yaml", "t.yaml")
    assert code in ("PS102", "PS104") and "labels_from" in msg


def test_drawings_show_training_relations_dashed_and_training_only_data_marked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """weights_from and labels_from are drawn as relations, not data flow (dashed, never a layout constraint);
    training-only data says so in its stage."""
    from pipespec.cli import main

    src = ROOT / "examples" / "detector-cascade-training-labels.pipe"
    main(["graph", str(src)])
    mermaid = capsys.readouterr().out
    assert "-.->|labels|" in mermaid and "training only" in mermaid
    main(["graph", str(ROOT / "examples" / "dl-radiomics-nomogram.pipe"), "--format", "dot"])
    dot = capsys.readouterr().out
    assert '"cnn" -> "dl" [label="weights", style=dashed, constraint=false];' in dot
    page = tmp_path / "page.html"
    main(["report", str(src), "--html", str(page)])
    capsys.readouterr()
    html = page.read_text(encoding="utf-8")
    assert html.count('class="relation"') == 1 and "det takes its labels from boxes (not data flow)" in html
    view = analyse(load_path(str(src)), drawing=True).drawing
    assert view is not None and view.relations == [("boxes", "det", "labels")]
    assert ("boxes", "det", "mask") not in view.edges


def test_training_only_tables_never_make_a_network_fed_features() -> None:
    """A table used only in training (radiomics of the training cases) does not make what a network is fed when it
    is used: a MIL head on deep embeddings stays a deep head on deep features (R501's two readings), not a fused
    hand-crafted + deep model (C501); the reason names it as training-only data, not a side input."""
    body = """\
    input wsi: histopathology image2d
    input rad: tabular radiomics { training_only: yes }
    feature_extraction emb: deep ResNet-50
    model mil: ABMIL { family: deep, task: classification }
    output y: classification
    flow wsi -> emb -> mil -> y
    flow rad -> mil
    declare condition5 = yes
    """
    found = codes(body)
    assert "C509" in found and "R501" in found and "C501" not in found
    assert "C501" in codes(body.replace(" { training_only: yes }", ""))
    image = decide("""\
    input ct: CT image3d
    input rad: tabular radiomics { training_only: yes }
    model net: ResNet-18 { task: classification }
    output y: classification
    flow ct -> net -> y
    flow rad -> net
    """).conditions[5]
    assert image.verdict == "yes" and "training-only data from 'rad'" in image.reason
    assert "side inputs" not in image.reason


def test_an_output_reached_only_through_training_only_data_is_ps202() -> None:
    """Training-only data is absent when the system is used: an output it alone reaches gets nothing then."""
    only = """\
input ct: CT image3d { training_only: yes }
preprocessing seg: segmentation(mode: manual)
feature_extraction rad: handcrafted PyRadiomics
model m: SVM
output y: classification
flow ct -> seg -> rad -> m -> y
"""
    assert "PS202" in codes(only)
    assert "PS202" not in codes(only.replace(" { training_only: yes }", ""))
    # the detector cascade's reader boxes are training-only, but the images reach the output without them
    assert "PS202" not in codes(CASCADE)
