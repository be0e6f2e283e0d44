"""The stage graph as inline SVG: a small layered layout, written for pipelines (no external tool).

Layout, left to right (the way a flow line reads):

1. **Layers** by longest path: a stage sits one layer right of its furthest-right input (one pass in
   topological order).
2. Edges spanning several layers get **dummy points**, one per crossed layer, so they run between the stages
   rather than through them (capped for huge graphs, where long edges are simply drawn as curves).
3. **Order within a layer** by the barycentre heuristic: a few sweeps right and left, each stage moving to the
   mean position of its neighbours in the previous layer (ties keep the current order, so the result is
   deterministic).
4. Coordinates: column widths from the widest stage in the layer, rows at a fixed pitch, each layer centred.
   A graph whose left-to-right drawing would be wider than a page (:data:`WIDTH_BUDGET`, about ten stages in a
   row) is drawn **top to bottom** instead: the layers become rows, so a long pipeline grows down the page at
   full size rather than shrinking to an unreadable strip.  Whatever is still wider than the page scrolls; it is
   never scaled down on screen.

Labels are **wrapped** (at word, ``_``, ``-`` and ``/`` boundaries) onto up to two lines each for the name and
the detail, every stage of a graph getting the height of the tallest; only what does not fit in two lines ends
in "…" (the full text is in the stage's tooltip).  Text widths are estimated (no font metrics without a browser).

Every step is linear in stages + edges (+ dummy points), times a small constant number of sweeps, with a sort per
layer.
"""

from __future__ import annotations

import re
from html import escape

from pipespec.render.common import markup_safe
from pipespec.render.graph import HIGHLIGHT, KIND_COLOURS, KIND_LABELS, GraphView

NODE_H = 56  # the height of a stage whose name and detail take one line each
NAME_LINE, DETAIL_LINE = 16, 14  # the height each further line of a name or detail adds
ROW_GAP = 22
COL_GAP = 64
MIN_W, MAX_W = 112, 232
PAD = 16
SWEEPS = 4
WIDTH_BUDGET = 1100  # wider than this left to right (about a page): drawn top to bottom
TB_ROW_GAP = 46  # top to bottom: room between rows for the edges and their labels
TB_COL_GAP = 28
TB_MAX_W = 300
NAME_PX, DETAIL_PX, KIND_PX = 8.0, 6.6, 6.4  # estimated width of a character of each text
_BREAK = re.compile(r"(?<=[ _\-/,])")


def wrap(text: str, px_per_char: float, width: float, max_lines: int = 2) -> list[str]:
    """``text`` on at most ``max_lines`` lines of ``width`` pixels, broken after spaces, ``_``, ``-``, ``/`` and
    commas (inside a word only when a part is itself too long); the last line ends in "…" if the rest does not
    fit."""
    room = max(1, int((width - 28) / px_per_char + 1e-6))
    if len(text) <= room:
        return [text]
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines:
        if len(rest) <= room:
            lines.append(rest)
            rest = ""
            break
        if len(lines) == max_lines - 1:
            lines.append(rest[:room - 1] + "…")
            rest = ""
            break
        cut = 0
        for m in _BREAK.finditer(rest, 1, room + 1):
            cut = m.start()
        if cut == 0:
            cut = room
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines


