"""Cheap checks of untrusted text *before* the real parsers see it, so every limit fails fast and cleanly.

The parsers are not the place for these checks: a YAML composer recurses once per nesting level (libyaml's
composer in C: a stack overflow, not an exception), alias expansion is exponential in the size of the text, a
DSL ``flow a, b, ... -> x, y, ...`` expands to the product of its groups, and a full parse of a 5,000-stage file
takes longer than the error deserves.  Each check here is linear in the text and stops at the first violation:

- nesting depth (``Limits.max_depth``): YAML from the event stream (iterative in both parsers), DSL brackets
  counted outside strings and comments, JSON containers counted outside strings;
- YAML alias expansion (``Limits.max_nodes``): the size of every anchored node is summed, never expanded;
  recursive aliases are rejected;
- stage count (``Limits.max_stages``): YAML items of the top-level ``stages`` list, DSL stage declarations (a
  stage starts a line with its kind), JSON after ``json.loads`` (fast, in the loader) but before the span scan and the schema;
- DSL flow edges (:data:`MAX_EDGES`).

Every violation is a :class:`~pipespec.errors.LimitError` with a located PS112 diagnostic.
"""

from __future__ import annotations

import re
from typing import Any

from pipespec.errors import Diagnostic, LimitError, Span, span_at
from pipespec.limits import Limits

#: edges a DSL file's flow statements may expand to (``flow a, b -> c, d`` is four edges)
MAX_EDGES = 100_000

_DSL_SKIP = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')
_DSL_BRACKET = re.compile(r"[\[\](){}]")
_DSL_STAGE = re.compile(r"^[ \t\f]*(?:input|preprocessing|feature_extraction|model|output)(?![\w\-.+/])", re.M)
_DSL_FLOW = re.compile(r"^[ \t\f]*flow[ \t\f]+([^\n#]*)", re.M)
_JSON_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str, pos: int, path: str, limits: Limits) -> LimitError:
    return LimitError(Diagnostic("PS112", f"nesting deeper than {limits.max_depth} (--max-depth)",
                                 span_at(text, pos, path)))


def _bracket_depth(text: str, cleaned: str, bracket: re.Pattern[str], path: str, limits: Limits) -> None:
    depth = 0
    for m in bracket.finditer(cleaned):
        if m.group() in "[({":
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(text, m.start(), path, limits)
        else:
            depth = max(0, depth - 1)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def check_dsl(text: str, path: str, limits: Limits) -> None:
    cleaned = _DSL_SKIP.sub(_blank, text)
    _bracket_depth(text, cleaned, _DSL_BRACKET, path, limits)
    for k, m in enumerate(_DSL_STAGE.finditer(cleaned)):
        if k >= limits.max_stages:
            raise LimitError(Diagnostic("PS112", f"more than {limits.max_stages} stages (--max-stages)",
                                        span_at(text, m.start(), path)))
    edges = 0
    for m in _DSL_FLOW.finditer(cleaned):
        product = 1
        groups = m.group(1).split("->")
        for a, b in zip(groups, groups[1:]):
            product = (a.count(",") + 1) * (b.count(",") + 1)
            edges += product
        if edges > MAX_EDGES:
            raise LimitError(Diagnostic("PS112", f"flow statements expand to more than {MAX_EDGES} edges; "
                                                 "connect stages with fewer, narrower flows",
                                        span_at(text, m.start(), path)))


def check_json(text: str, path: str, limits: Limits) -> None:
    _bracket_depth(text, _JSON_SKIP.sub(_blank, text), _JSON_BRACKET, path, limits)


def check_json_stages(doc: Any, text: str, path: str, limits: Limits) -> None:
    """The stage count of a just-loaded JSON document, before the (slower) span scan and the schema."""
    stages = doc.get("stages") if isinstance(doc, dict) else None
    if isinstance(stages, list) and len(stages) > limits.max_stages:
        m = re.search(r'"stages"\s*:', text)
        raise LimitError(Diagnostic("PS112", f"{len(stages)} stages exceed the limit of {limits.max_stages} "
                                             "(--max-stages)", span_at(text, m.start() if m else 0, path)))


