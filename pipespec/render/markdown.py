"""Markdown: a summary a reviewer can paste into a decision letter (GitHub-flavoured tables).

For a batch, an overview table comes first; then, per pipeline, the five verdicts beside the author's declared
answers, why each was reached, the METRICS items that apply, and each finding with its line and fix.
"""

from __future__ import annotations

import re

from pipespec.analysis.results import Assessment
from pipespec.errors import display_path, safe_text
from pipespec.metrics import item
from pipespec.render import RenderOptions
from pipespec.render.common import (
    CONDITION_NAMES,
    all_problems,
    answer_counts,
    declared_agreement,
    ranges,
    score_text,
    scores_line,
)
from pipespec.report import FileReport, Report, summary

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def md(text: str) -> str:
    """Escape Markdown syntax (and keep text on one line) so that author text never turns into markup."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _code(text: str, cell: bool = False) -> str:
    """``text`` as an inline code span; ``cell``: inside a table, where even in code a ``|`` ends the cell."""
    text = " ".join(safe_text(str(text)).split())
    if cell:
        text = text.replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _cell(text: str) -> str:
    return md(text)


def _word(v: str | None) -> str:
    return {"yes": "Yes", "no": "No", "review": "Review"}.get(v or "", "—")


def _overview(report: Report) -> list[str]:
    s = summary(report.files)
    out = [f"**{s['files']} pipeline file(s)**: {s['files'] - s['input_errors'] - s['failed']} without errors, "
           f"{s['failed']} with errors, {s['input_errors']} could not be read.", ""]
    out.append("| Pipeline | #1 | #2 | #3 | #4 | #5 | Disagreements | Findings |")
    out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report.files:
        name = f"{_cell(r.title)} ({_code(display_path(r.path), True)})" if r.title else _code(display_path(r.path), True)
        if r.errors:
            out.append(f"| {name} | | | | | | | input error: {_cell(r.errors[0].code)} |")
            continue
        cells = []
        disagree = []
        for c in range(1, 6):
            v = r.conditions.get(c)
            cells.append(_word(v.verdict) if v else "—")
            agreement = declared_agreement(v.declared, v.verdict) if v is not None else ""
            if agreement == "disagrees":
                disagree.append(f"#{c}")
            elif agreement == "review":
                disagree.append(f"#{c} (to review)")
        n_err, n_warn = len(r.active("error")), len(r.active("warning"))
        out.append(f"| {name} | {' | '.join(cells)} | {', '.join(disagree) or 'none'} | "
                   f"{n_err} error(s), {n_warn} warning(s) |")
    out += ["", "Condition verdict counts: " + "; ".join(
        f"#{c} " + ", ".join(f"{k} {n}" for k, n in s["verdicts"][str(c)].items()) for c in range(1, 6)) + "."]
    if s["findings"]:
        out.append("Findings by code: " + ", ".join(f"{c} ×{n}" for c, n in s["findings"].items()) + ".")
    if "scores" in s:
        out.append(md(scores_line(s["scores"])) + ".")
    return out + [""]


def _assessment(a: Assessment) -> list[str]:
    out = [f"**METRICS score: {md(score_text(a))}** — {md(answer_counts(a))}.", "",
           "| Item | Answer | Weight | Applies | Evidence in the spec |", "| --- | --- | --- | --- | --- |"]
    for row in a.items:
        answer = row.answer or "—"
        if row.note:
            answer += f" ({row.note})"
        evidence = row.evidence + (f" — **{row.support}**" if row.support == "contradicts" else
                                   f" — {row.support}" if row.support else "")
        out.append(f"| {row.number}. {md(row.name)} | {md(answer)} | {row.weight} | {row.applies} | "
                   f"{md(evidence) if evidence else ''} |")
    return out + [""]


def _file(r: FileReport, level: str) -> list[str]:
    shown = _code(display_path(r.path))
    head = f"{level} {md(r.title)} ({shown})" if r.title else f"{level} {shown}"
    out = [head, ""]
    if r.config is not None:
        out += [f"Judged with the configuration {_code(display_path(r.config.path))} "
                f"(sha256 `{r.config.sha256[:12]}...`).", ""]
    if r.errors:
        out.append("The file could not be checked:")
        out.append("")
        for d in r.errors:
            out.append(f"- {_code(d.code)} line {d.span.line}, column {d.span.column}: {md(d.message)}"
                       + (f" *Fix:* {md(d.fix)}" if d.fix else ""))
        return out + [""]
    out.append("| METRICS condition | Declared by the authors | pipespec verdict | Agreement |")
    out.append("| --- | --- | --- | --- |")
    for c in range(1, 6):
        v = r.conditions.get(c)
        if v is None:
            continue
        agreement = declared_agreement(v.declared, v.verdict)
        shown = f"**{agreement}**" if agreement == "disagrees" else agreement
        out.append(f"| #{c} {CONDITION_NAMES[c]} | {_word(v.declared)} | {_word(v.verdict)} ({v.rule}) | {shown} |")
    out += ["", "Why:", ""]
    for c in range(1, 6):
        v = r.conditions.get(c)
        if v is None:
            continue
        line = f"- **#{c}** {md(v.reason)}"
        paths = [p for e in v.evidence for p in e.paths]
        if paths:
            line += " — path: " + "; ".join(_code(" → ".join(p)) for p in paths[:3]) + (
                f" (+{len(paths) - 3} more)" if len(paths) > 3 else "")
        out.append(line)
    out.append("")
    items = r.items
    conditional = [i for i in items if i in (8, 9, 10, 12, 14, 15, 16, 17)]
    line = f"METRICS items that apply: {ranges(items)} ({len(items)} of 30"
    line += (", including the conditional items " + ", ".join(f"{i} ({item(i).name})" for i in conditional)
             if conditional else ", no conditional item") + ")."
    if r.items_pending:
        line += (" Pending the reviewer's judgement: " +
                 ", ".join(f"{i} ({item(i).name})" for i in r.items_pending) + ".")
    out += [line, ""]
    if r.assessment is not None:
        out += _assessment(r.assessment)
    else:
        out += ["**METRICS score: not assessed** (no assess line).", ""]
    problems = all_problems(r)
    if problems:
        out += ["Findings:", ""]
        for k, f in enumerate(problems, 1):
            tag = f"waived: {md(f.waived)}" if f.waived is not None else f.severity
            out.append(f"{k}. {_code(f.code)} ({tag}), line {f.span.line}: {md(f.message)}")
            if f.fix and f.waived is None:
                out.append(f"   *Fix:* {md(f.fix)}")
        out.append("")
    else:
        out += ["No findings.", ""]
    return out


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    out = ["# METRICS conditions checked by pipespec", ""]
    out.append(f"pipespec {report.pipespec_version}, rule set {report.ruleset_version}. Verdicts are decided from "
               "the declared pipeline; *review* means the declaration lacks a fact the decision needs.")
    out.append("")
    level = "##"
    if len(report.files) > 1:
        out += ["## Overview", ""] + _overview(report)
        level = "###"
        out += ["## Pipelines", ""]
    for r in report.files:
        out += _file(r, level)
    if report.skipped:  # what the folder walks left out on purpose (not errors)
        out += ["## Skipped (not errors)", ""]
        out += [f"- {_code(display_path(k.path))}: {md(k.reason)}" for k in report.skipped]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
