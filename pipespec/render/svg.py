"""The stage graph as inline SVG: a layered (Sugiyama) layout written for pipelines, as Graphviz ``dot`` does it.

Why our own code rather than a layout library: the drawing is computed inside ``pipespec check`` and the web
service for untrusted files, so it must be pure Python, deterministic to the byte, bounded in time and memory, and
free of native dependencies; the Python bindings of Graphviz, OGDF or ELK fail at least one of these (a C
library or a JVM at run time), and the small pure-Python layout packages leave out edge labels as layout objects
or the crossing reduction.  Graphviz stays the yardstick: the test suite and ``benchmarks/run.py`` measure this
drawing against ``dot``'s for the same graph (label overlaps, edges through boxes, crossings, area).

The method, each step linear in stages + edges + dummy points (times a bounded number of sweeps):

1. **Ranks.**  A stage sits one layer after its furthest input (longest path, one pass in topological order), and
   a source just before its first consumer (so an input used late does not drag a long edge down); the stage layers are the even ranks, and an odd rank between two of them holds the edges' labels, as ``dot``
   does.  Every edge becomes a chain through one **dummy point** per rank it crosses; an edge's data type is a
   dummy of its own size on the first odd rank after its source, so two labels can never share a place and no
   label sits on a box.  Training-time relations (weights, labels) are chains too, drawn dashed.
2. **Order within a rank** (crossing reduction): sweeps down and up placing each point at the weighted median of
   its neighbours in the rank before, each followed by **transposition** of adjacent points while that removes
   crossings; the crossings (of edges that share no stage) are counted exactly after each sweep and the best order
   is kept, then refined by **sifting** (each point moved to its best place in its rank).  This runs from several
   first orders (from the sources, from the sinks, and on small graphs a few shuffled with fixed seeds, half of
   them breaking ties between equal medians the other way in alternate sweeps) and the best wins, so the result is deterministic; huge graphs get fewer sweeps and starts.
3. **Positions within a rank**: each rank, in turn, is placed as close as possible to its neighbours (least
   squares under the order and the minimum gaps, solved exactly by pooling adjacent violators), dummy chains
   weighing more so long edges run straight, in alternating sweeps.
4. **Edges** run through their dummy points: straight inside a rank, curved in the gap between two, so an edge
   never enters a rank's band except at its own points and never crosses a box.

Short graphs are drawn **left to right** (the way a flow line reads); one wider than a page
(:data:`WIDTH_BUDGET`, about ten stages in a row) is drawn **top to bottom**, at full size.  Labels are
**wrapped** (at word, ``_``, ``-`` and ``/`` boundaries) onto up to two lines each for the name and the detail,
every stage of a graph getting the height of the tallest; only what does not fit in two lines ends in "…" (the
full text is in the stage's tooltip).  Text widths are estimated (no font metrics without a browser).
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left
from html import escape

from pipespec.render.common import markup_safe
from pipespec.render.graph import HIGHLIGHT, KIND_COLOURS, KIND_LABELS, GraphView

NODE_H = 56  # the height of a stage whose name and detail take one line each
NAME_LINE, DETAIL_LINE = 16, 14  # the height each further line of a name or detail adds
MIN_W, MAX_W = 112, 232
PAD = 16
WIDTH_BUDGET = 1100  # wider than this left to right (about a page): drawn top to bottom
TB_MAX_W = 300
NAME_PX, DETAIL_PX, KIND_PX = 8.0, 6.6, 6.4  # estimated width of a character of each text
LABEL_PX, LABEL_H = 6.0, 12.0  # an edge label (10px text): width of a character, height of the line
STAGE_GAP = {True: 28.0, False: 20.0}  # between two stages of a rank (top to bottom: side by side)
POINT_GAP = 10.0  # between an edge's point and its neighbour in a rank
RANK_GAP = {True: 16.0, False: 22.0}  # between two ranks
MIN_ODD = {True: 6.0, False: 14.0}  # the depth of a rank of edge points without labels
CROSSING_PASSES = 24  # sweeps of the crossing reduction (fewer on huge graphs)
SIFT_SIZE = 1500  # points + links up to which each first order's best is refined by sifting
SHUFFLE_SIZE, SHUFFLES = 600, 16  # graphs up to this size (points + links) also try this many shuffled first orders
PLACE_PASSES = 8
CENTRE_PULL = 0.5  # how strongly a stage is held near its place in its rank packed and centred (against skew)
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


def _inversions(seq: list[int]) -> int:
    """Pairs i < j with seq[i] > seq[j] (a Fenwick tree over the values)."""
    size = max(seq, default=0) + 2
    tree = [0] * (size + 1)
    count = 0
    for seen, v in enumerate(seq):
        i = v + 1
        le = 0
        while i > 0:  # how many of those seen are <= v
            le += tree[i]
            i -= i & -i
        count += seen - le
        i = v + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return count


def _isotonic(target: list[float], weight: list[float]) -> list[float]:
    """The non-decreasing sequence nearest ``target`` in weighted least squares (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [weighted sum, weight, count]
    for t, w in zip(target, weight):
        blocks.append([t * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] > blocks[-1][0] * blocks[-2][1]:
            s, ww, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += ww
            blocks[-1][2] += c
    out: list[float] = []
    for s, w, c in blocks:
        out += [s / w] * int(c)
    return out


class Layout:
    """Positions of stages (centre x, y, width), and of every edge's points, for one drawing.

    ``layer`` is a stage's layer (longest path); ``rank`` every point's rank (stages on even ranks);
    ``chains[k]`` the points edge ``k`` of the view runs through, ``rel_chains[k]`` those of relation ``k``."""

    def __init__(self, view: GraphView):
        self.view = view
        names = [s.name for s in view.stages]
        self.layer: dict[str, int] = {}
        preds: dict[str, list[str]] = {n: [] for n in names}
        for u, v, _ in view.edges:
            preds[v].append(u)
        for n in names:  # stages come in topological order
            self.layer[n] = max((self.layer[u] + 1 for u in preds[n]), default=0)
        succ: dict[str, list[str]] = {n: [] for n in names}
        for u, v, _ in view.edges:
            succ[u].append(v)
        for n in names:  # a source sits just before its first consumer (a clinical table joining late, say)
            if not preds[n] and succ[n]:
                self.layer[n] = min(self.layer[v] for v in succ[n]) - 1
        self.rank: dict[str, int] = {n: 2 * self.layer[n] for n in names}
        self.label: dict[str, str] = {}  # the label points and their text
        self.dummy: set[str] = set()
        self.up: dict[str, list[str]] = {}
        self.down: dict[str, list[str]] = {}
        self.chains: list[list[str]] = []
        self.ends: dict[tuple[str, str], tuple[str, str]] = {}  # each link of a chain: the stages at its ends
        self.rel_chains: list[list[str]] = []
        self.flat: set[int] = set()  # relations between two stages of one layer: through a point under them
        total = sum(2 * abs(self.layer[v] - self.layer[u]) + 1 for u, v, _ in [*view.edges, *view.relations])
        self.straight = total > 20 * len(names) + 8000  # too many points: edges drawn as plain curves
        for k, (u, v, t) in enumerate(view.edges):
            self.chains.append(self._chain(f"\0{k}", u, v, t))
        for k, (u, v, what) in enumerate(view.relations):
            if self.layer[u] == self.layer[v] and not self.straight:
                d = self._point(f"\0r{k}", self.rank[u] + 1, what)
                for a in (u, v):
                    self.down.setdefault(a, []).append(d)
                    self.up.setdefault(d, []).append(a)
                    self.ends[(a, d)] = (u, v)
                self.flat.add(k)
                self.rel_chains.append([u, d, v])
            elif self.layer[u] < self.layer[v]:
                self.rel_chains.append(self._chain(f"\0r{k}", u, v, what))
            else:  # drawn from the later stage back to the earlier one
                self.rel_chains.append(self._chain(f"\0r{k}", v, u, what)[::-1])
        top = max(self.rank.values(), default=0)
        self.ranks: list[list[str]] = [[] for _ in range(top + 1)]
        for n in [*names, *(n for n in self.rank if n in self.dummy)]:
            self.ranks[self.rank[n]].append(n)
        self._order()
        # sizes: widths from the text, wrapped lines, one height for every stage of the graph
        self.vertical = False
        self.w: dict[str, float] = {}
        self.lines: dict[str, tuple[list[str], list[str]]] = {}
        self.node_h: float = NODE_H
        self.x: dict[str, float] = {}
        self.y: dict[str, float] = {}
        self.band: list[tuple[float, float]] = []
        self.port: dict[tuple[int, bool], float] | None = None
        self.width: float = 0.0
        self.height: float = 0.0
        self._size(MAX_W)
        self._place(False)
        if self.width > WIDTH_BUDGET:
            lr = (self.width, self.height, dict(self.x), dict(self.y), dict(self.w), dict(self.lines), self.node_h,
                  list(self.band))
            self._size(TB_MAX_W)
            self._place(True)
            if self.width >= lr[0]:  # no narrower top to bottom (a very wide layer): keep left to right
                (self.width, self.height, self.x, self.y, self.w, self.lines, self.node_h, self.band) = lr
                self.vertical = False

    # ------------------------------------------------------------------ 1. ranks and chains
    def _point(self, name: str, rank: int, label: str = "") -> str:
        self.rank[name] = rank
        self.dummy.add(name)
        if label:
            self.label[name] = label
        return name

    def _chain(self, prefix: str, u: str, v: str, label: str) -> list[str]:
        chain = [u]
        if not self.straight:
            for r in range(self.rank[u] + 1, self.rank[v]):
                chain.append(self._point(f"{prefix}:{r}", r, label if r == self.rank[u] + 1 else ""))
        chain.append(v)
        for a, b in zip(chain, chain[1:]):
            self.down.setdefault(a, []).append(b)
            self.up.setdefault(b, []).append(a)
            self.ends[(a, b)] = (u, v)
        return chain

    # ------------------------------------------------------------------ 2. order within ranks
    def _crossings(self, pos: dict[str, int]) -> int:
        """Crossings between the edges of adjacent ranks, leaving out two edges with a stage in common (they meet
        there anyway; a drawing is judged by the crossings of edges that share no stage)."""
        total = 0
        for lay in self.ranks:
            segs = sorted((pos[a], pos[b], a, b) for a in lay for b in self.down.get(a, ())
                          if self.rank[b] == self.rank[a] + 1)
            total += _inversions([b for _, b, _, _ in segs])
            groups: dict[str, list[int]] = {}
            for _, pb, a, b in segs:
                for end in set(self.ends.get((a, b), ())):
                    groups.setdefault(end, []).append(pb)
            total -= sum(_inversions(g) for g in groups.values() if len(g) > 1)
        return total

    def _order(self) -> None:
        """Crossing reduction from a few first orders (down from the sources, up from the sinks, and the sources
        reversed); the order with the fewest crossings wins, the earliest on a tie."""
        size = sum(len(lay) for lay in self.ranks) + sum(len(v) for v in self.down.values())
        starts = ["down", "up", "reversed"] if size < 4000 else ["down"]
        if size < SHUFFLE_SIZE:  # small graphs: a few more first orders, shuffled with fixed seeds
            starts += [f"shuffle{k}" for k in range(SHUFFLES)]
        best: tuple[int, list[list[str]]] | None = None
        initial = [list(lay) for lay in self.ranks]
        for start in starts:
            self.ranks = [list(lay) for lay in initial]
            found = self._order_from(start, size, flips=start.startswith("shuffle") and start[-1] in "13579")
            if best is None or found[0] < best[0]:
                best = found
            if best[0] == 0:
                break
        assert best is not None
        self.crossings, self.ranks = best

    def _order_from(self, start: str, size: int, flips: bool = False) -> tuple[int, list[list[str]]]:
        ranks = [list(lay) for lay in self.ranks]
        if start == "reversed":
            ranks[0].reverse()
        elif start.startswith("shuffle"):
            rng = random.Random(int(start[7:]))
            for lay in ranks:
                rng.shuffle(lay)
        pos = {n: i for lay in ranks for i, n in enumerate(lay)}
        seq = list(range(1, len(ranks))) if start != "up" else list(range(len(ranks) - 2, -1, -1))
        nbrs = self.up if start != "up" else self.down
        for r in seq:  # a first order: each point after the mean of its neighbours already placed
            lay = ranks[r]
            lay.sort(key=lambda n: (sum(pos[m] for m in nbrs.get(n, ())) / max(1, len(nbrs.get(n, ())))
                                    if nbrs.get(n) else float(pos[n]), pos[n]))
            for i, n in enumerate(lay):
                pos[n] = i
        self.ranks = ranks
        passes = CROSSING_PASSES if size < 4000 else 4 if size < 40000 else 1
        best = self._crossings(pos)
        best_order = [list(lay) for lay in ranks]
        stale = 0
        for it in range(passes):
            if best == 0:
                break
            downward = (it % 2 == 0) != (start == "up")
            seq = list(range(1, len(ranks))) if downward else list(range(len(ranks) - 2, -1, -1))
            nbrs = self.up if downward else self.down
            for r in seq:
                self._reorder(ranks[r], nbrs, pos, flip=flips and it % 4 >= 2)
            if size < 20000:
                self._transpose(pos, ties=it % 4 >= 2)
            c = self._crossings(pos)
            if c < best:
                best, best_order, stale = c, [list(lay) for lay in ranks], 0
            else:
                stale += 1
                if stale >= 8:
                    break
        if size < SIFT_SIZE and best > 0:  # the best order found, each point moved to its best place
            self.ranks = [list(lay) for lay in best_order]
            pos = {n: i for lay in self.ranks for i, n in enumerate(lay)}
            for _ in range(3):
                self._sift(pos)
                self._transpose(pos)
                c = self._crossings(pos)
                if c >= best:
                    break
                best, best_order = c, [list(lay) for lay in self.ranks]
        return best, best_order

    @staticmethod
    def _median(ps: list[int]) -> float:
        ps.sort()
        n = len(ps)
        m = n // 2
        if n % 2:
            return float(ps[m])
        if n == 2:
            return (ps[0] + ps[1]) / 2
        left, right = ps[m - 1] - ps[0], ps[-1] - ps[m]
        if left + right == 0:
            return (ps[m - 1] + ps[m]) / 2
        return (ps[m - 1] * right + ps[m] * left) / (left + right)

    def _reorder(self, lay: list[str], nbrs: dict[str, list[str]], pos: dict[str, int], flip: bool = False) -> None:
        """Sort a rank by the weighted median of each point's neighbours; points with none keep their place; equal
        medians keep their order (``flip``: swap it, to leave a plateau)."""
        keyed: list[tuple[float, int, str]] = []
        fixed: dict[int, str] = {}
        for i, n in enumerate(lay):
            ns = nbrs.get(n)
            if ns:
                keyed.append((self._median([pos[m] for m in ns]), -i if flip else i, n))
            else:
                fixed[i] = n
        keyed.sort()
        it = iter(keyed)
        for i in range(len(lay)):
            lay[i] = fixed[i] if i in fixed else next(it)[2]
            pos[lay[i]] = i

    def _nbrs(self, lay: list[str], pos: dict[str, int]) -> dict[str, tuple[list[int], list[int]]]:
        """The sorted places of each point's neighbours in the rank before and the rank after (they stay put while
        this rank is rearranged)."""
        return {n: (sorted(pos[m] for m in self.up.get(n, ())), sorted(pos[m] for m in self.down.get(n, ())))
                for n in lay}

    @staticmethod
    def _pair(a: tuple[list[int], list[int]], b: tuple[list[int], list[int]]) -> int:
        """Crossings between the edges of point ``a`` and of point ``b`` (their neighbours' places) when ``a`` is
        left of ``b``."""
        c = 0
        for pa, pb in zip(a, b):
            if pa and pb:
                for m in pa:
                    c += bisect_left(pb, m)  # b's neighbours left of this one of a's
        return c

    def _sift(self, pos: dict[str, int]) -> None:
        """Each point, in turn, moved to the place in its rank where its edges cross the fewest others (sifting:
        it slides past its neighbours one by one, the change in crossings counted pair by pair)."""
        for lay in self.ranks:
            if len(lay) < 3:
                continue
            nb = self._nbrs(lay, pos)
            for v in list(lay):
                start = pos[v]
                others = [n for n in lay if n != v]
                best, best_at, delta = 0, 0, 0
                for i, w in enumerate(others):  # v moves from before others[i] to after it
                    delta += self._pair(nb[w], nb[v]) - self._pair(nb[v], nb[w])
                    if delta < best or (delta == best and abs(i + 1 - start) < abs(best_at - start)):
                        best, best_at = delta, i + 1
                if best_at == start:
                    continue
                others.insert(best_at, v)
                lay[:] = others
                for i, n in enumerate(lay):
                    pos[n] = i

    def _transpose(self, pos: dict[str, int], ties: bool = False) -> None:
        """Swap neighbours in a rank while that removes crossings (``ties``: also when it changes nothing, to leave
        a plateau)."""
        ranks = self.ranks
        nbs = [self._nbrs(lay, pos) for lay in ranks]
        ver = [0] * (len(ranks) + 1)  # how often each rank changed (ver[-1]: none before the first)
        seen = [(0, 0)] * len(ranks)  # the versions of the ranks around each when its lists were made
        for _ in range(6):
            improved = False
            for r, lay in enumerate(ranks):
                before, after = ver[r - 1] if r else 0, ver[r + 1]
                if (before, after) != seen[r]:  # a rank around it changed: its neighbours' places too
                    nbs[r] = self._nbrs(lay, pos)
                    seen[r] = (before, after)
                nb = nbs[r]
                for i in range(len(lay) - 1):
                    a, b = lay[i], lay[i + 1]
                    now, swapped = self._pair(nb[a], nb[b]), self._pair(nb[b], nb[a])
                    if swapped < now or (ties and swapped == now and now > 0):
                        lay[i], lay[i + 1] = b, a
                        pos[a], pos[b] = i + 1, i
                        improved = True
                        ver[r] += 1
            if not improved:
                break

    # ------------------------------------------------------------------ 3. sizes and positions
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

    def label_width(self, text: str) -> float:
        return len(text) * LABEL_PX + 6

    def _breadth(self, n: str, vertical: bool) -> float:
        """Size of a point across the flow (the room it takes in its rank)."""
        if n in self.label:
            return self.label_width(self.label[n]) + 4 if vertical else LABEL_H + 4
        if n in self.dummy:
            return 2.0
        return self.w[n] if vertical else self.node_h

    def anchor(self, n: str) -> float:
        """Where an edge passes a point, from the point's centre, across the flow (beside its label)."""
        if n not in self.label:
            return 0.0
        b = self._breadth(n, self.vertical)
        return -b / 2 + 2 if self.vertical else b / 2 - 1

    def _gap(self, a: str, b: str, vertical: bool) -> float:
        return STAGE_GAP[vertical] if a not in self.dummy and b not in self.dummy else POINT_GAP

    def _place(self, vertical: bool) -> None:
        self.vertical = vertical
        # along the flow: each rank's band
        self.band = []
        q = float(PAD)
        for r, lay in enumerate(self.ranks):
            if r % 2 == 0:
                stages = [n for n in lay if n not in self.dummy]
                depth = (self.node_h if vertical else max(self.w[n] for n in stages)) if stages else MIN_ODD[vertical]
            else:
                labels = [self.label[n] for n in lay if n in self.label]
                depth = (LABEL_H + 2 if vertical else max(self.label_width(t) for t in labels)) if labels \
                    else MIN_ODD[vertical]
            self.band.append((q, q + depth))
            q += depth + RANK_GAP[vertical]
        length = q - RANK_GAP[vertical] + PAD
        # across the flow: least squares towards the neighbours, in sweeps
        p: dict[str, float] = {}
        offs: list[list[float]] = []
        for lay in self.ranks:
            off = [0.0]
            for a, b in zip(lay, lay[1:]):
                off.append(off[-1] + (self._breadth(a, vertical) + self._breadth(b, vertical)) / 2
                           + self._gap(a, b, vertical))
            offs.append(off)
            mid = off[-1] / 2 if off else 0.0
            for n, o in zip(lay, off):
                p[n] = o - mid
        packed = dict(p)
        self.vertical = vertical  # anchors read it
        size = len(p)
        passes = PLACE_PASSES if size < 20000 else 2
        order = list(range(len(self.ranks)))
        for it in range(passes + 1):
            if it == passes:
                seq, both = order, True
            else:
                seq, both = (order[1:] if it % 2 == 0 else order[-2::-1]), False
            nbrs = self.up if it % 2 == 0 else self.down
            for r in seq:
                lay = self.ranks[r]
                if not lay:
                    continue
                target: list[float] = []
                weight: list[float] = []
                for n, o in zip(lay, offs[r]):
                    ns = [*self.up.get(n, ()), *self.down.get(n, ())] if both else nbrs.get(n, [])
                    if ns:
                        at = sorted(p[m] + self.anchor(m) for m in ns)
                        mid = len(at) // 2
                        want = at[mid] if len(at) % 2 else (at[mid - 1] + at[mid]) / 2
                        w = sum(8.0 if (m in self.dummy and n in self.dummy) else 2.0 if (m in self.dummy or n in self.dummy)
                                else 1.0 for m in ns)
                        pull = CENTRE_PULL * (n not in self.dummy)  # towards the rank's packed place: compact
                        target.append(((want - self.anchor(n)) * w + packed[n] * pull) / (w + pull) - o)
                        weight.append(w + pull)
                    else:
                        target.append(p[n] - o)
                        weight.append(0.05)
                for n, o, v in zip(lay, offs[r], _isotonic(target, weight)):
                    p[n] = v + o
        if size < 20000:
            self._straighten(p, vertical)
        low = min((p[n] - self._breadth(n, vertical) / 2 for n in p), default=0.0)
        high = max((p[n] + self._breadth(n, vertical) / 2 for n in p), default=0.0)
        breadth = max(high - low + 2 * PAD, 2 * PAD + MIN_W)
        shift = PAD - low + (breadth - 2 * PAD - (high - low)) / 2
        self.x, self.y = {}, {}
        for n in p:
            r = self.rank[n]
            across, along = p[n] + shift, (self.band[r][0] + self.band[r][1]) / 2
            self.x[n], self.y[n] = (across, along) if vertical else (along, across)
        self.width, self.height = (breadth, length) if vertical else (length, breadth)

    def _room(self, n: str, p: dict[str, float], idx: dict[str, int], vertical: bool) -> tuple[float, float]:
        """The interval where point ``n``'s edge may pass, between its rank neighbours."""
        lay, k, b, a = self.ranks[self.rank[n]], idx[n], self._breadth(n, vertical), self.anchor(n)
        lo, hi = float("-inf"), float("inf")
        if k > 0:
            m = lay[k - 1]
            lo = p[m] + self._breadth(m, vertical) / 2 + self._gap(m, n, vertical) + b / 2 + a
        if k + 1 < len(lay):
            m = lay[k + 1]
            hi = p[m] - self._breadth(m, vertical) / 2 - self._gap(n, m, vertical) - b / 2 + a
        return lo, hi

    def _straighten(self, p: dict[str, float], vertical: bool) -> None:
        """Each run of an edge's points on one line where its rank neighbours leave room (as long a run as fits): a
        long edge drawn as a few straight stretches rather than drifting across, in line with its source or target
        stage when it can be; the longest edges first."""
        idx = {n: i for lay in self.ranks for i, n in enumerate(lay)}
        for chain in sorted([*self.chains, *self.rel_chains], key=len, reverse=True):
            i = 0
            while i < len(chain):
                if chain[i] not in self.dummy:
                    i += 1
                    continue
                lo, hi = self._room(chain[i], p, idx, vertical)
                j = i + 1
                while j < len(chain) and chain[j] in self.dummy:
                    lo2, hi2 = self._room(chain[j], p, idx, vertical)
                    if max(lo, lo2) > min(hi, hi2):
                        break
                    lo, hi = max(lo, lo2), min(hi, hi2)
                    j += 1
                run = chain[i:j]
                if lo <= hi:
                    at = sorted(p[n] + self.anchor(n) for n in run)
                    want = at[len(at) // 2]
                    ends = [p[e] + self.anchor(e) for e in (chain[i - 1], chain[j] if j < len(chain) else None)
                            if e is not None and e not in self.dummy]
                    fits = [e for e in ends if lo <= e <= hi]
                    if fits:
                        want = min(fits, key=lambda e: abs(e - want))
                    want = min(max(want, lo), hi)
                    for n in run:
                        p[n] = want - self.anchor(n)
                i = j

    # ------------------------------------------------------------------ 4. edges
    def _pt(self, across: float, along: float) -> tuple[float, float]:
        return (across, along) if self.vertical else (along, across)

    def _across(self, n: str) -> float:
        return (self.x[n] if self.vertical else self.y[n]) + self.anchor(n)

    def _end(self, n: str, out: bool) -> float:
        """The edge of stage ``n``'s box along the flow, where edges leave (``out``) or arrive."""
        c = self.y[n] if self.vertical else self.x[n]
        half = self.node_h / 2 if self.vertical else self.w[n] / 2
        return c + half if out else c - half - 2

    def _ports(self) -> dict[tuple[int, bool], float]:
        """Where each edge leaves its source (``(k, True)``) and reaches its target (``(k, False)``), across the
        flow from the stage's centre: a stage's edges spread along its side in the order of where they go, so they
        part at the box rather than at one point."""
        ends: dict[tuple[str, bool], list[tuple[float, int]]] = {}
        for k, chain in enumerate(self.chains):
            ends.setdefault((chain[0], True), []).append((self._across(chain[1]), k))
            ends.setdefault((chain[-1], False), []).append((self._across(chain[-2]), k))
        ports: dict[tuple[int, bool], float] = {}
        for (n, out), found in ends.items():
            found.sort()
            room = self.w[n] / 2 if self.vertical else self.node_h / 3
            span = min(room, (14.0 if self.vertical else 10.0) * (len(found) - 1))
            for i, (_, k) in enumerate(found):
                ports[(k, out)] = -span / 2 + span * i / max(1, len(found) - 1)
        return ports

    def _through(self, chain: list[str], k: int | None = None) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        last = len(chain) - 1
        if k is not None and self.port is None:
            self.port = self._ports()
        for i, n in enumerate(chain):
            a = self._across(n)
            if k is not None and self.port is not None and (i == 0 or i == last):
                a += self.port.get((k, i == 0), 0.0)
            top, bottom = self.band[self.rank[n]]
            if n in self.dummy:
                pts += [self._pt(a, top), self._pt(a, bottom)]
            elif i == 0:
                pts += [self._pt(a, self._end(n, True)), self._pt(a, bottom)]
            elif i == last:
                pts += [self._pt(a, top), self._pt(a, self._end(n, False))]
            else:
                pts.append(self._pt(a, (top + bottom) / 2))
        out = [pts[0]]
        for pt in pts[1:]:
            if abs(pt[0] - out[-1][0]) > 0.05 or abs(pt[1] - out[-1][1]) > 0.05:
                out.append(pt)
        return out

    def route(self, k: int) -> list[tuple[float, float]]:
        """The points edge ``k`` runs through, source to target."""
        return self._through(self.chains[k], k)

    def relation_route(self, k: int) -> list[tuple[float, float]]:
        chain = self.rel_chains[k]
        if k not in self.flat:
            return self._through(chain)
        u, d, v = chain
        mid = self.band[self.rank[u]][1] + RANK_GAP[self.vertical] / 2  # in the gap, above the labels below
        au, ad, av = self._across(u), self._across(d), self._across(v)
        return [self._pt(au, self._end(u, True)), self._pt(au, mid), self._pt(ad, mid), self._pt(av, mid),
                self._pt(av, self._end(v, True) + 2)]

    def label_at(self, chain: list[str]) -> tuple[float, float, str] | None:
        """Where the label of a chain goes (x, y of the text's anchor point, and the text)."""
        for n in chain:
            if n in self.label:
                a = self._across(n)
                top, bottom = self.band[self.rank[n]]
                if self.vertical:
                    return a + 4, (top + bottom) / 2 + 4, "start"
                return (top + bottom) / 2, a - 5, "middle"  # above the edge, its halo clear of it
        return None


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


def _flat_path(pts: list[tuple[float, float]], vertical: bool) -> str:
    """A relation between two stages of one rank: out of one, across the gap beside them through its label's
    point (its label just past it, at its own place), and back into the other."""
    (x0, y0), (c0x, c0y), (xm, ym), (c1x, c1y), (x1, y1) = pts
    return (f"M{x0:.1f},{y0:.1f} C{c0x:.1f},{c0y:.1f} {c0x:.1f},{c0y:.1f} {xm:.1f},{ym:.1f} "
            f"C{c1x:.1f},{c1y:.1f} {c1x:.1f},{c1y:.1f} {x1:.1f},{y1:.1f}")


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


def _label(lay: Layout, chain: list[str], pts: list[tuple[float, float]], text: str, cls: str) -> str:
    """An edge's label at its own point (beside the edge), or, on a huge graph drawn without points, beside the
    middle of the edge's first stretch."""
    at = lay.label_at(chain)
    if at is None:
        (x0, y0), (x1, y1) = pts[0], pts[1]
        at = ((x0 + x1) / 2 + 5, (y0 + y1) / 2 + 4, "start") if lay.vertical else ((x0 + x1) / 2, (y0 + y1) / 2 - 4,
                                                                                   "middle")
    x, y, anchor = at
    cls += " start" if anchor == "start" else ""
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}">{escape(text)}</text>'


def _render_svg(view: GraphView, uid: str) -> str:
    lay = Layout(view)
    w, h = lay.width, lay.height
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
        out.append(f'<path class="{cls}" data-from="{escape(u)}" data-to="{escape(v)}" d="{_path(pts, lay.vertical)}" '
                   f'marker-end="url(#{uid}-{"ah" if hi else "a"})"><title>{escape(u)} → {escape(v)}: {escape(t)}</title>'
                   "</path>")
        if t:
            labels.append(_label(lay, lay.chains[k], pts, t, "elabel hi" if hi else "elabel"))
    for k, (u, v, what) in enumerate(view.relations):  # training-time relations (weights, labels): dashed
        pts = lay.relation_route(k)
        d = _flat_path(pts, lay.vertical) if k in lay.flat else _path(pts, lay.vertical)
        out.append(f'<path class="relation" data-from="{escape(u)}" data-to="{escape(v)}" d="{d}" '
                   f'marker-end="url(#{uid}-a)"><title>{escape(v)} takes its {escape(what)} from {escape(u)} '
                   "(not data flow)</title></path>")
        labels.append(_label(lay, lay.rel_chains[k], pts, what, "elabel relation-label"))
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
