"""GitHub Actions workflow annotations: ``::error file=…,line=…,col=…,title=…::message`` lines.

Errors stay errors, warnings warnings, infos become notices; waived findings are not annotated.  Paths are relative
to the working directory (the repository root in a workflow).  Values are escaped as the runner expects.
"""

from __future__ import annotations

from pipespec.analysis.rules import RULES
from pipespec.errors import display_path
from pipespec.render import RenderOptions
from pipespec.render.common import all_problems, relative_path
from pipespec.report import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    lines: list[str] = []
    for r in report.files:
        for f in all_problems(r):
            if f.waived is not None:
                continue
            s = f.span
            path = s.file if s.file and s.file != "<string>" else r.path
            props = [f"file={_prop(display_path(relative_path(path, options.base)))}", f"line={max(1, s.line)}", f"col={max(1, s.column)}"]
            if s.end_line:
                props.append(f"endLine={s.end_line}")
                if s.end_column and s.end_line == s.line and s.end_column > s.column:
                    props.append(f"endColumn={s.end_column}")
            rule = RULES.get(f.code)
            props.append(f"title={_prop(f'pipespec {f.code}' + (f': {rule.title}' if rule else ''))}")
            message = f.message + (f"\nFix: {f.fix}" if f.fix else "")
            lines.append(f"::{COMMANDS.get(f.severity, 'warning')} {','.join(props)}::{_data(message)}")
        for c, v in sorted((r.conditions or {}).items()):
            if v.verdict != "review":
                continue
            props = [f"file={_prop(relative_path(r.path, options.base))}", "line=1", "col=1",
                     f"title={_prop(f'pipespec: Condition #{c} left to review ({v.rule})')}"]
            lines.append(f"::notice {','.join(props)}::{_data(v.reason)}")
    return "\n".join(lines) + ("\n" if lines else "")
