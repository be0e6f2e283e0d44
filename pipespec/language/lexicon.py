"""The words of the language shared by every front end, the writer and the strategies: names, reserved words, spans."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pipespec.errors import Span
from pipespec.model import Op

# a document path (keys and indexes from the root) -> where that node stands in the source
SpanMap = dict[tuple[Any, ...], Span]

# the DSL's NAME token (grammar/pipespec.lark; a test keeps the two equal): every front end takes the
# same stage names, so any pipeline converts to the DSL and back
NAME = re.compile(r"(?:\d+(?:\.\d+)?(?![eE][-+]?\d)[^\W\d_]|[^\W\d])\w*(?:[-.+\/@%]\w+)*[+%]*")
# the reserved words (grammar/pipespec.lark): no front end takes them as a stage name, and values spelled like
# them are quoted: the statement keywords (the assessment blocks among them) and the stage kinds
STATEMENT_KEYWORDS = frozenset({"pipeline", "flow", "from", "declare", "expect", "waive", "study", "at", "assess",
                                "cohort", "evaluation", "availability"})
RESERVED = STATEMENT_KEYWORDS | frozenset({"input", "preprocessing", "feature_extraction", "model", "output"})


# --------------------------------------------------------------------------- quoted texts
class Quoted(str):
    """A text the author quoted (a DSL string, a quoted YAML scalar): equal to, and hashed as, the plain text. Where
    quoting says something (a quoted tool name is the author's in-house tool, taken as written), the builder keeps
    that it was quoted; everywhere else it is the text."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return Quoted, (str(self),)


# keys whose quoting is kept in the model (a stage's ``("quoted", keys)`` spelling) and written back
QUOTED_KEYS = frozenset({"tool"})


# --------------------------------------------------------------------------- numbers as written
class SpelledInt(int):
    """An integer that keeps its source text (``00123``): equal to, and hashed as, the plain integer."""

    text: str

    def __new__(cls, value: int, text: str) -> SpelledInt:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return SpelledInt, (int(self), self.text)


class SpelledFloat(float):
    """A number with a fraction or exponent that keeps its source text (``2024.10``, ``1e-4``)."""

    text: str

    def __new__(cls, value: float, text: str) -> SpelledFloat:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return SpelledFloat, (float(self), self.text)


def spelled(value: int | float, text: str) -> int | float:
    """``value`` remembering that the source wrote it as ``text`` (every front end reads numbers through this)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return SpelledInt(value, text.strip())
    return SpelledFloat(value, text.strip())


def number_text(value: object) -> str | None:
    """The source text of a number read from a file (None for a number made in code)."""
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else None


def op_document(o: Op) -> Any:
    """The canonical document form of an operation: its name, or a mapping with ``op`` (the writers print it; the
    builder keeps an operation's spelling when the author wrote it otherwise)."""
    if not o.args and not o.params and not o.custom:
        return o.name
    d: dict[str, Any] = {"op": o.name}
    if o.args:
        d["args"] = list(o.args)
    d.update({k: list(v) if isinstance(v, tuple) else v for k, v in o.params})
    if o.custom:
        d["custom"] = True
    return d


def value_text(v: Any) -> str:
    """A value as an author writes it in the DSL, for messages and drawings: a list in brackets (``[0.5, 0.5, 3]``,
    never a Python tuple), yes/no for booleans, a number as written, a name bare and any other text quoted."""
    if isinstance(v, (tuple, list)):
        return "[" + ", ".join(value_text(x) for x in v) + "]"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return number_text(v) or str(v)
    text = str(v)
    return text if NAME.fullmatch(text) and text not in RESERVED else json.dumps(text, ensure_ascii=False)


def op_text(o: Op) -> str:
    """An operation as the DSL writes it (``resample(spacing: [0.5, 0.5, 3])``), for messages and drawings."""
    name = json.dumps(o.name, ensure_ascii=False) if o.custom else o.name
    parts = [value_text(a) for a in o.args] + [f"{k}: {value_text(v)}" for k, v in o.params]
    return f"{name}({', '.join(parts)})" if parts else name


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
    if len(literal) <= MAX_INTEGER_DIGITS and literal.isdigit() and literal.isascii():
        return int(literal)  # plain decimal digits (most numbers): what the general reading below gives
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
