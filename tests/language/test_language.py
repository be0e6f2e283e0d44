"""The language: grammar, YAML/JSON front ends, schema, the typed model and graph checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipespec.analysis.engine import analyse
from pipespec.analysis.graph import Graph
from pipespec.errors import Diagnostic, InputError
from pipespec.language import load_path, load_text, writer
from tests.support.helpers import error_of, pipe

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").rglob("*.pipe"))
YAML_EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 12 and len(YAML_EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES + YAML_EXAMPLES, ids=lambda p: p.name)
def test_every_example_loads_and_builds_a_graph(path: Path) -> None:
    p = load_path(str(path))
    g = Graph(p)
    assert p.stages and len(g.order) == len(p.stages)


@pytest.mark.parametrize("name", ["example-2", "example-4"])
def test_yaml_twins_are_the_same_model(name: str) -> None:
    base = ROOT / "examples" / "metrics-e3"
    assert load_path(str(base / f"{name}.pipe")) == load_path(str(base / f"{name}.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_round_trip_dsl_yaml_json_dsl(path: Path) -> None:
    p = load_path(str(path))
    from_yaml = load_text(writer.to_yaml(p), "x.yaml", "yaml")
    from_json = load_text(writer.to_json(from_yaml), "x.json", "json")
    back = load_text(writer.format_dsl(from_json), "x.pipe", "dsl")
    assert p == from_yaml == from_json == back


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_formatter_is_idempotent(path: Path) -> None:
    once = writer.format_dsl(load_path(str(path)))
    assert writer.format_dsl(load_text(once, "x.pipe")) == once


# ------------------------------------------------------------------ tricky valid inputs
TRICKY_VALID = {
    "comments everywhere": '# head\npipeline "t" { # after brace\n  # alone\n  input a: CT image3d # tail\n\n'
                           '  model m: CNN\n  output y: classification\n  flow a -> m -> y # end\n}\n# trailer\n',
    "crlf line endings": 'pipeline "t" {\r\n  input a: CT image3d\r\n  model m: CNN\r\n  output y: classification\r\n'
                         '  flow a -> m -> y\r\n}\r\n',
    "no final newline": 'pipeline "t" {\n input a: CT image3d\n model m: CNN\n output y: classification\n'
                        ' flow a -> m -> y\n}',
    "multi-line block, trailing comma": 'pipeline "t" {\n  input a: CT image3d\n  model m: ResNet-50 {\n'
                                        '    task: classification,\n    pretrained_on: ImageNet,\n  }\n'
                                        '  output y: classification\n  flow a -> m -> y\n}\n',
    "from clauses instead of flow": 'pipeline "t" {\n  input a: CT image3d\n  model m: CNN from a\n'
                                    '  output y: classification from m\n}\n',
    "fan-in group": 'pipeline "t" {\n  input a: CT image3d\n  input c: tabular clinical\n  model m: CNN\n'
                    '  output y: classification\n  flow a, c -> m -> y\n}\n',
    "flow before stages": 'pipeline "t" {\n  flow a -> m -> y\n  input a: CT image3d\n  model m: CNN\n'
                          '  output y: classification\n}\n',
    "unicode stage names": 'pipeline "t" {\n  input bild: CT image3d\n  model netz_ä: CNN\n  output ausgabe: '
                           'classification\n  flow bild -> netz_ä -> ausgabe\n}\n',
    "quoted custom op with params": 'pipeline "t" {\n  input a: CT image3d\n  preprocessing p: "bias field '
                                    'correction"(iterations: 4), resample(spacing: 1.5)\n  model m: CNN\n'
                                    '  output y: classification\n  flow a -> p -> m -> y\n}\n',
    "lists and numbers": 'pipeline "t" {\n  input a: CT image3d\n  model m: CNN { epochs: 20, task: classification }'
                         '\n  output y: classification { classes: [a, "b c", 3] }\n  flow a -> m -> y\n}\n',
    "plus and hyphen names": 'pipeline "t" {\n  input a: US image2d\n  model seg: DeepLabV3+ { task: segmentation }'
                             '\n  model c: CNN\n  output y: classification\n  flow a -> seg -> c -> y\n}\n',
    "names starting with digits": 'pipeline "t" {\n  input a: CT image3d\n  model s: 3D U-Net { task: segmentation }'
                                   '\n  model m: 2.5D CNN { epochs: 20 }\n  output y: classification\n  flow a -> s -> m -> y\n}\n',
    "byte order mark": '\ufeffpipeline "t" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n'
                       '  flow a -> m -> y\n}\n',
    "multi-word algorithm": 'pipeline "t" {\n  input a: tabular radiomics\n  model m: logistic regression\n'
                            '  output y: classification\n  flow a -> m -> y\n}\n',
    "study metadata and waiver": 'pipeline "t" {\n  study { doi: "10.1/x", year: 2024 }\n  input a: CT image3d\n'
                                 '  model m: CNN\n  output y: classification\n  flow a -> m -> y\n'
                                 '  waive C500 "answer given in the cover letter"\n}\n',
    "short condition names": 'pipeline "t" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n'
                             '  flow a -> m -> y\n  declare c5 = yes\n}\n',
}


@pytest.mark.parametrize("text", TRICKY_VALID.values(), ids=TRICKY_VALID.keys())
def test_tricky_valid_inputs_parse(text: str) -> None:
    from pipespec.language import decode

    p = load_text(decode(text.encode("utf-8")), "t.pipe", "dsl")
    Graph(p)
    assert p.title == "t"


def test_fan_in_group_makes_both_edges() -> None:
    p = load_text(TRICKY_VALID["fan-in group"], "t.pipe")
    assert p.stage("m").inputs == ("a", "c")


def test_inputs_are_ordered_by_declaration_not_by_flow_order() -> None:
    a = load_text(pipe("input a: CT image3d\ninput b: tabular clinical\nmodel m: CNN\noutput y: classification\n"
                       "flow b -> m\nflow a -> m -> y"), "t.pipe")
    assert a.stage("m").inputs == ("a", "b")


def test_head_words_are_classified_by_vocabulary() -> None:
    p = load_text(pipe("input a: tabular radiomics\nfeature_extraction f: deep ResNet-50\n"
                       "model m: deep SVM\nmodel n: logistic regression\noutput y: classification\n"
                       "input i: CT image3d\nflow i -> f -> m -> y\nflow a -> n -> y"), "t.pipe")
    assert p.stage("a").get("form") == "tabular" and p.stage("a").get("holds") == "radiomics"
    assert p.stage("f").get("method") == "deep" and p.stage("f").get("tool") == "ResNet-50"
    assert p.stage("m").get("family") == "deep" and p.stage("m").get("algorithm") == "SVM"
    assert p.stage("n").get("algorithm") == "logistic regression"


def test_values_are_canonicalised_through_aliases() -> None:
    p = load_text(pipe("input a: MR image3d\nmodel m: CNN { training: transfer learning, task: diagnosis }\n"
                       "output y: classification\nflow a -> m -> y"), "t.pipe")
    assert p.stage("a").get("modality") == "MRI"
    assert p.stage("m").get("training") == "fine_tuned" and p.stage("m").get("task") == "classification"


def test_nfc_normalisation_of_identifiers() -> None:
    decomposed = "ne\u0301t"  # e + combining acute
    p = load_text(pipe(f"input a: CT image3d\nmodel {decomposed}: CNN\noutput y: classification\n"
                       f"flow a -> {decomposed} -> y"), "t.pipe")
    assert p.stages[1].name == "n\u00e9t"


# ------------------------------------------------------------------ malformed inputs: code, line, column
MALFORMED = [
    # (text, code, line, column, words expected in the message)
    ('pipeline "x" {\n  input a XR\n}\n', "PS101", 2, 11, "':'"),
    ('pipeline x {\n}\n', "PS101", 1, 10, "a quoted string"),
    ('pipeline "x" {\n  inptu a: CT\n}\n', "PS101", 2, 3, "unknown stage kind 'inptu'; did you mean 'input'?"),
    ('pipeline "x" {\n  input a: CT image3d\n', "PS101", 1, 14, "the pipeline opened at line 1, column 14"),
    ('pipeline "x" {\n  input a: @\n}\n', "PS101", 2, 12, "unexpected character"),
    ('pipeline "x" {\n  flow a ->\n}\n', "PS101", 2, 12, "a name"),
    ('', "PS101", 1, 1, "empty file"),
    ('pipeline "x" {\n  waive C501\n}\n', "PS101", 2, 13, "a quoted string"),
    (pipe("input a: CT image3d\ninput a: MRI image3d"), "PS105", 3, 9, "duplicate stage name 'a'"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> mm -> y"),
     "PS106", 5, 13, "did you mean 'm'"),
    (pipe("input a: CT image3d\nmodel m: CNN from a, b\noutput y: classification from m"), "PS106", 3, 24, "'b'"),
    (pipe("input a: CT image3d\nmodel m: CNN { pretrained_ob: ImageNet }\noutput y: classification\n"
          "flow a -> m -> y"), "PS103", 3, 18, "did you mean 'pretrained_on'"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classificaton\nflow a -> m -> y"),
     "PS104", 4, 13, "did you mean 'classification'"),
    (pipe("input a: CT image3d\npreprocessing p: resampel\nmodel m: CNN\noutput y: classification\n"
          "flow a -> p -> m -> y"), "PS104", 3, 20, "did you mean 'resample'"),
    (pipe("input a: CT image3d\npreprocessing p: segmentation(mode: manually)\nmodel m: CNN\n"
          "output y: classification\nflow a -> p -> m -> y"), "PS104", 3, 20, "segmentation mode"),
    (pipe("input a: CT image3d\nmodel m: CNN\nmodel n: CNN\noutput y: classification\n"
          "flow a -> m -> n -> m\nflow n -> y"), "PS108", 6, 13, "cycle in the data flow"),
    (pipe("input t: tabular clinical\nfeature_extraction f: handcrafted PyRadiomics\nmodel m: SVM\n"
          "output y: classification\nflow t -> f -> m -> y"), "PS109", 6, 8, "feature extraction 'f' from a table"),
    (pipe("input a: CT image3d\noutput y: classification\nflow a -> y"), "PS109", 4, 8, "fed raw images"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> y"), "PS109", 3, 3,
     "has no inputs"),
    (pipe("input a: CT image3d\npreprocessing s: select\nmodel m: SVM\noutput y: classification\n"
          "flow a -> s -> m -> y"), "PS109", 3, 20, "works on tables"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> m -> y\n"
          "declare condition6 = yes"), "PS107", 6, 11, "unknown condition"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> m -> y\n"
          "declare condition5 = maybe"), "PS107", 6, 24, "yes or no"),
    (pipe("input a: CT image3d\nmodel m: CNN\noutput y: classification\nflow a -> m -> y\n"
          'waive C501 ""'), "PS107", 6, 9, "justification"),
    (pipe("input a\u202e: CT image3d\nmodel m: CNN\noutput y: classification\nflow a\u202e -> m -> y"),
     "PS101", 2, 10, "unexpected character"),
]


@pytest.mark.parametrize("text,code,line,column,words", MALFORMED,
                         ids=[f"{m[1]}-{i}" for i, m in enumerate(MALFORMED)])
def test_malformed_inputs_are_located(text: str, code: str, line: int, column: int, words: str) -> None:
    got = error_of(text)
    assert got[:3] == (code, line, column), got
    assert words in got[3]


# an unclosed bracket is named where it opened, not blamed on the next line's tokens
UNCLOSED = [
    # (text, line, column of the bracket, words expected in the message)
    (pipe("input a: CT image3d\nmodel m: CNN { task: classification\noutput y: classification\n"
          "flow a -> m -> y"), 3, 16, "unclosed '{': the block opened at line 3, column 16"),
    (pipe("input a: CT image3d\nmodel m: CNN {\n  task: classification\n  training: fine_tuned\n"
          "output y: classification\nflow a -> m -> y"), 3, 16, "before line 6 ('output y: classification')"),
    ('pipeline "x" {\n  input a: CT image3d\n  model m: CNN { task: classification\n}\n', 3, 16,
     "before the end of the file"),
    (pipe("input a: CT image3d\nmodel m: CNN { task: [classification, segmentation }\noutput y: classification\n"
          "flow a -> m -> y"), 3, 24, "unclosed '[': the list opened at line 3, column 24"),
    (pipe("input a: CT image3d\npreprocessing p: resample(spacing: 1\nmodel m: CNN\noutput y: classification\n"
          "flow a -> p -> m -> y"), 3, 28, "unclosed '(': the argument list"),
    ('pipeline "x" {\n  input a: "CT {" image3d  # { in a comment\n  model m: CNN\n', 1, 14,
     "the pipeline opened at line 1"),
]


@pytest.mark.parametrize("text,line,column,words", UNCLOSED, ids=[str(i) for i in range(len(UNCLOSED))])
def test_an_unclosed_bracket_is_named_where_it_opened(text: str, line: int, column: int, words: str) -> None:
    got = error_of(text)
    assert got[:3] == ("PS101", line, column), got
    assert words in got[3]
    assert "expected ':'" not in got[3]


def test_an_error_inside_a_closed_block_is_not_blamed_on_its_brace() -> None:
    text = pipe("input a: CT image3d\nmodel m: CNN {\n  task: classification\n  trianing fine_tuned\n}\n"
                "output y: classification\nflow a -> m -> y")
    assert error_of(text)[:4] == ("PS101", 5, 14, "unexpected 'fine_tuned'; expected ':'")


# what feeds an output, said as what it is (a segmentation step's output is not "raw images")
OUTPUT_FEEDS = [
    # (statements, words expected in the message, words expected in the fix)
    ("input a: CT image3d\noutput y: classification\nflow a -> y", "fed raw images by 'a'", "put a model stage"),
    ("input a: CT image3d\npreprocessing s: segmentation(mode: automatic)\noutput y: segmentation\n"
     "flow a -> s -> y", "the delineated images of segmentation step 's'", "task: segmentation"),
    ("input a: CT image3d\npreprocessing s: resample\noutput y: classification\nflow a -> s -> y",
     "the images of pre-processing step 's'", "put a model stage between 's' and 'y'"),
    ("input k: MRI kspace\noutput y: classification\nflow k -> y", "raw acquisition data by 'k'",
     "put a model stage"),
    ("input a: CT image3d\nfeature_extraction f: handcrafted PyRadiomics { produces: maps }\n"
     "output y: classification\nflow a -> f -> y", "the feature maps of 'f'", "put a model stage"),
]


@pytest.mark.parametrize("body,words,fix", OUTPUT_FEEDS, ids=[str(i) for i in range(len(OUTPUT_FEEDS))])
def test_what_feeds_an_output_is_named_as_what_it_is(body: str, words: str, fix: str) -> None:
    diags = _diagnostics(pipe(body))
    (d,) = [d for d in diags if d.code == "PS109"]
    assert words in d.message and d.fix is not None and fix in d.fix, d
    if "segmentation step" in words or "pre-processing" in words:
        assert "raw" not in d.message


def test_a_model_feeding_a_feature_extraction_is_told_about_image_to_image() -> None:
    diags = _diagnostics(pipe("input t1: MRI image3d\nmodel syn: UNet { task: regression }\n"
                              "feature_extraction rad: handcrafted PyRadiomics\nmodel lr: SVM\n"
                              "output y: classification\nflow t1 -> syn -> rad -> lr -> y"))
    (d,) = [d for d in diags if d.code == "PS109"]
    assert "from the predictions of model 'syn'" in d.message
    assert d.fix is not None and "give it task: image_to_image" in d.fix
    fixed = pipe("input t1: MRI image3d\nmodel syn: UNet { task: image_to_image }\n"
                 "feature_extraction rad: handcrafted PyRadiomics\nmodel lr: SVM\n"
                 "output y: classification\nflow t1 -> syn -> rad -> lr -> y")
    assert not [d for d in _diagnostics(fixed) if d.code == "PS109"]


def _diagnostics(text: str) -> list[Diagnostic]:
    try:
        analyse(load_text(text, "t.pipe"))
    except InputError as exc:
        return list(exc.diagnostics)
    return []


def test_syntax_errors_name_tokens_in_words_not_terminal_names() -> None:
    _, _, _, message = error_of('pipeline "x" {\n  model m: CNN {\n}\n')
    for terminal in ("LBRACE", "RBRACE", "_NL", "NAME", "STRING", "__ANON"):
        assert terminal not in message


def test_all_errors_of_a_file_are_reported_together() -> None:
    text = pipe("input a: CT image3d\nmodel m: CNN { pretrained_ob: x }\noutput y: classificaton\n"
                "flow a -> m -> y")
    with pytest.raises(InputError) as info:
        load_text(text, "t.pipe")
    assert [d.code for d in info.value.diagnostics] == ["PS103", "PS104"]


# ------------------------------------------------------------------ YAML / JSON and the schema
GOOD_YAML = """\
pipeline: t
stages:
  - {name: a, kind: input, modality: CT, form: image3d}
  - {name: m, kind: model, architecture: CNN, from: [a]}
  - {name: y, kind: output, task: classification, from: m}
