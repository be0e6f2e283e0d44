"""Back from the model to text: the canonical document (YAML/JSON) and the canonical DSL (``pipespec fmt``).

Both are lossless for everything the model holds (comments are not part of the model).  The DSL printer puts
known attributes in the stage head where the grammar allows it and the rest in an attribute block, and
prints the data flow as ``flow`` chains.
"""

from __future__ import annotations

import json
from typing import Any

from pipespec import vocab
from pipespec.language.comments import Comments
from pipespec.language.lexicon import NAME, RESERVED
from pipespec.language.yaml_ import reads_as_string
from pipespec.model import FACT_BLOCKS, AttrValue, Facts, Op, Pipeline, Scalar, Stage


def to_document(p: Pipeline) -> dict[str, Any]:
    doc: dict[str, Any] = {"pipeline": p.title}
    if p.study:
        doc["study"] = dict(p.study)
    stages = []
    for s in p.stages:
        d: dict[str, Any] = {"name": s.name, "kind": s.kind}
        if s.inputs:
            d["from"] = list(s.inputs)
        for k, v in s.attrs:
            d[k] = list(v) if isinstance(v, tuple) else v
        if s.ops:
            d["ops"] = [_op_doc(o) for o in s.ops]
        stages.append(d)
    doc["stages"] = stages
    if p.declarations:
        doc["declare"] = {f"condition{d.condition}": d.value for d in p.declarations}
    if p.expectations:
        doc["expect"] = {f"condition{e.condition}": e.value for e in p.expectations}
    if p.waivers:
        doc["waive"] = [{"code": w.code, "justification": w.justification, **({"stage": w.stage} if w.stage else {})}
                        for w in p.waivers]
    if p.assessment:
        doc["assess"] = {f"item{a.item}": a.answer if a.note is None else {"answer": a.answer, "note": a.note}
                         for a in p.assessment}
    for name in FACT_BLOCKS:
        block: Facts | None = getattr(p, name)
        if block is not None:
            doc[name] = {k: list(v) if isinstance(v, tuple) else v for k, v in block.values}
    return doc


def _op_doc(o: Op) -> Any:
    if not o.args and not o.params and not o.custom:
        return o.name
    d: dict[str, Any] = {"op": o.name}
    if o.args:
        d["args"] = list(o.args)
    d.update({k: list(v) if isinstance(v, tuple) else v for k, v in o.params})
    if o.custom:
        d["custom"] = True
    return d


def to_json(p: Pipeline) -> str:
    return json.dumps(to_document(p), indent=2, ensure_ascii=False) + "\n"


def to_yaml(p: Pipeline) -> str:
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def str_repr(dumper: Any, data: str) -> Any:
        # quote words that YAML 1.1 readers would take for booleans or null, so every reader agrees, and what
        # pipespec's YAML 1.2 reader would take for a number (PyYAML's writer knows only YAML 1.1's numbers)
        quote = data.lower() in {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", ""}
        style = '"' if quote or not reads_as_string(data) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, str_repr)
    text: str = yaml.dump(to_document(p), Dumper=Dumper, sort_keys=False, allow_unicode=True, width=110,
                          default_flow_style=False)
    return text


# ---------------------------------------------------------------------------- DSL
def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _is_name(text: str) -> bool:
    """Whether ``text`` reads back as one bare DSL name (the grammar's NAME, kept in build.NAME)."""
    return bool(NAME.fullmatch(text)) and text not in RESERVED


def _scalar(v: Scalar) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return repr(v)
    return v if _is_name(v) else _q(v)


def _value(v: AttrValue) -> str:
    if isinstance(v, tuple):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return _scalar(v)


def _op(o: Op) -> str:
    name = _q(o.name) if o.custom else o.name
    if not o.args and not o.params:
        return name
    parts = [_scalar(a) for a in o.args] + [f"{k}: {_value(v)}" for k, v in o.params]
    return f"{name}(" + ", ".join(parts) + ")"


