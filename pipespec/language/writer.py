"""Back from the model to text: the canonical document (YAML/JSON) and the canonical DSL (``pipespec fmt``).

Both are lossless for everything the model holds.  They print what the author wrote (the model's ``spelling``
beside each canonical value, and each number's source text where the target format can spell it), in canonical
layout and order: indentation, spacing, line breaks and the order of statements, attributes, head words and keys
are the writer's.  With the source's comments
(pipespec.language.comments), the DSL and YAML writers put each comment on the line of its owner.  The DSL printer
puts known attributes in the stage head where the grammar allows it and the rest in an attribute block, and prints
the data flow as ``flow`` chains.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from pipespec import vocab
from pipespec.language.comments import TITLE, Comments, Key
from pipespec.language.lexicon import NAME, RESERVED, Quoted, number_text, op_document
from pipespec.model import FACT_BLOCKS, AttrValue, Facts, Op, Pipeline, Scalar, Stage, Statement, written

_DSL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")  # the grammar's NUMBER
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONDITION_KEY = re.compile(r"(?:condition|c)?[_ #-]?[1-5]")  # the schema's names of declare/expect keys
_PLAIN_WORDS = re.compile(r"[A-Za-z_][\w.+/-]*(?: [\w.+/()-]+)*", re.ASCII)
_YAML_BREAKS = re.compile(r"[\r\x85\u2028\u2029]")
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", ""}


def _thaw(value: Any) -> Any:
    """A value as the model holds it (tuples) -> its document form (lists)."""
    if isinstance(value, tuple):
        return [_thaw(x) for x in value]
    return value


def _op_written(o: Op) -> Any:
    """An operation as the author wrote it (its document form)."""
    if not o.spelling:
        return op_document(o)
    d = {k: _thaw(v) for k, v in o.spelling}
    return d["op"] if list(d) == ["op"] and isinstance(d["op"], str) else d


def stage_attrs(s: Stage) -> tuple[tuple[str, AttrValue], ...]:
    """A stage's attributes, in canonical order, as the author wrote them (a value the author quoted where quoting
    says something, an in-house tool, as :class:`Quoted`)."""
    if not s.spelling:
        return s.attrs
    quoted = written(s.spelling, "quoted", ())
    return tuple((k, Quoted(w) if k in quoted and isinstance(w, str) else w)
                 for k, w in ((k, written(s.spelling, k, v)) for k, v in s.attrs))


def _facts_values(f: Facts) -> tuple[tuple[str, AttrValue], ...]:
    return tuple((k, written(f.spelling, k, v)) for k, v in f.values)


def to_document(p: Pipeline) -> dict[str, Any]:
    """The document (the YAML/JSON form) of a pipeline, with every name and value as the author wrote it."""
    doc: dict[str, Any] = {"pipeline": written(p.spelling, "pipeline", p.title)}
    schema = written(p.spelling, "$schema", None)  # a YAML/JSON file's own reference to the JSON Schema
    if schema is not None:
        doc = {"$schema": schema, **doc}
    if p.study:
        doc["study"] = {k: written(p.spelling, f"study.{k}", v) for k, v in p.study}
    stages = []
    for s in p.stages:
        d: dict[str, Any] = {"name": s.name, "kind": s.kind}
        if s.inputs:
            d["from"] = list(s.inputs)
        for k, v in stage_attrs(s):
            d[k] = _thaw(v)
        if s.ops:
            d["ops"] = [_op_written(o) for o in s.ops]
        stages.append(d)
    doc["stages"] = stages
    for key, statements in (("declare", p.declarations), ("expect", p.expectations)):
        if statements:
            doc[key] = dict(_statement_document(st) for st in statements)
    if p.waivers:
        doc["waive"] = [{"code": written(w.spelling, "code", w.code),
                         "justification": written(w.spelling, "justification", w.justification),
                         **({"stage": w.stage} if w.stage else {})} for w in p.waivers]
    if p.assessment:
        assess: dict[str, Any] = {}
        for a in p.assessment:
            answer = written(a.spelling, "answer", a.answer)
            note = written(a.spelling, "note", a.note)
            assess[written(a.spelling, "key", f"item{a.item}")] = answer if note is None else {"answer": answer,
                                                                                              "note": note}
        doc["assess"] = assess
    for name in FACT_BLOCKS:
        block: Facts | None = getattr(p, name)
        if block is not None:
            doc[name] = {k: _thaw(v) for k, v in _facts_values(block)}
    return doc


def write(p: Pipeline, fmt: str, comments: Comments | None = None) -> str:
    """The pipeline in ``fmt`` (dsl, yaml or json), keeping ``comments`` where the format has them (not JSON)."""
    if fmt == "json":
        return to_json(p)
    return to_yaml(p, comments) if fmt == "yaml" else format_dsl(p, comments)


def _statement_document(st: Statement) -> tuple[str, Any]:
    """``conditionN: value`` as written, where the YAML/JSON form (its schema) takes that spelling: the DSL's
    ``declare cond5 = y`` is ``condition5: yes`` there."""
    key = written(st.spelling, "key", f"condition{st.condition}")
    value = written(st.spelling, "value", st.value)
    if not isinstance(key, str) or not _CONDITION_KEY.fullmatch(key):
        key = f"condition{st.condition}"
    if not isinstance(value, bool) and value not in (st.value, st.value.capitalize(), st.value.upper()):
        value = st.value
    return key, value


# ---------------------------------------------------------------------------- JSON
def to_json(p: Pipeline) -> str:
    """The JSON form (two-space indentation); numbers keep their source text where JSON can spell it."""
    out: list[str] = []
    _json_value(to_document(p), "", out)
    return "".join(out) + "\n"


def _json_value(v: Any, indent: str, out: list[str]) -> None:
    if isinstance(v, dict):
        if not v:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{\n")
        for i, (k, x) in enumerate(v.items()):
            out.append(f"{inner}{json.dumps(str(k), ensure_ascii=False)}: ")
            _json_value(x, inner, out)
            out.append(",\n" if i < len(v) - 1 else "\n")
        out.append(indent + "}")
    elif isinstance(v, list):
        if not v:
            out.append("[]")
            return
        inner = indent + "  "
        out.append("[\n")
        for i, x in enumerate(v):
            out.append(inner)
            _json_value(x, inner, out)
            out.append(",\n" if i < len(v) - 1 else "\n")
        out.append(indent + "]")
    elif isinstance(v, bool) or v is None:
        out.append(json.dumps(v))
    elif isinstance(v, (int, float)):
        text = number_text(v)
        out.append(text if text is not None and _JSON_NUMBER.fullmatch(text) else json.dumps(v))
    else:
        out.append(json.dumps(v, ensure_ascii=False))


# ---------------------------------------------------------------------------- YAML
class _Lines:
    """Output lines, each with its owner (pipespec.language.comments): an owner's comments go on its first line."""

    def __init__(self, comments: Comments | None, available: set[Key]):
        self.c = comments.fold(available) if comments else Comments()
        self.lines: list[str] = []
        self.seen: set[Key] = set()
        self.first = 1  # lines up to the title's: no blank line is added there

    def add(self, text: str, owner: Key | list[Key] | None, indent: str = "", blank: bool = True) -> None:
        """One line (or a statement of several: the trailing comment ends its first line) of one owner (or of
        several: a ``flow`` chain); ``blank``: a blank line before the owner in the source is kept (not inside a
        YAML list of names)."""
        trailing: list[str] = []  # one trailing comment a line: more would read back as one
        keys = [key for key in (owner if isinstance(owner, list) else [] if owner is None else [owner])
                if key not in self.seen]
        self.seen.update(keys)
        # one blank line before all the leading comments of the line (a blank line between a comment and its line
        # would read back as one before the comment: fmt would move it on each pass)
        if (blank and any(key in self.c.blank for key in keys) and len(self.lines) > self.first
                and self.lines[-1] != ""):
            self.lines.append("")
        for key in keys:
            self.lines.extend(indent + comment for comment in self.c.leading.get(key, ()))
            for comment in self.c.trailing.get(key, ()):
                if trailing:
                    self.lines.append(indent + comment)
                else:
                    trailing.append(comment)
        head, newline, rest = text.partition("\n")
        self.lines.append(head + ("  " + "  ".join(trailing) if trailing else "") + newline + rest)

    def comments_of(self, owner: Key) -> bool:
        return owner in self.c.leading or owner in self.c.trailing


