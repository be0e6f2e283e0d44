"""Renderers of ``pipespec score`` results: text, json, markdown, csv, html (one entry point, :func:`render`).

Everything taken from a sheet is already cleaned of control characters and cut to a safe length when the sheet
is read; each format escapes it for its own syntax (Markdown tables, CSV formula prefixes, HTML).
"""

from __future__ import annotations

import csv
import html
import io
import json
import uuid
from collections.abc import Sequence

from pipespec.errors import spreadsheet_text
from pipespec.metrics import CONDITION_NUMBERS, ITEM_NUMBERS, condition, item
from pipespec.scoring.sheets import (
    FORMATS,
    QUESTIONS,
    Agreement,
    PairKappa,
    RowResult,
    ScoreResult,
    VariableAgreement,
)

MAX_ANSWER = 10 << 20  # bytes: no answer of `score` (command or API) is larger


class AnswerTooLarge(ValueError):
    """The rendered answer would exceed :data:`MAX_ANSWER`; ``narrow`` says what makes it large: ``pairwise``
    (Cohen's kappa of many rater pairs), ``ids`` (many identifier columns) or ``rows``."""

    def __init__(self, fmt: str, size: int, narrow: str):
        super().__init__(f"the {fmt} answer would be {size / (1 << 20):.1f} MiB, over the limit of "
                         f"{MAX_ANSWER >> 20} MiB")
        self.fmt, self.size, self.narrow = fmt, size, narrow

    def message(self, names: dict[str, str]) -> str:
        """One line naming the option (or JSON field) that narrows the answer, from ``names``."""
        if self.narrow == "rows":
            return f"{self} ({self.narrow}): score fewer sheets or rows at a time"
        what = {"pairwise": "Cohen's kappa of every rater pair", "ids": "the identifier columns of every row"}
        return f"{self}, mostly {what[self.narrow]}: narrow it with {names[self.narrow]}"


CLI_NARROW = {"pairwise": "--no-pairwise", "ids": "--id COLUMN (the identifier columns to keep)"}
API_NARROW = {"pairwise": "the field 'pairwise': false",
              "ids": "the field 'ids' (a list of the identifier columns to keep)"}


def render(result: ScoreResult, fmt: str, limit: int = MAX_ANSWER) -> str:
    """The result in one of ``text``, ``json``, ``markdown``, ``csv``, ``html``; raises :class:`AnswerTooLarge`
    past ``limit`` bytes (UTF-8)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "json":
        out = _json(result)
    else:
        out = {"text": _text, "markdown": _markdown, "csv": _csv, "html": _html}[fmt](result)
    if len(out) > limit // 4:
        size = len(out.encode("utf-8", "surrogatepass"))
        if size > limit:
            raise AnswerTooLarge(fmt, size, _largest(result, fmt))
    return out


def _largest(result: ScoreResult, fmt: str) -> str:
    """What most of a large answer is made of (cells counted roughly: a kappa cell costs as much as an id)."""
    a = result.agreement
    pair_cells = 0 if a is None else len(a.cohen) * len(QUESTIONS)
    if fmt == "csv":
        id_cells = len(result.rows) * len(_id_columns(result))
    else:
        id_cells = sum(len(r.sheet.ident) for r in result.rows)
    if max(pair_cells, id_cells) < len(result.rows):
        return "rows"
    return "pairwise" if pair_cells >= id_cells else "ids"


def _json(result: ScoreResult) -> str:
    """The JSON answer, indented, with each rater pair of ``agreement.cohen_kappa`` on one line of its own: a
    paper's 100 raters make 4,950 pairs of 35 kappas each, which indented would be mostly white space."""
    doc = result.to_dict()
    agreement = doc["agreement"]
    pairs = agreement["cohen_kappa"] if agreement else []
    if not pairs:
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    token = f"cohen-kappa-{uuid.uuid4().hex}"  # a string no sheet value can spell: values are JSON-escaped
    agreement["cohen_kappa"] = token
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    place = f'"{token}"'
    at = text.index(place)
    indent = " " * (at - text.rindex("\n", 0, at) - len('"cohen_kappa": ') + 1)
    body = f",\n{indent}".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in pairs)
    return f"{text[:at]}[\n{indent}{body}\n{indent[:-2]}]{text[at + len(place):]}\n"


