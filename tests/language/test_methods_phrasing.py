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
