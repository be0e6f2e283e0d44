"""The report: one structure for every output format (renderers only format it; they never compute).

``Report.to_dict()`` is the JSON document described by schema/report.schema.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipespec.analysis.results import Analysis, Evidence, ExpectationResult, GraphView, Verdict
from pipespec.errors import Problem
from pipespec.metrics import CONDITIONS, applicable_items

CONDITION_QUESTIONS = {c.number: c.question for c in CONDITIONS}


def _applicable(conditions: dict[int, Verdict], review: bool) -> frozenset[int]:
    """The METRICS items that apply, with every ``review`` verdict read as ``review`` (yes or no)."""
    return applicable_items({c: v.verdict == "yes" or (v.verdict == "review" and review)
                             for c, v in conditions.items()})


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {"stages": list(e.stages), "paths": [list(p) for p in e.paths], "note": e.note}


def verdict_dict(v: Verdict) -> dict[str, Any]:
    return {"verdict": v.verdict, "declared": v.declared, "rule": v.rule, "reason": v.reason,
            "cause": v.cause, "question": CONDITION_QUESTIONS[v.condition],
            "evidence": [evidence_dict(e) for e in v.evidence]}


def problem_dict(f: Problem) -> dict[str, Any]:
    """One problem as the JSON report gives it (the same shape for input errors and findings)."""
    return {"code": f.code, "severity": f.severity, "message": f.message,
            "file": f.span.file, "line": f.span.line, "column": f.span.column,
            "end_line": f.span.end_line, "end_column": f.span.end_column,
            "related": [{"file": s.file, "line": s.line, "column": s.column} for s in f.related],
            "fix": f.fix, "reference": f.reference, "stage": f.stage,
            "waived": f.waived is not None, "justification": f.waived}


@dataclass
class FileReport:
    path: str
    format: str | None = None
    title: str | None = None
    conditions: dict[int, Verdict] = field(default_factory=dict)
    findings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # input errors: the file could not be judged
    expectations: list[ExpectationResult] = field(default_factory=list)
    stages: int = 0
    source_text: str | None = field(default=None, repr=False, compare=False)  # for excerpts; not serialised
    drawing: GraphView | None = field(default=None, repr=False, compare=False)  # when asked for; not serialised

    @classmethod
    def of(cls, analysis: Analysis, path: str, fmt: str | None, title: str | None, stages: int) -> FileReport:
        return cls(path, fmt, title, analysis.conditions, analysis.findings, [], analysis.expectations, stages,
                   drawing=analysis.drawing)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def items(self) -> list[int]:
        """METRICS items that apply given the verdicts (conditional ones only on a Yes)."""
        if not self.conditions:
            return []
        return sorted(_applicable(self.conditions, review=False))

    @property
    def items_pending(self) -> list[int]:
        """Items whose applicability waits on a review verdict."""
        if not self.conditions:
            return []
        return sorted(_applicable(self.conditions, review=True) - _applicable(self.conditions, review=False))

    @property
    def status(self) -> str:
        """``input-error`` (the file could not be judged), ``fail`` (an active error finding) or ``pass``."""
        return "input-error" if self.errors else ("fail" if self.active("error") else "pass")

    def active(self, severity: str | None = None) -> list[Problem]:
        return [f for f in self.findings if f.waived is None and (severity is None or f.severity == severity)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "status": self.status,
            "stages": self.stages,
            "conditions": {str(c): verdict_dict(v) for c, v in sorted(self.conditions.items())},
            "items": self.items,
            "items_pending": self.items_pending,
            "findings": [problem_dict(f) for f in self.findings],
            "errors": [problem_dict(d) for d in self.errors],
            "expectations": [{"condition": e.condition, "expected": e.expected, "actual": e.actual,
                              "line": e.line, "passed": e.passed} for e in self.expectations],
        }


@dataclass
class Report:
    files: list[FileReport]
    pipespec_version: str = ""
    ruleset_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"pipespec_version": self.pipespec_version, "ruleset_version": self.ruleset_version,
                "files": [f.to_dict() for f in self.files], "summary": summary(self.files)}


def summary(files: list[FileReport]) -> dict[str, Any]:
    verdicts: dict[str, dict[str, int]] = {str(c): {"yes": 0, "no": 0, "review": 0} for c in range(1, 6)}
    codes: dict[str, int] = {}
    for f in files:
        for c, v in f.conditions.items():
            verdicts[str(c)][v.verdict] += 1
        for fd in f.findings:
            if fd.waived is None:
                codes[fd.code] = codes.get(fd.code, 0) + 1
        for d in f.errors:
            codes[d.code] = codes.get(d.code, 0) + 1
    return {
        "files": len(files),
        "input_errors": sum(1 for f in files if f.errors),
        "failed": sum(1 for f in files if not f.errors and f.active("error")),
        "verdicts": verdicts,
        "findings": dict(sorted(codes.items())),
    }
