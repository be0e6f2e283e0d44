# mypy: disable-error-code="misc"
"""A fast yes/no JSON Schema check for the subset of keywords schema/pipeline.schema.json uses.

jsonschema stays the judge: this compiles the schema once into nested closures that answer only "valid" (then
jsonschema is not needed, nor imported) or "not valid / not sure" (then jsonschema runs as before and produces
the diagnostics).  It must never call an invalid document valid, so it follows jsonschema's draft 2020-12
semantics exactly for the keywords it knows (type, enum and const equality, ``if``/``then``, ...), raises
:class:`Unsure` on a value type it does not model, and :func:`compile_schema` returns ``None`` for a schema with
any keyword it does not know, so that a change of the schema can only make checks slower, never wrong.
The test suite compares it with jsonschema on valid, invalid and hostile documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pipespec.language.lexicon import Quoted, SpelledFloat, SpelledInt

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default", "deprecated",
                "readOnly", "writeOnly"}
# numbers read from a file keep their source text (lexicon.SpelledInt/SpelledFloat): plain numbers here
# and texts the author quoted (lexicon.Quoted) plain texts
_PLAIN = (dict, list, str, int, float, bool, type(None), SpelledInt, SpelledFloat, Quoted)


class Unsure(Exception):
    """A value this checker does not model: ask jsonschema."""


class _Unsupported(Exception):
    pass


def _is_type(value: Any, name: str) -> bool:
    if type(value) not in _PLAIN:
        raise Unsure(type(value).__name__)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "number":
        return isinstance(value, (int, float))
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    raise _Unsupported(f"type {name}")


def _equal(a: Any, b: Any) -> bool:
    """jsonschema's equality for scalars (booleans are not numbers); containers are not modelled."""
    for v in (a, b):
        if type(v) not in (str, int, float, bool, type(None), SpelledInt, SpelledFloat, Quoted):
            raise Unsure("container in enum/const")
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return bool(a == b)


# the checks below are made as small closures that loop over their parts in the order the plain reading
# (``all(c(v) for c in checks)``) takes, stopping where it stops: an Unsure raised or not is then the same, and so is
# every answer (about 8x faster than generator expressions over lambdas: a YAML document is checked in about 20 us)
_SCALARS = frozenset({str, int, float, bool, type(None), SpelledInt, SpelledFloat, Quoted})
_PLAIN_TYPES = frozenset(_PLAIN)
_TYPES = {"object": (dict,), "array": (list,), "string": (str, Quoted), "boolean": (bool,), "null": (type(None),),
          "number": (int, float, SpelledInt, SpelledFloat), "integer": (int, SpelledInt)}


