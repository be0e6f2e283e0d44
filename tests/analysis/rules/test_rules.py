"""The rule engine: verdicts for conditions 1-5, misclassification and label findings, waivers.

Each test names the METRICS-E3 example or the invariant it protects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipespec import check
from pipespec.analysis.engine import Config, analyse
from pipespec.analysis.rules import RULES
from pipespec.language import load_path, load_text
from tests.analysis.rules.test_item_evidence import TRIGGERS as ITEM_TRIGGERS
from tests.support.helpers import codes, decide, pipe, verdicts
from tests.support.real_triggers import REAL_TRIGGERS

ROOT = Path(__file__).resolve().parents[3]
E3 = ROOT / "examples" / "metrics-e3"

IMG = "input img: CT image3d\n"


# ------------------------------------------------------------------ the METRICS-E3 examples
@pytest.mark.parametrize("n,expected", [(1, "yes"), (2, "yes"), (3, "yes"), (4, "yes"), (5, "no"), (6, "no")])
def test_metrics_e3_examples_condition5(n: int, expected: str) -> None:
    """METRICS-E3, Condition #5, Examples 1-6, as the guidance scores them."""
    for path in sorted(E3.glob(f"example-{n}.*")):
        report = analyse(load_path(str(path)))
        assert report.conditions[5].verdict == expected, path
        assert all(e.passed for e in report.expectations), path


def test_example_1_evidence_is_a_path_from_video_to_output() -> None:
    """METRICS-E3 Example 1: the evidence names input -> augmentation -> network -> output."""
    v = analyse(load_path(str(E3 / "example-1.pipe"))).conditions[5]
    assert v.rule == "D501"
    assert v.evidence[0].paths[0] == ("dsa", "aug", "xception", "lvo")


def test_example_2_modular_system_counts() -> None:
    """METRICS-E3 Example 2: a segmentation network feeding a CNN classifier is Yes (modular)."""
    v = analyse(load_path(str(E3 / "example-2.pipe"))).conditions[5]
    assert v.verdict == "yes" and v.cause == "modular"
    assert {"seg", "cnn"} <= {n for e in v.evidence for n in e.stages}


def test_every_shipped_example_meets_its_expectations() -> None:
    paths = sorted((ROOT / "examples").rglob("*.pipe")) + sorted((ROOT / "examples").rglob("*.yaml"))
    failures = [(p.name, e) for p in paths for e in analyse(load_path(str(p))).expectations if not e.passed]
    assert not failures


# ------------------------------------------------------------------ Condition #5 decisions
def test_transfer_learning_frozen_backbone_is_yes() -> None:
    """METRICS-E3 Example 4: frozen layers with a fine-tuned head stay end-to-end."""
    v = verdicts(IMG + "model m: ResNet-50 { training: frozen_backbone, pretrained_on: ImageNet }\n"
                       "output y: classification\nflow img -> m -> y")
    assert v[5] == "yes"


def test_side_inputs_do_not_break_end_to_end() -> None:
    """METRICS-E3 Example 3: sex fed into a ResNet-34 keeps Condition #5 Yes."""
    v = verdicts(IMG + "input sex: tabular clinical\nmodel m: ResNet-34\noutput y: regression\n"
                       "flow img -> m -> y\nflow sex -> m")
    assert v[5] == "yes" and v[4] == "no"


def test_handcrafted_and_classical_is_no() -> None:
    """METRICS-E3 Example 5: PyRadiomics features and an SVM are No."""
    r = decide(IMG + "preprocessing s: segmentation(mode: manual)\nfeature_extraction f: PyRadiomics\n"
                     "model m: SVM\noutput y: classification\nflow img -> s -> f -> m -> y")
    assert r.conditions[5].verdict == "no" and r.conditions[5].cause == "no_deep"


def test_deep_features_then_logistic_regression_is_no() -> None:
    """METRICS-E3 Example 6: a pretrained ResNet-50 as feature extractor, then logistic regression."""
    r = decide(IMG + "feature_extraction f: deep ResNet-50\nmodel m: logistic regression\n"
                     "output y: classification\nflow img -> f -> m -> y")
    assert r.conditions[5].verdict == "no" and r.conditions[5].cause == "deep_features_classical"
    assert r.conditions[4].verdict == "yes" and r.conditions[3].verdict == "no"


def test_fused_features_into_an_mlp_is_no() -> None:
    """METRICS-E3 advice on fused models: fused hand-crafted + deep features are tabular, even into an MLP."""
    r = decide(IMG + "preprocessing s: segmentation(mode: manual)\nfeature_extraction h: PyRadiomics\n"
                     "feature_extraction d: deep DenseNet-121\npreprocessing fu: fuse\nmodel m: MLP\n"
                     "output y: classification\nflow img -> s -> h, d -> fu -> m -> y")
    v = r.conditions
    assert v[5].verdict == "no" and v[5].cause == "fused"
    assert v[3].verdict == "yes" and v[4].verdict == "yes"


