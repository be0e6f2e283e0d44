"""Fixes as data: edits change only the characters they replace, whatever the line endings and characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec.edits import UNSAFE, Edit, EditConflict, Fix, apply_edits, apply_fixes


def test_an_edit_replaces_only_its_range_and_keeps_crlf_and_comments() -> None:
    text = "model clf: SMV  # the classifier\r\nflow a -> clf\r\n"
    fixed = apply_edits(text, [Edit(1, 12, 1, 15, "SVM")])
    assert fixed == "model clf: SVM  # the classifier\r\nflow a -> clf\r\n"


def test_columns_count_code_points_outside_the_basic_plane() -> None:
    text = 'title "\U0001f600 x" nett\n'
    assert apply_edits(text, [Edit(1, 13, 1, 17, "net")]) == 'title "\U0001f600 x" net\n'


def test_edits_apply_in_any_order_and_an_insertion_at_the_end_of_a_line() -> None:
    text = "ab\ncd"
    assert apply_edits(text, [Edit(2, 3, 2, 3, "!"), Edit(1, 1, 1, 2, "A")]) == "Ab\ncd!"


def test_overlapping_edits_and_positions_outside_the_text_are_refused() -> None:
    with pytest.raises(EditConflict):
        apply_edits("abcdef", [Edit(1, 1, 1, 4, "x"), Edit(1, 3, 1, 5, "y")])
    with pytest.raises(EditConflict):
        apply_edits("abc", [Edit(2, 1, 2, 1, "x")])
    with pytest.raises(EditConflict):
        apply_edits("abc\n", [Edit(1, 6, 1, 6, "x")])


def test_a_fix_that_collides_with_an_earlier_one_waits() -> None:
    first = Fix("a", (Edit(1, 1, 1, 3, "X"),))
    second = Fix("b", (Edit(1, 2, 1, 4, "Y"),), UNSAFE)
    third = Fix("c", (Edit(1, 5, 1, 6, "Z"),))
    text, taken = apply_fixes("abcdef", [first, second, third])
    assert text == "XcdZf" and taken == [first, third]
    assert not second.safe and first.safe


@given(st.text(alphabet="ab\r\n\u00e9\U0001f600", max_size=30), st.data())
def test_an_empty_edit_list_and_an_identity_edit_change_nothing(text: str, data: st.DataObject) -> None:
    assert apply_edits(text, []) == text
    lines = text.split("\n")
    line = data.draw(st.integers(1, len(lines)))
    col = data.draw(st.integers(1, len(lines[line - 1]) + 1))
    end = data.draw(st.integers(col, len(lines[line - 1]) + 1))
    same = lines[line - 1][col - 1:end - 1]
    assert apply_edits(text, [Edit(line, col, line, end, same)]) == text
