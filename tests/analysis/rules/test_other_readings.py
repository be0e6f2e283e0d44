"""Both honest readings of one study: declaring the answers of the reading R501 offers is a warning (C509, C409),
not an error; C501 and C502 stay errors whatever R finding is present."""

from __future__ import annotations

from pathlib import Path

from pipespec.analysis.engine import analyse
from pipespec.language import load_path
from tests.support.helpers import decide

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
