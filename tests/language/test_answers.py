"""Writing one answer into a spec's text (the page's answer buttons and CSV import): only that answer's characters
change, in the DSL, YAML and JSON, and the text reads back with exactly that answer changed."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipespec.language import load_source, load_with_comments, source_from_text, writer
from pipespec.language.answers import ASSESS, DECLARE, AnswerError, Entry, answer_edits, set_answer

ROOT = Path(__file__).resolve().parents[2]
ASSESSED = (ROOT / "examples" / "assessed-radiomics.pipe").read_text(encoding="utf-8")
UNASSESSED = (ROOT / "examples" / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")


def _as(text: str, fmt: str) -> str:
    pipeline, comments = load_with_comments(source_from_text(text, "<t>", "dsl"))
    return text if fmt == "dsl" else writer.write(pipeline, fmt, comments)


def _answers(text: str, fmt: str) -> dict[int, tuple[str, str | None]]:
    p = load_source(source_from_text(text, "<t>", fmt))
    return {a.item: (a.answer, a.note) for a in p.assessment}


def _changed_lines(a: str, b: str) -> list[str]:
    return [line for line in difflib.ndiff(a.splitlines(), b.splitlines()) if line[:1] in "+-"]


TEXTS = [(src, fmt) for src in (ASSESSED, UNASSESSED) for fmt in ("dsl", "yaml", "json")]


@pytest.mark.parametrize("src,fmt", TEXTS)
def test_a_new_answer_is_one_line_added_and_removing_it_gives_the_text_back(src: str, fmt: str) -> None:
    text = _as(src, fmt)
    if len(_answers(text, fmt)) == 30:  # every item answered: one taken out first
        text = set_answer(text, fmt, Entry(ASSESS, 17, None))
    free = next(n for n in range(1, 31) if n not in _answers(text, fmt))
    out = set_answer(text, fmt, Entry(ASSESS, free, "yes"))
    assert _answers(out, fmt) == {**_answers(text, fmt), free: ("yes", None)}
    added = _changed_lines(text, out)
    # a new entry is one line; into an empty JSON document without assess it also brings its block (and a comma)
    assert all(line.startswith("+") or line.rstrip(",") == line for line in added)
    assert sum(1 for line in added if f"item{free}" in line) == 1
    back = set_answer(out, fmt, Entry(ASSESS, free, None))
    assert back == text


@pytest.mark.parametrize("fmt", ["dsl", "yaml", "json"])
def test_changing_an_answer_changes_its_characters_only(fmt: str) -> None:
    text = _as(ASSESSED, fmt)
    before = _answers(text, fmt)
    assert before[14][0] == "yes"
    out = set_answer(text, fmt, Entry(ASSESS, 14, "no"))
    assert _answers(out, fmt) == {**before, 14: ("no", before[14][1])}  # the note kept
    assert len(out) == len(text) - 1  # yes -> no
    # the one difference is that word: the texts agree up to it and from after it
    at = next(i for i, (x, y) in enumerate(zip(text, out)) if x != y)
    assert text[at:].replace("yes", "no", 1) == out[at:] or text[at - 1:].replace("yes", "no", 1) == out[at - 1:]


def test_a_note_is_set_changed_and_removed_in_place() -> None:
    text = "pipeline \"t\" {\n  input a: CT image3d  # the scan\n  assess item3 = yes\n}\n"
    noted = set_answer(text, "dsl", Entry(ASSESS, 3, "yes", 'the "gold" standard'))
    assert noted == text.replace("item3 = yes", 'item3 = yes "the \\"gold\\" standard"')
    assert _answers(noted, "dsl")[3] == ("yes", 'the "gold" standard')
    assert set_answer(noted, "dsl", Entry(ASSESS, 3, "no")) == noted.replace("= yes", "= no")  # note kept
    assert set_answer(noted, "dsl", Entry(ASSESS, 3, "yes", "")) == text


def test_comments_layout_and_line_endings_stay() -> None:
    text = ("# head comment\r\npipeline \"t\" {\r\n    input a: CT image3d   # odd indent kept\r\n"
            "    assess item1 = yes  # why\r\n}\r\n# tail\r\n")
    out = set_answer(text, "dsl", Entry(ASSESS, 2, "no"))
    assert out == text.replace("# why\r\n", "# why\r\n    assess item2 = no\r\n")
    assert set_answer(out, "dsl", Entry(ASSESS, 1, None)) == out.replace("    assess item1 = yes  # why\r\n", "")


def test_the_first_answer_of_a_dsl_pipeline_goes_before_its_closing_brace() -> None:
    text = 'pipeline "t" {\n  input a: CT image3d\n  study { doi: "x}" }  # a } in a comment\n}\n'
    out = set_answer(text, "dsl", Entry(ASSESS, 5, "yes"))
    assert out == text.replace("\n}\n", "\n  assess item5 = yes\n}\n")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_declare_lines_are_written_like_answers(fmt: str) -> None:
    text = _as(UNASSESSED, fmt)
    out = set_answer(text, fmt, Entry(DECLARE, 4, "no"))
    p = load_source(source_from_text(out, "<t>", fmt))
    assert p.declared(4) is not None and p.declared(4).value == "no"  # type: ignore[union-attr]
    changed = _changed_lines(text, out)
    assert [line for line in changed if "condition4" in line] == [changed[-1]]
    assert len(changed) == (3 if fmt == "json" else 1)  # JSON: a comma after the entry before it


def test_yaml_flow_mappings_and_block_values() -> None:
    text = "pipeline: t\nstages:\n- {name: a, kind: input, modality: CT, form: image3d}\nassess: {item1: yes, Item#2: no}\n"
    assert set_answer(text, "yaml", Entry(ASSESS, 3, "yes")).endswith("assess: {item1: yes, Item#2: no, item3: yes}\n")
    assert set_answer(text, "yaml", Entry(ASSESS, 2, "yes")).endswith("assess: {item1: yes, Item#2: yes}\n")
    assert set_answer(text, "yaml", Entry(ASSESS, 1, None)).endswith("assess: {Item#2: no}\n")
    only = set_answer(set_answer(text, "yaml", Entry(ASSESS, 1, None)), "yaml", Entry(ASSESS, 2, None))
    assert "assess" not in only and _answers(only, "yaml") == {}
    block = ("pipeline: t\nstages:\n- {name: a, kind: input, modality: CT, form: image3d}\nassess:\n"
             "  item1:\n    answer: yes\n    note: where\n  item2: no\n")
    out = set_answer(block, "yaml", Entry(ASSESS, 1, "yes", ""))
    assert out.endswith("assess:\n  item1: yes\n  item2: no\n")


def test_bad_requests_are_answer_errors() -> None:
    with pytest.raises(AnswerError):
        answer_edits(UNASSESSED, "dsl", Entry(ASSESS, 31, "yes"))
    with pytest.raises(AnswerError):
        answer_edits(UNASSESSED, "dsl", Entry(DECLARE, 2, "n/a"))
    with pytest.raises(AnswerError):
        answer_edits(UNASSESSED, "dsl", Entry(ASSESS, 2, "maybe"))


@settings(max_examples=40, deadline=None)
@given(fmt=st.sampled_from(["dsl", "yaml", "json"]), src=st.sampled_from([ASSESSED, UNASSESSED]),
       steps=st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["yes", "no", None]),
                                st.sampled_from([None, "", "Methods 2.4", 'a "quoted" note'])), max_size=6))
def test_any_sequence_of_answers_reads_back_as_given(fmt: str, src: str,
                                                     steps: list[tuple[int, str | None, str | None]]) -> None:
    text = _as(src, fmt)
    want = _answers(text, fmt)
    for number, answer, note in steps:
        text = set_answer(text, fmt, Entry(ASSESS, number, answer, note))
        if answer is None:
            want.pop(number, None)
        else:
            kept = want.get(number, (None, None))[1]
            want[number] = (answer, kept if note is None else (note or None))
        assert _answers(text, fmt) == want


def test_yaml_answers_are_quoted_as_their_neighbours_are() -> None:
    head = "pipeline: t\nstages:\n- {name: a, kind: input, modality: CT, form: image3d}\n"
    quoted = head + 'declare:\n  condition1: "no"\n'
    assert set_answer(quoted, "yaml", Entry(ASSESS, 3, "yes")) == quoted + 'assess:\n  item3: "yes"\n'
    plain = head + "declare:\n  condition1: no\n"
    assert set_answer(plain, "yaml", Entry(ASSESS, 3, "yes")) == plain + "assess:\n  item3: yes\n"
    single = head + "assess:\n  item1: 'yes'\n"
    assert set_answer(single, "yaml", Entry(ASSESS, 1, "no")) == head + "assess:\n  item1: 'no'\n"


def test_a_new_json_block_is_laid_out_as_the_document_is() -> None:
    text = _as(UNASSESSED, "json")
    out = set_answer(set_answer(text, "json", Entry(ASSESS, 1, "yes")), "json", Entry(ASSESS, 2, "no"))
    assert out.endswith('  },\n  "assess": {\n    "item1": "yes",\n    "item2": "no"\n  }\n}\n')
    compact = '{"pipeline": "t", "stages": [{"name": "a", "kind": "input", "modality": "CT", "form": "image3d"}]}'
    assert set_answer(compact, "json", Entry(ASSESS, 1, "yes")).endswith(', "assess": {"item1": "yes"}}')
