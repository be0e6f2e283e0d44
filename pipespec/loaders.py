"""Reading files and text safely, and the YAML/JSON front ends (safe load -> JSON Schema -> document).

Untrusted input: size limit before reading, UTF-8 only, no YAML tags that construct objects, bounded alias
expansion and nesting.  YAML and JSON nodes keep their line and column so schema errors point at the
offending node, not at line 1.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .build import DEFAULT_LIMITS, Limits, SpanMap, build
from .errors import Diagnostic, LimitError, ReadError, SchemaFailure, Span, SyntaxFailure, span_at
from .model import Pipeline

SUFFIXES = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def detect_format(path: str | None, text: str | None = None) -> str:
    if path:
        fmt = SUFFIXES.get(Path(path).suffix.lower())
        if fmt:
            return fmt
    if text is not None:
        head = text.lstrip()[:200]
        if head.startswith("pipeline") and ('"' in head.split("\n", 1)[0]):
            return "dsl"
        if head.startswith("{") or head.startswith("["):
            return "json"
        return "yaml"
    return "dsl"


def read_text(path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a file as UTF-8 text with the size limit; every failure is a located :class:`ReadError`."""
    where = Span(path, 1, 1)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError(Diagnostic("PS100", "no such file", where)) from None
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None
    if os.path.isdir(path):
        raise ReadError(Diagnostic("PS100", "is a directory, not a pipeline file", where))
    if st.st_size > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"file is {st.st_size} bytes; the limit is {limits.max_bytes} "
                                             "(--max-bytes)", where))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None
    return decode(data, path, limits)


def decode(data: bytes, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> str:
    if len(data) > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"input is over the limit of {limits.max_bytes} bytes (--max-bytes)",
                                    Span(path, 1, 1)))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReadError(Diagnostic("PS100", "binary data (NUL byte): not a pipeline file", Span(path, line, 1)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ReadError(Diagnostic("PS100", f"invalid UTF-8 (byte 0x{data[exc.start]:02x})",
                                   Span(path, line, col))) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# --------------------------------------------------------------------------- YAML
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


_LOADERS: dict[bool, Any] = {}


def _yaml_loader(fast: bool = False) -> Any:
    """A SafeLoader whose booleans are YAML 1.2's (true/false only): ``yes``/``no`` stay words.

    ``fast``: the same loader on libyaml's parser (PyYAML's CSafeLoader) when PyYAML was built with it: the same
    node classes, tags and marks, composed in C.
    """
    loader = _LOADERS.get(fast)
    if loader is not None:
        return loader
    import re

    import yaml

    base = getattr(yaml, "CSafeLoader", None) if fast else yaml.SafeLoader
    if base is None:  # PyYAML without libyaml: the pure-Python loader is the only one
        _LOADERS[fast] = _yaml_loader()
        return _LOADERS[fast]

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    # YAML 1.2 has neither yes/no booleans nor timestamps: a date such as 2021-03-01 stays a string
    dropped = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] not in dropped]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))
    _LOADERS[fast] = Loader
    return Loader


def _compose(loader_cls: Any, text: str) -> tuple[Any, Any]:
    loader = loader_cls(text)
    try:
        return loader, loader.get_single_node()
    finally:
        loader.dispose()


def _mark(path: str, node: Any) -> Span:
    m, e = node.start_mark, node.end_mark
    return Span(path, m.line + 1, m.column + 1, e.line + 1, e.column + 1)


