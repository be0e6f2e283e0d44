"""What Methods sections say and the language must read: outputs with several tasks, bare values with @ + / %,
misspelt stage kinds, a colon with no head."""

from __future__ import annotations

import pytest

from pipespec.language import load_text, writer
from tests.support.helpers import codes, error_of, pipe

MULTI_TASK = """\
input ct: CT image3d
model net: ResNet-50 { task: [classification, regression] }
output y: classification, regression
flow ct -> net -> y
"""


def test_an_output_with_several_tasks_is_read_in_the_dsl_yaml_and_json() -> None:
    dsl = load_text(pipe(MULTI_TASK), "t.pipe")
    assert dsl.stage("y").get("task") == ("classification", "regression")
    yaml = load_text(writer.to_yaml(dsl), "t.yaml", "yaml")
    json_ = load_text(writer.to_json(dsl), "t.json", "json")
    assert dsl == yaml == json_
    # the formatter writes the head as the author did
    assert "output y: classification, regression" in writer.format_dsl(dsl)


def test_an_output_with_several_tasks_fed_by_the_multi_task_model_is_quiet() -> None:
    assert "L106" not in codes(MULTI_TASK)


def test_an_output_task_the_model_lacks_names_the_missing_task() -> None:
    # invariant: a model's tasks must include each task of the outputs it feeds, one task or several
    found = codes(MULTI_TASK.replace("task: [classification, regression]", "task: classification"))
    assert found.count("L106") == 1


def test_one_task_of_several_words_in_an_output_head_is_one_task() -> None:
    p = load_text(pipe("input ct: CT image3d\nmodel m: CNN\noutput y: binary classification\n"
                       "flow ct -> m -> y\n"), "t.pipe")
    assert p.stage("y").get("task") == "classification"


def test_an_unknown_task_in_a_list_is_located_at_that_task() -> None:
    code, line, col, msg = error_of(pipe(MULTI_TASK.replace("classification, regression\n", "classification, regresion\n")))
    assert (code, line, col) == ("PS104", 4, 29) and "did you mean 'regression'" in msg


# ------------------------------------------------------------------ misspelt statements, a colon with no head
@pytest.mark.parametrize(("word", "meant"), [("preprocesing", "preprocessing"), ("modle", "model"),
                                             ("Model", "model"), ("outptu", "output"),
                                             ("feature_extration", "feature_extraction"), ("declar", "declare")])
def test_a_misspelt_statement_word_gets_did_you_mean_instead_of_the_expected_tokens(word: str, meant: str) -> None:
    text = pipe(f"input ct: CT image3d\n{word} m: CNN\n")
    code, line, col, msg = error_of(text)
    assert (code, line, col) == ("PS101", 3, 3)
    assert f"did you mean '{meant}'?" in msg and "expected" not in msg


def test_the_did_you_mean_of_a_stage_kind_carries_the_replacement() -> None:
    from pipespec.edits import apply_fixes
    from pipespec.errors import InputError

    text = pipe("input ct: CT image3d\nmodle m: CNN\noutput y: classification\nflow ct -> m -> y\n")
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    fix = caught.value.diagnostics[0].autofix
    assert fix is not None and not fix.safe  # a guess at the author's word: applied only when asked
    fixed, _ = apply_fixes(text, [fix])
    assert load_text(fixed, "t.pipe").stage("m").kind == "model"


def test_an_unknown_word_far_from_every_statement_keeps_the_list_of_expected_tokens() -> None:
    assert "expected" in error_of(pipe("input ct: CT image3d\nzzzz m: CNN\n"))[3]


@pytest.mark.parametrize("line", ["model clf: {", "model clf: { family: deep }", "model clf:", "model clf:  # why"])
def test_a_colon_with_no_head_says_both_ways_to_write_it(line: str) -> None:
    from pipespec.edits import apply_fixes
    from pipespec.errors import InputError

    text = pipe(f"input ct: CT image3d\n{line}\n" + ("  family: deep\n}\n" if line.endswith("{") else ""))
    code, row, col, msg = error_of(text)
    assert (code, row, col) == ("PS101", 3, 12)
    assert "write `model clf {` or give a head after ':'" in msg
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    fix = caught.value.diagnostics[0].autofix
    assert fix is not None and fix.safe
    assert apply_fixes(text, [fix])[0].splitlines()[2].split("#")[0].rstrip() in ("  model clf {",
                                                                               "  model clf { family: deep }",
                                                                               "  model clf")


# ------------------------------------------------------------------ one algorithm in the head, candidates in the block
def test_a_head_algorithm_and_a_block_list_of_candidates_say_to_name_them_in_one_place() -> None:
    code, line, col, msg = error_of(pipe("input ct: CT image3d\n"
                                         "model m: SVM { algorithm: [random forest, XGBoost] }\n"))
    assert (code, line, col) == ("PS103", 3, 18)
    assert "name the candidates in one place" in msg and "'SVM'" in msg


def test_the_fix_lists_every_candidate_once_and_reads_back_as_the_comparison() -> None:
    from pipespec.errors import InputError

    text = pipe("input ct: CT image3d\nmodel m: SVM { algorithm: [SVM, random forest] }\n")
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    fix = caught.value.diagnostics[0].fix
    assert fix is not None and fix.startswith("model m { algorithm: [SVM, random forest] }")
    fixed = text.replace("model m: SVM { algorithm: [SVM, random forest] }", fix.split(" (")[0])
    assert load_text(fixed, "t.pipe").stage("m").get("algorithm") == ("SVM", "random forest")


def test_a_network_named_twice_still_points_at_backbone() -> None:
    msg = error_of(pipe("input ct: CT image3d\nmodel m: ResNet-50 { architecture: DenseNet-121 }\n"))[3]
    assert "given twice" in msg
