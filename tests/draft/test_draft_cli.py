"""``pipespec draft`` on the command line: outputs, the JSON object and its schema, --check, exit codes, errors, and
that ``pipespec check`` imports none of the drafting code."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

from pipespec.cli import main
from tests.draft import paragraphs as P

ROOT = Path(__file__).resolve().parent.parent.parent


def run(args: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def validator() -> jsonschema.protocols.Validator:
    draft_schema = json.loads((ROOT / "schema" / "draft.schema.json").read_text(encoding="utf-8"))
    report_schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources([(report_schema["$id"], Resource.from_contents(report_schema))])
    return jsonschema.Draft202012Validator(draft_schema, registry=registry)


@pytest.fixture
def methods(tmp_path: Path) -> Path:
    f = tmp_path / "methods.md"
    f.write_text(P.RADIOMICS, encoding="utf-8")
    return f


def test_the_draft_goes_to_stdout_and_the_summary_to_stderr(methods: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["draft", str(methods)], capsys)
    assert code == 0
    assert out.startswith("# Drafted by pipespec draft") and "pipeline \"Drafted from methods.md\" {" in out
    assert "drafted 7 stages" in err and "stages:" in err and "facts METRICS needs" in err
    assert f"  seg (preprocessing): {methods}:" in err  # located in the document
    assert "inferred edges" in err


def test_output_file_and_check_follow_the_options(methods: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "draft.yaml"
    code, out, _ = run(["draft", str(methods), "-o", str(out_file), "--check", "--fail-on", "review"], capsys)
    assert code == 0  # every verdict decided, no error finding
    assert out_file.read_text(encoding="utf-8").count("# paragraph") > 5  # YAML from the suffix, comments kept
    assert "#5 end-to-end deep learning  NO" in out


def test_check_exit_codes_follow_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "methods.txt"
    f.write_text(P.UNSTATED_MODE, encoding="utf-8")  # Condition #2 is left to review
    assert run(["draft", str(f), "--check"], capsys)[0] == 0
    code, out, _ = run(["draft", str(f), "--check", "--fail-on", "review", "--format", "json"], capsys)
    assert code == 1 and json.loads(out[out.index("\n{") + 1:])["files"][0]["conditions"]["2"]["verdict"] == "review"


def test_the_json_object_has_the_documented_fields_and_validates(methods: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["draft", str(methods), "--format", "json", "--to", "json", "--check"], capsys)
    assert code == 0 and err == ""
    obj = json.loads(out)
    validator().validate(obj)
    assert set(obj) == {"spec", "format", "section", "text_sha256", "stages", "edges", "missing", "notes", "check"}
    assert obj["format"] == "json" and json.loads(obj["spec"])["stages"]
    assert obj["section"]["title"] == "Materials and methods"
    text = methods.read_text(encoding="utf-8")
    ev = obj["stages"]["seg"][0]
    assert text[ev["start"]:ev["end"]].replace("\n", " ") == ev["quote"]
    assert obj["check"]["files"][0]["conditions"]["5"]["verdict"] == "no"
    assert any(e["inferred"] for e in obj["edges"]) and any(not e["inferred"] for e in obj["edges"])


def test_json_specs_say_where_the_evidence_went(methods: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["draft", str(methods), "--to", "json"], capsys)
    assert code == 0 and json.loads(out)["pipeline"]
    assert "JSON has no comments: the evidence is in the --format json report only" in err


def test_standard_input_is_read(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run(["draft", "-"], capsys, P.END_TO_END.encode(), monkeypatch)
    assert code == 0 and "model         net: ResNet-34" in out and "<stdin>" in err


def test_no_pipeline_is_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "review.txt"
    f.write_text(P.NOTHING, encoding="utf-8")
    code, out, err = run(["draft", str(f)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no pipeline drafted" in err and "looked for" in err


@pytest.mark.parametrize(("setup", "expected"), [
    (lambda d: d / "missing.txt", "PS100 no such file"),
    (lambda d: d, "PS100 is a directory"),
])
def test_unreadable_documents_are_one_located_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   setup: object, expected: str) -> None:
    path = setup(tmp_path)  # type: ignore[operator]
    code, out, err = run(["draft", str(path)], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and expected in err and ":1:1:" in err


def test_a_document_format_without_the_extra_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipespec.draft import documents

    if "pdf" in documents._READERS:
        pytest.skip("the PDF reader is installed")
    f = tmp_path / "paper.pdf"
    f.write_bytes(b"%PDF-1.7\n")
    code, _, err = run(["draft", str(f)], capsys)
    assert code == 2 and err.count("\n") == 1 and 'pip install "pipespec[documents]"' in err


def test_check_imports_none_of_the_drafting_code() -> None:
    example = ROOT / "examples" / "fused-handcrafted-deep.pipe"
    code = (f"import sys; from pipespec.cli import main; main(['check', {str(example)!r}]);"
            "print(sorted(m for m in sys.modules if m.startswith(('pipespec.draft', 'pipespec.cli.draft', 'syntok'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.strip().splitlines()[-1]
    assert out == "[]"


def test_the_summary_says_a_text_was_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "methods.txt"
    path.write_bytes(P.RADIOMICS.encode("utf-8").replace(b"radiologist", b"radiolog\xeest"))  # an ISO 8859-1 byte
    code, out, err = run(["draft", str(path)], capsys)
    assert code == 0 and out.startswith("# Drafted by pipespec draft")
    assert f"{path}: the text is not UTF-8: it was read as Windows-1252" in err