class Layout:
    """Positions of stages (centre x, y, width) and edge routes (lists of points)."""

    def __init__(self, view: GraphView):
        self.view = view
        names = [s.name for s in view.stages]
        preds: dict[str, list[str]] = {n: [] for n in names}
        for u, v, _ in view.edges:
            preds[v].append(u)
        # 1. longest-path layers (stages are in topological order)
        self.layer: dict[str, int] = {}
        for n in names:
            self.layer[n] = max((self.layer[u] + 1 for u in preds[n]), default=0)
        # 2. dummy points on long edges; every edge becomes a chain of unit-length links
        total_span = sum(self.layer[v] - self.layer[u] - 1 for u, v, _ in view.edges)
        use_dummies = total_span <= 4 * len(names) + 2000
        self.chains: list[list[str]] = []
        nodes_in: dict[int, list[str]] = {}
        for n in names:
            nodes_in.setdefault(self.layer[n], []).append(n)
        self.dummy: set[str] = set()
        for k, (u, v, _) in enumerate(view.edges):
            chain = [u]
            if use_dummies:
                for li in range(self.layer[u] + 1, self.layer[v]):
                    d = f"\0{k}:{li}"
                    self.layer[d] = li
                    self.dummy.add(d)
                    nodes_in[li].append(d)
                    chain.append(d)
            chain.append(v)
            self.chains.append(chain)
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for chain in self.chains:
            for a, b in zip(chain, chain[1:]):
                down.setdefault(a, []).append(b)
                up.setdefault(b, []).append(a)
        # 3. barycentre ordering
        layers = [nodes_in[i] for i in sorted(nodes_in)]
        pos = {n: i for lay in layers for i, n in enumerate(lay)}
        sweeps = SWEEPS if len(pos) < 5000 else 1
        for _ in range(sweeps):
            for seq, nbrs in ((range(1, len(layers)), up), (range(len(layers) - 2, -1, -1), down)):
                for i in seq:
                    lay = layers[i]

                    def key(n: str, nbrs: dict[str, list[str]] = nbrs) -> tuple[float, int]:
                        ns = nbrs.get(n)
                        return (sum(pos[m] for m in ns) / len(ns) if ns else float(pos[n]), pos[n])

                    lay.sort(key=key)
                    for j, n in enumerate(lay):
                        pos[n] = j
        self.layers = layers
        # 4. sizes: widths from the text, wrapped lines, one height for every stage of the graph
        self.col_w: list[float] = []
        self.vertical = False
        self.w: dict[str, float] = {}
        self.lines: dict[str, tuple[list[str], list[str]]] = {}
        self.node_h: float = NODE_H
        self.x: dict[str, float] = {}
        self.y: dict[str, float] = {}
        self.width: float = 0.0
        self.height: float = 0.0
        self._size(MAX_W)
        self._left_to_right()
        if self.width > WIDTH_BUDGET:
            lr = (self.width, self.height, dict(self.x), dict(self.y), dict(self.w), dict(self.lines), self.node_h,
                  list(self.col_w))
            self._size(TB_MAX_W)
            self._top_to_bottom()
            if self.width >= lr[0]:  # no narrower top to bottom (a very wide layer): keep left to right
                (self.width, self.height, self.x, self.y, self.w, self.lines, self.node_h, self.col_w) = lr
                self.vertical = False

    def _size(self, max_w: float) -> None:
        self.w = {}
        self.lines = {}
        tallest = NODE_H
        for s in self.view.stages:
            kind = KIND_LABELS.get(s.kind, s.kind)
            chars = max(len(s.name) * NAME_PX, len(s.detail) * DETAIL_PX, len(kind) * KIND_PX)
            wd = max(MIN_W, min(max_w, chars + 28))
            name = wrap(s.name, NAME_PX, wd)
            detail = wrap(s.detail, DETAIL_PX, wd) if s.detail else []
            self.w[s.name] = wd
            self.lines[s.name] = (name, detail)
            tallest = max(tallest, NODE_H + NAME_LINE * (len(name) - 1) + DETAIL_LINE * max(0, len(detail) - 1))
        self.node_h = tallest

    def _left_to_right(self) -> None:
        layers = self.layers
        col_w = [max((self.w.get(n, 0) for n in lay), default=0) or 24 for lay in layers]
        tallest = max((len(lay) for lay in layers), default=1)
        pitch = self.node_h + ROW_GAP
        self.height = PAD * 2 + tallest * pitch - ROW_GAP
        self.x = {}
        self.y = {}
        left = float(PAD)
        for i, lay in enumerate(layers):
            cx = left + col_w[i] / 2
            top = PAD + (tallest - len(lay)) * pitch / 2
            for j, n in enumerate(lay):
                self.x[n] = cx
                self.y[n] = top + j * pitch + self.node_h / 2
            left += col_w[i] + COL_GAP
        self.col_w = col_w
        self.width = max(left - COL_GAP + PAD, 2 * PAD + MIN_W)

    def _top_to_bottom(self) -> None:
        """Layers as rows, top to bottom; each row centred on the widest."""
        self.vertical = True
        dummy_w = 20.0
        row_w = [sum(self.w.get(n, dummy_w) for n in lay) + TB_COL_GAP * (len(lay) - 1) for lay in self.layers]
        widest = max(row_w, default=MIN_W)
        pitch = self.node_h + TB_ROW_GAP
        self.x = {}
        self.y = {}
        for i, lay in enumerate(self.layers):
            left = PAD + (widest - row_w[i]) / 2
            cy = PAD + i * pitch + self.node_h / 2
            for n in lay:
                wd = self.w.get(n, dummy_w)
                self.x[n] = left + wd / 2
                self.y[n] = cy
                left += wd + TB_COL_GAP
        self.width = max(widest + 2 * PAD, 2 * PAD + MIN_W)
        self.height = PAD * 2 + len(self.layers) * pitch - TB_ROW_GAP

    def route(self, k: int) -> list[tuple[float, float]]:
        chain = self.chains[k]
        pts: list[tuple[float, float]] = []
        half = self.node_h / 2
        for i, n in enumerate(chain):
            if self.vertical:
                if n in self.dummy:
                    pts += [(self.x[n], self.y[n] - half), (self.x[n], self.y[n] + half)]
                elif i == 0:
                    pts.append((self.x[n], self.y[n] + half))
                else:
                    pts.append((self.x[n], self.y[n] - half - 2))
            elif n in self.dummy:
                col = self.col_w[self.layer[n]]
                pts += [(self.x[n] - col / 2, self.y[n]), (self.x[n] + col / 2, self.y[n])]
            elif i == 0:
                pts.append((self.x[n] + self.w[n] / 2, self.y[n]))
            else:
                pts.append((self.x[n] - self.w[n] / 2 - 2, self.y[n]))
        return pts