def test_deep_network_fed_only_tables_is_no_whatever_its_family() -> None:
    """Invariant: a deep network whose inputs are only tabular never makes Condition #5 Yes."""
    v = verdicts("input t: tabular radiomics\nmodel m: MLP { training: end_to_end }\noutput y: classification\n"
                 "flow t -> m -> y")
    assert v[5] == "no"


def test_model_fed_tables_of_unknown_family_is_no_not_review() -> None:
    """Invariant: any model fed only tables cannot make Condition #5 Yes, whatever its family."""
    v = verdicts("input t: tabular radiomics\nmodel m: \"some learner\"\noutput y: classification\n"
                 "flow t -> m -> y")
    assert v[5] == "no"


def test_unknown_model_on_images_is_review_and_says_what_to_add() -> None:
    r = decide(IMG + 'model m: "in-house model"\noutput y: classification\nflow img -> m -> y')
    v = r.conditions[5]
    assert v.verdict == "review" and v.rule == "D503" and "family" in v.reason


def test_declared_family_resolves_an_unknown_name() -> None:
    v = verdicts(IMG + 'model m: "in-house model" { family: deep }\noutput y: classification\nflow img -> m -> y')
    assert v[5] == "yes"


def test_deep_segmentation_as_only_deep_component_feeding_radiomics_is_yes() -> None:
    """Decision (README): a trained deep segmentation model is an end-to-end component (METRICS-E3 advice:
    any end-to-end DL component, segmentation included)."""
    body = (IMG + "model seg: nnU-Net { task: segmentation, training: from_scratch }\n"
            "feature_extraction f: PyRadiomics\nmodel m: logistic regression\noutput y: classification\n"
            "flow img -> seg -> f -> m -> y\nflow img -> f")
    r = decide(body)
    assert r.conditions[5].verdict == "yes" and r.conditions[5].evidence[0].stages == ("seg",)
    assert r.conditions[1].verdict == "yes" and r.conditions[2].verdict == "yes"


def test_off_the_shelf_deep_segmentation_is_review() -> None:
    """Decision (README): a network used as is (pretrained_only) is left to the reviewer."""
    body = (IMG + "model seg: TotalSegmentator { task: segmentation, training: pretrained_only }\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> seg -> f -> m -> y\nflow img -> f")
    assert verdicts(body)[5] == "review"


def test_deep_segmentation_tool_in_preprocessing_is_review() -> None:
    body = (IMG + "preprocessing s: segmentation(mode: automated, tool: nnU-Net)\nfeature_extraction f: PyRadiomics\n"
            "model m: SVM\noutput y: classification\nflow img -> s -> f -> m -> y")
    v = decide(body).conditions
    assert v[5].verdict == "review" and "model stage" in v[5].reason
    assert v[2].verdict == "yes"


def test_self_supervised_embeddings_only_clustered_are_not_tabular() -> None:
    """METRICS-E3, Condition #4, Example 5: contrastive embeddings clustered without labels are not tabular data
    (#4 No), and no deep model learns from the images to the output (#5 No); k-means needs no task."""
    r = decide(IMG + "feature_extraction e: deep SimCLR { training: self_supervised }\nmodel k: k-means\n"
                     "output c: clustering\nflow img -> e -> k -> c")
    assert r.conditions[4].verdict == "no" and r.conditions[4].cause == "embeddings_clustered"
    assert "Example 5" in r.conditions[4].reason and "'k'" not in r.conditions[4].reason
    assert r.conditions[5].verdict == "no" and r.conditions[5].cause == "embeddings_clustered"
    assert "without labels" in r.conditions[5].reason and "classified" not in r.conditions[5].reason
    assert not {14, 15, 16} & set(r.items)  # robustness, redundancy, dimensionality of features: no table


@pytest.mark.parametrize("between", ["reduce", "PCA", "z-score, PCA", "normalize"])
def test_embeddings_clustered_through_pca_or_scaling_are_not_tabular(between: str) -> None:
    """METRICS-E3, Condition #4, Example 5: PCA or scaling before the clustering keeps the embeddings untabulated."""
    body = (IMG + "feature_extraction e: deep SimCLR\npreprocessing p: " + between + "\n"
            "model k: Gaussian mixture { task: clustering }\noutput c: clustering\nflow img -> e -> p -> k -> c")
    assert verdicts(body)[4] == "no"