def yaml_owners(p: Pipeline) -> set[Key]:
    keys: set[Key] = {TITLE}
    if written(p.spelling, "$schema", None) is not None:
        keys.add(("$schema",))
    if p.study:
        keys.add(("study",))
        keys.update(("study", k) for k, _ in p.study)
    for s in p.stages:
        keys.add(("stage", s.name))
        keys.update(("stage", s.name, k) for k, _ in s.attrs)
        if s.inputs:
            keys.add(("stage", s.name, "from"))
            keys.update(("stage", s.name, "from", u) for u in s.inputs)
        if s.ops:
            keys.add(("stage", s.name, "ops"))
    keys.update(("declare", d.condition) for d in p.declarations)
    keys.update(("expect", e.condition) for e in p.expectations)
    keys.update(("waive", k) for k in range(len(p.waivers)))
    keys.update(("assess", a.item) for a in p.assessment)
    for block in FACT_BLOCKS:
        facts: Facts | None = getattr(p, block)
        if facts is not None:
            keys.add((block,))
            keys.update((block, k) for k, _ in facts.values)
    return keys


def to_yaml(p: Pipeline, comments: Comments | None = None) -> str:
    """The YAML form (block style, two-space indentation, sequences indented under their key, a ``---`` document
    start, yes/no quoted): what yamllint's default rules accept (line length aside: comments are kept as written).
    With ``comments``, the source's comments are kept."""
    out = _Lines(_yaml_comments(comments), yaml_owners(p))
    doc = to_document(p)
    out.add(f"pipeline: {_yaml_scalar(doc['pipeline'])}", TITLE)
    out.first = len(out.lines)
    if "$schema" in doc:
        out.add(f"$schema: {_yaml_scalar(doc['$schema'])}", ("$schema",))
    if "study" in doc:
        out.add("study:", ("study",))
        for k, v in doc["study"].items():
            out.add(f"  {_yaml_key(k)}: {_yaml_scalar(v)}", ("study", k), "  ")
    out.add("stages:" if p.stages else "stages: []", None)
    for s, d in zip(p.stages, doc["stages"]):
        first = True
        for k, v in d.items():
            owner: Key = ("stage", s.name) if k in ("name", "kind") else ("stage", s.name, k)
            lead = "  - " if first else "    "
            first = False
            if k == "ops":
                out.add(f"{lead}ops:", owner, lead[:2] if lead == "  - " else lead)
                for op in v:
                    if isinstance(op, dict):
                        items = list(op.items())
                        out.add("      - " + _yaml_pair(*items[0], "        "), None)
                        for ok, ov in items[1:]:
                            out.add("        " + _yaml_pair(ok, ov, "        "), None)
                    else:
                        out.add(f"      - {_yaml_scalar(op)}", None)
            elif k == "from":
                out.add(f"{lead}from:", owner, "  " if lead == "  - " else lead)
                for u in v:
                    out.add(f"      - {_yaml_scalar(u)}", ("stage", s.name, "from", u), "      ", blank=False)
            else:
                out.add(lead + _yaml_pair(k, v, "    "), owner, "  " if lead == "  - " else lead)
    for block in ("declare", "expect"):
        if block in doc:
            out.add(f"{block}:", None)
            statements = p.declarations if block == "declare" else p.expectations
            for st, (k, v) in zip(statements, doc[block].items()):
                out.add(f"  {_yaml_key(k)}: {_yaml_scalar(v, word=True)}", (block, st.condition), "  ")
    if "waive" in doc:
        out.add("waive:", None)
        for i, w in enumerate(doc["waive"]):
            items = list(w.items())
            out.add("  - " + _yaml_pair(*items[0], "    "), ("waive", i), "  ")
            for k, v in items[1:]:
                out.add("    " + _yaml_pair(k, v, "    "), None)
    if "assess" in doc:
        out.add("assess:", None)
        for a, (k, v) in zip(p.assessment, doc["assess"].items()):
            if isinstance(v, dict):
                out.add(f"  {_yaml_key(k)}:\n    answer: {_yaml_scalar(v['answer'], word=True)}\n"
                        f"    note: {_yaml_scalar(v['note'])}", ("assess", a.item), "  ")
            else:
                out.add(f"  {_yaml_key(k)}: {_yaml_scalar(v, word=True)}", ("assess", a.item), "  ")
    for block in FACT_BLOCKS:
        if block in doc:
            values = doc[block]
            out.add(f"{block}:" + ("" if values else " {}"), (block,))
            for k, v in values.items():
                out.add("  " + _yaml_pair(k, v, "  "), (block, k), "  ")
    lines = out.lines + out.c.end + ([""] + out.c.bottom if out.c.bottom else [])  # a blank line: the DSL's "}"
    start = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines.insert(start, "---")  # the document start, after the comments that open the file
    # a YAML reader ends a comment at any line break (CR, NEL, LS, PS too): those become spaces, never code
    return _YAML_BREAKS.sub(" ", "\n".join(lines)) + "\n"


