"""The report: one structure for every output format (renderers only format it; they never compute).

``Report.to_dict()`` is the JSON document described by schema/report.schema.json.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from decimal import Decimal
from typing import Any, NamedTuple

from pipespec.analysis.results import Analysis, Assessment, Evidence, ExpectationResult, GraphView, Verdict
from pipespec.edits import Fix
from pipespec.errors import ECHO_LIMIT, Problem, shown
from pipespec.metrics import CATEGORIES, CONDITIONS, applicable_items, round_score

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
            "waived": f.waived is not None, "justification": f.waived,
            "autofix": fix_dict(f.autofix if f.waived is None else None)}  # a waived finding is left as it is


def fix_dict(fix: Fix | None) -> dict[str, Any] | None:
    """A problem's correction as data (``None``: none): its title, whether it is safe (``check --fix`` applies it;
    an unsafe one only with ``--unsafe-fixes``) and its edits, positioned as spans are (1-based lines counted at
    ``\\n``, 1-based columns in code points, the end excluded), each in the original text: applied together they
    give the corrected text."""
    if fix is None:
        return None
    return {"title": shown(fix.title), "safe": fix.safe,
            "edits": [{"line": e.line, "column": e.column, "end_line": e.end_line, "end_column": e.end_column,
                       "new_text": e.new_text} for e in fix.edits]}


class ConfigRef(NamedTuple):
    """The configuration file that judged a file: its path and the SHA-256 of its bytes as read."""

    path: str
    sha256: str

    def describe(self) -> str:
        """``configuration: PATH (sha256 0123abcd...)`` for people (the path escaped for display)."""
        from pipespec.errors import display_path

        return f"configuration: {display_path(self.path)} (sha256 {self.sha256[:12]}...)"


class FileReport:
    """What checking one file gave: its verdicts, findings and expectation results, or the input errors that kept
    it from being judged (``errors``). ``source_text`` (for excerpts) and ``drawing`` are not serialised and take no
    part in equality; ``assessment`` is set only for a file with an ``assess`` block; ``config`` names the
    configuration file that judged the file (None: the rules as shipped)."""

    _COMPARED = ("path", "format", "title", "conditions", "findings", "errors", "expectations", "stages",
                 "assessment", "config")

    def __init__(self, path: str, format: str | None = None, title: str | None = None,
                 conditions: dict[int, Verdict] | None = None, findings: list[Problem] | None = None,
                 errors: list[Problem] | None = None, expectations: list[ExpectationResult] | None = None,
                 stages: int = 0, source_text: str | None = None, drawing: GraphView | None = None,
                 assessment: Assessment | None = None, config: ConfigRef | None = None) -> None:
        self.path = path
        self.format = format
        # a title is echoed by every format: cut and made one line like a message
        self.title = None if title is None else shown(title, ECHO_LIMIT)
        self.conditions: dict[int, Verdict] = {} if conditions is None else conditions
        self.findings: list[Problem] = [] if findings is None else findings
        self.errors: list[Problem] = [] if errors is None else errors  # input errors: the file could not be judged
        self.expectations: list[ExpectationResult] = [] if expectations is None else expectations
        self.stages = stages
        self.source_text = source_text
        self.drawing = drawing
        self.assessment = assessment
        self.config = config
        self.pipeline: Any = None  # the judged pipeline, kept only when asked for (Options.keep_model)

    def __eq__(self, other: object) -> bool:
        return other.__class__ is FileReport and all(getattr(self, k) == getattr(other, k) for k in self._COMPARED)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"FileReport(path={self.path!r}, status={self.status!r})"

    @classmethod
    def of(cls, analysis: Analysis, path: str, fmt: str | None, title: str | None, stages: int) -> "FileReport":
        return cls(path, fmt, title, analysis.conditions, analysis.findings, [], analysis.expectations, stages,
                   drawing=analysis.drawing, assessment=analysis.assessment)

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
        out = self._dict()
        if self.assessment is not None:
            out.update(assessment_dict(self.assessment))
        else:  # no assess line: not assessed, never a score of 0
            out["score"] = None
        out["assessed"] = self.assessment is not None
        return out

    def _dict(self) -> dict[str, Any]:
        items: list[int] = []
        pending: list[int] = []
        if self.conditions:  # self.items and self.items_pending, the applicable items found once
            now = _applicable(self.conditions, review=False)
            items = sorted(now)
            pending = sorted(_applicable(self.conditions, review=True) - now)
        return {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "status": self.status,
            "stages": self.stages,
            "conditions": {str(c): verdict_dict(v) for c, v in sorted(self.conditions.items())},
            "items": items,
            "items_pending": pending,
            "findings": [problem_dict(f) for f in self.findings],
            "errors": [problem_dict(d) for d in self.errors],
            "expectations": [{"condition": e.condition, "expected": e.expected, "actual": e.actual,
                              "line": e.line, "passed": e.passed} for e in self.expectations],
            "config": None if self.config is None else {"path": self.config.path, "sha256": self.config.sha256},
        }


def score_number(value: Decimal | None) -> float | None:
    """A score for JSON: the one-decimal value as a number (63.4), or ``None``."""
    return None if value is None else float(value)


def assessment_dict(a: Assessment) -> dict[str, Any]:
    """The score keys of a file's JSON (schema/report.schema.json): ``score`` (``None`` while conditions are
    undecided), ``category``, ``score_range`` and the item table."""
    return {
        "score": score_number(a.score),
        "category": a.category,
        "score_range": None if a.score_range is None else [float(a.score_range[0]), float(a.score_range[1])],
        "assessment": {
            "conditions": {str(c): (None if v is None else "yes" if v else "no") for c, v in sorted(a.conditions.items())},
            "items": [{"item": r.number, "name": r.name, "weight": float(r.weight), "answer": r.answer,
                       "note": r.note, "applies": r.applies, "counted": r.counted, "evidence": r.evidence,
                       "support": r.support, "line": r.line} for r in a.items],
        },
    }


def score_distribution(files: list[FileReport]) -> dict[str, Any] | None:
    """The scores of the assessed files of a batch: how many, per category, lowest, median, highest (``None``
    when no file is assessed)."""
    assessed = [f.assessment for f in files if f.assessment is not None]
    if not assessed:
        return None
    scores = sorted(a.score for a in assessed if a.score is not None)
    cats = {c: 0 for c in CATEGORIES}
    for a in assessed:
        if a.category is not None:
            cats[a.category] += 1
    median: Decimal | None = None
    if scores:
        mid = len(scores) // 2
        median = round_score(scores[mid] if len(scores) % 2 else (scores[mid - 1] + scores[mid]) / 2)
    return {"assessed": len(assessed), "scored": len(scores), "ranges": len(assessed) - len(scores),
            "categories": cats, "min": score_number(scores[0] if scores else None),
            "median": score_number(median), "max": score_number(scores[-1] if scores else None)}


class Skipped(NamedTuple):
    """Something a folder walk deliberately left out (not an error): its path and why (a hidden folder, a file that
    is not a regular file, a link out of the checked tree, a report pipespec wrote)."""

    path: str
    reason: str


class Report:
    """The reports of a batch, in the order the paths were given, with what the folder walks skipped."""

    def __init__(self, files: list[FileReport], pipespec_version: str = "", ruleset_version: str = "",
                 skipped: list[Skipped] | None = None) -> None:
        self.files = files
        self.pipespec_version = pipespec_version
        self.ruleset_version = ruleset_version
        self.skipped: list[Skipped] = [] if skipped is None else skipped

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Report) and other.__class__ is Report and self.files == other.files
                and self.pipespec_version == other.pipespec_version and self.ruleset_version == other.ruleset_version
                and self.skipped == other.skipped)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def to_dict(self) -> dict[str, Any]:
        return {"pipespec_version": self.pipespec_version, "ruleset_version": self.ruleset_version,
                "files": [f.to_dict() for f in self.files], "summary": summary(self.files),
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped]}


def skipped_line(skipped: list[Skipped]) -> str | None:
    """``skipped 3 (not errors): hidden folder 2, link out of the checked tree 1`` (``None`` when nothing was
    skipped)."""
    if not skipped:
        return None
    counts: dict[str, int] = {}
    for s in skipped:
        key = s.reason.split(" (", 1)[0]
        counts[key] = counts.get(key, 0) + 1
    return f"skipped {len(skipped)} (not errors): " + ", ".join(f"{why} {n}" for why, n in sorted(counts.items()))


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
    out = {
        "files": len(files),
        "input_errors": sum(1 for f in files if f.errors),
        "failed": sum(1 for f in files if not f.errors and f.active("error")),
        "verdicts": verdicts,
        "findings": dict(sorted(codes.items())),
    }
    scores = score_distribution(files)
    if scores is not None:
        out["scores"] = scores
    return out