@pytest.mark.parametrize("after", [
    "preprocessing s: LASSO\nmodel k: k-means\noutput c: clustering\nflow img -> e -> s -> k -> c",
    "preprocessing s: mRMR\nmodel m: SVM\noutput c: classification\nflow img -> e -> s -> m -> c",
    "model m: logistic regression\noutput c: classification\nflow img -> e -> m -> c",
    "model k: k-means\nmodel m: SVM\noutput c: clustering\noutput d: classification\n"
    "flow img -> e -> k -> c\nflow e -> m -> d",
    'preprocessing s: "stability filter"\nmodel k: k-means\noutput c: clustering\nflow img -> e -> s -> k -> c',
])
def test_deep_features_selected_or_modelled_stay_tabular(after: str) -> None:
    """METRICS-E3, Condition #4, Example 3: deep features that go into feature selection or a supervised model
    (or anywhere besides clustering) are a table: #4 Yes; #5 No."""
    v = verdicts(IMG + "feature_extraction e: deep ResNet-50\n" + after)
    assert v[4] == "yes" and v[5] == "no"


def test_clustered_embeddings_declared_tabular_or_end_to_end_are_misclassified() -> None:
    """METRICS-E3, Condition #4, Example 5 declared the other way: C403 for #4 Yes, C502 for #5 Yes; and deep
    features under a supervised classical model declared end-to-end stay C502 (Condition #5, Example 6)."""
    body = (IMG + "feature_extraction e: deep SimCLR\npreprocessing p: PCA\nmodel k: k-means\n"
            "output c: clustering\nflow img -> e -> p -> k -> c\n")
    found = codes(body + "declare condition4 = yes\ndeclare condition5 = yes")
    assert "C403" in found and "C502" in found and "C401" not in found
    supervised = IMG + "feature_extraction e: deep ResNet-50\npreprocessing s: LASSO\nmodel m: SVM\n" \
        "output y: classification\nflow img -> e -> s -> m -> y\ndeclare condition5 = yes\ndeclare condition4 = no"
    assert {"C502", "C401"} <= set(codes(supervised))


def test_handcrafted_features_beside_clustered_embeddings_keep_condition_4_yes() -> None:
    """Hand-crafted features are always tabular, whatever happens to deep embeddings beside them."""
    body = (IMG + "preprocessing seg: segmentation(mode: manual)\nfeature_extraction rad: PyRadiomics\n"
            "feature_extraction e: deep SimCLR\nmodel k: k-means\nmodel m: SVM\noutput c: clustering\n"
            "output y: classification\nflow img -> seg -> rad -> m -> y\nflow img -> e -> k -> c")
    assert verdicts(body)[4] == "yes"


def test_deep_clustering_on_images_is_review() -> None:
    v = verdicts(IMG + "model k: Autoencoder { task: clustering }\noutput c: clustering\nflow img -> k -> c")
    assert v[5] == "review"


def test_handcrafted_features_into_a_network_trained_on_images_is_yes() -> None:
    """Decision (README): the network still learns from the images; #3 and #4 are Yes too."""
    v = verdicts(IMG + "preprocessing s: segmentation(mode: manual)\nfeature_extraction f: PyRadiomics\n"
                       "model n: CNN\noutput y: classification\nflow img -> s -> f -> n -> y\nflow s -> n")
    assert v[5] == "yes" and v[3] == "yes" and v[4] == "yes"


def test_independent_end_to_end_branch_makes_yes() -> None:
    """Invariant: adding an independent input -> deep model -> output branch makes Condition #5 Yes."""
    base = (IMG + "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> f -> m -> y\n")
    assert verdicts(base)[5] == "no"
    assert verdicts(base + "input x2: XR image2d\nmodel n: CNN\noutput z: classification\nflow x2 -> n -> z")[5] == "yes"


def test_evidence_paths_are_bounded() -> None:
    """Path evidence reports a few shortest paths, never all."""
    many = "\n".join(f"model m{i}: CNN\nflow img -> m{i} -> y" for i in range(10))
    v = decide(IMG + many + "\noutput y: classification").conditions[5]
    assert len(v.evidence) == 3


# ------------------------------------------------------------------ conditions 1-4
def test_random_crop_augmentation_is_not_segmentation() -> None:
    v = verdicts(IMG + "preprocessing a: augment(crop, flip)\nmodel m: CNN\noutput y: classification\n"
                       "flow img -> a -> m -> y")
    assert v[1] == "no" and v[2] == "no"


