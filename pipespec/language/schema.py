"""JSON Schema validation of YAML/JSON documents (schema/pipeline.schema.json), located at the offending node."""

from __future__ import annotations

import functools
from typing import Any

from pipespec.errors import Diagnostic, SchemaFailure, Span
from pipespec.language import fastschema
from pipespec.language.lexicon import SpanMap


@functools.cache
def _schema() -> Any:
    import json

    from pipespec.resources import resource_path

    return json.loads(resource_path("schema", "pipeline.schema.json").read_text(encoding="utf-8"))


@functools.cache
def validator() -> Any:
    """jsonschema's validator of the schema (imported only when a document is not plainly valid)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema())


@functools.cache
def fast_check() -> fastschema.Check | None:
    """pipespec.language.fastschema's yes/no check of the same schema (``None``: the schema is beyond it)."""
    return fastschema.compile_schema(_schema())


def validate_schema(doc: Any, spans: SpanMap, path: str) -> None:
    """Validate against schema/pipeline.schema.json; the best-matching error, located at its node.

    A valid document is recognised by pipespec.language.fastschema (a compiled yes/no check, 10x faster, jsonschema not
    even imported); anything else goes through jsonschema, which alone makes the diagnostics.
    """
    if fastschema.is_valid(fast_check(), doc):
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
                    from pipespec.vocab import did_you_mean

                    hint = did_you_mean(str(extra[0]), sorted(known))
                    if hint:
                        best.message = f"unknown key '{extra[0]}'{hint}"
        if best.validator == "required" and isinstance(best.instance, dict):
            from pipespec.language.attributes import KEY_HINTS

            missing = [k for k in best.validator_value if k not in best.instance]
            hinted = [k for k in best.instance if missing and KEY_HINTS.get(str(k)) == missing[0]]
            if hinted:
                where = where + (hinted[0],)
                best.message = f"unknown key '{hinted[0]}'; did you mean '{missing[0]}'?"
        if "propertyNames" in best.schema_path and isinstance(best.instance, str):
            where = where + (best.instance,)
            best.message = f"unknown condition '{best.instance}'; expected condition1 .. condition5"
        span = spans.get(where + ("value",)) if best.validator != "additionalProperties" else None
        span = span or spans.get(where)
        p = where
        while span is None and p:
            p = p[:-1]
            span = spans.get(p)
        pointer = "/" + "/".join(str(x) for x in where)
        message = best.message if len(best.message) < 200 else best.message[:197] + "..."
        diags.append(Diagnostic("PS102", f"{message} (at {pointer})", span or Span(path, 1, 1)))
    diags.sort(key=lambda d: (d.span.line, d.span.column))
    raise SchemaFailure(diags)
