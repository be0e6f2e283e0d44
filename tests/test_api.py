"""The Python API: pipespec.load / pipespec.check, the exception hierarchy, and the typed package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipespec
from pipespec import errors
from pipespec.language.writer import format_dsl, to_json, to_yaml
from pipespec.model import Pipeline

ROOT = Path(__file__).resolve().parent.parent
E2E = ('pipeline "Knee" {\n  input knee: XR image2d\n  model net: ResNet-34 { task: regression }\n'
       "  output age: regression\n  flow knee -> net -> age\n  declare condition5 = yes\n}\n")


def test_load_text_path_and_pathlike_give_one_model(tmp_path: Path) -> None:
    """pipespec.load takes the text, a str path or an os.PathLike, in any front end, and returns one model."""
    p = pipespec.load(E2E)
    assert isinstance(p, Pipeline) and [s.name for s in p.stages] == ["knee", "net", "age"]
    for suffix, text in ((".pipe", E2E), (".yaml", to_yaml(p)), (".json", to_json(p))):
        f = tmp_path / f"k{suffix}"
        f.write_text(text, encoding="utf-8")
        assert pipespec.load(f) == p
        assert pipespec.load(str(f)) == p
        assert pipespec.load(text) == p
    assert pipespec.load(to_yaml(p), format="yaml") == p


def test_check_returns_the_report_of_the_json_output(tmp_path: Path) -> None:
    """pipespec.check(model | path) returns the report object: verdicts, findings, and to_dict() with the
    same data as one file of `pipespec check --format json --no-config`."""
    f = tmp_path / "k.pipe"
    f.write_text(E2E, encoding="utf-8")
    report = pipespec.check(str(f))
    assert report.conditions[5].verdict == "yes"
    assert pipespec.check(pipespec.load(f)).conditions == report.conditions
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pipespec", "check", "--format", "json", "--no-config",
                           "--fail-on", "never", str(f)], capture_output=True, text=True, env=env, timeout=60)
    assert json.loads(proc.stdout)["files"][0] == report.to_dict()


@pytest.mark.parametrize("text, exc", [
    ("", errors.SyntaxFailure),
    ('pipeline "x" {\n', errors.SyntaxFailure),
    ("pipeline: x\nstages: 3\n", errors.SchemaFailure),
    ('pipeline "x" {\n  model a: CNN\n  flow b -> a\n}\n', errors.ModelFailure),
    ("[" * 1000 + "]" * 1000, errors.LimitError),
])
def test_input_errors_are_one_hierarchy_with_diagnostics(text: str, exc: type[errors.InputError]) -> None:
    """Exceptions are one documented hierarchy: every input problem is an InputError subclass (itself a
    PipespecError) carrying located diagnostics."""
    with pytest.raises(exc) as info:
        pipespec.load(text)
    assert isinstance(info.value, errors.InputError) and isinstance(info.value, errors.PipespecError)
    assert info.value.diagnostics and all(d.span.line >= 1 for d in info.value.diagnostics)
    assert str(info.value).startswith("<string>:")


def test_read_errors(tmp_path: Path) -> None:
    """A path that cannot be read is a ReadError (an InputError), never an OSError or UnicodeDecodeError."""
    missing = tmp_path / "missing.pipe"
    with pytest.raises(errors.ReadError):
        pipespec.load(missing)
    binary = tmp_path / "b.pipe"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(errors.ReadError):
        pipespec.check(binary)
    with pytest.raises(errors.ReadError):
        pipespec.load(tmp_path)


def test_check_of_an_invalid_graph_raises_model_failure() -> None:
    """pipespec.check(model) of a hand-built pipeline with a cycle raises ModelFailure, not a KeyError."""
    from pipespec.model import Stage

    p = Pipeline("c", (Stage("a", "model", ("b",), (("architecture", "CNN"),)),
                       Stage("b", "model", ("a",), (("architecture", "CNN"),))))
    with pytest.raises(errors.ModelFailure):
        pipespec.check(p)


def test_wrong_arguments_are_type_and_value_errors() -> None:
    """Programming errors are TypeError/ValueError, distinct from input errors."""
    with pytest.raises(TypeError):
        pipespec.load(b"pipeline")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        pipespec.load(E2E, format="toml")


def test_package_is_typed_and_lazy() -> None:
    """The package ships py.typed, and `import pipespec` does not import the parsers or hypothesis."""
    assert (Path(pipespec.__file__).parent / "py.typed").exists()
    code = ("import sys, pipespec; bad = [m for m in ('lark', 'yaml', 'jsonschema', 'hypothesis') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.strip()
    assert out == "[]"


def test_format_dsl_output_is_accepted_by_load() -> None:
    """The API composes: format_dsl of a loaded model loads back to the same model."""
    p = pipespec.load(E2E)
    assert pipespec.load(format_dsl(p)) == p
