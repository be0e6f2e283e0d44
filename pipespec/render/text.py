"""Text output: verdicts with evidence, then findings as ``path:line:col: CODE message`` with a caret excerpt."""

from __future__ import annotations

import os
import unicodedata

from pipespec.errors import Problem, Span, display_path
from pipespec.render import RenderOptions
from pipespec.render.common import answer_counts, ranges, score_text, scores_line, shown_source, source_lines
from pipespec.report import FileReport, Report, skipped_line, summary

NAMES = {1: "segmentation", 2: "fully automated segm.", 3: "hand-crafted features", 4: "tabular data",
         5: "end-to-end deep learning"}


def colour_wanted(force: bool | None, to_terminal: bool) -> bool:
    """Colour when forced on, or when the text goes to a terminal and NO_COLOR is not set."""
    if force is not None:
        return force
    if os.environ.get("NO_COLOR"):
        return False
    return to_terminal


class Style:
    def __init__(self, on: bool):
        self.on = on

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def severity(self, sev: str) -> str:
        return self(sev, {"error": "1;31", "warning": "1;33", "info": "36"}.get(sev, "0"))

    def verdict(self, v: str) -> str:
        return self(v.upper().ljust(6), {"yes": "1;32", "no": "1;34", "review": "1;35"}.get(v, "0"))


def excerpt(source: str | None, span: Span, indent: str = "  ") -> list[str]:
    """The source line of ``span`` and a caret under it."""
    if not source or span.line < 1:
        return []
    lines = source_lines(source)
    if span.line > len(lines):
        return []
    text = lines[span.line - 1].replace("\t", " ")
    if len(text) > 160:
        start = max(0, span.column - 60)
        text = text[start:start + 160]
        col = span.column - start
    else:
        col = span.column
    width = 1
    if span.end_line == span.line and span.end_column and span.end_column > span.column:
        width = min(span.end_column - span.column, max(1, len(text) - col + 1))
    # the line as it will show: control characters, terminal escapes and bidirectional marks escaped (a comment
    # must not rewrite the terminal), the caret moved to where its column went
    shown = shown_source(text)
    # columns as a terminal shows them: a wide character (CJK, most emoji) takes two, a combining mark none
    before = _columns(shown_source(text[:col - 1]))
    width = max(1, _columns(shown_source(text[col - 1:col - 1 + width])))
    col, text = before + 1, shown
    num = str(span.line)
    return [f"{indent}{num} | {text}", f"{indent}{' ' * len(num)} | {' ' * (col - 1)}^{'~' * (width - 1)}"]


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes (East Asian wide and full-width characters two, combining marks
    none), so that a caret stands under its column on lines with such characters."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def diagnostic_lines(d: Problem, source: str | None, st: Style, caret: bool = True) -> list[str]:
    sev = d.severity
    waived = getattr(d, "waived", None)
    tag = st.severity(sev) if not waived else st("waived", "2")
    out = [f"{d.span}: {d.code} {d.message} [{tag}]"]
    if caret:
        out += excerpt(source, d.span)
    fix = d.fix
    if waived:
        out.append(f"    waived: {waived}")
    elif fix:
        out.append(f"    fix: {fix}")
    return out


def render_file(r: FileReport, st: Style) -> list[str]:
    out: list[str] = []
    if r.errors:
        for d in r.errors:
            out += diagnostic_lines(d, r.source_text, st)
        return out
    out.append(st(display_path(r.path), "1") + (f' — "{r.title}"' if r.title else ""))
    if r.config is not None:
        out.append(f"  {r.config.describe()}")
    for c in range(1, 6):
        v = r.conditions.get(c)
        if v is None:
            continue
        decl = ""
        if v.declared is not None:
            agree = v.declared == v.verdict
            mark = "agrees" if agree else ("REVIEW" if v.verdict == "review" else "DISAGREES")
            decl = f"  declared {v.declared} ({st(mark, '32' if agree else '31' if v.verdict != 'review' else '35')})"
        out.append(f"  #{c} {NAMES[c]:<25} {st.verdict(v.verdict)} {v.rule}{decl}")
        out.append(f"       {v.reason}")
        for ev in v.evidence:
            for p in ev.paths:
                out.append(f"       path: {' -> '.join(p)}")
    out.append(f"  METRICS items that apply: {ranges(r.items)}"
               + (f"; pending review: {ranges(r.items_pending)}" if r.items_pending else ""))
    if r.assessment is not None:
        out.append(f"  METRICS score: {st(score_text(r.assessment), '1')} — {answer_counts(r.assessment)}")
    else:
        out.append("  METRICS score: not assessed (no assess line)")
    for f in r.findings:
        out += diagnostic_lines(f, r.source_text, st)
    return out


def render_summary(files: list[FileReport], st: Style) -> list[str]:
    s = summary(files)
    v = s["verdicts"]
    lines = [st(f"{s['files']} file(s) checked: {s['files'] - s['input_errors'] - s['failed']} passed, "
                f"{s['failed']} with errors, {s['input_errors']} with input errors", "1")]
    judged = s["files"] > s["input_errors"]  # a file with an input error has no verdicts to count
    if judged:
        lines.append("  condition 5 verdicts: " + ", ".join(f"{k} {n}" for k, n in v["5"].items()))
    if len(files) > 1 and judged:
        for c in ("1", "2", "3", "4"):
            lines.append(f"  condition {c} verdicts: " + ", ".join(f"{k} {n}" for k, n in v[c].items()))
    reviews = [f"{display_path(r.path)} #" + ",#".join(str(c) for c, x in sorted(r.conditions.items())
                                                     if x.verdict == "review")
               for r in files if any(x.verdict == "review" for x in r.conditions.values())]
    if reviews:
        shown = ", ".join(reviews[:5]) + (f" and {len(reviews) - 5} more" if len(reviews) > 5 else "")
        lines.append(st(f"  left to review: {len(reviews)} file(s): {shown}", "35"))
    if s["findings"]:
        lines.append("  findings: " + ", ".join(f"{c} x{n}" for c, n in s["findings"].items()))
    if "scores" in s:
        lines.append("  " + scores_line(s["scores"]))
    return lines


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    st = Style(colour_wanted(options.colour, options.to_terminal))
    out: list[str] = []
    for r in report.files:
        out += render_file(r, st)
        out.append("")
    out += render_summary(report.files, st)
    skipped = skipped_line(report.skipped)
    if skipped:
        out.append("  " + skipped)
    return "\n".join(out) + "\n"
