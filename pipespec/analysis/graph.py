"""The stage graph: edges, cycle detection, data types on every edge, provenance and path queries.

Every query here is linear in stages + edges: provenance is a small set of tags per stage (never the set of
all upstream stages), and paths are single shortest paths found by breadth-first search.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from collections import deque
from collections.abc import Callable, Iterable
from typing import NamedTuple

from pipespec import vocab
from pipespec.analysis.facts import (
    OpTool,
    extraction_method,
    label_sources,
    model_task,
    model_tasks,
    op_tool,
    produces_maps,
    training_only,
    weights_source,
)
from pipespec.errors import Diagnostic, ModelFailure
from pipespec.model import Op, Pipeline, Stage

IMAGE_TYPES = frozenset({"image2d", "image3d", "video", "image", "mask", "kspace", "sinogram"})
RAW_TYPES = frozenset(vocab.RAW_FORMS)  # raw acquisition data: image-like, reconstructed into images
TABLE_TYPES = frozenset({"tabular", "prediction", "text"})
IMAGING_MODALITIES = frozenset(vocab.MODALITIES.values())

# provenance tags
HANDCRAFTED = "handcrafted"  # hand-crafted features (extracted here, or an input table of radiomics)
DEEP = "deep"  # deep features taken out of a network
FEATURES = "features"  # image-derived features of unstated kind
CLINICAL = "clinical"  # non-image variables
TABLE = "table"  # a table of unstated content
IMAGE = "image"  # image data
MAPS = "maps"  # voxel-wise hand-crafted feature maps: images made of hand-crafted features
SEMANTIC = "semantic"  # features readers rate on the images: image-derived, in a table, not hand-crafted


class Provenance(NamedTuple):
    """What reaches a stage: inputs, extraction methods (handcrafted / deep / unknown), all upstream stages
    (declaration order) and the stage's provenance tags (image, clinical, handcrafted, deep, features, table)."""

    inputs: tuple[str, ...]
    methods: tuple[str, ...]
    stages: tuple[str, ...]
    tags: frozenset[str]


def _propagation_sources(stage: Stage) -> list[str]:
    """The delineations a stage (or one of its operations) copies its masks from (``propagated_from``)."""
    found = [str(src)] if (src := stage.get("propagated_from")) is not None else []
    return found + [str(v) for op in stage.ops if (v := op.param("propagated_from")) is not None]


