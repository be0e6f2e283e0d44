"""``record``: the dataclasses of the package, made cheaply at import.

``dataclasses.dataclass`` compiles every method it adds (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``, the four orderings) from generated source, one ``exec`` each, and imports
``inspect`` (with ``ast``, ``dis`` and ``tokenize``): for the classes a check imports, that was half the import time
of the package.  ``record`` compiles only ``__init__``; the other methods are shared functions that read the
class's field names, with the behaviour of the generated ones: equality and ordering on the compared fields between
instances of the same class, a hash of the same (frozen records; a mutable one is unhashable, as a dataclass with
``eq``), a repr of the repr fields, and for a frozen record no assignment or deletion
(``dataclasses.FrozenInstanceError``).  ``field``, ``fields``, ``replace`` and ``asdict`` are the counterparts of
the ``dataclasses`` functions; ``__dataclass_fields__`` is set too, so ``dataclasses.replace`` works on a record.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["Field", "asdict", "field", "fields", "record", "replace"]

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a record (the attributes of ``dataclasses.Field`` that records use)."""

    __slots__ = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare", "kw_only",
                 "_field_type")

    def __init__(self, default: Any, default_factory: Any, init: bool, repr: bool, hash: bool | None,
                 compare: bool, kw_only: Any):
        self.name = ""
        self.type: Any = None
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.hash, self.compare, self.kw_only = init, repr, hash, compare, kw_only
        self._field_type = "field"  # what dataclasses.replace reads (neither a class variable nor an InitVar)

    def __repr__(self) -> str:
        return f"Field(name={self.name!r}, default={self.default!r}, compare={self.compare})"


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True, repr: bool = True,
          hash: bool | None = None, compare: bool = True, kw_only: Any = MISSING) -> Any:
    """As ``dataclasses.field``."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, kw_only)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    return tuple(obj.__record_fields__)


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record ``obj`` with ``changes`` (as ``dataclasses.replace``)."""
    for f in obj.__record_fields__:  # type: ignore[attr-defined]
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be specified with replace()")
        elif f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def asdict(obj: Any) -> Any:
    """The record as nested plain data (as ``dataclasses.asdict``)."""
    if hasattr(type(obj), "__record_fields__"):
        return {f.name: asdict(getattr(obj, f.name)) for f in obj.__record_fields__}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[asdict(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((asdict(k), asdict(v)) for k, v in obj.items())
    import copy

    return copy.deepcopy(obj)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the named attributes (a tuple for one name or none too, as the generated methods compare)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = self._record_compare
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_hash(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_repr)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_error(message: str) -> Exception:
    import dataclasses  # only on this error path: a check never imports it

    return dataclasses.FrozenInstanceError(message)


def _setattr(self: Any, name: str, value: Any) -> None:
    raise _frozen_error(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise _frozen_error(f"cannot delete field {name!r}")


def _order(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            key = self._record_compare
            return op(key(self), key(other))
        return NotImplemented
    return compare


_ORDER = {"__lt__": _order(lambda a, b: a < b), "__le__": _order(lambda a, b: a <= b),
          "__gt__": _order(lambda a, b: a > b), "__ge__": _order(lambda a, b: a >= b)}
_FACTORY = object()  # the default of a parameter whose field has a default factory


def _fields(cls: type, kw_only: bool) -> list[Field]:
    """The fields the class body declares (annotations in order; ``ClassVar`` ones are not fields), defaults taken
    off the class as dataclasses does (a default stays a class attribute, a factory's field is removed)."""
    out: list[Field] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        if text.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        f = value if isinstance(value, Field) else Field(value, MISSING, True, True, None, True, MISSING)
        if isinstance(f.default, (list, dict, set)):
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: "
                             "use default_factory")
        f.name, f.type = name, annotation
        if f.kw_only is MISSING:
            f.kw_only = kw_only
        if isinstance(value, Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        out.append(f)
    return out


def _init(cls: type, fields: list[Field], frozen: bool) -> Callable[..., None]:
    """``__init__`` as dataclasses writes it (one compilation)."""
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        name = f.name
        if f.default is not MISSING:
            names["_d_" + name] = f.default
            value = f"_d_{name}"
        elif f.default_factory is not MISSING:
            names["_f_" + name] = f.default_factory
            value = "_FACTORY"
            if f.init:
                body.append(f"if {name} is _FACTORY: {name} = _f_{name}()")
            else:
                value = f"_f_{name}()"
        else:
            value = ""
        if not f.init:
            if value:
                body.append(f"_d[{name!r}] = {value}")
            continue
        (keyword if f.kw_only else positional).append(name + ("=" + value if value else ""))
        body.append(f"_d[{name!r}] = {name}" if frozen else f"self.{name} = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}):\n    _d = self.__dict__\n" + "".join(f"    {line}\n" for line in body)
    local: dict[str, Any] = {}
    exec(source, names, local)  # noqa: S102 - source made above from the field names alone
    init: Callable[..., None] = local["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _make(cls: type[T], frozen: bool, order: bool, kw_only: bool) -> type[T]:
    body_hash = cls.__dict__.get("__hash__", MISSING)
    explicit_hash = not (body_hash is MISSING or (body_hash is None and "__eq__" in cls.__dict__))
    fields = _fields(cls, kw_only)
    cls.__record_fields__ = tuple(fields)  # type: ignore[attr-defined]
    cls.__dataclass_fields__ = {f.name: f for f in fields}  # type: ignore[attr-defined]
    cls.__match_args__ = tuple(f.name for f in fields if f.init and not f.kw_only)  # type: ignore[attr-defined, misc]
    # static: a getter made for one field or none is a function, which an instance would bind
    cls._record_compare = staticmethod(_getter(tuple(f.name for f in fields if f.compare)))  # type: ignore[attr-defined]
    cls._record_hash = staticmethod(_getter(tuple(f.name for f in fields  # type: ignore[attr-defined]
                                                  if (f.compare if f.hash is None else f.hash))))
    cls._record_repr = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    methods: dict[str, Any] = {"__repr__": _repr, "__eq__": _eq}
    if frozen:
        methods.update({"__setattr__": _setattr, "__delattr__": _delattr})
    if order:
        methods.update(_ORDER)
    if "__init__" not in cls.__dict__:
        methods["__init__"] = _init(cls, fields, frozen)
    for name, method in methods.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    if not explicit_hash:
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]
    if not cls.__dict__.get("__doc__"):
        cls.__doc__ = cls.__name__
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = True, order: bool = False, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = True, order: bool = False,
           kw_only: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """``@dataclass(frozen=True)`` (``frozen=False`` for a mutable one; ``order`` and ``kw_only`` as there), made
    without compiling each method."""
    def wrap(c: type[T]) -> type[T]:
        return _make(c, frozen, order, kw_only)

    return wrap if cls is None else wrap(cls)

