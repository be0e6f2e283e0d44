"""Concise text: one line per finding, ``path:line:col: CODE message [severity]`` (as ruff's concise output), for
editors' error lists and grep.

Input errors come first in a file, then its findings in source order; waived findings are left out (the text and
machine formats show them with their justification); a condition left to review is one line too, at the file's
start, so that a review is visible here as in every format.
"""

from __future__ import annotations

from pipespec.errors import display_path
from pipespec.render import RenderOptions
from pipespec.render.common import all_problems
from pipespec.report import Report


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    lines: list[str] = []
    for r in report.files:
        for c, v in sorted((r.conditions or {}).items()):
            if v.verdict == "review":
                lines.append(f"{display_path(r.path)}:1:1: {v.rule} Condition #{c} left to review: {v.reason} "
                             "[review]")
        for f in all_problems(r):
            if f.waived is not None:
                continue
            s = f.span
            path = s.file if s.file and s.file != "<string>" else r.path
            lines.append(f"{display_path(path)}:{max(1, s.line)}:{max(1, s.column)}: {f.code} {f.message} "
                         f"[{f.severity}]")
    return "\n".join(lines) + ("\n" if lines else "")
