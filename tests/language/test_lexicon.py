"""pipespec.language.lexicon: the one rule for numbers that every front end applies."""

from __future__ import annotations

import pytest

from pipespec.language.lexicon import MAX_INTEGER_DIGITS, NumberError, read_number


@pytest.mark.parametrize(("literal", "value"), [
    ("20", 20), ("-7", -7), ("+5", 5), ("017", 17), ("0o17", 15), ("0x1F", 31), ("1.5", 1.5), ("1e-4", 1e-4),
    (".5", 0.5), ("1e-400", 0.0), ("9" * MAX_INTEGER_DIGITS, int("9" * MAX_INTEGER_DIGITS)),
    ("0" * 50 + "1", 1),  # leading zeros are not digits of the value
])
def test_numbers_are_read(literal: str, value: float) -> None:
    got = read_number(literal)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("literal", "why"), [
    ("1e400", "not a finite number"), ("-1e400", "not a finite number"), (".inf", "not a finite number"),
    ("-.Inf", "not a finite number"), (".NaN", "not a finite number"), ("1" * 400 + ".5", "not a finite number"),
    ("1" * (MAX_INTEGER_DIGITS + 1), "more than 20 digits"), ("-" + "9" * 5_000, "more than 20 digits"),
    ("0x" + "F" * 21, "more than 20 digits"),
])
def test_numbers_no_front_end_could_write_back_are_refused(literal: str, why: str) -> None:
    with pytest.raises(NumberError, match=why) as info:
        read_number(literal)
    assert len(str(info.value)) < 80  # the literal is cut in the message
