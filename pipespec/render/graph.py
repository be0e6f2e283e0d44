"""The stage graph as a picture: Mermaid and Graphviz DOT text (``pipespec graph``), and the view the SVG uses.

A :class:`GraphView` is read from the analysed pipeline (stages, the data type on every edge from
``graph.Graph.type``) and from the report (the paths that decided Condition #5, highlighted).  Stages are shaped and
coloured by kind; edges are labelled with the data type they carry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipespec.analysis.graph import Graph
    from pipespec.model import Stage
    from pipespec.report import FileReport

KIND_LABELS = {"input": "input", "preprocessing": "pre-processing", "feature_extraction": "feature extraction",
               "model": "model", "output": "output"}
# fill, stroke: one colour family per kind (also used by the SVG and its legend)
KIND_COLOURS = {"input": ("#dbeafe", "#1d4ed8"), "preprocessing": ("#f1f5f9", "#475569"),
                "feature_extraction": ("#fef3c7", "#b45309"), "model": ("#dcfce7", "#15803d"),
                "output": ("#fce7f3", "#be185d")}
HIGHLIGHT = "#dc2626"


@dataclass(frozen=True)
class StageView:
    name: str
    kind: str
    detail: str  # one line: what the stage is (modality and form, operations, tool, architecture, task)
    line: int = 0
    family: str | None = None


@dataclass
class GraphView:
    title: str
    stages: list[StageView]  # in topological order
    edges: list[tuple[str, str, str]]  # (from, to, data type)
    highlight: set[tuple[str, str]] = field(default_factory=set)  # edges on a deciding path
    on_path: set[str] = field(default_factory=set)  # stages on a deciding path
    verdict5: str | None = None

    def highlighted(self, u: str, v: str) -> bool:
        return (u, v) in self.highlight


def _value(v: object) -> str:
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    return str(v)


def describe(stage: Stage, family: str | None = None) -> str:
    """A one-line description of a stage, from its declared attributes."""
    parts: list[str] = []
    if stage.kind == "input":
        parts = [stage.text("modality") or stage.text("holds") or "", stage.text("form") or ""]
    elif stage.kind == "preprocessing":
        ops = []
        for op in stage.ops:
            args = [str(a) for a in op.args] + [f"{k}: {v}" for k, v in op.params]
            ops.append(f"{op.name}({', '.join(args)})" if args else op.name)
        parts = [", ".join(ops)]
    elif stage.kind == "feature_extraction":
        parts = [stage.text("method") or "", stage.text("tool") or ""]
    elif stage.kind == "model":
        name = stage.text("architecture") or stage.text("algorithm") or ""
        parts = [name, f"({stage.text('task')})" if stage.get("task") else ""]
        if not name and family:
            parts.insert(0, family)
    elif stage.kind == "output":
        parts = [stage.text("task") or ""]
    return " ".join(p for p in parts if p).strip()


def graph_view(graph: Graph, report: FileReport | None = None) -> GraphView:
    """The picture of an analysed pipeline; the Condition #5 evidence paths of ``report`` are highlighted."""
    from pipespec.analysis.graph import model_family

    p = graph.pipeline
    stages = []
    for name in graph.order:
        s = graph.stages[name]
        fam = model_family(s) if s.kind == "model" else None
        stages.append(StageView(name, s.kind, describe(s, fam), s.span.line, fam))
    edges = [(u, name, graph.type.get(u, "")) for name in graph.order for u in graph.stages[name].inputs]
    view = GraphView(p.title, stages, edges)
    v5 = report.conditions.get(5) if report is not None else None
    if v5 is not None:
        view.verdict5 = v5.verdict
        for ev in v5.evidence:
            for path in ev.paths:
                view.on_path.update(path)
                view.highlight.update(zip(path, path[1:]))
    return view


# ------------------------------------------------------------------ mermaid
_MERMAID_SHAPES = {"input": ('(["', '"])'), "preprocessing": ('["', '"]'), "feature_extraction": ('{{"', '"}}'),
                   "model": ('[["', '"]]'), "output": ('[/"', '"/]')}