# --- shared ---------------------------------------------------------------------------------------------


def _ident(r: RowResult) -> str:
    return ", ".join(f"{k}={v}" for k, v in r.sheet.ident if v)


def _score_text(r: RowResult) -> str:
    if r.unscored is not None:
        return f"not scored ({r.unscored})"
    if r.score is not None:
        return f"{r.score} ({r.category})"
    if r.score_range is not None:
        lo, hi = r.category_range() or ("", "")
        return f"{r.score_range.low}-{r.score_range.high} ({lo}-{hi}; conditions unanswered)"
    return "-"  # pragma: no cover - a row has a score or a range


def _k(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _variables(a: Agreement) -> list[tuple[str, VariableAgreement]]:
    """Each condition and item with its agreement, in the order of :data:`QUESTIONS` (a pair's kappas)."""
    return [(f"Condition #{n}", v) for n, v in a.conditions] + [(f"Item #{n}", v) for n, v in a.items]


PAIR_COLUMNS = 6  # rater pairs shown as columns of the table of questions (4 raters); more: a table of pairs


def _pair_name(pair: PairKappa) -> str:
    """``A|B`` with ``|`` and ``\\`` in a name escaped by a backslash: raters ``x|y`` and ``z`` are ``x\\|y|z``,
    raters ``x`` and ``y|z`` are ``x|y\\|z``."""
    return "|".join(name.replace("\\", "\\\\").replace("|", "\\|") for name in pair.raters)


def _in_columns(a: Agreement) -> tuple[PairKappa, ...]:
    """The pairs shown as columns beside Fleiss' kappa: all of them when few, else none (see :func:`_pair_rows`)."""
    return a.cohen if len(a.cohen) <= PAIR_COLUMNS else ()


QUESTION_HEADS = [*(f"C{n}" for n in CONDITION_NUMBERS), *(f"I{n}" for n in ITEM_NUMBERS)]


def _pair_rows(a: Agreement) -> list[list[str]]:
    """Many pairs as rows of a table of their own: rater, rater, papers, then the kappa of Condition #1..#5 and
    Item #1..#30 (columns C1..I30); one cell per name, so no name can run into another."""
    if len(a.cohen) <= PAIR_COLUMNS:
        return []
    return [[p.raters[0], p.raters[1], str(p.subjects), *map(_k, p.kappas)] for p in a.cohen]


PAIR_TABLE = ("Cohen's kappa per rater pair over the papers both rated (columns C1-C5: Condition #1-#5, I1-I30: "
              "Item #1-#30)")


def _agreement_head(a: Agreement) -> str:
    by = f", raters named by '{a.rater}'" if a.rater else ", raters numbered by their order within each paper"
    left = f"; {a.left_out} paper(s) left out of Fleiss' kappa (other numbers of raters)" if a.left_out else ""
    note = f". {a.pairwise_note}" if a.pairwise_note else ""
    return (f"Agreement: rows grouped by '{a.group_by}'{by}; {a.papers} paper(s); Fleiss' kappa over "
            f"{a.subjects} paper(s) rated by {a.raters} raters{left}{note}")


def _summary(result: ScoreResult) -> str:
    s = result.summary()
    return (f"{s['rows'] - s['unscored']} row(s) scored: {s['rows_with_errors']} with errors, "
            f"{s['rows_with_warnings']} with warnings, {s['ranges']} given as a range"
            + (f"; {s['unscored']} listed without a score (not assessed or input error)" if s["unscored"] else ""))


# --- text -----------------------------------------------------------------------------------------------


def _text(result: ScoreResult) -> str:
    out: list[str] = []
    for r in result.rows:
        ident = _ident(r)
        out.append(f"{r.source}:{r.row}: {_score_text(r)}" + (f"  [{ident}]" if ident else ""))
        stated = []
        if r.sheet.stated_score is not None:
            stated.append(f"stated score {r.sheet.stated_score}")
        if r.sheet.stated_category is not None:
            stated.append(f"stated category {r.sheet.stated_category}")
        if stated:
            out.append("  " + ", ".join(stated))
        for f in r.findings:
            out.append("  " + f.one_line())
    a = result.agreement
    if a is not None:
        out.append("")
        out.append(_agreement_head(a))
        pairs = _in_columns(a)
        head = f"  {'':<14} {'Fleiss':>7} {'agree':>7}" + "".join(f" {_pair_name(p):>9}" for p in pairs)
        out.append(head + "   (Cohen's kappa per rater pair)" if pairs else head)
        for k, (name, v) in enumerate(_variables(a)):
            line = f"  {name:<14} {_k(v.fleiss_kappa):>7} {_pct(v.percent_agreement):>7}"
            line += "".join(f" {_k(p.kappas[k]):>9}" for p in pairs)
            out.append(line)
        reasons: dict[str, list[str]] = {}
        for name, v in _variables(a):
            if v.fleiss_reason:
                reasons.setdefault(v.fleiss_reason, []).append(name)
        for reason, names in reasons.items():
            out.append(f"  Fleiss' kappa n/a for {', '.join(names)}: {reason}")
        rows = _pair_rows(a)
        if rows:
            wa = min(24, max(5, *(len(r[0]) for r in rows)))  # wider names push their row, not every row
            wb = min(24, max(5, *(len(r[1]) for r in rows)))
            out += ["", f"{PAIR_TABLE}:",
                    f"  {'rater':<{wa}} {'rater':<{wb}} {'papers':>6}" + "".join(f" {h:>6}" for h in QUESTION_HEADS)]
            out += [f"  {r[0]:<{wa}} {r[1]:<{wb}} {r[2]:>6}" + "".join(f" {c:>6}" for c in r[3:]) for r in rows]
    out.append("")
    out.append(_summary(result))
    return "\n".join(out) + "\n"


# --- markdown -------------------------------------------------------------------------------------------


def _md(value: str) -> str:
    return html.escape(value, quote=False).replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*") \
        .replace("_", "\\_").replace("`", "\\`").replace("[", "\\[").replace("]", "\\]")


def _markdown(result: ScoreResult) -> str:
    out = ["# METRICS scores", "", "| row | identifiers | score | category | stated | findings |",
           "| --- | --- | --- | --- | --- | --- |"]
    for r in result.rows:
        score = str(r.score) if r.score is not None else \
            f"{r.score_range.low}-{r.score_range.high}" if r.score_range else ""
        cat = r.category or " - ".join(r.category_range() or ()) or (f"not scored ({r.unscored})" if r.unscored else "")
        stated = " / ".join(x for x in (str(r.sheet.stated_score) if r.sheet.stated_score is not None else "",
                                        r.sheet.stated_category or "") if x)
        codes = ", ".join(f.code for f in r.findings)
        out.append(f"| {_md(r.source)}:{r.row} | {_md(_ident(r))} | {score} | {cat} | {_md(stated)} | {codes} |")
    notes = [(r, f) for r in result.rows for f in r.findings]
    if notes:
        out += ["", "## Findings", ""]
        out += [f"- {_md(f.span.file)}:{f.span.line}:{f.span.column} **{f.code}** ({f.severity}): {_md(f.message)}"
                for _, f in notes]
    a = result.agreement
    if a is not None:
        pairs = _in_columns(a)
        out += ["", "## Agreement", "", _md(_agreement_head(a)), "",
                "| | Fleiss' kappa | agreement |" + "".join(f" Cohen {_md(_pair_name(p))} |" for p in pairs),
                "| --- | --- | --- |" + " --- |" * len(pairs)]
        for k, (name, v) in enumerate(_variables(a)):
            out.append(f"| {name} | {_k(v.fleiss_kappa)} | {_pct(v.percent_agreement)} |"
                       + "".join(f" {_k(p.kappas[k])} |" for p in pairs))
        rows = _pair_rows(a)
        if rows:
            out += ["", f"{PAIR_TABLE}:", "",
                    "| rater | rater | papers |" + "".join(f" {h} |" for h in QUESTION_HEADS),
                    "| --- | --- | --- |" + " --- |" * len(QUESTION_HEADS)]
            out += ["| " + " | ".join([_md(r[0]), _md(r[1]), *r[2:]]) + " |" for r in rows]
    out += ["", _summary(result), ""]
    return "\n".join(out)


# --- csv ------------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    return spreadsheet_text("" if value is None else str(value))  # no spreadsheet formulas, headers included


def _id_columns(result: ScoreResult) -> list[str]:
    """Every identifier column of the rows' sheets, in order of first appearance (each sheet's tuple once)."""
    ids: dict[str, None] = {}
    seen: set[int] = set()
    for r in result.rows:
        cols = r.sheet.id_columns
        if cols:
            if id(cols) not in seen:
                seen.add(id(cols))
                ids.update(dict.fromkeys(cols))
        else:
            ids.update(dict.fromkeys(k for k, _ in r.sheet.ident))
    return list(ids)


def _csv(result: ScoreResult) -> str:
    ids = _id_columns(result)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_cell(v) for v in ("source", "row", *ids, "score", "score_low", "score_high", "category",
                                   "stated_score", "stated_category", "errors", "warnings", "findings")])
    for r in result.rows:
        rng = r.score_range
        values = dict(r.sheet.ident)
        w.writerow([_cell(v) for v in (
            r.source, r.row, *(values.get(k, "") for k in ids), r.score,
            rng.low if rng else r.score, rng.high if rng else r.score, r.category or "",
            r.sheet.stated_score, r.sheet.stated_category, len(r.errors()), len(r.warnings()),
            " ".join(f.code for f in r.findings))])
    return buf.getvalue()


