"""What real studies contain: multi-task networks, weight transfer, hand-crafted feature maps, raw acquisition data,
detection boxes, compared candidates, delineation facts, and the messages a new user meets."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipespec import vocab
from pipespec.analysis.facts import delineation_facts, processing_category
from pipespec.analysis.rules import RULES
from pipespec.cli import main
from pipespec.language import load_text
from pipespec.language.lexicon import RESERVED
from pipespec.language.writer import format_dsl, to_json, to_yaml
from tests.support.helpers import codes, decide, error_of, pipe, verdicts

IMG = "input img: CT image3d\n"


# ------------------------------------------------------------------ 1. multi-task networks
def test_a_network_that_segments_and_classifies_is_a_delineation_and_end_to_end() -> None:
    body = IMG + "model net: U-Net { task: [segmentation, classification] }\noutput y: classification\n" \
                 "flow img -> net -> y"
    v = verdicts(body)
    assert v[1] == "yes" and v[2] == "yes" and v[5] == "yes"
    r = decide(body)
    assert "multi-task: segmentation, classification" in r.conditions[5].reason
    assert "L106" not in codes(body)


def test_a_segmentation_only_model_feeding_a_classification_output_is_a_finding() -> None:
    f = next(f for f in decide(IMG + "model net: U-Net { task: segmentation }\noutput y: classification\n"
                                     "flow img -> net -> y").findings if f.code == "L106")
    assert "task: [segmentation, classification]" in f.message and f.span.line == 5  # the edge into the output


# ------------------------------------------------------------------ 2. weight transfer
SSL = ("input pre: CT image3d { source: \"unlabelled scans\" }\n"
       "model ssl: ResNet-50 { training: self_supervised }\n" + IMG +
       "model net: ResNet-50 { weights_from: ssl, training: fine_tuned, task: classification }\n"
       "output y: classification\nflow pre -> ssl\nflow img -> net -> y")


def test_a_weights_only_source_is_not_dangling_and_the_reason_names_it() -> None:
    r = decide(SSL)
    assert not [f for f in r.findings if f.code == "PS201"]
    assert r.conditions[5].verdict == "yes" and "weights from 'ssl'" in r.conditions[5].reason


def test_weights_from_must_name_a_network() -> None:
    code, line, _, msg = error_of(pipe(IMG + "model net: CNN { weights_from: nowhere }\noutput y: classification\n"
                                             "flow img -> net -> y"))
    assert code == "PS106" and line == 3 and "nowhere" in msg
    code, _, _, msg = error_of(pipe(IMG + "model net: CNN { weights_from: img }\noutput y: classification\n"
                                          "flow img -> net -> y"))
    assert code == "PS106" and "weights come from a network" in msg


def test_a_deep_extractor_may_take_weights_from_a_trained_model() -> None:
    body = (IMG + "model cnn: ResNet-50 { task: classification, training: fine_tuned }\n"
            "feature_extraction f: deep ResNet-50 { weights_from: cnn }\nmodel m: SVM\noutput y: classification\n"
            "flow img -> cnn\nflow img -> f -> m -> y")
    r = decide(body)
    assert r.conditions[5].verdict == "no" and "weights from 'cnn'" in r.conditions[5].reason
    assert {"R503"} <= set(codes(body)) and "PS201" not in codes(body) and "PS109" not in codes(body)


# ------------------------------------------------------------------ 3. hand-crafted feature maps
MAPS = IMG + "preprocessing roi: segmentation(mode: manual)\n" \
             "feature_extraction fm: handcrafted PyRadiomics { produces: maps }\nmodel net: CNN\n" \
             "output y: classification\nflow img -> roi -> fm -> net -> y\n"


def test_feature_maps_are_handcrafted_not_tabular_and_a_network_on_them_only_is_not_end_to_end() -> None:
    r = decide(MAPS)
    assert [r.conditions[c].verdict for c in (3, 4, 5)] == ["yes", "no", "no"]
    assert "hand-crafted feature maps" in r.conditions[5].reason and "tables" not in r.conditions[5].reason
    assert r.conditions[5].cause == "handcrafted_maps"


def test_a_network_fed_images_as_well_as_maps_is_end_to_end() -> None:
    r = decide(MAPS + "flow roi -> net")
    assert r.conditions[5].verdict == "yes" and "feature maps" in r.conditions[5].reason


def test_physical_parametric_maps_are_images() -> None:
    body = "input adc: ADC image3d\nmodel net: CNN\noutput y: classification\nflow adc -> net -> y"
    assert verdicts(body)[5] == "yes" and verdicts(body)[3] == "no"


# ------------------------------------------------------------------ 4. raw acquisition data
def test_a_network_from_kspace_to_the_output_is_end_to_end_and_says_so() -> None:
    r = decide("input raw: MRI kspace\nmodel net: CNN { task: classification }\noutput y: classification\n"
               "flow raw -> net -> y")
    assert r.conditions[5].verdict == "yes" and "raw kspace" in r.conditions[5].reason


def test_a_reconstruction_network_passes_images_on() -> None:
    body = ("input raw: MRI kspace\nmodel recon: U-Net { task: image_to_image }\n"
            "preprocessing seg: segmentation(mode: manual)\nfeature_extraction f: handcrafted PyRadiomics\n"
            "model lr: logistic regression\noutput y: classification\nflow raw -> recon -> seg -> f -> lr -> y")
    r = decide(body)
    assert r.conditions[5].verdict == "review" and "raw kspace" in r.conditions[5].reason


def test_a_vendor_reconstruction_as_the_only_deep_part_is_not_explained_as_tables() -> None:
    body = (IMG + "model dlr: \"deep learning reconstruction\" { training: pretrained_only }\n"
            "preprocessing seg: segmentation(mode: manual)\nfeature_extraction f: handcrafted PyRadiomics\n"
            "model lr: logistic regression\noutput y: classification\nflow img -> dlr -> seg -> f -> lr -> y")
    r = decide(body)
    assert r.conditions[5].verdict == "no" and "never images" not in r.conditions[5].reason


def test_a_synthesis_study_may_end_in_an_image_output() -> None:
    body = ("input mr: MRI image3d\nmodel syn: CycleGAN { task: image_to_image }\noutput ct: image_to_image\n"
            "flow mr -> syn -> ct")
    assert verdicts(body)[5] == "review"


def test_a_model_feeding_a_feature_extraction_is_told_about_image_to_image() -> None:
    with pytest.raises(Exception) as exc:
        decide("input mr: MRI image3d\nmodel syn: CNN { task: regression }\n"
               "feature_extraction f: handcrafted PyRadiomics\nmodel lr: SVM\noutput y: classification\n"
               "flow mr -> syn -> f -> lr -> y")
    d = exc.value.diagnostics[0]  # type: ignore[attr-defined]
    assert d.code == "PS109" and d.fix and "task: image_to_image" in d.fix


# ------------------------------------------------------------------ 5. detection boxes
def test_boxes_are_a_delineation_and_detectors_are_called_detectors() -> None:
    body = (IMG + "input boxes: CT boxes { mode: manual, readers: 2 }\nmodel det: YOLOv8 { task: detection }\n"
            "model cls: CNN\noutput y: classification\nflow img, boxes -> det -> cls -> y")
    r = decide(body)
    assert r.conditions[1].verdict == "yes" and "detector" in r.conditions[1].reason
    assert "boxes provided (manual)" in r.conditions[1].reason and "segmentation model" not in r.conditions[1].reason


# ------------------------------------------------------------------ 6. candidates compared
def test_a_candidate_list_is_named_and_decides_like_its_most_end_to_end_candidate() -> None:
    mixed = IMG + "model m { algorithm: [SVM, random forest], architecture: [ResNet-50, ViT] }\n" \
                  "output y: classification\nflow img -> m -> y"
    r = decide(mixed)
    assert r.conditions[5].verdict == "yes" and "ResNet-50, ViT" in r.conditions[5].reason
    classical = IMG + "feature_extraction f: handcrafted PyRadiomics\nmodel m { algorithm: [SVM, random forest, " \
                      "XGBoost] }\noutput y: classification\nflow img -> f -> m -> y"
    assert verdicts(classical)[5] == "no"
    trained = IMG + "model m: ResNet-50 { training: [pretrained_only, fine_tuned] }\nmodel c: CNN\n" \
                    "output y: classification\nflow img -> m -> c -> y"
    assert verdicts(trained)[5] == "yes"


def test_a_single_item_list_is_the_value_itself() -> None:
    a = load_text(pipe(IMG + "model m { architecture: [CNN] }\noutput y: classification\nflow img -> m -> y"))
    b = load_text(pipe(IMG + "model m: CNN\noutput y: classification\nflow img -> m -> y"))
    assert a == b


# ------------------------------------------------------------------ 7. feature-processing vocabulary
@pytest.mark.parametrize("word,op,category", [
    ("LASSO", "select", "redundancy"), ("elastic net", "select", "redundancy"), ("mRMR", "select", "redundancy"),
    ("ANOVA", "select", "redundancy"), ("t-test", "select", "redundancy"), ("Mann-Whitney U", "select", "redundancy"),
    ("chi-square", "select", "redundancy"), ("ICC", "select", "robustness"), ("test-retest", "select", "robustness"),
    ("inter-reader", "select", "robustness"), ("correlation filter", "select", "redundancy"),
    ("collinearity", "select", "redundancy"), ("variance filter", "select", "redundancy"), ("RFE", "select", "redundancy"),
    ("Boruta", "select", "redundancy"), ("random forest importance", "select", "redundancy"),
    ("univariate", "select", "redundancy"), ("multivariate", "select", "redundancy"),
    ("z-score", "normalize", "scaling"), ("standardization", "normalize", "scaling"), ("min-max", "normalize", "scaling"),
    ("imputation", "impute", "imputation"), ("SMOTE", "oversample", "class_balance"),
    ("upsampling", "oversample", "class_balance"), ("concatenation", "fuse", None), ("PCA", "reduce", "representation"),
])
def test_processing_words_are_operations_with_a_category(word: str, op: str, category: str | None) -> None:
    p = load_text(pipe(f"input t: tabular radiomics\npreprocessing p: \"{word}\"\n"), "t.pipe") \
        if False else load_text(pipe(IMG + "feature_extraction f: handcrafted PyRadiomics\n"
                                           f"preprocessing p {{ ops: [\"{word}\"] }}\n"), "t.pipe")
    got = p.stage("p").ops[0]
    assert got.name == op and not got.custom
    assert processing_category(got) == category


def test_processing_words_in_yaml_and_as_select_method() -> None:
    text = ("pipeline: t\nstages:\n- {name: t, kind: input, form: tabular, holds: radiomics}\n"
            "- {name: p, kind: preprocessing, from: [t], ops: [ICC, {op: select, method: lasso}]}\n")
    ops = load_text(text, "t.yaml", "yaml").stage("p").ops
    assert [(o.name, o.param("method")) for o in ops] == [("select", "ICC filter"), ("select", "LASSO")]
    assert [processing_category(o) for o in ops] == ["robustness", "redundancy"]


def test_lasso_as_an_algorithm_stays_a_model() -> None:
    body = "input t: tabular radiomics\nmodel m: LASSO\noutput y: classification\nflow t -> m -> y"
    assert decide(body).conditions[5].verdict == "no"


def test_did_you_mean_stays_within_distance_two() -> None:
    assert "stain_normalization" not in vocab.did_you_mean("standardizaton", list(vocab.OPS))
    assert vocab.did_you_mean("pretrained", vocab.enum_choices(vocab.TRAININGS)) == ""
    assert "'segmentation'" in vocab.did_you_mean("segmentaton", list(vocab.OPS))
    assert vocab.distance("kitten", "sitting") == 3 and vocab.distance("ab", "ba") == 1


def test_method_category_names() -> None:
    assert set(vocab.PROCESSING_CATEGORIES) == {"robustness", "redundancy", "representation", "scaling",
                                                "imputation", "class_balance"}
    assert vocab.method_category("select", "mRMR") == "redundancy"
    assert vocab.method_category("select") is None and vocab.method_category("resample") is None


# ------------------------------------------------------------------ 8. readers, corrections, reproducibility
def test_delineation_facts_and_corrections() -> None:
    body = (IMG + "preprocessing seg: segmentation(mode: automated, corrected: subset, readers: 2, "
            "reproducibility: [inter_reader, test-retest])\nfeature_extraction f: handcrafted PyRadiomics\n"
            "model m: SVM\noutput y: classification\nflow img -> seg -> f -> m -> y")
    r = decide(body)
    assert r.conditions[2].verdict == "no"
    op = load_text(pipe(body)).stage("seg").ops[0]
    assert delineation_facts(op).readers == 2 and delineation_facts(op).corrected == "subset"
    assert delineation_facts(op).reproducibility == ("inter_reader", "test_retest")
    none = body.replace("corrected: subset", "corrected: no")
    assert verdicts(none)[2] == "yes"


def test_prompted_segmentation_has_a_human_in_the_loop() -> None:
    body = (IMG + "preprocessing seg: segmentation(mode: prompt, tool: SAM)\n"
            "feature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> seg -> f -> m -> y")
    assert verdicts(body)[2] == "no"


def test_corrected_yes_means_all_on_a_model() -> None:
    p = load_text(pipe(IMG + "model s: nnU-Net { task: segmentation, corrected: yes }\noutput y: segmentation\n"
                             "flow img -> s -> y"))
    assert p.stage("s").get("corrected") == "all"


# ------------------------------------------------------------------ 9. located errors
@pytest.mark.parametrize("word", sorted(RESERVED))
def test_reserved_words_cannot_name_a_stage_in_any_front_end(word: str) -> None:
    code, line, _, msg = error_of(pipe(f"input {word}: CT image3d"))
    assert code in ("PS101", "PS102") and line == 2
    code, _, _, msg = error_of(f"pipeline: t\nstages:\n- {{name: {word}, kind: input, form: image3d}}\n", "yaml",
                               "t.yaml")
    assert code == "PS102" and "reserved" in msg


def test_future_block_keywords_are_reserved() -> None:
    assert {"assess", "cohort", "evaluation", "availability"} <= RESERVED


def test_unknown_tool_after_a_method_is_a_finding() -> None:
    body = IMG + "feature_extraction f: deep FooNet\nmodel m: SVM\noutput y: classification\nflow img -> f -> m -> y"
    assert "V102" in codes(body)


def test_unknown_form_in_an_input_head_is_located() -> None:
    code, line, col, msg = error_of(pipe("input mri: MRI kspce\nmodel m: CNN\noutput y: classification\n"
                                         "flow mri -> m -> y"))
    assert code == "PS104" and (line, col) == (2, 18) and "kspace" in msg


def test_network_is_tool_and_type_suggests_kind() -> None:
    text = ("pipeline: t\nstages:\n- {name: a, kind: input, form: image3d}\n"
            "- {name: f, kind: feature_extraction, method: deep, network: ResNet-50, from: [a]}\n")
    assert load_text(text, "t.yaml", "yaml").stage("f").text("tool") == "ResNet-50"
    code, line, _, msg = error_of("pipeline: t\nstages:\n- {name: a, type: input}\n", "yaml", "t.yaml")
    assert line == 3 and "did you mean 'kind'" in msg


# ------------------------------------------------------------------ round trips of the new constructs
def test_new_constructs_round_trip_through_every_front_end() -> None:
    text = pipe(IMG + "input boxes: CT boxes { mode: prompt, readers: 2, corrected: subset, "
                      "reproducibility: [inter_reader] }\n"
                      "model ssl: ResNet-50 { training: self_supervised }\n"
                      "model net { architecture: [ResNet-50, ViT], task: [detection, classification], "
                      "training: [from_scratch, fine_tuned], weights_from: ssl }\n"
                      "feature_extraction fm: handcrafted PyRadiomics { produces: maps }\n"
                      "preprocessing sel: LASSO, ICC(threshold: 0.75)\n"
                      "output y: classification\nflow img -> ssl\nflow img, boxes -> net -> y\nflow img -> fm")
    p = load_text(text)
    assert load_text(format_dsl(p)) == p
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p
    assert load_text(to_json(p), "t.json", "json") == p


# ------------------------------------------------------------------ two readings
@pytest.mark.parametrize("code", ["R501", "R502", "R503"])
def test_each_reading_documents_both_drawings_and_they_decide_differently(code: str, tmp_path: Path) -> None:
    from pipespec import check

    rule = RULES[code]
    assert rule.example and rule.other_example and rule.severity == "info"
    one = check(load_text(rule.example))
    other = check(load_text(rule.other_example))
    assert code in {f.code for f in one.findings} and code not in {f.code for f in other.findings}
    assert one.conditions[5].verdict != other.conditions[5].verdict
    assert "Example" in rule.reference
    f = next(f for f in one.findings if f.code == code)
    assert "METRICS-E3, Example" in f.message and "`" in f.message  # the other reading and the exact change


def test_reading_findings_stand_beside_misclassification_errors() -> None:
    """A declared answer that is the other reading's verdict is a C509 warning beside R501; an answer that is
    neither reading's (a linear head on deep features declared Yes: METRICS-E3 Example 6) keeps its error."""
    body = IMG + "feature_extraction f: deep ResNet-50\nmodel m: MLP\noutput y: classification\n" \
                 "flow img -> f -> m -> y\ndeclare condition5 = yes"
    assert {"C509", "R501"} <= set(codes(body)) and "C503" not in codes(body)
    assert {"C502", "R501"} <= set(codes(body.replace("model m: MLP", "model m: logistic regression")))