declare:
  condition5: yes
expect:
  condition5: yes
"""


def test_unquoted_yaml_yes_no_are_answers() -> None:
    p = load_text(GOOD_YAML, "t.yaml", "yaml")
    assert p.declared(5).value == "yes" and p.expected(5).value == "yes"  # type: ignore[union-attr]


def test_json_booleans_are_answers() -> None:
    doc = {"pipeline": "t", "stages": [{"name": "a", "kind": "input", "form": "image3d"},
                                       {"name": "m", "kind": "model", "architecture": "CNN", "from": ["a"]},
                                       {"name": "y", "kind": "output", "from": ["m"]}],
           "declare": {"condition5": True}}
    assert load_text(json.dumps(doc), "t.json", "json").declared(5).value == "yes"  # type: ignore[union-attr]


SCHEMA_ERRORS = [
    # (yaml text, line, column, path fragment)
    (GOOD_YAML.replace("kind: model", "kind: modle"), 4, 21, "/stages/1/kind"),
    (GOOD_YAML.replace("from: [a]}", "from: [a], colour: red}"), 4, 58, "/stages/1"),
    (GOOD_YAML.replace("pipeline: t\n", "pipeline: 12\n"), 1, 11, "/pipeline"),
    (GOOD_YAML.replace("condition5: yes\nexpect", "condition5: maybe\nexpect"), 7, 15, "/declare/condition5"),
    ("pipeline: t\nstages: {}\n", 2, 9, "/stages"),
]


@pytest.mark.parametrize("text,line,column,where", SCHEMA_ERRORS)
def test_schema_errors_point_at_the_node(text: str, line: int, column: int, where: str) -> None:
    with pytest.raises(InputError) as info:
        load_text(text, "t.yaml", "yaml")
    d = info.value.diagnostics[0]
    assert d.code == "PS102", d
    assert (d.span.line, d.span.column) == (line, column), d
    assert where in d.message


def test_schema_error_in_json_is_located() -> None:
    text = '{\n  "pipeline": "t",\n  "stages": [\n    {"name": "a", "kind": "inptu"}\n  ]\n}\n'
    with pytest.raises(InputError) as info:
        load_text(text, "t.json", "json")
    d = info.value.diagnostics[0]
    assert d.code == "PS102" and (d.span.line, d.span.column) == (4, 27)


def _schema_messages(text: str, path: str = "t.yaml") -> list[tuple[int, int, str]]:
    with pytest.raises(InputError) as info:
        load_text(text, path)
    return [(d.span.line, d.span.column, d.message) for d in info.value.diagnostics]


def test_unknown_declare_keys_are_located_at_each_key_in_words() -> None:
    text = GOOD_YAML.replace("declare:\n  condition5: yes\n",
                             "declare:\n  condition5: yes\n  conditon1: no\n  cond 2: yes\n")
    got = _schema_messages(text)
    assert [(line, col) for line, col, _ in got] == [(8, 3), (9, 3)]
    assert "unknown condition 'conditon1'; expected condition1 .. condition5" in got[0][2]
    assert "unknown condition 'cond 2'" in got[1][2]
    for _, _, message in got:
        assert "^" not in message and "[1-5]" not in message and "pattern" not in message


def test_an_unknown_declare_key_in_json_is_located_at_the_key() -> None:
    text = ('{\n  "pipeline": "t",\n  "stages": [{"name": "a", "kind": "input", "form": "image3d"}],\n'
            '  "declare": {"conditon5": "yes"}\n}\n')
    (line, col, message), = _schema_messages(text, "t.json")
    assert (line, col) == (4, 15) and "unknown condition 'conditon5'" in message


def test_unknown_assess_keys_are_items_not_conditions() -> None:
    (_, _, message), = _schema_messages(GOOD_YAML + "assess:\n  item 31: yes\n")
    assert "unknown item 'item 31'; expected item1 .. item30" in message and "\\s" not in message


SCHEMA_WORDS = [
    # (yaml text, words expected, words that must not appear)
    (GOOD_YAML.replace("condition5: yes\nexpect", "condition5: maybe\nexpect"), "expected yes or no", "['"),
    (GOOD_YAML.replace("kind: model", "kind: modle"), "did you mean 'model'?", "['"),
    ("pipeline: t\nstages: 42\n", "expected a list, not 42", "type '"),
    (GOOD_YAML + "waive:\n  - code: C501\n", "missing key 'justification'", "required property"),
    (GOOD_YAML + "assess:\n  item7: {answer: yes, nots: x}\n", "unknown key 'nots'; did you mean 'note'?",
     "not valid under any"),
    (GOOD_YAML.replace("condition5: yes\nexpect", "condition5: {x: 1}\nexpect"), "expected yes, no or true/false",
     "not valid under any"),
    (GOOD_YAML + "cohort: {centers: many}\n", "expected a whole number, not 'many'", "'integer'"),
]


@pytest.mark.parametrize("text,words,unwanted", SCHEMA_WORDS, ids=[str(i) for i in range(len(SCHEMA_WORDS))])
def test_schema_messages_are_in_words(text: str, words: str, unwanted: str) -> None:
    (_, _, message), = _schema_messages(text)
    assert words in message and unwanted not in message, message


@pytest.mark.parametrize("ops,path,fix", [("resample, normalize", "t.yaml", "[resample, normalize]"),
                                          ("resample normalize", "t.yaml", "[resample, normalize]"),
                                          ('"resample, normalize"', "t.json", '["resample", "normalize"]')])
def test_ops_given_as_one_text_suggests_a_list(ops: str, path: str, fix: str) -> None:
    if path.endswith(".json"):
        text = json.dumps({"pipeline": "t", "stages": [
            {"name": "a", "kind": "input", "modality": "CT", "form": "image3d"},
            {"name": "p", "kind": "preprocessing", "from": ["a"], "ops": "OPS"},
            {"name": "m", "kind": "model", "architecture": "CNN", "from": ["p"]},
            {"name": "y", "kind": "output", "task": "classification", "from": ["m"]}]}).replace('"OPS"', ops)
    else:
        text = GOOD_YAML.replace("  - {name: m, kind: model, architecture: CNN, from: [a]}\n",
                                 f"  - name: p\n    kind: preprocessing\n    from: [a]\n    ops: {ops}\n"
                                 "  - {name: m, kind: model, architecture: CNN, from: [p]}\n")
    with pytest.raises(InputError) as info:
        load_text(text, path)
    (d,) = info.value.diagnostics
    assert d.code == "PS102" and "ops is a list" in d.message and d.fix is not None and fix in d.fix
    assert "quote" not in d.fix


def test_a_single_operation_as_a_text_is_still_one_operation() -> None:
    text = GOOD_YAML.replace("{name: m, kind: model, architecture: CNN, from: [a]}",
                             "{name: p, kind: preprocessing, ops: bias field correction, from: [a]}\n"
                             "  - {name: m, kind: model, architecture: CNN, from: [p]}")
    assert [op.name for op in load_text(text, "t.yaml").stage("p").ops] == ["bias_field_correction"]


def test_an_unknown_yaml_operation_is_not_told_to_quote() -> None:
    text = GOOD_YAML.replace("{name: m, kind: model, architecture: CNN, from: [a]}",
                             "{name: p, kind: preprocessing, ops: [resampel], from: [a]}\n"
                             "  - {name: m, kind: model, architecture: CNN, from: [p]}")
    with pytest.raises(InputError) as info:
        load_text(text, "t.yaml")
    (d,) = info.value.diagnostics
    assert d.code == "PS104" and "did you mean 'resample'" in d.message
    assert d.fix is not None and "quote" not in d.fix and "custom: true" in d.fix


def test_yaml_object_tags_are_rejected() -> None:
    code, line, column, msg = error_of("pipeline: !!python/object:os.system x\nstages: []\n", "yaml", "t.yaml")
    assert (code, line) == ("PS101", 1) and "tag" in msg


def test_yaml_syntax_error_is_located() -> None:
    code, line, _, _ = error_of("pipeline: t\nstages:\n  - name: [a\n", "yaml", "t.yaml")
    assert code == "PS101" and line >= 3


def test_schema_file_documents_every_property() -> None:
    schema = json.loads((ROOT / "schema" / "pipeline.schema.json").read_text())
    assert schema["$id"] and schema["$schema"].endswith("2020-12/schema")
    missing = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if not (isinstance(sub, dict) and sub.get("title") and sub.get("description")):
                    missing.append(f"{where}/{key}")
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    walk(schema, "")
    assert not missing, missing


def test_schema_matches_the_attribute_table() -> None:
    """schema/pipeline.schema.json is generated from pipespec/language/attributes.py: keep them in step."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_schema.py")], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT)})
    assert json.loads(out.stdout) == json.loads((ROOT / "schema" / "pipeline.schema.json").read_text())


