"""SARIF 2.1.0 output, as GitHub code scanning accepts it.

One run; ``tool.driver.rules`` lists every rule of the registry with its documentation as help text; one result per
finding and per input error, with ``ruleId``/``ruleIndex``, ``level``, the message (and the fix), and a physical
location whose ``artifactLocation.uri`` is relative to the working directory (``uriBaseId`` ``%SRCROOT%``) when the
file lies inside it.  A problem with a correction as data (the one ``check --fix``, ``--unsafe-fixes`` or an editor
applies) has it as a ``fix`` whose replacements are positioned as every region of the run (``columnKind``
``unicodeCodePoints``).  Waived findings carry an in-source suppression with the author's justification.  A verdict
left to review is a result of kind ``review`` (level ``none``) naming its condition.  The verdicts of each file
are in the properties of its entry in ``artifacts``; what a folder walk skipped on purpose (hidden folders, links out of
the tree, non-regular files) is a note among the invocation's ``toolExecutionNotifications``.
"""

from __future__ import annotations

import os
import re
from typing import Any

from pipespec.analysis.results import Verdict
from pipespec.analysis.rules import RULES, Rule
from pipespec.edits import Fix
from pipespec.errors import Problem, Span, shown
from pipespec.render import RenderOptions
from pipespec.render.common import CONDITION_NAMES, all_problems, dump_json, path_uri
from pipespec.report import FileReport, Report

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "verdict": "none"}


def _name(rule: Rule) -> str:
    words = re.findall(r"[A-Za-z0-9]+", rule.title)
    return "".join(w[:1].upper() + w[1:] for w in words) or rule.code


def _help_markdown(rule: Rule) -> str:
    cond = f"Condition #{rule.condition}" if rule.condition else "all conditions"
    parts = [f"**{rule.code}: {rule.title}** ({cond})", "", "**What it checks.** " + rule.what, "",
             "**Why it matters.** " + rule.why]
    if rule.reference:
        parts += ["", "**Reference.** " + rule.reference]
    if rule.example is not None:
        parts += ["", "**Example that triggers it.**", "", "```", rule.example.strip("\n"), "```"]
    else:
        parts += ["", "**Example.** " + rule.no_example]
    parts += ["", "**Fix.** " + rule.fix]
    return "\n".join(parts)


def _descriptor(rule: Rule) -> dict[str, Any]:
    tags = ["metrics", f"condition-{rule.condition}" if rule.condition else "input"]
    return {
        "id": rule.code,
        "name": _name(rule),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.what},
        "help": {"text": rule.doc(), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": tags, "precision": "very-high"},
    }


def _region(span: Span) -> dict[str, int]:
    region = {"startLine": max(1, span.line), "startColumn": max(1, span.column)}
    if span.end_line:
        region["endLine"] = max(span.end_line, region["startLine"])
        if span.end_column and (span.end_line > span.line or span.end_column > span.column):
            region["endColumn"] = span.end_column
    return region


class _Artifacts:
    def __init__(self, base: str | None):
        self.base = base
        self.index: dict[str, int] = {}
        self.entries: list[dict[str, Any]] = []

    def location(self, path: str) -> dict[str, Any]:
        if path not in self.index:
            uri, relative = path_uri(path, self.base)
            loc: dict[str, Any] = {"uri": uri}
            if relative:
                loc["uriBaseId"] = "%SRCROOT%"
            self.index[path] = len(self.entries)
            self.entries.append({"location": loc})
        k = self.index[path]
        return dict(self.entries[k]["location"], index=k)


def _result(f: Problem, file: FileReport, arts: _Artifacts, rule_index: dict[str, int]) -> dict[str, Any]:
    text = f.message + (f" Fix: {f.fix}" if f.fix and not f.waived else "")
    path = f.span.file if f.span.file and f.span.file != "<string>" else file.path
    res: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": arts.location(path), "region": _region(f.span)}}],
    }
    if f.code in rule_index:
        res["ruleIndex"] = rule_index[f.code]
    if f.related:
        res["relatedLocations"] = [
            {"id": k, "message": {"text": "related stage"},
             "physicalLocation": {"artifactLocation": arts.location(s.file if s.file != "<string>" else file.path),
                                  "region": _region(s)}}
            for k, s in enumerate(f.related, 1)]
    if f.autofix is not None and f.waived is None:
        res["fixes"] = [_fix(f.autofix, arts.location(path))]
    if f.waived is not None:
        res["suppressions"] = [{"kind": "inSource", "justification": f.waived}]
    props: dict[str, Any] = {}
    if f.stage:
        props["stage"] = f.stage
    if f.reference:
        props["reference"] = f.reference
    if props:
        res["properties"] = props
    return res