def _path(pts: list[tuple[float, float]], vertical: bool = False) -> str:
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if vertical and abs(x1 - x0) < 0.5:
            d.append(f"L{x1:.1f},{y1:.1f}")
        elif vertical:
            my = (y0 + y1) / 2
            d.append(f"C{x0:.1f},{my:.1f} {x1:.1f},{my:.1f} {x1:.1f},{y1:.1f}")
        elif abs(y1 - y0) < 0.5:
            d.append(f"L{x1:.1f},{y1:.1f}")
        else:
            mx = (x0 + x1) / 2
            d.append(f"C{mx:.1f},{y0:.1f} {mx:.1f},{y1:.1f} {x1:.1f},{y1:.1f}")
    return " ".join(d)


RELATION_DIP = 22.0


def _relation_path(lay: Layout, u: str, v: str) -> tuple[str, tuple[float, float]]:
    """A dashed curve from under the source stage to under the network that takes its weights or labels, and where
    its label goes."""
    half = lay.node_h / 2
    x0, y0 = lay.x[u], lay.y[u] + half
    x1, y1 = lay.x[v], lay.y[v] + half + 2
    dip = max(y0, y1) + RELATION_DIP
    return (f"M{x0:.1f},{y0:.1f} C{x0:.1f},{dip:.1f} {x1:.1f},{dip:.1f} {x1:.1f},{y1:.1f}",
            ((x0 + x1) / 2, dip - 4))