_COMMENT_START = re.compile(r"#+(?=[^ #])")


def _yaml_comment(text: str) -> str:
    """A comment as YAML writes it: a space after its ``#`` signs (``#note`` -> ``# note``, as yamllint's
    comments rule asks; a comment of ``#`` signs alone, or with a space already, is kept)."""
    m = _COMMENT_START.match(text)
    return text[:m.end()] + " " + text[m.end():] if m else text


def _yaml_comments(comments: Comments | None) -> Comments | None:
    """The comments with each text as YAML writes it (:func:`_yaml_comment`); the same object when none changes."""
    if comments is None or all(_COMMENT_START.match(c) is None for c in comments.texts()):
        return comments

    def each(texts: list[str]) -> list[str]:
        return [_yaml_comment(c) for c in texts]

    return Comments({k: each(v) for k, v in comments.leading.items()},
                    {k: each(v) for k, v in comments.trailing.items()},
                    set(comments.blank), each(comments.end), each(comments.bottom))


def _yaml_pair(key: str, value: Any, indent: str) -> str:
    """``key: value``, or ``key:`` and the list's items below it (indented under the key at ``indent``)."""
    if isinstance(value, list):
        if not value:
            return f"{_yaml_key(key)}: []"
        return f"{_yaml_key(key)}:" + "".join(f"\n{indent}  - {_yaml_scalar(x)}" for x in value)
    return f"{_yaml_key(key)}: {_yaml_scalar(value)}"