def _fix(fix: Fix, where: dict[str, Any]) -> dict[str, Any]:
    """A problem's correction as a SARIF ``fix``: its edits as replacements in the result's own file, each region
    in the run's columns (code points, 1-based, the end excluded: pipespec's own) and given in full, so that an
    insertion is the empty region where it goes. An unsafe fix says so in its description (``--unsafe-fixes``)."""
    return {
        "description": {"text": shown(fix.title) + ("" if fix.safe else " (unsafe)")},
        "artifactChanges": [{"artifactLocation": where, "replacements": [
            {"deletedRegion": {"startLine": e.line, "startColumn": e.column, "endLine": e.end_line,
                               "endColumn": e.end_column},
             "insertedContent": {"text": e.new_text}} for e in fix.edits]}],
        "properties": {"applicability": fix.applicability},
    }


def _review(condition: int, v: Verdict, file: FileReport, arts: _Artifacts,
            rule_index: dict[str, int]) -> dict[str, Any]:
    """A verdict left to the reviewer: a result of kind ``review`` (SARIF's own word for it; its level is then
    ``none``), so that it shows among the results and not only in the artifact's properties."""
    res: dict[str, Any] = {
        "ruleId": v.rule,
        "kind": "review",
        "level": "none",
        "message": {"text": f"Condition #{condition} ({CONDITION_NAMES[condition]}) left to review: {v.reason}"
                            + (f"; declared {v.declared}" if v.declared else "")},
        "locations": [{"physicalLocation": {"artifactLocation": arts.location(file.path),
                                            "region": {"startLine": 1, "startColumn": 1}}}],
        "properties": {"condition": condition, "verdict": "review"},
    }
    if v.rule in rule_index:
        res["ruleIndex"] = rule_index[v.rule]
    return res


def _invocation(report: Report, base: str | None) -> dict[str, Any]:
    """The run's invocation; what the folder walks left out on purpose (not errors) are notes on it."""
    notes: list[dict[str, Any]] = []
    for k in report.skipped:
        uri, relative = path_uri(k.path, base)
        loc: dict[str, Any] = {"uri": uri}
        if relative:
            loc["uriBaseId"] = "%SRCROOT%"
        notes.append({"level": "note", "message": {"text": f"skipped (not an error): {k.reason}"},
                      "locations": [{"physicalLocation": {"artifactLocation": loc}}]})
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def to_sarif(report: Report, base: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; ``base`` is the directory URIs are made relative to (default: cwd)."""
    rules = list(RULES.values())
    rule_index = {r.code: k for k, r in enumerate(rules)}
    arts = _Artifacts(base)
    results: list[dict[str, Any]] = []
    for file in report.files:
        arts.location(file.path)
        entry = arts.entries[arts.index[file.path]]
        props: dict[str, Any] = {"status": file.status}
        if file.title:
            props["title"] = file.title
        if file.conditions:
            props["verdicts"] = {str(c): v.verdict for c, v in sorted(file.conditions.items())}
            props["declared"] = {str(c): v.declared for c, v in sorted(file.conditions.items())
                                 if v.declared is not None}
            props["metricsItems"] = file.items
        if file.assessment is not None:
            a = file.assessment
            props["metricsScore"] = None if a.score is None else float(a.score)
            props["metricsCategory"] = a.category
            props["metricsScoreRange"] = None if a.score_range is None else [float(x) for x in a.score_range]
            props["metricsAnswers"] = {str(row.number): row.answer for row in a.items if row.answer is not None}
        entry["properties"] = props
        for f in all_problems(file):
            results.append(_result(f, file, arts, rule_index))
        for c, v in sorted(file.conditions.items()):
            if v.verdict == "review":
                results.append(_review(c, v, file, arts, rule_index))
    base_dir = os.path.abspath(base or os.getcwd())
    from urllib.parse import quote

    root_uri = "file://" + quote(os.fsencode(base_dir.replace(os.sep, "/").rstrip("/") + "/"), safe="/:")
    if not root_uri.startswith("file:///"):
        root_uri = "file:///" + root_uri[len("file://"):]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "pipespec",
            "version": report.pipespec_version or "0",
            "semanticVersion": report.pipespec_version or "0.0.0",
            "rules": [_descriptor(r) for r in rules],
            "properties": {"rulesetVersion": report.ruleset_version,
                           "conditions": {str(c): n for c, n in CONDITION_NAMES.items()}},
        }},
        "invocations": [_invocation(report, base)],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
        "artifacts": arts.entries,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return dump_json(to_sarif(report, options.base))
