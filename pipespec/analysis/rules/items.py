"""The METRICS assessment (M2xx-M4xx): item answers gated by the decided conditions, checked against the pipeline
and the study facts, and the METRICS score.

- ``M2xx`` gating: the decided conditions (the verdicts; the declared answer where a verdict is ``review``)
  switch items on and off (Kocak et al. 2024, Table 1).  An item switched off must not be answered yes/no
  (``M201``), an item that applies must not be n/a (``M202``), unanswered applicable items count as No
  (``M203``, one warning listing them), and an answer under a condition in review is an info (``M204``).  When
  the author misclassified a condition (a ``C`` finding), its gating consequences are folded into that finding.
- ``M3NN`` (warning): the answer to item NN is contradicted by what the pipeline or the study facts show.
- ``M4NN`` (info): item NN is answered yes, but nothing in the spec shows it although it could be declared.
- ``M316`` (info): the dimensionality figures (features against cases or events) for item 16.

Weights, the gating table, the score and its rounding come from :mod:`pipespec.metrics`.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from collections.abc import Callable
from typing import NamedTuple

from pipespec import vocab
from pipespec.analysis.facts import model_family, processing_category
from pipespec.analysis.graph import Graph
from pipespec.analysis.results import Assessment, Decisions, ItemResult
from pipespec.analysis.rules.conditions import delineations
from pipespec.analysis.rules.examples import ct_radiomics, pipeline
from pipespec.analysis.rules.record import Rule, problem
from pipespec.errors import Problem, Span
from pipespec.lazyre import LazyPattern
from pipespec.metrics import (
    ITEMS,
    NA,
    YES,
    applicable_items,
    category,
    effective_conditions,
    item,
    score,
    score_range,
)
from pipespec.model import Pipeline, Stage

METRICS = "Kocak et al. 2024 (METRICS), Table 1"
E3_ITEMS = "METRICS-E3, item-level recommendations"


# ============================================================================ the example files
def example(assess: str, facts: str = "", seg: str = "segmentation(mode: manual)",
            extra_ops: str = "select", declare: str = "") -> str:
    """A complete hand-crafted radiomics pipeline with the given ``assess`` lines and study facts."""
    return pipeline("Assessed radiomics", *ct_radiomics(seg, select=extra_ops),
                    *(declare or "declare condition5 = no").splitlines(),
                    *(line for line in facts.splitlines() if line), *(line for line in assess.splitlines() if line))


# ============================================================================ gating (M201-M204)
M201 = Rule(
    code="M201",
    title="item answered although the conditions switch it off",
    condition=None,
    severity="error",
    what=("A METRICS item answered yes or no although a decided condition it depends on is No (items 8-10 "
          "need segmentation, 9 fully automated segmentation, 12 hand-crafted features, 14-16 tabular data, "
          "17 end-to-end deep learning)."),
    why=("The METRICS tool drops such an item from the score; an answer to it shows that the conditions were "
         "read differently from the pipeline, which changes which items count."),
    fix="Answer the item n/a, or correct the pipeline if the condition really is Yes.",
    reference=METRICS,
    example=example("assess item17 = yes"),
)

M202 = Rule(
    code="M202",
    title="applicable item answered n/a",
    condition=None,
    severity="error",
    what="A METRICS item that applies given the decided conditions is answered n/a.",
    why="An item that applies counts towards the score: n/a is not an answer for it (it counts as No).",
    fix="Answer the item yes or no.",
    reference=METRICS,
    example=example("assess item11 = n/a"),
)

M203 = Rule(
    code="M203",
    title="applicable items left unanswered",
    condition=None,
    severity="warning",
    what="Items that apply given the decided conditions have no answer in the assess block.",
    why="The METRICS tool counts an unanswered item as No, which lowers the score.",
    fix="Answer every applicable item: assess itemN = yes | no.",
    reference=METRICS,
    example=example("assess item1 = yes"),
)

M204 = Rule(
    code="M204",
    title="item answered under a condition in review",
    condition=None,
    severity="info",
    what=("An answered item depends on a condition the pipeline leaves for review: whether it applies follows "
          "the declared answer to that condition, or, with none, the score is given as a range."),
    why="The answer may or may not count; a reviewer should settle the condition first.",
    fix="State what decides the condition (e.g. the segmentation mode), or declare it.",
    reference=METRICS,
    example=example("assess item9 = yes", seg="segmentation"),
)


def gating_conditions(p: Pipeline, decisions: Decisions) -> tuple[dict[int, bool | None], set[int]]:
    """The condition answers the gating uses (the verdict; the declared answer where the verdict is review; else
    ``None``) and the conditions in review."""
    conds: dict[int, bool | None] = {}
    review: set[int] = set()
    for c, v in decisions.verdicts.items():
        if v.verdict == "review":
            review.add(c)
            d = p.declared(c)
            conds[c] = None if d is None else d.value == "yes"
        else:
            conds[c] = v.verdict == "yes"
    return conds, review


def applies(number: int, eff: dict[int, bool | None]) -> str:
    """``yes``, ``no`` or ``pending`` for an item given the effective condition answers."""
    needs = item(number).conditions
    if any(eff.get(c) is False for c in needs):
        return "no"
    if all(eff.get(c) is True for c in needs):
        return "yes"
    return "pending"


def _items_text(numbers: list[int]) -> str:
    return ("item " if len(numbers) == 1 else "items ") + ", ".join(str(n) for n in numbers)


_C_CODE = LazyPattern(r"^C([1-5])\d\d$")


def _misclassified(p: Pipeline, decisions: Decisions) -> set[int]:
    out: set[int] = set()
    for c, v in decisions.verdicts.items():
        d = p.declared(c)
        if d is not None and v.verdict != "review" and d.value != v.verdict:
            out.add(c)
    return out


def gate(p: Pipeline, decisions: Decisions, findings: list[Problem],
         disabled: frozenset[str] = frozenset()) -> tuple[dict[int, str], list[Problem], list[Problem]]:
    """Applicability of every item, the gating problems, and ``findings`` with the gating consequences of a
    misclassified condition folded into its C finding (unless the configuration disables that finding: then
    they are reported item by item)."""
    conds, review = gating_conditions(p, decisions)
    eff = effective_conditions(conds)
    status = {i.number: applies(i.number, eff) for i in ITEMS}
    wrong = _misclassified(p, decisions)
    out: list[Problem] = []
    # condition -> (consequence text, item numbers, spans), folded into that condition's C finding
    folded: dict[int, list[tuple[str, list[int], list[Span]]]] = {}
    unanswered: list[int] = []

    def fold(cause: int | None, kind: str, n: int, span: Span | None) -> bool:
        if cause is None:
            return False
        entries = folded.setdefault(cause, [])
        for text, nums, spans in entries:
            if text == kind:
                nums.append(n)
                if span is not None:
                    spans.append(span)
                return True
        entries.append((kind, [n], [span] if span is not None else []))
        return True

    for it in ITEMS:
        n = it.number
        a = p.answer(n)
        under_review = sorted(c for c in it.conditions if c in review)
        if under_review:
            if a is not None:
                c = under_review[0]
                d = p.declared(c)
                then = (f"the declared answer ({d.value}) decides whether it applies" if d is not None
                        else "with no declared answer, the score is given as a range")
                out.append(problem(M204, f"item {n} ({it.name}) is answered {a.answer}, but Condition #{c} is left "
                                         f"for review: {then}", a.span))
            continue
        off_by = [c for c in it.conditions if eff.get(c) is False]
        if status[n] == "no":
            if a is not None and a.answer != NA:
                cause = next((c for c in off_by if c in wrong), None)
                if not fold(cause, "are answered although they do not apply (not counted)", n, a.span):
                    conds_text = ", ".join(f"#{c}" for c in off_by)
                    out.append(problem(M201, f"item {n} ({it.name}) is answered {a.answer}, but Condition "
                                             f"{conds_text} is No, which switches it off: answer n/a", a.span))
        elif status[n] == "yes":
            cause = next((c for c in it.conditions if c in wrong), None)
            if a is None:
                if not fold(cause, "apply but are unanswered (counted as No)", n, None):
                    unanswered.append(n)
            elif a.answer == NA:
                if not fold(cause, "apply but are answered n/a (counted as No)", n, a.span):
                    out.append(problem(M202, f"item {n} ({it.name}) applies"
                                             + (f" (Condition {', '.join(f'#{c}' for c in it.conditions)} is Yes)"
                                                if it.conditions else " to every study")
                                             + ": n/a counts as No; answer yes or no", a.span))
    if unanswered:
        out.append(problem(M203, f"{_items_text(unanswered)} apply but are unanswered: they count as No "
                                 "(the METRICS tool's default)", p.assessment[0].span))
    if folded:
        merged: list[Problem] = []
        done: set[int] = set()
        for f in findings:
            m = _C_CODE.match(f.code)
            c = int(m.group(1)) if m else 0
            if c in folded and c not in done and f.code != "C500" and f.code not in disabled:
                done.add(c)
                parts = [f"{_items_text(sorted(nums))} {text}" for text, nums, _ in folded[c]]
                verdict = decisions.verdicts[c].verdict
                answers = tuple(s for _, _, ss in folded[c] for s in ss)
                f = f._replace(message=f"{f.message}; with Condition #{c} {verdict}, METRICS "
                                       + "; ".join(parts), related=f.related + answers)
            merged.append(f)
        findings = merged
        for c in sorted(set(folded) - done):  # no C finding to fold into (disabled): report them one by one
            for text, nums, spans in folded[c]:
                rule = M201 if "do not apply" in text else M202 if "n/a" in text else M203
                out.append(problem(rule, f"{_items_text(sorted(nums))} {text} (Condition #{c} is "
                                         f"{decisions.verdicts[c].verdict})", spans[0] if spans else p.span))
    return status, out, findings


# ============================================================================ evidence (M3NN, M4NN)
class Seen(NamedTuple):
    """What the spec shows about one item: ``state`` True (it shows the item is met), False (it shows it is not),
    None (it does not tell); ``shows`` says what, ``span`` where; ``declare`` says how to state it."""

    state: bool | None
    shows: str = ""
    span: Span | None = None
    declare: str = ""


class Check(NamedTuple):
    number: int
    contradicted: Rule
    unsupported: Rule
    see: Callable[[Pipeline, Graph, Decisions], Seen]


CHECKS: dict[int, Check] = {}
_RULES: list[Rule] = []


def evidence_rules(number: int, *, what_yes: str, declare: str, why: str, contradicted_example: str,
                   unsupported_example: str | None = None, no_unsupported: str = "",
                   reference: str = E3_ITEMS) -> tuple[Rule, Rule]:
    """The two records of an item's evidence check: M3NN (contradiction, warning) and M4NN (yes without
    evidence, info)."""
    name = item(number).name
    contradicted = Rule(
        code=f"M3{number:02d}",
        title=f"item {number} answer contradicted by the pipeline or study facts",
        condition=None,
        severity="warning",
        what=f"Item {number} ({name}) is answered yes or no, but the spec shows the opposite: {what_yes}.",
        why=why + " The manuscript may show what the spec omits, so this is a warning, not an error.",
        fix=f"Correct the answer, or the spec: {declare}.",
        reference=reference,
        example=contradicted_example,
    )
    unsupported = Rule(
        code=f"M4{number:02d}",
        title=f"item {number} answered yes with nothing in the spec to show it",
        condition=None,
        severity="info",
        what=f"Item {number} ({name}) is answered yes, but the spec does not show it ({what_yes}).",
        why="A declared fact lets the answer be checked; without it the answer is taken on trust.",
        fix=f"Declare it: {declare}.",
        reference=reference,
        example=unsupported_example,
        no_example=no_unsupported,
    )
    return contradicted, unsupported


def _register(contradicted: Rule, unsupported: Rule, see: Callable[[Pipeline, Graph, Decisions], Seen]) -> None:
    n = int(contradicted.code[2:])
    CHECKS[n] = Check(n, contradicted, unsupported, see)
    _RULES.extend((contradicted, unsupported))


def _fact(p: Pipeline, block: str, key: str) -> tuple[object, Span | None]:
    facts = p.facts(block)
    value = facts.get(key)
    return value, (facts.where(key) if value is not None else None)


def _said(block: str, key: str, value: object) -> str:
    shown = "yes" if value is True else "no" if value is False else value
    return f"{block} {{ {key}: {shown} }}"


def _flag(block: str, key: str) -> Callable[[Pipeline, Graph, Decisions], Seen]:
    """An item shown by one yes/no study fact (``block { key: yes }``)."""
    declare = f"{block} {{ {key}: yes }}"

    def see(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
        value, span = _fact(p, block, key)
        if isinstance(value, bool):
            return Seen(value, _said(block, key, value), span, declare)
        return Seen(None, declare=declare)
    return see


def _location(key: str) -> Callable[[Pipeline, Graph, Decisions], Seen]:
    declare = f'availability {{ {key}: "https://..." }} (or {key}: no)'

    def see(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
        value, span = _fact(p, "availability", key)
        if isinstance(value, str):
            # where, without the scheme: the evidence is text to read, not a link to follow
            shown = value if value == "no" else value.split("://", 1)[-1]
            return Seen(value != "no", _said("availability", key, shown), span, declare)
        return Seen(None, declare=declare)
    return see


# -- item 4: multi-center ----------------------------------------------------------------------------------
M304, M404 = evidence_rules(
    4, what_yes="the cohort comes from two or more centres", declare="cohort { centers: N }",
    why="Data from one centre cannot show that a model transfers between centres.",
    contradicted_example=example("assess item4 = yes", "cohort { centers: 1, cases: 120 }"),
    unsupported_example=example("assess item4 = yes"))


def see_centers(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    value, span = _fact(p, "cohort", "centers")
    if isinstance(value, int):
        return Seen(value >= 2, _said("cohort", "centers", value), span, "cohort { centers: N }")
    return Seen(None, declare="cohort { centers: N }")


_register(M304, M404, see_centers)


# -- item 9: formal evaluation of the automated segmentation --------------------------------------------------
M309, M409 = evidence_rules(
    9, what_yes="the automated segmentation was formally evaluated (e.g. Dice against reference masks)",
    declare="evaluation { segmentation_evaluated: yes }",
    why="An automated segmentation whose quality is not measured can fail silently on new data.",
    contradicted_example=example("assess item9 = yes", "evaluation { segmentation_evaluated: no }",
                                 seg="segmentation(mode: automated)"),
    unsupported_example=example("assess item9 = yes", seg="segmentation(mode: automated)"))
_register(M309, M409, _flag("evaluation", "segmentation_evaluated"))


# -- item 10: test-set masks by one reader or an automated tool -------------------------------------------------
M310, M410 = evidence_rules(
    10, what_yes="the masks come from an automated tool or from a single reader",
    declare="readers: N on the delineation, e.g. segmentation(mode: manual, readers: 1)",
    why=("In clinical use one reader or a tool draws each mask; test masks made by several readers together "
         "make the test easier than practice."),
    contradicted_example=example("assess item10 = yes", seg="segmentation(mode: manual, readers: 2)"),
    unsupported_example=example("assess item10 = yes"))


def _readers(p: Pipeline, g: Graph) -> list[tuple[str, bool | None, int | None, Span]]:
    """(stage, a human draws the masks (None: not stated), number of readers whose masks the model uses (None: not
    stated), where) for every delineation; ``readers`` is read from the delineating operation or from the stage
    (mask inputs). Readers beyond the first who only delineated an inter-reader subset again are not among those
    whose masks the model uses; a consensus of several readers is (each mask is theirs together)."""
    out: list[tuple[str, bool | None, int | None, Span]] = []
    seen: set[str] = set()
    for d in delineations(g):
        if d.stage in seen or d.training:  # masks used only to train a network are not the test set's
            continue
        if d.partitions or d.facts.propagated_from:
            continue  # habitats and propagated masks are the masks of the delineation they come from
        seen.add(d.stage)
        st: Stage = g.stages[d.stage]
        value: object = st.get("readers")
        span = st.attr_span("readers")
        for op in st.ops:
            if op.param("readers") is not None and not op.custom and vocab.op_category(op.name) == "roi":
                value, span = op.param("readers"), op.span
                break
        readers = value if isinstance(value, int) and not isinstance(value, bool) else None
        if d.facts.consensus is True:
            readers = max(readers or 2, 2)  # agreed together: several readers make each mask
        elif readers is not None and readers >= 2 and "inter_reader" in d.facts.reproducibility:
            readers = 1  # one reader's masks; the others delineated the inter-reader subset again
        out.append((d.stage, d.human, readers, span))
    return out


def see_readers(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "readers: N on the delineation, e.g. segmentation(mode: manual, readers: 1)"
    found = _readers(p, g)
    for stage, human, readers, span in found:
        if human is False:
            return Seen(True, f"{stage} delineates automatically", span, declare)
        if readers == 1:
            return Seen(True, f"{stage} is drawn by one reader", span, declare)
    if found and all(human is True and readers is not None and readers >= 2 for _, human, readers, _ in found):
        stage, _, readers, span = found[0]
        return Seen(False, f"{stage} is drawn by {readers} readers", span, declare)
    return Seen(None, declare=declare)


_register(M310, M410, see_readers)


# -- item 12: standardized extraction software ----------------------------------------------------------------
M312, M412 = evidence_rules(
    12, what_yes="a hand-crafted extraction uses standardized (IBSI-compliant) software such as PyRadiomics or LIFEx",
    declare="the tool in the extraction head, e.g. feature_extraction rad: handcrafted PyRadiomics",
    why="Standardized software makes the features reproducible and comparable between studies.",
    contradicted_example=example("assess item12 = no"),
    unsupported_example=example("assess item12 = yes").replace("handcrafted PyRadiomics",
                                                               'handcrafted { feature_classes: [glcm] }'))


def see_software(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "the tool in the extraction head, e.g. feature_extraction rad: handcrafted PyRadiomics"
    for st in p.stages:
        if st.kind != "feature_extraction" or g.method(st.name) != "handcrafted":
            continue
        tool = st.text("tool")
        term = vocab.lookup(tool) if tool else None
        if term is not None and term.family == "handcrafted" and term.role == "extractor":
            return Seen(True, f"{st.name} extracts with {term.name}", st.attr_span("tool"), declare)
    return Seen(None, declare=declare)


_register(M312, M412, see_software)


# -- item 13: extraction parameters / architecture ------------------------------------------------------------
M313, M413 = evidence_rules(
    13, what_yes=("the hand-crafted feature classes and the discretization are stated, or, for deep learning, "
                  "the network architecture is named"),
    declare=("feature_classes: [...] on the extraction and a discretize(bin_width: ...) operation; for deep "
             "learning, the architecture"),
    why="Features cannot be reproduced without the extraction parameters (or the network) that made them.",
    contradicted_example=example("assess item13 = no",
                                 seg="segmentation(mode: manual), discretize(bin_width: 25)").replace(
        "handcrafted PyRadiomics", "handcrafted PyRadiomics { feature_classes: [first_order, glcm] }"),
    unsupported_example=example("assess item13 = yes"))


def see_parameters(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = ("feature_classes: [...] on the extraction and a discretize(bin_width: ...) operation; for deep "
               "learning, the architecture")
    handcrafted = [s for s in p.stages if s.kind == "feature_extraction" and g.method(s.name) == "handcrafted"]
    if handcrafted:
        classes = next((s for s in handcrafted if s.get("feature_classes")), None)
        binning = next((s for s in p.stages for o in s.ops if o.name == "discretize" and not o.custom), None)
        if classes is not None and binning is not None:
            return Seen(True, f"{classes.name} states its feature classes and {binning.name} the discretization",
                        classes.attr_span("feature_classes"), declare)
        return Seen(None, declare=declare)
    for st in p.stages:
        if st.kind == "model" and model_family(st) == "deep":
            arch = st.text("architecture") or st.text("backbone")
            if arch and vocab.lookup(arch) is not None:
                return Seen(True, f"{st.name} names its architecture ({arch})", st.attr_span("architecture"),
                            declare)
    return Seen(None, declare=declare)


_register(M313, M413, see_parameters)


# -- items 14 and 15: robust and non-redundant features ----------------------------------------------------------
# the operation categories of these two items, until every vocabulary carries them: PCA, UMAP and t-SNE
# (``reduce``) build new representations, which METRICS-E3 item 15 does not count as removing redundancy
_CATEGORY_FALLBACK = {"reduce": "representation"}
_ITEM_CATEGORIES = frozenset({"robustness", "redundancy", "representation"})


def _op_categories(stage: Stage) -> list[tuple[str, str, Span]]:
    """(category, operation name, where) for every operation of a stage with a feature-processing category: the
    vocabulary's (an ICC filter is robustness, LASSO redundancy), or the one a custom step states."""
    out: list[tuple[str, str, Span]] = []
    for op in stage.ops:
        cat = processing_category(op) or ("" if op.custom else _CATEGORY_FALLBACK.get(op.name, ""))
        if cat:
            method = op.param("method")
            out.append((cat, str(method) if method is not None and not op.custom else op.name, op.span))
    return out


