"""The language: text in any front end (DSL, YAML, JSON) -> one typed :class:`~pipespec.model.Pipeline`.

source (read, decode, detect the format) -> prescan (input limits) -> dsl | yaml_ | json_ -> schema -> build.
"""

from __future__ import annotations

from pipespec.errors import Diagnostic, LimitError, ReadError, Span, span_at
from pipespec.language.build import build
from pipespec.language.json_ import parse_json
from pipespec.language.schema import validate_schema
from pipespec.language.source import SUFFIXES, decode, detect_format, read_text
from pipespec.language.yaml_ import parse_yaml
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.model import Pipeline

__all__ = ["SUFFIXES", "decode", "detect_format", "load_path", "load_text", "read_text"]


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
    from pipespec.language.prescan import check_document, check_text

    try:
        check_text(text, path, fmt, limits)  # limits that the parsers would hit late or not at all
        if fmt == "dsl":
            from pipespec.language.dsl import parse_document

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