def test_methods_section_phrasings_parse() -> None:
    """Constructs found in published methods sections (independent review)."""
    p = load_text(pipe("input us: breast ultrasound image2d\ninput masks: expert mask { mode: manual }\n"
                       "preprocessing p: resample(spacing: [0.8, 0.8, 2.5]), segmentation(manual)\n"
                       'feature_extraction f: "in-house" { feature_classes: [wavelet-LLH, log-sigma-3, glcm] }\n'
                       "model m: SimCLR { backbone: ResNet-50, batch_size: 32, learning_rate: 0.0001 }\n"
                       "output y: classification\nflow us -> p -> f -> m -> y\nflow masks -> f"), "t.pipe")
    assert p.stage("us").get("modality") == "breast ultrasound"
    assert p.stage("masks").get("form") == "mask" and p.stage("masks").get("mode") == "manual"
    assert p.stage("p").ops[0].param("spacing") == (0.8, 0.8, 2.5)
    assert p.stage("p").ops[1].param("mode") == "manual" and p.stage("p").ops[1].args == ()
    assert p.stage("f").get("feature_classes") == ("wavelet", "log", "glcm")
    assert p.stage("m").get("backbone") == "ResNet-50"
    assert load_text(writer.to_yaml(p), "x.yaml") == p == load_text(writer.format_dsl(p), "x.pipe")