def test_no_reading_finding_when_the_verdict_is_already_yes() -> None:
    body = IMG + "feature_extraction f: deep ResNet-50\nmodel m: MLP\nmodel n: CNN\noutput y: classification\n" \
                 "output z: classification\nflow img -> f -> m -> y\nflow img -> n -> z"
    assert "R501" not in codes(body)


# ------------------------------------------------------------------ command line
def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


REVIEW = pipe(IMG + "model m: \"in-house model\"\noutput y: classification\nflow img -> m -> y\n"
                    "declare condition5 = yes")


def test_fail_on_review_sits_between_error_and_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "r.pipe", REVIEW)
    assert main(["check", path]) == 0
    assert main(["check", path, "--fail-on", "review"]) == 1
    assert main(["check", path, "--fail-on", "warning"]) == 1
    ok = _write(tmp_path, "ok.pipe", pipe(IMG + "model m: CNN\noutput y: classification\nflow img -> m -> y\n"
                                                "declare condition5 = yes"))
    assert main(["check", ok, "--fail-on", "review"]) == 0
    capsys.readouterr()


def test_review_is_visible_in_junit_and_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "r.pipe", REVIEW)
    main(["check", path, "--format", "junit"])
    assert "<skipped" in capsys.readouterr().out
    main(["check", path, "--format", "github"])
    assert "::notice " in capsys.readouterr().out


