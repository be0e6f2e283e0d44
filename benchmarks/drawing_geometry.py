"""The geometry of a drawn stage graph, measured the same way on pipespec's SVG and on Graphviz ``dot``'s layout.

Used by the drawing test and by ``benchmarks/run.py``.  A drawing is reduced to boxes (one per stage), edges (each
a polyline sampled from its curve, with the two stages it joins) and edge labels (rectangles); then:

- ``label_overlaps``: pairs of labels that overlap, plus (label, box) pairs that overlap;
- ``through_boxes``: (edge, box) pairs where an edge passes inside a box that is neither of its ends;
- ``crossings``: pairs of edges that share no stage and whose drawn curves intersect, each pair counted once;
- ``area``: the drawing's width x height (SVG user units; ``dot``'s points, which its SVG draws 1:1).

pipespec's SVG: ``g.stage`` boxes (their ``rect``/``polygon``), ``path.edge`` edges (``data-from``/``data-to``),
``text.elabel`` labels, their size estimated from the text (0.6 em a character, 10 px text).  ``dot``: the
``-Tjson`` output (nodes' ``pos``/``width``/``height``, edges' B-spline ``pos``, labels' ``lp`` and drawn width);
dashed edges (training-time relations, not data flow) are left out of the edge measures, as pipespec's
``path.relation`` are.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
SAMPLES = 16  # points sampled on each cubic piece of a curve
LABEL_EM = 0.6
_SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Drawing:
    width: float
    height: float
    boxes: dict[str, Rect] = field(default_factory=dict)
    edges: list[tuple[str, str, list[Point]]] = field(default_factory=list)
    labels: list[Rect] = field(default_factory=list)


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    out = []
    for i in range(1, SAMPLES + 1):
        t = i / SAMPLES
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return out


def svg_path_points(d: str) -> list[Point]:
    """A polyline sampled from an SVG path of absolute ``M``, ``L`` and ``C`` commands."""
    tokens = re.findall(r"[MLCmlc]|-?\d+(?:\.\d+)?(?:e-?\d+)?", d)
    pts: list[Point] = []
    cmd = ""
    nums: list[float] = []

    def flush() -> None:
        if cmd in "ML":
            for i in range(0, len(nums) - 1, 2):
                pts.append((nums[i], nums[i + 1]))
        elif cmd == "C":
            for i in range(0, len(nums) - 5, 6):
                p1, p2, p3 = (nums[i], nums[i + 1]), (nums[i + 2], nums[i + 3]), (nums[i + 4], nums[i + 5])
                pts.extend(_cubic(pts[-1], p1, p2, p3))

    for tok in tokens:
        if tok.isalpha():
            if cmd:
                flush()
            if tok.islower():
                raise ValueError(f"relative path command {tok!r}: not measured")
            cmd, nums = tok, []
        else:
            nums.append(float(tok))
    if cmd:
        flush()
    return pts


def _points_of(el: ET.Element) -> Rect:
    if el.tag == _SVG + "rect":
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        return x, y, x + float(el.get("width", 0)), y + float(el.get("height", 0))
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("points", ""))]
    xs, ys = nums[0::2], nums[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def from_svg(svg: str) -> Drawing:
    """The geometry of one of pipespec's drawings (an ``<svg>`` element as text)."""
    root = ET.fromstring(svg)
    box = root.get("viewBox", "0 0 0 0").split()
    drawing = Drawing(float(box[2]), float(box[3]))
    for g in root.iter(_SVG + "g"):
        if "stage" in (g.get("class") or "").split():
            shape = next(el for el in g if el.tag in (_SVG + "rect", _SVG + "polygon"))
            drawing.boxes[g.get("data-stage", "")] = _points_of(shape)
    for p in root.iter(_SVG + "path"):
        if "edge" in (p.get("class") or "").split():
            drawing.edges.append((p.get("data-from", ""), p.get("data-to", ""), svg_path_points(p.get("d", ""))))
    for t in root.iter(_SVG + "text"):
        classes = (t.get("class") or "").split()
        if "elabel" in classes:
            w, x, y = len(t.text or "") * 10 * LABEL_EM, float(t.get("x", 0)), float(t.get("y", 0))
            x0 = x if "start" in classes else x - w / 2
            drawing.labels.append((x0, y - 8, x0 + w, y + 2))
    return drawing