@pytest.mark.parametrize("op", ["bounding_box(mode: manual)", "roi_crop(mode: manual)", "segmentation(mode: manual)"])
def test_any_delineation_is_segmentation(op: str) -> None:
    v = verdicts(IMG + f"preprocessing s: {op}\nmodel m: CNN\noutput y: classification\nflow img -> s -> m -> y")
    assert v[1] == "yes" and v[2] == "no"


def test_corrected_automatic_segmentation_is_not_fully_automated() -> None:
    v = verdicts(IMG + "model s: U-Net { task: segmentation, corrected: yes }\nfeature_extraction f: PyRadiomics\n"
                       "model m: SVM\noutput y: classification\nflow img -> s -> f -> m -> y\nflow img -> f")
    assert v[1] == "yes" and v[2] == "no"


def test_features_from_elsewhere_make_segmentation_review() -> None:
    v = verdicts("input t: tabular radiomics\nmodel m: SVM\noutput y: classification\nflow t -> m -> y")
    assert v[1] == "review" and v[3] == "yes" and v[4] == "yes"


def test_unstated_table_makes_condition4_review() -> None:
    v = verdicts("input t: tabular\nmodel m: SVM\noutput y: classification\nflow t -> m -> y")
    assert v[4] == "review"


def test_unknown_extraction_method_makes_condition3_review() -> None:
    v = verdicts(IMG + 'feature_extraction f: "in-house features"\nmodel m: SVM\noutput y: classification\n'
                       "flow img -> f -> m -> y")
    assert v[3] == "review" and v[4] == "yes"


def test_applicable_items_follow_the_verdicts() -> None:
    r = decide(IMG + "model m: CNN\noutput y: classification\nflow img -> m -> y")
    assert 17 in r.items and not {8, 9, 10, 12, 14, 15, 16} & set(r.items)
    r = check(load_path(str(E3 / "example-5.pipe")))
    assert {8, 10, 12, 14, 15, 16} <= set(r.items) and 17 not in r.items and r.items_pending == [9]


# ------------------------------------------------------------------ findings: each triggers, each narrowly does not
class T(str):
    """A pipeline template whose {slots} are filled by plain replacement (DSL blocks use braces too)."""

    def format(self, *args: object, **kw: str) -> str:  # type: ignore[override]
        out = str(self)
        for k, v in kw.items():
            out = out.replace("{" + k + "}", v)
        return out

    def replace(self, old: str, new: str, count: int = -1) -> T:  # type: ignore[override]
        return T(str.replace(self, old, new, count))


E2E = T(IMG + "model m: ResNet-50 {extra}\noutput y: classification\nflow img -> m -> y\n")
FUSED = (IMG + "preprocessing s: segmentation(mode: manual)\nfeature_extraction h: PyRadiomics\n"
         "feature_extraction d: deep ResNet-50\npreprocessing fu: fuse\nmodel m: MLP\noutput y: classification\n"
         "flow img -> s -> h, d -> fu -> m -> y\n")
DEEPFEAT = T(IMG + "feature_extraction d: deep ResNet-50\nmodel m: {clf}\noutput y: classification\nflow img -> d -> m -> y\n")
TABLED = "input feats: tabular deep_features\nmodel m: MLP\noutput y: classification\nflow feats -> m -> y\n"
RADIOMICS = (IMG + "preprocessing s: segmentation(mode: manual)\nfeature_extraction h: PyRadiomics\nmodel m: SVM\n"
             "output y: classification\nflow img -> s -> h -> m -> y\n")
MODULAR = (IMG + "model seg: U-Net { task: segmentation }\nmodel c: CNN\noutput y: classification\n"
           "flow img -> seg -> c -> y\n")

