"""METRICS answer sheets: one CSV row per checked file in the METRICS tool's column layout.

The columns are those ``pipespec score`` reads (``Condition#1``..``Condition#5``, ``Item#1``..``Item#30``, a
stated total score and quality category), after two identifier columns (the file and its title).  Conditions come
from the verdicts, or the declared answer where the verdict is review, else they are left empty; items come from
the ``assess`` block (empty when unanswered).  A last column names the conditions whose verdict is left to
review, with the deciding rule (``Condition#5 (D503)``); ``pipespec score`` reads it as an identifier column.  The
last, ``Status``, says ``assessed``, ``not assessed`` (no ``assess`` line) or ``input error`` (the file could not be
judged: its path and no answers), the score cells empty for the last two; ``pipespec score`` lists such rows without
scoring them.  Text cells never start a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io

from pipespec.errors import display_path, safe_text, spreadsheet_text
from pipespec.metrics import CONDITION_NUMBERS, ITEM_NUMBERS
from pipespec.render import RenderOptions
from pipespec.report import FileReport, Report

SCORE_COLUMN = "Total METRICS score:"
CATEGORY_COLUMN = "Quality category:"
REVIEW_COLUMN = "Left to review"
STATUS_COLUMN = "Status"
ASSESSED, NOT_ASSESSED, INPUT_ERROR = "assessed", "not assessed", "input error"
COLUMNS: tuple[str, ...] = ("File", "Title", *(f"Condition#{n}" for n in CONDITION_NUMBERS),
                            *(f"Item#{n}" for n in ITEM_NUMBERS), SCORE_COLUMN, CATEGORY_COLUMN, REVIEW_COLUMN,
                            STATUS_COLUMN)


def _text(value: str) -> str:
    """A cell on one line with no terminal control (a file name or title may hold any of them); :func:`render`
    keeps it, as every cell, from starting a spreadsheet formula."""
    return safe_text(value)


def conditions(r: FileReport) -> dict[int, str]:
    """yes/no per condition: the verdict, or the declared answer where the verdict is review, else empty."""
    out: dict[int, str] = {}
    for n in CONDITION_NUMBERS:
        v = r.conditions.get(n)
        if v is None:
            out[n] = ""
        elif v.verdict == "review":
            out[n] = v.declared or ""
        else:
            out[n] = v.verdict
    return out


def row(r: FileReport) -> list[str]:
    if r.errors:
        return [_text(display_path(r.path)), *[""] * (len(COLUMNS) - 2), INPUT_ERROR]
    conds = conditions(r)
    a = r.assessment
    answers = {row.number: row.answer or "" for row in a.items} if a is not None else {}
    stated = "" if a is None or a.score is None else str(a.score)
    review = "; ".join(f"Condition#{n} ({v.rule})" for n, v in sorted(r.conditions.items())
                       if v.verdict == "review")
    return [_text(display_path(r.path)), _text(r.title or ""), *(conds[n] for n in CONDITION_NUMBERS),
            *(answers.get(n, "") for n in ITEM_NUMBERS), stated,
            a.category or "" if a is not None else "", review, NOT_ASSESSED if a is None else ASSESSED]


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([spreadsheet_text(c) for c in COLUMNS])
    for r in report.files:
        w.writerow([spreadsheet_text(c) for c in row(r)])
    return buf.getvalue()
