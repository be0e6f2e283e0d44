"""What the analysis of one pipeline gives: typed verdicts, evidence, expectation results and the rule settings.

These are plain values: the report serialises them, the renderers format them, nothing here computes.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from decimal import Decimal
from typing import NamedTuple

from pipespec.errors import ECHO_LIMIT, MadeSafe, Problem, shown


class Evidence(NamedTuple):
    """Why a verdict: the stages that decided it and, for Condition #5, input-to-output paths."""

    stages: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    note: str = ""


class _VerdictFields(NamedTuple):
    condition: int
    verdict: str  # yes | no | review
    rule: str
    reason: str
    evidence: tuple[Evidence, ...]
    declared: str | None
    cause: str | None  # a short machine tag: e2e_component, fused, deep_features_classical, ...


class Verdict(MadeSafe, _VerdictFields):  # type: ignore[misc]  # _make: the named tuple's, made safe
    """The decision on one METRICS condition: ``yes``, ``no`` or ``review``, the rule that decided and why (the
    reason quotes the file, names and architectures: shown as a problem is)."""

    __slots__ = ()
    _safe_fields = frozenset({"reason"})

    def __new__(cls, condition: int, verdict: str, rule: str, reason: str, evidence: tuple[Evidence, ...] = (),
                declared: str | None = None, cause: str | None = None) -> "Verdict":
        return tuple.__new__(cls, (condition, verdict, rule, shown(reason), evidence, declared, cause))



class EndToEndFacts(NamedTuple):
    """What the Condition #5 decision saw besides its verdict: the end-to-end models that were transfer-learned,
    and those that are part of a modular (multi-model) system. The misclassification rules name their cause."""

    transfer: tuple[str, ...] = ()
    modular: tuple[str, ...] = ()


class Decisions(NamedTuple):
    """The five verdicts with the facts the finding rules need from the deciding pass."""

    verdicts: dict[int, Verdict]
    end_to_end: EndToEndFacts
    delineating: frozenset[str]  # stages that delineate a region of interest


class ExpectationResult(NamedTuple):
    condition: int
    expected: str
    actual: str | None
    line: int

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


class Config:
    """Per-rule severity overrides and disabled rules ([tool.pipespec] or .pipespec.toml): ``source`` is the
    configuration file (None: the rules as shipped), ``sha256`` the digest of its bytes as read."""

    __slots__ = ("severity", "disable", "source", "sha256")

    def __init__(self, severity: dict[str, str] | None = None, disable: frozenset[str] = frozenset(),
                 source: str | None = None, sha256: str | None = None) -> None:
        self.severity: dict[str, str] = {} if severity is None else severity
        self.disable = disable
        self.source = source
        self.sha256 = sha256

    def __eq__(self, other: object) -> bool:
        return other.__class__ is Config and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Config(severity={self.severity!r}, disable={self.disable!r}, source={self.source!r})"


class ItemResult(NamedTuple):
    """One METRICS item of an assessed pipeline: the author's answer, whether the decided conditions make it apply
    (``yes``, ``no``, or ``pending`` while a condition is undecided), and what the pipeline or study facts show
    about it (``support``: ``supports``, ``contradicts`` or ``None``; ``evidence``: a short phrase)."""

    number: int
    name: str
    weight: Decimal
    answer: str | None  # yes | no | n/a | None (unanswered: counts as No where the item applies)
    applies: str  # yes | no | pending
    note: str | None = None
    evidence: str = ""
    support: str | None = None
    line: int | None = None

    @property
    def counted(self) -> bool:
        """Whether the item adds its weight to the score (it applies and is answered yes)."""
        return self.applies == "yes" and self.answer == "yes"


class Assessment(NamedTuple):
    """The METRICS score of a pipeline with an ``assess`` block.

    ``conditions`` are the answers the gating used: the verdict, or the declared answer where the verdict is
    review, else ``None``.  With every condition decided, ``score`` and ``category`` are set; otherwise
    ``score`` is ``None`` and ``score_range`` gives the lowest and highest score the undecided conditions allow.
    """

    items: tuple[ItemResult, ...]
    conditions: dict[int, bool | None]
    score: Decimal | None
    category: str | None
    score_range: tuple[Decimal, Decimal] | None = None


class _StageViewFields(NamedTuple):
    name: str
    kind: str
    detail: str  # one line: what the stage is (modality and form, operations, tool, architecture, task)
    line: int
    family: str | None


class StageView(MadeSafe, _StageViewFields):  # type: ignore[misc]  # _make: the named tuple's, made safe
    """One stage as a drawing shows it (its detail cut to a readable length and made one safe line)."""

    __slots__ = ()

    def __new__(cls, name: str, kind: str, detail: str, line: int = 0, family: str | None = None) -> "StageView":
        return tuple.__new__(cls, (name, kind, shown(detail, ECHO_LIMIT), line, family))



class GraphView:
    """The picture of a pipeline's graph: its stages in topological order, its edges ``(from, to, data type)``,
    which of them lie on a path that decided Condition #5, and the training-time relations (weights, labels)."""

    __slots__ = ("title", "stages", "edges", "highlight", "on_path", "verdict5", "relations")

    def __init__(self, title: str, stages: list[StageView], edges: list[tuple[str, str, str]],
                 highlight: set[tuple[str, str]] | None = None, on_path: set[str] | None = None,
                 verdict5: str | None = None, relations: list[tuple[str, str, str]] | None = None) -> None:
        self.title = shown(title, ECHO_LIMIT)
        self.stages = stages
        self.edges = edges
        # training-time relations, not data flow: (source, network, "weights" | "labels"), drawn dashed
        self.relations: list[tuple[str, str, str]] = [] if relations is None else relations
        self.highlight: set[tuple[str, str]] = set() if highlight is None else highlight
        self.on_path: set[str] = set() if on_path is None else on_path
        self.verdict5 = verdict5

    def highlighted(self, u: str, v: str) -> bool:
        return (u, v) in self.highlight


class Analysis(NamedTuple):
    """Everything decided about one pipeline."""

    conditions: dict[int, Verdict]
    findings: list[Problem]
    expectations: list[ExpectationResult]
    drawing: GraphView | None = None  # the picture of the graph, when asked for
    assessment: Assessment | None = None  # only for a pipeline with an ``assess`` block