# --- html -----------------------------------------------------------------------------------------------

_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.error{color:#b00020}.warning{color:#8a5a00}.info{color:#555}td.num{text-align:right}code{font-size:12px}"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table whose cells are already escaped HTML."""
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    out += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    return "\n".join(out) + "\n</tbody></table>"


def _html(result: ScoreResult) -> str:
    rows: list[list[str]] = []
    for r in result.rows:
        findings = "<br>".join(f'<span class="{_e(f.severity)}"><code>{_e(f.code)}</code> {_e(f.message)}</span>'
                               for f in r.findings)
        stated = " / ".join(x for x in (str(r.sheet.stated_score) if r.sheet.stated_score is not None else "",
                                        r.sheet.stated_category or "") if x)
        rows.append([f"<code>{_e(r.source)}:{r.row}</code>", _e(_ident(r)), _e(_score_text(r)), _e(stated),
                     findings])
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>METRICS scores</title>", f"<style>{_STYLE}</style></head><body>",
             "<h1>METRICS scores</h1>", f"<p>{_e(_summary(result))}</p>",
             _table(["row", "identifiers", "score (category)", "stated", "findings"], rows)]
    a = result.agreement
    if a is not None:
        pairs = _in_columns(a)
        arows = [[_e(name), _e(_k(v.fleiss_kappa)), _e(_pct(v.percent_agreement)),
                  *(_e(_k(p.kappas[k])) for p in pairs)] for k, (name, v) in enumerate(_variables(a))]
        parts += ["<h2>Agreement</h2>", f"<p>{_e(_agreement_head(a))}</p>",
                  _table(["", "Fleiss' kappa", "agreement", *(f"Cohen {_e(_pair_name(p))}" for p in pairs)], arows)]
        rows = _pair_rows(a)
        if rows:
            parts += [f"<p>{_e(PAIR_TABLE)}</p>",
                      _table(["rater", "rater", "papers", *QUESTION_HEADS], [[_e(c) for c in r] for r in rows])]
    parts += ["<h2>Items</h2>",
              _table(["#", "item (paraphrase; Kocak et al. 2024)", "weight", "switched on by"],
                     [[str(n), _e(item(n).name), str(item(n).weight),
                       _e(", ".join(f"Condition #{c}" for c in item(n).conditions) or "always applies")]
                      for n in ITEM_NUMBERS]),
              _table(["condition", "question (paraphrase)"],
                     [[str(n), _e(condition(n).question)] for n in CONDITION_NUMBERS]),
              "</body></html>"]
    return "\n".join(parts) + "\n"