TRIGGERS = [
    # code, pipeline that triggers it, the narrowest change that does not
    ("C500", E2E.format(extra=""), E2E.format(extra="") + "declare condition5 = yes"),
    ("C501", FUSED + "declare condition5 = yes", FUSED + "declare condition5 = no"),
    ("C502", DEEPFEAT.format(clf="SVM") + "declare condition5 = yes", DEEPFEAT.format(clf="SVM") + "declare condition5 = no"),
    ("C503", TABLED + "declare condition5 = yes", TABLED + "declare condition5 = no"),
    ("C509", DEEPFEAT.format(clf="MLP") + "declare condition5 = yes", DEEPFEAT.format(clf="MLP") + "declare condition5 = no"),
    ("C504", RADIOMICS + "declare condition5 = yes", RADIOMICS + "declare condition5 = no"),
    ("C505", E2E.format(extra="{ pretrained_on: ImageNet, training: frozen_backbone }") + "declare condition5 = no",
     E2E.format(extra="{ pretrained_on: ImageNet, training: frozen_backbone }") + "declare condition5 = yes"),
    ("C506", MODULAR + "declare condition5 = no", MODULAR + "declare condition5 = yes"),
    ("C507", E2E.format(extra="") + "declare condition5 = no", E2E.format(extra="") + "declare condition5 = yes"),
    ("C101", MODULAR + "declare condition1 = no", MODULAR + "declare condition1 = yes"),
    ("C102", E2E.format(extra="") + "declare condition1 = yes", E2E.format(extra="") + "declare condition1 = no"),
    ("C201", RADIOMICS + "declare condition2 = yes", RADIOMICS + "declare condition2 = no"),
    ("C202", MODULAR + "declare condition2 = no", MODULAR + "declare condition2 = yes"),
    ("C301", RADIOMICS + "declare condition3 = no", RADIOMICS + "declare condition3 = yes"),
    ("C302", DEEPFEAT.format(clf="SVM") + "declare condition3 = yes", DEEPFEAT.format(clf="SVM") + "declare condition3 = no"),
    ("C401", FUSED + "declare condition4 = no", FUSED + "declare condition4 = yes"),
    ("C409", DEEPFEAT.format(clf="MLP") + "declare condition4 = no", DEEPFEAT.format(clf="MLP") + "declare condition4 = yes"),
    ("C402", RADIOMICS + "declare condition4 = no", RADIOMICS + "declare condition4 = yes"),
    ("C403", E2E.format(extra="") + "declare condition4 = yes", E2E.format(extra="") + "declare condition4 = no"),
    ("L101", DEEPFEAT.format(clf="MLP { training: end_to_end }"), E2E.format(extra="{ training: end_to_end }")),
    ("L101", DEEPFEAT.format(clf='MLP { label: "end-to-end" }'), DEEPFEAT.format(clf='MLP { label: "deep" }')),
    ("L102", DEEPFEAT.format(clf="deep SVM"), DEEPFEAT.format(clf="classical SVM")),
    ("L102", E2E.format(extra="{ family: classical }"), E2E.format(extra="{ family: deep }")),
    ("L103", DEEPFEAT.replace("deep ResNet-50", "handcrafted ResNet-50").format(clf="SVM"),
     DEEPFEAT.format(clf="SVM")),
    ("L104", DEEPFEAT.replace("deep ResNet-50", 'deep ResNet-50 { label: "end-to-end" }').format(clf="SVM"),
     DEEPFEAT.replace("deep ResNet-50", 'deep ResNet-50 { label: "deep radiomics" }').format(clf="SVM")),
    ("L105", IMG + "feature_extraction h: PyRadiomics\nmodel m: SVM\noutput y: classification\nflow img -> h -> m -> y",
     RADIOMICS),
    ("V101", IMG + "model m: Resnett-50\noutput y: classification\nflow img -> m -> y",
     IMG + "model m: ResNet-50\noutput y: classification\nflow img -> m -> y"),
    ("V101", IMG + 'feature_extraction f: "FeatureTool"\nmodel m: SVM\noutput y: classification\nflow img -> f -> m -> y',
     IMG + 'feature_extraction f: handcrafted "FeatureTool"\nmodel m: SVM\noutput y: classification\nflow img -> f -> m -> y'),
    ("V103", IMG + "model \u0441nn: CNN\noutput y: classification\nflow img -> \u0441nn -> y",
     IMG + "model cnn: CNN\noutput y: classification\nflow img -> cnn -> y"),
    ("V104", IMG + 'feature_extraction f: handcrafted "FeatureTool"\nmodel m: SVM\noutput y: classification\n'
             'flow img -> f -> m -> y',
     IMG + 'feature_extraction f: handcrafted FeatureTool\nmodel m: SVM\noutput y: classification\nflow img -> f -> m -> y'),
    ("V105", RADIOMICS.replace("-> h ->", "-> h -> c ->") + '\npreprocessing c: "CCC filter"(threshold: 0.9)',
     RADIOMICS.replace("-> h ->", "-> h -> c ->") + '\npreprocessing c: "CCC filter"(category: robustness)'),
    ("PS201", E2E.format(extra="") + "model extra: CNN from img", E2E.format(extra="") + "model extra: CNN from img\nflow extra -> y"),
    ("PS202", RADIOMICS.replace("input img: CT image3d", "input img: CT image3d { training_only: yes }"),
     RADIOMICS.replace("input img: CT image3d", "input img: CT image3d { training_only: yes }\ninput ct: CT image3d")
     + "flow ct -> s\n"),
    ("W101", E2E.format(extra="") + 'waive C501 "no fusion here"', E2E.format(extra="") + 'waive C500 "declared elsewhere"'),
    ("W102", E2E.format(extra="") + 'waive C5O1 "typo"', E2E.format(extra="") + 'waive C500 "declared elsewhere"'),
    # an expectation the verdict does not meet (the oracle of `pipespec test`), reported by check too
    ("T101", E2E.format(extra="") + "expect condition5 = no", E2E.format(extra="") + "expect condition5 = yes"),
] + REAL_TRIGGERS


