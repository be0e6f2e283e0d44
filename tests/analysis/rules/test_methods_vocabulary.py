"""What real Methods sections name and the vocabulary must know: feature classes, quoted in-house tools, reader
facts on delineations, custom operations with a category, and the words of later designs."""

from __future__ import annotations

import pytest

from tests.support.helpers import verdicts


# ------------------------------------------------------------------ feature classes
@pytest.mark.parametrize("classes", ["[LBP]", "[local binary patterns, first_order]", "[lbp-3D-m1]",
                                     "[kinetic]", "[DCE curve]", "[time-intensity curve, shape]"])
def test_lbp_and_kinetic_curve_features_are_hand_crafted_classes(classes: str) -> None:
    # METRICS-E3's reading of Condition #3: predefined feature classes are hand-crafted whatever the tool
    body = f"""\
    input mr: MRI image3d
    preprocessing seg: segmentation(mode: manual)
    feature_extraction f: "in-house software" {{ feature_classes: {classes} }}
    model lr: logistic regression
    output y: classification
    flow mr -> seg -> f -> lr -> y
    """
    v = verdicts(body)
    assert v[3] == "yes" and v[4] == "yes"