def parse_yaml(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SpanMap]:
    import yaml

    loader_cls = _yaml_loader()
    loader: Any = None
    fast = _yaml_loader(fast=True)
    if fast is not loader_cls:
        try:
            loader, node = _compose(fast, text)
        except Exception:  # noqa: BLE001 - any problem: the pure-Python parser below says what and where
            loader = None
    try:
        if loader is None:
            loader, node = _compose(loader_cls, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise SyntaxFailure(Diagnostic("PS101", f"YAML: {problem}", Span(path, line, col))) from None
    except yaml.YAMLError as exc:
        raise SyntaxFailure(Diagnostic("PS101", f"YAML: {exc}".splitlines()[0], Span(path, 1, 1))) from None
    except RecursionError:
        raise LimitError(Diagnostic("PS112", "YAML nesting too deep", Span(path, 1, 1))) from None
    if node is None:
        raise SyntaxFailure(Diagnostic("PS101", "empty document; expected a mapping with 'pipeline' and 'stages'",
                                       Span(path, 1, 1)))
    spans: SpanMap = {}
    budget = [limits.max_nodes]
    construct = loader_cls.yaml_constructors

    def convert(n: Any, where: tuple[Any, ...], depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise LimitError(Diagnostic("PS112", f"YAML expands to more than {limits.max_nodes} nodes "
                                                 "(aliases?); limit --max-nodes", _mark(path, n)))
        if depth > limits.max_depth:
            raise LimitError(Diagnostic("PS112", f"nesting deeper than {limits.max_depth} (--max-depth)",
                                        _mark(path, n)))
        spans[where] = _mark(path, n)
        if n.tag not in _ALLOWED_TAGS:
            raise SyntaxFailure(Diagnostic("PS101", f"YAML tag {n.tag!r} is not allowed (only plain data)",
                                           _mark(path, n)))
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for k, v in n.value:
                if k.tag == "tag:yaml.org,2002:merge":
                    raise SyntaxFailure(Diagnostic("PS101", "YAML merge keys ('<<') are not supported",
                                                   _mark(path, k)))
                key = convert(k, where + ("<key>",), depth + 1)
                if isinstance(key, (dict, list)):
                    raise SyntaxFailure(Diagnostic("PS101", "YAML mapping keys must be plain values",
                                                   _mark(path, k)))
                if isinstance(key, bool) or key is None or isinstance(key, (int, float)):
                    key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
                if key in out:
                    raise SyntaxFailure(Diagnostic("PS101", f"duplicate key '{key}'", _mark(path, k)))
                out[key] = convert(v, where + (key,), depth + 1)
                spans[where + (key,)] = _mark(path, k)
                spans[where + (key, "value")] = _mark(path, v)
            spans.pop(where + ("<key>",), None)
            return out
        if isinstance(n, yaml.SequenceNode):
            return [convert(v, where + (i,), depth + 1) for i, v in enumerate(n.value)]
        try:
            return construct[n.tag](loader, n)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise SyntaxFailure(Diagnostic("PS101", f"YAML: bad scalar ({type(exc).__name__})",
                                           _mark(path, n))) from None

    return convert(node, (), 0), spans


# --------------------------------------------------------------------------- JSON
def parse_json(text: str, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> tuple[Any, SpanMap]:
    import json

    def constant(name: str) -> Any:  # Python's json reads NaN and Infinity; JSON (RFC 8259) has neither
        import re

        blanked = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: " " * len(m.group()), text)
        where = span_at(text, max(blanked.find(name), 0), path)
        raise SyntaxFailure(Diagnostic("PS101", f"JSON: {name} is not a JSON number", where))

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:  # YAML and the DSL reject repeated keys too
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                import re

                hits = list(re.finditer(re.escape(json.dumps(key)) + r"\s*:", text))
                pos = hits[1].start() if len(hits) > 1 else 0
                raise SyntaxFailure(Diagnostic("PS101", f"JSON: duplicate key {json.dumps(key)[:60]}",
                                               span_at(text, pos, path)))
            out[key] = value
        return out

    try:
        data = json.loads(text, parse_constant=constant, object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise SyntaxFailure(Diagnostic("PS101", f"JSON: {exc.msg}", Span(path, exc.lineno, exc.colno))) from None
    except RecursionError:
        raise LimitError(Diagnostic("PS112", "JSON nesting too deep", Span(path, 1, 1))) from None
    from .safety import check_json_stages

    check_json_stages(data, text, path, limits)  # before the span scan, which is slow on huge documents
    return data, _json_spans(text, path, limits)


def _json_spans(text: str, path: str, limits: Limits) -> SpanMap:
    """Positions of every value (and key) of an already-valid JSON text, keyed by their path."""
    import re

    spans: SpanMap = {}
    ws = re.compile(r"[ \t\r\n]*")
    string = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
    scalar = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
    line_starts = [0]
    for newline in re.finditer("\n", text):
        line_starts.append(newline.end())

    import bisect
    import json

    def span_at(pos: int) -> Span:
        line = bisect.bisect_right(line_starts, pos)
        return Span(path, line, pos - line_starts[line - 1] + 1)

    # iterative walk: stack of (container kind, path, next index)
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    stack: list[list[Any]] = []
    where: tuple[Any, ...] = ()
    expecting_value = True
    while pos < len(text):
        ch = text[pos]
        if expecting_value:
            spans[where] = span_at(pos)
            if ch == "{":
                if len(stack) >= limits.max_depth:
                    raise LimitError(Diagnostic("PS112", f"nesting deeper than {limits.max_depth} (--max-depth)",
                                                span_at(pos)))
                stack.append(["{", where])
                pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    stack.pop()
                    pos += 1
                    expecting_value = False
                    continue
                m = string.match(text, pos)
                assert m
                key = json.loads(m.group())
                where = stack[-1][1] + (key,)
                spans[where] = span_at(pos)
                pos = ws.match(text, m.end()).end() + 1  # type: ignore[union-attr]  # ':'
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                continue
            if ch == "[":
                if len(stack) >= limits.max_depth:
                    raise LimitError(Diagnostic("PS112", f"nesting deeper than {limits.max_depth} (--max-depth)",
                                                span_at(pos)))
                stack.append(["[", where, 0])
                pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    stack.pop()
                    pos += 1
                    expecting_value = False
                    continue
                where = where + (0,)
                continue
            m = string.match(text, pos) if ch == '"' else scalar.match(text, pos)
            assert m
            value_span = span_at(pos)
            if where:
                spans.setdefault(where, value_span)
                spans[where + ("value",)] = value_span
            pos = m.end()
            expecting_value = False
            continue
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text) or not stack:
            break
        ch = text[pos]
        top = stack[-1]
        if ch == ",":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            if top[0] == "{":
                m = string.match(text, pos)
                assert m
                key = json.loads(m.group())
                where = top[1] + (key,)
                spans[where] = span_at(pos)
                pos = ws.match(text, m.end()).end() + 1  # type: ignore[union-attr]
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
            else:
                top[2] += 1
                where = top[1] + (top[2],)
            expecting_value = True
            continue
        # '}' or ']'
        stack.pop()
        where = top[1]
        pos += 1
    return spans


# --------------------------------------------------------------------------- schema
_VALIDATOR: Any = None
_SCHEMA: Any = None
_FAST: Any = False  # pipespec.fastschema's check of the same schema (None: none possible; False: not made yet)


def _schema() -> Any:
    global _SCHEMA
    if _SCHEMA is None:
        import json

        from .resources import resource_path

        _SCHEMA = json.loads(resource_path("schema", "pipeline.schema.json").read_text(encoding="utf-8"))
    return _SCHEMA


def validator() -> Any:
    global _VALIDATOR
    if _VALIDATOR is None:
        from jsonschema import Draft202012Validator

        _VALIDATOR = Draft202012Validator(_schema())
    return _VALIDATOR


def validate_schema(doc: Any, spans: SpanMap, path: str) -> None:
    """Validate against schema/pipeline.schema.json; the best-matching error, located at its node.

    A valid document is recognised by pipespec.fastschema (a compiled yes/no check, 10x faster, jsonschema not
    even imported); anything else goes through jsonschema, which alone makes the diagnostics.
    """
    global _FAST
    from . import fastschema

    if _FAST is False:
        _FAST = fastschema.compile_schema(_schema())
    if fastschema.is_valid(_FAST, doc):
        return
    from jsonschema.exceptions import best_match

    # identifier length is the builder's PS111 (its limit is --max-identifier), not the schema's maxLength
    errors = [e for e in validator().iter_errors(doc) if e.validator != "maxLength"]
    if not errors:
        return
    diags: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    for err in sorted(errors, key=lambda e: tuple(str(p) for p in e.absolute_path)):
        # one diagnostic per offending node: the best match among that node's errors
        where = tuple(err.absolute_path)
        if where in seen:
            continue
        seen.add(where)
        same = [e for e in errors if tuple(e.absolute_path) == where]
        best = best_match(same) or err
        where = tuple(best.absolute_path)
        if best.validator == "additionalProperties" and isinstance(best.instance, dict):
            known = set(best.schema.get("properties", {})) if isinstance(best.schema, dict) else set()
            extra = [k for k in best.instance if k not in known]
            if extra:
                where = where + (extra[0],)
                if known:
                    from .vocab import did_you_mean

                    hint = did_you_mean(str(extra[0]), sorted(known))
                    if hint:
                        best.message = f"unknown key '{extra[0]}'{hint}"
        span = spans.get(where + ("value",)) if best.validator != "additionalProperties" else None
        span = span or spans.get(where)
        p = where
        while span is None and p:
            p = p[:-1]
            span = spans.get(p)
        pointer = "/" + "/".join(str(x) for x in best.absolute_path)
        message = best.message if len(best.message) < 200 else best.message[:197] + "..."
        diags.append(Diagnostic("PS102", f"{message} (at {pointer})", span or Span(path, 1, 1)))
    diags.sort(key=lambda d: (d.span.line, d.span.column))
    raise SchemaFailure(diags)


# --------------------------------------------------------------------------- entry points
def load_text(text: str, path: str = "<string>", fmt: str | None = None,
              limits: Limits = DEFAULT_LIMITS, schema: bool = True) -> Pipeline:
    fmt = fmt or detect_format(path, text)
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate: not text any front end can hold
        raise ReadError(Diagnostic("PS100", f"invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)",
                                   span_at(text, exc.start, path))) from None
    if size > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"input is over the limit of {limits.max_bytes} bytes (--max-bytes)",
                                    Span(path, 1, 1)))
    from .safety import check_document, check_text

    try:
        check_text(text, path, fmt, limits)  # limits that the parsers would hit late or not at all
        if fmt == "dsl":
            from .syntax import parse_document

            doc, spans = parse_document(text, path)
        else:
            doc, spans = (parse_yaml if fmt == "yaml" else parse_json)(text, path, limits)
            check_document(doc, spans, path, limits)
            if schema:
                validate_schema(doc, spans, path)
        return build(doc, spans, path, limits)
    except RecursionError:
        raise LimitError(Diagnostic("PS112", f"input nested too deeply to read (--max-depth {limits.max_depth})",
                                    Span(path, 1, 1))) from None


def load_path(path: str, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Pipeline:
    return load_text(read_text(path, limits), path, fmt or detect_format(path), limits)
