"""The language: text in any front end (DSL, YAML, JSON) -> one typed :class:`~pipespec.model.Pipeline`.

source (read, decode, detect the format once: a :class:`Source`) -> prescan (every input limit) ->
dsl | yaml_ | json_ (a document and its spans) -> schema (YAML/JSON) -> build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipespec.errors import Diagnostic, InputError, LimitError, Span
from pipespec.language import prescan
from pipespec.language.lexicon import SpanMap
from pipespec.language.source import (
    FORMATS,
    SUFFIXES,
    Source,
    decode,
    detect_format,
    read_source,
    read_text,
    source_from_bytes,
    source_from_text,
)
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.model import Pipeline, Stage

if TYPE_CHECKING:
    from pipespec.language.comments import Comments

__all__ = ["FORMATS", "SUFFIXES", "Source", "decode", "detect_format", "load_path", "load_source", "load_text",
           "load_with_comments", "read_source", "read_text", "source_from_bytes", "source_from_text",
           "validate_model"]


def _parse(source: Source, limits: Limits) -> tuple[Any, SpanMap]:
    """The document and spans of a pre-scanned source, in its format's front end."""
    if source.format == "dsl":
        from pipespec.language.dsl import parse_document

        return parse_document(source.text, source.path)
    if source.format == "yaml":
        from pipespec.language.yaml_ import parse_yaml

        return parse_yaml(source.text, source.path)
    from pipespec.language.json_ import json_spans, load_json

    doc = load_json(source.text, source.path)
    spans: list[SpanMap] = []

    def locate(where: tuple[Any, ...]) -> Span:  # the span scan is slow on huge documents: only for the error
        if not spans:
            spans.append(json_spans(source.text, source.path))
        found = spans[0]
        while where and where not in found:
            where = where[:-1]
        return found.get(where) or Span(source.path, 1, 1)

    prescan.check_document(doc, locate, limits)  # JSON's stages and edges: counted in the document (fast)
    return doc, json_spans(source.text, source.path)


def load_source(source: Source, limits: Limits = DEFAULT_LIMITS, schema: bool = True) -> Pipeline:
    """Pre-scan, parse, validate (YAML/JSON: the schema) and build; every problem is a located InputError."""
    return _load(source, limits, schema)[0]


def load_with_comments(source: Source, limits: Limits = DEFAULT_LIMITS) -> tuple[Pipeline, Comments]:
    """The pipeline and the source's comments, attached to their owners (pipespec.language.comments), for the
    writers that keep them (``pipespec fmt`` and ``convert``)."""
    from pipespec.language.comments import collect  # only fmt and convert read comments

    p, doc, spans = _load(source, limits, True)
    return p, collect(source.text, doc, spans, source.format)


def _load(source: Source, limits: Limits, schema: bool) -> tuple[Pipeline, Any, SpanMap]:
    try:
        # every limit, before the parsers (which would hit some late or not at all)
        prescan.check_text(source.text, source.path, source.format, source.size, limits)
        doc, spans = _parse(source, limits)
        if schema and source.format != "dsl":
            from pipespec.language.schema import validate_schema

            validate_schema(doc, spans, source.path)
        from pipespec.language.build import build

        return build(doc, spans, source.path, limits, source.format), doc, spans
    except RecursionError:
        raise LimitError(Diagnostic("PS112", f"input nested too deeply to read{limits.option('max-depth', limits.max_depth)}",
                                    Span(source.path, 1, 1))) from None
    except InputError as exc:
        first = exc.diagnostics[0] if exc.diagnostics else None
        if first is None or first.code not in ("PS101", "PS102"):
            raise
        other = _reads_as(source, limits)
        if other is None:
            raise
        hint = f"; this looks like {FORMAT_NAMES[other]}, not {FORMAT_NAMES[source.format]}: " + (
            f"give its format as {other}" if source.path.startswith("<")  # text with no file name (the API's)
            else f"rename it to {FORMAT_SUFFIX[other]} or pass --from {other}")
        exc.diagnostics[0] = first._replace(message=first.message + hint)
        raise


FORMAT_NAMES = {"dsl": "the DSL", "yaml": "YAML", "json": "JSON"}
FORMAT_SUFFIX = {"dsl": ".pipe", "yaml": ".yaml", "json": ".json"}


def _reads_as(source: Source, limits: Limits) -> str | None:
    """The other format a text that failed in its own reads cleanly in, as a pipeline document (a mapping with a
    ``pipeline`` title), or None. Only on the error path: each try is a pre-scan and a parse."""
    for fmt in FORMATS:
        if fmt == source.format or (fmt == "yaml" and source.text.lstrip().startswith(("{", "["))):
            continue  # broken JSON may still be YAML (a flow mapping): it was meant as JSON
        if fmt == "json" and source.format == "yaml":
            continue  # JSON text is YAML and reads the same: its errors are its own
        other = source._replace(format=fmt)
        try:
            prescan.check_text(other.text, other.path, fmt, other.size, limits)
            doc, _ = _parse(other, limits)
        except (InputError, RecursionError, ValueError, TypeError):
            continue
        if isinstance(doc, dict) and isinstance(doc.get("pipeline"), str):
            return fmt
    return None


def load_text(text: str, path: str = "<string>", fmt: str | None = None,
              limits: Limits = DEFAULT_LIMITS, schema: bool = True) -> Pipeline:
    """Load text already in memory; ``fmt`` None: detected from the path's suffix, else from the text."""
    return load_source(source_from_text(text, path, fmt, limits), limits, schema)


def load_path(path: str, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Pipeline:
    """Read and load a file; ``fmt`` None: detected from the path's suffix, else from the text."""
    return load_source(read_source(path, fmt, limits), limits)


def validate_model(p: Pipeline, limits: Limits = DEFAULT_LIMITS) -> None:
    """Check a :class:`Pipeline` built by hand (not read from text) as the builder checks a document: names,
    duplicate stages, inputs from undefined stages, attribute names and the type of every value.

    The model is written out as a document and built again, so it meets exactly the checks a file meets; a problem
    raises a :class:`~pipespec.errors.ModelFailure` located at the stage's span when the model carries one.
    """
    from pipespec.errors import ModelFailure
    from pipespec.language.build import build
    from pipespec.language.writer import to_document

    where = Span(p.source, 1, 1)
    if not isinstance(p.stages, tuple | list) or not all(isinstance(s, Stage) for s in p.stages):
        raise ModelFailure(Diagnostic("PS102", "Pipeline.stages must be a tuple of Stage objects", where))
    try:
        doc = to_document(p)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ModelFailure(Diagnostic("PS102", f"not a valid pipeline model: {exc}", where)) from None
    spans: SpanMap = {(): p.span if p.span != Span() else where}
    for i, stage in enumerate(p.stages):
        if stage.span != Span():
            spans[("stages", i)] = stage.span
    build(doc, spans, p.source, limits)