def _every(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    parts = tuple(checks)

    def every(v: Any) -> bool:
        for c in parts:
            if not c(v):
                return False
        return True

    return every


def _some(checks: list[Check]) -> Check:
    parts = tuple(checks)

    def some(v: Any) -> bool:
        for c in parts:
            if c(v):
                return True
        return False

    return some


def _type_check(names: tuple[str, ...]) -> Check:
    """``any(_is_type(v, n) for n in names)``: by the value's type (an integer-valued float is an integer)."""
    if not names:
        return lambda v: False
    accepted = frozenset(t for n in names for t in _TYPES[n])
    integral = "integer" in names and "number" not in names

    def of_type(v: Any) -> bool:
        t = type(v)
        if t in accepted:
            return True
        if t not in _PLAIN_TYPES:
            raise Unsure(t.__name__)
        return integral and (t is float or t is SpelledFloat) and v.is_integer()

    return of_type


def _texts_check(options: list[Any]) -> Check | None:
    """``any(_equal(v, o) for o in options)`` for options that are all plain texts (None: other options)."""
    if not options or any(type(o) is not str for o in options):
        return None
    texts = frozenset(options)

    def one_of(v: Any) -> bool:
        t = type(v)
        if t is str or t is Quoted:
            return v in texts
        if t not in _SCALARS:
            raise Unsure("container in enum/const")
        return False  # (a boolean, a number or null is never a text)

    return one_of


def compile_schema(schema: Any) -> Check | None:
    """A predicate ``valid(document)``, or ``None`` if the schema uses a keyword this module does not know."""
    defs: dict[str, Check] = {}

    def ref(pointer: str) -> Check:
        if not pointer.startswith("#/"):
            raise _Unsupported(pointer)
        if pointer not in defs:
            target: Any = schema
            for part in pointer[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target[int(part)] if isinstance(target, list) else target[part]
            defs[pointer] = lambda v: False  # placeholder for recursive references
            compiled = build(target)
            defs[pointer] = compiled
        return lambda v: defs[pointer](v)

    def build(s: Any) -> Check:  # noqa: C901 - one branch per keyword
        if s is True:
            return lambda v: True
        if s is False:
            return lambda v: False
        if not isinstance(s, dict):
            raise _Unsupported(repr(s))
        checks: list[Check] = []
        for key, arg in s.items():
            if key in _ANNOTATIONS:
                continue
            if key == "type":
                names = (arg,) if isinstance(arg, str) else tuple(arg)
                for n in names:
                    _is_type(None, n)  # unknown type names are unsupported
                checks.append(_type_check(names))
            elif key == "enum":
                options = list(arg)
                checks.append(_texts_check(options) or (lambda v, options=options: any(_equal(v, o) for o in options)))
            elif key == "const":
                checks.append(_texts_check([arg]) or (lambda v, c=arg: _equal(v, c)))
            elif key == "required":
                checks.append(lambda v, names=frozenset(arg): not isinstance(v, dict) or v.keys() >= names)
            elif key == "properties":
                checks.append(_properties({k: build(sub) for k, sub in arg.items()}))
            elif key == "additionalProperties":
                known = frozenset(s.get("properties", {}))
                if "patternProperties" in s:
                    raise _Unsupported("patternProperties")
                checks.append(_additional(known, build(arg)))
            elif key == "propertyNames":
                names_ok = build(arg)
                checks.append(lambda v, ok=names_ok: not isinstance(v, dict) or _all_of(ok, v))
            elif key == "items":
                if "prefixItems" in s:
                    raise _Unsupported("prefixItems")
                item = build(arg)
                checks.append(lambda v, item=item: not isinstance(v, list) or _all_of(item, v))
            elif key == "minLength":
                checks.append(lambda v, n=arg: not isinstance(v, str) or len(v) >= n)
            elif key == "maxLength":
                checks.append(lambda v, n=arg: not isinstance(v, str) or len(v) <= n)
            elif key == "pattern":
                rx = re.compile(arg)
                checks.append(lambda v, rx=rx: not isinstance(v, str) or rx.search(v) is not None)
            elif key == "allOf":
                checks.append(_every([build(x) for x in arg]) if arg else (lambda v: True))
            elif key == "anyOf":
                checks.append(_some([build(x) for x in arg]))
            elif key == "if":
                cond = build(arg)
                then = build(s["then"]) if "then" in s else None
                other = build(s["else"]) if "else" in s else None
                checks.append(lambda v, cond=cond, then=then, other=other: (
                    (then is None or then(v)) if cond(v) else (other is None or other(v))))
            elif key in ("then", "else"):
                continue  # with "if" (alone they do nothing)
            elif key == "$ref":
                checks.append(ref(arg))
            else:
                raise _Unsupported(key)
        if not checks:
            return lambda v: True
        return _every(checks)

    try:
        return build(schema)
    except (_Unsupported, KeyError, IndexError, ValueError, TypeError, re.error):
        return None


def _all_of(check: Check, values: Any) -> bool:
    for x in values:
        if not check(x):
            return False
    return True


def _properties(props: dict[str, Check]) -> Check:
    """``properties``: each of a mapping's keys that has a schema, in the mapping's order."""

    def properties(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, x in v.items():
            check = props.get(k)
            if check is not None and not check(x):
                return False
        return True

    return properties


def _additional(known: frozenset[str], extra: Check) -> Check:
    """``additionalProperties``: each of a mapping's values whose key is not in ``properties``, in order."""

    def additional(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, x in v.items():
            if k not in known and not extra(x):
                return False
        return True

    return additional


def is_valid(check: Check | None, document: Any) -> bool:
    """True only when ``check`` is sure the document is valid (False: invalid, unsure, or no fast check)."""
    if check is None:
        return False
    try:
        return check(document)
    except (Unsure, RecursionError):
        return False