def check_yaml(text: str, path: str, limits: Limits) -> None:
    """Depth, alias expansion and stage count from the YAML event stream; syntax errors are left to the loader."""
    import yaml

    cls = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        _yaml_events(cls(text), text, path, limits)
    except yaml.YAMLError:
        return  # the loader reports it, located


def _mark(path: str, event: Any) -> Span:
    m = event.start_mark
    return Span(path, m.line + 1, m.column + 1) if m is not None else Span(path, 1, 1)


def _yaml_events(loader: Any, text: str, path: str, limits: Limits) -> None:
    import yaml

    def limit(message: str, ev: Any) -> LimitError:
        return LimitError(Diagnostic("PS112", message, _mark(path, ev)))

    # one frame per open collection: [expanded size, anchor, is a mapping, next node is a key]
    stack: list[list[Any]] = []
    sizes: dict[str, int] = {}
    open_anchors: set[str] = set()
    total = 0
    stages_next = False  # the root mapping's last key was 'stages'
    stage_items = -1  # items of the root 'stages' list so far (-1: not inside it)
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                size, anchor, _, _ = stack.pop()
                if anchor:
                    sizes[anchor] = size
                    open_anchors.discard(anchor)
                if stack:
                    stack[-1][0] += size
                if len(stack) == 1:
                    stage_items = -1
                continue
            if not isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent, yaml.ScalarEvent,
                                   yaml.AliasEvent)):
                continue
            parent = stack[-1] if stack else None
            is_key = parent is not None and parent[2] and parent[3]
            if parent is not None and parent[2]:
                parent[3] = not parent[3]
            if len(stack) == 2 and stage_items >= 0:
                stage_items += 1
                if stage_items > limits.max_stages:
                    raise limit(f"more than {limits.max_stages} stages (--max-stages)", ev)
            if isinstance(ev, yaml.AliasEvent):
                if ev.anchor in open_anchors:
                    raise limit(f"recursive YAML alias '*{ev.anchor}'", ev)
                size = sizes.get(ev.anchor or "", 1)
            else:
                size = 1
            total += size
            if total > limits.max_nodes:
                raise limit(f"YAML expands to more than {limits.max_nodes} nodes (aliases?); limit --max-nodes", ev)
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) + 1 > limits.max_depth:
                    raise limit(f"nesting deeper than {limits.max_depth} (--max-depth)", ev)
                if len(stack) == 1 and stages_next and isinstance(ev, yaml.SequenceStartEvent):
                    stage_items = 0
                if ev.anchor:
                    open_anchors.add(ev.anchor)
                stack.append([1, ev.anchor, isinstance(ev, yaml.MappingStartEvent), True])
                continue
            if parent is not None:
                parent[0] += size
            if isinstance(ev, yaml.ScalarEvent):
                if ev.anchor:
                    sizes[ev.anchor] = 1
                if len(stack) == 1 and is_key:
                    stages_next = ev.value == "stages"
    finally:
        loader.dispose()


def check_text(text: str, path: str, fmt: str, limits: Limits) -> None:
    """Raise :class:`LimitError` if ``text`` breaks a limit that a parser would hit too late (or not at all)."""
    if fmt == "dsl":
        check_dsl(text, path, limits)
    elif fmt == "yaml":
        check_yaml(text, path, limits)
    elif fmt == "json":
        check_json(text, path, limits)


def check_document(doc: Any, spans: dict[tuple[Any, ...], Span], path: str, limits: Limits) -> None:
    """The stage count of a parsed YAML/JSON document, before schema validation (which is slow on big lists)."""
    stages = doc.get("stages") if isinstance(doc, dict) else None
    if isinstance(stages, list) and len(stages) > limits.max_stages:
        where = spans.get(("stages", limits.max_stages)) or spans.get(("stages",)) or Span(path, 1, 1)
        raise LimitError(Diagnostic("PS112", f"{len(stages)} stages exceed the limit of {limits.max_stages} "
                                             "(--max-stages)", where))
