"""pipespec.language.fastschema never calls a document valid that jsonschema rejects, and recognises the valid ones."""

from __future__ import annotations

import copy
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from pipespec.language import fastschema, load_path
from pipespec.language.json_ import parse_json
from pipespec.language.writer import to_document
from pipespec.language.yaml_ import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "pipeline.schema.json").read_text(encoding="utf-8"))
JSONSCHEMA = Draft202012Validator(SCHEMA)
FAST = fastschema.compile_schema(SCHEMA)


def agree(doc: Any) -> bool:
    """fast says valid => jsonschema finds no error; returns the fast answer."""
    fast = fastschema.is_valid(FAST, doc)
    if fast:
        errors = list(JSONSCHEMA.iter_errors(doc))
        assert not errors, (doc, [e.message for e in errors])
    return fast


def documents() -> list[Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import gen
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    docs = [parse_yaml(gen.to_yaml(gen.typical_dsl(i)))[0] for i in range(30)]
    for p in sorted((ROOT / "examples").rglob("*")):
        if p.suffix in (".pipe", ".yaml", ".json"):
            docs.append(to_document(load_path(str(p))))
    return docs


def test_the_pipeline_schema_compiles() -> None:
    assert FAST is not None


def test_valid_documents_are_recognised() -> None:
    for doc in documents():
        assert not list(JSONSCHEMA.iter_errors(doc))
        assert agree(doc), doc


MUTATIONS: list[tuple[str, Any]] = [
    ("pipeline", ""), ("pipeline", 3), ("pipeline", None), ("stages", {}), ("stages", "x"), ("extra", 1),
    ("declare", {"condition5": "maybe"}), ("declare", {"condition9": "yes"}), ("declare", []),
    ("expect", {"condition1": True}), ("study", {"doi": [1]}), ("study", "x"), ("waive", [{"code": 1}]),
    ("waive", [{"justification": "x"}]), ("$schema", 5),
]
STAGE_MUTATIONS: list[tuple[str, Any]] = [
    ("kind", "modle"), ("kind", None), ("name", ""), ("name", 7), ("name", "x" * 300), ("from", 3), ("from", [1]),
    ("from", "a"), ("form", "image4d"), ("epochs", "many"), ("epochs", True), ("epochs", 2.5), ("task", 1),
    ("classes", "a"), ("classes", [[1]]), ("ops", 5), ("ops", [{"op": 1}]), ("ops", [{"mode": "manual"}]),
    ("ops", ["resample", {"op": "segmentation", "mode": [1]}]), ("unknown_attr", 1), ("corrected", "yes"),
    ("label", 1.5), ("feature_classes", ["glcm", 3]), ("modality", math.inf), ("training", "fine_tuned"),
]


def test_invalid_documents_are_never_called_valid() -> None:
    called_invalid = 0
    for doc in documents()[:12]:
        for key, value in MUTATIONS:
            d = copy.deepcopy(doc)
            d[key] = value
            called_invalid += not agree(d)
            d = copy.deepcopy(doc)
            d.pop(key, None)
            agree(d)
        for k in range(len(doc["stages"])):
            for key, value in STAGE_MUTATIONS:
                d = copy.deepcopy(doc)
                d["stages"][k][key] = value
                called_invalid += not agree(d)
                d = copy.deepcopy(doc)
                d["stages"][k].pop(key, None)
                agree(d)
    assert called_invalid > 100


@pytest.mark.parametrize("value", [1, 1.0, True, None, "s", [], {}, [1, "a"], {"a": {"b": []}}, math.nan, -math.inf,
                                   {"pipeline": "t", "stages": []}, {"pipeline": "t", "stages": [None]}])
def test_odd_values(value: Any) -> None:
    agree(value)


def test_values_it_does_not_model_go_to_jsonschema() -> None:
    class Odd(str):
        pass

    assert fastschema.is_valid(FAST, {"pipeline": Odd("t"), "stages": []}) is False
    assert fastschema.is_valid(None, {"pipeline": "t", "stages": []}) is False


def test_unknown_keywords_disable_the_fast_check() -> None:
    assert fastschema.compile_schema({"type": "object", "not": {"required": ["a"]}}) is None
    assert fastschema.compile_schema({"$ref": "other.json#/x"}) is None
    assert fastschema.compile_schema({"type": "decimal"}) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["input", "model", "output", "preprocessing", "feature_extraction", "yes", "no", "image2d",
                       "classification", "condition5", "name", "kind", "from", "ops", "op", "mode", "manual"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["pipeline", "stages", "name", "kind", "from", "ops", "op", "mode", "form", "declare",
                         "condition5", "epochs", "x"]) | st.text(max_size=4), children, max_size=5),
    max_leaves=25)


@settings(max_examples=300)
@given(json_values)
def test_arbitrary_values_agree(value: Any) -> None:
    agree(value)


@settings(max_examples=200)
@given(st.integers(0, 29), st.data())
def test_mutated_valid_documents_agree(i: int, data: st.DataObject) -> None:
    doc = documents_cache()[i % len(documents_cache())]
    d = copy.deepcopy(doc)
    stage = data.draw(st.integers(0, len(d["stages"]) - 1))
    key = data.draw(st.sampled_from(sorted({k for s in d["stages"] for k in s} | {"x", "ops", "from"})))
    d["stages"][stage][key] = data.draw(json_values)
    agree(d)


_DOCS: list[Any] = []


def documents_cache() -> list[Any]:
    if not _DOCS:
        _DOCS.extend(documents())
    return _DOCS


def test_json_front_end_documents_agree() -> None:
    for doc in documents()[:5]:
        text = json.dumps(doc)
        assert agree(parse_json(text)[0])