def _yaml_key(key: str) -> str:
    return _yaml_str(str(key), False)


def _yaml_scalar(v: Any, word: bool = False) -> str:
    """One scalar: a number as written when YAML reads it back as the same number, a string plain when it reads
    back as that string (``word``: yes/no, the answers of declare/expect/assess, stay plain)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        text = number_text(v)
        if text is not None and _yaml_reads(text) == (_number_kind(v), v):
            return text
        return repr(v) if isinstance(v, float) else str(int(v))
    if isinstance(v, Quoted):
        return _q(v)  # a JSON string is a YAML double-quoted scalar
    return _yaml_str(str(v), word)


@functools.lru_cache(maxsize=8192)
def _yaml_reads(text: str) -> tuple[str, Any]:
    """What pipespec's YAML reader makes of a plain scalar: ("int"/"float"/"str"/..., value)."""
    import yaml

    from pipespec.language.yaml_ import _yaml_loader

    try:
        value = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - pipespec's safe loader
    except (yaml.YAMLError, ValueError):  # ValueError: a number no front end keeps (.inf, 30 digits)
        return "error", None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_kind(value), value
    return type(value).__name__, value


def _number_kind(v: int | float) -> str:
    return "float" if isinstance(v, float) else "int"


@functools.lru_cache(maxsize=8192)
def _yaml_str(text: str, word: bool) -> str:
    """A string as one YAML line: plain when every reader takes it for this string, else quoted."""
    import yaml

    # yes/no (the answers of declare/expect/assess) are quoted like every YAML 1.1 boolean word: yamllint's truthy
    # rule, and YAML 1.1 readers, would take them for booleans
    if _PLAIN_WORDS.fullmatch(text) and text.lower() not in _YAML11_WORDS:
        return text  # a letter first, no indicator: a string to every YAML reader (the common case, fast)

    class Dumper(yaml.SafeDumper):
        pass

    def dump(style: str | None) -> str:
        def str_repr(dumper: Any, data: str) -> Any:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

        Dumper.add_representer(str, str_repr)
        out: str = yaml.dump(text, Dumper=Dumper, allow_unicode=True, width=1 << 30)
        if out.endswith("\n...\n"):
            out = out[: -len("\n...\n")]
        return out.rstrip("\n")

    # quote words that YAML 1.1 readers take for booleans or null, and anything on several lines
    if text.lower() in _YAML11_WORDS or any(ch in text for ch in "\r\n\x85\u2028\u2029"):
        return dump('"')
    out = dump(None)
    if "\n" in out or (not out.startswith(("'", '"')) and _yaml_reads(out) != ("str", text)):
        return dump('"')  # pipespec's reader would take the plain form for another value
    return out


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
        text = number_text(v)  # as written (00123, 2024.10), when the DSL reads it back as the same number
        if text is not None and _DSL_NUMBER.fullmatch(text) and _dsl_number(text) == v:
            return text
        return repr(v)
    return v if _is_name(v) and not isinstance(v, Quoted) else _q(v)


