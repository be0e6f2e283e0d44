"""The typed pipeline model: immutable records (named tuples) shared by every front end and every analysis.

A :class:`Pipeline` is a list of :class:`Stage` objects wired by their ``inputs`` (upstream stage names), plus
the author's declared answers to METRICS conditions 1-5, optional expectations (the oracle examples and rule
tests are checked against) and waivers.  Spans never take part in equality, so the same pipeline read from
DSL, YAML or JSON compares equal.

Values are canonical (``MR`` is held as ``MRI``, ``transfer learning`` as ``fine_tuned``): the rules decide on
them.  Beside them, each object keeps its ``spelling``: the author's text of every part whose canonical value
differs, as ``(document key, value as written)`` pairs, never compared.  The writers print the spelling, so
``pipespec fmt`` and ``convert`` keep what the author wrote.  Numbers keep their source text themselves
(pipespec.language.lexicon.SpelledInt, equal to the plain number).
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple

from pipespec.errors import Span

KINDS = ("input", "preprocessing", "feature_extraction", "model", "output")
CONDITIONS = (1, 2, 3, 4, 5)

Scalar = str | int | float | bool
AttrValue = Scalar | tuple[Scalar, ...]
# the author's text of the parts whose canonical value differs: (document key, value as written)
Spelling = tuple[tuple[str, Any], ...]
_NOWHERE = Span()


# Records compare (and hash) on what they say, never on where it was said (spans, the source file) or how it was
# written (spellings): each class's __eq__, __ne__ and __hash__ read only the fields its key picks.
def _equal(a: tuple[Any, ...], b: object, key: Callable[[Any], Any]) -> bool:
    return b.__class__ is a.__class__ and key(a) == key(b)


def written(spelling: Spelling, key: str, canonical: Any) -> Any:
    """What the author wrote for ``key`` (the canonical value when it was written canonically)."""
    for k, v in spelling:
        if k == key:
            return v
    return canonical


_OP_KEY = itemgetter(0, 1, 2, 3)


class Op(NamedTuple):
    """One pre-processing operation, e.g. ``augment(flip, crop)`` or ``segmentation(mode: manual)``.

    ``args`` are positional words, ``params`` keyword arguments.  ``custom`` ops (quoted names) are free text
    outside the vocabulary; they keep the data type and never delineate a region of interest.
    """

    name: str
    args: tuple[Scalar, ...] = ()
    params: tuple[tuple[str, AttrValue], ...] = ()
    custom: bool = False
    span: Span = _NOWHERE
    # the operation as written (its document form: "LASSO", {"op": "segmentation", "args": ["manual"]}), when it
    # differs from the canonical one
    spelling: Spelling = ()

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _OP_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _OP_KEY)

    def __hash__(self) -> int:
        return hash(_OP_KEY(self))

    def param(self, key: str, default: AttrValue | None = None) -> AttrValue | None:
        for k, v in self.params:
            if k == key:
                return v
        return default


_STAGE_KEY = itemgetter(0, 1, 2, 3, 4)


class Stage(NamedTuple):
    """A typed stage. ``attrs`` holds the attributes in canonical key order (see ``pipespec.language.attributes.ORDER``)."""

    name: str
    kind: str
    inputs: tuple[str, ...] = ()
    attrs: tuple[tuple[str, AttrValue], ...] = ()
    ops: tuple[Op, ...] = ()
    span: Span = _NOWHERE
    input_spans: tuple[Span, ...] = ()
    attr_spans: tuple[tuple[str, Span], ...] = ()
    spelling: Spelling = ()  # attributes as written, by key

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _STAGE_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _STAGE_KEY)

    def __hash__(self) -> int:
        return hash(_STAGE_KEY(self))

    def get(self, key: str, default: AttrValue | None = None) -> AttrValue | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return default

    def text(self, key: str) -> str | None:
        """An attribute as a string (``None`` when absent); a list of candidates is joined with ", "."""
        v = self.get(key)
        if isinstance(v, tuple):
            return ", ".join(str(x) for x in v)
        return None if v is None else str(v)

    def values(self, key: str) -> tuple[str, ...]:
        """An attribute that may be a list (``task``, ``algorithm``, ``architecture``, ``training``) as a tuple of
        strings: ``()`` when absent, one item when a single value."""
        v = self.get(key)
        if v is None:
            return ()
        if isinstance(v, tuple):
            return tuple(str(x) for x in v)
        return (str(v),)

    def attr_span(self, key: str) -> Span:
        for k, s in self.attr_spans:
            if k == key:
                return s
        return self.span

    def input_span(self, name: str) -> Span:
        for n, s in zip(self.inputs, self.input_spans):
            if n == name:
                return s
        return self.span


_STATEMENT_KEY = itemgetter(0, 1)


class Statement(NamedTuple):
    """``declare conditionN = value`` or ``expect conditionN = value``."""

    condition: int
    value: str  # yes | no (declare); yes | no | review (expect)
    span: Span = _NOWHERE
    spelling: Spelling = ()  # ("key", "cond1"), ("value", "Yes")

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _STATEMENT_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _STATEMENT_KEY)

    def __hash__(self) -> int:
        return hash(_STATEMENT_KEY(self))


_WAIVER_KEY = itemgetter(0, 1, 2)


class Waiver(NamedTuple):
    """``waive CODE "justification"``: suppresses a finding, never a verdict, and is always reported."""

    code: str
    justification: str
    stage: str | None = None
    span: Span = _NOWHERE
    spelling: Spelling = ()  # ("code", ...), ("justification", ...)

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _WAIVER_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _WAIVER_KEY)

    def __hash__(self) -> int:
        return hash(_WAIVER_KEY(self))


_ITEM_ANSWER_KEY = itemgetter(0, 1, 2)


class ItemAnswer(NamedTuple):
    """``assess itemN = yes|no|n/a "note"``: the author's answer to one METRICS item (1-30)."""

    item: int
    answer: str  # yes | no | n/a
    note: str | None = None
    span: Span = _NOWHERE
    spelling: Spelling = ()  # ("key", "Item 7"), ("answer", "Yes")

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _ITEM_ANSWER_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _ITEM_ANSWER_KEY)

    def __hash__(self) -> int:
        return hash(_ITEM_ANSWER_KEY(self))