TRIGGERS += ITEM_TRIGGERS  # the METRICS item rules (M2xx-M4xx), tested in test_item_evidence.py


@pytest.mark.parametrize("code,bad,good", TRIGGERS, ids=[f"{t[0]}-{i}" for i, t in enumerate(TRIGGERS)])
def test_each_rule_triggers_and_narrowly_does_not(code: str, bad: str, good: str) -> None:
    assert code in codes(bad)
    assert code not in codes(good)


def test_every_finding_rule_has_a_trigger_test() -> None:
    tested = {t[0] for t in TRIGGERS}
    tested.add("W103")  # raised by a configuration file, not a pipeline text: tests/hostile/test_config_trust.py
    finding_rules = {c for c, r in RULES.items() if r.severity != "verdict" and not c.startswith("PS1")}
    assert finding_rules - tested == set()


def test_misclassification_message_names_the_cause_and_the_path() -> None:
    f = next(f for f in decide(FUSED + "declare condition5 = yes").findings if f.code == "C501")
    assert f.severity == "error" and "fused" in f.message and "img -> s -> h -> fu -> m -> y" in f.message
    assert f.span.line == 10 and f.related and f.fix


def test_stage_label_never_outranks_the_data_flow() -> None:
    """METRICS-E3 (read text and figures together): an end-to-end label on a tabular model keeps #5 No."""
    r = decide(DEEPFEAT.format(clf='MLP { label: "end-to-end", training: end_to_end }'))
    assert r.conditions[5].verdict == "no"


def test_vocabulary_outranks_a_family_label() -> None:
    r = decide(IMG + "model m: deep SVM\noutput y: classification\nflow img -> m -> y")
    assert r.conditions[5].verdict == "no"


# ------------------------------------------------------------------ waivers and configuration
def test_waiver_suppresses_a_finding_but_not_the_verdict() -> None:
    body = FUSED + 'declare condition5 = yes\nwaive C501 "editor accepted the authors\' definition"'
    r = decide(body)
    f = next(f for f in r.findings if f.code == "C501")
    assert f.waived == "editor accepted the authors' definition"
    assert r.conditions[5].verdict == "no"
    assert not r.active("error")


def test_waiver_scoped_to_a_stage() -> None:
    body = DEEPFEAT.format(clf="deep SVM") + 'waive L102 "x" at other'
    assert "L102" in codes(body) and "W101" in codes(body)
    assert "L102" not in codes(DEEPFEAT.format(clf="deep SVM") + 'waive L102 "x" at m')


def test_configuration_changes_severity_and_disables_rules() -> None:
    p = load_text(pipe(E2E.format(extra="")), "t.pipe")
    assert [f.severity for f in analyse(p).findings if f.code == "C500"] == ["warning"]
    r = analyse(p, Config(severity={"C500": "error"}))
    assert [f.severity for f in r.findings if f.code == "C500"] == ["error"]
    assert not [f for f in analyse(p, Config(disable=frozenset({"C500"}))).findings if f.code == "C500"]
    assert analyse(p, Config(disable=frozenset({"C500"}))).conditions[5].verdict == "yes"


def test_configuration_file_is_found_upward(tmp_path: Path) -> None:
    from pipespec.checker import check_file

    (tmp_path / "pyproject.toml").write_text('[tool.pipespec]\ndisable = ["C500"]\n[tool.pipespec.severity]\n'
                                             'PS201 = "error"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    f = sub / "p.pipe"
    f.write_text(pipe(E2E.format(extra="") + "model extra: CNN from img"))
    r = check_file(str(f))
    assert [x.code for x in r.findings] == ["PS201"] and r.findings[0].severity == "error"


def test_bad_configuration_is_an_input_error(tmp_path: Path) -> None:
    from pipespec.checker import check_file

    (tmp_path / ".pipespec.toml").write_text('disable = ["X999"]\n')
    f = tmp_path / "p.pipe"
    f.write_text(pipe(E2E.format(extra="")))
    r = check_file(str(f))
    assert r.errors and r.errors[0].code == "PS113" and "X999" in r.errors[0].message


# ------------------------------------------------------------------ the JSON report
def test_json_report_validates_against_its_schema() -> None:
    import subprocess
    import sys

    import jsonschema

    out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--format", "json", str(ROOT / "examples")],
                         capture_output=True, text=True, cwd=ROOT)
    doc = json.loads(out.stdout)
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["ruleset_version"] and len(doc["files"]) >= 15
    first = doc["files"][0]
    assert set(first["conditions"]) == {"1", "2", "3", "4", "5"}


