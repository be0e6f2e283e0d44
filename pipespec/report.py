"""The report: one structure for every output format (renderers only format it; they never compute).

``Report.to_dict()`` is the JSON document described by schema/report.schema.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipespec.errors import Diagnostic, Span

# METRICS items switched on by each condition (the conditional items of the METRICS tool)
CONDITION_ITEMS: dict[int, tuple[int, ...]] = {1: (8, 10), 2: (9,), 3: (12,), 4: (14, 15, 16), 5: (17,)}
ALWAYS_ITEMS = tuple(i for i in range(1, 31) if i not in {8, 9, 10, 12, 14, 15, 16, 17})
CONDITION_QUESTIONS = {
    1: "Does the study include segmentation?",
    2: "Is the segmentation fully automated?",
    3: "Does it extract hand-crafted features?",
    4: "Does it handle tabular data?",
    5: "Does it include end-to-end deep learning?",
}


@dataclass(frozen=True)
class Evidence:
    """Why a verdict: the stages that decided it and, for Condition #5, input-to-output paths."""

    stages: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"stages": list(self.stages), "paths": [list(p) for p in self.paths], "note": self.note}


@dataclass(frozen=True)
class Verdict:
    condition: int
    verdict: str  # yes | no | review
    rule: str
    reason: str
    evidence: tuple[Evidence, ...] = ()
    declared: str | None = None
    cause: str | None = None  # a short machine tag: e2e_component, fused, deep_features_classical, ...

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "declared": self.declared, "rule": self.rule, "reason": self.reason,
                "cause": self.cause, "question": CONDITION_QUESTIONS[self.condition],
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # error | warning | info
    message: str
    span: Span
    related: tuple[Span, ...] = ()
    fix: str | None = None
    reference: str | None = None
    stage: str | None = None
    waived: str | None = None  # the justification when a waiver suppressed it

    @staticmethod
    def of(d: Diagnostic) -> Finding:
        return Finding(d.code, d.severity, d.message, d.span, d.related, d.hint)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "file": self.span.file, "line": self.span.line, "column": self.span.column,
                "end_line": self.span.end_line, "end_column": self.span.end_column,
                "related": [{"file": s.file, "line": s.line, "column": s.column} for s in self.related],
                "fix": self.fix, "reference": self.reference, "stage": self.stage,
                "waived": self.waived is not None, "justification": self.waived}


@dataclass(frozen=True)
class ExpectationResult:
    condition: int
    expected: str
    actual: str | None
    line: int

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


@dataclass
class FileReport:
    path: str
    format: str | None = None
    title: str | None = None
    conditions: dict[int, Verdict] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # input errors: the file could not be judged
    expectations: list[ExpectationResult] = field(default_factory=list)
    stages: int = 0
    source_text: str | None = field(default=None, repr=False, compare=False)  # for excerpts; not serialised

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def items(self) -> list[int]:
        """METRICS items that apply given the verdicts (conditional ones only on a Yes)."""
        if not self.conditions:
            return []
        items = set(ALWAYS_ITEMS)
        for c, v in self.conditions.items():
            if v.verdict == "yes":
                if c == 2 and self.conditions.get(1, v).verdict != "yes":
                    continue
                items.update(CONDITION_ITEMS[c])
        return sorted(items)

    @property
    def items_pending(self) -> list[int]:
        """Items whose applicability waits on a review verdict."""
        out: set[int] = set()
        for c, v in self.conditions.items():
            if v.verdict == "review":
                out.update(CONDITION_ITEMS[c])
        return sorted(out)

    def active(self, severity: str | None = None) -> list[Finding]:
        return [f for f in self.findings if f.waived is None and (severity is None or f.severity == severity)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "status": "input-error" if self.errors else (
                "fail" if self.active("error") else "pass"),
            "stages": self.stages,
            "conditions": {str(c): v.to_dict() for c, v in sorted(self.conditions.items())},
            "items": self.items,
            "items_pending": self.items_pending,
            "findings": [f.to_dict() for f in self.findings],
            "errors": [Finding.of(d).to_dict() for d in self.errors],
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