def test_architecture_in_head_and_block_suggests_backbone() -> None:
    with pytest.raises(InputError) as info:
        load_text(pipe("input a: CT image3d\nmodel m: SimCLR { architecture: ResNet-50 }\n"
                       "output y: classification\nflow a -> m -> y"), "t.pipe")
    assert "backbone" in (info.value.diagnostics[0].fix or "")


# ------------------------------------------------------------------ regressions from the code review
def test_exponent_numbers_are_numbers() -> None:
    p = load_text(pipe("input a: CT image3d\nmodel m: CNN { learning_rate: 1e-4 }\noutput y: classification\n"
                       "flow a -> m -> y"), "t.pipe")
    assert p.stage("m").get("learning_rate") == 0.0001


def test_json_numbers_and_booleans_survive_the_dsl() -> None:
    doc = {"pipeline": "t", "study": {"peer_reviewed": True},
           "stages": [{"name": "a", "kind": "input", "form": "image3d"},
                      {"name": "p", "kind": "preprocessing", "from": ["a"],
                       "ops": [{"op": "resample", "args": [True, 0.00001], "spacing": [0.5, False]}]},
                      {"name": "m", "kind": "model", "architecture": "CNN", "learning_rate": 0.00001, "from": ["p"]},
                      {"name": "y", "kind": "output", "from": ["m"]}]}
    p = load_text(json.dumps(doc), "t.json", "json")
    back = load_text(writer.format_dsl(p), "t.pipe")
    assert back == p == load_text(writer.to_json(back), "t.json")
    assert p.stage("p").ops[0].args == ("yes", 0.00001) and dict(p.study)["peer_reviewed"] == "yes"


