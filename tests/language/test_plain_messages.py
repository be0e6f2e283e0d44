"""Input-error messages say what the author wrote and what to do, in plain words, once."""

from __future__ import annotations

import pytest

from pipespec.errors import InputError
from pipespec.language import load_text
from tests.support.helpers import pipe

YAML_HEAD = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
             "- {name: net, kind: model, architecture: CNN, task: classification, from: [ct]WEIGHTS}\n"
             "- {name: y, kind: output, task: classification, from: [net]}\n")


def diagnostics(text: str, path: str = "t.pipe") -> list[tuple[str, int, int, str]]:
    try:
        load_text(text, path)
    except InputError as exc:
        return [(d.code, d.span.line, d.span.column, d.message) for d in exc.diagnostics]
    raise AssertionError("no error raised")


def test_undefined_stages_in_a_flow_chain_are_each_named_plainly() -> None:
    # neither 'nett' nor 'egfr' is a stage: both are reported, each saying which way the data goes
    text = pipe("input ct: CT image3d\nmodel net: CNN { task: classification }\noutput y: classification\n"
                "flow ct -> net -> y\nflow nett -> egfr\nflow egfr -> net")
    found = diagnostics(text)
    assert [(c, line) for c, line, _, _ in found] == [("PS106", 6), ("PS106", 6)]
    nett = next(m for *_, m in found if m.startswith("undefined stage 'nett'"))
    egfr = next(m for *_, m in found if m.startswith("undefined stage 'egfr'"))
    assert nett.startswith("undefined stage 'nett': data flows from it into 'egfr'") and "did you mean 'net'" in nett
    assert egfr.startswith("undefined stage 'egfr': data flows into it, and from it into 'net'")
    assert "to and from" not in egfr


def test_weights_from_an_undefined_stage_says_so_plainly() -> None:
    text = pipe("input ct: CT image3d\nmodel net: CNN { task: classification, weights_from: pretext }\n"
                "output y: classification\nflow ct -> net -> y")
    [(code, _, _, message)] = diagnostics(text)
    assert code == "PS106" and message == "'net' takes its weights from 'pretext', which is not a stage of this pipeline"


@pytest.mark.parametrize("text,path", [
    (pipe("input ct: CT image3d\nmodel net: CNN { task: classification, weights_from: [ct, y] }\n"
          "output y: classification\nflow ct -> net -> y"), "t.pipe"),
    (YAML_HEAD.replace("WEIGHTS", ", weights_from: [ct, y]"), "t.yaml"),
])
def test_a_list_given_to_weights_from_says_it_takes_one_stage(text: str, path: str) -> None:
    [(code, _, _, message)] = diagnostics(text, path)
    assert code == "PS102" and "'weights_from' takes one stage (its name), not a list" in message
    assert "non-empty string" not in message


@pytest.mark.parametrize("literal", ["1e3", "2.5E+2", "1.0"])
@pytest.mark.parametrize("fmt", ["dsl", "yaml"])
def test_a_whole_number_error_shows_the_number_as_written(literal: str, fmt: str) -> None:
    if fmt == "dsl":
        text, path = pipe("input ct: CT image3d\nmodel net: CNN { task: classification }\noutput y: classification\n"
                          f"flow ct -> net -> y\ncohort {{ cases: {literal} }}"), "t.pipe"
    else:
        text, path = YAML_HEAD.replace("WEIGHTS", "") + f"cohort: {{cases: {literal}}}\n", "t.yaml"
    [(code, _, _, message)] = diagnostics(text, path)
    assert message.endswith(f"not {literal}") or f"not {literal} " in message, message
    assert code in ("PS102", "PS104")


def test_the_same_error_for_every_item_of_a_list_is_reported_once() -> None:
    # the DSL locates a list's items at the list: two identical lines at one place say nothing more
    text = pipe("input ct: CT image3d\nmodel net: CNN { task: classification, algorithm: [[SVM], [LASSO]] }\n"
                "output y: classification\nflow ct -> net -> y")
    found = diagnostics(text)
    assert len(found) == len(set(found)) == 1 and found[0][0] == "PS102"


# ------------------------------------------------------------------ each front end's fix in its own syntax
YAML_OP = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
           "- {name: p, kind: preprocessing, from: [ct], ops: [resampel]}\n"
           "- {name: net, kind: model, architecture: CNN, task: classification, from: [p]}\n"
           "- {name: y, kind: output, task: classification, from: [net]}\n")


