"""Positions between pipespec (lines at \\n, code-point columns) and an editor (LSP lines, negotiated units)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipespec.cli.lsp.features import Analysis, completions, is_pipeline_document
from pipespec.cli.lsp.text import Position, Text


def test_characters_outside_the_bmp_count_two_utf16_units_one_utf32_four_utf8() -> None:
    text = 'title "\U0001f600" x\nnext'
    at_x = text.index("x")
    assert Text(text).position(at_x) == Position(0, 11)
    assert Text(text, "utf-32").position(at_x) == Position(0, 10)
    assert Text(text, "utf-8").position(at_x) == Position(0, 13)
    assert Text(text).offset(Position(0, 11)) == at_x


def test_editor_lines_break_at_cr_crlf_and_lf_pipespec_lines_at_lf_only() -> None:
    text = "a\rb\r\nc\nd"
    t = Text(text)
    assert t.position(text.index("b")) == Position(1, 0)
    assert t.position(text.index("c")) == Position(2, 0)
    assert t.line_column(text.index("c")) == (2, 1)  # pipespec: "a\rb\r" is its first line
    assert t.offset_of(2, 1) == text.index("c")


@given(st.text(alphabet="ab \U0001f600\u00e9\n\r", max_size=40), st.sampled_from(["utf-16", "utf-8", "utf-32"]))
def test_offsets_round_trip_through_editor_positions(text: str, encoding: str) -> None:
    t = Text(text, encoding)
    for offset in range(len(text) + 1):
        if offset and text[offset - 1] == "\r" and text[offset:offset + 1] == "\n":
            continue  # inside a CRLF break: no editor position stands there
        assert t.offset(t.position(offset)) == offset


def test_only_pipeline_documents_are_served() -> None:
    assert is_pipeline_document("a.pipe", "")
    assert is_pipeline_document("a.pipe.yaml", "x: 1")
    assert is_pipeline_document("study.yaml", "pipeline: p\nstages: []\n")
    assert not is_pipeline_document(".pre-commit-hooks.yaml", "- id: pipespec\n  name: x\n")
    assert not is_pipeline_document("docker-compose.yml", "services:\n  web: {}\n")
    assert is_pipeline_document("p.json", '{"pipeline": "p", "stages": []}')
    assert not is_pipeline_document("package.json", '{"name": "x", "pipeline": 1}')


def test_completion_after_waive_and_assess_offers_codes_and_items() -> None:
    text = 'pipeline "p" {\n  input ct: CT image3d\n  waive \n  assess \n}\n'
    a = Analysis(text, "p.pipe", "dsl")
    waive = {c.label for c in completions(a, text.index("waive ") + 6)}
    assert {"C501", "C503", "W101"} <= waive
    items = {c.label for c in completions(a, text.index("assess ") + 7)}
    assert {"item1", "item17", "item30"} <= items
