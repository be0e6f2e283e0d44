"""The evidence checks of the METRICS item answers: an answer the pipeline or the study facts contradict is a
warning (M3NN) that says what was expected and where to declare it; a yes with nothing to show it is an info
(M4NN); item 16 reports its figures (M316).  ``TRIGGERS`` also feeds the trigger table of tests/analysis/rules/test_rules.py."""

from __future__ import annotations

import pytest

from pipespec import vocab
from pipespec.metrics import ITEMS
from tests.support.helpers import codes, decide


def body(assess: str, facts: str = "", seg: str = "segmentation(mode: manual)", ops: str = "select",
         tool: str = "handcrafted PyRadiomics") -> str:
    """A hand-crafted radiomics pipeline (conditions 1, 3, 4 Yes; 2, 5 No) with answers and study facts."""
    return "\n".join([
        "input ct: CT image3d",
        f"preprocessing seg: {seg}",
        f"feature_extraction rad: {tool}",
        f"preprocessing sel: {ops}",
        "model lr: logistic regression",
        "output y: classification",
        "flow ct -> seg -> rad -> sel -> lr -> y",
        "declare condition5 = no",
        facts, assess])


AUTO = "segmentation(mode: automated)"
CLASSES = "handcrafted PyRadiomics { feature_classes: [first_order, glcm] }"
BINNED = "segmentation(mode: manual), discretize(bin_width: 25)"
REPRO = "segmentation(mode: manual, reproducibility: [inter_reader])"

TRIGGERS: list[tuple[str, str, str]] = [
    # gating
    ("M201", body("assess item17 = yes"), body("assess item17 = n/a")),
    ("M202", body("assess item11 = n/a"), body("assess item11 = no")),
    ("M203", body("assess item1 = yes"),
     body("\n".join(f"assess item{i.number} = {'n/a' if i.number in (9, 17) else 'no'}" for i in ITEMS))),
    ("M204", body("assess item9 = yes", seg="segmentation"), body("assess item1 = yes", seg="segmentation")),
    # evidence
    ("M304", body("assess item4 = yes", "cohort { centers: 1 }"), body("assess item4 = yes", "cohort { centers: 3 }")),
    ("M404", body("assess item4 = yes"), body("assess item4 = yes", "cohort { centers: 3 }")),
    ("M309", body("assess item9 = yes", "evaluation { segmentation_evaluated: no }", seg=AUTO),
     body("assess item9 = yes", "evaluation { segmentation_evaluated: yes }", seg=AUTO)),
    ("M409", body("assess item9 = yes", seg=AUTO),
     body("assess item9 = yes", "evaluation { segmentation_evaluated: yes }", seg=AUTO)),
    ("M310", body("assess item10 = yes", seg="segmentation(mode: manual, readers: 2)"),
     body("assess item10 = no", seg="segmentation(mode: manual, readers: 2)")),
    ("M410", body("assess item10 = yes"), body("assess item10 = yes", seg="segmentation(mode: manual, readers: 1)")),
    ("M312", body("assess item12 = no"), body("assess item12 = yes")),
    ("M412", body("assess item12 = yes", tool="handcrafted { feature_classes: [glcm] }"), body("assess item12 = yes")),
    ("M313", body("assess item13 = no", seg=BINNED, tool=CLASSES), body("assess item13 = yes", seg=BINNED, tool=CLASSES)),
    ("M413", body("assess item13 = yes"), body("assess item13 = yes", seg=BINNED, tool=CLASSES)),
    ("M314", body("assess item14 = no", seg=REPRO), body("assess item14 = yes", seg=REPRO)),
    ("M414", body("assess item14 = yes"), body("assess item14 = yes", seg=REPRO)),
    ("M315", body("assess item15 = yes", ops="reduce"), body("assess item15 = no", ops="reduce")),
    ("M415", body("assess item15 = yes"), body("assess item15 = no")),
    ("M316", body("assess item16 = yes", "cohort { cases: 200, events: 60 }", ops="select(features: 8)"),
     body("assess item16 = yes")),
    ("M416", body("assess item16 = yes"),
     body("assess item16 = yes", "cohort { cases: 200, events: 60 }", ops="select(features: 8)")),
    ("M318", body("assess item18 = yes", "evaluation { split: cross_validation, selection_fitted_on: all }"),
     body("assess item18 = yes", "evaluation { split: cross_validation, selection_fitted_on: training }")),
    ("M418", body("assess item18 = yes"),
     body("assess item18 = yes", "evaluation { split: holdout, selection_fitted_on: training }")),
    ("M321", body("assess item21 = yes", "evaluation { uncertainty: no }"),
     body("assess item21 = yes", "evaluation { uncertainty: yes }")),
    ("M421", body("assess item21 = yes"), body("assess item21 = yes", "evaluation { uncertainty: yes }")),
    ("M322", body("assess item22 = no", "evaluation { calibration: yes }"),
     body("assess item22 = yes", "evaluation { calibration: yes }")),
    ("M422", body("assess item22 = yes"), body("assess item22 = no")),
    ("M326", body("assess item26 = yes", "evaluation { internal_test: no }"),
     body("assess item26 = no", "evaluation { internal_test: no }")),
    ("M426", body("assess item26 = yes"), body("assess item26 = yes", "evaluation { internal_test: yes }")),
    ("M327", body("assess item27 = no", "evaluation { external_test: yes }"),
     body("assess item27 = yes", "evaluation { external_test: yes }")),
    ("M427", body("assess item27 = yes"), body("assess item27 = yes", "evaluation { external_test: yes }")),
    ("M328", body("assess item28 = yes", "availability { data: no }"),
     body("assess item28 = yes", 'availability { data: "https://zenodo.org/records/1" }')),
    ("M428", body("assess item28 = yes"), body("assess item28 = no")),
    ("M329", body("assess item29 = no", 'availability { code: "https://github.com/lab/x" }'),
     body("assess item29 = yes", 'availability { code: "https://github.com/lab/x" }')),
    ("M429", body("assess item29 = yes"), body("assess item29 = yes", 'availability { code: "https://x.org/c" }')),
    ("M330", body("assess item30 = yes", "availability { model: no }"),
     body("assess item30 = no", "availability { model: no }")),
    ("M430", body("assess item30 = yes"), body("assess item30 = yes", 'availability { model: "https://x.org/m" }')),
]


