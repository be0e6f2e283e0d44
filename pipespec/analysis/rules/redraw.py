"""Edits that redraw part of a DSL pipeline: the applicable corrections of the two-readings findings (R5xx).

A finding that names the other honest drawing of a study carries that drawing as a :class:`~pipespec.edits.Fix`:
whole stage lines replaced, deleted or inserted, and the ``flow`` lines that name a removed stage written again,
each located by the spans the DSL front end keeps. Layout, comments and every other line stay as written.

Edits are made only where they are sure to be exact: the source is DSL (YAML and JSON get the same change as the
finding's text), and each stage they rewrite stands on one line (a stage whose block spans lines is left to the
author). Everything else returns ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipespec.edits import UNSAFE, Edit, Fix
from pipespec.errors import Span
from pipespec.language.lexicon import value_text
from pipespec.model import Pipeline, Stage

_NO_SPAN = Span()  # an operation made in code, not read from a file

_NOT_DSL = (".yaml", ".yml", ".json")


def is_dsl(p: Pipeline) -> bool:
    """Whether the pipeline was read from DSL text: not a YAML or JSON file, and its title stands after the
    ``pipeline`` keyword (a YAML or JSON document's title key starts its line or follows a brace)."""
    return not p.source.lower().endswith(_NOT_DSL) and p.span.column >= len('pipeline "')


def one_line(s: Stage) -> bool:
    """Every part of the stage's own statement (head, block, operations) is on its first line."""
    line = s.span.line
    return all(sp.line == line and (sp.end_line in (None, line)) for _, sp in s.attr_spans) and \
        all(o.span.line == line and o.span.end_line in (None, line) for o in s.ops if o.span != _NO_SPAN)


def stage_text(s: Stage, indent: str) -> str:
    """The DSL statement of ``s`` (without its inputs) on one line, indented by ``indent``, ending in a newline: a
    model's architecture as its head, the other attributes in a block, every value as the author would write it."""
    attrs = list(s.attrs)
    head = ""
    arch = s.get("architecture") if s.kind == "model" else None
    if isinstance(arch, str):
        head = value_text(arch)
        attrs = [(k, v) for k, v in attrs if k != "architecture"]
    line = f"{s.kind} {s.name}" + (f": {head}" if head else "")
    if attrs:
        line += " { " + ", ".join(f"{k}: {value_text(v)}" for k, v in attrs) + " }"
    return indent + line + "\n"


def indent_of(s: Stage) -> str:
    return " " * (s.span.column - 1)


def replace_stage(s: Stage, new: Stage, after: Iterable[str] = ()) -> Edit:
    """``s``'s line replaced by ``new``'s statement, then the lines ``after`` (at the same indentation)."""
    ind = indent_of(s)
    return Edit(s.span.line, s.span.column, s.span.line + 1, 1,
                stage_text(new, "") + "".join(ind + line + "\n" for line in after))


def delete_line(line: int) -> Edit:
    return Edit(line, 1, line + 1, 1, "")


def insert_after(s: Stage, lines: Iterable[str]) -> Edit:
    ind = indent_of(s)
    return Edit(s.span.line + 1, 1, s.span.line + 1, 1, "".join(ind + line + "\n" for line in lines))


def fresh(p: Pipeline, base: str) -> str:
    names = {s.name for s in p.stages}
    if base not in names:
        return base
    k = 2
    while f"{base}_{k}" in names:
        k += 1
    return f"{base}_{k}"


def flow_text(edges: list[tuple[str, str]]) -> list[str]:
    """``flow`` statements for ``edges``, in order, consecutive edges joined into chains (a -> b -> c)."""
    out: list[list[str]] = []
    for u, v in edges:
        if out and out[-1][-1] == u:
            out[-1].append(v)
        else:
            out.append([u, v])
    return ["flow " + " -> ".join(chain) for chain in out]


def unsafe(title: str, edits: list[Edit]) -> Fix:
    """A correction that changes what the pipeline says (a verdict may change): applied only on request."""
    return Fix(title, tuple(edits), UNSAFE)


def rewire(p: Pipeline, removed: set[str], head: str) -> list[Edit] | None:
    """Edits of the ``flow`` lines when the stages ``removed`` go and ``head`` is fed by other stages instead: each
    flow line naming a removed stage is written again without its edges (or deleted); the caller writes the new
    edges into ``head`` after its line. ``None`` when an edge into or out of a removed stage is
    written on a line that is not a flow line the edit can rewrite (a ``from`` of a stage that stays)."""
    stage_lines = {s.span.line for s in p.stages}
    by_line: dict[int, list[tuple[int, str, str]]] = {}
    for s in p.stages:
        for u, sp in zip(s.inputs, s.input_spans):
            by_line.setdefault(sp.line, []).append((sp.column, u, s.name))
    edits: list[Edit] = []
    for line, found in sorted(by_line.items()):
        touched = [(u, v) for _, u, v in found if u in removed or v in removed]
        if not touched:
            continue
        if line in stage_lines:  # a from clause: only on a removed stage's line or the head's (rewritten whole)
            owners = [s for s in p.stages if s.span.line == line]
            if all(s.name in removed or s.name == head for s in owners):
                continue
            return None
        kept = [(u, v) for _, u, v in sorted(found) if u not in removed and v not in removed]
        first_col = min(c for c, _, _ in found)
        indent = " " * max(0, first_col - 1 - len("flow "))
        text = "".join(indent + stmt + "\n" for stmt in flow_text(kept))
        edits.append(Edit(line, 1, line + 1, 1, text))
    return edits