_FACTS_KEY = itemgetter(0)


class Facts(NamedTuple):
    """A block of study facts (``cohort``, ``evaluation``, ``availability``): its values in canonical key order
    (see ``pipespec.language.attributes.FACTS``), each with the span of its key."""

    values: tuple[tuple[str, AttrValue], ...] = ()
    spans: tuple[tuple[str, Span], ...] = ()
    span: Span = _NOWHERE
    spelling: Spelling = ()  # values as written, by key

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _FACTS_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _FACTS_KEY)

    def __hash__(self) -> int:
        return hash(_FACTS_KEY(self))

    def get(self, key: str) -> AttrValue | None:
        for k, v in self.values:
            if k == key:
                return v
        return None

    def where(self, key: str) -> Span:
        for k, s in self.spans:
            if k == key:
                return s
        return self.span


FACT_BLOCKS = ("cohort", "evaluation", "availability")


_PIPELINE_KEY = itemgetter(0, 1, 2, 3, 4, 5, 8, 9, 10, 11)


class Pipeline(NamedTuple):
    title: str
    stages: tuple[Stage, ...]
    study: tuple[tuple[str, Scalar], ...] = ()
    declarations: tuple[Statement, ...] = ()
    expectations: tuple[Statement, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    span: Span = _NOWHERE
    source: str = "<string>"
    assessment: tuple[ItemAnswer, ...] = ()  # the METRICS item answers (``assess``), by item number
    cohort: Facts | None = None  # centers, cases, events
    evaluation: Facts | None = None  # split, folds, selection_fitted_on, ... (see attributes.FACTS)
    availability: Facts | None = None  # data, code, model: a location (URL) or no
    spelling: Spelling = ()  # ("pipeline", the title as written), study

    def __eq__(self, other: object) -> bool:
        return _equal(self, other, _PIPELINE_KEY)

    def __ne__(self, other: object) -> bool:
        return not _equal(self, other, _PIPELINE_KEY)

    def __hash__(self) -> int:
        return hash(_PIPELINE_KEY(self))

    def stage(self, name: str) -> Stage:
        """The stage called ``name`` (a search through the stages: for many look-ups, take ``by_name`` once)."""
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(name)

    @property
    def by_name(self) -> dict[str, Stage]:
        """The stages by name (made at each call)."""
        return {s.name: s for s in self.stages}

    def declared(self, condition: int) -> Statement | None:
        for d in self.declarations:
            if d.condition == condition:
                return d
        return None

    def answer(self, item: int) -> ItemAnswer | None:
        for a in self.assessment:
            if a.item == item:
                return a
        return None

    def facts(self, block: str) -> Facts:
        """The ``cohort``, ``evaluation`` or ``availability`` block (empty when not given)."""
        found: Facts | None = getattr(self, block)
        return found if found is not None else Facts()

    def expected(self, condition: int) -> Statement | None:
        for e in self.expectations:
            if e.condition == condition:
                return e
        return None
