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