def _head(s: Stage) -> tuple[list[str], set[str]]:
    """Words for the stage head and the attribute keys they cover."""
    used: set[str] = set()
    words: list[str] = []
    a = dict(s.attrs)
    if s.kind == "input":
        for key in ("modality", "form", "holds"):
            v = a.get(key)
            if isinstance(v, str):
                # the head re-reads each word: a modality must not look like a form or holds word
                if key == "modality" and (not _is_name(v) or vocab.enum_value(vocab.FORMS, v)
                                          or vocab.enum_value(vocab.HOLDS, v)):
                    if vocab.enum_value(vocab.FORMS, v) or vocab.enum_value(vocab.HOLDS, v):
                        continue
                    words.append(_q(v))
                else:
                    words.append(v)
                used.add(key)
    elif s.kind == "output":
        v = a.get("task")
        if isinstance(v, str):
            words.append(v)
            used.add("task")
    elif s.kind == "model":
        fam = a.get("family")
        name_key = "architecture" if "architecture" in a else "algorithm" if "algorithm" in a else None
        if name_key and "architecture" in a and "algorithm" in a:
            name_key = None
        name = a.get(name_key) if name_key else None
        if isinstance(name, str):
            term = vocab.lookup(name)
            expected_key = "algorithm" if term is not None and term.family in ("classical", "statistical") \
                else "architecture"
            words_ok = all(_is_name(w) for w in name.split(" ")) and "  " not in name and name == name.strip()
            # a family word before a name must not read back as part of a known name ("deep CNN")
            fam_ok = isinstance(fam, str) and vocab.lookup(f"{fam} {name}") is None
            if expected_key == name_key and words_ok and not (
                    len(name.split(" ")) > 1 and vocab.lookup(name) is None) and not vocab.enum_value(
                    vocab.FAMILIES, name.split(" ")[0]):
                if fam_ok and isinstance(fam, str):
                    words.append(fam)
                    used.add("family")
                words.append(name)
                used.add(str(name_key))
            elif expected_key == name_key == "architecture" and not vocab.lookup(name):
                if fam_ok and isinstance(fam, str):
                    words.append(fam)
                    used.add("family")
                words.append(_q(name))
                used.add("architecture")
    elif s.kind == "feature_extraction":
        method = a.get("method")
        tool = a.get("tool")
        if isinstance(method, str) and not (isinstance(tool, str) and vocab.lookup(f"{method} {tool}")):
            words.append(method)
            used.add("method")
        if isinstance(tool, str):
            ok = all(_is_name(w) for w in tool.split(" ")) and " ".join(tool.split()) == tool
            if ok and not vocab.enum_value(vocab.METHODS, tool.split(" ")[0]) and not (
                    "method" not in used and vocab.enum_value(vocab.METHODS, tool)):
                words.append(tool)
            else:
                words.append(_q(tool))
            used.add("tool")
    return words, used


