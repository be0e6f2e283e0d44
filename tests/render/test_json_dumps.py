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


# verdicts (as pipespec.report.verdict_dict gives them) are written from their known keys; any other value in
# their places, or another shape, is written by the generic walk: the text is json.dumps's either way
texts = st.text(max_size=6)
odd = st.none() | st.booleans() | st.integers() | texts | st.lists(texts, max_size=2) | st.tuples(texts)
stage_lists = st.lists(texts, max_size=3)


def keyed(*names: str) -> Any:
    """A dict of the ``names`` in this order, from a tuple of their values."""
    return lambda values: dict(zip(names, values))


good_evidence = st.tuples(stage_lists, st.lists(stage_lists, max_size=3), texts).map(keyed("stages", "paths", "note"))
odd_evidence = st.tuples(stage_lists | st.tuples(texts) | odd, st.lists(stage_lists | odd, max_size=3) | odd,
                         texts | odd).map(keyed("stages", "paths", "note"))
evidence = st.one_of(good_evidence, good_evidence, good_evidence, odd_evidence, values,
                     st.fixed_dictionaries({"note": texts, "paths": st.just([]), "stages": stage_lists}))
verdicts = st.tuples(
    st.one_of(texts, texts, texts, odd), st.one_of(st.none(), texts, texts, odd), texts,
    st.one_of(texts, texts, texts, odd), st.none() | texts, texts,
    st.one_of(st.lists(good_evidence, max_size=3), st.lists(good_evidence, max_size=3),
              st.lists(evidence, max_size=3), odd),
).map(keyed("verdict", "declared", "rule", "reason", "cause", "question", "evidence"))


@given(st.dictionaries(st.sampled_from(["1", "2", "5"]), verdicts, max_size=3), st.integers(0, 3))
def test_verdicts_are_the_same_text_as_json_dumps(conditions: dict[str, Any], depth: int) -> None:
    value: Any = {"conditions": conditions}
    for _ in range(depth):
        value = [value] if depth % 2 else {"files": value}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_verdict_of_the_report_is_written_from_its_keys() -> None:
    from pipespec.render import common

    verdict = {"verdict": "yes", "declared": None, "rule": "D501", "reason": "r \u2028 \"q\"", "cause": "e2e",
               "question": "Q?", "evidence": [{"stages": ["cnn"], "paths": [["ct", "cnn", "out"], []], "note": ""},
                                             {"stages": [], "paths": [], "note": "n"}]}
    text = common._verdict_text(verdict, "\n    ")
    assert text is not None and "\n" + text.lstrip("\n") == "\n" + json.dumps(verdict, indent=2).replace(
        "\n", "\n    ").replace("\\u2028", "\u2028")
    assert dumps_indented({"c": verdict}) == json.dumps({"c": verdict}, indent=2, ensure_ascii=False)
