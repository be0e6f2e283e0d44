"""JSON Schema validation of YAML/JSON documents (schema/pipeline.schema.json), located at the offending node."""

from __future__ import annotations

import functools
from typing import Any

from pipespec.errors import ECHO_LIMIT, Diagnostic, SchemaFailure, Span
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


def _cut_instance(error: Any) -> str:
    """jsonschema's message with the value it echoes (a list or mapping written out in full, which has spaces, so
    Diagnostic's own cut of long quoted values and space-free runs does not see it) cut to ECHO_LIMIT characters."""
    message = str(error.message)
    if isinstance(error.instance, (list, dict)):
        shown = repr(error.instance)
        if len(shown) > ECHO_LIMIT and message.startswith(shown):
            message = shown[:ECHO_LIMIT] + "\u2026" + shown[-1] + message[len(shown):]
    return message


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
    # the errors of each offending node (each unknown key its own), grouped in one pass
    by_node: dict[tuple[Any, ...], list[Any]] = {}
    for err in errors:
        key_error = _is_key_error(err)
        by_node.setdefault((tuple(err.absolute_path), key_error, err.instance if key_error else None), []).append(err)
    diags: list[Diagnostic] = []
    for node in sorted(by_node, key=lambda n: (tuple(str(x) for x in n[0]), n[1], str(n[2]))):
        # one diagnostic per offending node: the best match among that node's errors
        same = by_node[node]
        best = _specific(best_match(same) or same[0])
        where = tuple(best.absolute_path)
        best.message = _in_words(best)
        if where and where[-1] == "weights_from" and isinstance(best.instance, list):
            best.message = "'weights_from' takes one stage (its name), not a list"
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
        key_error = _is_key_error(best)
        if key_error:
            what = where[-1] if where else ""
            where = where + (best.instance,)
            best.message = (f"unknown item '{best.instance}'; expected item1 .. item30" if what == "assess" else
                            f"unknown condition '{best.instance}'; expected condition1 .. condition5")
        # a key's error is located at the key, a value's at the value
        span = spans.get(where + ("value",)) if best.validator != "additionalProperties" and not key_error else None
        span = span or spans.get(where)
        p = where
        while span is None and p:
            p = p[:-1]
            span = spans.get(p)
        pointer = "/" + "/".join(str(x) for x in where)
        diags.append(Diagnostic("PS102", f"{_cut_instance(best)} (at {pointer})", span or Span(path, 1, 1)))
    diags.sort(key=lambda d: (d.span.line, d.span.column))
    raise SchemaFailure(diags)


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a text", "integer": "a whole number",
               "number": "a number", "boolean": "true/false", "null": "nothing"}


def _is_key_error(err: Any) -> bool:
    """An error about a mapping key (a ``propertyNames`` pattern): its instance is the key itself."""
    return "propertyNames" in err.schema_path and isinstance(err.instance, str)


def _fits(schema: Any, value: Any) -> bool:
    """Whether ``value`` has a type ``schema`` takes (its content aside)."""
    if not isinstance(schema, dict):
        return True
    kinds = schema.get("type")
    if kinds is not None:
        py = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
        wanted = kinds if isinstance(kinds, list) else [kinds]
        for k in wanted:
            if k in ("integer", "number"):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    return True
            elif isinstance(value, py.get(k, object)):
                return True
        return False
    branches = schema.get("anyOf", schema.get("oneOf"))
    return any(_fits(b, value) for b in branches) if isinstance(branches, list) else True


def _specific(err: Any) -> Any:
    """Of an ``anyOf``/``oneOf`` failure, the branch whose type the value has (what the author meant)."""
    from jsonschema.exceptions import best_match

    # best_match may have descended into a branch of another type: go back up to the choice
    while err.parent is not None and err.parent.validator in ("anyOf", "oneOf") and not _fits(err.schema,
                                                                                            err.instance):
        err = err.parent
    while err.validator in ("anyOf", "oneOf") and err.context:
        branches = err.validator_value
        typed = [e for e in err.context if e.relative_schema_path
                 and isinstance(e.relative_schema_path[0], int) and e.relative_schema_path[0] < len(branches)
                 and _fits(branches[e.relative_schema_path[0]], err.instance)]
        if not typed:
            return err
        err = best_match(typed) or typed[0]
    return err


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        written = getattr(value, "text", None)  # a number keeps its source text: 1e3, not 1000.0
        return written if isinstance(written, str) and len(written) <= 40 else str(value)
    text = str(value)
    return f"'{text if len(text) <= 60 else text[:57] + '...'}'"


def _types(schema: Any) -> list[str]:
    """The kinds of value a schema takes, in words."""
    if not isinstance(schema, dict):
        return []
    if "enum" in schema:
        return _choices(schema["enum"])
    if "const" in schema:
        return [str(schema["const"])]
    kinds = schema.get("type")
    if isinstance(kinds, str):
        return [_TYPE_WORDS.get(kinds, kinds)]
    if isinstance(kinds, list):
        return [_TYPE_WORDS.get(str(k), str(k)) for k in kinds]
    out: list[str] = []
    branches: Any = schema.get("anyOf", schema.get("oneOf")) or []
    for branch in branches:
        out += [t for t in _types(branch) if t not in out]
    return out


def _choices(values: Any) -> list[str]:
    """Allowed values in words, case variants (yes, Yes, YES) shown once."""
    out: list[str] = []
    for v in values:
        word = _shown(v).strip("'")
        if word.lower() not in [o.lower() for o in out]:
            out.append(word)
    return out


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _in_words(err: Any) -> str:
    """jsonschema's message in the author's words: no Python lists, no regular expressions, no schema jargon."""
    v, value = err.validator, err.instance
    if v == "enum":
        choices = _choices(err.validator_value)
        from pipespec.vocab import did_you_mean

        hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
        return f"{_shown(value)} is not allowed here; expected {_or(choices)}{hint or ''}"
    if v == "const":
        return f"{_shown(value)} is not allowed here; expected {_shown(err.validator_value)}"
    if v == "type":
        wanted = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return f"expected {_or([_TYPE_WORDS.get(str(t), str(t)) for t in wanted])}, not {_shown(value)}"
    if v == "required":
        missing = [k for k in err.validator_value if isinstance(value, dict) and k not in value]
        return f"missing key '{missing[0]}'" if missing else "a required key is missing"
    if v in ("anyOf", "oneOf"):
        kinds = _types(err.schema)
        return f"expected {_or(kinds)}, not {_shown(value)}" if kinds else f"{_shown(value)} is not allowed here"
    if v == "pattern":
        title = err.schema.get("title") if isinstance(err.schema, dict) else None
        return f"{_shown(value)} is not a valid {title or 'value'} here"
    if v == "minLength":
        return "an empty text is not allowed here"
    if v in ("minItems", "maxItems"):
        return f"a list of {err.validator_value} or {'more' if v == 'minItems' else 'fewer'} items is expected"
    if v == "additionalProperties" and isinstance(value, dict):
        known = set(err.schema.get("properties", {})) if isinstance(err.schema, dict) else set()
        extra = [k for k in value if k not in known]
        if extra:
            return f"unknown key '{extra[0]}'"
    return str(err.message)
