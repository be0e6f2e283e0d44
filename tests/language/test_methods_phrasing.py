"""What Methods sections say and the language must read: outputs with several tasks, bare values with @ + / %,
misspelt stage kinds, a colon with no head."""

from __future__ import annotations

import pytest
from hypothesis.strategies import SearchStrategy

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


# ------------------------------------------------------------------ bare values with @ + / %
OLD_NAME = r"/(?:\d+(?:\.\d+)?(?![eE][-+]?\d)[^\W\d_]|[^\W\d])\w*(?:[-.+\/]\w+)*\+*/"


def _corpus() -> list[tuple[str, str]]:
    """Every DSL text the repository holds: the examples, the test corpora and the rules' documented examples."""
    from pathlib import Path

    from pipespec.analysis.rules import RULES

    root = Path(__file__).resolve().parents[2]
    texts = [(str(p.relative_to(root)), p.read_text(encoding="utf-8"))
             for p in sorted(root.glob("examples/**/*.pipe")) + sorted(root.glob("tests/**/*.pipe"))]
    texts += [(f"explain {code}", text) for code, rule in sorted(RULES.items())
              for text in (rule.example, rule.other_example) if text is not None and rule.example_format == "dsl"]
    return texts


def _tokens(parser: object, text: str) -> list[tuple[str, str]] | None:
    import lark

    try:
        tree = parser.parse(text if text.endswith("\n") else text + "\n")  # type: ignore[attr-defined]
    except lark.LarkError:
        return None
    return [(t.type, str(t)) for t in tree.scan_values(lambda v: isinstance(v, lark.Token))]


def test_every_text_that_parsed_before_the_new_bare_values_parses_the_same() -> None:
    import lark

    from pipespec.language.dsl import LARK_OPTIONS
    from pipespec.resources import resource_path

    grammar = resource_path("grammar", "pipespec.lark").read_text(encoding="utf-8")
    new_name = next(line for line in grammar.splitlines() if line.startswith("NAME:"))
    old = lark.Lark(grammar.replace(new_name, "NAME: " + OLD_NAME), **LARK_OPTIONS)
    new = lark.Lark(grammar, **LARK_OPTIONS)
    corpus = _corpus()
    assert len(corpus) > 100
    compared = 0
    for where, text in corpus:
        before = _tokens(old, text)
        if before is not None:
            assert _tokens(new, text) == before, where
            compared += 1
    assert compared > 100


@pytest.mark.parametrize(("value", "read"), [("[mAP@0.5, AUC]", ("mAP@0.5", "AUC")),
                                             ("[Recall@1, F1%]", ("Recall@1", "F1%")),
                                             ("[TPR/FPR, C+index]", ("TPR/FPR", "C+index"))])
def test_a_word_may_hold_at_plus_slash_and_percent_after_its_first_letter(value: str, read: tuple[str, ...]) -> None:
    text = pipe(f"input ct: CT image3d\nmodel m: CNN\noutput y: classification\nflow ct -> m -> y\n"
                f"evaluation {{ metrics: {value} }}\n")
    p = load_text(text, "t.pipe")
    assert p.facts("evaluation").get("metrics") == read
    # written back bare, and the same through YAML and JSON
    assert f"metrics: [{', '.join(read)}]" in writer.format_dsl(p)
    assert load_text(writer.to_yaml(p), "t.yaml", "yaml") == p == load_text(writer.to_json(p), "t.json", "json")


@pytest.mark.parametrize(("value", "column", "shown"), [("[40%]", 26, '"40%"'), ("[AUC, 95%CI]", 31, '"95%CI"'),
                                                        ("[a@]", 26, '"a@"'), ("[40 %]", 26, '"40 %"'),
                                                        ("[AUC, 95 %]", 31, '"95 %"')])
