"""Small helpers shared by the language and rule tests."""

from __future__ import annotations

import textwrap

from pipespec import check
from pipespec.analysis.engine import analyse
from pipespec.errors import InputError
from pipespec.language import load_text
from pipespec.report import FileReport


def pipe(body: str, title: str = "t") -> str:
    """Wrap DSL statements in a pipeline block."""
    inner = textwrap.indent(textwrap.dedent(body).strip("\n"), "  ")
    return f'pipeline "{title}" {{\n{inner}\n}}\n'


def decide(body: str) -> FileReport:
    return check(load_text(pipe(body), "t.pipe"))


def verdicts(body: str) -> dict[int, str]:
    return {c: v.verdict for c, v in decide(body).conditions.items()}


def codes(body: str) -> list[str]:
    return [f.code for f in decide(body).findings if f.waived is None]


def error_of(text: str, fmt: str = "dsl", path: str = "t.pipe") -> tuple[str, int, int, str]:
    """(code, line, column, message) of the first diagnostic raised for ``text``."""
    try:
        load_text(text, path, fmt)
    except InputError as exc:
        d = exc.diagnostics[0]
        return d.code, d.span.line, d.span.column, d.message
    try:
        analyse(load_text(text, path, fmt))
    except InputError as exc:
        d = exc.diagnostics[0]
        return d.code, d.span.line, d.span.column, d.message
    raise AssertionError("no error raised")