def test_rule_documentation_is_complete() -> None:
    for code, r in RULES.items():
        assert r.title and r.what and r.why and r.fix, code
        assert (r.example is None) != (not r.no_example), code  # an example, or why no file can show it
        if r.condition == 5 and code.startswith(("C5", "D5")):
            assert "METRICS-E3" in r.reference, code


def test_provenance_query_names_inputs_methods_and_stages() -> None:
    """Invariant: provenance is computed from the graph, never trusted from a label."""
    from pipespec.analysis.graph import Graph

    p = load_text(pipe(FUSED + "input clin: tabular clinical\nflow clin -> m"), "t.pipe")
    r = Graph(p).reaching("m")
    assert r.inputs == ("img", "clin") and r.methods == ("deep", "handcrafted")
    assert r.stages == ("img", "s", "h", "d", "fu", "clin")
    assert {"handcrafted", "deep", "clinical"} <= r.tags


# ------------------------------------------------------------------ published designs (independent review)
def test_pretrained_is_not_read_as_used_as_is() -> None:
    """Invariant: marking a deep model pretrained never changes #5 ('pretrained' alone is not pretrained_only)."""
    from pipespec.errors import InputError

    with pytest.raises(InputError):
        load_text(pipe(IMG + "model m: ResNet-50 { training: pretrained }\noutput y: classification\n"
                             "flow img -> m -> y"), "t.pipe")
    assert verdicts(IMG + "model m: ResNet-50 { pretrained_on: ImageNet }\noutput y: classification\n"
                          "flow img -> m -> y")[5] == "yes"


def test_ready_made_deep_model_as_the_studys_predictor_is_yes_but_as_a_tool_is_review() -> None:
    """METRICS-E3 advice: any end-to-end component that maps the images to the study's output counts."""
    direct = IMG + "model m: DenseNet-121 { training: pretrained_only }\noutput y: classification\nflow img -> m -> y"
    assert verdicts(direct)[5] == "yes"
    tool = (IMG + "model s: TotalSegmentator { task: segmentation, training: pretrained_only }\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> s -> f -> m -> y\nflow img -> f")
    assert verdicts(tool)[5] == "review"


def test_self_supervised_network_feeding_clustering_is_review_and_fine_tuned_is_yes() -> None:
    ssl = (IMG + "model enc: SimCLR { training: self_supervised, backbone: ResNet-50 }\nmodel k: k-means\n"
           "output c: clustering\nflow img -> enc -> k -> c")
    assert verdicts(ssl)[5] == "review"
    tuned = IMG + "model enc: SimCLR { training: fine_tuned, task: classification }\noutput y: classification\n" \
                  "flow img -> enc -> y"
    assert verdicts(tuned)[5] == "yes"


def test_image_to_image_network_outputs_images_and_is_review() -> None:
    body = (IMG + "model den: U-Net { task: image_to_image }\npreprocessing s: segmentation(mode: manual)\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> den -> s -> f -> m -> y")
    r = decide(body)
    assert r.conditions[5].verdict == "review" and "image-to-image" in r.conditions[5].reason


def test_deep_network_preparing_the_images_inside_an_operation_is_no_with_r504() -> None:
    """METRICS-E3, Condition #5, Explanation (networks producing the classification, regression or segmentation):
    a network applied as is to harmonise the images learns nothing from them in the study."""
    body = (IMG + "preprocessing h: harmonize(tool: CycleGAN)\nfeature_extraction f: PyRadiomics\nmodel m: SVM\n"
            "output y: classification\nflow img -> h -> f -> m -> y")
    assert verdicts(body)[5] == "no" and "R504" in codes(body)


def test_manual_masks_that_only_train_a_segmentation_model_keep_condition2_yes() -> None:
    """METRICS items 9-10 concern the masks applied to the data, not the training labels of a network."""
    body = (IMG + "input labels: mask { mode: manual }\nmodel seg: nnU-Net { task: segmentation }\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img, labels -> seg -> f -> m -> y\nflow img -> f")
    v = decide(body).conditions
    assert v[1].verdict == "yes" and v[2].verdict == "yes" and "training" in v[2].reason
    assert v[5].evidence[0].paths[0][0] == "img"  # the deciding path starts at the images, not the labels


def test_a_human_delineation_the_images_flow_through_is_applied_not_training_labels() -> None:
    """A manual box prompting a segmentation network is drawn on every case: #2 is No."""
    body = (IMG + "preprocessing box: bounding_box(mode: manual)\nmodel seg: MedSAM { task: segmentation }\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> box -> seg -> f -> m -> y\nflow img -> f")
    assert verdicts(body)[2] == "no"


