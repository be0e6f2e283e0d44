"""``record`` behaves as ``dataclass(frozen=True)``: construction, defaults, equality, hash, repr, order, frozen
fields, ``fields``/``replace``/``asdict``, ``__post_init__`` and keyword-only classes."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from typing import Any

import pytest

from pipespec import records
from pipespec.records import record


def pair(decorate: Any, field: Any) -> Any:
    @decorate
    class Thing:
        """A thing."""

        name: str
        size: int = 1
        tags: tuple[str, ...] = ()
        notes: list[str] = field(default_factory=list, hash=False)
        hidden: str = field(default="h", compare=False, repr=False)

    return Thing


Recorded, Reference = pair(record, records.field), pair(dataclass(frozen=True), dataclasses.field)


@pytest.mark.parametrize("args", [("a",), ("a", 2), ("a", 2, ("x",)), ("a", 2, (), ["n"], "other")])
def test_the_same_behaviour_as_a_frozen_dataclass(args: tuple[Any, ...]) -> None:
    r, d = Recorded(*args), Reference(*args)
    assert repr(r) == repr(d) and hash(r) == hash(d)
    assert records.asdict(r) == dataclasses.asdict(d)
    assert [(f.name, f.compare, f.repr) for f in records.fields(r)] == \
        [(f.name, f.compare, f.repr) for f in dataclasses.fields(d)]
    assert r == Recorded(*args) and hash(r) == hash(Recorded(*args))
    assert r != d and r != Recorded("zz")
    assert Recorded(*args[:1], hidden="x") == Recorded(*args[:1])  # not compared
    assert records.replace(r, size=5) == Recorded(args[0], 5, *args[2:]) == dataclasses.replace(r, size=5)
    assert r.__match_args__ == d.__match_args__
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.size = 3  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.size  # type: ignore[misc]
    assert Recorded("a").notes is not Recorded("a").notes  # a fresh default per instance
    assert pickle.loads(pickle.dumps(Span(2, 3))) == Span(2, 3)


@record(order=True)
class Span:
    line: int
    column: int = 1


def test_order_and_repr_of_an_ordered_record() -> None:
    assert sorted([Span(2, 1), Span(1, 5), Span(1, 2)]) == [Span(1, 2), Span(1, 5), Span(2, 1)]
    assert Span(1) <= Span(1) and Span(2) > Span(1, 9) and not Span(1) < Span(1)
    assert repr(Span(1, 2)) == "Span(line=1, column=2)"
    with pytest.raises(TypeError):
        assert Span(1) < (1, 1)  # type: ignore[operator]


def test_records_of_one_field_and_of_none() -> None:
    @record
    class One:
        value: int

    @record
    class Nothing:
        pass

    assert One(1) == One(1) and One(1) != One(2) and hash(One(1)) == hash(One(1)) and repr(One(3)).endswith(".One(value=3)")
    assert Nothing() == Nothing() and hash(Nothing()) == hash(Nothing())


def test_keyword_only_and_post_init() -> None:
    @record(kw_only=True)
    class Named:
        name: str
        size: int = 0

        def __post_init__(self) -> None:
            object.__setattr__(self, "name", self.name.strip())

    assert Named(name=" x ") == Named(name="x", size=0)
    with pytest.raises(TypeError):
        Named(" x ")  # type: ignore[misc]
    with pytest.raises(TypeError):
        Recorded()  # type: ignore[call-arg]


def test_a_mutable_record() -> None:
    @record(frozen=False)
    class Counter:
        name: str
        seen: list[str] = records.field(default_factory=list)

    c = Counter("a")
    c.seen.append("x")
    c.name = "b"
    assert c == Counter("b", ["x"]) and repr(c).endswith("Counter(name='b', seen=['x'])")
    with pytest.raises(TypeError):
        hash(c)