def _reproducibility(p: Pipeline) -> tuple[str, Span] | None:
    """A delineation with a ``reproducibility`` subset (cases segmented again to test feature stability)."""
    for st in p.stages:
        if st.get("reproducibility") is not None:
            return st.name, st.attr_span("reproducibility")
        for op in st.ops:
            if op.param("reproducibility") is not None:
                return st.name, op.span
    return None


M314, M414 = evidence_rules(
    14, what_yes=("an operation of category robustness removes non-robust features (e.g. an ICC filter), or a "
                  "reproducibility subset is re-segmented"),
    declare="a robustness operation, or reproducibility: [test_retest | inter_reader | intra_reader] on the delineation",
    why="Features that change with the segmentation or the scanner make a model that does not reproduce.",
    contradicted_example=example("assess item14 = no", seg="segmentation(mode: manual, reproducibility: [inter_reader])"),
    unsupported_example=example("assess item14 = yes"))


def see_robustness(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "a robustness operation, or reproducibility: [test_retest | inter_reader | intra_reader] on the delineation"
    for st in p.stages:
        for cat, name, span in _op_categories(st):
            if cat == "robustness":
                return Seen(True, f"{st.name} removes non-robust features ({name})", span, declare)
    repro = _reproducibility(p)
    if repro is not None:
        kinds = p.stage(repro[0]).values("reproducibility") or next(
            (tuple(str(x) for x in v) if isinstance(v, tuple) else (str(v),)
             for o in p.stage(repro[0]).ops if (v := o.param("reproducibility")) is not None), ())
        what = ("has a test-retest subset (patients scanned again)" if set(kinds) == {"test_retest"}
                else "re-segments a reproducibility subset")
        return Seen(True, f"{repro[0]} {what}", repro[1], declare)
    return Seen(None, declare=declare)


_register(M314, M414, see_robustness)

M315, M415 = evidence_rules(
    15, what_yes=("an operation of category redundancy removes redundant features (e.g. a correlation filter); "
                  "PCA or clustering build new representations and do not count"),
    declare="a redundancy operation (e.g. a correlation filter)",
    why=("Redundant features inflate the dimensionality; METRICS-E3 item 15 does not count representation "
         "methods such as PCA or clustering as removing them."),
    contradicted_example=example("assess item15 = yes", extra_ops="reduce"),
    unsupported_example=example("assess item15 = yes"))


def see_redundancy(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "a redundancy operation (e.g. a correlation filter)"
    representation: tuple[str, str, Span] | None = None
    for st in p.stages:
        for cat, name, span in _op_categories(st):
            if cat == "redundancy":
                return Seen(True, f"{st.name} removes redundant features ({name})", span, declare)
            if cat == "representation" and representation is None:
                representation = (st.name, name, span)
    if representation is not None:
        stage, name, span = representation
        return Seen(False, f"{stage} only builds a new representation ({name}), which does not remove redundant "
                           "features", span, declare)
    return Seen(None, declare=declare)


_register(M315, M415, see_redundancy)


# -- item 16: dimensionality against the data size (info only) -----------------------------------------------------
_COUNT_KEYS = ("features", "n_features", "k", "components", "n_components")

M316 = Rule(
    code="M316",
    title="item 16: features against cases and events",
    condition=4,
    severity="info",
    what=("Item 16 is answered and the spec gives the number of features entering the model (a selection's "
          "features: N) and the cohort's cases or events: the ratio is reported."),
    why=("Too many features for the data size overfits; METRICS-E3 sets no fixed ratio, so the figures are "
         "given for the reader to judge, never as a finding against the answer."),
    fix="Nothing to fix: check that the answer fits the figures.",
    reference=E3_ITEMS,
    example=example("assess item16 = yes", "cohort { cases: 200, events: 60 }", extra_ops="select(features: 8)"),
)

M416 = Rule(
    code="M416",
    title="item 16 answered yes with no figures to show it",
    condition=4,
    severity="info",
    what="Item 16 is answered yes, but the spec gives no number of features or no cases/events.",
    why="The figures let a reader judge the dimensionality; without them the answer is taken on trust.",
    fix="Declare the selected number (select(features: N)) and cohort { cases: N, events: N }.",
    reference=E3_ITEMS,
    example=example("assess item16 = yes"),
)


def _feature_count(p: Pipeline) -> tuple[int, str, Span] | None:
    """The smallest number of features a table operation states (the features entering the model)."""
    best: tuple[int, str, Span] | None = None
    for st in p.stages:
        for op in st.ops:
            for key in _COUNT_KEYS:
                v = op.param(key)
                if isinstance(v, int) and not isinstance(v, bool) and v > 0 and (best is None or v < best[0]):
                    best = (v, st.name, op.span)
    return best


def see_dimensionality(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "select(features: N) and cohort { cases: N, events: N }"
    count = _feature_count(p)
    cases, _ = _fact(p, "cohort", "cases")
    events, _ = _fact(p, "cohort", "events")
    if count is None or not (isinstance(cases, int) or isinstance(events, int)):
        return Seen(None, declare=declare)
    n, stage, span = count
    parts = []
    for label, value in (("events", events), ("cases", cases)):
        if isinstance(value, int):
            parts.append(f"{value} {label} ({value / n:.1f} per feature)")
    return Seen(None, f"{n} features ({stage}) for " + " and ".join(parts), span, declare)


CHECKS[16] = Check(16, M316, M416, see_dimensionality)
_RULES.extend((M316, M416))


# -- item 18: proper data partitioning ----------------------------------------------------------------------------
M318, M418 = evidence_rules(
    18, what_yes=("the data are partitioned (hold-out, cross-validation or bootstrap) and feature selection is "
                  "fitted on the training data only"),
    declare="evaluation { split: holdout|cross_validation|bootstrap, selection_fitted_on: training }",
    why="Selecting features on all data, or not partitioning at all, leaks the test data into the model.",
    contradicted_example=example("assess item18 = yes",
                                 "evaluation { split: cross_validation, folds: 5, selection_fitted_on: all }"),
    unsupported_example=example("assess item18 = yes"))


def see_partitioning(p: Pipeline, g: Graph, decisions: Decisions) -> Seen:
    declare = "evaluation { split: holdout|cross_validation|bootstrap, selection_fitted_on: training }"
    split, split_span = _fact(p, "evaluation", "split")
    fitted, fitted_span = _fact(p, "evaluation", "selection_fitted_on")
    if split == "none":
        return Seen(False, _said("evaluation", "split", split), split_span, declare)
    if fitted == "all":
        return Seen(False, _said("evaluation", "selection_fitted_on", fitted), fitted_span, declare)
    if split is not None:
        selects = any(cat == "table" and name == "select" for st in p.stages for cat, name, _ in _op_categories(st))
        if fitted == "training" or not selects:
            return Seen(True, _said("evaluation", "split", split)
                        + (" with selection fitted on training data" if fitted == "training" else ""),
                        split_span, declare)
    return Seen(None, declare=declare)


_register(M318, M418, see_partitioning)


# -- items 21, 22, 26, 27: uncertainty, calibration, internal and external testing --------------------------------
M321, M421 = evidence_rules(
    21, what_yes="uncertainty is considered (confidence intervals, uncertainty estimates)",
    declare="evaluation { uncertainty: yes }",
    why="A performance figure without its uncertainty cannot be compared.",
    contradicted_example=example("assess item21 = yes", "evaluation { uncertainty: no }"),
    unsupported_example=example("assess item21 = yes"))
_register(M321, M421, _flag("evaluation", "uncertainty"))

M322, M422 = evidence_rules(
    22, what_yes="calibration is assessed", declare="evaluation { calibration: yes }",
    why="A discriminating model can still give misleading probabilities.",
    contradicted_example=example("assess item22 = no", "evaluation { calibration: yes }"),
    unsupported_example=example("assess item22 = yes"))
_register(M322, M422, _flag("evaluation", "calibration"))

M326, M426 = evidence_rules(
    26, what_yes="the model is tested on held-out internal data", declare="evaluation { internal_test: yes }",
    why="Performance on the training data says nothing about new cases.",
    contradicted_example=example("assess item26 = yes", "evaluation { split: holdout, internal_test: no }"),
    unsupported_example=example("assess item26 = yes"))
_register(M326, M426, _flag("evaluation", "internal_test"))

M327, M427 = evidence_rules(
    27, what_yes="the model is tested on external data", declare="evaluation { external_test: yes }",
    why="Only external data show that a model generalises beyond its own institution.",
    contradicted_example=example("assess item27 = yes", "evaluation { external_test: no }"),
    unsupported_example=example("assess item27 = yes"))
_register(M327, M427, _flag("evaluation", "external_test"))


# -- items 28-30: data, code and model availability ---------------------------------------------------------------
M328, M428 = evidence_rules(
    28, what_yes="the data are available at a stated location", declare='availability { data: "https://..." }',
    why="Open data let others reproduce and test the model.",
    contradicted_example=example("assess item28 = yes", "availability { data: no }"),
    unsupported_example=example("assess item28 = yes"))
_register(M328, M428, _location("data"))

M329, M429 = evidence_rules(
    29, what_yes="the code is available at a stated location", declare='availability { code: "https://..." }',
    why="Open code lets others reproduce the pipeline.",
    contradicted_example=example("assess item29 = no", 'availability { code: "https://github.com/lab/radiomics" }'),
    unsupported_example=example("assess item29 = yes"))
_register(M329, M429, _location("code"))

M330, M430 = evidence_rules(
    30, what_yes="the trained model is available at a stated location", declare='availability { model: "https://..." }',
    why="An available model can be tested on new data by others.",
    contradicted_example=example("assess item30 = yes", "availability { model: no }"),
    unsupported_example=example("assess item30 = yes"))
_register(M330, M430, _location("model"))

RULES: tuple[Rule, ...] = (M201, M202, M203, M204, *_RULES)


# ============================================================================ the assessment
def _answer_word(answer: str) -> str:
    return "yes" if answer == YES else "no"


def assess(p: Pipeline, g: Graph, decisions: Decisions, findings: list[Problem],
           disabled: frozenset[str] = frozenset()) -> tuple[Assessment, list[Problem]]:
    """The assessment of a pipeline with an ``assess`` block, and ``findings`` with the gating and evidence
    problems added (gating consequences of a misclassified condition folded into its C finding; ``disabled``:
    the codes the configuration turns off)."""
    status, gating, findings = gate(p, decisions, findings, disabled)
    out = findings + gating
    evidence: dict[int, tuple[str, str | None]] = {}
    for n, chk in sorted(CHECKS.items()):
        seen = chk.see(p, g, decisions)
        a = p.answer(n)
        support: str | None = None
        name = item(n).name
        if a is not None and a.answer != NA and status[n] != "no":
            related = (seen.span,) if seen.span is not None else ()
            if n == 16:
                if seen.shows:
                    out.append(problem(chk.contradicted, f"item 16 ({name}) is answered {a.answer}: {seen.shows}; "
                                                         "METRICS-E3 sets no fixed ratio", a.span, related=related))
                elif a.answer == YES:
                    out.append(problem(chk.unsupported, f"item 16 ({name}) is answered yes, but the spec gives no "
                                                        f"figures to show it: declare {seen.declare}", a.span))
            elif seen.state is None:
                if a.answer == YES:
                    out.append(problem(chk.unsupported, f"item {n} ({name}) is answered yes, but nothing in the "
                                                        f"spec shows it: declare {seen.declare}", a.span))
            elif seen.state != (a.answer == YES):
                support = "contradicts"
                expected = "yes" if seen.state else "no"
                out.append(problem(chk.contradicted, f"item {n} ({name}) is answered {_answer_word(a.answer)}, but "
                                                     f"the spec shows {seen.shows}: expected {expected}; if the paper "
                                                     f"shows otherwise, declare {seen.declare}", a.span,
                                   related=related))
            else:
                support = "supports"
        if seen.shows:
            evidence[n] = (seen.shows, support)
    conds, _ = gating_conditions(p, decisions)
    answers = {a.item: a.answer for a in p.assessment}
    eff = effective_conditions(conds)
    if all(v is not None for v in eff.values()):
        value = score(answers, applicable_items(conds))
        sc, cat, rng = value, category(value), None
    else:
        r = score_range(answers, conds)
        sc, cat, rng = None, None, (r.low, r.high)
    rows = []
    for it in ITEMS:
        a = p.answer(it.number)
        shows, support = evidence.get(it.number, ("", None))
        rows.append(ItemResult(it.number, it.name, it.weight, a.answer if a else None, status[it.number],
                               a.note if a else None, shows, support, a.span.line if a else None))
    return Assessment(tuple(rows), conds, sc, cat, rng), out