def test_ready_made_reconstruction_network_is_not_an_end_to_end_component() -> None:
    body = (IMG + "model dlr: TrueFidelity { training: pretrained_only }\npreprocessing s: segmentation(mode: manual)\n"
            "feature_extraction f: PyRadiomics\nmodel m: SVM\noutput y: classification\n"
            "flow img -> dlr -> s -> f -> m -> y")
    assert verdicts(body)[5] == "no"


def test_post_processing_of_predictions_feeds_an_output() -> None:
    body = (IMG + "model cnn: CNN\npreprocessing agg: \"mean of tile probabilities\"\noutput y: classification\n"
            "flow img -> cnn -> agg -> y")
    assert verdicts(body)[5] == "yes"


def test_report_text_is_a_non_image_side_input() -> None:
    body = (IMG + "input rep: text\nmodel net: CNN\noutput y: classification\nflow img -> net -> y\nflow rep -> net")
    v = verdicts(body)
    assert v[5] == "yes" and v[4] == "no"
    assert verdicts("input rep: text\nmodel b: BERT\noutput y: classification\nflow rep -> b -> y")[5] == "no"


def test_provided_masks_are_a_delineation() -> None:
    body = ("input img: MRI image3d\ninput masks: mask { mode: manual }\nfeature_extraction f: PyRadiomics\n"
            "model m: SVM\noutput y: classification\nflow img, masks -> f -> m -> y")
    v = verdicts(body)
    assert v[1] == "yes" and v[2] == "no"


@pytest.mark.parametrize("name", ["3D ResNet-18", "CNN-LSTM", "Swin-B", "ConvNeXt-T", "2.5D CNN", "SE-ResNeXt-50",
                                  "TransMIL", "R(2+1)D"])
def test_common_deep_names_are_recognised(name: str) -> None:
    v = verdicts(IMG + f'model m: "{name}"\noutput y: classification\nflow img -> m -> y')
    assert v[5] == "yes"


def test_predefined_feature_classes_are_handcrafted_whatever_the_tool() -> None:
    v = verdicts(IMG + 'preprocessing s: segmentation(mode: manual)\nfeature_extraction f: "in-house MATLAB" '
                       "{ feature_classes: [glcm, glrlm] }\nmodel m: SVM\noutput y: classification\n"
                       "flow img -> s -> f -> m -> y")
    assert v[3] == "yes"


def test_no_end_to_end_label_finding_for_a_model_fed_another_models_predictions() -> None:
    body = (IMG + "model cnn: CNN\nmodel lstm: LSTM { training: end_to_end }\noutput y: classification\n"
            "flow img -> cnn -> lstm -> y")
    assert "L101" not in codes(body)
    assert verdicts(body)[5] == "yes"


def test_backbone_decides_the_family_of_an_unknown_named_method() -> None:
    v = verdicts(IMG + 'model m: "DeepRadNet" { backbone: ResNet-50 }\noutput y: classification\nflow img -> m -> y')
    assert v[5] == "yes"


def test_condition5_cause_does_not_depend_on_declaration_order() -> None:
    """Invariant: reordering declarations never changes a verdict (nor the cause and code built on it)."""
    a = "model mlp: MLP\nmodel m2: \"FooNet\"\n"
    b = "model m2: \"FooNet\"\nmodel mlp: MLP\n"
    rest = "output y: classification\nflow img -> d -> mlp, m2 -> y\ndeclare condition5 = yes\n"
    first = decide(IMG + "feature_extraction d: deep ResNet-50\n" + a + rest)
    second = decide(IMG + "feature_extraction d: deep ResNet-50\n" + b + rest)
    assert first.conditions[5].cause == second.conditions[5].cause == "deep_on_tables"
    assert [f.code for f in first.findings] == [f.code for f in second.findings]


def test_provided_masks_are_a_region_of_interest_for_l105() -> None:
    body = ("input img: MRI image3d\ninput masks: mask { mode: manual }\nfeature_extraction f: PyRadiomics\n"
            "model m: SVM\noutput y: classification\nflow img, masks -> f -> m -> y")
    assert "L105" not in codes(body)


def test_no_deep_reason_mentions_handcrafted_features_only_when_there_are_some() -> None:
    r = decide("input t: tabular clinical\nmodel lr: logistic regression\noutput y: classification\nflow t -> lr -> y")
    assert "hand-crafted" not in r.conditions[5].reason
    r = decide(RADIOMICS)
    assert "hand-crafted features with m" in r.conditions[5].reason