class Graph:
    """The validated graph of a pipeline. Construction raises :class:`ModelFailure` on cycles and type errors;
    non-fatal problems (stages that reach no output) are in ``warnings``."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        self.stages: dict[str, Stage] = {s.name: s for s in pipeline.stages}
        self.succ: dict[str, list[str]] = {s.name: [] for s in pipeline.stages}
        # the attributes any stage or operation of this pipeline states: the relations below (weights_from,
        # labels_from, training_only, propagated_from) are looked for only when some stage states them
        keys: set[str] = set()
        op_keys: set[str] = set()
        for s in pipeline.stages:
            for u in s.inputs:
                self.succ[u].append(s.name)
            for k, _ in s.attrs:
                keys.add(k)
            for op in s.ops:
                for k, _ in op.params:
                    op_keys.add(k)
        self.keys: frozenset[str] = frozenset(keys)
        self.op_keys: frozenset[str] = frozenset(op_keys)
        # weight transfer (weights_from): source -> the networks that start from its weights (only sources that
        # have some); not data flow
        self.weights_to: dict[str, list[str]] = {}
        self._weights_from: dict[str, str] = {}  # stage -> the stage it takes its weights from (when it names one)
        if "weights_from" in keys:
            for s in pipeline.stages:
                src = weights_source(s)
                if src is not None:
                    self._weights_from[s.name] = src
                    if src in self.stages:
                        self.weights_to.setdefault(src, []).append(s.name)
        # training-time relations: labels (labels_from: source -> the networks that learn from its output, only
        # sources that have some) and data used only when training (training_only: yes); neither is on a verdict's
        # input-to-output path
        self.labels_to: dict[str, list[str]] = {}
        self._labels_from: dict[str, tuple[str, ...]] = {}
        if "labels_from" in keys:
            for s in pipeline.stages:
                sources = label_sources(s)
                if sources:
                    self._labels_from[s.name] = sources
                    for src in sources:
                        learners = self.labels_to.setdefault(src, []) if src in self.stages else None
                        if learners is not None and s.name not in learners:
                            learners.append(s.name)
        self.training_only: frozenset[str] = (
            frozenset(s.name for s in pipeline.stages if training_only(s)) if "training_only" in self.keys
            else frozenset())
        self.weights_only: frozenset[str] = frozenset()
        self.labels_only: frozenset[str] = frozenset()
        # connected to an output only through a training-time relation (weights or labels): never decides a verdict
        self.relation_only: frozenset[str] = frozenset()
        self._tools: dict[str, tuple[tuple[Op, OpTool], ...]] = {}
        self.warnings: list[Diagnostic] = []
        errors: list[Diagnostic] = []
        self.order = self._toposort(errors)
        if errors:
            raise ModelFailure(errors)
        self.type: dict[str, str] = {}
        self.provenance: dict[str, frozenset[str]] = {}
        self._methods: dict[str, str | None] = {}  # feature extraction -> its method, found once while typing
        self._types(errors)
        if errors:
            raise ModelFailure(errors)
        self._reachability()

    # ------------------------------------------------------------------ structure
    def _toposort(self, errors: list[Diagnostic]) -> list[str]:
        indeg = {n: len(s.inputs) for n, s in self.stages.items()}
        queue = deque(n for n in self.stages if indeg[n] == 0)
        order: list[str] = []
        while queue:
            n = queue.popleft()
            order.append(n)
            for m in self.succ[n]:
                indeg[m] -= 1
                if indeg[m] == 0:
                    queue.append(m)
        if len(order) < len(self.stages):
            left = {n for n in self.stages if indeg[n] > 0}
            cycle = self._find_cycle(left)
            first = self.stages[cycle[0]]
            errors.append(Diagnostic(
                "PS108", "cycle in the data flow: " + " -> ".join(cycle + [cycle[0]]),
                first.input_span(cycle[-1]), related=tuple(self.stages[n].span for n in cycle[1:]),
                fix="data flows one way: remove one of these edges"))
        return order

    def _find_cycle(self, left: set[str]) -> list[str]:
        # walk predecessors inside the remaining set until a stage repeats
        position = {s.name: i for i, s in enumerate(self.pipeline.stages)}
        start = min(left, key=position.__getitem__)
        seen: dict[str, int] = {}
        path: list[str] = []
        n = start
        while n not in seen:
            seen[n] = len(path)
            path.append(n)
            n = next(u for u in self.stages[n].inputs if u in left)
        cycle = path[seen[n]:]
        cycle.reverse()
        return cycle

    def _types(self, errors: list[Diagnostic]) -> None:
        def bad(stage: Stage, msg: str, upstream: str | None = None, fix: str | None = None) -> None:
            span = stage.input_span(upstream) if upstream else stage.span
            errors.append(Diagnostic("PS109", msg, span, fix=fix))

        for name in self.order:
            st = self.stages[name]
            ins = [(u, self.type.get(u)) for u in st.inputs]
            prov: set[str] = set()
            applied = ([u for u in st.inputs if u not in self.training_only] or st.inputs) if self.training_only \
                else st.inputs
            for u in applied:  # data used only in training never makes what a stage is fed (features, a table)
                prov |= self.provenance.get(u, frozenset())
            kind = st.kind
            out: str | None = None
            if kind == "input":
                if st.inputs:
                    bad(st, f"input '{name}' cannot have upstream stages", st.inputs[0])
                form = st.text("form")
                if form is None:
                    if st.get("holds") is not None:
                        form = "tabular"
                    elif st.text("modality") in IMAGING_MODALITIES:
                        form = "image"
                    else:
                        form = "image" if st.get("modality") is not None else None
                if form is None:
                    bad(st, f"input '{name}' needs a data type: image2d, image3d, video or tabular",
                        fix=f"e.g. input {name}: CT image3d")
                    out = "image"
                else:
                    out = "mask" if form == "boxes" else form  # boxes delineate like masks
                if out == "text":
                    prov = {CLINICAL}  # reports and other text: not image-derived features
                elif out == "tabular":
                    holds = st.text("holds")
                    prov = {{"clinical": CLINICAL, "radiomics": HANDCRAFTED, "deep_features": DEEP,
                             "image_features": FEATURES, "semantic_features": SEMANTIC}.get(holds or "", TABLE)}
                else:
                    prov = {IMAGE}
            elif not st.inputs:
                bad(st, f"{kind.replace('_', ' ')} '{name}' has no inputs",
                    fix=f"connect it: flow <upstream> -> {name}")
                out = "tabular" if kind == "feature_extraction" else "prediction"
            elif kind == "preprocessing":
                images = [(u, t) for u, t in ins if t in IMAGE_TYPES]
                tables = [(u, t) for u, t in ins if t in TABLE_TYPES]
                if images and tables:
                    bad(st, f"pre-processing '{name}' mixes images ('{images[0][0]}') and tables "
                            f"('{tables[0][0]}'); combine them in a model stage", tables[0][0])
                if images:
                    non_mask = [t for _, t in images if t != "mask"]
                    out = str(non_mask[0] if non_mask else "mask")
                    if out in RAW_TYPES and any(op.name == "reconstruct" and not op.custom for op in st.ops):
                        out = "image"  # raw acquisition data reconstructed into images (FBP, iterative, SENSE)
                elif tables and all(t == "prediction" for _, t in tables):
                    out = "prediction"  # post-processing of predictions (averaging, thresholding) stays predictions
                else:
                    out = "tabular"
                for op in st.ops:
                    cat = vocab.op_category(op.name)
                    if cat == "table" and images and not tables:
                        errors.append(Diagnostic("PS109", f"'{op.name}' works on tables, but '{name}' receives "
                                                          f"images from '{images[0][0]}'", op.span or st.span,
                                                 fix="extract features first (a feature_extraction stage)"))
                    elif cat in ("image", "roi") and tables and not images:
                        what = ("the predictions of model" if tables[0][1] == "prediction" else "a table from")
                        errors.append(Diagnostic("PS109", f"'{op.name}' works on images, but '{name}' receives "
                                                          f"{what} '{tables[0][0]}'", op.span or st.span))
            elif kind == "feature_extraction":
                for u, t in ins:
                    if t not in IMAGE_TYPES:
                        what = "the predictions of model" if t == "prediction" else "a table from"
                        fix = None
                        if t == "prediction" and self.stages[u].kind == "model":
                            fix = (f"if '{u}' makes images (reconstruction, synthesis such as pseudo-CT from MRI), "
                                   f"give it task: image_to_image")
                        bad(st, f"feature extraction '{name}' from {what} '{u}'; features are extracted from "
                                "images or masks", u, fix=fix)
                method = self._methods[name] = extraction_method(st)
                if produces_maps(st):
                    # voxel-wise feature maps are images made of hand-crafted features, not a table
                    image_types = [t for _, t in ins if t in IMAGE_TYPES and t != "mask" and t not in RAW_TYPES]
                    prov = {MAPS}
                    out = str(image_types[0]) if image_types else "image"
                else:
                    prov = {{"handcrafted": HANDCRAFTED, "deep": DEEP, "semantic": SEMANTIC}.get(method or "",
                                                                                         FEATURES)}
                    out = "tabular"
            elif kind == "model":
                task = model_task(st)
                if task == "image_to_image":
                    image_types = [t for _, t in ins if t in IMAGE_TYPES and t != "mask" and t not in RAW_TYPES]
                    out = str(image_types[0]) if image_types else "image"
                else:
                    out = "mask" if task in ("segmentation", "detection") else "prediction"
            elif kind == "output":
                for u, t in ins:
                    if t in ("prediction", "mask"):
                        continue
                    makes_images = (self.stages[u].kind == "model" and "image_to_image" in model_tasks(self.stages[u]))
                    if not (t in IMAGE_TYPES and makes_images):
                        src = self.stages[u]
                        segments = src.kind == "preprocessing" and any(vocab.op_category(op.name) == "roi"
                                                                       for op in src.ops)
                        fix = f"put a model stage between '{u}' and '{name}'"
                        if src.kind == "input" and t in RAW_TYPES:
                            what = f"raw acquisition data by '{u}'"
                        elif src.kind == "input" and t in IMAGE_TYPES:
                            what = f"raw images by '{u}'"
                        elif segments:
                            what = f"the delineated images of segmentation step '{u}'"
                            fix = (f"if '{u}' is a network the study trains to delineate, draw it as a model with "
                                   f"task: segmentation; otherwise {fix}")
                        elif t in IMAGE_TYPES:
                            what = (f"the images of pre-processing step '{u}'" if src.kind == "preprocessing"
                                    else f"the feature maps of '{u}'" if src.kind == "feature_extraction"
                                    else f"images by '{u}'")
                        else:
                            what = f"a table by '{u}'"
                        bad(st, f"output '{name}' is fed {what}; an output takes the predictions of a "
                                "model", u, fix=fix)
                if self.succ[name]:
                    nxt = self.succ[name][0]
                    bad(self.stages[nxt], f"output '{name}' cannot feed another stage ('{nxt}')", name)
                out = "prediction"
            self.type[name] = out or "prediction"
            self.provenance[name] = frozenset(prov)

    def _reachability(self) -> None:
        outputs = [n for n, s in self.stages.items() if s.kind == "output"]
        if not outputs:
            self.warnings.append(Diagnostic("PS201", "the pipeline has no output stage", self.pipeline.span,
                                            severity="warning", fix="add e.g. `output result: classification`"))
            return
        by_data = self._with_propagation_sources(self.ancestors(outputs, include=True))
        if self._weights_from or self._labels_from:  # connected through a training-time relation
            self._relation_only(by_data)
        reaches_output = by_data | self.relation_only
        self._training_only_outputs(outputs)
        for s in self.pipeline.stages:
            if s.name not in reaches_output:
                self.warnings.append(Diagnostic("PS201", f"{s.kind.replace('_', ' ')} '{s.name}' reaches no output",
                                                s.span, severity="warning",
                                                fix="connect it to the rest of the pipeline or remove it",
                                                stage=s.name))

    def _relation_only(self, by_data: set[str]) -> None:
        """The stages connected to an output only through weights (``weights_from``) or labels (``labels_from``):
        ``weights_only``, ``labels_only`` and their union ``relation_only`` (``by_data``: what data reaches)."""
        reaches_output = set(by_data)
        weights_from = self._weights_from
        frontier = [n for n, src in weights_from.items() if n in reaches_output and src in self.stages]
        while frontier:  # a network's weight source, and what feeds that source, are connected through it
            sources = [weights_from[n] for n in frontier]
            new = self.ancestors([x for x in sources if x not in reaches_output], include=True) - reaches_output
            reaches_output |= new
            frontier = [n for n in new if weights_from.get(n) in self.stages]
        self.weights_only = frozenset(reaches_output - by_data)
        labels_from = self._labels_from

        def unreached(u: str, v: str) -> bool:
            return u not in reaches_output

        frontier = [n for n in labels_from if n in reaches_output]
        while frontier:  # label sources (a teacher, the reader's boxes), what feeds them, where their weights come from
            sources = [x for n in frontier for x in (*labels_from.get(n, ()), weights_from.get(n))
                       if x is not None and x in self.stages and x not in reaches_output]
            new = self.ancestors(sources, include=True, edge=unreached) - reaches_output
            reaches_output |= new
            frontier = list(new)
        self.labels_only = frozenset(reaches_output - by_data - self.weights_only)
        self.relation_only = self.weights_only | self.labels_only

    def _training_only_outputs(self, outputs: list[str]) -> None:
        """PS202 for an output that data reaches only through training_only stages: when the system is used,
        nothing reaches it (the data it is applied to is not drawn, or is marked training-only by mistake)."""
        if not self.training_only:
            return
        applied = {s.name for s in self.pipeline.stages if s.kind == "input" and s.name not in self.training_only}
        queue = deque(applied)
        while queue:
            for v in self.succ[queue.popleft()]:
                if v not in applied and v not in self.training_only:
                    applied.add(v)
                    queue.append(v)
        for name in outputs:
            if name in applied:
                continue
            through = sorted(self.ancestors([name]) & self.training_only)
            if not through:
                continue
            listed = ", ".join(f"'{u}'" for u in through)
            self.warnings.append(Diagnostic(
                "PS202", f"output '{name}' is reached only through data used in training ({listed}: "
                         f"training_only): when the system is used, nothing reaches it",
                self.stages[name].span, severity="warning", stage=name,
                fix=f"draw the data the system is applied to, or remove `training_only: yes` from {listed}"))

    def _with_propagation_sources(self, reached: set[str]) -> set[str]:
        """``reached`` and the delineations whose masks are copied into it (``propagated_from``), with what feeds
        them: their masks are applied to the data, so they are on the data path, not dangling."""
        if "propagated_from" not in self.keys and "propagated_from" not in self.op_keys:
            return reached
        frontier = list(reached)
        while frontier:
            sources = {src for n in frontier for src in _propagation_sources(self.stages[n])
                       if src in self.stages and src not in reached}
            new = self.ancestors(sources, include=True) - reached
            reached |= new
            frontier = list(new)
        return reached

    # ------------------------------------------------------------------ queries
    def ancestors(self, names: Iterable[str], include: bool = False,
                  edge: Callable[[str, str], bool] | None = None) -> set[str]:
        """Stages upstream of ``names`` (following only edges u->v with ``edge(u, v)`` if given)."""
        start = list(names)
        seen = set(start) if include else set()
        queue = deque(start)
        while queue:
            v = queue.popleft()
            for u in self.stages[v].inputs:
                if u not in seen and (edge is None or edge(u, v)):
                    seen.add(u)
                    queue.append(u)
        return seen

    def path_from(self, target: str, sources: Callable[[Stage], bool],
                  edge: Callable[[str, str], bool] | None = None) -> list[str] | None:
        """Shortest path from any stage satisfying ``sources`` to ``target`` (BFS backwards), or None."""
        parent: dict[str, str | None] = {target: None}
        queue = deque([target])
        while queue:
            v = queue.popleft()
            if sources(self.stages[v]) and v != target:
                path = [v]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])  # type: ignore[arg-type]
                return path
            for u in self.stages[v].inputs:
                if u not in parent and (edge is None or edge(u, v)):
                    parent[u] = v
                    queue.append(u)
        return None

    def path_to(self, start: str, targets: Callable[[Stage], bool]) -> list[str] | None:
        """Shortest path from ``start`` to any stage satisfying ``targets`` (BFS forwards), or None."""
        parent: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            u = queue.popleft()
            if targets(self.stages[u]) and u != start:
                path = [u]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])  # type: ignore[arg-type]
                path.reverse()
                return path
            for v in self.succ[u]:
                if v not in parent:
                    parent[v] = u
                    queue.append(v)
        return None

    def reaching(self, name: str) -> Provenance:
        """Which inputs, feature-extraction methods and stages reach ``name`` (one backward walk)."""
        up = self.ancestors([name])
        ordered = [s.name for s in self.pipeline.stages if s.name in up]
        methods = sorted({self.method(n) or "unknown" for n in ordered
                          if self.stages[n].kind == "feature_extraction"})
        return Provenance(tuple(n for n in ordered if self.stages[n].kind == "input"), tuple(methods),
                          tuple(ordered), self.provenance[name])

    def upstream_of(self, pred: Callable[[Stage], bool]) -> set[str]:
        """Stages with some stage satisfying ``pred`` strictly upstream (one pass in topological order)."""
        hit: set[str] = set()
        stages = self.stages
        for n in self.order:
            for u in stages[n].inputs:
                if u in hit or pred(stages[u]):
                    hit.add(n)
                    break
        return hit

    def downstream_of(self, pred: Callable[[Stage], bool]) -> set[str]:
        """Stages with some stage satisfying ``pred`` strictly downstream (one pass in reverse order)."""
        hit: set[str] = set()
        stages = self.stages
        for n in reversed(self.order):
            for v in self.succ[n]:
                if v in hit or pred(stages[v]):
                    hit.add(n)
                    break
        return hit

    def weights_source(self, name: str) -> str | None:
        """The stage ``name`` takes its weights from (``weights_from``), as declared."""
        return self._weights_from.get(name)

    def method(self, name: str) -> str | None:
        """The method of the feature extraction ``name`` (handcrafted, deep, semantic or as declared; None when
        unknown), found once per stage."""
        return self._methods[name] if name in self._methods else extraction_method(self.stages[name])

    def tools(self, name: str) -> tuple[tuple[Op, OpTool], ...]:
        """The operations of stage ``name`` that name a tool, each with its tool (found once per stage)."""
        found = self._tools.get(name)
        if found is None:
            found = () if "tool" not in self.op_keys else tuple(
                (op, tool) for op in self.stages[name].ops if (tool := op_tool(op)) is not None)
            self._tools[name] = found
        return found

    def labels_of(self, name: str) -> tuple[str, ...]:
        """The stages ``name`` takes its training labels from (``labels_from``), as declared."""
        return self._labels_from.get(name, ())

    def applied_edge(self, u: str, v: str) -> bool:
        """An edge used when the system is applied: not out of a stage whose data is used only in training."""
        return u not in self.training_only

    def image_edge(self, u: str, v: str) -> bool:
        return self.type[u] in IMAGE_TYPES

    def applied_image_edge(self, u: str, v: str) -> bool:
        return self.type[u] in IMAGE_TYPES and u not in self.training_only

    def image_inputs(self, name: str) -> list[str]:
        """Upstream stages feeding ``name`` image data directly (an edge of image type)."""
        return [u for u in self.stages[name].inputs if self.type[u] in IMAGE_TYPES]

    def table_inputs(self, name: str) -> list[str]:
        return [u for u in self.stages[name].inputs if self.type[u] in TABLE_TYPES]

    def table_provenance(self, name: str) -> frozenset[str]:
        """Provenance tags of the tabular data entering ``name``."""
        out: set[str] = set()
        tables = self.table_inputs(name)
        for u in [u for u in tables if u not in self.training_only] or tables:
            out |= self.provenance[u]
        return frozenset(out)
