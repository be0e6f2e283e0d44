"""fmt and convert keep what the author wrote: every name and value as spelled, numbers as written, and every
comment on the statement, stage or attribute line it was written on (pipespec.language.comments)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipespec
from pipespec import strategies as ps
from pipespec.language import load_text, load_with_comments, source_from_text
from pipespec.language.build import build
from pipespec.language.comments import Comments, Key
from pipespec.language.lexicon import number_text, spelled
from pipespec.language.writer import dsl_owners, format_dsl, to_document, to_json, to_yaml, write, yaml_owners
from pipespec.model import Pipeline
from pipespec.vocab import OPS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".pipe", ".yaml", ".json"))
FORMAT = {".pipe": "dsl", ".yaml": "yaml", ".json": "json"}


def loaded(text: str, fmt: str) -> tuple[Pipeline, Comments]:
    return load_with_comments(source_from_text(text, f"x.{ {'dsl': 'pipe'}.get(fmt, fmt)}", fmt))


def fmt(text: str, form: str = "dsl") -> str:
    """What `pipespec fmt` prints for a file in ``form``."""
    p, c = loaded(text, form)
    return write(p, form, c)


def convert(text: str, source: str, target: str) -> str:
    p, c = loaded(text, source)
    return write(p, target, c)


# ------------------------------------------------------------------ the author's spelling (regressions)
CASE = '''pipeline "  Radiomics of the knee  " {
  study { id: 00123, version: 2024.10 }
  input mri: MR image3d
  feature_extraction rad: handcrafted PyRadiomics { feature_classes: [wavelet-LLH, firstorder] }
  model net: ResNet-50 { training: transfer learning, learning_rate: 0.00010 }
  model clf: logistic regression
  output y: classification
  flow mri -> rad -> clf -> y
  flow mri -> net -> y
}
'''


def test_fmt_keeps_every_spelling_of_the_regression_case() -> None:
    out = fmt(CASE)
    for written in ('"  Radiomics of the knee  "', "id: 00123", "version: 2024.10", ": MR image3d",
                    "[wavelet-LLH, firstorder]", '"transfer learning"', "learning_rate: 0.00010"):
        assert written in out, written
    assert "MRI" not in out and "fine_tuned" not in out and "2024.1 " not in out
    assert fmt(out) == out


def test_the_model_holds_the_canonical_meaning_beside_the_spelling() -> None:
    p = load_text(CASE, "x.pipe")
    assert p.title == "Radiomics of the knee"
    assert p.stage("mri").get("modality") == "MRI"
    assert p.stage("net").get("training") == "fine_tuned"
    assert p.stage("rad").get("feature_classes") == ("wavelet", "first_order")
    assert dict(p.study) == {"id": 123, "version": 2024.1}
    assert dict(p.stage("net").spelling) == {"training": "transfer learning"}
    assert dict(p.stage("mri").spelling) == {"modality": "MR"}
    # rules decide on the canonical values: the respelled text and the canonical one have the same verdicts
    canonical = (CASE.replace("MR image3d", "MRI image3d").replace("wavelet-LLH", "wavelet")
                 .replace("transfer learning", "fine_tuned").replace("00123", "123"))
    assert load_text(canonical, "x.pipe") == p
    assert _verdicts(CASE, "dsl") == _verdicts(canonical, "dsl")


def _verdicts(text: str, form: str) -> tuple[dict[int, str], list[str]]:
    """The verdicts of the five conditions and the codes of the findings."""
    report = pipespec.check(pipespec.load(text, format=form))
    return {n: v.verdict for n, v in report.conditions.items()}, sorted(f.code for f in report.findings)


@pytest.mark.parametrize("target", ["yaml", "json"])
def test_spellings_survive_conversion_and_back(target: str) -> None:
    there = convert(CASE, "dsl", target)
    assert "MR" in there and "wavelet-LLH" in there and "transfer learning" in there and "2024.10" in there
    assert "  Radiomics of the knee  " in there
    back = convert(there, target, "dsl")
    assert load_text(back, "x.pipe") == load_text(CASE, "x.pipe")
    expected = fmt(CASE)
    # 00123 is not a JSON number: JSON writes the value, 123; YAML keeps it where pipespec's YAML reader reads it
    # back as the same number
    if target == "json" or "id: 00123" not in there:
        expected = expected.replace("id: 00123", "id: 123")
    assert back == expected


def test_numbers_keep_their_text_in_every_front_end() -> None:
    for text, form in (('{"pipeline": "t", "study": {"v": 2024.10, "n": 1.50e3}, "stages": []}', "json"),
                       ("pipeline: t\nstudy:\n  v: 2024.10\n  n: 0.50\nstages: []\n", "yaml"),
                       ('pipeline "t" {\n  study { v: 2024.10, n: 007 }\n}\n', "dsl")):
        p = load_text(text, f"x.{ {'dsl': 'pipe'}.get(form, form)}", form)
        study = dict(p.study)
        assert study["v"] == 2024.1 and number_text(study["v"]) == "2024.10"
        assert "2024.10" in write(p, form)


def test_numbers_json_or_the_dsl_cannot_spell_are_written_as_their_value() -> None:
    p = load_text('pipeline "t" {\n  study { n: 00123, f: 1e-4 }\n}\n', "x.pipe")
    out = to_json(p)
    assert '"n": 123' in out and '"f": 1e-4' in out
    q = load_text("pipeline: t\nstudy: {n: +5, f: .5}\nstages: []\n", "x.yaml")
    assert "n: 5" in format_dsl(q) and "f: 0.5" in format_dsl(q)


def test_statement_spellings_are_kept() -> None:
    text = ('pipeline "t" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n'
            '  flow a -> m -> y\n  declare c5 = Yes\n  expect condition5 = YES\n  waive c501 "because"\n'
            '  assess Item7 = Yes "note"\n}\n')
    out = fmt(text)
    for written in ("declare c5 = Yes", "expect condition5 = YES", "waive c501", "assess Item7 = Yes"):
        assert written in out
    p = load_text(text, "x.pipe")
    assert p.declarations[0].value == "yes" and p.waivers[0].code == "C501" and p.assessment[0].item == 7
    assert convert(convert(text, "dsl", "yaml"), "yaml", "dsl") == out


def test_operations_keep_their_spelling() -> None:
    text = ('pipeline "t" {\n  input a: CT image3d\n  preprocessing s: z-score, LASSO, segmentation(manual), '
            'random forest importance(top: 10)\n  model m: logistic regression\n  output y: classification\n'
            '  flow a -> s -> m -> y\n}\n')
    out = fmt(text)
    assert "s: z-score, LASSO, segmentation(manual), random forest importance(top: 10)" in out
    p = load_text(text, "x.pipe")
    assert [o.name for o in p.stage("s").ops] == ["normalize", "select", "segmentation", "select"]
    assert convert(convert(text, "dsl", "yaml"), "yaml", "dsl") == out
    assert convert(convert(text, "dsl", "json"), "json", "dsl") == out


# ------------------------------------------------------------------ comments keep their place (regressions)
COMMENTED = '''# header
pipeline "t" {  # on the title
  study { doi: "10.1/x" }  # the paper
  # about the scan
  input ct: CT image3d  # venous phase
  model net: CNN {
    task: classification  # inside the block
    epochs: 20
  }
  output y: classification
  # the main path
  flow ct -> net
  flow net -> y  # into the output
  declare condition5 = yes  # our answer
  waive W201 "reviewed"  # waived
  # at the end
}
'''


def test_comments_inside_a_block_stay_on_their_attribute() -> None:
    out = fmt(COMMENTED)
    assert "      task: classification  # inside the block\n" in out
    assert out.index("# inside the block") > out.index("model  net")


def test_every_comment_keeps_its_owner_through_fmt() -> None:
    p, c = loaded(COMMENTED, "dsl")
    assert c.owner_of() == {
        "# header": [("title",)], "# on the title": [("title",)], "# the paper": [("study",)],
        "# about the scan": [("stage", "ct")], "# venous phase": [("stage", "ct")],
        "# inside the block": [("stage", "net", "task")], "# the main path": [("stage", "net", "from", "ct")],
        "# into the output": [("stage", "y", "from", "net")], "# our answer": [("declare", 5)],
        "# waived": [("waive", 0)], "# at the end": [("end",)]}
    assert loaded(fmt(COMMENTED), "dsl")[1].owner_of() == c.owner_of()


@pytest.mark.parametrize("target", ["yaml"])
def test_convert_carries_comments_to_yaml_and_back(target: str) -> None:
    there = convert(COMMENTED, "dsl", target)
    assert "task: classification  # inside the block" in there
    assert "- ct  # " not in there and "      # the main path\n      - ct" in there
    assert loaded(there, target)[1].owner_of() == loaded(COMMENTED, "dsl")[1].owner_of()
    assert convert(there, target, "dsl") == fmt(COMMENTED)
    assert fmt(there, "yaml") == there


def test_comments_after_the_closing_brace_end_a_yaml_file_after_a_blank_line() -> None:
    text = 'pipeline "t" {\n  input a: CT image3d\n  # the end\n}\n# after the brace\n'
    there = convert(text, "dsl", "yaml")
    assert there.endswith("  form: image3d\n# the end\n\n# after the brace\n")
    assert convert(there, "yaml", "dsl") == fmt(text) == "pipeline \"t\" {\n  input a: CT image3d\n  # the end\n}\n" \
        "# after the brace\n"


def test_yaml_comments_are_read_outside_scalars() -> None:
    text = ("# header\npipeline: 'Study #2'  # title\nstudy:\n  guidance: \"Condition #5\"\n  note: a#b  #c\n"
            "stages:\n- name: a  # the scan\n  kind: input\n  modality: CT\n  form: image3d\n  description: |\n"
            "    # not a comment\n    text\n")
    p, c = loaded(text, "yaml")
    assert c.owner_of() == {"# header": [("title",)], "# title": [("title",)], "# the scan": [("stage", "a")],
                            "#c": [("study", "note")]}
    assert dict(p.study)["note"] == "a#b" and p.title == "Study #2"
    assert p.stage("a").get("description") == "# not a comment\ntext\n"
    assert fmt(fmt(text, "yaml"), "yaml") == fmt(text, "yaml")


def test_comments_with_line_separators_do_not_break_yaml() -> None:
    text = 'pipeline "t" {\n  input a: CT image3d  # one\u2028two\n}\n'
    there = convert(text, "dsl", "yaml")
    assert "# one two" in there and loaded(there, "yaml")[0] == load_text(text, "x.pipe")


def test_json_has_no_comments() -> None:
    p, c = loaded(COMMENTED, "dsl")
    assert c.count() == 11
    assert "#" not in to_json(p).replace('"#', "")


# ------------------------------------------------------------------ properties
WORDS = st.text(alphabet=st.sampled_from("abcdefghij XYZ-#:{}[]\"',"), min_size=0, max_size=12)


@st.composite
def commented(draw: Any, text: str) -> str:
    """``text`` with whole-line comments between its lines, trailing comments after code and comments after
    the closing brace."""
    lines = text.rstrip("\n").split("\n")
    lines += [f"# b{i} {draw(WORDS)}".rstrip() for i in range(draw(st.integers(0, 2)))]
    out: list[str] = []
    k = 0
    for i, line in enumerate(lines):
        if i and draw(st.integers(0, 4)) == 0:
            k += 1
            out.append(f"  # c{k} {draw(WORDS)}".rstrip())
        if line.strip() not in ("}", "") and not line.startswith("#") and draw(st.integers(0, 3)) == 0:
            k += 1
            line += f"  # t{k} {draw(WORDS)}".rstrip()
        out.append(line)
    return "\n".join(out) + "\n"


@st.composite
def respelled(draw: Any, p: Pipeline) -> Pipeline:
    """``p`` with its enum values written otherwise (case and separators changed: MR-style respellings that
    read back as the same canonical value), numbers with zeros the value does not need, and a spaced title."""
    from pipespec.language.attributes import ATTRIBUTES

    doc = to_document(p)
    for s in doc["stages"]:
        for key, value in list(s.items()):
            spec = ATTRIBUTES.get(s["kind"], {}).get(key)
            if spec is None or spec.enum is None or not isinstance(value, str) or not draw(st.booleans()):
                continue
            variant = draw(st.sampled_from([value.upper(), value.capitalize(), value.replace("_", "-"),
                                            value.replace("_", " ").title()]))
            if variant.lower().replace("-", "").replace(" ", "") not in ("yes", "no", "true", "false"):
                s[key] = variant
        ops = s.get("ops")
        if isinstance(ops, list) and draw(st.booleans()):  # an operation by another of its names
            s["ops"] = [draw(st.sampled_from([op, *OPS[op][1]])) if isinstance(op, str) and op in OPS else op
                        for op in ops]
    for block in ("declare", "expect"):
        if doc.get(block) and draw(st.booleans()):
            doc[block] = {draw(st.sampled_from([k, "c" + k[-1], "cond" + k[-1]])): draw(st.sampled_from(
                [v, v.capitalize(), v.upper(), {"yes": "y", "no": "off"}.get(v, v)])) for k, v in doc[block].items()}
    if draw(st.booleans()):
        doc["pipeline"] = f"  {doc['pipeline']} "
    doc["study"] = {**doc.get("study", {}), "n": spelled(123, "0123") if draw(st.booleans()) else 7,
                    "v": spelled(2024.1, "2024.10")}
    return build(doc, {})


PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(st.data())
def test_fmt_is_idempotent_and_keeps_every_comment_and_its_owner(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines().flatmap(respelled))
    for form in ("dsl", "yaml", "json"):  # every writer says the respelled pipeline exactly
        assert loaded(write(p, form), form)[0] == p
    text = data.draw(commented(format_dsl(p)))
    source, c = loaded(text, "dsl")
    once = fmt(text)
    assert fmt(once) == once
    after = loaded(once, "dsl")[1]
    assert Counter(after.texts()) == Counter(c.texts())
    assert _owners(after) == _owners(c.fold(dsl_owners(source)))


@PROPERTY
@given(st.data())
def test_dsl_to_yaml_to_dsl_keeps_comments_and_spellings(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines().flatmap(respelled))
    text = data.draw(commented(format_dsl(p)))
    yaml_text = convert(text, "dsl", "yaml")
    assert _owners(loaded(yaml_text, "yaml")[1]) == _owners(loaded(text, "dsl")[1].fold(yaml_owners(p)))
    back = convert(yaml_text, "yaml", "dsl")
    q, c = loaded(back, "dsl")
    source, comments = loaded(text, "dsl")
    assert q == p == source and q.spelling == source.spelling
    assert [(s.spelling, [o.spelling for o in s.ops]) for s in q.stages] == \
        [(s.spelling, [o.spelling for o in s.ops]) for s in source.stages]
    assert _owners(c) == _owners(comments)
    # what only the YAML form cannot say (`declare cond5 = y`: the schema's names) comes back canonical
    if not any(st.spelling for st in (*p.declarations, *p.expectations)):
        assert back == fmt(text) or back == fmt(text).replace("n: 0123", "n: 123")  # 0123: octal to YAML 1.1
    assert fmt(yaml_text, "yaml") == yaml_text


@PROPERTY
@given(st.data())
def test_fmt_of_a_commented_yaml_file_is_idempotent_and_keeps_every_comment(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines().flatmap(respelled))
    text = data.draw(commented(to_yaml(p)))  # a comment after any line, between any two
    once = fmt(text, "yaml")
    assert fmt(once, "yaml") == once
    assert Counter(loaded(once, "yaml")[1].texts()) == Counter(loaded(text, "yaml")[1].texts())
    assert loaded(once, "yaml")[0] == p


@PROPERTY
@given(st.data())
def test_fmt_never_changes_verdicts(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines().flatmap(respelled))
    text = data.draw(commented(format_dsl(p)))
    for form, source in (("dsl", text), ("yaml", convert(text, "dsl", "yaml")), ("json", to_json(p))):
        assert _verdicts(fmt(source, form), form) == _verdicts(source, form) == _verdicts(format_dsl(p), "dsl")


def _owners(c: Comments) -> Counter[tuple[str, Key]]:
    return Counter((text, key) for text, keys in c.owner_of().items() for key in keys)


# ------------------------------------------------------------------ the shipped examples
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_is_canonical_and_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    form = FORMAT[path.suffix]
    assert fmt(text, form) == text  # the shipped files are in canonical layout
    p, c = loaded(text, form)
    for target in ("dsl", "yaml", "json"):
        there = write(p, target, c)
        q, d = loaded(there, target)
        assert q == p
        if target != "json":
            assert Counter(d.texts()) == Counter(c.texts())
            assert write(q, form, d) == text


def test_a_yaml_or_json_files_schema_reference_and_an_empty_stage_list_are_kept() -> None:
    text = "---\npipeline: t\n$schema: ../schema/pipeline.schema.json  # for the editor\nstages: []\n"
    assert fmt(text, "yaml") == text
    json_text = convert(text, "yaml", "json")
    assert json_text.startswith('{\n  "$schema": "../schema/pipeline.schema.json",\n  "pipeline": "t"')
    assert fmt(json_text, "json") == json_text
    assert convert(text, "yaml", "dsl") == 'pipeline "t" {\n  # for the editor\n}\n'


def _many(n: int) -> str:
    """A DSL file of ``n`` commented branches (a comment on every line and between lines)."""
    lines = ['pipeline "t" {  # title']
    for i in range(n):
        lines += [f"  # branch {i}", f"  input a{i}: MR image3d  # scan #{i}",
                  f"  model m{i}: CNN {{ training: transfer learning, epochs: {i % 9 + 10}.50 }}  # net {i}",
                  f"  output y{i}: classification", f"  flow a{i} -> m{i} -> y{i}  # path {i}"]
    return "\n".join(lines + ["}"]) + "\n"


def test_fmt_and_convert_take_linear_time_in_the_comments() -> None:
    import gc
    import time

    def seconds(n: int) -> float:
        text = _many(n)
        gc.collect()
        gc.disable()  # the collector's passes grow with everything the test session holds, not with this input
        try:
            start = time.process_time()  # (this process's CPU: other work on a shared machine does not count)
            yaml_text = convert(text, "dsl", "yaml")
            assert fmt(yaml_text, "yaml") == yaml_text and convert(yaml_text, "yaml", "dsl") == fmt(text)
            return time.process_time() - start
        finally:
            gc.enable()

    seconds(20)  # warm up
    t1, t2 = min(seconds(300) for _ in range(3)), min(seconds(600) for _ in range(3))  # the least noisy of three
    assert t2 / t1 <= 3 and t2 < 30, (t1, t2)  # linear doubles; quadratic would quadruple
