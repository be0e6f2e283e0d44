"""The JSON report: ``Report.to_dict()`` (see schema/report.schema.json), indented, UTF-8 kept as is."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from pipespec.render import RenderOptions
from pipespec.report import Report


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    return dumps_indented(report.to_dict()) + "\n"


class _Other(Exception):
    """A value plain JSON data does not hold: json.dumps decides (and raises as it does)."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise _Other


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text, made without the generators of json's
    pure-Python encoder (the only one that indents): a report of a large batch is mostly this."""
    parts: list[str] = []
    add = parts.append
    enc = encode_basestring

    def scalar(value: Any) -> str:
        if isinstance(value, str):
            return enc(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _float(value)
        raise _Other

    def value_of(value: Any, indent: str) -> None:
        if isinstance(value, dict):
            if not value:
                add("{}")
                return
            inner = indent + "  "
            sep = "{" + inner
            for k, v in value.items():
                add(sep + enc(_key(k)) + ": ")
                sep = "," + inner
                if isinstance(v, (dict, list, tuple)):
                    value_of(v, inner)
                else:
                    add(scalar(v))
            add(indent + "}")
        elif isinstance(value, (list, tuple)):
            if not value:
                add("[]")
                return
            inner = indent + "  "
            sep = "[" + inner
            for v in value:
                add(sep)
                sep = "," + inner
                if isinstance(v, (dict, list, tuple)):
                    value_of(v, inner)
                else:
                    add(scalar(v))
            add(indent + "]")
        else:
            add(scalar(value))

    try:
        value_of(data, "\n")
    except (_Other, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)
