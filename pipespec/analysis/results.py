"""What the analysis of one pipeline gives: typed verdicts, evidence, expectation results and the rule settings.

These are plain values: the report serialises them, the renderers format them, nothing here computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipespec.errors import ECHO_LIMIT, Problem, shown


@dataclass(frozen=True)
class Evidence:
    """Why a verdict: the stages that decided it and, for Condition #5, input-to-output paths."""

    stages: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """The decision on one METRICS condition: ``yes``, ``no`` or ``review``, the rule that decided and why."""

    condition: int
    verdict: str  # yes | no | review
    rule: str
    reason: str
    evidence: tuple[Evidence, ...] = ()
    declared: str | None = None
    cause: str | None = None  # a short machine tag: e2e_component, fused, deep_features_classical, ...

    def __post_init__(self) -> None:  # the reason quotes the file (names, architectures): shown as a problem is
        object.__setattr__(self, "reason", shown(self.reason))


@dataclass(frozen=True)
class EndToEndFacts:
    """What the Condition #5 decision saw besides its verdict: the end-to-end models that were transfer-learned,
    and those that are part of a modular (multi-model) system. The misclassification rules name their cause."""

    transfer: tuple[str, ...] = ()
    modular: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decisions:
    """The five verdicts with the facts the finding rules need from the deciding pass."""

    verdicts: dict[int, Verdict]
    end_to_end: EndToEndFacts
    delineating: frozenset[str]  # stages that delineate a region of interest


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
class Config:
    """Per-rule severity overrides and disabled rules ([tool.pipespec] or .pipespec.toml)."""

    severity: dict[str, str] = field(default_factory=dict)
    disable: frozenset[str] = frozenset()
    source: str | None = None  # the configuration file, or None (the rules as shipped)
    sha256: str | None = None  # of that file's bytes, as read


@dataclass(frozen=True)
class ItemResult:
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


@dataclass(frozen=True)
class Assessment:
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


@dataclass(frozen=True)
class StageView:
    name: str
    kind: str
    detail: str  # one line: what the stage is (modality and form, operations, tool, architecture, task)
    line: int = 0
    family: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", shown(self.detail, ECHO_LIMIT))


@dataclass
class GraphView:
    title: str
    stages: list[StageView]  # in topological order
    edges: list[tuple[str, str, str]]  # (from, to, data type)
    highlight: set[tuple[str, str]] = field(default_factory=set)  # edges on a deciding path
    on_path: set[str] = field(default_factory=set)  # stages on a deciding path
    verdict5: str | None = None

    def __post_init__(self) -> None:
        self.title = shown(self.title, ECHO_LIMIT)

    def highlighted(self, u: str, v: str) -> bool:
        return (u, v) in self.highlight


@dataclass(frozen=True)
class Analysis:
    """Everything decided about one pipeline."""

    conditions: dict[int, Verdict]
    findings: list[Problem]
    expectations: list[ExpectationResult]
    drawing: GraphView | None = None  # the picture of the graph, when asked for
    assessment: Assessment | None = None  # only for a pipeline with an ``assess`` block
