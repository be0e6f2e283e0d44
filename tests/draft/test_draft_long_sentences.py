"""Drafting time grows linearly with a sentence's length, however many names one sentence holds."""

from __future__ import annotations

import time

import pytest

import pipespec
from pipespec.draft import NothingToDraft


@pytest.mark.parametrize("unit", ["LASSO SVM ", "recursive feature elimination with SVM, "])
def test_a_sentence_naming_thousands_of_selection_methods_and_models_is_drafted_in_linear_time(unit: str) -> None:
    # each model is tested as the estimator a selection method just before it wraps ("recursive feature elimination
    # with a support vector machine"); the nearest method was found by a scan of every method of the sentence for each
    # model, so 200 KB of one sentence took about 40 s. The bound is wide for a slow, shared machine
    text = "Methods\n\n" + unit * (200_000 // len(unit))
    started = time.perf_counter()
    try:
        pipespec.draft(text)
    except NothingToDraft:
        pass
    assert time.perf_counter() - started < 15
