"""The stage graph as a picture: Mermaid and Graphviz DOT text (``pipespec graph``), and the view the SVG uses.

The :class:`~pipespec.analysis.drawing.GraphView` comes with the analysis of the file (computed once, never read
back from the source); here it is only laid out.  Stages are shaped and coloured by kind; edges are labelled with
the data type they carry; the paths that decided Condition #5 are highlighted.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pipespec.analysis.drawing import describe
from pipespec.analysis.results import GraphView, StageView

if TYPE_CHECKING:
    from pipespec.report import FileReport

__all__ = ["GraphView", "StageView", "describe", "to_dot", "to_mermaid", "view_for"]

KIND_LABELS = {"input": "input", "preprocessing": "pre-processing", "feature_extraction": "feature extraction",
               "model": "model", "output": "output"}
# fill, stroke: one colour family per kind (also used by the SVG and its legend)
KIND_COLOURS = {"input": ("#dbeafe", "#1d4ed8"), "preprocessing": ("#f1f5f9", "#475569"),
                "feature_extraction": ("#fef3c7", "#b45309"), "model": ("#dcfce7", "#15803d"),
                "output": ("#fce7f3", "#be185d")}
HIGHLIGHT = "#dc2626"


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
    for u, v, what in view.relations:  # training-time relations: dashed, not data flow
        lines.append(f"  {ids[u]} -.->|{_mermaid_text(what)}| {ids[v]}")
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
    for u, v, what in view.relations:  # training-time relations: dashed, never constraining the ranks
        lines.append(f"  {_dot(u)} -> {_dot(v)} [label={_dot(what)}, style=dashed, constraint=false];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def view_for(report: FileReport, limits: object = None) -> GraphView | None:
    """The drawing of a checked file, computed with its verdicts (None when it could not be analysed or the check
    was not asked for drawings)."""
    return report.drawing