def test_test_without_expectations_says_nothing_was_tested(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bare = _write(tmp_path, "bare.pipe", REVIEW)
    assert main(["test", bare]) == 1
    assert "nothing was tested" in capsys.readouterr().out
    judged = _write(tmp_path, "judged.pipe", REVIEW.replace("declare", "expect condition5 = review\n  declare"))
    assert main(["test", bare, judged]) == 0
    assert "1 file(s) without expectations" in capsys.readouterr().out


def test_graph_takes_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path, "a.pipe", REVIEW)
    b = _write(tmp_path, "b.pipe", pipe(IMG + "model m: CNN\noutput y: classification\nflow img -> m -> y", "B"))
    assert main(["graph", a, b, "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert out.count("digraph ") == 2 and "a.pipe" in out and "b.pipe: B" in out
    assert main(["graph", a, b]) == 0
    out = capsys.readouterr().out
    assert out.count("flowchart LR") == 2 and out.count("title:") == 2


def test_a_waiver_at_a_stage_suppresses_its_ps201(tmp_path: Path) -> None:
    body = (IMG + "model m: CNN\nmodel spare: CNN\noutput y: classification\nflow img -> m -> y\nflow img -> spare\n"
            'declare condition5 = yes\nwaive PS201 "kept for the ablation" at spare')
    r = decide(body)
    ps201 = [f for f in r.findings if f.code == "PS201"]
    assert ps201 and all(f.waived is not None for f in ps201)
    assert "W101" not in codes(body)


def test_processing_phrases_of_several_words_in_a_dsl_head() -> None:
    p = load_text(pipe("input t: tabular radiomics\npreprocessing sel: correlation filter(threshold: 0.9), "
                       "Mann-Whitney U, LASSO\nflow t -> sel"))
    ops = p.stage("sel").ops
    assert [(o.name, o.param("method")) for o in ops] == [
        ("select", "correlation filter"), ("select", "Mann-Whitney U"), ("select", "LASSO")]
    assert ops[0].param("threshold") == 0.9


def test_the_new_examples_meet_their_expectations(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[3] / "examples"
    files = [str(root / n) for n in ("dl-radiomics-nomogram.pipe", "foundation-model-linear-probe.pipe",
                                     "multitask-segment-classify.pipe", "ssl-pretraining-then-fine-tuning.pipe",
                                     "radiomic-feature-maps-cnn.pipe", "kspace-classification.pipe")]
    assert main(["test", *files]) == 0
    assert main(["fmt", "--check", *files]) == 0
    capsys.readouterr()
