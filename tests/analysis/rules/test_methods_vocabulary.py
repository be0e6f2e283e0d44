"""What real Methods sections name and the vocabulary must know: feature classes, quoted in-house tools, reader
facts on delineations, custom operations with a category, and the words of later designs."""

from __future__ import annotations

import pytest

from pipespec import check
from pipespec.language import load_text, writer
from tests.support.helpers import codes, decide, pipe, verdicts


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


# ------------------------------------------------------------------ a quoted tool is the author's own
QUOTED_TOOL = """\
input ct: CT image3d
preprocessing seg: segmentation(mode: manual)
feature_extraction rad: handcrafted {tool}
model lr: logistic regression
output y: classification
flow ct -> seg -> rad -> lr -> y
"""


@pytest.mark.parametrize("tool", ['"PyRadiomix"', '"in-house MATLAB code"', '"Radiomics Toolkit (in-house)"'])
def test_a_quoted_unknown_tool_is_an_info_never_the_v102_warning(tool: str) -> None:
    # invariant: quoting a name is the author's explicit choice; the method decides, the verdicts do not move
    report = decide(QUOTED_TOOL.format(tool=tool))
    found = {f.code: f for f in report.findings}
    assert "V102" not in found and found["V104"].severity == "info"
    assert report.conditions[3].verdict == "yes"
    assert verdicts(QUOTED_TOOL.format(tool=tool)) == verdicts(QUOTED_TOOL.format(tool="PyRadiomics"))


def test_a_quoted_misspelling_still_names_the_close_known_tool() -> None:
    f = next(f for f in decide(QUOTED_TOOL.format(tool='"PyRadiomix"')).findings if f.code == "V104")
    assert "did you mean 'PyRadiomics'?" in f.message and "quote" not in (f.fix or "").split(".")[0].lower()


def test_a_bare_unknown_tool_keeps_the_v102_warning() -> None:
    assert "V102" in codes(QUOTED_TOOL.format(tool="PyRadiomix"))


@pytest.mark.parametrize("text", [
    pipe(QUOTED_TOOL.format(tool='"PyRadiomix"')),
    pipe(QUOTED_TOOL.replace("rad: handcrafted {tool}", 'rad { method: handcrafted, tool: "PyRadiomix" }')),
])
def test_the_quoting_survives_fmt_and_the_round_trip_through_yaml(text: str) -> None:
    p = load_text(text, "t.pipe")
    dsl = writer.format_dsl(p)
    assert '"PyRadiomix"' in dsl
    yaml = writer.to_yaml(p)
    assert 'tool: "PyRadiomix"' in yaml
    back = load_text(writer.format_dsl(load_text(yaml, "t.yaml", "yaml")), "t.pipe")
    assert back == p and "V104" in [f.code for f in check(back).findings]


def test_a_quoted_yaml_tool_is_quoted_and_a_plain_one_is_not() -> None:
    yaml = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
            "- {name: seg, kind: preprocessing, ops: [{op: segmentation, mode: manual}], from: [ct]}\n"
            "- {name: rad, kind: feature_extraction, method: handcrafted, tool: %s, from: [seg]}\n"
            "- {name: lr, kind: model, algorithm: logistic regression, from: [rad]}\n"
            "- {name: y, kind: output, task: classification, from: [lr]}\n")
    assert "V104" in [f.code for f in check(load_text(yaml % "'Foo'", "t.yaml", "yaml")).findings]
    assert "V102" in [f.code for f in check(load_text(yaml % "Foo", "t.yaml", "yaml")).findings]