def format_dsl(p: Pipeline, comments: Comments | None = None) -> str:
    """The canonical DSL text of a pipeline (idempotent: formatting its own output changes nothing).

    With ``comments`` (pipespec.language.comments.collect of the source), the source's comments are kept.
    """
    c = comments or Comments()
    lines: list[str] = list(c.top)
    seen: set[tuple[object, ...]] = set()

    def emit(key: tuple[object, ...], text: str) -> None:
        first = key not in seen
        if first and key in c.blank and len(lines) > len(c.top) + 1:
            lines.append("")
        seen.add(key)
        if first:
            lines.extend("  " + comment for comment in c.leading.get(key, ()))
        trailing = c.trailing.get(key) if first else None
        head, newline, rest = text.partition("\n")  # a trailing comment ends the statement's first line
        lines.append(head + (f"  {trailing}" if trailing else "") + newline + rest)

    head = f"pipeline {_q(p.title)} {{"
    trailing_title = c.trailing.get(("title",))
    lines.append(head + (f"  {trailing_title}" if trailing_title else ""))
    if p.study:
        emit(("study",), "  study { " + ", ".join(f"{k}: {_scalar(v)}" for k, v in p.study) + " }")
    width = max((len(s.kind) for s in p.stages), default=5)
    for s in p.stages:
        head_words, used = _head(s)
        line = f"  {s.kind.ljust(width)} {s.name}"
        if s.kind == "preprocessing" and s.ops:
            head_words = [_op(o) for o in s.ops]
        if head_words:
            line += ": " + (", ".join(head_words) if s.kind == "preprocessing" else " ".join(head_words))
        rest = [(k, v) for k, v in s.attrs if k not in used]
        block = [f"{k}: {_value(v)}" for k, v in rest]
        if block:
            one = line + " { " + ", ".join(block) + " }"
            if len(one) <= 110:
                line = one
            else:
                line += " {\n" + "\n".join(f"      {b}" for b in block) + "\n  }"
        emit(("stage", s.name), line)
    for chain in _chains(p):
        emit(("flow",), "  flow " + " -> ".join(chain))
    for d in p.declarations:
        emit(("declare", d.condition), f"  declare condition{d.condition} = {d.value}")
    for e in p.expectations:
        emit(("expect", e.condition), f"  expect condition{e.condition} = {e.value}")
    for k, w in enumerate(p.waivers):
        emit(("waive", k), f"  waive {w.code} {_q(w.justification)}" + (f" at {w.stage}" if w.stage else ""))
    for fact_block in FACT_BLOCKS:
        facts: Facts | None = getattr(p, fact_block)
        if facts is not None:
            inner = ", ".join(f"{k}: {_value(v)}" for k, v in facts.values)
            line = f"  {fact_block} {{ {inner} }}" if inner else f"  {fact_block} {{}}"
            if len(line) > 110:
                line = (f"  {fact_block} {{\n" + "\n".join(f"      {k}: {_value(v)}" for k, v in facts.values)
                        + "\n  }")
            emit((fact_block,), line)
    for a in p.assessment:
        emit(("assess", a.item), f"  assess item{a.item} = {a.answer}" + (f" {_q(a.note)}" if a.note else ""))
    lines.extend("  " + comment for comment in c.end)
    lines.append("}")
    lines.extend(c.bottom)
    return "\n".join(lines) + "\n"


def _chains(p: Pipeline) -> list[list[str]]:
    """Cover every edge with chains ``a -> b, c -> d``, greedily, in declaration order (deterministic).

    Stages with the same inputs and the same successors are printed as one group (``x, y, z``): every edge
    between two groups is then complete, so the chain of groups says exactly the edges of the pipeline.
    """
    succ: dict[str, list[str]] = {s.name: [] for s in p.stages}
    for s in p.stages:
        for u in s.inputs:
            if u in succ:
                succ[u].append(s.name)
    groups: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for s in p.stages:
        if s.inputs or succ[s.name]:
            groups.setdefault((s.inputs, tuple(succ[s.name])), []).append(s.name)
    group_of = {n: i for i, members in enumerate(groups.values()) for n in members}
    labels = [", ".join(members) for members in groups.values()]
    gsucc: list[list[int]] = [[] for _ in labels]
    for i, members in enumerate(groups.values()):
        for v in succ[members[0]]:
            j = group_of[v]
            if j not in gsucc[i]:
                gsucc[i].append(j)
    # height: longest distance to a sink, so chains follow the main line of the pipeline
    height = [0] * len(labels)
    for i in reversed(_topological(len(labels), gsucc)):
        height[i] = 1 + max((height[j] for j in gsucc[i]), default=-1)
    is_output = [all(p.stage(n).kind == "output" for n in members) for members in groups.values()]
    unused = [sorted(js, key=lambda j: (-height[j], not is_output[j], j), reverse=True) for js in gsucc]
    chains: list[list[str]] = []
    for i in range(len(labels)):
        while unused[i]:
            chain = [labels[i]]
            cur = i
            while unused[cur]:
                cur = unused[cur].pop()
                chain.append(labels[cur])
            chains.append(chain)
    return chains


def _topological(n: int, succ: list[list[int]]) -> list[int]:
    indeg = [0] * n
    for vs in succ:
        for v in vs:
            indeg[v] += 1
    order = [i for i in range(n) if indeg[i] == 0]
    k = 0
    while k < len(order):
        for v in succ[order[k]]:
            indeg[v] -= 1
            if indeg[v] == 0:
                order.append(v)
        k += 1
    seen = set(order)
    order += [i for i in range(n) if i not in seen]  # cycles: keep declaration order
    return order