def test_keys_that_the_dsl_cannot_write_are_rejected() -> None:
    text = ("pipeline: t\nstudy: {first author: Smith}\nstages:\n  - {name: a, kind: input, form: image3d}\n"
            "  - {name: p, kind: preprocessing, from: [a], ops: [{op: resample, voxel size: 1}]}\n")
    with pytest.raises(InputError) as info:
        load_text(text, "t.yaml", "yaml")
    assert sorted(d.code for d in info.value.diagnostics) == ["PS102", "PS102"]


@pytest.mark.parametrize("text,fmt", [('{"pipeline": "a\\ud800", "stages": []}', "json"),
                                      ('pipeline "a\\ud800" {\n}\n', "dsl")])
def test_lone_surrogates_are_located_errors(text: str, fmt: str) -> None:
    with pytest.raises(InputError) as info:
        load_text(text, "t", fmt)
    assert info.value.diagnostics[0].code in ("PS110", "PS100")


def test_raw_lone_surrogate_text_is_a_read_error() -> None:
    from pipespec.checker import check_text

    r = check_text("pipeline: t\u0000".replace("\u0000", "\ud800") + "\nstages: []\n", "t.yaml", "yaml")
    assert r.errors and r.errors[0].code == "PS100"


def test_duplicate_json_keys_are_rejected() -> None:
    with pytest.raises(InputError) as info:
        load_text('{"pipeline": "A",\n "pipeline": "B", "stages": []}', "t.json", "json")
    d = info.value.diagnostics[0]
    assert d.code == "PS101" and "duplicate" in d.message and (d.span.line, d.span.column) == (2, 2)


def test_unexpected_special_character_suggests_quoting() -> None:
    with pytest.raises(InputError) as info:
        load_text(pipe("input v: US video\nmodel m: R(2+1)D\noutput y: classification\nflow v -> m -> y"), "t.pipe")
    d = info.value.diagnostics[0]
    assert (d.code, d.span.line, d.span.column) == ("PS101", 3, 15) and "quotes" in (d.fix or "")