@pytest.mark.parametrize("code,bad,good", TRIGGERS, ids=[t[0] for t in TRIGGERS])
def test_item_rule_triggers_and_narrowly_does_not(code: str, bad: str, good: str) -> None:
    assert code in codes(bad)
    assert code not in codes(good)


def _finding(text: str, code: str) -> str:
    found = [f for f in decide(text).findings if f.code == code]
    assert len(found) == 1, [f.code for f in decide(text).findings]
    return found[0].message


def test_a_contradiction_says_what_was_expected_and_where_to_declare_it() -> None:
    msg = _finding(body("assess item26 = yes", "evaluation { internal_test: no }"), "M326")
    assert "answered yes" in msg and "evaluation { internal_test: no }" in msg
    assert "expected no" in msg and "declare evaluation { internal_test: yes }" in msg
    finding = next(f for f in decide(body("assess item26 = yes", "evaluation { internal_test: no }")).findings
                   if f.code == "M326")
    assert finding.severity == "warning" and finding.related, "points at the fact as well as the answer"


def test_a_yes_without_evidence_is_info_and_a_no_without_evidence_is_nothing() -> None:
    report = decide(body("assess item28 = yes\nassess item29 = no"))
    found = {f.code: f for f in report.findings}
    assert found["M428"].severity == "info" and "availability" in found["M428"].message
    assert "M429" not in found and "M329" not in found


def test_pca_does_not_count_as_removing_redundant_features() -> None:
    msg = _finding(body("assess item15 = yes", ops="reduce"), "M315")
    assert "representation" in msg and "expected no" in msg


def test_readers_one_or_an_automated_tool_support_item_10() -> None:
    assert "M310" not in codes(body("assess item10 = yes", seg="segmentation(mode: manual, readers: 1)"))
    assert "M310" in codes(body("assess item10 = no", seg="segmentation(mode: manual, readers: 1)"))
    assert "M310" in codes(body("assess item10 = no", seg=AUTO))


def test_item_16_reports_the_ratio_without_judging_it() -> None:
    text = body("assess item16 = no", "cohort { cases: 200, events: 60 }", ops="select(features: 8)")
    msg = _finding(text, "M316")
    assert "8 features" in msg and "60 events (7.5 per feature)" in msg and "200 cases (25.0 per feature)" in msg
    assert next(f for f in decide(text).findings if f.code == "M316").severity == "info"


def test_selection_on_all_data_contradicts_partitioning_whatever_the_split() -> None:
    msg = _finding(body("assess item18 = yes", "evaluation { split: holdout, selection_fitted_on: all }"), "M318")
    assert "selection_fitted_on: all" in msg
    # with no feature selection in the pipeline, a stated split is enough
    assert "M418" not in codes(body("assess item18 = yes", "evaluation { split: holdout }", ops="impute"))


def test_evidence_is_not_checked_for_switched_off_or_unanswered_items() -> None:
    # item 9 is switched off (manual segmentation): gating reports it, evidence does not
    found = codes(body("assess item9 = yes", "evaluation { segmentation_evaluated: no }"))
    assert "M201" in found and "M309" not in found
    assert not [c for c in codes(body("assess item1 = yes", "evaluation { internal_test: no }"))
                if c.startswith(("M3", "M4"))]


def test_the_item_table_carries_the_evidence() -> None:
    report = decide(body("assess item26 = yes\nassess item27 = no",
                         "evaluation { internal_test: yes, external_test: yes }"))
    assert report.assessment is not None
    rows = {r.number: r for r in report.assessment.items}
    assert rows[26].support == "supports" and "internal_test: yes" in rows[26].evidence
    assert rows[27].support == "contradicts"
    assert rows[1].support is None and rows[1].evidence == ""


# -- the operation categories of items 14 and 15 -------------------------------------------------------------------
@pytest.fixture
def item_ops() -> None:
    """The feature-processing methods of the vocabulary carry the categories of items 14 and 15."""


def _op(category: str) -> str:
    """The first known method of ``category`` (an ICC filter for robustness, LASSO for redundancy)."""
    return next(name for name, (_, cat, _) in vocab.PROCESSING_METHODS.items() if cat == category)


def test_a_robustness_operation_supports_item_14(item_ops: None) -> None:
    op = _op("robustness")
    assert "M314" in codes(body("assess item14 = no", ops=op))
    assert not {"M314", "M414"} & set(codes(body("assess item14 = yes", ops=op)))


def test_a_redundancy_operation_supports_item_15_even_beside_pca(item_ops: None) -> None:
    op = _op("redundancy")
    assert "M315" in codes(body("assess item15 = no", ops=f"{op}, reduce"))
    assert not {"M315", "M415"} & set(codes(body("assess item15 = yes", ops=f"reduce, {op}")))
