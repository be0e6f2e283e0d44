"""The renderer registry: one name -> one module, one signature, imported only when its format is asked for."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

from pipespec.batch import check_paths
from pipespec.render import CHECK_FORMATS, RENDERER_BY_NAME, RenderOptions, render, renderer
from pipespec.report import Report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "metrics-e3" / "example-2.yaml"


@pytest.mark.parametrize("name", sorted(RENDERER_BY_NAME))
def test_every_renderer_has_the_one_signature(name: str) -> None:
    fn = renderer(name)
    params = list(inspect.signature(fn).parameters)
    assert params == ["report", "options"], (name, params)
    assert fn is import_module(RENDERER_BY_NAME[name]).render


def test_check_formats_are_registered_and_unknown_names_are_refused() -> None:
    assert set(CHECK_FORMATS) <= set(RENDERER_BY_NAME) and "html" not in CHECK_FORMATS
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        renderer("pdf")


def test_json_renderer_writes_the_report_dictionary() -> None:
    report = Report(check_paths([str(EXAMPLE)]))
    doc = json.loads(render(report, "json"))
    assert doc == json.loads(json.dumps(report.to_dict()))
    assert doc["files"][0]["conditions"]["5"]["verdict"] == "yes"


def test_base_option_makes_paths_relative_to_it() -> None:
    report = Report(check_paths([str(ROOT / "tests" / "data" / "batch" / "misclassified.pipe")]))
    github = render(report, "github", RenderOptions(base=str(ROOT / "tests" / "data")))
    assert "file=batch/misclassified.pipe," in github
    sarif = json.loads(render(report, "sarif", RenderOptions(base=str(ROOT / "tests"))))
    assert sarif["runs"][0]["artifacts"][0]["location"]["uri"] == "data/batch/misclassified.pipe"


_PROBE = """
import sys
from pipespec.cli import main
code = main(["check", {path!r}, "--format", {fmt!r}])
heavy = sorted(m for m in sys.modules if m.startswith(("pipespec.render.", "jsonschema", "html")))
print("MODULES", " ".join(heavy), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_check_of_one_file_imports_only_its_own_renderer(fmt: str) -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(path=str(EXAMPLE), fmt=fmt)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stderr.splitlines() if x.startswith("MODULES"))
    loaded = set(line.split()[1:])
    own = RENDERER_BY_NAME[fmt]
    assert own in loaded, loaded
    others = {RENDERER_BY_NAME[n] for n in RENDERER_BY_NAME if n != fmt}
    assert not loaded & others, loaded & others
    assert "pipespec.render.svg" not in loaded and "pipespec.render.graph" not in loaded
    assert not any(m == "jsonschema" or m.startswith("jsonschema.") for m in loaded), loaded
    assert not any(m == "html" or m.startswith("html.") for m in loaded), loaded
