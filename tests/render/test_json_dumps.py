"""The JSON report's indenting encoder writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec.render.common import dumps_indented

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@given(values)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_cannot_hold_is_json_dumps_error() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"a": [1, object()]})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): 3})


@given(values)
def test_the_same_text_without_json_c_encoder(value: Any) -> None:
    from pipespec.render import common

    saved = dict(common._FLAT)
    common._FLAT.clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(common, "c_make_encoder", None)
        try:
            assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
        finally:
            common._FLAT.clear()
            common._FLAT.update(saved)


def test_runs_of_scalars_between_nested_values_are_indented_as_json_does() -> None:
    value = {"a": 1, "b": [1, [2, {"c": None, "d": [], "e": {}}], "x"], "f": {"g": [True, 1.5, "\u2028"]}, "h": "z"}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps_indented([value, [], {}, 3]) == json.dumps([value, [], {}, 3], indent=2, ensure_ascii=False)


@pytest.mark.parametrize("text", ["plain ascii", "del \x7f here", "line\u2028sep", "caf\u00e9", "bidi \u202e x",
                                  "c1 \x85", "lone \udc80"])
def test_a_report_escapes_what_must_not_reach_a_screen_raw(text: str) -> None:
    from pipespec.render.common import dump_json

    out = dump_json({"t": text})
    assert json.loads(out) == {"t": text}
    assert not any(ch in out for ch in "\x7f\x85\u2028\u202e\udc80")
    assert ("\u00e9" in out) == ("\u00e9" in text)  # other non-ASCII text is kept as is
