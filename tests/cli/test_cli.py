"""The command line: exit codes, located one-line errors with carets, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E3 = ROOT / "examples" / "metrics-e3"


def run(*args: str, cwd: Path = ROOT, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipespec", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, input=stdin, timeout=120)


def test_check_clean_example_exits_0_and_explains_condition5() -> None:
    out = run("check", str(E3 / "example-2.pipe"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "#5 end-to-end deep learning  YES" in out.stdout
    assert "path: us -> seg -> node -> cnn -> metastasis" in out.stdout


def test_check_misclassified_example_exits_1_with_caret() -> None:
    out = run("check", str(ROOT / "examples" / "fused-handcrafted-deep.pipe"))
    assert out.returncode == 1
    line = next(x for x in out.stdout.splitlines() if " C501 " in x)
    assert line.startswith(str(ROOT / "examples" / "fused-handcrafted-deep.pipe") + ":17:11: C501 ")
    lines = out.stdout.splitlines()
    i = lines.index(line)
    assert lines[i + 1].strip().startswith("17 |") and lines[i + 2].strip().endswith("^~~~~~~~~~")


@pytest.mark.parametrize("content,code", [
    (b"", "PS101"),
    (b"\x00\x01\x02binary", "PS100"),
    (b'pipeline "x" {\n  input a: CT\xff\n}\n', "PS100"),
    (b'pipeline "x" {\n  input a XR\n}\n', "PS101"),
    (b"{not json", "PS101"),
])
def test_bad_inputs_are_one_located_line_and_exit_2(tmp_path: Path, content: bytes, code: str) -> None:
    suffix = ".json" if content.startswith(b"{") else ".pipe"
    f = tmp_path / f"bad{suffix}"
    f.write_bytes(content)
    out = run("check", str(f))
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    first = out.stdout.splitlines()[0]
    assert first.startswith(f"{f}:") and f": {code} " in first, first


def test_missing_file_and_directory_are_input_errors(tmp_path: Path) -> None:
    out = run("check", str(tmp_path / "nope.pipe"))
    assert out.returncode == 2 and "PS100 no such file" in out.stdout
    (tmp_path / "empty").mkdir()
    out = run("check", str(tmp_path / "empty"))
    assert out.returncode == 2 and "holds no pipeline files" in out.stdout


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.pipe").write_text("garbage")
    (tmp_path / "b.pipe").write_text((E3 / "example-3.pipe").read_text())
    out = run("check", "--format", "json", str(tmp_path))
    import json

    doc = json.loads(out.stdout)
    assert out.returncode == 2
    assert [f["status"] for f in doc["files"]] == ["input-error", "pass"]


def test_usage_errors_exit_2_without_traceback() -> None:
    out = run("check")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    out = run("frobnicate")
    assert out.returncode == 2


def test_explain_and_rules() -> None:
    out = run("explain", "c501")
    assert out.returncode == 0
    for heading in ("What it checks", "Why it matters", "Example that triggers it", "Fix", "METRICS-E3"):
        assert heading in out.stdout
    out = run("explain", "C5O1")
    assert out.returncode == 2 and "did you mean 'C501'" in out.stderr
    out = run("rules")
    assert out.returncode == 0 and "D501" in out.stdout and "C507" in out.stdout


def test_test_command_reports_each_expectation_and_a_summary(tmp_path: Path) -> None:
    out = run("test", str(ROOT / "examples"))
    assert out.returncode == 0
    assert out.stdout.strip().splitlines()[-1].endswith("0 failed")
    wrong = tmp_path / "w.pipe"
    wrong.write_text((E3 / "example-6.pipe").read_text().replace("expect condition5 = no", "expect condition5 = yes"))
    out = run("test", str(wrong))
    assert out.returncode == 1 and "FAIL" in out.stdout and out.stdout.strip().endswith("3 passed, 1 failed")


def test_fmt_check_and_write(tmp_path: Path) -> None:
    f = tmp_path / "p.pipe"
    f.write_text((E3 / "example-3.pipe").read_text().replace("  input ", "  input    "))
    assert run("fmt", "--check", str(f)).returncode == 1
    assert run("fmt", "--write", str(f)).returncode == 0
    assert run("fmt", "--check", str(f)).returncode == 0


def test_convert_round_trip_through_files(tmp_path: Path) -> None:
    y = tmp_path / "p.yaml"
    j = tmp_path / "p.json"
    assert run("convert", str(E3 / "example-4.pipe"), "-o", str(y)).returncode == 0
    assert run("convert", str(y), "-o", str(j)).returncode == 0
    back = run("convert", str(j), "--to", "dsl")
    assert back.returncode == 0
    assert "JSON has no comments" in run("convert", str(y), "-o", str(j)).stderr
    bare = run("fmt", str(E3 / "example-4.pipe")).stdout  # JSON dropped the comments
    assert back.stdout == "\n".join(line.split("  #")[0] for line in bare.splitlines()
                                    if not line.startswith("#")) + "\n"
    via_yaml = run("convert", str(y), "--to", "dsl")  # YAML carried them
    assert via_yaml.returncode == 0 and via_yaml.stdout == bare


def test_fmt_keeps_comments(tmp_path: Path) -> None:
    f = tmp_path / "c.pipe"
    f.write_text('# top\npipeline "t" {  # title\n  # before a\n  input a: CT image3d  # trailing\n\n'
                 '  model m: CNN {\n    task: classification  # inside\n  }\n  output y: classification\n'
                 '  # about the flow\n  flow a -> m\n  flow m -> y  # second flow\n  declare condition5 = yes\n'
                 '  # last\n}\n# bottom\n')
    out = run("fmt", str(f)).stdout
    assert out == ('# top\npipeline "t" {  # title\n  # before a\n  input  a: CT image3d  # trailing\n\n'
                   '  model  m: CNN {\n      task: classification  # inside\n  }\n  output y: classification\n'
                   '  # about the flow\n  flow a -> m\n  flow m -> y  # second flow\n  declare condition5 = yes\n'
                   '  # last\n}\n# bottom\n')
    f.write_text(out)
    assert run("fmt", "--check", str(f)).returncode == 0


def test_output_is_written_atomically_and_only_there(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    out = run("check", "--format", "json", "-o", str(target), str(E3 / "example-1.pipe"), cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_fmt_trailing_comment_on_a_long_block_is_idempotent(tmp_path: Path) -> None:
    f = tmp_path / "t.pipe"
    long = ", ".join(f"description: \"{'x' * 60}\"" for _ in range(1))
    f.write_text(f'pipeline "t" {{\n  input a: CT image3d\n  model m: CNN {{ task: classification, {long} }}  '
                 '# trailing\n  output y: classification\n  flow a -> m -> y\n}\n')
    once = run("fmt", str(f)).stdout
    assert "# trailing" in once
    f.write_text(once)
    assert run("fmt", str(f)).stdout == once


def test_line_separators_inside_comments_do_not_move_comments(tmp_path: Path) -> None:
    f = tmp_path / "t.pipe"
    f.write_text('pipeline "t" {\n  # note \u2028 about ct\n  input ct: CT image3d  # the scan\n  model m: CNN\n'
                 '  output y: classification\n  flow ct -> m -> y\n}\n', encoding="utf-8")
    out = run("fmt", str(f)).stdout
    assert "# note \u2028 about ct\n  input  ct: CT image3d  # the scan\n" in out


def test_written_files_keep_their_mode(tmp_path: Path) -> None:
    f = tmp_path / "p.pipe"
    f.write_text((E3 / "example-3.pipe").read_text().replace("  input ", "  input    "))
    f.chmod(0o644)
    assert run("fmt", "--write", str(f)).returncode == 0
    assert f.stat().st_mode & 0o777 == 0o644
    out = tmp_path / "r.json"
    run("check", "--format", "json", "-o", str(out), str(f))
    assert out.stat().st_mode & 0o044  # readable by others under the usual umask


def test_a_limit_beyond_any_size_is_a_usage_error_not_a_crash() -> None:
    out = run("check", str(E3 / "example-2.pipe"), "--max-bytes", "9" * 30)
    assert out.returncode == 2 and "a limit must be at most" in out.stderr and "internal error" not in out.stderr


def test_a_dash_reads_standard_input() -> None:
    text = (E3 / "example-2.pipe").read_text(encoding="utf-8")
    out = run("check", "-", stdin=text)
    assert out.returncode == 0 and out.stdout.startswith("- — ") and "D501" in out.stdout
    assert run("fmt", "-", stdin=text).stdout == run("fmt", str(E3 / "example-2.pipe")).stdout
    assert run("fmt", "--write", "-", stdin=text).stdout == run("fmt", str(E3 / "example-2.pipe")).stdout
    assert not (ROOT / "-").exists()
    yaml_out = run("convert", "-", "--to", "yaml", stdin=text)
    assert yaml_out.returncode == 0 and "kind: model" in yaml_out.stdout


def test_the_program_runs_main_then_freezes_what_is_left_for_the_exit(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The console script and ``python -m pipespec`` run console_main: the collector less eager, main's exit
    status, then the objects still alive frozen (gc.freeze) so that the interpreter's last collection skips them."""
    import gc
    import tomllib

    from pipespec.cli import START_UP_GC_THRESHOLD, console_main

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"pipespec": "pipespec.cli:console_main"}
    assert "console_main()" in (ROOT / "pipespec" / "__main__.py").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["pipespec", "check", str(E3 / "example-1.pipe")])
    gc.unfreeze()
    threshold = gc.get_threshold()
    try:
        assert console_main() == 0
        assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == START_UP_GC_THRESHOLD > threshold[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
    assert "#5 end-to-end deep learning" in capsys.readouterr().out
