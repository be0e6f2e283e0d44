"""Checking a file leaves no reference cycles behind: a batch's garbage is freed as each file's check ends, and the
cyclic collector, which walks every live object, has nothing to find (a YAML file once left some 250 objects in a
cycle through its reader's recursive converter, most of a batch's collection time)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import pipespec
from pipespec.checker import check_text
from pipespec.language.writer import write

ROOT = Path(__file__).resolve().parent.parent.parent
DSL = (ROOT / "examples" / "nnunet-pyradiomics-lasso.pipe").read_text(encoding="utf-8")


def _cyclic_garbage(text: str, fmt: str, n: int = 20) -> int:
    check_text(text, f"spec.{fmt}", fmt)  # imports and caches made once
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        for k in range(n):
            check_text(text, f"spec{k}.{fmt}", fmt)
        return gc.collect()
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("fmt", ["dsl", "yaml", "json"])
def test_checking_a_file_leaves_no_reference_cycles(fmt: str) -> None:
    text = DSL if fmt == "dsl" else write(pipespec.load(DSL), fmt)
    assert _cyclic_garbage(text, fmt) < 20  # fewer than one object a file: nothing a file leaves