def _fix(text: str, path: str, code: str) -> str:
    try:
        load_text(text, path)
    except InputError as exc:
        [d] = [d for d in exc.diagnostics if d.code == code]
        assert d.fix is not None
        return d.fix
    raise AssertionError("no error raised")


def test_an_unknown_operation_gets_its_fix_in_the_front_ends_own_syntax() -> None:
    dsl = _fix(pipe("input ct: CT image3d\npreprocessing p: resampel\nmodel net: CNN { task: classification }\n"
                    "output y: classification\nflow ct -> p -> net -> y"), "t.pipe", "PS104")
    assert '"resampel"' in dsl and "{op:" not in dsl and "custom: true" not in dsl
    load_text(pipe('input ct: CT image3d\npreprocessing p: "resampel"\nmodel net: CNN { task: classification }\n'
                   "output y: classification\nflow ct -> p -> net -> y"), "t.pipe")  # the fix, applied, reads
    yaml = _fix(YAML_OP, "t.yaml", "PS104")
    assert '{op: "resampel", custom: true}' in yaml
    load_text(YAML_OP.replace("ops: [resampel]", 'ops: [{op: "resampel", custom: true}]'), "t.yaml")
    import json

    import yaml as pyyaml

    doc = pyyaml.safe_load(YAML_OP)
    json_fix = _fix(json.dumps(doc), "t.json", "PS104")
    assert '{"op": "resampel", "custom": true}' in json_fix


def test_a_waiver_without_justification_gets_its_fix_in_the_front_ends_own_syntax() -> None:
    text = YAML_OP.replace("ops: [resampel]", "ops: [resample]") + "waive: [{code: W101, justification: \"--\"}]\n"
    assert _fix(text, "t.yaml", "PS107").startswith("waive: [{code: W101, justification:")


# ------------------------------------------------------------------ excerpts show invisible characters
def test_an_excerpt_shows_bidirectional_and_invisible_characters_escaped() -> None:
    from pipespec.render.common import shown_source
    from pipespec.render.text import excerpt

    line = "  model n\u202eet: CNN  # a\u200bb\u2066c"
    assert shown_source(line) == "  model n<U+202E>et: CNN  # a<U+200B>b<U+2066>c"
    from pipespec.errors import Span

    shown, caret = excerpt(line + "\n", Span("t.pipe", 1, 11, 1, 13))  # 'et', after the override
    assert "\u202e" not in shown and "<U+202E>et" in shown
    assert caret.index("^") == shown.index("<U+202E>et") + len("<U+202E>")


def test_a_rules_fix_is_written_in_the_syntax_of_the_file() -> None:
    from pipespec.checker import check_text, fix_in_syntax

    assert fix_in_syntax("declare condition5 = no and condition4 = yes; or draw it", "yaml") == \
        'under declare: condition5: "no" and condition4: "yes"; or draw it'
    assert fix_in_syntax("Add `declare condition5 = yes|no`.", "yaml") == "Add `under declare: condition5: yes|no`."
    assert fix_in_syntax("declare condition2 = no.", "json") == 'in "declare": "condition2": "no".'
    assert fix_in_syntax("declare condition2 = no.", "dsl") == "declare condition2 = no."
    dsl = pipe("input xr: XR image2d\nmodel net: ResNet-18 { task: classification }\noutput y: classification\n"
               "flow xr -> net -> y\ndeclare condition5 = no")
    import json

    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    p, c = load_with_comments(source_from_text(dsl, "t.pipe"))
    for fmt, text in (("dsl", dsl), ("yaml", write(p, "yaml", c)), ("json", write(p, "json", c))):
        [f] = [f for f in check_text(text, f"t.{ {'dsl': 'pipe'}.get(fmt, fmt)}").findings if f.code == "C507"]
        assert f.fix == {"dsl": "declare condition5 = yes.", "yaml": 'under declare: condition5: "yes".',
                         "json": 'in "declare": "condition5": "yes".'}[fmt]
        if fmt == "json":
            json.loads(text)


@pytest.mark.parametrize(("value", "said"), [("[1, 2]", ["the number 1", "the number 2"]), ("3", ["the number 3"]),
                                             ("2.50", ["the number 2.50"]), ('""', ["a blank text"])])
def test_a_stage_reference_that_is_no_name_says_what_was_given(value: str, said: list[str]) -> None:
    text = pipe(f"input ct: CT image3d\nmodel net: CNN {{ task: classification, labels_from: {value} }}\n"
                "output y: classification\nflow ct -> net -> y")
    assert [(code, message) for code, _, _, message in diagnostics(text)] == [
        ("PS102", f"'labels_from' must be a stage name, not {x}") for x in said]
