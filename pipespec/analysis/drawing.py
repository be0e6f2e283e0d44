"""The drawing data of an analysed pipeline, computed once per file beside its verdicts.

A :class:`GraphView` lists the stages in topological order with a one-line description each, the edges with the
data type they carry (from :attr:`pipespec.analysis.graph.Graph.type`), and the paths that decided Condition #5.
The renderers (Mermaid, DOT, SVG, HTML) only lay it out.
"""

from __future__ import annotations

from pipespec.analysis.facts import model_family
from pipespec.analysis.graph import Graph
from pipespec.analysis.results import GraphView, StageView, Verdict
from pipespec.language.lexicon import op_text, value_text
from pipespec.model import Stage


def describe(stage: Stage, family: str | None = None) -> str:
    """A one-line description of a stage, from its declared attributes."""
    parts: list[str] = []
    if stage.kind == "input":
        parts = [stage.text("modality") or stage.text("holds") or "", stage.text("form") or ""]
    elif stage.kind == "preprocessing":
        parts = [", ".join(op_text(op) for op in stage.ops)]
    elif stage.kind == "feature_extraction":
        parts = [stage.text("method") or "", stage.text("tool") or ""]
    elif stage.kind == "model":
        named = stage.get("architecture") or stage.get("algorithm")
        name = "" if named is None else value_text(named) if isinstance(named, tuple) else str(named)
        task = stage.get("task")
        parts = [name, "" if task is None else value_text(task) if isinstance(task, tuple) else f"({task})"]
        if not name and family:
            parts.insert(0, family)
    elif stage.kind == "output":
        task = stage.get("task")
        parts = ["" if task is None else value_text(task) if isinstance(task, tuple) else str(task)]
    return " ".join(p for p in parts if p).strip()


def drawing(graph: Graph, verdict5: Verdict | None = None) -> GraphView:
    """The picture of an analysed pipeline; the Condition #5 evidence paths of ``verdict5`` are highlighted."""
    p = graph.pipeline
    stages = []
    for name in graph.order:
        s = graph.stages[name]
        fam = model_family(s) if s.kind == "model" else None
        detail = describe(s, fam)
        if name in graph.training_only:
            detail = f"{detail} (training only)" if detail else "training only"
        stages.append(StageView(name, s.kind, detail, s.span.line, fam))
    edges = [(u, name, graph.type.get(u, "")) for name in graph.order for u in graph.stages[name].inputs]
    relations = [(src, name, "weights") for name in graph.order for src in [graph.weights_source(name)]
                 if src is not None and src in graph.stages]
    relations += [(src, name, "labels") for name in graph.order for src in graph.labels_of(name) if src in graph.stages]
    view = GraphView(p.title, stages, edges, relations=relations)
    v5 = verdict5
    if v5 is not None:
        view.verdict5 = v5.verdict
        for ev in v5.evidence:
            for path in ev.paths:
                view.on_path.update(path)
                view.highlight.update(zip(path, path[1:]))
    return view


# ------------------------------------------------------------------ mermaid

