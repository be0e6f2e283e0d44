"""The HTML review report: one self-contained file (no network, no external scripts, styles or fonts).

Per pipeline: the stage graph as inline SVG with the path(s) that decided Condition #5 highlighted, the five verdicts
beside the author's declared answers, the METRICS items that apply, and each finding with its source excerpt and
fix.  For a batch, a sortable index table comes first.  A Content-Security-Policy with hashes of the one inline
style sheet and the one inline script forbids every other resource, so the page cannot reach the network.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from pipespec.analysis.results import Assessment
from pipespec.errors import Problem, display_path
from pipespec.metrics import CONDITIONS, ITEMS
from pipespec.render import RenderOptions
from pipespec.render.common import (
    CONDITION_NAMES,
    all_problems,
    answer_counts,
    declared_agreement,
    markup_safe,
    ranges,
    score_text,
    scores_line,
    shown_source,
    source_lines,
)
from pipespec.render.graph import KIND_COLOURS, KIND_LABELS, GraphView
from pipespec.render.svg import SVG_CSS, render_svg
from pipespec.report import CONDITION_QUESTIONS, FileReport, Report, summary

CSS = """
:root { color-scheme: light; --fg: #111827; --muted: #4b5563; --line: #d1d5db; --bg-soft: #f9fafb;
  --yes: #15803d; --no: #1d4ed8; --review: #7e22ce; --bad: #b91c1c; --warn: #a16207; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: #fff; }
header.top, main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header.top { padding-top: 18px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 0; }
h3 { font-size: 1rem; margin: 18px 0 6px; }
.meta, .path { color: var(--muted); font-size: .9rem; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .85rem; }
section.pipeline { border-bottom: 1px solid var(--line); padding: 22px 0 26px; }
.head { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: baseline; }
.badge { display: inline-block; padding: 0 8px; border-radius: 999px; font-size: .8rem; font-weight: 600;
  border: 1px solid currentColor; white-space: nowrap; }
.s-pass { color: var(--yes); } .s-fail { color: var(--bad); } .s-input-error { color: var(--bad); }
.s-review { color: var(--review); }
.v { font-weight: 700; } .v-yes { color: var(--yes); } .v-no { color: var(--no); } .v-review { color: var(--review); }
.a-disagrees { color: var(--bad); font-weight: 700; } .a-review { color: var(--review); }
.a-agrees { color: var(--yes); } .a-not-declared { color: var(--muted); }
figure { margin: 12px 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff;
  overflow-x: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: .8rem; color: var(--muted); margin-top: 6px; }
.legend span::before { content: ""; display: inline-block; width: 11px; height: 11px; margin-right: 5px;
  vertical-align: -1px; border: 1.5px solid var(--c); background: var(--f); border-radius: 2px; }
.legend .hl::before { border: 0; height: 3px; width: 18px; vertical-align: 3px; background: #dc2626; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg-soft); font-weight: 600; }
td.why { color: #1f2937; }
.paths { display: block; color: var(--muted); font-size: .82rem; }
table.index th button { all: unset; cursor: pointer; font-weight: 600; }
table.index th button:focus-visible { outline: 2px solid #2563eb; }
table.index th[aria-sort="ascending"] button::after { content: " ▲"; font-size: .7em; }
table.index th[aria-sort="descending"] button::after { content: " ▼"; font-size: .7em; }
table.index td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.assessment td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.assessment tr.applies-no { color: var(--muted); }
ol.items { columns: 2 300px; column-gap: 2.5em; margin: 6px 0; padding-left: 2.2em; font-size: .88rem; }
ol.items li { break-inside: avoid; }
ol.items li.na { color: #9ca3af; }
ol.items li.pending { color: var(--review); }
ol.items .tag { font-size: .75rem; margin-left: 4px; }
.finding { border-left: 4px solid var(--line); padding: 6px 12px; margin: 10px 0; background: var(--bg-soft); }
.finding.error { border-color: var(--bad); } .finding.warning { border-color: var(--warn); }
.finding.info { border-color: #0e7490; } .finding.waived { border-color: #9ca3af; opacity: .85; }
.finding p { margin: 4px 0; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .75rem; letter-spacing: .04em; }
.sev.error { color: var(--bad); } .sev.warning { color: var(--warn); } .sev.info { color: #0e7490; }
pre.excerpt { margin: 6px 0; padding: 6px 0; background: #fff; border: 1px solid var(--line); border-radius: 4px;
  overflow-x: auto; line-height: 1.45; }
pre.excerpt span.ln { display: inline-block; min-width: 3.5em; padding-right: .8em; text-align: right;
  color: #9ca3af; user-select: none; }
pre.excerpt .here { background: #fef2f2; display: block; }
pre.excerpt mark { background: #fecaca; color: inherit; text-decoration: underline wavy var(--bad); }
.fix { color: #14532d; }
.back { font-size: .85rem; }
footer { max-width: 1180px; margin: 0 auto; padding: 14px 20px 30px; color: var(--muted); font-size: .8rem; }
@media (max-width: 700px) { body { font-size: 14px; } th, td { padding: 4px 5px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header.top, main, footer { max-width: none; padding: 0; }
  section.pipeline { break-before: page; border: 0; }
  section.pipeline:first-of-type { break-before: auto; }
  figure, .finding, tr, pre.excerpt { break-inside: avoid; }
  figure { border: 0; padding: 0; overflow: visible; }
  svg.pipeline-graph { max-width: 100%; }
  .back, table.index th button::after { display: none; }
  a { color: inherit; text-decoration: none; }
  pre.excerpt { white-space: pre-wrap; }
}
""" + SVG_CSS

SCRIPT = """
(function () {
  "use strict";
  var table = document.querySelector("table.index");
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var descending = th.getAttribute("aria-sort") === "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = th.getAttribute("data-type") === "number";
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort") || a.cells[col].textContent;
        var y = b.cells[col].getAttribute("data-sort") || b.cells[col].textContent;
        var c = numeric ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y);
        if (descending) { c = -c; }
        if (c === 0) { c = parseFloat(a.getAttribute("data-order")) - parseFloat(b.getAttribute("data-order")); }
        return c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"""

_WORD = {"yes": "Yes", "no": "No", "review": "Review", None: "—"}
_STATUS = {"pass": "no errors", "fail": "errors", "input-error": "input error"}


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _status(r: FileReport) -> str:
    return r.status


def _verdict(v: str | None) -> str:
    return f'<span class="v v-{escape(v or "none")}">{_WORD.get(v, escape(str(v)))}</span>'


def _shown(text: str) -> str:
    """Source text for the page: control characters and bidirectional marks escaped (as in every format), then
    HTML-escaped."""
    return escape(shown_source(text))


def excerpt_html(source: str | None, f: Problem, context: int = 1) -> str:
    """The lines around a finding, the finding's line marked and its span underlined."""
    s = f.span
    if not source or s.line < 1:
        return ""
    lines = source_lines(source)
    if s.line > len(lines):
        return ""
    first, last = max(1, s.line - context), min(len(lines), s.line + context)
    out = []
    for n in range(first, last + 1):
        text = lines[n - 1].replace("\t", "    ") if n != s.line else lines[n - 1]
        if len(text) > 220:
            text = text[:220] + "…"
        ln = f'<span class="ln">{n}</span>'
        if n == s.line:
            start = max(0, s.column - 1)
            end = s.end_column - 1 if s.end_line == s.line and s.end_column and s.end_column > s.column else None
            end = min(len(text), end if end is not None else max(start + 1, len(text.rstrip())))
            body = (_shown(text[:start]) + "<mark>" + _shown(text[start:end]) + "</mark>" + _shown(text[end:]))
            out.append(f'<span class="here">{ln}{body.replace(chr(9), "    ")}</span>')
        else:
            out.append(f"{ln}{_shown(text)}\n")
    return '<pre class="excerpt">' + "".join(out) + "</pre>"


def _finding(f: Problem, source: str | None) -> str:
    cls = "waived" if f.waived is not None else f.severity
    loc = str(f.span)
    parts = [f'<div class="finding {escape(cls)}">',
             f'<p><span class="sev {escape(f.severity)}">{escape(f.severity)}</span> '
             f"<code>{escape(f.code)}</code> {escape(f.message)}</p>",
             f'<p class="path mono">{escape(loc)}</p>', excerpt_html(source, f)]
    if f.waived is not None:
        parts.append(f"<p><strong>Waived:</strong> {escape(f.waived)}</p>")
    elif f.fix:
        parts.append(f'<p class="fix"><strong>Fix:</strong> {escape(f.fix)}</p>')
    if f.reference:
        parts.append(f'<p class="meta">Reference: {escape(f.reference)}</p>')
    parts.append("</div>")
    return "\n".join(p for p in parts if p)


def _legend(view: GraphView) -> str:
    spans = [f'<span class="lg-{k}">{escape(KIND_LABELS[k])}</span>' for k in KIND_COLOURS]
    if view.highlight:
        spans.append('<span class="hl">path that decided Condition #5</span>')
    return '<div class="legend">' + "".join(spans) + "</div>"


def _legend_css() -> str:
    return "".join(f".legend .lg-{k} {{ --f: {f}; --c: {c}; }}\n" for k, (f, c) in KIND_COLOURS.items())


def _figure(r: FileReport, view: GraphView | None, uid: str) -> str:
    if view is None:
        return ""
    v5 = r.conditions.get(5)
    if view.highlight and v5 is not None:
        n_paths = sum(len(e.paths) for e in v5.evidence)
        caption = (f"Highlighted in red: the path{'s' if n_paths > 1 else ''} that decided Condition #5 "
                   f"(end-to-end deep learning: {_WORD[v5.verdict]}, rule {escape(v5.rule)}). "
                   "Edges are labelled with the data they carry.")
    else:
        caption = "Edges are labelled with the data they carry."
    return (f"<figure>{render_svg(view, uid)}{_legend(view)}<figcaption>{caption}</figcaption></figure>")


def _verdicts(r: FileReport) -> str:
    rows = ['<table class="verdicts"><thead><tr><th>Condition</th><th>pipespec verdict</th><th>Declared</th>'
            "<th>Agreement</th><th>Why</th></tr></thead><tbody>"]
    for c in range(1, 6):
        v = r.conditions.get(c)
        if v is None:
            continue
        agree = declared_agreement(v.declared, v.verdict)
        paths = [p for e in v.evidence for p in e.paths]
        path_html = "".join(f'<span class="paths mono">{escape(" → ".join(p))}</span>' for p in paths[:4])
        if len(paths) > 4:
            path_html += f'<span class="paths">(+{len(paths) - 4} more paths)</span>'
        rows.append(
            f'<tr data-condition="{c}"><td><strong>#{c}</strong> {escape(CONDITION_NAMES[c])}'
            f'<span class="paths">{escape(CONDITION_QUESTIONS[c])}</span></td>'
            f"<td>{_verdict(v.verdict)} <code>{escape(v.rule)}</code></td><td>{_verdict(v.declared)}</td>"
            f'<td class="a-{agree.replace(" ", "-")}">{escape(agree)}</td>'
            f'<td class="why">{escape(v.reason)}{path_html}</td></tr>')
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _items(r: FileReport) -> str:
    applies, pending = set(r.items), set(r.items_pending)
    by_condition = {i: c.number for c in CONDITIONS for i in c.items}  # item 9: condition #2 (the later)
    lis = []
    for it in ITEMS:
        i, title, weight = it.number, it.name, it.weight
        if i in applies:
            cls, tag = "applies", ""
        elif i in pending:
            cls, tag = "pending", "pending review"
        else:
            cls, tag = "na", "does not apply"
        cond = f" (condition #{by_condition[i]})" if i in by_condition else ""
        tag_html = f'<span class="tag">— {tag}</span>' if tag else ""
        lis.append(f'<li value="{i}" class="{cls}">{escape(title)}{escape(cond)} '
                   f'<span class="meta">w {weight:.4f}</span>{tag_html}</li>')
    head = (f"<p>{len(applies)} of 30 items apply: {escape(ranges(sorted(applies)))}"
            + (f"; pending review: {escape(ranges(sorted(pending)))}" if pending else "") + ".</p>")
    return head + '<ol class="items">' + "".join(lis) + "</ol>"


def _assessment(a: Assessment) -> str:
    """The score and the item table: answer, weight, applicability and what the spec shows."""
    rows = [f'<p class="score"><strong>METRICS score: {escape(score_text(a))}</strong> — '
            f"{escape(answer_counts(a))}.</p>",
            '<table class="assessment"><thead><tr><th>Item</th><th>Answer</th><th>Weight</th><th>Applies</th>'
            "<th>Evidence in the spec</th></tr></thead><tbody>"]
    for row in a.items:
        note = f'<span class="paths">{escape(row.note)}</span>' if row.note else ""
        support = (f' <span class="a-{"disagrees" if row.support == "contradicts" else "agrees"}">'
                   f"{escape(row.support)}</span>" if row.support else "")
        rows.append(f'<tr data-item="{row.number}" class="applies-{row.applies}"><td>{row.number}. '
                    f"{escape(row.name)}</td><td>{escape(row.answer or '—')}{note}</td>"
                    f'<td class="num">{row.weight}</td><td>{escape(row.applies)}</td>'
                    f"<td>{escape(row.evidence)}{support}</td></tr>")
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _section(k: int, r: FileReport, view: GraphView | None, batch: bool) -> str:
    status = _status(r)
    n_review = sum(1 for v in r.conditions.values() if v.verdict == "review")
    title = r.title or display_path(r.path)
    out = [f'<section class="pipeline" id="p{k}" data-status="{status}">', '<div class="head">',
           f"<h2>{escape(title)}</h2>", f'<span class="badge s-{status}">{escape(_STATUS[status])}</span>',
           *([f'<span class="badge s-review">{n_review} left to review</span>'] if n_review else []),
           "</div>", f'<p class="path mono">{escape(display_path(r.path))}'
           + (f" · {r.stages} stages" if r.stages else "") + "</p>"]
    if r.config is not None:
        out.append(f'<p class="path mono">{escape(r.config.describe())}</p>')
    if r.errors:
        out.append("<h3>The file could not be checked</h3>")
        for d in r.errors:
            out.append(_finding(d, r.source_text))
    else:
        out.append(_figure(r, view, f"g{k}"))
        out.append("<h3>Verdicts and the authors' declared answers</h3>")
        out.append(_verdicts(r))
        out.append("<h3>METRICS items that apply</h3>")
        out.append(_items(r))
        out.append("<h3>METRICS assessment</h3>")
        if r.assessment is not None:
            out.append(_assessment(r.assessment))
        else:
            out.append('<p class="score"><strong>METRICS score: not assessed</strong> (no assess line)</p>')
        problems = all_problems(r)
        out.append(f"<h3>Findings ({len(problems)})</h3>")
        if problems:
            out += [_finding(f, r.source_text) for f in problems]
        else:
            out.append("<p>No findings: the declared answers agree with the pipeline.</p>")
    if batch:
        out.append('<p class="back"><a href="#index">Back to the index</a></p>')
    out.append("</section>")
    return "\n".join(o for o in out if o)


def _index(report: Report) -> str:
    cols = [("#", "number"), ("Pipeline", "text"), ("File", "text")] + [
        (f"#{c}", "text") for c in range(1, 6)] + [("Disagreements", "number"), ("Reviews", "number"),
                                                    ("Errors", "number"),
                                                    ("Warnings", "number"), ("Status", "text")]
    head = "".join(f'<th scope="col" data-type="{t}"><button type="button">{escape(n)}</button></th>'
                   for n, t in cols)
    rows = []
    for k, r in enumerate(report.files, 1):
        st = _status(r)
        cells = [f'<td class="num" data-sort="{k}">{k}</td>',
                 f'<td data-sort="{escape((r.title or display_path(r.path)).lower())}"><a href="#p{k}">'
                 f"{escape(r.title or display_path(r.path))}</a></td>",
                 f'<td class="mono" data-sort="{escape(display_path(r.path))}">{escape(display_path(r.path))}</td>']
        for c in range(1, 6):
            v = r.conditions.get(c)
            cells.append(f'<td data-sort="{escape(v.verdict if v else "~")}">{_verdict(v.verdict) if v else ""}</td>')
        dis = sum(1 for v in r.conditions.values() if declared_agreement(v.declared, v.verdict) == "disagrees")
        n_rev = sum(1 for v in r.conditions.values() if v.verdict == "review")
        n_err = len(r.errors) + len(r.active("error"))
        n_warn = len(r.active("warning"))
        cells += [f'<td class="num" data-sort="{dis}">{dis}</td>', f'<td class="num" data-sort="{n_rev}">{n_rev}</td>',
                  f'<td class="num" data-sort="{n_err}">{n_err}</td>',
                  f'<td class="num" data-sort="{n_warn}">{n_warn}</td>',
                  f'<td data-sort="{st}"><span class="badge s-{st}">{escape(_STATUS[st])}</span></td>']
        rows.append(f'<tr data-order="{k}">' + "".join(cells) + "</tr>")
    s = summary(report.files)
    counts = "; ".join(f"#{c}: " + ", ".join(f"{n} {w}" for w, n in s["verdicts"][str(c)].items())
                       for c in range(1, 6))
    to_review = sum(1 for r in report.files if any(v.verdict == "review" for v in r.conditions.values()))
    return (f'<section id="index"><h2>Index</h2><p class="meta">{s["files"]} files: '
            f'{s["files"] - s["input_errors"] - s["failed"]} without errors, {s["failed"]} with errors, '
            f'{s["input_errors"]} could not be read; <span class="a-review">{to_review} with a verdict left to '
            f'review</span>. Verdicts — {escape(counts)}.'
            + (f' {escape(scores_line(s["scores"]))}.' if "scores" in s else "")
            + ' Click a column to sort.</p>'
            f'<table class="index"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    """The page; ``options.views[k]`` is the picture of ``report.files[k]`` (None: no diagram)."""
    views = options.views if options.views is not None else (None,) * len(report.files)
    batch = len(report.files) > 1
    css = CSS + _legend_css()
    csp = (f"default-src 'none'; style-src {_sha(css)}; script-src {_sha(SCRIPT)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    title = report.files[0].title if len(report.files) == 1 and report.files[0].title else "METRICS conditions"
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta name="generator" content="pipespec">',
             '<link rel="icon" href="data:,">',
             f"<title>pipespec report — {escape(title)}</title>", f"<style>{css}</style>", "</head>", "<body>",
             '<header class="top"><h1>pipespec review report</h1>'
             f'<p class="meta">METRICS conditions decided from the declared pipeline by pipespec '
             f"{escape(report.pipespec_version)}, rule set {escape(report.ruleset_version)}. "
             "<em>Review</em> means the declaration lacks a fact the decision needs.</p></header>", "<main>"]
    if batch:
        parts.append(_index(report))
    for k, (r, v) in enumerate(zip(report.files, views), 1):
        parts.append(_section(k, r, v, batch))
    if report.skipped:  # what the folder walks left out on purpose (not errors)
        parts.append('<section id="skipped"><h2>Skipped (not errors)</h2><ul>' + "".join(
            f'<li><span class="mono">{escape(display_path(k.path))}</span>: {escape(k.reason)}</li>'
            for k in report.skipped) + "</ul></section>")
    parts += ["</main>", '<footer>Generated by pipespec. Verdicts are deterministic for a given rule set; the '
              "METRICS item weights are those of the METRICS tool.</footer>", f"<script>{SCRIPT}</script>",
              "</body>", "</html>"]
    return markup_safe("\n".join(parts) + "\n")
