"""pipespec.language.attributes (what the builder accepts) and schema/pipeline.schema.json (what editors and the
YAML/JSON validation see) name the same attributes for every stage kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipespec.language.attributes import ATTRIBUTES, KEY_ALIASES
from pipespec.model import KINDS

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema" / "pipeline.schema.json")
                    .read_text(encoding="utf-8"))


def schema_keys(kind: str) -> set[str]:
    for branch in SCHEMA["properties"]["stages"]["items"]["allOf"]:
        if branch["if"]["properties"]["kind"]["const"] == kind:
            return set(branch["then"]["properties"]) - {"name", "kind", "from"}
    raise AssertionError(f"no schema branch for {kind}")


@pytest.mark.parametrize("kind", KINDS)
def test_the_builder_and_the_schema_take_the_same_attributes(kind: str) -> None:
    # the schema also takes the other spellings of a key that the builder accepts (network: for tool:)
    assert set(ATTRIBUTES[kind]) | set(KEY_ALIASES.get(kind, {})) == schema_keys(kind)