def _dsl_number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _value(v: Any) -> str:
    if isinstance(v, (tuple, list)):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return _scalar(v)


def _op(o: Op) -> str:
    """An operation as the author wrote it, when the DSL can say it so; else in its canonical form."""
    if o.spelling:
        text = _written_op(_op_written(o), o.custom)
        if text is not None:
            return text
    name = _q(o.name) if o.custom else o.name
    if not o.args and not o.params:
        return name
    parts = [_scalar(a) for a in o.args] + [f"{k}: {_value(v)}" for k, v in o.params]
    return f"{name}(" + ", ".join(parts) + ")"


def _written_op(d: Any, custom: bool) -> str | None:
    if isinstance(d, str):
        d = {"op": d}
    name = d.get("op")
    if not isinstance(name, str):
        return None
    if custom:
        head = _q(name)
    elif all(_is_name(w) for w in name.split(" ")) and " ".join(name.split()) == name:
        head = name  # a known operation of several words reads back as one (correlation filter)
    else:
        return None
    args = d.get("args", [])
    parts = [_scalar(a) for a in (args if isinstance(args, list) else [args])]
    for k, v in d.items():
        if k in ("op", "args", "custom"):
            continue
        if not _is_name(str(k)):
            return None
        parts.append(f"{k}: {_value(v)}")
    return f"{head}(" + ", ".join(parts) + ")" if parts else head


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
        elif isinstance(v, tuple) and all(isinstance(t, str) and _is_name(t) for t in v):
            words.append(", ".join(str(t) for t in v))  # an output with several tasks
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
            ok = (all(_is_name(w) for w in tool.split(" ")) and " ".join(tool.split()) == tool
                  and not isinstance(tool, Quoted))
            if ok and not vocab.enum_value(vocab.METHODS, tool.split(" ")[0]) and not (
                    "method" not in used and vocab.enum_value(vocab.METHODS, tool)):
                words.append(tool)
            else:
                words.append(_q(tool))
            used.add("tool")
    return words, used


