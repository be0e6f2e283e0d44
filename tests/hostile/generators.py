"""Generators of hostile inputs, by size (the tests measure growth between ``n`` and ``2n``)."""

from __future__ import annotations

import time
from collections.abc import Callable


def digit_run_model(n: int) -> str:
    """A model name with a long digit run, then a letter (the version-suffix lookup)."""
    return f'pipeline "t" {{\n  input x: CT image3d\n  model net: a{"1" * n}x\n  output y: classification\n' \
           "  flow x -> net -> y\n}\n"


def escaped_quotes_dsl(n: int) -> str:
    """An unterminated DSL string full of ``\\"`` (the pre-scan's string pattern)."""
    return 'pipeline "t" {\n  input x: CT image3d { label: "' + '\\"' * n + "\n}\n"


def escaped_quotes_json(n: int) -> str:
    """An unterminated JSON string full of ``\\"``."""
    return '{"pipeline": "' + '\\"' * n


def bad_attributes_yaml(n: int) -> str:
    """``n`` stages with five schema errors each."""
    lines = ["pipeline: t", "stages:"]
    for i in range(n):
        lines += [f"  - name: s{i}", "    kind: input", "    modality: 1", "    form: 2", "    a1: 1", "    a2: 2",
                  "    a3: 3"]
    return "\n".join(lines) + "\n"


def bad_attributes_json(n: int) -> str:
    import json

    stages = [{"name": f"s{i}", "kind": "input", "modality": 1, "form": 2, "a1": 1, "a2": 2, "a3": 3}
              for i in range(n)]
    return json.dumps({"pipeline": "t", "stages": stages})


def alias_bomb_yaml(n: int, copies: int = 1000) -> str:
    """One long string aliased into many stages: few nodes, a huge expanded size (every key is a valid one, so the
    whole document would be built)."""
    lines = ["pipeline: t", "stages:", "  - name: i", "    kind: input", "    modality: CT", "    form: image3d",
             f"    description: &a \"{'x' * n}\""]
    lines += [f"  - {{name: i{k}, kind: input, modality: CT, form: image3d, description: *a}}" for k in range(copies)]
    return "\n".join(lines) + "\n"


def long_unknown_name_yaml(n: int, copies: int = 1000) -> str:
    """An unknown (very long) name aliased into many model stages."""
    lines = ["pipeline: t", "stages:", "  - name: i", "    kind: input", "    modality: CT", "    form: image3d"]
    lines += ["  - name: m0", "    kind: model", f"    architecture: &n \"{'q' * n}\"", "    from: i"]
    for k in range(1, copies):
        lines += [f"  - name: m{k}", "    kind: model", "    architecture: *n", "    from: i"]
    return "\n".join(lines) + "\n"


def deep_flow_yaml(n: int) -> str:
    """YAML flow sequences nested ``n`` deep."""
    return "pipeline: t\nstages: " + "[" * n + "]" * n + "\n"


def dense_from_dsl(stages: int, fan_in: int) -> str:
    """``stages`` models, each reading from ``fan_in`` inputs through a ``from`` list."""
    lines = ['pipeline "t" {']
    lines += [f"  input i{k}: CT image3d" for k in range(fan_in)]
    sources = ", ".join(f"i{k}" for k in range(fan_in))
    lines += [f"  model m{k}: CNN from {sources}" for k in range(stages)]
    lines += ["}"]
    return "\n".join(lines) + "\n"


def elapsed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def growth(make: Callable[[int], str], run: Callable[[str], object], n: int, rounds: int = 5) -> tuple[float, float]:
    """(t(n), t(2n)) of ``run`` on ``make(n)`` and ``make(2 n)``, best of ``rounds`` each, interleaved (in one run,
    so that a busy machine slows both alike)."""
    import gc

    small, large = make(n), make(2 * n)
    run(small)  # warm caches and lazy imports
    t1 = t2 = float("inf")
    gc.collect()
    gc.disable()  # the collector's passes grow with everything the test session holds, not with this input
    try:
        for _ in range(rounds):
            t1 = min(t1, elapsed(lambda: run(small)))
            t2 = min(t2, elapsed(lambda: run(large)))
    finally:
        gc.enable()
    return t1, t2
