"""``record``: a frozen dataclass made cheaply at import.

``dataclasses.dataclass`` compiles every method it adds (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``, the four orderings) from generated source, one ``exec`` each, and the classes a
check imports spend most of the import time of the package there.  ``record`` lets ``dataclasses`` make the fields
(so ``dataclasses.fields``, ``replace`` and ``asdict`` work as for any dataclass) but compiles only ``__init__``;
the other methods are shared functions that read the class's field names, with the behaviour of the generated ones:
equality and ordering on the compared fields between instances of the same class, a hash of the same, a repr of
the repr fields, and no assignment or deletion (``dataclasses.FrozenInstanceError``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record"]

T = TypeVar("T")


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


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


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


def _init(cls: type, fields: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    """``__init__`` as dataclasses writes it for a frozen class (one compilation)."""
    names: dict[str, Any] = {"_FACTORY": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for f in fields:
        name = f.name
        if f.default is not dataclasses.MISSING:
            names["_d_" + name] = f.default
            value = f"_d_{name}"
        elif f.default_factory is not dataclasses.MISSING:
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
        body.append(f"_d[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    params = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({params}):\n    _d = self.__dict__\n" + "".join(f"    {line}\n" for line in body)
    local: dict[str, Any] = {}
    exec(source, names, local)  # noqa: S102 - source made above from the field names alone
    init: Callable[..., None] = local["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _make(cls: type[T], order: bool, kw_only: bool) -> type[T]:
    if not cls.__dict__.get("__doc__"):  # dataclasses would write the signature there (with inspect)
        cls.__doc__ = cls.__name__
    body_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    explicit_hash = not (body_hash is dataclasses.MISSING or (body_hash is None and "__eq__" in cls.__dict__))
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False, kw_only=kw_only)
    fields = list(dataclasses.fields(cls))  # type: ignore[arg-type]
    # static: a getter made for one field or none is a function, which an instance would bind
    cls._record_compare = staticmethod(_getter(tuple(f.name for f in fields if f.compare)))  # type: ignore[attr-defined]
    cls._record_hash = staticmethod(_getter(tuple(f.name for f in fields  # type: ignore[attr-defined]
                                                  if (f.compare if f.hash is None else f.hash))))
    cls._record_repr = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    methods: dict[str, Any] = {"__repr__": _repr, "__eq__": _eq, "__setattr__": _setattr, "__delattr__": _delattr}
    if order:
        methods.update(_ORDER)
    if "__init__" not in cls.__dict__:
        methods["__init__"] = _init(cls, fields)
    for name, method in methods.items():
        if name not in cls.__dict__:
            setattr(cls, name, method)
    if not explicit_hash:
        cls.__hash__ = _hash  # type: ignore[method-assign]
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, order: bool = False, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T] | None = None, /, *, order: bool = False,
           kw_only: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """``@dataclass(frozen=True)`` (with ``order`` and ``kw_only`` as there), made without compiling each method."""
    def wrap(c: type[T]) -> type[T]:
        return _make(c, order, kw_only)

    return wrap if cls is None else wrap(cls)
