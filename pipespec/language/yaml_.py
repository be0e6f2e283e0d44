"""The YAML front end: safe composition (plain data only, YAML 1.2 booleans) -> document + spans."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from pipespec.errors import Diagnostic, LimitError, Span, SyntaxFailure
from pipespec.language.lexicon import NumberError, Quoted, SpanMap, read_number, spelled

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


@functools.cache
def _yaml_loader(fast: bool = False) -> Any:
    """A SafeLoader whose booleans are YAML 1.2's (true/false only): ``yes``/``no`` stay words.

    ``fast``: the same loader on libyaml's parser (PyYAML's CSafeLoader) when PyYAML was built with it: the same
    node classes, tags and marks, composed in C.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", None) if fast else yaml.SafeLoader
    if base is None:  # PyYAML without libyaml: the pure-Python loader is the only one
        return _yaml_loader()

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    # YAML 1.2 has neither yes/no booleans nor timestamps (a date such as 2021-03-01 stays a string), and its numbers
    # are the core schema's: 1e-4 is a number (YAML 1.1 wanted a dot), 1:30 and 0b1 are strings, 017 is seventeen
    dropped = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
               "tag:yaml.org,2002:float")
    Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] not in dropped]
                                      for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL12, list("tTfF"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT12, list("-+0123456789"))
    Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT12, list("-+.0123456789"))
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
    Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
    if not Loader.yaml_path_resolvers:  # (the safe loaders have none)
        # with no path resolvers, following each node's path (two calls a node, from the composer) does nothing,
        # and a scalar's tag depends on its text and its style alone: the calls are made to C built-ins that take
        # the same arguments and do nothing that matters (no Python frame), and the tags of short texts are
        # remembered (the same keys and words in every file of a batch)
        Loader.descend_resolver = staticmethod(slice)  # (node, index): a slice object, dropped
        Loader.ascend_resolver = staticmethod(tuple)  # (): an empty tuple, dropped
        scalar_node, resolve = yaml.ScalarNode, Loader.resolve
        tags: dict[tuple[str, tuple[bool, bool]], str] = {}

        def remembered(self: Any, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
            if kind is not scalar_node or len(value) > _REMEMBERED_LENGTH:
                return resolve(self, kind, value, implicit)
            key = (value, implicit)
            tag = tags.get(key)
            if tag is None:
                tag = resolve(self, kind, value, implicit)
                if len(tags) < _REMEMBERED_TAGS:
                    tags[key] = tag
            return tag

        Loader.resolve = remembered
    return Loader


_REMEMBERED_LENGTH = 64  # the scalars whose tag is remembered: up to this many characters,
_REMEMBERED_TAGS = 4096  # and up to this many of them


_INT12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT12 = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                      r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_BOOL12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


def _construct_number(loader: Any, node: Any) -> int | float:
    """A YAML 1.2 integer or float, by pipespec.language.lexicon's one rule for numbers."""
    return read_number(str(loader.construct_scalar(node)))


def _compose(loader_cls: Any, text: str) -> tuple[Any, Any]:
    loader = loader_cls(text)
    try:
        return loader, loader.get_single_node()
    finally:
        loader.dispose()


def _mark(path: str, node: Any, _new: Callable[..., Span] = tuple.__new__) -> Span:
    """The span of a node (made as Span.of makes it: one per node of every file)."""
    m, e = node.start_mark, node.end_mark
    return _new(Span, (path, m.line + 1, m.column + 1, e.line + 1, e.column + 1))


def parse_yaml(text: str, path: str = "<string>") -> tuple[Any, SpanMap]:
    """Safe YAML -> (document, spans); raises a located :class:`SyntaxFailure` (PS101).

    The input limits (depth, alias expansion, stages, edges) are pipespec.language.prescan's, checked before.
    """
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
    _SCALAR_ERRORS[0] = yaml.YAMLError
    return _convert(node, (), path, spans, loader_cls.yaml_constructors, loader), spans


_SCALAR_ERRORS: list[Any] = [Exception]  # PyYAML's error class, set when it is imported (by parse_yaml)


def _convert(n: Any, where: tuple[Any, ...], path: str, spans: SpanMap, construct: Any, loader: Any) -> Any:
    """One YAML node as plain data, its spans recorded (a function of its own, not a closure: a recursive closure
    refers to itself, a reference cycle that kept every file's loader and spans until the cyclic collector ran)."""
    spans[where] = _mark(path, n)
    if n.tag not in _ALLOWED_TAGS:
        raise SyntaxFailure(Diagnostic("PS101", f"YAML tag {n.tag!r} is not allowed (only plain data)",
                                       _mark(path, n)))
    if n.id == "mapping":  # (PyYAML's node classes name their kind: no import of yaml here)
        out: dict[Any, Any] = {}
        for k, v in n.value:
            if k.tag == "tag:yaml.org,2002:merge":
                raise SyntaxFailure(Diagnostic("PS101", "YAML merge keys ('<<') are not supported",
                                               _mark(path, k)))
            key = _convert(k, where + ("<key>",), path, spans, construct, loader)
            key_span = spans[where + ("<key>",)]  # (as the call for the key made it)
            if isinstance(key, (dict, list)):
                raise SyntaxFailure(Diagnostic("PS101", "YAML mapping keys must be plain values",
                                               _mark(path, k)))
            if isinstance(key, bool) or key is None or isinstance(key, (int, float)):
                key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
            if key in out:
                raise SyntaxFailure(Diagnostic("PS101", f"duplicate key '{key}'", _mark(path, k)))
            at = where + (key,)
            out[key] = _convert(v, at, path, spans, construct, loader)
            spans[at + ("value",)] = spans[at]  # the value's span, as the call for it made it (its entries are below)
            spans[at] = key_span
        spans.pop(where + ("<key>",), None)
        return out
    if n.id == "sequence":
        return [_convert(v, where + (i,), path, spans, construct, loader) for i, v in enumerate(n.value)]
    try:
        value = construct[n.tag](loader, n)
    except NumberError as exc:
        raise SyntaxFailure(Diagnostic("PS104", str(exc), _mark(path, n))) from None
    except (_SCALAR_ERRORS[0], ValueError, OverflowError) as exc:
        raise SyntaxFailure(Diagnostic("PS101", f"YAML: bad scalar ({type(exc).__name__})",
                                       _mark(path, n))) from None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not n.style:
        return spelled(value, n.value)  # a number keeps its source text
    if n.style in ('"', "'") and type(value) is str:
        return Quoted(value)  # quoted by the author (a quoted tool name is kept so)
    return value