def dot_json(dot_source: str) -> str:
    """``dot``'s layout of a graph, top to bottom, as JSON (``dot`` must be on the PATH)."""
    exe = shutil.which("dot")
    if exe is None:
        raise FileNotFoundError("Graphviz dot is not installed")
    return subprocess.run([exe, "-Grankdir=TB", "-Tjson"], input=dot_source, capture_output=True, text=True,
                          check=True, timeout=120).stdout


def from_dot_json(text: str) -> Drawing:
    """The geometry of ``dot``'s drawing, from its ``-Tjson`` output."""
    data = json.loads(text)
    x0, y0, x1, y1 = (float(v) for v in data["bb"].split(","))
    drawing = Drawing(x1 - x0, y1 - y0)
    names: dict[int, str] = {}
    for obj in data.get("objects", []):
        names[obj["_gvid"]] = obj["name"]
        if "pos" not in obj:
            continue
        cx, cy = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
        drawing.boxes[obj["name"]] = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    for e in data.get("edges", []):
        if "label" in e and "lp" in e:
            lx, ly = (float(v) for v in e["lp"].split(","))
            texts = [op for op in e.get("_ldraw_", []) if op.get("op") == "T"]
            lw = max((float(op.get("width", 0)) for op in texts), default=0.0)
            drawing.labels.append((lx - lw / 2, ly - 5, lx + lw / 2, ly + 5))
        if "dashed" in e.get("style", ""):
            continue
        pts: list[Point] = []
        for item in e.get("pos", "").split():
            if item.startswith(("e,", "s,")):
                continue
            a, b = item.split(",")
            pts.append((float(a), float(b)))
        line = [pts[0]]
        for i in range(0, len(pts) - 3, 3):
            line.extend(_cubic(pts[i], pts[i + 1], pts[i + 2], pts[i + 3]))
        drawing.edges.append((names[e["tail"]], names[e["head"]], line))
    return drawing


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _bounds(line: list[Point]) -> Rect:
    xs, ys = [p[0] for p in line], [p[1] for p in line]
    return min(xs), min(ys), max(xs), max(ys)


def _segment_in_rect(p: Point, q: Point, r: Rect) -> bool:
    """Whether segment pq enters rectangle r (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for pk, qk in ((-dx, p[0] - r[0]), (dx, r[2] - p[0]), (-dy, p[1] - r[1]), (dy, r[3] - p[1])):
        if pk == 0:
            if qk < 0:
                return False
        else:
            t = qk / pk
            if pk < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True


def _cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    # a point on the other line counts as on its negative side: a crossing at a sampled point is counted once
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def _lines_cross(a: list[Point], b: list[Point]) -> bool:
    bb = _bounds(b)
    segs_b = list(zip(b, b[1:]))
    for p, q in zip(a, a[1:]):
        if max(p[0], q[0]) < bb[0] or min(p[0], q[0]) > bb[2] or max(p[1], q[1]) < bb[1] or min(p[1], q[1]) > bb[3]:
            continue
        for r, s in segs_b:
            if max(p[0], q[0]) < min(r[0], s[0]) or max(r[0], s[0]) < min(p[0], q[0]) \
                    or max(p[1], q[1]) < min(r[1], s[1]) or max(r[1], s[1]) < min(p[1], q[1]):
                continue
            if _cross(p, q, r, s):
                return True
    return False


def measure(d: Drawing, inset: float = 1.5) -> dict[str, float]:
    """The figures of one drawing (see the module's docstring)."""
    label_pairs = sum(_overlap(a, b) for i, a in enumerate(d.labels) for b in d.labels[i + 1:])
    label_boxes = sum(_overlap(a, b) for a in d.labels for b in d.boxes.values())
    through = 0
    for u, v, line in d.edges:
        eb = _bounds(line)
        for name, r in d.boxes.items():
            if name in (u, v) or not _overlap(eb, r):
                continue
            inner = (r[0] + inset, r[1] + inset, r[2] - inset, r[3] - inset)
            if any(_segment_in_rect(p, q, inner) for p, q in zip(line, line[1:])):
                through += 1
    crossings = 0
    bounds = [_bounds(line) for _, _, line in d.edges]
    for i, (u1, v1, a) in enumerate(d.edges):
        for j in range(i + 1, len(d.edges)):
            u2, v2, b = d.edges[j]
            if {u1, v1} & {u2, v2} or not _overlap(bounds[i], bounds[j]):
                continue
            crossings += _lines_cross(a, b)
    return {"label_overlaps": label_pairs + label_boxes, "through_boxes": through, "crossings": crossings,
            "edges": len(d.edges), "area": d.width * d.height}