def _shape(kind: str, x: float, y: float, w: float, h: float) -> str:
    x0, y0, x1, y1 = x - w / 2, y - h / 2, x + w / 2, y + h / 2
    if kind == "input":
        s = 9
        return f'<polygon points="{x0 + s:.1f},{y0:.1f} {x1:.1f},{y0:.1f} {x1 - s:.1f},{y1:.1f} {x0:.1f},{y1:.1f}"/>'
    if kind == "feature_extraction":
        s = 10
        return (f'<polygon points="{x0 + s:.1f},{y0:.1f} {x1 - s:.1f},{y0:.1f} {x1:.1f},{y:.1f} {x1 - s:.1f},{y1:.1f} '
                f'{x0 + s:.1f},{y1:.1f} {x0:.1f},{y:.1f}"/>')
    rx = {"model": 12, "output": h / 2}.get(kind, 3)
    return f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx:.1f}"/>'


MAX_EDGES = 2000  # a drawing with more is replaced by a one-line note (a 24 KB fan-out drew 20 MB)


def render_svg(view: GraphView, uid: str = "g") -> str:
    """The diagram as an ``<svg>`` element (ids prefixed with ``uid`` so several fit in one page); past
    :data:`MAX_EDGES` edges, a small ``<svg>`` holding a one-line note instead.  Characters markup may not carry
    are written as escapes (:func:`~pipespec.render.common.markup_safe`)."""
    if len(view.edges) > MAX_EDGES:
        return too_large_note(view, uid)
    return markup_safe(_render_svg(view, uid))


def too_large_note(view: GraphView, uid: str) -> str:
    note = (f"The drawing is left out: {len(view.edges):,} edges between {len(view.stages):,} stages "
            f"(drawings have at most {MAX_EDGES:,}).")
    return markup_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pipeline-graph too-large" id="{uid}-svg" role="img" '
        f'width="720" height="40" viewBox="0 0 720 40" aria-labelledby="{uid}-t"><title id="{uid}-t">'
        f'{escape(note)}</title><text class="note" x="360" y="24">{escape(note)}</text></svg>')


def _render_svg(view: GraphView, uid: str) -> str:
    lay = Layout(view)
    w, h = lay.width, lay.height
    if view.relations:
        h += RELATION_DIP  # room under the lowest stages for the dashed relations
    title = f"Stage graph of {view.title}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pipeline-graph{" vertical" if lay.vertical else ""}" '
           f'id="{uid}-svg" role="img" '
           f'width="{w:.0f}" height="{h:.0f}" viewBox="0 0 {w:.0f} {h:.0f}" aria-labelledby="{uid}-t">',
           f'<title id="{uid}-t">{escape(title)}</title>',
           "<defs>",
           f'<marker id="{uid}-a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker>',
           f'<marker id="{uid}-ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
           f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{HIGHLIGHT}"/></marker>',
           "</defs>"]
    # edges first (under the stages), highlighted ones last so they stay on top
    order = sorted(range(len(view.edges)), key=lambda k: view.highlighted(*view.edges[k][:2]))
    labels: list[str] = []
    for k in order:
        u, v, t = view.edges[k]
        hi = view.highlighted(u, v)
        pts = lay.route(k)
        cls = "edge hi" if hi else "edge"
        out.append(f'<path class="{cls}" d="{_path(pts, lay.vertical)}" marker-end="url(#{uid}-{"ah" if hi else "a"})">'
                   f"<title>{escape(u)} → {escape(v)}: {escape(t)}</title></path>")
        if t and lay.vertical:  # beside the middle of the edge's first stretch
            (x0, y0), (x1, y1) = pts[0], pts[1]
            lx, ly = (x0 + x1) / 2 + 5, (y0 + y1) / 2 + 4
            labels.append(f'<text class="elabel start{" hi" if hi else ""}" x="{lx:.1f}" y="{ly:.1f}">'
                          f"{escape(t)}</text>")
        elif t:
            (x0, y0), (x1, y1) = pts[0], pts[1]
            lx, ly = (x0 + x1) / 2, (y0 + y1) / 2 - 4
            labels.append(f'<text class="elabel{" hi" if hi else ""}" x="{lx:.1f}" y="{ly:.1f}">{escape(t)}</text>')
    for u, v, what in view.relations:  # training-time relations (weights, labels): dashed, under the stages
        d, (lx, ly) = _relation_path(lay, u, v)
        out.append(f'<path class="relation" d="{d}" marker-end="url(#{uid}-a)">'
                   f"<title>{escape(v)} takes its {escape(what)} from {escape(u)} (not data flow)</title></path>")
        labels.append(f'<text class="elabel relation-label" x="{lx:.1f}" y="{ly:.1f}">{escape(what)}</text>')
    out += labels
    for s in view.stages:
        x, y, wd = lay.x[s.name], lay.y[s.name], lay.w[s.name]
        fill, stroke = KIND_COLOURS.get(s.kind, ("#ffffff", "#111827"))
        cls = f"stage k-{s.kind}" + (" onpath" if s.name in view.on_path else "")
        tip = f"{s.name} ({KIND_LABELS.get(s.kind, s.kind)})" + (f": {s.detail}" if s.detail else "") + (
            f" — line {s.line}" if s.line else "")
        out.append(f'<g class="{escape(cls)}" data-stage="{escape(s.name)}"><title>{escape(tip)}</title>')
        h = lay.node_h
        out.append(_shape(s.kind, x, y, wd, h).replace("/>", f' fill="{fill}" stroke="{stroke}"/>'))
        name, detail = lay.lines[s.name]
        body = NAME_LINE * len(name) + DETAIL_LINE * len(detail)  # the text block, centred under the kind
        top = y - h / 2
        out.append(f'<text class="kind" x="{x:.1f}" y="{top + 15:.1f}" fill="{stroke}">'
                   f"{escape(KIND_LABELS.get(s.kind, s.kind))}</text>")
        line_y = top + 17 + (h - 17 - body) / 2 + 12
        for text in name:
            out.append(f'<text class="name" x="{x:.1f}" y="{line_y:.1f}">{escape(text)}</text>')
            line_y += NAME_LINE
        line_y -= 1
        for text in detail:
            out.append(f'<text class="detail" x="{x:.1f}" y="{line_y:.1f}">{escape(text)}</text>')
            line_y += DETAIL_LINE
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


