"""The rule engine: verdicts for METRICS conditions 1-5 from the stage graph, and findings.

Decisions read only the graph (types on edges, provenance, paths) and the vocabulary; labels a stage gives
itself are checked against them (L1xx), never trusted over them.  Everything here is deterministic: stages
are visited in declaration/topological order and evidence paths are shortest paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipespec import vocab
from pipespec.analysis.graph import (
    DEEP,
    FEATURES,
    HANDCRAFTED,
    IMAGE_TYPES,
    TABLE,
    Graph,
    extraction_method,
    model_family,
    model_task,
)
from pipespec.analysis.rules import RULES
from pipespec.errors import Span
from pipespec.model import Pipeline, Stage
from pipespec.report import Evidence, ExpectationResult, FileReport, Finding, Verdict

MAX_EVIDENCE = 3  # paths reported per verdict: a few shortest, never all
_E2E_LABEL = re.compile(r"end[\s_-]*to[\s_-]*end|\be2e\b", re.IGNORECASE)


@dataclass
class Config:
    """Per-rule severity overrides and disabled rules ([tool.pipespec] or .pipespec.toml)."""

    severity: dict[str, str] = field(default_factory=dict)
    disable: frozenset[str] = frozenset()
    source: str | None = None


# ============================================================================ delineation (conditions 1, 2)
@dataclass(frozen=True)
class Delineation:
    stage: str
    what: str  # e.g. "segmentation (manual)"
    human: bool | None  # True: a human acts; False: fully automated; None: not stated
    deep_tool: bool = False  # an applied deep segmentation tool (pre-processing op)


def delineations(g: Graph) -> list[Delineation]:
    out: list[Delineation] = []
    for st in g.pipeline.stages:
        if st.kind == "preprocessing":
            for op in st.ops:
                if op.custom or vocab.op_category(op.name) != "roi":
                    continue
                mode = op.param("mode")
                corrected = op.param("corrected")
                tool = op.param("tool")
                term = vocab.lookup(str(tool)) if tool else None
                human: bool | None
                if corrected is True or mode in ("manual", "semi_automated"):
                    human = True
                elif term is not None and term.family == "manual":
                    human = True
                elif mode == "automated" or (term is not None and term.family == "deep"):
                    human = False
                else:
                    human = None
                detail = ", ".join(str(x) for x in (mode, "corrected" if corrected is True else None) if x)
                label = f"{op.name} ({detail})" if detail else op.name
                out.append(Delineation(st.name, label, human, bool(term is not None and term.family == "deep")))
        elif st.kind == "model" and model_task(st) in ("segmentation", "detection"):
            human = st.get("corrected") is True
            out.append(Delineation(st.name, f"{model_task(st)} model" + (" (corrected)" if human else ""), human))
        elif st.kind == "input" and g.type[st.name] == "mask":
            mode = st.text("mode")
            human = True if mode in ("manual", "semi_automated") else False if mode == "automated" else None
            out.append(Delineation(st.name, f"masks provided ({mode})" if mode else "masks provided", human))
    return out


def _training_labels(g: Graph, d: Delineation) -> bool:
    """Masks drawn by people that only train segmentation models: a stage of mask data whose every successor is a
    segmentation/detection model that also receives images by another edge. A delineation the images flow
    through (a box prompting a network, a crop) is applied to every case, so it is not training labels."""
    if g.type[d.stage] != "mask":
        return False
    succ = g.succ[d.stage]
    return bool(succ) and all(
        g.stages[v].kind == "model" and model_task(g.stages[v]) in ("segmentation", "detection")
        and any(g.type[u] in IMAGE_TYPES and g.type[u] != "mask" for u in g.stages[v].inputs if u != d.stage)
        for v in succ)


def _stages_with_image_holds(g: Graph) -> list[str]:
    return [s.name for s in g.pipeline.stages
            if s.kind == "input" and g.type[s.name] == "tabular" and g.provenance[s.name] & {HANDCRAFTED, DEEP, FEATURES}]


def decide_1(g: Graph, d: list[Delineation]) -> Verdict:
    if d:
        names = tuple(dict.fromkeys(x.stage for x in d))
        return Verdict(1, "yes", "D101", "a stage delineates a region of interest: "
                       + ", ".join(f"{x.stage} [{x.what}]" for x in d[:5]), (Evidence(names),), cause="delineation")
    tables = _stages_with_image_holds(g)
    if tables:
        return Verdict(1, "review", "D101", f"features come from a table computed elsewhere ({', '.join(tables)}); "
                       "the segmentation behind them is not declared: state whether they were computed within a "
                       "delineated region", (Evidence(tuple(tables)),), cause="features_elsewhere")
    return Verdict(1, "no", "D101", "no stage delineates a region of interest (whole-image analysis)", (),
                   cause="whole_image")


def decide_2(g: Graph, d: list[Delineation], c1: Verdict) -> Verdict:
    if c1.verdict != "yes":
        v = "no" if c1.verdict == "no" else "review"
        return Verdict(2, v, "D201", "no segmentation, so not an automated one" if v == "no"
                       else "depends on Condition #1", (), cause="no_segmentation")
    labels = [x for x in d if x.human is not False and _training_labels(g, x)]
    applied = [x for x in d if x not in labels]
    human = [x for x in applied if x.human]
    if human:
        return Verdict(2, "no", "D201", "a human takes part in the segmentation: "
                       + ", ".join(f"{x.stage} [{x.what}]" for x in human[:5]),
                       (Evidence(tuple(dict.fromkeys(x.stage for x in human))),), cause="human_step")
    unknown = [x for x in applied if x.human is None]
    if unknown:
        return Verdict(2, "review", "D201", "the mode of "
                       + ", ".join(f"{x.stage} [{x.what}]" for x in unknown[:5])
                       + " is not stated: add mode: manual | semi_automated | automated (and corrected: yes if a "
                         "human edited the masks)", (Evidence(tuple(dict.fromkeys(x.stage for x in unknown))),),
                       cause="mode_unknown")
    note = ("; " + ", ".join(x.stage for x in labels[:5]) + " only label the training of the segmentation model"
            if labels else "")
    return Verdict(2, "yes", "D201", "every delineation applied to the data is automated with no human correction: "
                   + ", ".join(f"{x.stage} [{x.what}]" for x in applied[:5]) + note,
                   (Evidence(tuple(dict.fromkeys(x.stage for x in applied))),), cause="automated")


# ============================================================================ features (conditions 3, 4)
def decide_3(g: Graph) -> Verdict:
    hand, unknown = [], []
    for s in g.pipeline.stages:
        if s.kind == "feature_extraction":
            m = extraction_method(s)
            if m == "handcrafted":
                hand.append(s.name)
            elif m is None:
                unknown.append(s.name)
        elif s.kind == "input" and HANDCRAFTED in g.provenance[s.name]:
            hand.append(s.name)
        elif s.kind == "input" and FEATURES in g.provenance[s.name]:
            unknown.append(s.name)
    if hand:
        return Verdict(3, "yes", "D301", "hand-crafted features: " + ", ".join(hand[:5]), (Evidence(tuple(hand)),),
                       cause="handcrafted")
    if unknown:
        return Verdict(3, "review", "D301", "the kind of features of " + ", ".join(unknown[:5])
                       + " is not stated: give method: handcrafted | deep (or a known tool), or holds: for a table",
                       (Evidence(tuple(unknown)),), cause="method_unknown")
    return Verdict(3, "no", "D301", "no hand-crafted feature extraction", (), cause="none")


def decide_4(g: Graph) -> Verdict:
    extracted = [s.name for s in g.pipeline.stages if s.kind == "feature_extraction"]
    tables = _stages_with_image_holds(g)
    found = extracted + tables
    if found:
        deep = [n for n in found if DEEP in g.provenance[n]]
        cause = "deep_features" if deep else "features"
        return Verdict(4, "yes", "D401", "image-derived features are handled as a table: " + ", ".join(found[:5]),
                       (Evidence(tuple(found)),), cause=cause)
    unstated = [s.name for s in g.pipeline.stages
                if s.kind == "input" and g.type[s.name] == "tabular" and TABLE in g.provenance[s.name]]
    if unstated:
        return Verdict(4, "review", "D401", "what the table(s) " + ", ".join(unstated[:5]) + " hold is not stated: "
                       "give holds: clinical | radiomics | deep_features | image_features",
                       (Evidence(tuple(unstated)),), cause="table_unknown")
    return Verdict(4, "no", "D401", "no image-derived features are arranged as a table", (), cause="none")


# ============================================================================ end-to-end deep learning (condition 5)
def _is_image_input(g: Graph, masks: bool = True) -> Callable[[Stage], bool]:
    return lambda s: s.kind == "input" and g.type[s.name] in IMAGE_TYPES and (masks or g.type[s.name] != "mask")


def _is_input(s: Stage) -> bool:
    return s.kind == "input"


def _is_output(s: Stage) -> bool:
    return s.kind == "output"


def _through(g: Graph, name: str, image_only: bool) -> tuple[str, ...]:
    """Shortest input -> ... -> name -> ... -> output path. With ``image_only``, only image edges on the way in,
    starting at an image input rather than a mask input when there is one."""
    if image_only:
        before = (g.path_from(name, _is_image_input(g, masks=False), g.image_edge)
                  or g.path_from(name, _is_image_input(g), g.image_edge))
    else:
        before = g.path_from(name, _is_input)
    after = g.path_to(name, _is_output) or [name]
    return tuple((before or [name]) + after[1:])


def decide_5(g: Graph) -> tuple[Verdict, dict[str, object]]:
    e2e: list[Stage] = []
    review: list[tuple[Stage, str]] = []
    for name in g.order:
        s = g.stages[name]
        if s.kind == "preprocessing":
            for op in s.ops:
                tool = op.param("tool")
                term = vocab.lookup(str(tool)) if tool else None
                if term is not None and term.family == "deep":
                    review.append((s, f"'{s.name}' applies the deep network {tool} inside a pre-processing step "
                                      f"({op.name}); if it was trained or fine-tuned on the study's data it is an "
                                      "end-to-end component: declare it as a model stage with its task and "
                                      "training"))
            continue
        if s.kind != "model" or not g.image_inputs(name):
            continue
        fam = model_family(s)
        training = s.text("training")
        if fam == "deep":
            task = model_task(s)
            predicts = any(g.stages[v].kind == "output" for v in g.succ[name])
            if task == "image_to_image" and training == "pretrained_only":
                continue  # a ready-made reconstruction or synthesis product: nothing learned in the study
            if training == "pretrained_only" and not predicts:
                review.append((s, f"'{name}' is a deep model used as is (pretrained_only) inside the pipeline: "
                                  "say whether it was trained or fine-tuned on the study's data (then Yes); a "
                                  "ready-made tool is left to the reviewer"))
            elif task == "clustering" or (training == "self_supervised" and task is None and not predicts):
                review.append((s, f"'{name}' is a deep model learning from images without labels "
                                  "(self-supervised or clustering); METRICS-E3 speaks of supervised outputs, so the "
                                  "reviewer must judge (a model fine-tuned on labels afterwards is Yes: say "
                                  "training: fine_tuned)"))
            elif task == "image_to_image":
                review.append((s, f"'{name}' is a deep image-to-image network (reconstruction, synthesis, "
                                  "denoising); whether it is an end-to-end component in the METRICS sense is left "
                                  "to the reviewer"))
            else:
                e2e.append(s)
        elif fam is None:
            review.append((s, f"'{name}' learns from images but its family cannot be known: give family: deep | "
                              "classical | statistical, or a known architecture"))
    facts: dict[str, object] = {}
    if e2e:
        paths = tuple(_through(g, s.name, True) for s in e2e[:MAX_EVIDENCE])
        models = [s for s in g.pipeline.stages if s.kind == "model"]
        transfer = [s for s in e2e if s.get("pretrained_on") is not None
                    or s.text("training") in ("fine_tuned", "frozen_backbone")]
        modular: list[Stage] = []
        if len(models) > 1:
            def is_model(x: Stage) -> bool:
                return x.kind == "model"

            linked = g.upstream_of(is_model) | g.downstream_of(is_model)
            modular = [s for s in e2e if s.name in linked]
        facts = {"transfer": transfer, "modular": modular}
        parts = []
        for s in e2e[:MAX_EVIDENCE]:
            extra = []
            if s.get("pretrained_on") is not None:
                extra.append(f"pretrained on {s.text('pretrained_on')}")
            if s.text("training") in ("fine_tuned", "frozen_backbone"):
                extra.append(s.text("training").replace("_", " "))  # type: ignore[union-attr]
            side = [u for u in g.table_inputs(s.name) if g.stages[u].kind != "model"]
            if side:
                extra.append("side inputs " + ", ".join(side[:3]))
            arch = s.text("architecture") or s.text("algorithm") or "deep model"
            parts.append(f"{s.name} ({arch}{'; ' + '; '.join(extra) if extra else ''})")
        reason = ("a deep model learns directly from image data to its output: " + ", ".join(parts)
                  + (f" (+{len(e2e) - MAX_EVIDENCE} more)" if len(e2e) > MAX_EVIDENCE else ""))
        if modular:
            reason += "; a modular system counts through its end-to-end component"
        ev = tuple(Evidence((s.name,), (p,)) for s, p in zip(e2e, paths))
        return Verdict(5, "yes", "D501", reason, ev, cause="modular" if modular else "e2e_component"), facts
    if review:
        ev = tuple(Evidence((s.name,), (_through(g, s.name, s.kind == "model"),), note)
                   for s, note in review[:MAX_EVIDENCE])
        return Verdict(5, "review", "D503", "; ".join(n for _, n in review[:MAX_EVIDENCE]), ev,
                       cause="missing_facts"), facts
    # No: say why. Each model gets its own cause; the most specific wins, ties by declaration order, so the
    # cause (and the misclassification code built on it) never depends on the order of the text.
    best: tuple[int, int, str, Stage, str] | None = None
    for index, s in enumerate(g.pipeline.stages):
        if s.kind != "model":
            continue
        found = _no_cause(g, s)
        if found is not None and (best is None or (found[0], index) < best[:2]):
            best = (found[0], index, found[1], s, found[2])
    if best is not None:
        _, _, cause, deciding, reason = best
    else:
        models = [s for s in g.pipeline.stages if s.kind == "model"]
        deciding = models[0] if models else None  # type: ignore[assignment]
        cause = "no_deep"
        hand = [m for m in models if HANDCRAFTED in g.table_provenance(m.name)]
        listed = ", ".join(f"{m.name} ({model_family(m) or 'family not stated'})" for m in (hand or models)[:3])
        reason = "no deep model learns from images" + (
            (": hand-crafted features with " if hand else ": ") + listed if models else "")
    ev = (Evidence((deciding.name,), (_through(g, deciding.name, False),)),) if deciding else ()
    return Verdict(5, "no", "D502", reason, ev, cause=cause), facts


def _no_cause(g: Graph, s: Stage) -> tuple[int, str, str] | None:
    """(priority, cause, reason) for a model that does not learn from images, most specific first."""
    prov = g.table_provenance(s.name)
    fam = model_family(s)
    name = s.name
    if HANDCRAFTED in prov and DEEP in prov:
        return 0, "fused", (f"'{name}' is fed fused hand-crafted and extracted deep features (a tabular method), "
                            "and no deep model learns from the images")
    if DEEP in prov and fam in ("classical", "statistical"):
        return 1, "deep_features_classical", (
            f"deep features are extracted from a network and classified by '{name}' "
            f"({s.text('algorithm') or s.text('architecture') or fam}), not learned end to end")
    if fam == "deep" and DEEP in prov:
        return 2, "deep_on_tables", f"'{name}' is fed extracted deep features (a table), not images"
    if fam == "deep":
        return 2, "deep_on_tables", f"the deep model '{name}' is fed only tables, never images"
    if DEEP in prov:
        return 3, "deep_features", (f"deep features are extracted from a network and passed to '{name}' "
                                    "(family not stated), not learned end to end")
    return None


# ============================================================================ findings
def _finding(code: str, message: str, span: Span, stage: str | None = None,
             related: tuple[Span, ...] = (), severity: str | None = None) -> Finding:
    r = RULES[code]
    return Finding(code, severity or r.severity, message, span, related, r.fix, r.reference or None, stage)


_C5_NO = {"fused": "C501", "deep_features_classical": "C502", "deep_features": "C502", "deep_on_tables": "C503",
          "no_deep": "C504"}


def misclassifications(p: Pipeline, g: Graph, verdicts: dict[int, Verdict], facts: dict[str, object]) -> list[Finding]:
    out: list[Finding] = []
    for c in range(1, 6):
        v = verdicts[c]
        d = p.declared(c)
        if d is None:
            if c == 5:
                out.append(_finding("C500", "no answer to Condition #5 (end-to-end deep learning) is declared; "
                                    f"the pipeline shows {v.verdict.upper()}: {v.reason}", p.span))
            continue
        if v.verdict == "review" or d.value == v.verdict:
            continue
        related = tuple(g.stages[n].span for e in v.evidence for n in e.stages if n in g.stages)
        stage = v.evidence[0].stages[0] if v.evidence and v.evidence[0].stages else None
        shows = f"(declared {d.value}, the pipeline shows {v.verdict}): {v.reason}"
        if c == 5:
            if d.value == "yes":
                code = _C5_NO.get(v.cause or "", "C504")
            else:
                modular, transfer = facts.get("modular"), facts.get("transfer")
                code = "C506" if modular else "C505" if transfer else "C507"
            if v.evidence and v.evidence[0].paths:
                shows += " [path: " + " -> ".join(v.evidence[0].paths[0]) + "]"
        elif c == 1:
            code = "C101" if d.value == "no" else "C102"
        elif c == 2:
            code = "C201" if d.value == "yes" else "C202"
        elif c == 3:
            code = "C301" if d.value == "no" else "C302"
        else:
            code = ("C401" if v.cause == "deep_features" else "C402") if d.value == "no" else "C403"
        out.append(_finding(code, f"#{c} {RULES[code].title} {shows}", d.span, stage, related))
    return out


def label_findings(p: Pipeline, g: Graph, delineating: frozenset[str] = frozenset()) -> list[Finding]:
    """Stage labels against the data flow and the vocabulary; ``delineating``: the stages of delineations()."""
    out: list[Finding] = []
    roi_upstream: set[str] | None = None
    for s in p.stages:
        label = s.text("label") or ""
        if s.kind == "model":
            claims = s.text("training") == "end_to_end" or bool(_E2E_LABEL.search(label))
            if claims and not g.image_inputs(s.name) and g.table_provenance(s.name) & {HANDCRAFTED, DEEP, FEATURES}:
                srcs = ", ".join(g.table_inputs(s.name)[:3]) or "no images"
                out.append(_finding("L101", f"model '{s.name}' is labelled end-to-end but is fed extracted features "
                                    f"({srcs}), not images", s.attr_span("training" if s.get("training") else "label"),
                                    s.name))
            declared = s.text("family")
            name = s.text("architecture") or s.text("algorithm")
            term = vocab.lookup(name) if name else None
            if declared and term is not None and term.family in ("deep", "classical", "statistical"):
                if (declared == "deep") != (term.family == "deep"):
                    out.append(_finding("L102", f"model '{s.name}' is declared {declared}, but {name} is "
                                        f"{term.family}: treated as {term.family}", s.attr_span("family"), s.name))
            if name and term is None and not declared and model_family(s) is None:
                out.append(_finding("V101", f"unknown {'algorithm' if s.get('algorithm') else 'architecture'} "
                                    f"'{name}' in model '{s.name}', and no family given"
                                    f"{vocab.did_you_mean(name) or ''}",
                                    s.attr_span("architecture" if s.get("architecture") else "algorithm"), s.name))
        elif s.kind == "feature_extraction":
            declared = s.text("method")
            tool = s.text("tool")
            term = vocab.lookup(tool) if tool else None
            if declared and term is not None and term.family in ("handcrafted", "deep") and term.family != declared:
                kind_word = "a network" if term.family == "deep" else "hand-crafted software"
                out.append(_finding("L103", f"feature extraction '{s.name}' is declared {declared}, but its tool "
                                    f"{tool} is {kind_word}: treated as {term.family} features",
                                    s.attr_span("method"), s.name))
            if tool and term is None and not declared and extraction_method(s) is None:
                out.append(_finding("V101", f"unknown tool '{tool}' in feature extraction '{s.name}', and no method "
                                    f"given{vocab.did_you_mean(tool) or ''}: give method: handcrafted | deep",
                                    s.attr_span("tool"), s.name))
            if _E2E_LABEL.search(label):
                out.append(_finding("L104", f"feature extraction '{s.name}' is labelled end-to-end; extracting "
                                    "features is what breaks end-to-end learning", s.attr_span("label"), s.name))
            if extraction_method(s) == "handcrafted":
                if roi_upstream is None:
                    roi_upstream = g.upstream_of(lambda u: u.name in delineating)
                if s.name not in roi_upstream:
                    out.append(_finding("L105", f"hand-crafted features '{s.name}' are extracted with no region of "
                                        "interest upstream (whole image?)", s.span, s.name))
    return out


def _apply_waivers(p: Pipeline, findings: list[Finding]) -> list[Finding]:
    used: set[int] = set()
    out: list[Finding] = []
    for f in findings:
        for k, w in enumerate(p.waivers):
            if w.code == f.code and (w.stage is None or w.stage == f.stage):
                f = replace(f, waived=w.justification)
                used.add(k)
                break
        out.append(f)
    for k, w in enumerate(p.waivers):
        if k in used:
            continue
        if w.code not in RULES or w.code.startswith("PS1") or w.code.startswith("D"):
            out.append(_finding("W102", f"waiver of {w.code}: {'not a rule code' if w.code not in RULES else 'input errors and verdict rules cannot be waived'}"
                                f"{vocab.did_you_mean(w.code, list(RULES)) if w.code not in RULES else ''}", w.span))
        else:
            out.append(_finding("W101", f"waiver of {w.code}{' at ' + w.stage if w.stage else ''} suppresses "
                                "nothing in this pipeline", w.span))
    return out


def decide(g: Graph) -> tuple[dict[int, Verdict], dict[str, object]]:
    d = delineations(g)
    c1 = decide_1(g, d)
    c5, facts = decide_5(g)
    facts["delineating"] = frozenset(x.stage for x in d)
    verdicts = {1: c1, 2: decide_2(g, d, c1), 3: decide_3(g), 4: decide_4(g), 5: c5}
    for c, v in verdicts.items():
        dec = g.pipeline.declared(c)
        if dec is not None:
            verdicts[c] = replace(v, declared=dec.value)
    return verdicts, facts


def analyse(p: Pipeline, config: Config | None = None, fmt: str | None = None) -> FileReport:
    """Verdicts and findings for one pipeline (graph errors raise :class:`~pipespec.errors.ModelFailure`)."""
    g = Graph(p)
    verdicts, facts = decide(g)
    findings = [Finding.of(w) for w in g.warnings]
    findings += misclassifications(p, g, verdicts, facts)
    findings += label_findings(p, g, facts["delineating"])  # type: ignore[arg-type]
    if config is not None:
        findings = [replace(f, severity=config.severity.get(f.code, f.severity))
                    for f in findings if f.code not in config.disable]
    findings = _apply_waivers(p, findings)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))
    expectations = [ExpectationResult(e.condition, e.value, verdicts[e.condition].verdict, e.span.line)
                    for e in p.expectations]
    return FileReport(p.source, fmt, p.title, verdicts, findings, [], expectations, len(p.stages))