def test_a_value_the_grammar_cannot_read_bare_is_located_and_shown_quoted(value: str, column: int, shown: str) -> None:
    from pipespec.edits import apply_fixes
    from pipespec.errors import InputError

    text = pipe(f"input ct: CT image3d\nevaluation {{ metrics: {value} }}\n")
    code, line, col, msg = error_of(text)
    assert (code, line, col) == ("PS101", 3, column) and f"quote it: {shown}" in msg
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    fix = caught.value.diagnostics[0].autofix
    assert fix is not None and fix.safe
    fixed, _ = apply_fixes(text, [fix])
    assert shown.strip('"') in load_text(fixed, "t.pipe").facts("evaluation").get("metrics")  # type: ignore[operator]


@pytest.mark.parametrize("value", ["[40\f%]", "[40 \f %]", "[40\t%]"])
def test_a_sign_apart_from_its_number_is_quoted_only_as_a_value_the_file_can_hold(value: str) -> None:
    """A sign apart from its number is quoted with the blanks between them, as written; a form feed there is no
    blank a quoted value may hold (PS110): the safe fix never writes one into a value."""
    from pipespec.edits import apply_fixes
    from pipespec.errors import InputError

    text = pipe(f"input ct: CT image3d\nevaluation {{ metrics: {value} }}\n")
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    fix = caught.value.diagnostics[0].autofix
    if fix is not None:
        fixed, _ = apply_fixes(text, [fix])
        load_text(fixed, "t.pipe")  # no new error


@pytest.mark.parametrize("line", ["preprocessing prep: resample %", "model net: CNN % { task: classification }",
                                  "model net: CNN { task: classification % }", "evaluation { metrics: [AUC @] }"])
def test_a_stray_sign_after_a_word_is_not_joined_to_it(line: str) -> None:
    """Only a number takes a sign written apart from it ('40 %'): after a word the sign is a stray character, and
    quoting both would be a safe fix that changes the word (a known operation made a custom one, a task unknown)."""
    from pipespec.errors import InputError

    text = pipe(f"input ct: CT image3d\n{line}\n")
    with pytest.raises(InputError) as caught:
        load_text(text, "t.pipe")
    first = caught.value.diagnostics[0]
    assert first.code == "PS101" and first.autofix is None and "cannot be written bare" not in first.message


def _ascii_words(pattern: str) -> SearchStrategy[str]:
    from hypothesis import strategies as st

    from pipespec.language.lexicon import RESERVED

    return st.from_regex(pattern, fullmatch=True, alphabet=st.characters(codec="ascii", categories=["L", "N"],
                                                                         include_characters="_-.+/@%")) \
        .filter(lambda w: w not in RESERVED and len(w) <= 40)


def test_every_old_name_is_still_a_name_and_every_new_word_reads_back_bare() -> None:
    from hypothesis import given, settings

    from pipespec.language.lexicon import NAME

    @settings(max_examples=150, deadline=None)
    @given(_ascii_words(OLD_NAME.strip("/")), _ascii_words(NAME.pattern))
    def check(old: str, new: str) -> None:
        assert NAME.fullmatch(old)
        text = pipe(f"input ct: CT image3d\nevaluation {{ metrics: [{old}, {new}] }}\n")
        p = load_text(text, "t.pipe")
        assert p.facts("evaluation").get("metrics") == (old, new)
        assert load_text(writer.format_dsl(p), "t.pipe") == p
        assert f"[{old}, {new}]" in writer.format_dsl(p)

    check()


def test_an_output_with_several_tasks_may_take_them_from_several_models() -> None:
    # late fusion of two single-task networks into one output: each task is one of theirs (no L106); a model
    # doing none of the output's tasks, or a task no model does, is still L106
    body = """\
    input ct: CT image3d
    model a: ResNet-50 { task: classification }
    model b: ResNet-50 { task: regression }
    output y: classification, regression
    flow ct -> a, b -> y
    """
    assert "L106" not in codes(body)
    assert codes(body.replace("task: regression", "task: segmentation")).count("L106") == 2
    assert codes(body.replace("regression\n", "regression, survival\n")).count("L106") == 1