SVG_CSS = f"""
svg.pipeline-graph {{ max-width: none; height: auto; display: block; margin: 0 auto; }}
svg.pipeline-graph text {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; text-anchor: middle; }}
svg.pipeline-graph .kind {{ font-size: 10px; letter-spacing: .04em; text-transform: uppercase; }}
svg.pipeline-graph .name {{ font-size: 13px; font-weight: 700; fill: #111827; }}
svg.pipeline-graph .detail {{ font-size: 11px; fill: #374151; }}
svg.pipeline-graph .stage rect, svg.pipeline-graph .stage polygon {{ stroke-width: 1.4; }}
svg.pipeline-graph .k-model rect {{ stroke-width: 2.2; }}
svg.pipeline-graph .onpath rect, svg.pipeline-graph .onpath polygon {{ stroke: {HIGHLIGHT}; stroke-width: 3; }}
svg.pipeline-graph .edge {{ fill: none; stroke: #6b7280; stroke-width: 1.5; }}
svg.pipeline-graph .edge.hi {{ stroke: {HIGHLIGHT}; stroke-width: 3.2; }}
svg.pipeline-graph .arrow {{ fill: #6b7280; }}
svg.pipeline-graph .relation {{ fill: none; stroke: #7c3aed; stroke-width: 1.4; stroke-dasharray: 5 4; }}
svg.pipeline-graph .relation-label {{ fill: #6d28d9; }}
svg.pipeline-graph .elabel {{ font-size: 10px; fill: #4b5563; paint-order: stroke; stroke: #ffffff;
  stroke-width: 4px; stroke-linejoin: round; }}
svg.pipeline-graph .elabel.hi {{ fill: {HIGHLIGHT}; font-weight: 600; }}
svg.pipeline-graph .elabel.start {{ text-anchor: start; }}
svg.pipeline-graph .note {{ font-size: 13px; fill: #374151; }}
"""