def dsl_owners(p: Pipeline) -> set[Key]:
    """The owners the DSL has a line for (``ops`` are in the stage head: their comments go to the stage)."""
    return {k for k in yaml_owners(p) if not (k[0] == "stage" and len(k) > 2 and k[2] == "ops") and k != ("$schema",)}


def format_dsl(p: Pipeline, comments: Comments | None = None) -> str:
    """The canonical DSL text of a pipeline (idempotent: formatting its own output changes nothing).

    With ``comments`` (pipespec.language.comments.collect of the source, in any format), they are kept.
    """
    out = _Lines(comments, dsl_owners(p))
    c = out.c
    out.lines.extend(c.top)
    out.seen.add(TITLE)
    title = written(p.spelling, "pipeline", p.title)
    out.lines.append(f"pipeline {_q(title)} {{" + ("  " + "  ".join(c.trailing[TITLE]) if TITLE in c.trailing
                                                    else ""))
    out.first = len(out.lines)
    if p.study:
        pairs = [(k, _scalar(written(p.spelling, f"study.{k}", v))) for k, v in p.study]
        _dsl_block(out, "  study", ("study",), [(("study", k), k, v) for k, v in pairs])
    width = max((len(s.kind) for s in p.stages), default=5)
    for s in p.stages:
        attrs = stage_attrs(s)
        commented = {k for k, _ in attrs if out.comments_of(("stage", s.name, k))}
        head_words, used = _head(Stage(s.name, s.kind, s.inputs, tuple(
            (k, v) for k, v in attrs if k not in commented and _head_word_ok(k, v))))
        line = f"  {s.kind.ljust(width)} {s.name}"
        if s.kind == "preprocessing" and s.ops:
            head_words = [_op(o) for o in s.ops]
        if head_words:
            line += ": " + (", ".join(head_words) if s.kind == "preprocessing" else " ".join(head_words))
        rest = [(("stage", s.name, k), k, _value(v)) for k, v in attrs if k not in used]
        _dsl_block(out, line, ("stage", s.name), rest)
    for chain in _chains(p, out.comments_of):
        for part in _split_at_comments(out, [label.split(", ") for label in chain]):
            edges: list[Key] = [("stage", b, "from", a) for before, after in zip(part, part[1:])
                                for b in after for a in before]
            out.add("  flow " + " -> ".join(", ".join(g) for g in part),
                    edges + [("stage", b, "from") for g in part[1:] for b in g], "  ")
    for d in p.declarations:
        key, value = written(d.spelling, "key", ""), written(d.spelling, "value", d.value)
        out.add(f"  declare {key if _is_name(str(key)) else f'condition{d.condition}'} = "
                f"{value if isinstance(value, str) and _is_name(value) else d.value}", ("declare", d.condition), "  ")
    for e in p.expectations:
        key, value = written(e.spelling, "key", ""), written(e.spelling, "value", e.value)
        out.add(f"  expect {key if _is_name(str(key)) else f'condition{e.condition}'} = "
                f"{value if isinstance(value, str) and _is_name(value) else e.value}", ("expect", e.condition), "  ")
    for k, w in enumerate(p.waivers):
        code = written(w.spelling, "code", w.code)
        out.add(f"  waive {code if _is_name(code) else w.code} {_q(written(w.spelling, 'justification', w.justification))}"
                + (f" at {w.stage}" if w.stage else ""), ("waive", k), "  ")
    for fact_block in FACT_BLOCKS:
        facts: Facts | None = getattr(p, fact_block)
        if facts is not None:
            _dsl_block(out, f"  {fact_block}", (fact_block,),
                       [((fact_block, k), k, _value(v)) for k, v in _facts_values(facts)], empty=True)
    for a in p.assessment:
        key, answer = written(a.spelling, "key", ""), written(a.spelling, "answer", a.answer)
        note = written(a.spelling, "note", a.note)
        out.add(f"  assess {key if _is_name(str(key)) else f'item{a.item}'} = "
                f"{answer if isinstance(answer, str) and _is_name(answer) else a.answer}"
                + (f" {_q(note)}" if note else ""), ("assess", a.item), "  ")
    out.lines.extend("  " + comment for comment in c.end)
    out.lines.append("}")
    out.lines.extend(c.bottom)
    return "\n".join(out.lines) + "\n"


