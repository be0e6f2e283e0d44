"""The engine under a configuration: findings as a configuration leaves them, whatever it names."""

from __future__ import annotations

import json

import pytest

from pipespec.analysis.engine import analyse
from pipespec.analysis.results import Config
from pipespec.language import load_text
from pipespec.model import Pipeline


def _pipeline(architecture: str) -> Pipeline:
    doc = {"pipeline": "t", "stages": [
        {"name": "scan", "kind": "input", "modality": "MR", "form": "image3d"},
        {"name": "net", "kind": "model", "architecture": architecture, "task": "classification", "from": ["scan"]},
        {"name": "y", "kind": "output", "task": "classification", "from": ["net"]}]}
    return load_text(json.dumps(doc), "t.json")


# a known name; an unknown one (V101 quotes it); one whose escaped separator makes the quoted name long enough that
# cutting the made-safe message a second time would cut it shorter
@pytest.mark.parametrize("architecture", ["ResNet-50", "MysteryNet", "a" * 198 + "\u2028"])
def test_a_configuration_that_names_no_finding_leaves_each_as_it_was(architecture: str) -> None:
    p = _pipeline(architecture)
    plain = analyse(p, None).findings
    configured = analyse(p, Config(severity={"L101": "info"}, disable=frozenset({"L102"}))).findings
    assert configured == plain
    assert [f.message for f in configured] == [f.message for f in plain]


def test_a_configured_severity_changes_that_finding_only() -> None:
    p = _pipeline("MysteryNet")
    plain = analyse(p, None).findings
    assert "V101" in {f.code for f in plain}
    configured = analyse(p, Config(severity={"V101": "info"})).findings
    assert [tuple(f) for f in configured] == [
        tuple("info" if name == "severity" and f.code == "V101" else value for name, value in zip(f._fields, f))
        for f in plain]
    assert [f.code for f in analyse(p, Config(disable=frozenset({"V101"}))).findings] == [
        f.code for f in plain if f.code != "V101"]
