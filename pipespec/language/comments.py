"""Comments of a DSL file, kept through ``pipespec fmt``.

The model holds no comments (conversions to YAML/JSON drop them), so the formatter collects them from the source
and re-attaches each to the statement it stands before (or ends the line of): a stage, the study line, a
declaration, an expectation, a waiver.  Comments of ``flow`` statements stand before the canonical flow block,
comments inside a multi-line statement before that statement, comments before the closing brace stay there.
A blank line before a statement (or its comments) is kept.
"""

from __future__ import annotations

import re

from pipespec.model import Pipeline
from pipespec.records import field, record

Key = tuple[object, ...]
_FLOW = re.compile(r"^\s*flow\b")
_STUDY = re.compile(r"^\s*study\b")


@record(frozen=False)
class Comments:
    top: list[str] = field(default_factory=list)  # before `pipeline`
    bottom: list[str] = field(default_factory=list)  # after the closing brace
    end: list[str] = field(default_factory=list)  # before the closing brace
    leading: dict[Key, list[str]] = field(default_factory=dict)
    trailing: dict[Key, str] = field(default_factory=dict)
    blank: set[Key] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.top or self.bottom or self.end or self.leading or self.trailing or self.blank)


def split_comment(line: str) -> tuple[str, str | None]:
    """(code, comment) of one line: the first '#' outside a double-quoted string starts the comment."""
    in_string = escaped = False
    for i, ch in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#":
            return line[:i].rstrip(), line[i:].rstrip()
    return line.rstrip(), None


def collect(text: str, p: Pipeline) -> Comments:
    starts: dict[int, Key] = {}
    for s in p.stages:
        starts.setdefault(s.span.line, ("stage", s.name))
    for d in p.declarations:
        starts.setdefault(d.span.line, ("declare", d.condition))
    for e in p.expectations:
        starts.setdefault(e.span.line, ("expect", e.condition))
    for k, w in enumerate(p.waivers):
        starts.setdefault(w.span.line, ("waive", k))
    for a in p.assessment:
        starts.setdefault(a.span.line, ("assess", a.item))
    for block in ("cohort", "evaluation", "availability"):
        facts = getattr(p, block)
        if facts is not None:
            starts.setdefault(facts.span.line, (block,))
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        code, _ = split_comment(line)
        if n not in starts and _FLOW.match(code):
            starts[n] = ("flow",)
        elif n not in starts and _STUDY.match(code):
            starts[n] = ("study",)
    title = p.span.line
    closing = max((n for n, line in enumerate(lines, 1) if split_comment(line)[0].strip().endswith("}")),
                  default=len(lines))
    out = Comments()
    pending: list[str] = []
    blank = False
    current: Key | None = None
    for n, line in enumerate(lines, 1):
        code, comment = split_comment(line)
        if n < title:
            if comment:
                out.top.append(comment)
            continue
        if n > closing:
            if comment:
                out.bottom.append(comment)
            continue
        if n == title:
            if comment:
                out.trailing[("title",)] = comment
            continue
        if not code.strip():
            if comment:
                pending.append(comment)
            else:
                blank = True
            continue
        if n in starts:
            current = starts[n]
            if pending:
                out.leading.setdefault(current, []).extend(pending)
            if blank:
                out.blank.add(current)
            pending, blank = [], False
            if comment:
                if current == ("flow",):
                    out.leading.setdefault(current, []).append(comment)
                else:
                    out.trailing[current] = (out.trailing[current] + " " + comment) \
                        if current in out.trailing else comment
        elif comment:  # inside a multi-line statement, or on the closing brace
            if n == closing or current is None:
                pending.append(comment)
            else:
                out.leading.setdefault(current, []).append(comment)
    out.end = pending
    return out