def _split_at_comments(out: _Lines, groups: list[list[str]]) -> list[list[list[str]]]:
    """A chain of groups cut before each later step that has comments, so that each commented edge begins a
    ``flow`` line (a comment on ``flow m -> y`` stays there, not at the end of ``flow a -> m -> y``)."""
    parts: list[list[list[str]]] = []
    start = 0
    for i in range(1, len(groups) - 1):
        if any(out.comments_of(("stage", b, "from", a)) for b in groups[i + 1] for a in groups[i]):
            parts.append(groups[start:i + 1])
            start = i
    parts.append(groups[start:])
    return parts


def _head_word_ok(key: str, value: AttrValue) -> bool:
    """Whether a value as written may stand in a stage head, where each word is read by its position and its
    vocabulary: one name, read as the same attribute (a form word is not a holds word); else it goes to the block
    (``holds: "Deep Features"``)."""
    if key not in ("form", "holds", "task", "family", "method") or not isinstance(value, str):
        return True
    if not _is_name(value):
        return False
    return key != "holds" or vocab.enum_value(vocab.FORMS, value) is None


def _dsl_block(out: _Lines, head: str, owner: Key, pairs: list[tuple[Key, str, str]], empty: bool = False) -> None:
    """A statement with an attribute block: on one line when it fits and none of its attributes has a comment,
    else one attribute a line (each with its comments)."""
    if not pairs:
        out.add(head + (" {}" if empty else ""), owner, "  ")
        return
    one = head + " { " + ", ".join(f"{k}: {v}" for _, k, v in pairs) + " }"
    if len(one) <= 110 and not any(out.comments_of(key) for key, _, _ in pairs):
        out.add(one, owner, "  ")
        return
    out.add(head + " {", owner, "  ")
    for key, k, v in pairs:
        out.add(f"      {k}: {v}", key, "      ")
    out.add("  }", None)


def _chains(p: Pipeline, commented: Callable[[Key], bool] | None = None) -> list[list[str]]:
    """Cover every edge with chains ``a -> b, c -> d``, greedily, each starting from a group no earlier group
    feeds (in the data's direction: ``flow ct -> net -> y``, never ``flow net -> y`` before ``flow ct -> net``),
    ties in declaration order (deterministic).

    Stages with the same inputs and the same successors are printed as one group (``x, y, z``): every edge
    between two groups is then complete, so the chain of groups says exactly the edges of the pipeline. A stage
    with a commented edge (``commented``: whether an owner has comments) stays a group of its own: a ``flow``
    line's comments belong to its first edge, and in a group that edge would be another stage's.
    """
    succ: dict[str, list[str]] = {s.name: [] for s in p.stages}
    for s in p.stages:
        for u in s.inputs:
            if u in succ:
                succ[u].append(s.name)
    alone: set[str] = set()
    if commented is not None:
        for s in p.stages:
            for u in s.inputs:
                if commented(("stage", s.name, "from", u)):
                    alone.update((s.name, u))
    groups: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[str]] = {}
    for s in p.stages:
        if s.inputs or succ[s.name]:
            groups.setdefault((s.inputs, tuple(succ[s.name]), s.name if s.name in alone else ""),
                              []).append(s.name)
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
    order = _topological(len(labels), gsucc)
    for i in reversed(order):
        height[i] = 1 + max((height[j] for j in gsucc[i]), default=-1)
    kind = {s.name: s.kind for s in p.stages}
    is_output = [all(kind[n] == "output" for n in members) for members in groups.values()]
    unused = [sorted(js, key=lambda j: (-height[j], not is_output[j], j), reverse=True) for js in gsucc]
    chains: list[list[str]] = []
    for i in order:  # sources first: a chain never starts downstream of one printed after it
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
