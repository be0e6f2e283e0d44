"""Cheap checks of untrusted input *before* the real parsers and the builder see it: the only place input limits
are checked, so that every limit fails fast, cleanly and the same way in every front end.

The parsers are not the place for these checks: a YAML composer recurses once per nesting level (libyaml's
composer in C: a stack overflow, not an exception), alias expansion is exponential in the size of the text, a
DSL ``flow a, b, ... -> x, y, ...`` expands to the product of its groups, and a full parse of a 5,000-stage file
takes longer than the error deserves.  Each check here is linear in the input and stops at the first violation:

- size (``Limits.max_bytes``): :func:`check_bytes`, called by pipespec.language.source while reading;
- nesting depth (``Limits.max_depth``): YAML from the event stream (iterative in both parsers), DSL brackets
  counted outside strings and comments, JSON containers counted outside strings;
- YAML alias expansion (``Limits.max_nodes`` nodes and ``Limits.max_expanded_bytes`` bytes of scalars): the size
  of every anchored node is summed, never expanded; recursive aliases are rejected;
- stages (``Limits.max_stages``) and data-flow edges (``Limits.max_edges``), both counted by one
  :class:`_Budget`: DSL stage declarations (a stage starts a line with its kind), ``from`` lists and the edges
  ``flow`` statements expand to, all from the text; YAML items of the top-level ``stages`` list and of each
  stage's ``from`` from the event stream; JSON from the document just after ``json.loads`` (fast), before the
  span scan and the schema (:func:`check_document`).

Every violation is a :class:`~pipespec.errors.LimitError` with a located one-line PS112 diagnostic that names the
command-line option raising the limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipespec.errors import Diagnostic, LimitError, Span, span_at
from pipespec.lazyre import LazyPattern
from pipespec.limits import Limits

# strings and comments, blanked before counting; an unterminated string runs to the end of its line (DSL) or of
# the text (JSON) instead of failing, so that no text is scanned twice (a failing match retried at each later
# quote was quadratic); possessive, so that the engine keeps no backtracking state per character
_DSL_SKIP = LazyPattern(r'"(?:[^"\\\n]++|\\.)*+"?|#[^\n]*')
_DSL_BRACKET = LazyPattern(r"[\[\](){}]")
# a stage declaration and a flow statement start a line: the first line is matched at the start of the text, every
# other one after its line break (a pattern led by the literal line break is searched much faster than ``^`` in
# multi-line mode, which the engine tries at every position)
_STAGE_LINE = r"[ \t\f]*(?:input|preprocessing|feature_extraction|model|output)(?![\w\-.+/])"
_FLOW_LINE = r"[ \t\f]*flow[ \t\f]+([^\n]*)"
_DSL_STAGE = LazyPattern(_STAGE_LINE)
_DSL_STAGES = LazyPattern("\n" + _STAGE_LINE)
_DSL_FLOW = LazyPattern(_FLOW_LINE)
_DSL_FLOWS = LazyPattern("\n" + _FLOW_LINE)
# a stage's `from a, b, c` (never across lines); `from:` is an attribute key, not the clause. The word must not
# continue a name on its left either: checked in check_dsl, as a leading look-behind would cost the regex engine
# its fast search for the literal.
_DSL_FROM = LazyPattern(r"from(?![\w\-.+/])[ \t\f]*(?!:)([^\n]*)")
_NAME_CHAR = LazyPattern(r"[\w\-.+/]")
_JSON_SKIP = LazyPattern(r'"(?:[^"\\]++|\\.)*+"?')
_JSON_BRACKET = LazyPattern(r"[\[\]{}]")


def _limit(message: str, where: Span) -> LimitError:
    return LimitError(Diagnostic("PS112", message, where))


class _Budget:
    """The one place the stage and edge limits are compared and worded, whatever the front end.

    Each count returns the message of the limit it crosses (``None``: within the limits); the caller, who knows
    where it is, raises it located.
    """

    __slots__ = ("limits", "stages", "edges")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.stages = 0
        self.edges = 0

    def add_stages(self, n: int) -> str | None:
        self.stages += n
        if self.stages > self.limits.max_stages:
            return f"more than {self.limits.max_stages} stages{self.limits.option('max-stages')}"
        return None

    def add_edges(self, n: int) -> str | None:
        self.edges += n
        if self.edges > self.limits.max_edges:
            return (f"more than {self.limits.max_edges} data-flow edges, counting 'from' entries and the edges of "
                    f"'flow' statements{self.limits.option('max-edges')}")
        return None


def check_bytes(size: int, path: str, limits: Limits) -> None:
    """The size limit, checked by the reader before it reads (a file's size) and after (the bytes read)."""
    if size > limits.max_bytes:
        raise _limit(f"input is {size} bytes; the limit is {limits.max_bytes}{limits.option('max-bytes')}",
                     Span(path, 1, 1))


def _too_deep(text: str, pos: int, path: str, limits: Limits) -> LimitError:
    return _limit(f"nesting deeper than {limits.max_depth}{limits.option('max-depth')}", span_at(text, pos, path))


def _bracket_depth(text: str, cleaned: str, bracket: LazyPattern, path: str, limits: Limits) -> None:
    if cleaned.count("[") + cleaned.count("{") + cleaned.count("(") <= limits.max_depth:
        return  # not as many opening brackets in all as the limit allows nested
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


def _flow_edges(statement: str) -> int:
    """The edges a ``flow`` statement (the text after ``flow``) expands to: the product of each pair of groups."""
    if "," not in statement:
        return statement.count("->")
    groups = statement.split("->")
    return sum((a.count(",") + 1) * (b.count(",") + 1) for a, b in zip(groups, groups[1:]))


def _dsl_within_limits(text: str, limits: Limits) -> bool:
    """Whether counts of the raw text prove the DSL text within the depth, stage and edge limits, whatever its
    strings and comments hold (blanking them removes brackets, commas and arrows, and adds none):

    - depth: never more than the opening brackets;
    - stages: at most one declaration a line;
    - edges: at most one ``from`` clause and one ``flow`` statement a line; a line of ``c`` commas and ``r`` arrows
      gives at most ``c + 1`` edges in its clause and ``(c + r + 1) ** 2`` in its statement, so all lines together
      at most ``2 * (commas + arrows + lines) ** 2``.
    """
    lines = text.count("\n") + 1
    bounds = _Budget(limits)  # (the bounds, counted as the real counts are)
    return (text.count("[") + text.count("(") + text.count("{") <= limits.max_depth
            and bounds.add_stages(lines) is None
            and bounds.add_edges(2 * (text.count(",") + text.count("->") + lines) ** 2) is None)


def check_dsl(text: str, path: str, limits: Limits) -> None:
    if not _dsl_within_limits(text, limits):  # (a usual file is, without a scan)
        _scan_dsl(text, path, limits)


def _scan_dsl(text: str, path: str, limits: Limits) -> None:
    """The depth, stages and edges of DSL text, counted outside its strings and comments."""
    cleaned = _DSL_SKIP.sub(_blank, text)
    _bracket_depth(text, cleaned, _DSL_BRACKET, path, limits)
    budget = _Budget(limits)
    first = 1 if _DSL_STAGE.match(cleaned) else 0
    if message := budget.add_stages(first + len(_DSL_STAGES.findall(cleaned))):
        stages = [0] * first + [m.start() + 1 for m in _DSL_STAGES.finditer(cleaned)]
        raise _limit(message, span_at(text, stages[limits.max_stages], path))
    # (position, edges) of every `from` clause and `flow` statement, in the order of the text
    edges = [(m.start(), m.group(1).count(",") + 1) for m in _DSL_FROM.finditer(cleaned)
             if not (m.start() and _NAME_CHAR.match(cleaned, m.start() - 1))]  # not inside a longer name
    first_flow = _DSL_FLOW.match(cleaned)
    total = sum(n for _, n in edges) + sum(map(_flow_edges, _DSL_FLOWS.findall(cleaned)))
    if first_flow:
        total += _flow_edges(first_flow.group(1))
    if budget.add_edges(total):  # over the limit: find the statement that crosses it
        if first_flow:
            edges.append((0, _flow_edges(first_flow.group(1))))
        edges += [(m.start() + 1, _flow_edges(m.group(1))) for m in _DSL_FLOWS.finditer(cleaned)]
        budget = _Budget(limits)
        for pos, n in sorted(edges):
            if message := budget.add_edges(n):
                raise _limit(message, span_at(text, pos, path))


def check_json(text: str, path: str, limits: Limits) -> None:
    _bracket_depth(text, _JSON_SKIP.sub(_blank, text), _JSON_BRACKET, path, limits)


def check_document(doc: Any, locate: Callable[[tuple[Any, ...]], Span], limits: Limits) -> None:
    """Stages and ``from`` edges of a just-parsed JSON document, before the span scan, the schema and the builder.

    ``locate`` maps a document path to its span; it is called only for the error.
    """
    stages = doc.get("stages") if isinstance(doc, dict) else None
    if not isinstance(stages, list):
        return
    budget = _Budget(limits)
    if message := budget.add_stages(len(stages)):
        raise _limit(message, locate(("stages", limits.max_stages)))
    for i, stage in enumerate(stages):
        froms = stage.get("from") if isinstance(stage, dict) else None
        if froms is not None:
            over = limits.max_edges - budget.edges  # the entry that crosses the limit
            if message := budget.add_edges(len(froms) if isinstance(froms, list) else 1):
                raise _limit(message, locate(("stages", i, "from", over)))


# what the YAML shortcut reads of a text: a character that takes it to the full scan (an alias, anchor or tag, a tab,
# a line break other than \n), and the start of every line (its indentation, then the indicators that may open a
# block collection on the same line: `- - x`, `- key: v`, `? - x`, `: - x`, `--- x`)
_YAML_UNSURE = LazyPattern("[*&!\t\r\x85\u2028\u2029\ufeff]")
_YAML_LEAD = r" *(?:(?:---|[-?:])(?: +|$))*"
_YAML_FIRST_LEAD = LazyPattern(_YAML_LEAD, re.M)
_YAML_LEADS = LazyPattern("\n(" + _YAML_LEAD + ")", re.M)  # (found after each line break: a literal, fast to seek)
_YAML_INDICATOR = LazyPattern(r"(?:---|[-?:]) *")


def _yaml_within_limits(text: str, limits: Limits) -> bool:
    """Whether counts of the raw text prove YAML text within every limit the event scan checks, whatever it holds
    (a text this cannot prove is scanned):

    - aliases: with no ``*`` in the text there is none, so nothing expands: the nodes are at most three a
      character (``?`` alone is a mapping, its empty key and its empty value; four are allowed for) and their
      scalars at most four bytes a character (a character's UTF-8, or an escape such as ``\\L``: two characters,
      three bytes);
    - depth: a flow collection opens with its own ``[`` or ``{``, or is a one-pair mapping inside a flow
      sequence (``[a: [b: x]]``: two collections a ``[``), and a block collection starts a line (at its
      indentation) or follows an indicator on it (``- - x``, ``- key: v``); collections nested in each other start
      at columns that never decrease, and only a sequence under a mapping's key shares its column, so a chain of
      nested block collections holds at most two per such column (anchors and tags, which could move a collection
      off these columns, and tabs and other line breaks, which would move the columns, take the text to the scan);
    - stages: an item of a block sequence follows its own ``-``, one of a flow sequence a ``,`` or its ``[``;
    - edges: each is an item of a ``from`` list or the value of a ``from`` key, which follows its ``:`` (or, in a
      flow mapping or after ``?``, a ``,``, a ``{`` or the ``?``).
    """
    if _YAML_UNSURE.search(text):
        return False
    n = len(text)
    if 4 * n + 4 > limits.max_nodes or 4 * n > limits.max_expanded_bytes:
        return False
    columns: set[int] = set()
    leads = set(_YAML_LEADS.findall(text))
    leads.add(_YAML_FIRST_LEAD.match(text).group())  # type: ignore[union-attr]  # (it matches the empty text)
    for lead in leads:
        columns.add(len(lead) - len(lead.lstrip(" ")))
        columns.update(m.end() for m in _YAML_INDICATOR.finditer(lead))
    if 2 * text.count("[") + text.count("{") + 2 * len(columns) > limits.max_depth:
        return False
    dashes, commas, flows = text.count("-"), text.count(","), text.count("[")
    bounds = _Budget(limits)  # (the bounds, counted as the real counts are)
    return (bounds.add_stages(dashes + commas + flows) is None
            and bounds.add_edges(dashes + commas + flows + text.count("{") + text.count(":") + text.count("?"))
            is None)


def check_yaml(text: str, path: str, limits: Limits) -> None:
    """Depth, alias expansion, stages and edges from the YAML event stream; syntax errors are left to the loader."""
    if _yaml_within_limits(text, limits):  # (a usual file is, without a scan)
        return
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            _yaml_events(fast(text), path, limits)
            return
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            if "nesting depth" in str(exc.problem) and mark is not None and limits.max_depth < 1000:
                # libyaml stops at 1,000 open flow collections, long before the pure-Python scanner would
                raise _limit(f"nesting deeper than {limits.max_depth}{limits.option('max-depth')}",
                             Span(path, mark.line + 1, mark.column + 1)) from None
        except yaml.YAMLError:
            pass
    # no libyaml, or a text it refuses: the loader then falls back to the pure-Python parser, so scan with it
    try:
        _yaml_events(yaml.SafeLoader(text), path, limits)
    except yaml.YAMLError:
        return  # the loader reports it, located


def _mark(path: str, event: Any) -> Span:
    m = event.start_mark
    return Span(path, m.line + 1, m.column + 1) if m is not None else Span(path, 1, 1)


# the role of an open collection, for counting stages and edges
_OTHER, _ROOT, _STAGES, _STAGE, _FROM = range(5)


def _yaml_events(loader: Any, path: str, limits: Limits) -> None:
    import yaml

    def limit(message: str, ev: Any) -> LimitError:
        return _limit(message, _mark(path, ev))

    budget = _Budget(limits)
    # one frame per open collection: [expanded size, anchor, is a mapping, next node is a key, role, last key,
    # expanded bytes]
    stack: list[list[Any]] = []
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, bytes) it expands to
    open_anchors: set[str] = set()
    total = 0
    total_bytes = 0
    collection_start = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    collection_end = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, collection_end):
                size, anchor, _, _, _, _, nbytes = stack.pop()
                if anchor:
                    sizes[anchor] = (size, nbytes)
                    open_anchors.discard(anchor)
                if stack:
                    stack[-1][0] += size
                    stack[-1][6] += nbytes
                continue
            if not isinstance(ev, (*collection_start, yaml.ScalarEvent, yaml.AliasEvent)):
                continue
            parent = stack[-1] if stack else None
            is_key = parent is not None and parent[2] and parent[3]
            if parent is not None and parent[2]:
                parent[3] = not parent[3]
            if isinstance(ev, yaml.AliasEvent):
                if ev.anchor in open_anchors:
                    raise limit(f"recursive YAML alias '*{ev.anchor}'", ev)
                size, nbytes = sizes.get(ev.anchor or "", (1, 0))
            else:
                size = 1
                nbytes = len(ev.value.encode("utf-8", "surrogatepass")) if isinstance(ev, yaml.ScalarEvent) else 0
            total += size
            if total > limits.max_nodes:
                raise limit(f"YAML expands to more than {limits.max_nodes} nodes (aliases?)"
                            f"{limits.option('max-nodes')}", ev)
            total_bytes += nbytes
            if total_bytes > limits.max_expanded_bytes:
                raise limit(f"YAML expands to more than {limits.max_expanded_bytes} bytes (aliases?)"
                            f"{limits.option('max-expanded-bytes')}", ev)
            role = parent[4] if parent is not None else _OTHER
            message = None
            if role == _STAGES:
                message = budget.add_stages(1)
            elif role == _FROM:
                message = budget.add_edges(1)
            elif role == _STAGE and not is_key and parent is not None and parent[5] == "from" \
                    and not isinstance(ev, yaml.SequenceStartEvent):
                message = budget.add_edges(max(1, size - 1))  # one name, or an alias of a list
            if message:
                raise limit(message, ev)
            if isinstance(ev, collection_start):
                if len(stack) + 1 > limits.max_depth:
                    raise limit(f"nesting deeper than {limits.max_depth}{limits.option('max-depth')}", ev)
                is_map = isinstance(ev, yaml.MappingStartEvent)
                if parent is None:
                    new_role = _ROOT if is_map else _OTHER
                elif role == _ROOT and not is_map and parent[5] == "stages":
                    new_role = _STAGES
                elif role == _STAGES and is_map:
                    new_role = _STAGE
                elif role == _STAGE and not is_map and parent[5] == "from":
                    new_role = _FROM
                else:
                    new_role = _OTHER
                if ev.anchor:
                    open_anchors.add(ev.anchor)
                stack.append([1, ev.anchor, is_map, True, new_role, None, 0])
                continue
            if parent is not None:
                parent[0] += size
                parent[6] += nbytes
                if is_key:
                    parent[5] = ev.value if isinstance(ev, yaml.ScalarEvent) else None
            if isinstance(ev, yaml.ScalarEvent) and ev.anchor:
                sizes[ev.anchor] = (1, nbytes)
    finally:
        loader.dispose()


def check_text(text: str, path: str, fmt: str, size: int, limits: Limits) -> None:
    """Raise :class:`LimitError` if a source (its text, path, format and size in bytes: the fields of a
    pipespec.language.source.Source, which this module, below it, does not import) breaks a limit that a parser
    would hit too late or not at all."""
    check_bytes(size, path, limits)
    if fmt == "dsl":
        check_dsl(text, path, limits)
    elif fmt == "yaml":
        check_yaml(text, path, limits)
    else:
        check_json(text, path, limits)