def _mermaid_text(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"#<>&;|`{}[]()':
            out.append(f"#{ord(ch)};")
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def to_mermaid(view: GraphView) -> str:
    ids = {s.name: f"s{k}" for k, s in enumerate(view.stages)}
    lines = ["---", f"title: {json.dumps(' '.join(view.title.split()), ensure_ascii=False)}", "---",
             "flowchart LR"]
    for s in view.stages:
        left, right = _MERMAID_SHAPES.get(s.kind, ('["', '"]'))
        label = f"<b>{_mermaid_text(s.name)}</b>" + (f"<br/>{_mermaid_text(s.detail)}" if s.detail else "")
        lines.append(f"  {ids[s.name]}{left}{label}{right}")
    hi: list[int] = []
    for k, (u, v, t) in enumerate(view.edges):
        arrow = "==>" if view.highlighted(u, v) else "-->"
        lines.append(f"  {ids[u]} {arrow}|{_mermaid_text(t)}| {ids[v]}" if t else f"  {ids[u]} {arrow} {ids[v]}")
        if view.highlighted(u, v):
            hi.append(k)
    for kind, (fill, stroke) in KIND_COLOURS.items():
        lines.append(f"  classDef {kind} fill:{fill},stroke:{stroke},color:#111827")
    lines.append(f"  classDef onpath stroke:{HIGHLIGHT},stroke-width:3px")
    for kind in KIND_COLOURS:
        members = [ids[s.name] for s in view.stages if s.kind == kind]
        if members:
            lines.append(f"  class {','.join(members)} {kind}")
    on = [ids[s.name] for s in view.stages if s.name in view.on_path]
    if on:
        lines.append(f"  class {','.join(on)} onpath")
    if hi:
        lines.append(f"  linkStyle {','.join(map(str, hi))} stroke:{HIGHLIGHT},stroke-width:3px")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ dot
_DOT_SHAPES = {"input": ("parallelogram", "filled"), "preprocessing": ("box", "filled"),
               "feature_extraction": ("hexagon", "filled"), "model": ("box", "rounded,filled,bold"),
               "output": ("ellipse", "filled")}


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", "\\n") + '"'


def to_dot(view: GraphView) -> str:
    lines = [f"digraph {_dot(view.title)} {{", "  rankdir=LR;", f"  label={_dot(view.title)};", "  labelloc=t;",
             '  node [fontname="Helvetica", fontsize=11, penwidth=1.2];',
             '  edge [fontname="Helvetica", fontsize=9, color="#6b7280", fontcolor="#374151"];']
    for s in view.stages:
        shape, style = _DOT_SHAPES.get(s.kind, ("box", "filled"))
        fill, stroke = KIND_COLOURS.get(s.kind, ("#ffffff", "#000000"))
        label = s.name + (f"\n{s.detail}" if s.detail else "") + f"\n[{KIND_LABELS.get(s.kind, s.kind)}]"
        extra = f', penwidth=2.5, color="{HIGHLIGHT}"' if s.name in view.on_path else f', color="{stroke}"'
        lines.append(f'  {_dot(s.name)} [label={_dot(label)}, shape={shape}, style="{style}", '
                     f'fillcolor="{fill}"{extra}];')
    for u, v, t in view.edges:
        attrs = [f"label={_dot(t)}"] if t else []
        if view.highlighted(u, v):
            attrs += [f'color="{HIGHLIGHT}"', "penwidth=2.5"]
        lines.append(f"  {_dot(u)} -> {_dot(v)}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def view_for(report: FileReport, limits: object = None) -> GraphView | None:
    """The picture of a checked file, read back from its source text (None when it could not be analysed)."""
    if report.errors or report.source_text is None:
        return None
    from pipespec.analysis.graph import Graph
    from pipespec.errors import PipespecError
    from pipespec.language import load_text
    from pipespec.limits import DEFAULT_LIMITS

    try:
        pipeline = load_text(report.source_text, report.path, report.format, limits or DEFAULT_LIMITS)  # type: ignore[arg-type]
        return graph_view(Graph(pipeline), report)
    except (PipespecError, RecursionError, ValueError):
        return None
