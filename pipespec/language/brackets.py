"""Unclosed brackets in DSL text, explained: used only after a syntax error, to say which '{', '[' or '(' was
left open and where it opened, instead of the parser's complaint about whatever token came next.

The scan knows only what the DSL's lexer knows about brackets: strings ("..." with backslash escapes) and
comments (``#`` to the end of the line) hold none.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from typing import NamedTuple

from pipespec.errors import Diagnostic, Span

_CLOSE = {"{": "}", "[": "]", "(": ")"}
_OPEN = {v: k for k, v in _CLOSE.items()}
_WHAT = {"{": "block", "[": "list", "(": "argument list"}


class _Open(NamedTuple):
    char: str
    offset: int
    line: int
    column: int
    depth: int  # how many brackets were open around it


class _Scan(NamedTuple):
    at_error: tuple[_Open, ...]  # the brackets open where the parser stopped
    at_end: tuple[_Open, ...]  # the brackets still open at the end of the text
    suspects: tuple[_Open, ...]  # blocks closed by a '}' indented less than their own line (likely an outer one)
    unbalanced: bool  # more brackets opened than closed in the whole text


def _indent(text: str, line_start: int) -> int:
    k = line_start
    while k < len(text) and text[k] in " \t":
        k += 1
    return k - line_start


def _scan(text: str, error_offset: int) -> _Scan:
    stack: list[_Open] = []
    at_error: tuple[_Open, ...] | None = None
    suspects: list[_Open] = []
    line, line_start = 1, 0
    opened = closed = 0
    k, n = 0, len(text)
    while k < n:
        if at_error is None and k >= error_offset:
            at_error = tuple(stack)
        c = text[k]
        if c == "\n":
            line, line_start = line + 1, k + 1
        elif c == "#":
            end = text.find("\n", k)
            k = n if end < 0 else end
            continue
        elif c == '"':
            k += 1
            while k < n and text[k] not in '"\n':
                k += 2 if text[k] == "\\" else 1
        elif c in _CLOSE:
            stack.append(_Open(c, k, line, k - line_start + 1, len(stack)))
            opened += 1
        elif c in _OPEN:
            closed += 1
            if stack and stack[-1].char == _OPEN[c]:
                top = stack.pop()
                first_on_line = not text[line_start:k].strip()
                opening_line_start = text.rfind("\n", 0, top.offset) + 1
                if (c == "}" and top.depth > 0 and first_on_line and top.line < line
                        and _indent(text, line_start) < _indent(text, opening_line_start)):
                    suspects.append(top)
        k += 1
    return _Scan(at_error if at_error is not None else tuple(stack), tuple(stack), tuple(suspects),
                 opened > closed)


def _offset(text: str, line: int, column: int) -> int:
    k = 0
    for _ in range(line - 1):
        nl = text.find("\n", k)
        if nl < 0:
            return len(text)
        k = nl + 1
    return min(len(text), k + column - 1)


def _line_head(text: str, line: int) -> str:
    lines = text.split("\n")
    head = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return head if len(head) <= 40 else head[:37] + "..."


def explain_unclosed(text: str, diag: Diagnostic, at_end: bool) -> Diagnostic | None:
    """A diagnostic naming the unclosed bracket behind the syntax error ``diag``, located where it opened, or
    ``None`` when the error is not about an unclosed bracket. ``at_end``: the parser reached the end of the file."""
    if "{" not in text and "[" not in text and "(" not in text:
        return None
    where = diag.span
    scan = _scan(text, _offset(text, where.line, where.column))
    if not scan.unbalanced:
        return None
    path = where.file
    culprit: _Open | None = None
    if not at_end:
        inner = scan.at_error[-1] if scan.at_error else None
        # the parser met the next statement inside a bracket opened on an earlier line
        if inner is not None and inner.depth > 0 and inner.line < where.line:
            culprit = inner
        # or a closing bracket of another kind than the innermost open one
        at = _offset(text, where.line, where.column)
        if inner is not None and at < len(text) and text[at] in _OPEN and _OPEN[text[at]] != inner.char:
            culprit = inner
    elif scan.at_end:
        culprit = scan.suspects[-1] if scan.suspects else scan.at_end[-1]
    if culprit is None:
        return None
    char = culprit.char
    what = "pipeline" if culprit.depth == 0 and char == "{" else _WHAT[char]
    head = _line_head(text, culprit.line)
    if at_end:
        stopped = "the end of the file"
    elif where.line == culprit.line:
        stopped = f"the '{text[_offset(text, where.line, where.column)]}' at column {where.column}"
    else:
        stopped = f"line {where.line} ('{_line_head(text, where.line)}')"
    message = (f"unclosed '{char}': the {what} opened at line {culprit.line}, column {culprit.column} "
               f"('{head}') is not closed with '{_CLOSE[char]}' before {stopped}")
    fix = f"close it with '{_CLOSE[char]}'"
    if culprit in scan.suspects:
        fix += " (the '}' indented below it closes an outer block instead)"
    return Diagnostic("PS101", message, Span(path, culprit.line, culprit.column), fix=fix,
                      related=(where,))
