"""The words of the language shared by every front end, the writer and the strategies: names, reserved words, spans."""

from __future__ import annotations

import re
from typing import Any

from pipespec.errors import Span

# a document path (keys and indexes from the root) -> where that node stands in the source
SpanMap = dict[tuple[Any, ...], Span]

# the DSL's NAME token (grammar/pipespec.lark; tests/test_fuzz.py keeps the two equal): every front end takes the
# same stage names, so any pipeline converts to the DSL and back
NAME = re.compile(r"(?:\d+(?:\.\d+)?(?![eE][-+]?\d)[^\W\d_]|[^\W\d])\w*(?:[-.+\/]\w+)*\+*")
# the reserved words (grammar/pipespec.lark): no front end takes them as a stage name, and values spelled like
# them are quoted: the statement keywords (the assessment blocks among them) and the stage kinds
STATEMENT_KEYWORDS = frozenset({"pipeline", "flow", "from", "declare", "expect", "waive", "study", "at", "assess",
                                "cohort", "evaluation", "availability"})
RESERVED = STATEMENT_KEYWORDS | frozenset({"input", "preprocessing", "feature_extraction", "model", "output"})


# numbers: one rule for every front end. A number must be finite (1e400, YAML's .inf and .nan are not: no front
# end could write them back), and an integer has at most MAX_INTEGER_DIGITS digits (checked before converting:
# Python refuses more than 4,300 digits, and converting is quadratic in the length)
MAX_INTEGER_DIGITS = 20


class NumberError(ValueError):
    """A number literal no front end keeps (reported as PS104 where it stands)."""


def read_number(literal: str) -> int | float:
    """The value of a number literal as the front ends spell them: decimal integers and floats with an optional
    sign and exponent, YAML 1.2's ``0o17``/``0x1F``, ``.inf``/``.nan``. Raises :class:`NumberError` for a number
    that is not finite or an integer of more than MAX_INTEGER_DIGITS digits."""
    import math

    text = literal.strip()
    body = text.lstrip("+-")
    shown = text if len(text) <= 24 else text[:24] + "\u2026"
    if body.lower() in (".inf", ".nan", "inf", "nan", "infinity"):
        raise NumberError(f"{shown} is not a finite number")
    base = 16 if body[:2] in ("0x", "0X") else 8 if body[:2] in ("0o", "0O") else 10
    digits = body[2:] if base != 10 else body
    if base != 10 or (digits.isascii() and digits.isdigit()):
        if len(digits.lstrip("0")) > MAX_INTEGER_DIGITS:
            raise NumberError(f"{shown}: an integer of more than {MAX_INTEGER_DIGITS} digits")
        value = int(digits, base)
        return -value if text.startswith("-") else value
    number = float(text)
    if not math.isfinite(number):
        raise NumberError(f"{shown} is not a finite number (too large)")
    return number
