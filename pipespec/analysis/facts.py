"""Facts about one stage that several rules need: a model's family, tasks, training and candidates, an
extraction's method and product, the delineation facts of a mask, box or segmentation step, and the category of
a feature-processing operation.

The vocabulary decides over a stage's own declaration when it knows the name (a 'deep' SVM is classical).  A list
of candidates (``algorithm: [SVM, random forest]``, ``training: [from_scratch, fine_tuned]``) is a comparison the
study makes: each candidate is decided, and the facts below give the most end-to-end one, so a list decides like
its most end-to-end candidate alone.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import functools
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from pipespec import vocab
from pipespec.model import AttrValue, Op, Stage

T = TypeVar("T")


def of_attributes(fact: Callable[[Stage], T]) -> Callable[[Stage], T]:
    """``fact`` read once per distinct set of attributes in a batch: each fact below depends on a stage's
    attributes alone (never its name, kind or wiring), and several rules ask for it of every model of every file,
    whose attributes are mostly alike (``{ task: classification }``). Whatever differs between two attribute sets
    equal as values (1, 1.0 and true) is a number or a yes/no, which no fact here reads."""
    @functools.lru_cache(maxsize=4096)
    def of(attrs: tuple[tuple[str, AttrValue], ...]) -> T:
        return fact(Stage("", "model", (), attrs))

    @functools.wraps(fact)
    def read(stage: Stage) -> T:
        try:
            return of(stage.attrs)
        except TypeError:  # a value that cannot be a key (a list in a model built in Python): read afresh
            return fact(stage)

    return read

DELINEATING_TASKS = ("segmentation", "detection")
# most end-to-end first: a comparison of training strategies decides like the first of these it contains
_TRAINING_ORDER = ("fine_tuned", "from_scratch", "distilled", "frozen_backbone", "end_to_end", "self_supervised",
                   "pretrained_only")


def _family_of(name: str) -> str | None:
    term = vocab.lookup(name)
    if term is not None and term.family in ("deep", "classical", "statistical"):
        return term.family
    return None


@of_attributes
def model_family(stage: Stage) -> str | None:
    """deep / classical / statistical: the vocabulary's answer for a known name (the architecture or algorithm,
    else its backbone), else the declared family. Among candidates, deep wins (the most end-to-end)."""
    declared = stage.text("family")
    names = model_candidates(stage)
    if len(names) <= 1:
        for key in ("architecture", "algorithm", "backbone"):
            for n in stage.values(key):
                f = _family_of(n)
                if f is not None:
                    return f
        return declared
    # compared candidates: each decided (an unknown name by the declared family, else the backbone), deep first
    backbone = next((f for f in map(_family_of, stage.values("backbone")) if f is not None), None)
    families = [_family_of(n) or backbone or declared for n in names]
    if "deep" in families:
        return "deep"
    if None in families:  # a candidate that might be deep: unknown, as it would be alone
        return None
    return families[0]


@of_attributes
def model_candidates(stage: Stage) -> tuple[str, ...]:
    """The architectures and algorithms a model stage names (several when the study compares candidates)."""
    return stage.values("architecture") + stage.values("algorithm")


@of_attributes
def deep_candidates(stage: Stage) -> tuple[str, ...]:
    """The candidates of a model that are deep networks (all of them when the family alone says deep)."""
    names = model_candidates(stage)
    deep = tuple(n for n in names if _family_of(n) == "deep")
    if deep:
        return deep
    if model_family(stage) == "deep":
        return tuple(n for n in names if _family_of(n) is None) or names
    return ()


@of_attributes
def model_training(stage: Stage) -> str | None:
    """The training of a model or deep extraction; of a list of compared strategies, the most end-to-end."""
    given = stage.values("training")
    for t in _TRAINING_ORDER:
        if t in given:
            return t
    return given[0] if given else None


@of_attributes
def extraction_method(stage: Stage) -> str | None:
    """handcrafted / deep: what the tool is (vocabulary) when known, else the declared method."""
    for key in ("tool", "backbone"):
        tool = stage.text(key)
        if tool:
            term = vocab.lookup(tool)
            if term is not None and term.family in ("handcrafted", "deep", "semantic"):
                return term.family
    method = stage.text("method")
    if method is None and stage.get("feature_classes"):
        return "handcrafted"  # predefined feature classes are hand-crafted, whatever the tool
    return method


def produces_maps(stage: Stage) -> bool:
    """A feature extraction that produces voxel-wise feature maps (images), not a table."""
    return stage.kind == "feature_extraction" and stage.text("produces") == "maps"


@of_attributes
def model_tasks(stage: Stage) -> tuple[str, ...]:
    """Every task of a model (several for a multi-task network), or the typical task of a known delineating or
    image-to-image architecture when none is given."""
    given = stage.values("task")
    if given:
        return given
    for name in model_candidates(stage):
        term = vocab.lookup(name)
        if term is not None and term.task in ("segmentation", "detection", "image_to_image"):
            return (term.task,)
    return ()


@of_attributes
def is_clustering(stage: Stage) -> bool:
    """A model that only groups its inputs without labels: every task clustering, or, with no task given, every
    candidate a clustering algorithm of the vocabulary (k-means, hierarchical clustering, Gaussian mixtures)."""
    given = stage.values("task")
    if given:
        return all(t == "clustering" for t in given)
    names = model_candidates(stage)
    return bool(names) and all((t := vocab.lookup(n)) is not None and t.task == "clustering" for n in names)


@of_attributes
def model_task(stage: Stage) -> str | None:
    """The task that decides what a model passes on: a delineating task when it has one (a multi-task network that
    segments and classifies delineates), else its first task."""
    tasks = model_tasks(stage)
    for t in tasks:
        if t in DELINEATING_TASKS:
            return t
    return tasks[0] if tasks else None


@of_attributes
def used_as_is(stage: Stage) -> bool:
    """A network the study applies as is: ``training: pretrained_only``, or no training stated for a product the
    vocabulary knows is normally applied as is (a vendor's deep-learning reconstruction, HD-BET, TotalSegmentator).
    A stated training (fine_tuned, from_scratch, ...) always decides."""
    training = model_training(stage)
    if training is not None:
        return training == "pretrained_only"
    names = model_candidates(stage)
    return bool(names) and all((t := vocab.lookup(n)) is not None and t.ready_made for n in names)


@of_attributes
def ready_made_product(stage: Stage) -> str | None:
    """The name of the ready-made product a model stage with no training stated is read as (``None`` when its
    training is stated, or it names no such product)."""
    if model_training(stage) is not None or not used_as_is(stage):
        return None
    return model_candidates(stage)[0]


class OpTool(NamedTuple):
    """The tool an operation names (``segmentation(tool: TotalSegmentator)``) and what it is: the vocabulary's
    family (deep, classical, statistical, manual, handcrafted) for a known name, else the operation's own
    ``family:``, else ``None`` (unknown)."""

    tool: str
    family: str | None
    known: bool


def op_tool(op: Op) -> OpTool | None:
    """The tool of an operation, or ``None`` when it names none. A list of tools decides like its deep one."""
    given = op.param("tool")
    if given is None:
        return None
    tools = [str(t) for t in given] if isinstance(given, tuple) else [str(given)]
    if not tools:
        return None
    declared = op.param("family")
    found: list[OpTool] = []
    for t in tools:
        term = vocab.lookup(t)
        if term is not None:
            found.append(OpTool(t, term.family, True))
        else:
            found.append(OpTool(t, str(declared) if declared is not None else None, False))
    for want in ("deep", None):
        for f in found:
            if f.family == want:
                return f
    return found[0]


def weights_source(stage: Stage) -> str | None:
    """The stage a network takes its weights from (``weights_from``), or None."""
    return stage.text("weights_from")


def label_sources(stage: Stage) -> tuple[str, ...]:
    """The stages a network takes its training labels from (``labels_from``; model and feature extraction)."""
    if stage.kind not in ("model", "feature_extraction"):
        return ()
    return stage.values("labels_from")


def training_only(stage: Stage) -> bool:
    """An input or pre-processing stage whose data is used only when training (``training_only: yes``)."""
    return stage.kind in ("input", "preprocessing") and stage.get("training_only") is True


class DelineationFacts(NamedTuple):
    """What a delineation says about itself (facts for METRICS items 10 and 14): how many readers, whether a human
    corrected it (none | subset | all, None when not stated), the subsets delineated again, whether the readers
    agreed each mask in consensus, how automatic masks were checked (``qc``: none | visual | automated; a visual
    check is not a correction), and the delineation the masks were copied or registered from."""

    readers: int | None = None
    corrected: str | None = None
    reproducibility: tuple[str, ...] = ()
    consensus: bool | None = None
    qc: str | None = None
    propagated_from: str | None = None


def delineation_facts(where: Stage | Op) -> DelineationFacts:
    """The delineation facts of a mask/box input, a segmentation model, or a delineating pre-processing op."""
    get = where.param if isinstance(where, Op) else where.get
    readers = get("readers")
    corrected = get("corrected")
    if corrected is True:  # a model built by an older writer
        corrected = "all"
    elif corrected is False:
        corrected = "none"
    repro = get("reproducibility")
    repro_t = tuple(str(x) for x in repro) if isinstance(repro, tuple) else (str(repro),) if repro else ()
    consensus, qc, source = get("consensus"), get("qc"), get("propagated_from")
    return DelineationFacts(readers if isinstance(readers, int) and not isinstance(readers, bool) else None,
                            str(corrected) if corrected is not None else None, repro_t,
                            consensus if isinstance(consensus, bool) else None,
                            str(qc) if qc is not None else None, str(source) if source is not None else None)


def processing_category(op: Op) -> str | None:
    """The METRICS feature-processing category of a pre-processing operation: robustness, redundancy,
    representation, scaling, imputation, class_balance (``None`` for other operations, and for custom ones that do
    not state their ``category``)."""
    if op.custom:
        category = op.param("category")
        return str(category) if category is not None else None
    method = op.param("method")
    return vocab.method_category(op.name, str(method) if method is not None else None)
